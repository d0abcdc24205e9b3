using Vinculo.Core.Auth;
using Vinculo.Core.Service;
using Vinculo.Core.Storage;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Tests.Service.Reports;

/// <summary>One step of a case's history, <see cref="Minute"/> minutes after its creation.</summary>
internal sealed record Step(int Minute, CaseEventKind Kind, SlaEventKind? Sla, CaseStatus? To = null);

/// <summary>
/// Writes cases as the case use cases would leave them: their events, and SLA columns recomputed by the engine
/// (<see cref="SlaConfiguration.Recompute"/>) at the time of the last event. The configuration is one always-open UTC calendar
/// and a corporate policy: normal first response 60 min, next response 30 min, resolution 480 min; high 30 / 15 / 240; the
/// default 80 % warning share.
/// </summary>
internal sealed class ReportScenario(VinculoDb db)
{
    public const string Ana = "u-ana";
    public const string Luis = "u-luis";
    public const string Marta = "u-marta";

    private SlaConfiguration? config;

    public long CustomerId { get; private set; }

    public static Step Reply(int minute) => new(minute, CaseEventKind.AgentReply, SlaEventKind.AgentPublicReply);

    public static Step Note(int minute) => new(minute, CaseEventKind.InternalNote, SlaEventKind.InternalNote);

    public static Step CustomerReply(int minute) => new(minute, CaseEventKind.CustomerReply, SlaEventKind.CustomerReply);

    public static Step Open(int minute) => new(minute, CaseEventKind.StatusChanged, SlaEventKind.Open, CaseStatus.Open);

    public static Step WaitCustomer(int minute) => new(minute, CaseEventKind.StatusChanged, SlaEventKind.PendingCustomer, CaseStatus.PendingCustomer);

    public static Step Resolve(int minute) => new(minute, CaseEventKind.StatusChanged, SlaEventKind.Resolved, CaseStatus.Resolved);

    public static Step Reopen(int minute) => new(minute, CaseEventKind.StatusChanged, SlaEventKind.Reopened, CaseStatus.Reopened);

    public static Step Close(int minute) => new(minute, CaseEventKind.StatusChanged, null, CaseStatus.Closed);

    /// <summary>The calendar, the policy, a customer, three agents ("Ana Ruiz", "Luis Gil", "Marta Sanz") and two teams.</summary>
    public async Task<(Team A, Team B)> Setup()
    {
        var at = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var calendar = new ServiceCalendar
        {
            Name = "24x7", TimeZone = "UTC", CreatedAt = at, UpdatedAt = at, Version = 1,
            Definition = new CalendarDefinition([.. Enum.GetValues<DayOfWeek>().Select(d => new WeeklyHoursDocument(d, "00:00", "24:00"))]).ToJson(),
        };
        db.ServiceCalendars.Add(calendar);
        await db.SaveChangesAsync();
        db.ServicePolicies.Add(new ServicePolicy
        {
            Name = "Corporate", Scope = SlaScope.Corporate, CalendarId = calendar.Id, CreatedAt = at, UpdatedAt = at, Version = 1,
            Targets = PolicyTargets.ToJson(new Dictionary<CasePriority, TargetMinutes>
            {
                [CasePriority.Normal] = new(60, 30, 480),
                [CasePriority.High] = new(30, 15, 240),
            }),
        });
        foreach (var (id, name) in new[] { (Ana, "Ana Ruiz"), (Luis, "Luis Gil"), (Marta, "Marta Sanz") })
        {
            var email = $"{id}@example.com";
            db.Users.Add(new VinculoUser
            {
                Id = id, UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email,
                NormalizedEmail = email.ToUpperInvariant(), DisplayName = name, CreatedAt = at, SecurityStamp = id,
            });
        }

        var customer = new Customer
        {
            Kind = CustomerKind.Person, Lifecycle = Lifecycle.Active, FirstName = "Rocío", LastName = "Vidal", CreatedAt = at, UpdatedAt = at, Version = 1,
        };
        customer.DisplayName = Customer.ComposeDisplayName(customer.Kind, customer.FirstName, customer.LastName, customer.CompanyName);
        customer.SearchName = Core.Customers.CustomerInputMapper.SearchText(customer);
        db.Customers.Add(customer);
        var a = new Team { Name = "Atención", CreatedAt = at, UpdatedAt = at, Version = 1 };
        var b = new Team { Name = "Bajas", CreatedAt = at, UpdatedAt = at, Version = 1 };
        db.Teams.AddRange(a, b);
        await db.SaveChangesAsync();
        CustomerId = customer.Id;
        db.TeamMembers.AddRange(
            new TeamMember { TeamId = a.Id, UserId = Ana, Available = true },
            new TeamMember { TeamId = a.Id, UserId = Luis, Available = false },
            new TeamMember { TeamId = b.Id, UserId = Marta, Available = true });
        await db.SaveChangesAsync();
        config = await SlaConfiguration.Load(db);
        return (a, b);
    }

    /// <summary>A case created at <paramref name="createdAt"/> with <paramref name="steps"/>, recomputed at its last event.</summary>
    public async Task<ServiceCase> Case(
        DateTime createdAt, Team? team = null, string? assignee = null, string type = "question",
        CasePriority priority = CasePriority.Normal, params Step[] steps)
    {
        var c = new ServiceCase
        {
            CustomerId = CustomerId, Type = type, Channel = Channel.Email, Subject = $"Case {createdAt:O}", Priority = priority,
            Status = CaseStatus.New, TeamId = team?.Id, AssigneeId = assignee, CreatedAt = createdAt, UpdatedAt = createdAt,
            LastEventAt = createdAt, Version = 1,
        };
        var events = new List<CaseEvent> { new() { OccurredAt = createdAt, RecordedAt = createdAt, Kind = CaseEventKind.Created, SlaKind = SlaEventKind.Created, Priority = priority } };
        foreach (var step in steps.OrderBy(s => s.Minute))
        {
            var at = createdAt.AddMinutes(step.Minute);
            events.Add(new CaseEvent { OccurredAt = at, RecordedAt = at, Kind = step.Kind, SlaKind = step.Sla });
            if (step.To is { } status)
            {
                c.Status = status;
                c.ResolvedAt = status == CaseStatus.Resolved ? at : status == CaseStatus.Reopened ? null : c.ResolvedAt;
                c.ClosedAt = status == CaseStatus.Closed ? at : null;
            }

            c.LastEventAt = c.UpdatedAt = at;
        }

        c.IsActive = CaseWorkflow.IsActive(c.Status);
        config!.Recompute(c, events, null, null, c.LastEventAt);
        db.Cases.Add(c);
        await db.SaveChangesAsync();
        foreach (var e in events)
        {
            e.CaseId = c.Id;
        }

        db.CaseEvents.AddRange(events);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        return c;
    }
}
