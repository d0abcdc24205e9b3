using Vinculo.Domain.Service;
using static Vinculo.Domain.Tests.Service.TestCalendars;

namespace Vinculo.Domain.Tests.Service;

public class BusinessCalendarTests
{
    private static readonly BusinessCalendar MadridEarlySunday = new(
        "Europe/Madrid", [WeeklyInterval.Of(DayOfWeek.Sunday, "01:00", "04:00")]);

    private static readonly BusinessCalendar FridayNight = new(
        "Europe/Madrid", [WeeklyInterval.Of(DayOfWeek.Friday, "22:00", "06:00", endsNextDay: true)]);

    [Fact]
    public void Spring_forward_shortens_an_interval_that_includes_the_skipped_hour()
    {
        // 2026-03-29 Madrid: 01:00 CET = 00:00Z, 02:00 CET jumps to 03:00 CEST = 01:00Z, 04:00 CEST = 02:00Z.
        Assert.Equal(TimeSpan.FromHours(2), MadridEarlySunday.BusinessTimeBetween(Utc(2026, 3, 28, 12), Utc(2026, 3, 29, 12)));
        Assert.Equal(Utc(2026, 3, 29, 1, 30), MadridEarlySunday.AddBusinessTime(Utc(2026, 3, 29, 0), TimeSpan.FromMinutes(90)));
        Assert.Equal(Utc(2026, 3, 29, 2), MadridEarlySunday.AddBusinessTime(Utc(2026, 3, 28, 12), TimeSpan.FromHours(2)));
        Assert.True(MadridEarlySunday.IsOpen(Utc(2026, 3, 29, 0, 59)));
        Assert.True(MadridEarlySunday.IsOpen(Utc(2026, 3, 29, 1, 0)));
        Assert.False(MadridEarlySunday.IsOpen(Utc(2026, 3, 29, 2, 0)));

        // An ordinary Sunday in winter and in summer has the full three hours.
        Assert.Equal(TimeSpan.FromHours(3), MadridEarlySunday.BusinessTimeBetween(Utc(2026, 3, 21, 12), Utc(2026, 3, 22, 12)));
        Assert.Equal(TimeSpan.FromHours(3), MadridEarlySunday.BusinessTimeBetween(Utc(2026, 4, 4, 12), Utc(2026, 4, 5, 12)));
        Assert.Equal(Utc(2026, 4, 4, 23), MadridEarlySunday.NextOpening(Utc(2026, 3, 29, 2)));
    }

    [Fact]
    public void Fall_back_lengthens_an_interval_that_includes_the_repeated_hour()
    {
        // 2026-10-25 Madrid: 01:00 CEST = 23:00Z (24th), 03:00 CEST = 01:00Z becomes 02:00 CET, 04:00 CET = 03:00Z.
        Assert.Equal(TimeSpan.FromHours(4), MadridEarlySunday.BusinessTimeBetween(Utc(2026, 10, 24, 12), Utc(2026, 10, 25, 12)));
        Assert.Equal(Utc(2026, 10, 25, 2), MadridEarlySunday.AddBusinessTime(Utc(2026, 10, 24, 12), TimeSpan.FromHours(3)));
        Assert.Equal(Utc(2026, 10, 25, 3), MadridEarlySunday.AddBusinessTime(Utc(2026, 10, 24, 23), TimeSpan.FromHours(4)));
        Assert.Equal(Utc(2026, 10, 24, 23), MadridEarlySunday.NextOpening(Utc(2026, 10, 24, 12)));
        Assert.True(MadridEarlySunday.IsOpen(Utc(2026, 10, 25, 0, 30))); // 02:30 CEST
        Assert.True(MadridEarlySunday.IsOpen(Utc(2026, 10, 25, 1, 30))); // 02:30 CET
        Assert.False(MadridEarlySunday.IsOpen(Utc(2026, 10, 25, 3)));
    }

