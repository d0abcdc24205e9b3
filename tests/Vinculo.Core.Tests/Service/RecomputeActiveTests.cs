using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Demo;
using Vinculo.Core.Service;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Tests.Service;

/// <summary><see cref="SlaRecomputation.RecomputeActive"/> after a configuration change, on both databases.</summary>
public sealed class RecomputeActiveTests
{
    private static readonly DateTime Seeded = new(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Later = Seeded.AddHours(3);

    [Theory, SqliteData, PostgresData]
    public async Task A_calendar_change_moves_active_cases_exactly_as_a_single_case_recompute_and_leaves_resolved_ones(string provider)
    {
        await using var database = await Seed(provider);
        await AssertRecomputeAfterCalendarChange(database, 20, 100);
    }

    [Fact]
    public async Task Many_chunks_read_by_two_readers_give_the_same_result_as_single_case_recomputes()
    {
        await using var database = await Seed("sqlite", customers: 4_000);
        await AssertRecomputeAfterCalendarChange(database, 1_025, 2_000);
    }

    private static async Task AssertRecomputeAfterCalendarChange(TestDatabase database, int minActive, int maxActive)
    {
        var before = await Cases(database);
        await ChangeOfficeHours(database);

        var result = await Recompute(database, Later);

        var after = await Cases(database);
        await using var db = database.CreateDbContext();
        var config = await SlaConfiguration.Load(db);
        var events = await Events(db);
        var customers = await db.Customers.AsNoTracking().ToDictionaryAsync(c => c.Id, c => (c.Segment, c.Tier));
        var active = before.Values.Where(c => c.IsActive).ToList();
        Assert.Equal(active.Count, result.Cases);
        Assert.InRange(active.Count, minActive, maxActive);
        foreach (var c in before.Values)
        {
            var stored = after[c.Id];
            Assert.Equal(c.Version, stored.Version); // derived data: the version stays
            if (!c.IsActive)
            {
                Assert.Equal(BulkServiceTests.Sla(c), BulkServiceTests.Sla(stored));
                continue;
            }

            var expected = BulkServiceTests.Copy(c);
            config.Recompute(expected, events[c.Id], customers[c.CustomerId].Segment, customers[c.CustomerId].Tier, Later);
            Assert.Equal(BulkServiceTests.Sla(expected), BulkServiceTests.Sla(stored));
        }

        // Due times moved (earlier closing time), and only changed rows were written.
        Assert.Contains(active, c => c.ResDueAt is not null && after[c.Id].ResDueAt != c.ResDueAt);
        Assert.Equal(active.Count(c => !BulkServiceTests.Sla(c).SequenceEqual(BulkServiceTests.Sla(after[c.Id]))), result.Written);
        Assert.Equal((0, 0, 0), (result.Retried, result.Conflicts, result.Failed));

        // Nothing changed since: a second run writes nothing.
        var again = await Recompute(database, Later);
        Assert.Equal((active.Count, 0L), (again.Cases, again.Written));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_case_changed_between_read_and_write_is_skipped_then_read_and_recomputed_again(string provider)
    {
        await using var database = await Seed(provider);
        await ChangeOfficeHours(database);
        long? target = null;
        var result = await Recompute(database, Later, async changed =>
        {
            // An agent writes the first changed case meanwhile (new version), once.
            if (target is null)
            {
                target = changed[0].Id;
                await BumpVersion(database, target.Value);
            }
        });

        Assert.Equal((1, 0), (result.Retried, result.Conflicts));
        await using var db = database.CreateDbContext();
        var stored = await db.Cases.AsNoTracking().SingleAsync(c => c.Id == target);
        var customer = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == stored.CustomerId);
        var expected = BulkServiceTests.Copy(stored);
        (await SlaConfiguration.Load(db)).Recompute(expected, (await Events(db))[stored.Id], customer.Segment, customer.Tier, Later);
        Assert.Equal(BulkServiceTests.Sla(expected), BulkServiceTests.Sla(stored));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_case_that_keeps_changing_is_reported_as_a_conflict_and_left_to_its_writer(string provider)
    {
        await using var database = await Seed(provider);
        var before = await Cases(database);
        await ChangeOfficeHours(database);
        long? target = null;
        var result = await Recompute(database, Later, async changed =>
        {
            target ??= changed[0].Id;
            if (changed.Any(c => c.Id == target))
            {
                await BumpVersion(database, target.Value);
            }
        });

        Assert.Equal((SlaRecomputation.Retries, 1), (result.Retried, result.Conflicts));
        var after = await Cases(database);
        Assert.Equal(BulkServiceTests.Sla(before[target!.Value]), BulkServiceTests.Sla(after[target.Value]));
        Assert.Equal(before[target.Value].Version + 1 + SlaRecomputation.Retries, after[target.Value].Version);
    }

    private static async Task<TestDatabase> Seed(string provider, int customers = 120)
    {
        var database = await TestDatabase.Create(provider);
        await DemoSeeder.Seed(database.Settings, new SeedOptions(customers, 0, 4, Seeded, CasesPerCustomer: 2), null, default);
        return database;
    }

    /// <summary>The office now closes at 15:00 and on 3 March 2026 (a weekday with active cases running).</summary>
    private static async Task ChangeOfficeHours(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        var office = await db.ServiceCalendars.SingleAsync(c => c.Name == DemoService.OfficeCalendar);
        var definition = CalendarDefinition.Parse(office.Definition);
        office.Definition = (definition with
        {
            Weekly = [.. definition.Weekly.Select(w => w with { Start = "09:00", End = "15:00" })],
            Holidays = [.. definition.Holidays!, new DateOnly(2026, 3, 3)],
        }).ToJson();
        office.Version++;
        await db.SaveChangesAsync();
    }

    private static async Task<SlaRecomputeResult> Recompute(TestDatabase database, DateTime now, Func<IReadOnlyList<ServiceCase>, Task>? beforeWrite = null)
    {
        await using var db = database.CreateDbContext();
        var recomputation = new SlaRecomputation(db, new ManualClock(new DateTimeOffset(now))) { BeforeWrite = beforeWrite };
        return await recomputation.RecomputeActive();
    }

    private static async Task BumpVersion(TestDatabase database, long id)
    {
        await using var db = database.CreateDbContext();
        await db.Cases.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Version, c => c.Version + 1));
    }

    private static async Task<Dictionary<long, ServiceCase>> Cases(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        return await db.Cases.AsNoTracking().ToDictionaryAsync(c => c.Id);
    }

    private static async Task<ILookup<long, CaseEvent>> Events(VinculoDb db) =>
        (await db.CaseEvents.AsNoTracking().Where(e => e.SlaKind != null)
            .OrderBy(e => e.CaseId).ThenBy(e => e.OccurredAt).ThenBy(e => e.Id).ToListAsync())
        .ToLookup(e => e.CaseId);
}
