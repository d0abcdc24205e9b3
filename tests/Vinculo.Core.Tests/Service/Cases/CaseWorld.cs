using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Auth;
using Vinculo.Core.Interactions;
using Vinculo.Core.Service.Cases;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Tests.Service.Cases;

/// <summary>
/// A service desk for the case tests: the corporate calendar Monday–Friday 09:00–17:00 Europe/Madrid (CET, UTC+1, in
/// early March 2026), one corporate policy (normal: first response 60, next response 120, resolution 480 business
/// minutes; warning at 80 %), three agents, a manual team and a round-robin team, and customers of each tier.
/// </summary>
internal sealed class CaseWorld : IAsyncDisposable
{
    /// <summary>Friday 6 March 2026 16:30 in Madrid.</summary>
    public static readonly DateTime Friday1630 = Madrid(2026, 3, 6, 16, 30);

    public static readonly Actor Laura = new(Agent1, "Laura Gómez");
    public static readonly Actor Pablo = new(Agent2, "Pablo Ruiz");
    public static readonly Actor Admin = new(AdminId, "Admin");

    public const string Agent1 = "agent-1";
    public const string Agent2 = "agent-2";
    public const string Agent3 = "agent-3";
    public const string AdminId = "admin-1";

    private CaseWorld(TestDatabase db, DateTime start)
    {
        Db = db;
        Clock = new ManualClock(new DateTimeOffset(start));
        App = new TestServices(db.Settings, Clock);
    }

    public TestDatabase Db { get; }

    public ManualClock Clock { get; }

    public TestServices App { get; }

    public long CalendarId { get; private set; }

    public long CorporatePolicyId { get; private set; }

    /// <summary>Manual team (no strategy) with agents 1 and 2.</summary>
    public long Support { get; private set; }

    /// <summary>Round-robin team with agents 2 and 3.</summary>
    public long Billing { get; private set; }

    public long Ana { get; private set; }

    public long Gold { get; private set; }

    public long Platinum { get; private set; }