    [Fact]
    public void Fall_back_repeats_the_open_part_when_an_interval_ends_inside_the_repeated_hour()
    {
        var calendar = new BusinessCalendar("Europe/Madrid", [WeeklyInterval.Of(DayOfWeek.Sunday, "01:00", "02:30")]);

        // Open 01:00–02:30 CEST (23:00Z–00:30Z), closed 02:30–03:00 CEST, open again 02:00–02:30 CET (01:00Z–01:30Z).
        Assert.Equal(TimeSpan.FromHours(2), calendar.BusinessTimeBetween(Utc(2026, 10, 24, 12), Utc(2026, 10, 25, 12)));
        Assert.False(calendar.IsOpen(Utc(2026, 10, 25, 0, 45)));
        Assert.Equal(Utc(2026, 10, 25, 1), calendar.NextOpening(Utc(2026, 10, 25, 0, 30)));
        Assert.Equal(Utc(2026, 10, 25, 1, 15), calendar.AddBusinessTime(Utc(2026, 10, 24, 23), TimeSpan.FromMinutes(105)));
    }

    [Fact]
    public void Always_open_calendar_counts_real_time_even_across_daylight_saving_changes()
    {
        var madrid = BusinessCalendar.AlwaysOpen("Europe/Madrid");
        Assert.Equal(TimeSpan.FromHours(24), madrid.BusinessTimeBetween(Utc(2026, 3, 28, 23), Utc(2026, 3, 29, 23)));
        Assert.Equal(TimeSpan.FromHours(24), madrid.BusinessTimeBetween(Utc(2026, 10, 24, 22), Utc(2026, 10, 25, 22)));
        Assert.Equal(Utc(2026, 10, 26, 5, 7), madrid.AddBusinessTime(Utc(2026, 10, 24, 22), new TimeSpan(31, 7, 0)));
        Assert.Equal(Utc(2027, 1, 1, 0, 0).AddTicks(7), Utc24x7.AddBusinessTime(Utc(2026, 1, 1), TimeSpan.FromDays(365) + TimeSpan.FromTicks(7)));
        Assert.True(Utc24x7.IsOpen(Utc(2026, 5, 5, 5, 5)));
        Assert.Equal(Utc(2026, 5, 5, 5, 5), Utc24x7.NextOpening(Utc(2026, 5, 5, 5, 5)));
        Assert.Equal(TimeSpan.FromDays(7), Utc24x7.WeeklyBusinessTime);
    }

    [Fact]
    public void Friday_night_interval_crosses_midnight()
    {
        // 2026-01-16 is a Friday; Madrid is UTC+1 in January.
        var friday21 = Utc(2026, 1, 16, 20);
        Assert.Equal(TimeSpan.FromHours(8), FridayNight.WeeklyBusinessTime);
        Assert.Equal(Utc(2026, 1, 17, 0), FridayNight.AddBusinessTime(friday21, TimeSpan.FromHours(3)));
        Assert.Equal(Utc(2026, 1, 17, 5), FridayNight.AddBusinessTime(friday21, TimeSpan.FromHours(8)));
        Assert.Equal(Utc(2026, 1, 23, 21, 1), FridayNight.AddBusinessTime(friday21, TimeSpan.FromHours(8) + TimeSpan.FromMinutes(1)));
        Assert.True(FridayNight.IsOpen(Utc(2026, 1, 17, 4, 59)));
        Assert.False(FridayNight.IsOpen(Utc(2026, 1, 17, 5, 0)));
        Assert.Equal(TimeSpan.FromHours(8), FridayNight.BusinessTimeBetween(Utc(2026, 1, 12), Utc(2026, 1, 19)));
        Assert.Equal(Utc(2026, 1, 16, 21), FridayNight.NextOpening(friday21));
    }

