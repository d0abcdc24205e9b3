using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Demo;
using Vinculo.Core.Service;
using Vinculo.Core.Storage;
using Vinculo.Core.Storage.Bulk;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Tests.Service;

/// <summary>The service desk's bulk writers and the demo cases written through them, on both databases.</summary>
public sealed class BulkServiceTests
{
    private static readonly DateTime Now = new(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc);

    [Theory, SqliteData, PostgresData]
    public async Task Bulk_writer_writes_configuration_and_cases_linked_with_their_SLA_columns(string provider)
    {
        await using var database = await TestDatabase.Create(provider);
        var customers = new List<Customer>
        {
            new() { DisplayName = "Ana Platino", SearchName = "ana platino", Tier = "platinum", Segment = "residential", CreatedAt = Now, UpdatedAt = Now, Version = 1 },
            new() { DisplayName = "Talleres Beta", SearchName = "talleres beta", Tier = "standard", Segment = "smb", CreatedAt = Now, UpdatedAt = Now, Version = 1 },
        };
        var configuration = DemoService.Configuration(Now, []);
        await using (var writer = await BulkWriter.Open(database.Settings, default))
        {
            await writer.Begin(default);
            await writer.WriteCustomers(customers, default);
            await writer.WriteService(configuration, default);
            await writer.Commit(default);
        }

        await using var db = database.CreateDbContext();
        var config = await SlaConfiguration.Load(db);
        var support = configuration.Teams[0];
        var batch = new ServiceBatch();
        var expected = new List<ServiceCase>();
        for (var i = 0; i < 40; i++)
        {
            var customer = customers[i % 2];
            var created = Now.AddHours(-30 - i);
            var c = new ServiceCase
            {
                Type = i % 3 == 0 ? "complaint" : "incident", Channel = Channel.Email, Subject = $"Caso {i}", Priority = (CasePriority)(i % 4),
                Status = i % 5 == 0 ? CaseStatus.Resolved : CaseStatus.Open, TeamId = i % 2 == 0 ? support.Id : null, CustomerRank = CustomerValue.TierRank(customer.Tier),
                CreatedAt = created, UpdatedAt = created.AddHours(2), LastEventAt = created.AddHours(2), Version = 3,
                Tags = i % 4 == 0 ? [new CaseTag { Tag = "fibra" }, new CaseTag { Tag = "reincidente" }] : [],
            };
            c.IsActive = CaseWorkflow.IsActive(c.Status);
            List<CaseEvent> events =
            [
                new() { Kind = CaseEventKind.Created, SlaKind = SlaEventKind.Created, Priority = c.Priority, OccurredAt = created, RecordedAt = created, Body = "Hola" },
                new() { Kind = CaseEventKind.StatusChanged, SlaKind = SlaEventKind.Open, OccurredAt = created.AddHours(1), RecordedAt = created.AddHours(1), Data = "{\"to\":\"open\"}" },
                new() { Kind = CaseEventKind.AgentReply, SlaKind = SlaEventKind.AgentPublicReply, OccurredAt = created.AddHours(1), RecordedAt = created.AddHours(1), ActorName = "Marta" },
            ];
            if (c.Status == CaseStatus.Resolved)
            {
                events.Add(new CaseEvent { Kind = CaseEventKind.StatusChanged, SlaKind = SlaEventKind.Resolved, OccurredAt = created.AddHours(2), RecordedAt = created.AddHours(2) });
                c.ResolvedAt = created.AddHours(2);
            }

            config.Recompute(c, events, customer.Segment, customer.Tier, Now);
            batch.Add(c, customer, events);
            expected.Add(c);
        }

        await using (var writer = await BulkWriter.Open(database.Settings, default))
        {
            await writer.Begin(default);
            await writer.WriteService(batch, default);
            await writer.Commit(default);
        }

        // Configuration: ids linked (team policy keyed by the team's id, policies on the right calendars), members none.
        var policies = await db.ServicePolicies.AsNoTracking().OrderBy(p => p.Id).ToListAsync();
        Assert.Equal(4, policies.Count);
        Assert.Equal(PolicyTargets.Key(support.Id), policies.Single(p => p.Scope == SlaScope.Team).ScopeKey);
        var calendars = await db.ServiceCalendars.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name);
        Assert.Equal(DemoService.AlwaysOpenCalendar, calendars[policies.Single(p => p.Scope == SlaScope.CustomerTier).CalendarId]);
        Assert.Equal(0.8, policies[0].WarningShare);
        Assert.Equal(3, await db.Teams.CountAsync());
        Assert.Equal(["platinum", "standard"], await db.Customers.OrderBy(c => c.Id).Select(c => c.Tier!).ToListAsync());
        Assert.Equal(["residential", "smb"], await db.Customers.OrderBy(c => c.Id).Select(c => c.Segment!).ToListAsync());

