using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Analytics.Pipeline;
using Vinculo.Core.Analytics.Warehouse;
using Vinculo.Core.Auth;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Web.Hosting;
using Vinculo.Web.Tests.Api;
using Vinculo.Web.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Analytics.Refresh;

/// <summary>POST and GET /api/v1/analytics/refresh: who may, the background run and its progress, one at a time.</summary>
[Collection(ApiCollection.Name)]
public sealed class AnalyticsRefreshApiTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    private const string Url = "/api/v1/analytics/refresh";

    [Theory, SqliteData, PostgresData]
    public async Task Only_admins_and_supervisors_refresh_the_analytics(string provider)
    {
        var app = await App(provider);
        foreach (var role in new[] { Roles.Agent, Roles.Analyst })
        {
            var client = await app.Client(role);
            await AssertProblem(await client.GetAsync(Url), HttpStatusCode.Forbidden);
            await AssertProblem(await client.PostAsJsonAsync(Url, new { mode = "full" }), HttpStatusCode.Forbidden);
        }

        var anonymous = await app.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Url)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync(Url, new { mode = "full" })).StatusCode);

        foreach (var role in new[] { Roles.Admin, Roles.Supervisor })
        {
            Assert.Equal(HttpStatusCode.OK, (await (await app.Client(role)).GetAsync(Url)).StatusCode);
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_refresh_while_another_runs_is_409_and_a_bad_mode_is_400(string provider)
    {
        var app = await App(provider);
        var admin = await app.Client(Roles.Admin);
        await AssertProblem(await admin.PostAsJsonAsync(Url, new { mode = "sometimes" }), HttpStatusCode.BadRequest);

        // Another node holds the refresh lease.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<VinculoDb>();
            Assert.True(await JobLeases.TryAcquire(db, AnalyticsRefresh.LeaseName, "another-node", DateTime.UtcNow, TimeSpan.FromMinutes(5)));
        }

        try
        {
            await AssertProblem(await admin.PostAsJsonAsync(Url, new { mode = "full" }), HttpStatusCode.Conflict);
        }
        finally
        {
            await using var scope = app.Services.CreateAsyncScope();
            await JobLeases.Release(scope.ServiceProvider.GetRequiredService<VinculoDb>(), AnalyticsRefresh.LeaseName, "another-node");
        }
    }

    [Theory, SqliteData]
    public async Task Refresh_now_runs_in_the_background_and_reports_its_progress(string provider)
    {
        // A host of its own: the run writes scores, which the shared database of the other API tests should not see.
        await using var app = new VinculoApp(await TestDatabase.Create(provider, migrate: false));
        _ = app.Server;
        var admin = await app.Client(Roles.Admin);
        var warehouse = app.Services.GetRequiredService<AnalyticsWarehouse>();
        try
        {
            var idle = await Json(await admin.GetAsync(Url));
            Assert.Equal("idle", idle.GetProperty("state").GetString());

            var started = await admin.PostAsync(Url, null);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            Assert.Equal(Url, started.Headers.Location?.OriginalString);
            var body = await Json(started);
            Assert.Equal("running", body.GetProperty("state").GetString());
            Assert.Equal("full", body.GetProperty("mode").GetString());

            var result = await app.Services.GetRequiredService<AnalyticsRefreshMonitor>().Completion;
            Assert.NotNull(result);
            var done = await Json(await admin.GetAsync(Url));
            Assert.Equal("succeeded", done.GetProperty("state").GetString());
            Assert.Equal(result!.RunId, done.GetProperty("runId").GetInt64());
            Assert.Equal(1, done.GetProperty("overall").GetDouble());
            Assert.Equal(AnalyticsStages.All.Count, done.GetProperty("timings").GetArrayLength());
        }
        finally
        {
            File.Delete(warehouse.Path);
        }
    }

    [Fact]
    public void The_nightly_refresh_runs_at_the_local_time_of_the_configured_zone()
    {
        var madrid = TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid");
        var at = new TimeOnly(2, 30);
        // Winter (UTC+1): 02:30 local is 01:30 UTC, the same night when it is earlier, the next one when it has passed.
        Assert.Equal(new DateTime(2026, 1, 15, 1, 30, 0, DateTimeKind.Utc), AnalyticsNightlyJob.NextRun(new DateTime(2026, 1, 15, 0, 0, 0, DateTimeKind.Utc), at, madrid));
        Assert.Equal(new DateTime(2026, 1, 16, 1, 30, 0, DateTimeKind.Utc), AnalyticsNightlyJob.NextRun(new DateTime(2026, 1, 15, 1, 30, 0, DateTimeKind.Utc), at, madrid));
        // Summer (UTC+2).
        Assert.Equal(new DateTime(2026, 7, 1, 0, 30, 0, DateTimeKind.Utc), AnalyticsNightlyJob.NextRun(new DateTime(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc), at, madrid));
        // 29 March 2026: the clock jumps from 02:00 to 03:00, so 02:30 does not exist; the refresh runs at 03:00 local (01:00 UTC).
        Assert.Equal(new DateTime(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc), AnalyticsNightlyJob.NextRun(new DateTime(2026, 3, 28, 12, 0, 0, DateTimeKind.Utc), at, madrid));
        Assert.Equal(new DateTime(2026, 1, 15, 2, 30, 0, DateTimeKind.Utc), AnalyticsNightlyJob.NextRun(new DateTime(2026, 1, 15, 0, 0, 0, DateTimeKind.Utc), at, TimeZoneInfo.Utc));
        Assert.Equal(new TimeOnly(2, 30), new AnalyticsNightlyOptions { NightlyAt = "not a time" }.At);
        Assert.Equal(new TimeOnly(23, 5), new AnalyticsNightlyOptions { NightlyAt = "23:05" }.At);
    }
}
