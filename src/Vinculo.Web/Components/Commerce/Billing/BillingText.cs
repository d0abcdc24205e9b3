using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using Vinculo.Core.Common;
using Vinculo.Domain.Commerce;
using Vinculo.Web.Components.Shared;

namespace Vinculo.Web.Components.Commerce.Billing;

/// <summary>Display text of the billing and after-sales pages: statuses, reasons, messages and form values.</summary>
public static partial class BillingText
{
    public static string InvoiceStatus(this IStringLocalizer b, InvoiceStatus status, Domain.Commerce.InvoiceKind kind) =>
        kind == Domain.Commerce.InvoiceKind.CreditNote ? b["InvoiceStatus.Applied"] : b[$"InvoiceStatus.{status}"];

    public static string InvoiceStatusClass(InvoiceStatus status, Domain.Commerce.InvoiceKind kind) => kind == Domain.Commerce.InvoiceKind.CreditNote
        ? "inv-applied"
        : "inv-" + EnumText.Camel(status);

    public static string InvoiceKind(this IStringLocalizer b, Domain.Commerce.InvoiceKind kind) => b[$"InvoiceKind.{kind}"];

    public static string PaymentMethod(this IStringLocalizer b, PaymentMethod method) => b[$"PaymentMethod.{method}"];

    public static string ReturnStatus(this IStringLocalizer b, ReturnStatus status) => b[$"ReturnStatus.{status}"];

    public static string ReturnReason(this IStringLocalizer b, ReturnReason reason) => b[$"ReturnReason.{reason}"];

    public static string WarrantyStatus(this IStringLocalizer b, WarrantyStatus status) => b[$"WarrantyStatus.{status}"];

    /// <summary>The verb of a workflow button: "Approve", "Mark received", ...</summary>
    public static string ReturnAction(this IStringLocalizer b, ReturnStatus to) => b[$"ReturnAction.{to}"];

    public static string WarrantyAction(this IStringLocalizer b, WarrantyStatus to) => b[$"WarrantyAction.{to}"];

    public static string Bucket(this IStringLocalizer b, AgingBucket bucket) => b[$"Bucket.{bucket}"];

    /// <summary>The query text of a bucket in the receivables filter.</summary>
    public static string BucketParameter(AgingBucket bucket) => bucket switch
    {
        AgingBucket.Days0To30 => "0-30",
        AgingBucket.Days31To60 => "31-60",
        AgingBucket.Days61To90 => "61-90",
        _ => "90+",
    };

    /// <summary>
    /// A message from the use cases (written in English) in the UI language: these pages' resources, then the shared ones, then
    /// the message templates with values in them ("The invoice still owes {0}; …"); otherwise the message as it came.
    /// </summary>
    public static string Message(IStringLocalizer b, IStringLocalizer shared, string message)
    {
        var own = b[message];
        if (!own.ResourceNotFound)
        {
            return own;
        }

        var common = shared[message];
        if (!common.ResourceNotFound)
        {
            return common;
        }

        foreach (var (template, pattern) in Templates)
        {
            var match = pattern.Match(message);
            if (match.Success)
            {
                var translated = b[template];
                if (translated.ResourceNotFound)
                {
                    break;
                }

                var values = match.Groups.Cast<Group>().Skip(1).Select(g => (object?)g.Value).ToArray();
                return string.Format(CultureInfo.CurrentCulture, translated.Value, values);
            }
        }

        return message;
    }

    /// <summary>Messages with values in them, as the use cases write them; their translations are keyed by the template.</summary>
    private static readonly (string Template, Regex Pattern)[] Templates = new[]
    {
        "The invoice still owes {0}; the payment cannot be more.",
        "At most what the invoice still owes: {0}.",
        "The invoice is {0}; only open invoices take payments.",
        "The payment must be in the invoice's currency ({0}).",
        "The invoice has {0} paid or credited; only an invoice with nothing settled can be cancelled.",
        "Invoice number {0} is already taken.",
        "An order's invoice is for the order's total ({0}); leave it empty.",
        "An order's invoice is in the order's currency ({0}).",
        "The order is already invoiced by {0}; cancel that invoice first.",
        "Only an open invoice can be credited; this one is {0}.",
        "Only {0} of the line's {1} units can still be returned.",
        "All {0} units of this line are already returned.",
        "At most the line's net amount for these units: {0}.",
        "The warranty expired on {0} ({1} months from the purchase on {2}).",
        "At most {0} characters.",
    }.Select(t => (t, new Regex("^" + Regex.Escape(t).Replace(@"\{0}", "(.+?)", StringComparison.Ordinal)
        .Replace(@"\{1}", "(.+?)", StringComparison.Ordinal).Replace(@"\{2}", "(.+?)", StringComparison.Ordinal) + "$",
        RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)))).ToArray();

    // ---- form values ----

    /// <summary>A plain number for an input's value (the form posts it back in the invariant format).</summary>
    public static string Invariant(decimal amount) => amount.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>
    /// An amount typed in a form: the invariant format a number input posts, or the UI culture's ("12,50"). Null when empty;
    /// the error is added when it is not a number.
    /// </summary>
    public static decimal? Amount(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        // A number input posts "12.5"; typed by hand a Spanish user writes "12,5".
        var trimmed = text.Trim();
        var invariant = trimmed.Contains(',', StringComparison.Ordinal) && !trimmed.Contains('.', StringComparison.Ordinal)
            ? trimmed.Replace(',', '.')
            : trimmed;
        if (decimal.TryParse(invariant, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || decimal.TryParse(trimmed, NumberStyles.Number, CultureInfo.CurrentCulture, out value))
        {
            return value;
        }

        errors[field] = ["Not a number."];
        return null;
    }

    public static int? Whole(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors[field] = ["Not a whole number."];
        return null;
    }

    /// <summary>A date input's value ("yyyy-MM-dd"); null when empty, the error added when malformed.</summary>
    public static DateOnly? Date(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors[field] = ["Not a date."];
        return null;
    }

    public static string DateValue(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Today in the user's time zone.</summary>
    public static DateOnly Today(TimeZoneInfo zone) => DateOnly.FromDateTime(UserTime.ToLocal(DateTime.UtcNow, zone));

    /// <summary>Local midnight of <paramref name="date"/> in <paramref name="zone"/>, as UTC.</summary>
    public static DateTime StartOfDay(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // A zone that skips midnight (a daylight-saving change at 00:00) starts the day an hour later.
        return TimeZoneInfo.ConvertTimeToUtc(zone.IsInvalidTime(local) ? local.AddHours(1) : local, zone);
    }

    /// <summary>The last second of <paramref name="date"/> in the user's zone, as UTC: what "due on that day" means.</summary>
    public static DateTime EndOfDay(DateOnly date, TimeZoneInfo zone) => StartOfDay(date.AddDays(1), zone).AddSeconds(-1);

    /// <summary>A past day as a moment: now when it is today, else noon of that day in the user's zone.</summary>
    public static DateTime MomentOf(DateOnly date, TimeZoneInfo zone) =>
        date == Today(zone) ? DateTime.UtcNow : StartOfDay(date, zone).AddHours(12);
}