    [Fact]
    public void A_holiday_closes_its_whole_date_including_the_tail_of_a_night_interval()
    {
        var calendar = new BusinessCalendar(
            "Europe/Madrid", FridayNight.WeeklyHours, [new DateOnly(2026, 1, 17)]);

        Assert.Equal(TimeSpan.FromHours(2), calendar.BusinessTimeBetween(Utc(2026, 1, 12), Utc(2026, 1, 19)));
        Assert.Equal(Utc(2026, 1, 23, 22), calendar.AddBusinessTime(Utc(2026, 1, 16, 20), TimeSpan.FromHours(3)));
        Assert.False(calendar.IsOpen(Utc(2026, 1, 17, 1)));
    }

    [Fact]
    public void A_holiday_on_a_monday_is_skipped()
    {
        // 2026-10-12 (Monday) is a holiday; Friday 2026-10-09 closes at 15:00 CEST = 13:00Z.
        var friday14 = Utc(2026, 10, 9, 12);
        Assert.Equal(Utc(2026, 10, 13, 8), MadridOffice.AddBusinessTime(friday14, TimeSpan.FromHours(2)));
        Assert.Equal(Utc(2026, 10, 13, 7), MadridOffice.NextOpening(Utc(2026, 10, 9, 13)));
        Assert.Equal(TimeSpan.FromHours(1), MadridOffice.BusinessTimeBetween(friday14, Utc(2026, 10, 13, 7)));
        Assert.False(MadridOffice.IsOpen(Utc(2026, 10, 12, 9)));
    }

    [Fact]
    public void Starting_inside_the_lunch_break_waits_for_the_afternoon()
    {
        // Tuesday 2026-01-13, Madrid UTC+1: lunch 14:00–15:00 local = 13:00Z–14:00Z.
        Assert.False(MadridOffice.IsOpen(Utc(2026, 1, 13, 13, 30)));
        Assert.Equal(Utc(2026, 1, 13, 15), MadridOffice.AddBusinessTime(Utc(2026, 1, 13, 13, 30), TimeSpan.FromHours(1)));
        Assert.Equal(TimeSpan.FromHours(2), MadridOffice.BusinessTimeBetween(Utc(2026, 1, 13, 12), Utc(2026, 1, 13, 15)));
        Assert.Equal(Utc(2026, 1, 13, 14), MadridOffice.NextOpening(Utc(2026, 1, 13, 13, 30)));

        // Ending exactly at the start of the break returns the start of the break, not the afternoon opening.
        Assert.Equal(Utc(2026, 1, 13, 13), MadridOffice.AddBusinessTime(Utc(2026, 1, 13, 8), TimeSpan.FromHours(5)));
    }

    [Fact]
    public void Starting_on_a_weekend_waits_for_monday()
    {
        var saturday = Utc(2026, 1, 10, 9);
        Assert.False(MadridOffice.IsOpen(saturday));
        Assert.Equal(Utc(2026, 1, 12, 8), MadridOffice.NextOpening(saturday));
        Assert.Equal(Utc(2026, 1, 12, 8, 30), MadridOffice.AddBusinessTime(saturday, TimeSpan.FromMinutes(30)));
        Assert.Equal(TimeSpan.Zero, MadridOffice.BusinessTimeBetween(saturday, Utc(2026, 1, 12, 8)));
    }

    [Fact]
    public void Special_hours_replace_the_weekly_hours_of_their_date()
    {
        // Thursday 2026-12-24: 09:00–13:00 only (08:00Z–12:00Z).
        Assert.Equal(TimeSpan.FromHours(4), MadridOffice.BusinessTimeBetween(Utc(2026, 12, 24), Utc(2026, 12, 25)));
        Assert.False(MadridOffice.IsOpen(Utc(2026, 12, 24, 14)));
        Assert.Equal(Utc(2026, 12, 28, 8, 30), MadridOffice.AddBusinessTime(Utc(2026, 12, 24, 11), TimeSpan.FromMinutes(90)));
    }