        // Cases: every column round-trips, tags and events point at their case in order.
        var stored = await db.Cases.AsNoTracking().Include(c => c.Tags).OrderBy(c => c.Id).ToListAsync();
        Assert.Equal(expected.Select(c => c.Id), stored.Select(c => c.Id));
        foreach (var (want, got) in expected.Zip(stored))
        {
            Assert.Equal(want.CustomerId, got.CustomerId);
            Assert.Equal((want.Type, want.Status, want.IsActive, want.TeamId, want.Priority, want.CustomerRank, want.Version, want.ResolvedAt),
                (got.Type, got.Status, got.IsActive, got.TeamId, got.Priority, got.CustomerRank, got.Version, got.ResolvedAt));
            Assert.Equal(Sla(want), Sla(got));
            Assert.Equal(SlaAlarmMarks.Of(want), SlaAlarmMarks.Of(got));
            Assert.Equal(want.Tags.Select(t => t.Tag).Order(), got.Tags.Select(t => t.Tag).Order());
        }

        Assert.Contains(stored, c => c.FrState == SlaClockState.Met && c.FrPolicyId is not null);
        Assert.Contains(stored, c => c.ResDueAt is not null);
        var history = await db.CaseEvents.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(batch.Events.Count, history.Count);
        Assert.Equal(batch.Events.Select(e => (e.CaseId, e.Kind, e.OccurredAt)), history.Select(e => (e.CaseId, e.Kind, e.OccurredAt)));
        Assert.Equal("Hola", history[0].Body);
        Assert.Equal(CasePriority.Low, history[0].Priority);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Demo_cases_follow_the_workflow_and_store_the_SLA_the_engine_computes(string provider)
    {
        await using var database = await TestDatabase.Create(provider);
        var result = await DemoSeeder.Seed(database.Settings, new SeedOptions(150, 0, 5, Now, CasesPerCustomer: 2), null, default);

        Assert.Equal(300, result.Cases);
        await using var db = database.CreateDbContext();
        var cases = await db.Cases.AsNoTracking().Include(c => c.Tags).OrderBy(c => c.Id).ToListAsync();
        var events = (await db.CaseEvents.AsNoTracking().OrderBy(e => e.CaseId).ThenBy(e => e.OccurredAt).ThenBy(e => e.Id).ToListAsync())
            .ToLookup(e => e.CaseId);
        var customers = await db.Customers.AsNoTracking().ToDictionaryAsync(c => c.Id);
        Assert.Equal(300, cases.Count);
        Assert.Equal(result.CaseEvents, events.Sum(g => g.Count()));
        Assert.InRange(result.CaseEvents / 300.0, 4.0, 6.0);
        Assert.InRange(cases.Count(c => c.IsActive), 20, 75); // ≈ 15 %
        Assert.Equal(6, cases.Select(c => c.Type).Distinct().Count());
        Assert.Equal(3, cases.Select(c => c.TeamId).Distinct().Count());
        Assert.Contains(cases, c => c.Tags.Count > 0);
        Assert.InRange(customers.Values.Count(c => c.Tier == "platinum"), 1, 25);
        Assert.All(customers.Values, c => Assert.Contains(c.Segment, new[] { "residential", "smb", "enterprise" }));

        // The office calendar closes on Spain's national holidays, e.g. Good Friday 2026 (3 April).
        var office = await db.ServiceCalendars.AsNoTracking().SingleAsync(c => c.Name == DemoService.OfficeCalendar);
        Assert.Contains(new DateOnly(2026, 4, 3), CalendarDefinition.Parse(office.Definition).Holidays!);

        var config = await SlaConfiguration.Load(db);
        foreach (var c in cases)
        {
            var history = events[c.Id].ToList();
            Assert.Equal(CaseEventKind.Created, history[0].Kind);
            Assert.Equal(c.CreatedAt, history[0].OccurredAt);
            Assert.Equal(c.LastEventAt, history[^1].OccurredAt);
            Assert.True(history[^1].OccurredAt < Now);
            Assert.Equal(history.Count, c.Version);
            Assert.Equal(CaseWorkflow.IsActive(c.Status), c.IsActive);
            Assert.Equal(c.Status, Replay(history));
            Assert.Equal(c.Priority, history.Last(e => e.Priority is not null).Priority);

            // Exactly what the engine gives for the stored events; alarms already due count as fired.
            var expected = Copy(c);
            config.Recompute(expected, history, customers[c.CustomerId].Segment, customers[c.CustomerId].Tier, Now);
            Assert.Equal(Sla(expected), Sla(c));
            Assert.True(c.AlarmAt is null || c.AlarmAt > Now, $"case {c.Id} has an alarm due at {c.AlarmAt:O}");
            Assert.Equal(CustomerValue.TierRank(customers[c.CustomerId].Tier), c.CustomerRank);
        }

        Assert.Contains(cases, c => c.FrState == SlaClockState.Breached);
        Assert.Contains(cases, c => c.IsActive && c.QueueDueAt < SlaAlarms.NoDue);
        Assert.True(cases.Count(c => c.FrState == SlaClockState.Met) > cases.Count(c => c.FrState == SlaClockState.Breached));
    }

