using System.Globalization;
using Microsoft.Extensions.Localization;
using Vinculo.Core.Common;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;

namespace Vinculo.Web.Components.Shared;

/// <summary>Localized display text for the domain's enum values and a few shared formats.</summary>
public static class Labels
{
    /// <summary>"es" or "en": the UI language of the current request or circuit.</summary>
    public static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "es";

    public static string Channel(this IStringLocalizer l, Channel value) => l[$"Channel.{value}"];

    public static string Direction(this IStringLocalizer l, Direction value) => l[$"Direction.{value}"];

    public static string Moment(this IStringLocalizer l, JourneyMoment value) => l[$"Moment.{value}"];

    public static string Lifecycle(this IStringLocalizer l, Lifecycle value) => l[$"Lifecycle.{value}"];

    public static string Kind(this IStringLocalizer l, CustomerKind value) => l[$"Kind.{value}"];

    public static string ConsentPurpose(this IStringLocalizer l, ConsentPurpose value) => l[$"ConsentPurpose.{value}"];

    public static string ConsentStatus(this IStringLocalizer l, ConsentStatus value) => l[$"ConsentStatus.{value}"];

    public static string LanguageName(this IStringLocalizer l, string? code) =>
        code is "es" or "en" ? l[$"LanguageName.{code}"] : code ?? "";

    public static string Temperament(Temperament value) => TemperamentGuidance.Label(value, Language);

    /// <summary>A channel given as camelCase text (as in the timeline's counts), or the text itself when unknown.</summary>
    public static string ChannelText(this IStringLocalizer l, string camel) =>
        EnumText.TryParse<Channel>(camel, out var channel) ? l.Channel(channel) : camel;

    /// <summary>"4 min 20 s", "45 s", "1 h 5 min".</summary>
    public static string Duration(this IStringLocalizer l, int seconds)
    {
        var t = TimeSpan.FromSeconds(seconds);
        if (t.TotalHours >= 1)
        {
            return string.Format(CultureInfo.CurrentCulture, l["Duration.HoursMinutes"], (int)t.TotalHours, t.Minutes);
        }

        if (t.TotalMinutes >= 1)
        {
            return t.Seconds == 0
                ? string.Format(CultureInfo.CurrentCulture, l["Duration.Minutes"], t.Minutes)
                : string.Format(CultureInfo.CurrentCulture, l["Duration.MinutesSeconds"], t.Minutes, t.Seconds);
        }

        return string.Format(CultureInfo.CurrentCulture, l["Duration.Seconds"], t.Seconds);
    }

    /// <summary>
    /// A validation message from the use cases (written in English) in the UI language when the resources know
    /// it; otherwise the message as it came.
    /// </summary>
    public static string Message(this IStringLocalizer l, string message) => l[message];

    /// <summary>A localized format string applied to arguments in the current culture.</summary>
    public static string Format(this IStringLocalizer l, string key, params object?[] args) =>
        string.Format(CultureInfo.CurrentCulture, l[key], args);

    /// <summary>
    /// An amount with its currency in the UI culture's currency pattern: "1.234,56 €" in Spanish, "€1,234.56" in English.
    /// Four-decimal unit prices keep their extra digits ("0,001 £").
    /// </summary>
    public static string Money(decimal amount, string currency)
    {
        var format = (NumberFormatInfo)CultureInfo.CurrentCulture.NumberFormat.Clone();
        format.CurrencySymbol = CurrencySymbol(currency);
        var decimals = decimal.Round(amount, 2) == amount ? 2 : decimal.Round(amount, 3) == amount ? 3 : 4;
        format.CurrencyDecimalDigits = decimals;
        return amount.ToString("C", format);
    }

    private static string CurrencySymbol(string currency) => currency switch
    {
        "EUR" => "€",
        "GBP" => "£",
        "USD" => "US$",
        _ => currency,
    };
}
