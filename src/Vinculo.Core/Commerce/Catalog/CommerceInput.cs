using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Core.Storage;
using Vinculo.Domain.Commerce;

namespace Vinculo.Core.Commerce.Catalog;

/// <summary>Checks shared by the catalogue, contract and order use cases: amounts, currencies, enum text, free text.</summary>
internal static class CommerceInput
{
    public const string DefaultCurrency = "EUR";
    public const int MaxReasonLength = 1000;

    /// <summary>
    /// An amount of money: at least zero, at most four decimals, storable. Null input is an error only when
    /// <paramref name="required"/>.
    /// </summary>
    public static decimal? Amount(decimal? value, string field, ValidationErrors errors, bool required = false)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add(field, "Required.");
            }

            return null;
        }

        if (value < 0)
        {
            errors.Add(field, "Must be zero or more.");
            return null;
        }

        if (!Money4.IsStorable(value.Value))
        {
            errors.Add(field, "At most 4 decimals and at most 922,337,203,685 in amount.");
            return null;
        }

        return value;
    }

    /// <summary>An ISO 4217 code: three letters, upper-cased; blank gives <see cref="DefaultCurrency"/>.</summary>
    public static string Currency(string? value, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return DefaultCurrency;
        }

        var code = value.Trim().ToUpperInvariant();
        if (!CommerceMath.IsCurrencyCode(code))
        {
            errors.Add(field, "Use a three-letter ISO 4217 currency code such as EUR.");
        }

        return code;
    }

    public static T Enum<T>(string? text, string field, T fallback, ValidationErrors errors, bool required = false) where T : struct, Enum =>
        CustomerInputMapper.ParseEnum(text, field, fallback, errors, required);

    public static T? OptionalEnum<T>(string? text, string field, ValidationErrors errors) where T : struct, Enum =>
        string.IsNullOrWhiteSpace(text) ? null : CustomerInputMapper.ParseEnum(text, field, default(T), errors);

    public static string? Text(string? value, string field, int max, ValidationErrors errors, bool required = false)
    {
        var text = CustomerInputMapper.Text(value, field, max, errors);
        if (text is null && required)
        {
            errors.Add(field, "Required.");
        }

        return text;
    }

    /// <summary>A moment given by the client, in UTC, truncated to what both databases keep.</summary>
    public static DateTime Moment(DateTime value) => Timestamps.Truncate(value.Kind == DateTimeKind.Unspecified
        ? DateTime.SpecifyKind(value, DateTimeKind.Utc)
        : value.ToUniversalTime());

    public static DateTime Now(TimeProvider clock) => Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);

    /// <summary>A date too far from now to be a mistake-free entry (before 1970 or more than a year ahead).</summary>
    public static void CheckRange(DateTime value, DateTime now, string field, ValidationErrors errors, bool allowFuture)
    {
        if (value < new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc))
        {
            errors.Add(field, "Too far in the past.");
        }
        else if (!allowFuture && value > now.AddMinutes(5))
        {
            errors.Add(field, "Cannot be in the future.");
        }
        else if (value > now.AddYears(1))
        {
            errors.Add(field, "At most one year ahead.");
        }
    }

    /// <summary>A keyset cursor over (time, id), as the lists newest-first use.</summary>
    public static string TimeCursor(DateTime at, long id) => Cursor.Encode(string.Create(
        System.Globalization.CultureInfo.InvariantCulture, $"{Timestamps.ToMicroseconds(at)}:{id}"));

    public static (DateTime At, long Id)? ReadTimeCursor(string? cursor, ValidationErrors errors)
    {
        if (Cursor.TryDecode(cursor) is not { } raw)
        {
            return null;
        }

        var parts = raw.Split(':');
        if (parts.Length == 2
            && long.TryParse(parts[0], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var micros)
            && long.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            && micros > -62_135_596_800_000_000 && micros < 253_402_300_800_000_000)
        {
            return (Timestamps.FromMicroseconds(micros), id);
        }

        errors.Add("cursor", "The cursor is not valid; use the nextCursor of a previous page.");
        return null;
    }

    public static void CheckVersion(long current, long? expected, string what)
    {
        if (expected is not null && expected != current)
        {
            throw new PreconditionFailedException(
                $"The {what} was changed by someone else (version {current}, you sent {expected}). Reload it and try again.");
        }
    }
}