    [Fact]
    public async Task Demo_cases_are_deterministic_and_use_the_agents_in_the_database()
    {
        await using var a = await TestDatabase.Create("sqlite");
        await using var b = await TestDatabase.Create("sqlite");
        foreach (var database in new[] { a, b })
        {
            await using var services = new TestServices(database.Settings);
            await services.Run<Auth.UserAdministration, int>(async users =>
            {
                await users.Create("lucia@demo.local", "Demo-Password-1", Auth.Roles.Agent, "Lucía");
                await users.Create("jaime@demo.local", "Demo-Password-1", Auth.Roles.Supervisor, "Jaime");
                return 0;
            });
            await DemoSeeder.Seed(database.Settings, new SeedOptions(40, 1, 9, Now, CasesPerCustomer: 3), null, default);
        }

        async Task<List<string>> Rows(TestDatabase database)
        {
            await using var db = database.CreateDbContext();
            return await db.Cases.OrderBy(c => c.Id).Select(c => c.Subject + "|" + c.Status + "|" + c.CreatedAt + "|" + c.FrDueAt + "|" + c.AssigneeId).ToListAsync();
        }

        var rows = await Rows(a);
        Assert.Equal(120, rows.Count);
        // User ids are random, so compare the rows without them, and check the assignees separately.
        Assert.Equal(rows.Select(r => r[..r.LastIndexOf('|')]), (await Rows(b)).Select(r => r[..r.LastIndexOf('|')]));
        await using var db = a.CreateDbContext();
        var lucia = await db.Users.Where(u => u.Email == "lucia@demo.local").Select(u => u.Id).SingleAsync();
        var jaime = await db.Users.Where(u => u.Email == "jaime@demo.local").Select(u => u.Id).SingleAsync();
        Assert.True(await db.Cases.CountAsync(c => c.AssigneeId == lucia) > 10);
        Assert.Equal(4, await db.TeamMembers.CountAsync()); // Lucía in the first team, Jaime (a supervisor) in all three
        Assert.Equal(3, await db.Teams.CountAsync(t => t.SupervisorId == jaime));

        // Seeding again reuses the configuration.
        await DemoSeeder.Seed(a.Settings, new SeedOptions(5, 0, 10, Now, CasesPerCustomer: 1), null, default);
        Assert.Equal(3, await db.Teams.CountAsync());
        Assert.Equal(4, await db.ServicePolicies.CountAsync());
        Assert.Equal(125, await db.Cases.CountAsync());
    }

    internal static long?[] Sla(ServiceCase c)
    {
        var values = new long?[CaseSlaColumns.Count];
        CaseSlaColumns.Get(c, values);
        return values;
    }

    /// <summary>The facts and marks a recomputation reads, on a fresh object.</summary>
    internal static ServiceCase Copy(ServiceCase c)
    {
        var copy = new ServiceCase { Id = c.Id, Type = c.Type, TeamId = c.TeamId, ContractId = c.ContractId, Version = c.Version };
        SlaAlarmMarks.Of(c).WriteTo(copy);
        return copy;
    }

    private static CaseStatus Replay(IEnumerable<CaseEvent> history)
    {
        var status = CaseStatus.New;
        foreach (var e in history.Where(e => e.Kind == CaseEventKind.StatusChanged))
        {
            var to = System.Text.Json.JsonDocument.Parse(e.Data!).RootElement.GetProperty("to").GetString();
            var next = Enum.Parse<CaseStatus>(to!, ignoreCase: true);
            Assert.True(CaseWorkflow.CanMove(status, next), $"{status} → {next}");
            status = next;
        }

        return status;
    }
}