    [Fact]
    public void Zero_duration_and_empty_ranges()
    {
        var closed = Utc(2026, 1, 10, 9);
        Assert.Equal(closed, MadridOffice.AddBusinessTime(closed, TimeSpan.Zero));
        Assert.Equal(DateTimeKind.Utc, MadridOffice.AddBusinessTime(closed, TimeSpan.Zero).Kind);
        Assert.Equal(TimeSpan.Zero, MadridOffice.BusinessTimeBetween(closed, closed));
        Assert.Equal(TimeSpan.Zero, MadridOffice.BusinessTimeBetween(Utc(2026, 1, 14), Utc(2026, 1, 13)));
    }

    [Fact]
    public void Long_durations_skip_whole_weeks_exactly()
    {
        var start = Utc(2025, 2, 3, 10, 17);
        var end = MadridOffice.AddBusinessTime(start, TimeSpan.FromHours(10_000));
        Assert.Equal(TimeSpan.FromHours(10_000), MadridOffice.BusinessTimeBetween(start, end));
        Assert.True(MadridOffice.IsOpen(end.AddTicks(-1)));
        Assert.True(MadridOffice.BusinessTimeBetween(start, end.AddTicks(-1)) < TimeSpan.FromHours(10_000));

        var nights = MadridNights.AddBusinessTime(start, TimeSpan.FromHours(20_000));
        Assert.Equal(TimeSpan.FromHours(20_000), MadridNights.BusinessTimeBetween(start, nights));
    }

    [Fact]
    public void Pauses_are_excluded_once_even_when_they_overlap()
    {
        // Tuesday 2026-01-13 08:00Z–17:00Z spans the whole working day: 8 business hours.
        var from = Utc(2026, 1, 13, 7);
        var to = Utc(2026, 1, 13, 18);
        Assert.Equal(TimeSpan.FromHours(8), MadridOffice.BusinessTimeBetween(from, to));
        (DateTime, DateTime)[] pauses =
        [
            (Utc(2026, 1, 13, 9), Utc(2026, 1, 13, 11)),
            (Utc(2026, 1, 13, 10), Utc(2026, 1, 13, 14, 30)), // overlaps the first and the lunch break
            (Utc(2026, 1, 12), Utc(2026, 1, 13, 8, 30)),       // starts before the range
            (Utc(2026, 1, 13, 16, 30), Utc(2026, 1, 20)),      // still paused at the end
        ];

        // Open 08:00Z–13:00Z and 14:00Z–17:00Z; paused 08:00–08:30, 09:00–13:00, 14:00–14:30, 16:30–17:00: 8h − 5.5h.
        Assert.Equal(TimeSpan.FromHours(2.5), MadridOffice.BusinessTimeExcluding(from, to, pauses));
        Assert.Equal(TimeSpan.FromHours(8), MadridOffice.BusinessTimeExcluding(from, to, []));
        Assert.Throws<ArgumentException>(() => MadridOffice.BusinessTimeExcluding(from, to, [(to, from)]));
    }

