using System.Globalization;
using Vinculo.Core.Common;

namespace Vinculo.Core.Service.Reports;

/// <summary>A calendar month of a time zone.</summary>
public readonly record struct ReportMonth(int Year, int Month)
{
    /// <summary><c>YYYY-MM</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:0000}-{Month:00}");

    /// <summary>Months since year 0: consecutive months have consecutive indexes.</summary>
    public int Index => Year * 12 + (Month - 1);

    public ReportMonth AddMonths(int months)
    {
        var index = Index + months;
        return new ReportMonth(index / 12, index % 12 + 1);
    }
}

/// <summary>
/// Report periods: months are calendar months of a time zone (UTC unless one is asked for), and a month's cases are those
/// whose <c>created_at</c> falls from its first local midnight (inclusive) to the next month's (exclusive), converted to UTC.
/// </summary>
public static class ReportPeriods
{
    /// <summary>Earliest month accepted.</summary>
    public static readonly ReportMonth First = new(2000, 1);

    /// <summary>Latest month accepted.</summary>
    public static readonly ReportMonth Last = new(2999, 12);

    /// <summary>The time zone named <paramref name="id"/> (UTC when blank), or null with an error on <paramref name="field"/>.</summary>
    public static TimeZoneInfo? Zone(string? id, ValidationErrors errors, string field = "timeZone")
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return TimeZoneInfo.Utc;
        }

        if (id.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone))
        {
            return zone;
        }

        errors.Add(field, "Unknown time zone; use an IANA id such as Europe/Madrid.");
        return null;
    }

    /// <summary>The zone's id as reported back ("UTC" for UTC).</summary>
    public static string ZoneId(TimeZoneInfo zone) => zone == TimeZoneInfo.Utc ? "UTC" : zone.Id;

    /// <summary>
    /// Parses <c>YYYY-MM</c> (the month containing <paramref name="now"/> in <paramref name="zone"/> when blank); adds an error
    /// on <paramref name="field"/> and returns null when it is not a month between 2000-01 and 2999-12.
    /// </summary>
    public static ReportMonth? Month(string? text, DateTime now, TimeZoneInfo zone, ValidationErrors errors, string field = "month")
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            var local = TimeZoneInfo.ConvertTimeFromUtc(now, zone);
            return new ReportMonth(local.Year, local.Month);
        }

        var t = text.Trim();
        if (t.Length == 7 && t[4] == '-'
            && int.TryParse(t.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && int.TryParse(t.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            && month is >= 1 and <= 12)
        {
            var value = new ReportMonth(year, month);
            if (value.Index >= First.Index && value.Index <= Last.Index)
            {
                return value;
            }
        }

        errors.Add(field, "Write the month as YYYY-MM (e.g. 2026-11), between 2000-01 and 2999-12.");
        return null;
    }

    /// <summary>The first instant (UTC) of <paramref name="month"/> in <paramref name="zone"/>.</summary>
    public static DateTime Start(ReportMonth month, TimeZoneInfo zone) =>
        StartOfLocalDay(new DateTime(month.Year, month.Month, 1, 0, 0, 0, DateTimeKind.Unspecified), zone);

    /// <summary>The first instant (UTC) of the local day containing <paramref name="utc"/> in <paramref name="zone"/>.</summary>
    public static DateTime StartOfDay(DateTime utc, TimeZoneInfo zone) =>
        StartOfLocalDay(TimeZoneInfo.ConvertTimeFromUtc(utc, zone).Date, zone);

    private static DateTime StartOfLocalDay(DateTime localMidnight, TimeZoneInfo zone)
    {
        // Where a clock change skips midnight (e.g. 00:00 → 01:00), the day starts at the first local time that exists.
        var local = DateTime.SpecifyKind(localMidnight, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        // An ambiguous midnight (clocks back to 23:00) starts at its first occurrence: the larger UTC offset.
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
    }
}
