using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Auth;
using Vinculo.Core.Customers;
using Vinculo.Core.Service.Configuration;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Tests.Service.Configuration;

/// <summary>Calendars, policies, users and cases for the configuration tests.</summary>
internal static class ConfigSeed
{
    /// <summary>Monday 2 March 2026, 08:00 UTC = 09:00 in Madrid (CET, before the change to summer time).</summary>
    public static readonly DateTimeOffset Monday9Madrid = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    public static CalendarInput Office(string name = "Oficina Madrid", string start = "09:00", string end = "17:00") => new()
    {
        Name = name,
        TimeZone = "Europe/Madrid",
        Weekly = [.. new[] { "monday", "tuesday", "wednesday", "thursday", "friday" }.Select(d => new WeeklyHoursInput(d, start, end))],
        Holidays = [new DateOnly(2026, 3, 19)],
    };

    public static PolicyInput Corporate(long calendarId, int firstResponse = 60, string name = "Corporativa") => new()
    {
        Name = name,
        Scope = "corporate",
        CalendarId = calendarId,
        Targets = new PolicyTargetsInput(
            Normal: new TargetInput(firstResponse, 240, 2400),
            Urgent: new TargetInput(15, 60, 480)),
    };

    public static async Task<long> Calendar(TestServices app, CalendarInput? input = null) =>
        (await app.Run<CalendarService, ConfigChange<CalendarDto>>(s => s.Create(input ?? Office()))).Item.Id;

    public static async Task<string> User(TestServices app, string role, string? name = null)
    {
        await using var scope = app.Scope();
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.local";
        var user = await scope.ServiceProvider.GetRequiredService<UserAdministration>().Create(email, "Test-Passw0rd!", role, name ?? role);
        return user.Id;
    }

    public static async Task<long> Customer(TestServices app, string? tier = null, string? segment = null) =>
        (await app.Run<CustomerService, CustomerDto>(s => s.Create(new CustomerInput
        {
            FirstName = "Lucía", LastName = "Ortega", Lifecycle = "active", Tier = tier, Segment = segment,
        }))).Id;

    /// <summary>
    /// A case opened at <paramref name="at"/> with its created event, its SLA computed under the current configuration
    /// (as the case use cases do).
    /// </summary>
    public static async Task<long> Case(
        TestServices app, long customerId, DateTime at, CasePriority priority = CasePriority.Normal, CaseStatus status = CaseStatus.New,
        long? teamId = null, string type = "question")
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<VinculoDb>();
        var customer = await db.Customers.AsNoTracking().FirstAsync(c => c.Id == customerId);
        var c = new ServiceCase
        {
            CustomerId = customerId, Type = type, Channel = Channel.Phone, Subject = "No funciona el router", Priority = priority,
            Status = status, IsActive = CaseWorkflow.IsActive(status), TeamId = teamId,
            CustomerRank = CustomerValue.TierRank(customer.Tier),
            CreatedAt = at, UpdatedAt = at, LastEventAt = at, QueueDueAt = SlaAlarms.NoDue, Version = 1,
        };
        db.Cases.Add(c);
        await db.SaveChangesAsync();
        var created = new CaseEvent
        {
            CaseId = c.Id, OccurredAt = at, RecordedAt = at, Kind = CaseEventKind.Created, SlaKind = SlaEventKind.Created, Priority = priority,
        };
        db.CaseEvents.Add(created);
        var config = await Core.Service.SlaConfiguration.Load(db);
        config.Recompute(c, [created], customer.Segment, customer.Tier, at);
        await db.SaveChangesAsync();
        return c.Id;
    }

    /// <summary>Records holding lists compare by reference: compare what they serialize to.</summary>
    public static void SameJson<T>(T expected, T actual) =>
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(expected), System.Text.Json.JsonSerializer.Serialize(actual));

    public static async Task<ServiceCase> ReadCase(TestServices app, long id)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<VinculoDb>().Cases.AsNoTracking().FirstAsync(c => c.Id == id);
    }
}
