using System.Globalization;
using Microsoft.Extensions.Localization;
using Vinculo.Domain.Commerce;
using Vinculo.Web.Components.Shared;

namespace Vinculo.Web.Components.Commerce.Catalog;

/// <summary>Display text of the catalogue, contract and order pages: statuses, messages and dates in the UI language.</summary>
public static class SalesText
{
    /// <summary>A plain number for an input's value (the form posts it back in the invariant format).</summary>
    public static string Invariant(decimal amount) => amount.ToString("0.####", CultureInfo.InvariantCulture);

    public static string OrderStatus(this IStringLocalizer c, OrderStatus value) => c[$"OrderStatus.{value}"];

    public static string ContractStatus(this IStringLocalizer c, ContractStatus value) => c[$"ContractStatus.{value}"];

    public static string BillingPeriod(this IStringLocalizer c, BillingPeriod value) => c[$"BillingPeriod.{value}"];

    public static string ChangeKind(this IStringLocalizer c, ContractChangeKind value) => c[$"ChangeKind.{value}"];

    /// <summary>A message from the use cases in the UI language: these pages' resources first, then the shared ones.</summary>
    public static string Message(IStringLocalizer c, IStringLocalizer shared, string message)
    {
        var own = c[message];
        return own.ResourceNotFound ? shared[message] : own;
    }

    /// <summary>Local midnight of <paramref name="date"/> in <paramref name="zone"/>, as UTC.</summary>
    public static DateTime StartOfDay(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // A zone that skips midnight (a daylight-saving change at 00:00) starts the day an hour later.
        return TimeZoneInfo.ConvertTimeToUtc(zone.IsInvalidTime(local) ? local.AddHours(1) : local, zone);
    }

    /// <summary>The date of <paramref name="utc"/> in <paramref name="zone"/>.</summary>
    public static DateOnly LocalDate(DateTime utc, TimeZoneInfo zone) => DateOnly.FromDateTime(UserTime.ToLocal(utc, zone));
}
