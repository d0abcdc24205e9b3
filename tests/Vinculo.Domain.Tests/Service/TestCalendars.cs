using Vinculo.Domain.Service;

namespace Vinculo.Domain.Tests.Service;

/// <summary>Calendars shared by the business-calendar tests, with an independent, naive open/closed check.</summary>
internal static class TestCalendars
{
    internal static readonly DateOnly[] SpanishHolidays =
    [
        new(2025, 1, 1), new(2025, 1, 6), new(2025, 4, 18), new(2025, 5, 1), new(2025, 8, 15), new(2025, 10, 13),
        new(2025, 12, 8), new(2025, 12, 25),
        new(2026, 1, 1), new(2026, 1, 6), new(2026, 4, 3), new(2026, 4, 6), new(2026, 5, 1), new(2026, 10, 12),
        new(2026, 12, 8), new(2026, 12, 25),
        new(2027, 1, 1), new(2027, 1, 6), new(2027, 3, 26), new(2027, 3, 29), new(2027, 10, 12), new(2027, 11, 1),
        new(2027, 12, 6), new(2027, 12, 8),
        new(2028, 1, 6), new(2028, 4, 14), new(2028, 5, 1), new(2028, 8, 15), new(2028, 10, 12), new(2028, 12, 25),
    ];

    /// <summary>Europe/Madrid, Mon–Thu 09:00–14:00 and 15:00–18:00, Fri 08:00–15:00, holidays, short Christmas Eves.</summary>
    internal static readonly BusinessCalendar MadridOffice = new(
        "Europe/Madrid",
        [
            .. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday }
                .SelectMany(d => new[] { WeeklyInterval.Of(d, "09:00", "14:00"), WeeklyInterval.Of(d, "15:00", "18:00") }),
            WeeklyInterval.Of(DayOfWeek.Friday, "08:00", "15:00"),
        ],
        SpanishHolidays,
        [
            SpecialHours.Of(new DateOnly(2025, 12, 24), "09:00", "13:00"),
            SpecialHours.Of(new DateOnly(2026, 12, 24), "09:00", "13:00"),
            SpecialHours.Of(new DateOnly(2027, 12, 24), "09:00", "13:00"),
            SpecialHours.Of(new DateOnly(2027, 12, 24), "16:00", "17:30"),
        ]);

    /// <summary>Europe/Madrid night desk: every night 22:00–06:00 (so DST changes fall inside), holidays close whole dates.</summary>
    internal static readonly BusinessCalendar MadridNights = new(
        "Europe/Madrid",
        Enum.GetValues<DayOfWeek>().Select(d => WeeklyInterval.Of(d, "22:00", "06:00", endsNextDay: true)),
        [new(2025, 12, 25), new(2026, 12, 25), new(2027, 4, 10), new(2028, 1, 1)]);

    /// <summary>Around the clock in UTC.</summary>
    internal static readonly BusinessCalendar Utc24x7 = BusinessCalendar.AlwaysOpen();

    /// <summary>America/New_York: weekdays 08:30–17:00, Saturday 10:00–14:00, Sunday 00:00–04:00 (DST changes inside).</summary>
    internal static readonly BusinessCalendar NewYork = new(
        "America/New_York",
        [
            .. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
                .Select(d => WeeklyInterval.Of(d, "08:30", "17:00")),
            WeeklyInterval.Of(DayOfWeek.Saturday, "10:00", "14:00"),
            WeeklyInterval.Of(DayOfWeek.Sunday, "00:00", "04:00"),
        ],
        [new(2025, 7, 4), new(2025, 11, 27), new(2026, 7, 3), new(2026, 11, 26), new(2027, 7, 5), new(2028, 7, 4)]);

    internal static readonly BusinessCalendar[] All = [MadridOffice, MadridNights, Utc24x7, NewYork];

    /// <summary>DST change dates (00:00 UTC) of Europe/Madrid and America/New_York, 2025–2028.</summary>
    internal static readonly DateTime[] DstDays =
    [
        .. new[]
        {
            "2025-03-30", "2025-10-26", "2026-03-29", "2026-10-25", "2027-03-28", "2027-10-31", "2028-03-26", "2028-10-29",
            "2025-03-09", "2025-11-02", "2026-03-08", "2026-11-01", "2027-03-14", "2027-11-07", "2028-03-12", "2028-11-05",
        }.Select(d => DateTime.SpecifyKind(DateTime.Parse(d, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc)),
    ];

    /// <summary>Whether the calendar is open at the instant, by converting to local time and reading the definition directly.</summary>
    internal static bool NaiveIsOpen(BusinessCalendar calendar, DateTime utc)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, calendar.TimeZone);
        var date = DateOnly.FromDateTime(local);
        var time = local.TimeOfDay;
        if (calendar.Holidays.Contains(date))
        {
            return false;
        }

        var special = calendar.SpecialHours.Where(s => s.Date == date).ToList();
        if (special.Count > 0)
        {
            return special.Any(s => s.Start <= time && time < s.End);
        }

        return calendar.WeeklyHours.Any(w => w.EndsNextDay
            ? (w.Day == date.DayOfWeek && time >= w.Start) || ((DayOfWeek)(((int)w.Day + 1) % 7) == date.DayOfWeek && time < w.End)
            : w.Day == date.DayOfWeek && w.Start <= time && time < w.End);
    }

    internal static DateTime Utc(int year, int month, int day, int hour = 0, int minute = 0) =>
        new(year, month, day, hour, minute, 0, DateTimeKind.Utc);
}
