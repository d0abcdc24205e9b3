using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Auth;
using Vinculo.Core.Service;
using Vinculo.Core.Service.Alarms;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Tests.Service.Alarms;

/// <summary>
/// A service desk for the alarm job's tests: a 24/7 calendar (so business minutes are wall-clock minutes), one corporate
/// policy with a warning at half of each target, two supervisors, two agents, team A (supervised by S1) and team B (no
/// supervisor), and helpers that write case events the way the case use cases do (event, version + 1, SLA recomputed).
/// </summary>
/// <remarks>
/// Targets in minutes — low: 120/60/960, normal: 60/30/480, high: 40/20/240, urgent: 20/10/120 (first response / next
/// response / resolution).
/// </remarks>
internal sealed class AlarmScenario : IAsyncDisposable
{
    public static readonly DateTime T0 = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    public const string S1 = "sup-1";
    public const string S2 = "sup-2";
    public const string Agent1 = "agent-1";
    public const string Agent2 = "agent-2";

    private AlarmScenario(TestDatabase db)
    {
        Db = db;
        App = new TestServices(db.Settings, new ManualClock(T0));
    }

    public TestDatabase Db { get; }

    public TestServices App { get; }

    public long PolicyId { get; private set; }

    public long TeamA { get; private set; }

    public long TeamB { get; private set; }

    public long CustomerId { get; private set; }

    public static DateTime At(int minutes) => T0.AddMinutes(minutes);

    public static async Task<AlarmScenario> Create(string provider)
    {
        var scenario = new AlarmScenario(await TestDatabase.Create(provider));
        await scenario.Seed();
        return scenario;
    }

