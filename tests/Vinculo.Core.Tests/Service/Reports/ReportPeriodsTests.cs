using Vinculo.Core.Common;
using Vinculo.Core.Service.Reports;

namespace Vinculo.Core.Tests.Service.Reports;

public sealed class ReportPeriodsTests
{
    private static DateTime Utc(int y, int m, int d, int h = 0) => new(y, m, d, h, 0, 0, DateTimeKind.Utc);

    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    [Fact]
    public void A_month_runs_from_its_first_local_midnight_to_the_next_months()
    {
        Assert.Equal(Utc(2026, 11, 1), ReportPeriods.Start(new ReportMonth(2026, 11), TimeZoneInfo.Utc));
        // Madrid: UTC+1 in November and January, UTC+2 in July.
        Assert.Equal(Utc(2026, 10, 31, 23), ReportPeriods.Start(new ReportMonth(2026, 11), Zone("Europe/Madrid")));
        Assert.Equal(Utc(2026, 6, 30, 22), ReportPeriods.Start(new ReportMonth(2026, 7), Zone("Europe/Madrid")));
        Assert.Equal(Utc(2026, 1, 1, 5), ReportPeriods.Start(new ReportMonth(2026, 1), Zone("America/New_York")));
        Assert.Equal(new ReportMonth(2027, 1), new ReportMonth(2026, 12).AddMonths(1));
        Assert.Equal(new ReportMonth(2025, 12), new ReportMonth(2026, 11).AddMonths(-11));
        Assert.Equal("2026-03", new ReportMonth(2026, 3).ToString());
    }

    [Fact]
    public void Today_starts_at_local_midnight_or_at_the_first_local_time_when_a_clock_change_skips_it()
    {
        Assert.Equal(Utc(2026, 12, 5, 5), ReportPeriods.StartOfDay(Utc(2026, 12, 5, 12), Zone("America/New_York")));
        Assert.Equal(Utc(2026, 12, 4, 5), ReportPeriods.StartOfDay(Utc(2026, 12, 5, 3), Zone("America/New_York")));
        // Chile moves its clocks from 00:00 to 01:00 on the first Sunday of September: that day starts at 01:00 (UTC-3).
        Assert.Equal(Utc(2026, 9, 6, 4), ReportPeriods.StartOfDay(Utc(2026, 9, 6, 12), Zone("America/Santiago")));
    }

    [Theory]
    [InlineData(null, 2026, 12)]
    [InlineData("", 2026, 12)]
    [InlineData("2026-11", 2026, 11)]
    [InlineData(" 2000-01 ", 2000, 1)]
    [InlineData("2999-12", 2999, 12)]
    public void Months_parse_as_YYYY_MM_or_default_to_the_current_month(string? text, int year, int month)
    {
        var errors = new ValidationErrors();
        Assert.Equal(new ReportMonth(year, month), ReportPeriods.Month(text, Utc(2026, 12, 5, 12), TimeZoneInfo.Utc, errors));
        Assert.True(errors.IsValid);
    }

    [Fact]
    public void The_current_month_is_the_zones()
    {
        // 23:30 UTC on 30 November is already 1 December in Madrid.
        var errors = new ValidationErrors();
        Assert.Equal(new ReportMonth(2026, 12), ReportPeriods.Month(null, new DateTime(2026, 11, 30, 23, 30, 0, DateTimeKind.Utc), Zone("Europe/Madrid"), errors));
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-00")]
    [InlineData("2026-1")]
    [InlineData("1999-12")]
    [InlineData("3000-01")]
    [InlineData("2026/11")]
    [InlineData("+026-11")]
    [InlineData("２０２６-11")]
    public void Anything_else_is_an_error_on_the_field(string text)
    {
        var errors = new ValidationErrors();
        Assert.Null(ReportPeriods.Month(text, Utc(2026, 12, 5), TimeZoneInfo.Utc, errors, "to"));
        Assert.Contains("to", errors.ToDictionary().Keys);
    }

    [Fact]
    public void Time_zones_are_IANA_ids_and_UTC_by_default()
    {
        var errors = new ValidationErrors();
        Assert.Equal(TimeZoneInfo.Utc, ReportPeriods.Zone(null, errors));
        Assert.Equal("UTC", ReportPeriods.ZoneId(ReportPeriods.Zone(" ", errors)!));
        Assert.Equal("Europe/Madrid", ReportPeriods.Zone("Europe/Madrid", errors)!.Id);
        Assert.True(errors.IsValid);
        Assert.Null(ReportPeriods.Zone("Europe/Atlantis", errors));
        Assert.Null(ReportPeriods.Zone(new string('x', 65), errors));
        Assert.Equal(["timeZone"], errors.ToDictionary().Keys);
    }
}
