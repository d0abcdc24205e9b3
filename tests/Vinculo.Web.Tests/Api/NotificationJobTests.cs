using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vinculo.Core.Auth;
using Vinculo.Core.Service;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Service;
using Vinculo.Web.Hosting;
using Vinculo.Web.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Api;

/// <summary>The SLA alarm job as the host runs it: off in the Testing environment, on when a test turns it on.</summary>
public sealed class NotificationJobTests
{
    [Theory, SqliteData, PostgresData]
    public async Task The_hosted_job_takes_the_lease_fires_a_due_breach_and_the_supervisor_reads_it(string provider)
    {
        await using var app = new VinculoApp(await TestDatabase.Create(provider, migrate: false));
        // The shared test host keeps the job off.
        Assert.False(app.Services.GetRequiredService<IOptions<SlaAlarmOptions>>().Value.Enabled);

        // A second host over the same database with the job on (the first one disposes it).
        var running = app.WithWebHostBuilder(b => b.ConfigureServices(s => s.Configure<SlaAlarmOptions>(o =>
        {
            o.Enabled = true;
            o.IntervalSeconds = 1;
        })));
        var email = $"sup-{Guid.NewGuid():N}@test.local";
        await using (var scope = running.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<UserAdministration>().Create(email, VinculoApp.Password, Roles.Supervisor);
        }

        var caseId = await SeedOverdueCase(running.Services);
        var breaches = 0;
        for (var i = 0; i < 100 && breaches == 0; i++)
        {
            await Task.Delay(200);
            await using var scope = running.Services.CreateAsyncScope();
            breaches = await scope.ServiceProvider.GetRequiredService<VinculoDb>().CaseEvents
                .CountAsync(e => e.CaseId == caseId && e.Kind == CaseEventKind.SlaBreach);
        }

        Assert.Equal(1, breaches);
        await using (var scope = running.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<VinculoDb>();
            Assert.Equal(SlaAlarmService.LeaseName, (await db.JobLeases.SingleAsync()).Name);
        }

        var client = running.CreateClient();
        var token = await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password = VinculoApp.Password });
        token.EnsureSuccessStatusCode();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/notifications");
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(("slaBreach", caseId), (item.GetProperty("kind").GetString(), item.GetProperty("caseId").GetInt64()));
        Assert.Equal("firstResponse", item.GetProperty("data").GetProperty("target").GetString());
        Assert.Equal(1, page.GetProperty("unread").GetInt32());
    }

    /// <summary>A 24/7 calendar, a corporate policy (first response 60 min, notify the supervisor on a breach) and a case opened two hours ago.</summary>
    private static async Task<long> SeedOverdueCase(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VinculoDb>();
        var now = Timestamps.Truncate(DateTime.UtcNow);
        var opened = now.AddHours(-2);
        var calendar = new ServiceCalendar
        {
            Name = "Always", TimeZone = "UTC", CreatedAt = now, UpdatedAt = now, Version = 1,
            Definition = new CalendarDefinition([.. Enum.GetValues<DayOfWeek>().Select(d => new WeeklyHoursDocument(d, "00:00", "24:00"))]).ToJson(),
        };
        db.ServiceCalendars.Add(calendar);
        var customer = new Customer { DisplayName = "Marta Sánchez", SearchName = "marta sanchez", Lifecycle = Lifecycle.Active, CreatedAt = now, UpdatedAt = now, Version = 1 };
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        db.ServicePolicies.Add(new ServicePolicy
        {
            Name = "Corporate", Scope = SlaScope.Corporate, CalendarId = calendar.Id, WarningShare = 0.5, CreatedAt = now, UpdatedAt = now, Version = 1,
            Targets = PolicyTargets.ToJson(new Dictionary<CasePriority, TargetMinutes> { [CasePriority.Normal] = new(60) }),
            Escalations = EscalationRule.ToJson([new EscalationRule(SlaAlarmKind.Breach, null, EscalationAction.NotifySupervisor)]),
        });
        var c = new ServiceCase
        {
            CustomerId = customer.Id, Type = "question", Channel = Channel.Phone, Subject = "Sin conexión", Priority = CasePriority.Normal,
            CreatedAt = opened, UpdatedAt = opened, LastEventAt = opened, Version = 1,
        };
        db.Cases.Add(c);
        await db.SaveChangesAsync();
        var created = new CaseEvent { CaseId = c.Id, OccurredAt = opened, RecordedAt = opened, Kind = CaseEventKind.Created, SlaKind = SlaEventKind.Created, Priority = CasePriority.Normal };
        db.CaseEvents.Add(created);
        (await SlaConfiguration.Load(db)).Recompute(c, [created], null, null, opened);
        await db.SaveChangesAsync();
        return c.Id;
    }
}