    [Fact]
    public void Local_times_and_negative_durations_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => MadridOffice.IsOpen(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Local)));
        Assert.Throws<ArgumentOutOfRangeException>(() => MadridOffice.AddBusinessTime(Utc(2026, 1, 1), TimeSpan.FromTicks(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => MadridOffice.IsOpen(DateTime.MaxValue));
        Assert.Equal(DateTimeKind.Utc, MadridOffice.NextOpening(new DateTime(2026, 1, 10, 9, 0, 0, DateTimeKind.Unspecified)).Kind);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons", "timeZoneId")]
    [InlineData("", "timeZoneId")]
    [InlineData("Romance Standard Time", "timeZoneId")] // a Windows id, not IANA
    public void Unknown_time_zones_are_rejected(string zone, string field)
    {
        var ex = Assert.Throws<BusinessCalendarException>(() => new BusinessCalendar(zone, [WeeklyInterval.Of(DayOfWeek.Monday, "09:00", "17:00")]));
        Assert.Contains(field, ex.Errors.Keys);
    }

    [Fact]
    public void Invalid_weekly_hours_are_rejected_with_clear_errors()
    {
        Assert.Equal(
            ["weeklyHours"],
            BusinessCalendar.Validate("Europe/Madrid", []).Keys);

        var errors = BusinessCalendar.Validate(
            "Europe/Madrid",
            [
                WeeklyInterval.Of(DayOfWeek.Monday, "09:00", "14:00"),
                WeeklyInterval.Of(DayOfWeek.Monday, "13:00", "18:00"),          // overlaps [0]
                WeeklyInterval.Of(DayOfWeek.Tuesday, "18:00", "09:00"),         // end before start, not crossing
                WeeklyInterval.Of(DayOfWeek.Sunday, "22:00", "10:00", true),    // reaches Monday 10:00: overlaps [0]
                WeeklyInterval.Of(DayOfWeek.Friday, "22:00", "23:00", true),    // longer than 24 hours
                new WeeklyInterval(DayOfWeek.Saturday, TimeSpan.FromHours(-1), TimeSpan.FromHours(25)),
                WeeklyInterval.Of(DayOfWeek.Wednesday, "10:00", "10:00"),       // empty
            ]);

        Assert.Equal(
            ["weeklyHours[1]", "weeklyHours[2]", "weeklyHours[3]", "weeklyHours[4]", "weeklyHours[5]", "weeklyHours[6]"],
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("Overlaps weeklyHours[0] on Monday", errors["weeklyHours[1]"][0], StringComparison.Ordinal);
        Assert.Contains("crosses midnight", errors["weeklyHours[2]"][0], StringComparison.Ordinal);
        Assert.Equal(2, errors["weeklyHours[5]"].Length);
    }

    [Fact]
    public void Invalid_special_hours_are_rejected()
    {
        var errors = BusinessCalendar.Validate(
            "Europe/Madrid",
            [WeeklyInterval.Of(DayOfWeek.Monday, "09:00", "17:00")],
            [new DateOnly(2026, 12, 31)],
            [
                SpecialHours.Of(new DateOnly(2026, 12, 31), "09:00", "12:00"), // also a holiday
                SpecialHours.Of(new DateOnly(2026, 12, 24), "09:00", "12:00"),
                SpecialHours.Of(new DateOnly(2026, 12, 24), "11:00", "13:00"), // overlaps [1]
                SpecialHours.Of(new DateOnly(2026, 12, 23), "22:00", "02:00"), // crosses midnight
            ]);

        Assert.Equal(["specialHours[0]", "specialHours[2]", "specialHours[3]"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Throws<BusinessCalendarException>(() => new BusinessCalendar(
            "Europe/Madrid", [WeeklyInterval.Of(DayOfWeek.Monday, "09:00", "17:00")], [], [SpecialHours.Of(new DateOnly(2026, 12, 23), "22:00", "02:00")]));
    }

    [Fact]
    public void Times_parse_with_24_00_as_end_of_day()
    {
        Assert.Equal(TimeSpan.FromHours(24), WeeklyInterval.ParseTime("24:00"));
        Assert.Equal(new TimeSpan(9, 30, 15), WeeklyInterval.ParseTime("09:30:15"));
        Assert.Throws<FormatException>(() => WeeklyInterval.ParseTime("24:01"));
        Assert.Throws<FormatException>(() => WeeklyInterval.ParseTime("9"));
        Assert.Throws<FormatException>(() => WeeklyInterval.ParseTime("12:60"));
        Assert.Equal("Friday 22:00–Saturday 06:00", WeeklyInterval.Of(DayOfWeek.Friday, "22:00", "06:00", true).ToString());

        var fullDays = new BusinessCalendar("Europe/Madrid", [WeeklyInterval.Of(DayOfWeek.Monday, "00:00", "24:00")]);
        Assert.Equal(TimeSpan.FromDays(1), fullDays.WeeklyBusinessTime);
    }
}
