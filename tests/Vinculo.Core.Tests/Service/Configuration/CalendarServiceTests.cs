using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Common;
using Vinculo.Core.Service.Configuration;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Service;
using static Vinculo.Core.Tests.Service.Configuration.ConfigSeed;

namespace Vinculo.Core.Tests.Service.Configuration;

public sealed class CalendarServiceTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Create_read_list_and_preview_when_a_target_is_due(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Monday9Madrid));
        var input = Office() with
        {
            Weekly = [.. Office().Weekly!, new WeeklyHoursInput("Friday", "22:00", "06:00", EndsNextDay: true)],
            Special = [new SpecialHoursInput(new DateOnly(2026, 12, 24), "09:00", "14:00")],
        };
        var change = await app.Run<CalendarService, ConfigChange<CalendarDto>>(s => s.Create(input));
        var calendar = change.Item;

        Assert.Equal(0, change.RecomputedCases);
        Assert.Equal("Oficina Madrid", calendar.Name);
        Assert.Equal("Europe/Madrid", calendar.TimeZone);
        Assert.Equal(6, calendar.Weekly.Count);
        Assert.Equal(new WeeklyHoursDocument(DayOfWeek.Friday, "22:00", "06:00", true), calendar.Weekly[^1]);
        Assert.Equal([new DateOnly(2026, 3, 19)], calendar.Holidays);
        Assert.Equal((5 * 8 + 8) * 60, calendar.WeeklyMinutes);
        Assert.Equal(0, calendar.Policies);
        Assert.Equal(1, calendar.Version);
        SameJson<CalendarDto?>(calendar, await app.Run<CalendarService, CalendarDto?>(s => s.Get(calendar.Id)));

        // Opened now (Monday 09:00 in Madrid) with a 60-minute target: due at 10:00 Madrid = 09:00 UTC.
        var due = await app.Run<CalendarService, DuePreview?>(s => s.Due(calendar.Id, null, 60));
        Assert.Equal(new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc), due!.Due);
        Assert.True(due.OpenAtStart);

        // Wednesday 18 March 16:30 Madrid, 60 minutes: 30 on Wednesday, Thursday 19 is a holiday, 30 on Friday 09:00–09:30.
        var wednesday = new DateTime(2026, 3, 18, 15, 30, 0, DateTimeKind.Utc);
        due = await app.Run<CalendarService, DuePreview?>(s => s.Due(calendar.Id, wednesday, 60));
        Assert.Equal(new DateTime(2026, 3, 20, 8, 30, 0, DateTimeKind.Utc), due!.Due);

        // The night shift: Friday 20 March 21:00 Madrid, 120 minutes → Saturday 00:00 Madrid.
        due = await app.Run<CalendarService, DuePreview?>(s => s.Due(calendar.Id, new DateTime(2026, 3, 20, 20, 0, 0, DateTimeKind.Utc), 120));
        Assert.Equal(new DateTime(2026, 3, 20, 23, 0, 0, DateTimeKind.Utc), due!.Due);
        Assert.False(due.OpenAtStart);

        // The same preview for an unsaved definition, and the limits of the preview.
        await using (var scope = app.Scope())
        {
            var unsaved = scope.ServiceProvider.GetRequiredService<CalendarService>();
            Assert.Equal(new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc), unsaved.Due(Office(), null, 60).Due);
            var bad = Assert.Throws<ValidationException>(() => unsaved.Due(Office(), null, 0));
            Assert.Contains("minutes", bad.Errors.Keys);
        }

        Assert.Null(await app.Run<CalendarService, DuePreview?>(s => s.Due(999, null, 60)));

        await app.Run<CalendarService, ConfigChange<CalendarDto>>(s => s.Create(Office("24x7") with
        {
            TimeZone = "UTC",
            Weekly = [.. Enum.GetValues<DayOfWeek>().Select(d => new WeeklyHoursInput(d.ToString(), "00:00", "24:00"))],
        }));
        var first = await app.Run<CalendarService, Page<CalendarDto>>(s => s.List(new CalendarQuery(Limit: 1)));
        Assert.Equal("24x7", Assert.Single(first.Items).Name);
        var second = await app.Run<CalendarService, Page<CalendarDto>>(s => s.List(new CalendarQuery(first.NextCursor, 1)));
        Assert.Equal("Oficina Madrid", Assert.Single(second.Items).Name);
        Assert.Null(second.NextCursor);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Invalid_definitions_are_reported_by_field(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings);

        async Task<IDictionary<string, string[]>> Errors(CalendarInput input) =>
            (await Assert.ThrowsAsync<ValidationException>(() => app.Run<CalendarService, ConfigChange<CalendarDto>>(s => s.Create(input)))).Errors;

        var errors = await Errors(new CalendarInput
        {
            Name = new string('x', 101),
            Weekly = [new WeeklyHoursInput("funday", "9", "17:00"), new WeeklyHoursInput("monday", "09:00", "25:00")],
        });
        Assert.Equal(["name", "timeZone", "weekly[0].day", "weekly[0].start", "weekly[1].end"], errors.Keys.Order(StringComparer.Ordinal));

        errors = await Errors(Office() with { TimeZone = "Mars/Olympus" });
        Assert.Equal(["timeZone"], errors.Keys);

        errors = await Errors(Office() with { Weekly = [] });
        Assert.Equal(["weekly"], errors.Keys);

        // Overlapping intervals and an end before the start come from the calendar's own rules.
        errors = await Errors(Office() with
        {
            Weekly = [new WeeklyHoursInput("monday", "09:00", "14:00"), new WeeklyHoursInput("monday", "13:00", "17:00"), new WeeklyHoursInput("tuesday", "17:00", "09:00")],
        });
        Assert.Contains(errors.Keys, k => k.StartsWith("weekly[", StringComparison.Ordinal));
        Assert.DoesNotContain("name", errors.Keys);

        errors = await Errors(Office() with { Special = [new SpecialHoursInput(null, "09:00", "14:00")] });
        Assert.Equal(["special[0].date"], errors.Keys);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Names_are_unique_ignoring_case_and_a_stale_version_is_refused(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings);
        var madrid = await Calendar(app);
        var other = await Calendar(app, Office("Soporte 24x7"));

        await Assert.ThrowsAsync<ConflictException>(() => app.Run<CalendarService, ConfigChange<CalendarDto>>(s => s.Create(Office("OFICINA MADRID"))));
        await Assert.ThrowsAsync<ConflictException>(() => app.Run<CalendarService, ConfigChange<CalendarDto>?>(s => s.Update(other, Office(), 1)));

        var renamed = await app.Run<CalendarService, ConfigChange<CalendarDto>?>(s => s.Update(madrid, Office("Oficina central"), 1));
        Assert.Equal(2, renamed!.Item.Version);
        Assert.Equal("Oficina central", renamed.Item.Name);
        await Assert.ThrowsAsync<PreconditionFailedException>(() => app.Run<CalendarService, ConfigChange<CalendarDto>?>(s => s.Update(madrid, Office("Otra"), 1)));
        await Assert.ThrowsAsync<PreconditionFailedException>(() => app.Run<CalendarService, bool>(s => s.Delete(madrid, 1)));
        Assert.Null(await app.Run<CalendarService, ConfigChange<CalendarDto>?>(s => s.Update(999, Office("X"), null)));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_calendar_in_use_cannot_be_deleted(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings);
        var used = await Calendar(app);
        var unused = await Calendar(app, Office("Sin uso"));
        var policy = await app.Run<SlaPolicyService, ConfigChange<PolicyDto>>(s => s.Create(Corporate(used) with { Active = false }));

        var refused = await Assert.ThrowsAsync<ConflictException>(() => app.Run<CalendarService, bool>(s => s.Delete(used, null)));
        Assert.Contains("Corporativa", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await app.Run<CalendarService, CalendarDto?>(s => s.Get(used)))!.Policies);

        Assert.True(await app.Run<CalendarService, bool>(s => s.Delete(unused, 1)));
        Assert.False(await app.Run<CalendarService, bool>(s => s.Delete(unused, null)));

        await app.Run<SlaPolicyService, ConfigDelete>(s => s.Delete(policy.Item.Id, null));
        Assert.True(await app.Run<CalendarService, bool>(s => s.Delete(used, null)));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Changing_the_hours_of_a_calendar_in_use_recomputes_the_due_times_of_active_cases(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        var clock = new ManualClock(Monday9Madrid);
        await using var app = new TestServices(db.Settings, clock);
        var calendar = await Calendar(app);
        await app.Run<SlaPolicyService, ConfigChange<PolicyDto>>(s => s.Create(Corporate(calendar)));
        var customer = await Customer(app);
        var active = await Case(app, customer, Monday9Madrid.UtcDateTime);
        var resolved = await Case(app, customer, Monday9Madrid.UtcDateTime, status: CaseStatus.Resolved);

        // 60 minutes from Monday 09:00 Madrid: 10:00 Madrid.
        var before = await ReadCase(app, active);
        Assert.Equal(new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc), before.FrDueAt);
        Assert.Equal(before.FrDueAt, before.SlaDueAt);
        var resolvedBefore = (await ReadCase(app, resolved)).FrDueAt;

        // The office now opens at 10:00: the first response is due at 11:00 Madrid.
        clock.Advance(TimeSpan.FromMinutes(5));
        var change = await app.Run<CalendarService, ConfigChange<CalendarDto>?>(s => s.Update(calendar, Office(start: "10:00"), 1));
        Assert.Equal(1, change!.RecomputedCases);
        var after = await ReadCase(app, active);
        Assert.Equal(new DateTime(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc), after.FrDueAt);
        Assert.Equal(after.FrDueAt, after.QueueDueAt);
        Assert.Equal(resolvedBefore, (await ReadCase(app, resolved)).FrDueAt);

        // A calendar no active policy uses recomputes nothing.
        var spare = await Calendar(app, Office("Reserva"));
        Assert.Equal(0, (await app.Run<CalendarService, ConfigChange<CalendarDto>?>(s => s.Update(spare, Office("Reserva", "08:00"), 1)))!.RecomputedCases);
    }
}
