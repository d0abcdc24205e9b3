using System.Globalization;
using Vinculo.Core.Common;
using Vinculo.Core.Storage;
using Vinculo.Domain.Commerce;

namespace Vinculo.Core.Commerce.Billing;

/// <summary>Checks shared by the billing and after-sales use cases: money, currencies, dates and keyset cursors.</summary>
internal static class BillingInputs
{
    /// <summary>A positive amount with at most four decimals; null (with the error added) otherwise.</summary>
    public static decimal? PositiveMoney(decimal? amount, string field, ValidationErrors errors, bool required = true)
    {
        if (amount is null)
        {
            if (required)
            {
                errors.Add(field, "Required: an amount greater than zero.");
            }

            return null;
        }

        if (!Money4.IsStorable(amount.Value))
        {
            errors.Add(field, "At most four decimals.");
            return null;
        }

        if (amount <= 0)
        {
            errors.Add(field, "Must be greater than zero.");
            return null;
        }

        return amount;
    }

    /// <summary>An ISO 4217 code (upper-cased); null when not given, the error added when malformed.</summary>
    public static string? Currency(string? text, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var code = text.Trim().ToUpperInvariant();
        if (!CommerceMath.IsCurrencyCode(code))
        {
            errors.Add(field, "A currency is a three-letter ISO 4217 code such as EUR.");
            return null;
        }

        return code;
    }

    /// <summary>A timestamp as UTC, truncated to the microseconds both databases keep.</summary>
    public static DateTime Utc(DateTime value) => Timestamps.Truncate(value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    });

    /// <summary>Refuses moments in the future (a few minutes of clock skew allowed).</summary>
    public static DateTime? NotFuture(DateTime? value, DateTime now, string field, ValidationErrors errors)
    {
        if (value is null)
        {
            return null;
        }

        var utc = Utc(value.Value);
        if (utc > now.AddMinutes(5))
        {
            errors.Add(field, "Cannot be in the future.");
        }
        else if (utc.Year < 1970)
        {
            errors.Add(field, "Too far in the past.");
        }

        return utc;
    }

    /// <summary>Decodes a "microseconds:id" keyset cursor.</summary>
    public static (DateTime At, long Id)? TimeCursor(string? cursor, ValidationErrors errors)
    {
        if (Cursor.TryDecode(cursor) is not { } raw)
        {
            return null;
        }

        var parts = raw.Split(':');
        if (parts.Length == 2 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var micros)
            && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var id))
        {
            return (Timestamps.FromMicroseconds(micros), id);
        }

        errors.Add("cursor", "The cursor is not valid; use the nextCursor of a previous page.");
        return null;
    }

    public static string EncodeTimeCursor(DateTime at, long id) =>
        Cursor.Encode($"{Timestamps.ToMicroseconds(at).ToString(CultureInfo.InvariantCulture)}:{id.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Money as people read it in logs and messages: "1,234.50 EUR" (invariant culture).</summary>
    public static string Show(decimal amount, string currency) =>
        $"{amount.ToString("#,0.00##", CultureInfo.InvariantCulture)} {currency}";
}