    private async Task Seed()
    {
        await using var db = Db.CreateDbContext();
        var supervisor = new IdentityRole(Roles.Supervisor) { NormalizedName = Roles.Supervisor.ToUpperInvariant() };
        var agent = new IdentityRole(Roles.Agent) { NormalizedName = Roles.Agent.ToUpperInvariant() };
        db.Roles.AddRange(supervisor, agent);
        foreach (var (id, role) in new[] { (S1, supervisor), (S2, supervisor), (Agent1, agent), (Agent2, agent) })
        {
            db.Users.Add(new VinculoUser
            {
                Id = id, UserName = $"{id}@test.local", NormalizedUserName = $"{id}@TEST.LOCAL".ToUpperInvariant(),
                Email = $"{id}@test.local", NormalizedEmail = $"{id}@TEST.LOCAL".ToUpperInvariant(), DisplayName = id, CreatedAt = T0,
            });
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = id, RoleId = role.Id });
        }

        var calendar = new ServiceCalendar
        {
            Name = "Always", TimeZone = "UTC", CreatedAt = T0, UpdatedAt = T0, Version = 1,
            Definition = new CalendarDefinition([.. Enum.GetValues<DayOfWeek>().Select(d => new WeeklyHoursDocument(d, "00:00", "24:00"))]).ToJson(),
        };
        db.ServiceCalendars.Add(calendar);
        await db.SaveChangesAsync();

        var policy = new ServicePolicy
        {
            Name = "Corporate", Scope = SlaScope.Corporate, CalendarId = calendar.Id, WarningShare = 0.5, CreatedAt = T0, UpdatedAt = T0, Version = 1,
            Targets = PolicyTargets.ToJson(new Dictionary<CasePriority, TargetMinutes>
            {
                [CasePriority.Low] = new(120, 60, 960),
                [CasePriority.Normal] = new(60, 30, 480),
                [CasePriority.High] = new(40, 20, 240),
                [CasePriority.Urgent] = new(20, 10, 120),
            }),
        };
        db.ServicePolicies.Add(policy);
        var teamA = new Team { Name = "Billing", SupervisorId = S1, CreatedAt = T0, UpdatedAt = T0, Version = 1 };
        var teamB = new Team { Name = "Returns", CreatedAt = T0, UpdatedAt = T0, Version = 1 };
        db.Teams.AddRange(teamA, teamB);
        var customer = new Customer { DisplayName = "Marta Sánchez", SearchName = "marta sanchez", Lifecycle = Lifecycle.Active, CreatedAt = T0, UpdatedAt = T0, Version = 1 };
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        db.TeamMembers.AddRange(
            new TeamMember { TeamId = teamA.Id, UserId = Agent1 },
            new TeamMember { TeamId = teamB.Id, UserId = Agent2 });
        await db.SaveChangesAsync();
        (PolicyId, TeamA, TeamB, CustomerId) = (policy.Id, teamA.Id, teamB.Id, customer.Id);
    }

    /// <summary>Replaces the corporate policy's escalation rules.</summary>
    public async Task Escalate(params EscalationRule[] rules)
    {
        await using var db = Db.CreateDbContext();
        await db.ServicePolicies.Where(p => p.Id == PolicyId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Escalations, EscalationRule.ToJson(rules)));
    }

    /// <summary>Opens a case at <paramref name="at"/> (default <see cref="T0"/>).</summary>
    public async Task<long> NewCase(CasePriority priority = CasePriority.Normal, long? team = null, string? assignee = null, DateTime? at = null, string subject = "La factura no cuadra")
    {
        var when = at ?? T0;
        await using var db = Db.CreateDbContext();
        var c = new ServiceCase
        {
            CustomerId = CustomerId, Type = "question", Channel = Channel.Email, Subject = subject, Priority = priority, Status = CaseStatus.New,
            IsActive = true, TeamId = team, AssigneeId = assignee, CreatedAt = when, UpdatedAt = when, LastEventAt = when, Version = 1,
        };
        db.Cases.Add(c);
        await db.SaveChangesAsync();
        var created = new CaseEvent
        {
            CaseId = c.Id, OccurredAt = when, RecordedAt = when, Kind = CaseEventKind.Created, SlaKind = SlaEventKind.Created, Priority = priority,
            ActorId = Agent1,
        };
        db.CaseEvents.Add(created);
        var config = await SlaConfiguration.Load(db);
        config.Recompute(c, [created], null, null, when);
        await db.SaveChangesAsync();
        return c.Id;
    }

    /// <summary>An agent's public reply at <paramref name="at"/>.</summary>
    public Task AgentReply(long id, DateTime at) => Append(id, CaseEventKind.AgentReply, SlaEventKind.AgentPublicReply, at);

    /// <summary>A customer's reply at <paramref name="at"/>.</summary>
    public Task CustomerReply(long id, DateTime at) => Append(id, CaseEventKind.CustomerReply, SlaEventKind.CustomerReply, at);

    /// <summary>A status change at <paramref name="at"/>.</summary>
    public async Task Move(long id, CaseStatus to, DateTime at)
    {
        await using var db = Db.CreateDbContext();
        var from = await db.Cases.Where(c => c.Id == id).Select(c => c.Status).SingleAsync();
        await Append(id, CaseEventKind.StatusChanged, CaseWorkflow.SlaEventFor(from, to), at, to);
    }

    /// <summary>Writes an event as the case use cases do: event, version + 1, times, SLA recomputed from every SLA event.</summary>
    public async Task Append(long id, CaseEventKind kind, SlaEventKind? sla, DateTime at, CaseStatus? status = null)
    {
        await using var db = Db.CreateDbContext();
        var c = await db.Cases.SingleAsync(x => x.Id == id);
        db.CaseEvents.Add(new CaseEvent { CaseId = id, OccurredAt = at, RecordedAt = at, Kind = kind, SlaKind = sla, ActorId = Agent1 });
        if (status is { } s)
        {
            c.Status = s;
            c.IsActive = CaseWorkflow.IsActive(s);
        }

        c.Version++;
        c.UpdatedAt = at;
        c.LastEventAt = at;
        await db.SaveChangesAsync();
        var events = await db.CaseEvents.Where(e => e.CaseId == id && e.SlaKind != null).OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).ToListAsync();
        (await SlaConfiguration.Load(db)).Recompute(c, events, null, null, at);
        await db.SaveChangesAsync();
    }

    /// <summary>One run of the job at <paramref name="now"/> in its own scope.</summary>
    public async Task<AlarmRunResult> Run(DateTime now, int batch = 100)
    {
        await using var scope = App.Scope();
        return await scope.ServiceProvider.GetRequiredService<AlarmProcessor>().RunOnce(now, batch);
    }

    public async Task<ServiceCase> Case(long id)
    {
        await using var db = Db.CreateDbContext();
        return await db.Cases.AsNoTracking().SingleAsync(c => c.Id == id);
    }

    /// <summary>The case's history, in order.</summary>
    public async Task<List<CaseEvent>> Events(long id)
    {
        await using var db = Db.CreateDbContext();
        return await db.CaseEvents.AsNoTracking().Where(e => e.CaseId == id).OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).ToListAsync();
    }

    /// <summary>The case's events of <paramref name="kind"/>, with their data.</summary>
    public async Task<List<(CaseEvent Event, SlaAlarmEventData? Alarm)>> Alarms(long id, CaseEventKind kind) =>
        (await Events(id)).Where(e => e.Kind == kind)
            .Select(e => (e, System.Text.Json.JsonSerializer.Deserialize<SlaAlarmEventData>(e.Data!, ServiceJson.Options)))
            .ToList();

    public async Task<List<Notification>> Notifications(long id)
    {
        await using var db = Db.CreateDbContext();
        return await db.Notifications.AsNoTracking().Where(n => n.CaseId == id).OrderBy(n => n.Id).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Db.DisposeAsync();
    }
}