    /// <summary>A UTC instant from a Madrid wall-clock time in winter (UTC+1).</summary>
    public static DateTime Madrid(int year, int month, int day, int hour, int minute) =>
        new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Utc).AddHours(-1);

    public static async Task<CaseWorld> Create(string provider, DateTime? start = null)
    {
        var world = new CaseWorld(await TestDatabase.Create(provider), start ?? Friday1630);
        await world.Seed();
        return world;
    }

    public void At(DateTime utc) => Clock.Now = new DateTimeOffset(utc);

    public Task<T> Cases<T>(Func<CaseService, Task<T>> work) => App.Run(work);

    public Task<CaseDto> Open(long customer, string subject = "La factura no cuadra", string priority = "normal", long? team = null,
        string? assignee = null, IReadOnlyList<string>? tags = null, Actor? actor = null, DateTime? occurredAt = null, string type = "question") =>
        Cases(s => s.Create(new CaseInput
        {
            CustomerId = customer, Type = type, Channel = "email", Subject = subject, Priority = priority, TeamId = team, AssigneeId = assignee,
            Tags = tags, OccurredAt = occurredAt,
        }, actor ?? Laura));

    public async Task<long> Policy(string name, SlaScope scope, string? key, TargetMinutes normal)
    {
        await using var db = Db.CreateDbContext();
        var policy = new ServicePolicy
        {
            Name = name, Scope = scope, ScopeKey = key, CalendarId = CalendarId, CreatedAt = Friday1630, UpdatedAt = Friday1630, Version = 1,
            Targets = PolicyTargets.ToJson(new Dictionary<CasePriority, TargetMinutes> { [CasePriority.Normal] = normal }),
        };
        db.ServicePolicies.Add(policy);
        await db.SaveChangesAsync();
        return policy.Id;
    }

    public async Task<long> Contract(long customer)
    {
        await using var db = Db.CreateDbContext();
        var product = await db.Products.FirstOrDefaultAsync();
        if (product is null)
        {
            product = new Product { Sku = "FIB-600", NameEs = "Fibra 600", NameEn = "Fibre 600", ListPrice = 30m, CreatedAt = Friday1630, UpdatedAt = Friday1630, Version = 1 };
            db.Products.Add(product);
            await db.SaveChangesAsync();
        }

        var contract = new Contract
        {
            CustomerId = customer, ProductId = product.Id, Price = 30m, StartedAt = Friday1630, CreatedAt = Friday1630, UpdatedAt = Friday1630, Version = 1,
        };
        db.Contracts.Add(contract);
        await db.SaveChangesAsync();
        return contract.Id;
    }

    private async Task Seed()
    {
        await using var db = Db.CreateDbContext();
        var agent = new IdentityRole(Roles.Agent) { NormalizedName = Roles.Agent.ToUpperInvariant() };
        db.Roles.Add(agent);
        foreach (var (id, name) in new[] { (Agent1, "Laura Gómez"), (Agent2, "Pablo Ruiz"), (Agent3, "Inés Vidal"), (AdminId, "Admin") })
        {
            db.Users.Add(new VinculoUser
            {
                Id = id, UserName = $"{id}@test.local", NormalizedUserName = $"{id}@TEST.LOCAL".ToUpperInvariant(),
                Email = $"{id}@test.local", NormalizedEmail = $"{id}@TEST.LOCAL".ToUpperInvariant(), DisplayName = name, CreatedAt = Friday1630,
            });
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = id, RoleId = agent.Id });
        }

        var calendar = new ServiceCalendar
        {
            Name = "Corporate", TimeZone = "Europe/Madrid", CreatedAt = Friday1630, UpdatedAt = Friday1630, Version = 1,
            Definition = CalendarDefinition.OfficeHours.ToJson(),
        };
        db.ServiceCalendars.Add(calendar);
        await db.SaveChangesAsync();

        var policy = new ServicePolicy
        {
            Name = "Corporate", Scope = SlaScope.Corporate, CalendarId = calendar.Id, CreatedAt = Friday1630, UpdatedAt = Friday1630, Version = 1,
            Targets = PolicyTargets.ToJson(new Dictionary<CasePriority, TargetMinutes>
            {
                [CasePriority.Low] = new(240, 240, 960),
                [CasePriority.Normal] = new(60, 120, 480),
                [CasePriority.High] = new(30, 60, 240),
                [CasePriority.Urgent] = new(15, 30, 120),
            }),
        };
        db.ServicePolicies.Add(policy);
        var support = new Team { Name = "Support", CreatedAt = Friday1630, UpdatedAt = Friday1630, Version = 1 };
        var billing = new Team { Name = "Billing", Strategy = AssignmentStrategy.RoundRobin, CreatedAt = Friday1630, UpdatedAt = Friday1630, Version = 1 };
        db.Teams.AddRange(support, billing);
        Customer Customer(string name, string? tier, Temperament temperament = Temperament.None, string? note = null) => new()
        {
            DisplayName = name, SearchName = name.ToLowerInvariant(), Lifecycle = Lifecycle.Active, Tier = tier, Temperament = temperament,
            TemperamentNote = note, CreatedAt = Friday1630, UpdatedAt = Friday1630, Version = 1,
        };
        var ana = Customer("Ana Núñez", null, Temperament.ChronicComplainer, "Escuchar sin interrumpir; confirmar cada paso por escrito.");
        var gold = Customer("Oro SL", "gold");
        var platinum = Customer("Platino SA", "platinum");
        db.Customers.AddRange(ana, gold, platinum);
        await db.SaveChangesAsync();
        db.TeamMembers.AddRange(
            new TeamMember { TeamId = support.Id, UserId = Agent1 },
            new TeamMember { TeamId = support.Id, UserId = Agent2 },
            new TeamMember { TeamId = billing.Id, UserId = Agent2, Skills = "billing" },
            new TeamMember { TeamId = billing.Id, UserId = Agent3, Skills = "billing,english" });
        await db.SaveChangesAsync();
        (CalendarId, CorporatePolicyId, Support, Billing, Ana, Gold, Platinum) =
            (calendar.Id, policy.Id, support.Id, billing.Id, ana.Id, gold.Id, platinum.Id);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Db.DisposeAsync();
    }
}
