using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Auth;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Service;
using Vinculo.Web.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class ServiceReportApiTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    private const string Reports = "/api/v1/service/reports";

    private static readonly string[] Endpoints =
    [
        $"{Reports}/compliance", $"{Reports}/compliance.csv", $"{Reports}/trend", $"{Reports}/backlog", $"{Reports}/dashboard",
    ];

    /// <summary>
    /// Five resolved cases of one new team created in March 2011 (a month no other test uses), with the SLA columns the engine
    /// leaves: first responses of 10, 20, 30, 40 and 200 business minutes against 60 (the last one breached, then answered),
    /// resolutions of 100 minutes, met.
    /// </summary>
    private static async Task<long> FiveCases(VinculoApp app, long customerId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VinculoDb>();
        var created = new DateTime(2011, 3, 10, 9, 0, 0, DateTimeKind.Utc);
        var team = new Team { Name = $"Informes {Guid.NewGuid():N}", CreatedAt = created, UpdatedAt = created, Version = 1 };
        db.Teams.Add(team);
        await db.SaveChangesAsync();
        foreach (var minutes in new[] { 10, 20, 30, 40, 200 })
        {
            var replied = created.AddMinutes(minutes);
            var c = new ServiceCase
            {
                CustomerId = customerId, Type = "question", Channel = Channel.Email, Subject = "Informe", Priority = CasePriority.Normal,
                Status = CaseStatus.Resolved, IsActive = false, TeamId = team.Id, CreatedAt = created, UpdatedAt = created.AddMinutes(300),
                LastEventAt = created.AddMinutes(300), ResolvedAt = created.AddMinutes(300), Version = 3,
                FrState = minutes <= 60 ? SlaClockState.Met : SlaClockState.Breached, FrElapsedSeconds = minutes * 60,
                FrMetAt = minutes <= 60 ? replied : null, FrBreachedAt = minutes <= 60 ? null : created.AddMinutes(60),
                ResState = SlaClockState.Met, ResElapsedSeconds = 100 * 60, ResMetAt = created.AddMinutes(100),
                QueueDueAt = SlaAlarms.NoDue,
            };
            db.Cases.Add(c);
            await db.SaveChangesAsync();
            db.CaseEvents.AddRange(
                new CaseEvent { CaseId = c.Id, OccurredAt = created, RecordedAt = created, Kind = CaseEventKind.Created, SlaKind = SlaEventKind.Created, Priority = CasePriority.Normal },
                new CaseEvent { CaseId = c.Id, OccurredAt = replied, RecordedAt = replied, Kind = CaseEventKind.AgentReply, SlaKind = SlaEventKind.AgentPublicReply });
            await db.SaveChangesAsync();
            created = created.AddHours(1);
        }

        return team.Id;
    }

    [Theory, SqliteData, PostgresData]
    public async Task Reports_are_for_supervisors_admins_and_analysts_only(string provider)
    {
        var app = await App(provider);
        var agent = await app.Client(Roles.Agent);
        var anonymous = await app.Client(null);
        var analyst = await app.Client(Roles.Analyst);
        var supervisor = await app.Client(Roles.Supervisor);
        foreach (var url in Endpoints)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync(url)).StatusCode);
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task Compliance_by_team_has_the_hand_computed_figures_and_the_same_in_CSV(string provider)
    {
        var app = await App(provider);
        var admin = await app.Client(Roles.Admin);
        var teamId = await FiveCases(app, await CreateCustomer(admin));

        var response = await admin.GetAsync($"{Reports}/compliance?month=2011-03&by=team");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await Json(response);
        Assert.Equal("2011-03", report.GetProperty("month").GetString());
        Assert.Equal("team", report.GetProperty("by").GetString());
        Assert.Equal("UTC", report.GetProperty("timeZone").GetString());
        Assert.Equal(new DateTime(2011, 3, 1, 0, 0, 0, DateTimeKind.Utc), report.GetProperty("from").GetDateTime().ToUniversalTime());
        var group = report.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("key").GetString() == teamId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(5, group.GetProperty("cases").GetInt32());
        var fr = group.GetProperty("firstResponse");
        Assert.Equal((4, 1, 0), (fr.GetProperty("met").GetInt32(), fr.GetProperty("breached").GetInt32(), fr.GetProperty("pending").GetInt32()));
        Assert.Equal(0.8, fr.GetProperty("shareMet").GetDouble());
        Assert.Equal((30.0, 200.0), (fr.GetProperty("medianMinutes").GetDouble(), fr.GetProperty("p90Minutes").GetDouble()));
        Assert.Equal(1.0, group.GetProperty("resolution").GetProperty("shareMet").GetDouble());
        Assert.Equal(0, group.GetProperty("nextResponse").GetProperty("cycles").GetInt64());

        var csv = await admin.GetAsync($"{Reports}/compliance.csv?month=2011-03&by=team");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal("sla-compliance.csv", csv.Content.Headers.ContentDisposition?.FileNameStar ?? csv.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.NotEqual(0xEF, bytes[0]); // no byte-order mark
        var lines = System.Text.Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("dimension,key,label,month,cases,fr_met,fr_breached,fr_pending,fr_not_applicable,fr_share_met,", lines[0]);
        var row = Assert.Single(lines, l => l.StartsWith($"team,{teamId},", StringComparison.Ordinal));
        Assert.EndsWith(",2011-03,5,4,1,0,0,0.8,5,30,200,5,0,0,0,1,5,100,100,0,0", row);
        Assert.StartsWith("total,,,2011-03,", lines[^1]);

        var trend = await Json(await admin.GetAsync($"{Reports}/trend?months=3&to=2011-04"));
        Assert.Equal(["2011-02", "2011-03", "2011-04"], trend.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("key").GetString()));
        Assert.Equal([0, 5, 0], trend.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("cases").GetInt32()));
        Assert.Equal("month", trend.GetProperty("by").GetString());
        Assert.Equal(30.0, trend.GetProperty("groups")[1].GetProperty("firstResponse").GetProperty("medianMinutes").GetDouble());
        var counted = await Json(await admin.GetAsync($"{Reports}/trend?months=3&to=2011-04&times=false"));
        var march = counted.GetProperty("groups")[1].GetProperty("firstResponse");
        Assert.Equal((4, 1, 0.8), (march.GetProperty("met").GetInt32(), march.GetProperty("breached").GetInt32(), march.GetProperty("shareMet").GetDouble()));
        Assert.Equal(JsonValueKind.Null, march.GetProperty("medianMinutes").ValueKind);

        // Madrid's March 2011 starts an hour earlier; the five cases are mid-month either way.
        var madrid = await Json(await admin.GetAsync($"{Reports}/compliance?month=2011-03&by=priority&timeZone=Europe/Madrid"));
        Assert.Equal(new DateTime(2011, 2, 28, 23, 0, 0, DateTimeKind.Utc), madrid.GetProperty("from").GetDateTime().ToUniversalTime());
        Assert.Equal("normal", madrid.GetProperty("groups")[0].GetProperty("key").GetString());
    }

    [Theory, SqliteData, PostgresData]
    public async Task Bad_months_dimensions_and_zones_are_400_problems(string provider)
    {
        var client = await (await App(provider)).Client(Roles.Supervisor);
        foreach (var (url, field) in new[]
                 {
                     ($"{Reports}/compliance?month=2026-13", "month"),
                     ($"{Reports}/compliance?month=nov", "month"),
                     ($"{Reports}/compliance?month=2026-11&by=customer", "by"),
                     ($"{Reports}/compliance?timeZone=Moon/Base", "timeZone"),
                     ($"{Reports}/compliance.csv?month=2026-1", "month"),
                     ($"{Reports}/compliance.csv?by=weekday", "by"),
                     ($"{Reports}/trend?months=0", "months"),
                     ($"{Reports}/trend?months=12&to=2026-00", "to"),
                     ($"{Reports}/backlog?timeZone=Nowhere", "timeZone"),
                     ($"{Reports}/dashboard?timeZone=Nowhere", "timeZone"),
                 })
        {
            var problem = await AssertProblem(await client.GetAsync(url), HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), url);
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task Backlog_and_dashboard_have_totals_teams_and_lists(string provider)
    {
        var client = await (await App(provider)).Client(Roles.Supervisor);
        var backlog = await Json(await client.GetAsync($"{Reports}/backlog?timeZone=Europe/Madrid"));
        var total = backlog.GetProperty("total");
        Assert.Equal(JsonValueKind.Number, total.GetProperty("cases").ValueKind);
        Assert.Equal(
            total.GetProperty("cases").GetInt32(),
            total.GetProperty("ages").EnumerateObject().Where(p => p.Name != "total").Sum(p => p.Value.GetInt32()));
        Assert.Equal(JsonValueKind.Array, backlog.GetProperty("teams").ValueKind);

        var dashboard = await Json(await client.GetAsync($"{Reports}/dashboard"));
        Assert.Equal(JsonValueKind.Array, dashboard.GetProperty("nearestToBreach").ValueKind);
        Assert.True(dashboard.GetProperty("nearestToBreach").GetArrayLength() <= 10);
        Assert.Equal(JsonValueKind.Array, dashboard.GetProperty("agents").ValueKind);
        Assert.Equal(JsonValueKind.Number, dashboard.GetProperty("breachedToday").ValueKind);
    }
}
