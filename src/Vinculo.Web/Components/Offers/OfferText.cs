using System.Globalization;
using Microsoft.Extensions.Localization;
using Vinculo.Core.Common;
using Vinculo.Core.Offers;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Offers;
using Vinculo.Web.Components.Shared;

namespace Vinculo.Web.Components.Offers;

/// <summary>Display text of the offer pages: statuses, kinds, unmet rules and the use cases' messages in the UI language.</summary>
public static class OfferText
{
    public static string Status(this IStringLocalizer<OfferResource> t, PromotionStatus status) => t[$"Status.{status}"];

    public static string Validity(this IStringLocalizer<OfferResource> t, PromotionValidity validity) => t[$"Validity.{validity}"];

    public static string Kind(this IStringLocalizer<OfferResource> t, NextBestActionKind kind) => t[$"Kind.{kind}"];

    public static string Response(this IStringLocalizer<OfferResource> t, PromotionResponseKind kind) => t[$"Response.{kind}"];

    public static string Format(this IStringLocalizer<OfferResource> t, string key, params object?[] args) =>
        string.Format(CultureInfo.CurrentCulture, t[key], args);

    public static string StatusClass(PromotionStatus status) => status switch
    {
        PromotionStatus.Active => "badge lifecycle-active",
        PromotionStatus.Paused => "badge badge-quiet",
        PromotionStatus.Ended => "badge lifecycle-former",
        _ => "badge badge-neutral",
    };

    /// <summary>A calendar date in the UI culture's short form.</summary>
    public static string Date(DateOnly date) => date.ToString("d", CultureInfo.CurrentCulture);

    /// <summary>The product's name in the UI language, with its SKU.</summary>
    public static string Product(ProductRef p) =>
        p.Sku.Length == 0 ? $"#{p.Id}" : $"{(Labels.Language == "en" ? p.NameEn : p.NameEs)} ({p.Sku})";

    /// <summary>One unmet eligibility rule as a sentence.</summary>
    public static string Rule(this IStringLocalizer<OfferResource> t, IStringLocalizer shared, RuleFailureDto f)
    {
        string Codes(IEnumerable<string> codes) => string.Join(", ", codes);
        string Channels(IEnumerable<string> codes) =>
            string.Join(", ", codes.Select(c => EnumText.TryParse<Channel>(c, out var ch) ? shared.Channel(ch) : c));
        var none = t["Rule.None"].Value;
        return f.Rule switch
        {
            EligibilityRule.NotActive => t.Format("Rule.NotActive",
                Enum.TryParse<PromotionStatus>(f.Actual, true, out var s) ? t.Status(s) : f.Actual),
            EligibilityRule.NotStarted => t.Format("Rule.NotStarted", IsoDate(f.Expected.FirstOrDefault())),
            EligibilityRule.Expired => t.Format("Rule.Expired", IsoDate(f.Expected.FirstOrDefault())),
            EligibilityRule.Channel => t.Format("Rule.Channel", Channels([f.Actual ?? ""]), Channels(f.Expected)),
            EligibilityRule.Segment => t.Format("Rule.Segment", f.Actual ?? none, Codes(f.Expected)),
            EligibilityRule.Tier => t.Format("Rule.Tier", f.Actual ?? none, Codes(f.Expected)),
            EligibilityRule.OwnsAll => t.Format("Rule.OwnsAll", string.Join(", ", f.Products.Select(Product))),
            EligibilityRule.OwnsAny => t.Format("Rule.OwnsAny", string.Join(", ", f.Products.Select(Product))),
            EligibilityRule.NotOwned => t.Format("Rule.NotOwned", string.Join(", ", f.Products.Select(Product))),
            _ => f.Rule.ToString(),
        };
    }

    /// <summary>
    /// A message of the use cases in the UI language: the known texts by their key in these resources, the messages
    /// about a list entry by the list they are about, then the shared resources, else the message as it came.
    /// </summary>
    public static string Message(IStringLocalizer<OfferResource> t, IStringLocalizer shared, string key, string message)
    {
        var own = t[message];
        if (!own.ResourceNotFound)
        {
            return own;
        }

        var list = key.Split('[')[0];
        if (key.Contains('[', StringComparison.Ordinal))
        {
            return list switch
            {
                "segments" => t["Error.UnknownSegment"],
                "tiers" => t["Error.UnknownTier"],
                "channels" => t["Error.UnknownChannel"],
                _ when message.Contains("both", StringComparison.Ordinal) => t["Error.RequiredAndExcluded"],
                _ => t["Error.UnknownProduct"],
            };
        }

        if (message.StartsWith("At most", StringComparison.Ordinal) && message.EndsWith("characters.", StringComparison.Ordinal))
        {
            return t.Format("Error.TooLong", new string([.. message.Where(char.IsAsciiDigit)]));
        }

        if (message.StartsWith("A promotion with the code", StringComparison.Ordinal))
        {
            return t["Error.CodeTaken"];
        }

        return shared[message];
    }

    private static string IsoDate(string? iso) =>
        DateOnly.TryParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? Date(d) : iso ?? "";
}
