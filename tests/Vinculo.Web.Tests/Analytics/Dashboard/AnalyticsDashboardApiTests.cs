using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Auth;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Analytics.Dashboard;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Analytics;
using Vinculo.Web.Tests.Api;
using Vinculo.Web.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Analytics.Dashboard;

/// <summary>
/// The analytics runs API. The API tests share one database per provider and run one at a time, so a run stored here
/// is the latest until the next test stores one.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AnalyticsDashboardApiTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    internal static async Task<long> Store(VinculoApp app, AnalyticsRunStatus status, AnalyticsRunSummary? summary = null, string? error = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await SampleSummary.Store(scope.ServiceProvider.GetRequiredService<VinculoDb>(), status, summary, DateTime.UtcNow.AddMinutes(-10), error);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_latest_run_its_summary_and_the_history_are_read_by_the_analytic_roles(string provider)
    {
        var app = await App(provider);
        var failed = await Store(app, AnalyticsRunStatus.Failed, error: "warehouse locked");
        var latest = await Store(app, AnalyticsRunStatus.Succeeded, SampleSummary.Create());
        var analyst = await app.Client(Roles.Analyst);

        var response = await analyst.GetAsync("/api/v1/analytics/runs/latest");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json(response);
        Assert.Equal(latest, body.GetProperty("run").GetProperty("id").GetInt64());
        Assert.Equal("succeeded", body.GetProperty("run").GetProperty("status").GetString());
        Assert.Equal(200, body.GetProperty("run").GetProperty("durationSeconds").GetDouble());
        var summary = body.GetProperty("summary");
        Assert.Equal("champions", summary.GetProperty("rfmSegments")[1].GetProperty("segment").GetString());
        Assert.Equal(0.83, summary.GetProperty("churnModel").GetProperty("rocAuc").GetDouble());
        Assert.Equal("2026-08-01", summary.GetProperty("cohorts")[0].GetProperty("month").GetString());

        var one = await Json(await analyst.GetAsync($"/api/v1/analytics/runs/{failed}"));
        Assert.Equal("failed", one.GetProperty("run").GetProperty("status").GetString());
        Assert.Equal("warehouse locked", one.GetProperty("run").GetProperty("error").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, one.GetProperty("summary").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync("/api/v1/analytics/runs/999999999")).StatusCode);

        var page = await Json(await analyst.GetAsync("/api/v1/analytics/runs?limit=1"));
        Assert.Equal(latest, Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
        var cursor = page.GetProperty("nextCursor").GetString()!;
        var next = await Json(await analyst.GetAsync($"/api/v1/analytics/runs?limit=1&cursor={Uri.EscapeDataString(cursor)}"));
        Assert.Equal(failed, Assert.Single(next.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
        var failures = await Json(await analyst.GetAsync("/api/v1/analytics/runs?status=failed"));
        Assert.All(failures.GetProperty("items").EnumerateArray(), r => Assert.Equal("failed", r.GetProperty("status").GetString()));

        foreach (var role in new[] { Roles.Admin, Roles.Supervisor })
        {
            Assert.Equal(HttpStatusCode.OK, (await (await app.Client(role)).GetAsync("/api/v1/analytics/runs/latest")).StatusCode);
        }
    }

    [Theory, SqliteData]
    public async Task Bad_history_queries_are_400_problems(string provider)
    {
        var app = await App(provider);
        var analyst = await app.Client(Roles.Analyst);
        var limit = await AssertProblem(await analyst.GetAsync("/api/v1/analytics/runs?limit=500"), HttpStatusCode.BadRequest);
        Assert.True(limit.GetProperty("errors").TryGetProperty("limit", out _));
        var cursor = await AssertProblem(await analyst.GetAsync("/api/v1/analytics/runs?cursor=%21%21"), HttpStatusCode.BadRequest);
        Assert.True(cursor.GetProperty("errors").TryGetProperty("cursor", out _));
        var status = await AssertProblem(await analyst.GetAsync("/api/v1/analytics/runs?status=done"), HttpStatusCode.BadRequest);
        Assert.True(status.GetProperty("errors").TryGetProperty("status", out _));
    }

    [Theory, SqliteData]
    public async Task Agents_get_403_and_anonymous_callers_401(string provider)
    {
        var app = await App(provider);
        var id = await Store(app, AnalyticsRunStatus.Succeeded, SampleSummary.Create());
        var agent = await app.Client(Roles.Agent);
        var anonymous = await app.Client(null);
        foreach (var url in new[] { "/api/v1/analytics/runs", "/api/v1/analytics/runs/latest", $"/api/v1/analytics/runs/{id}" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(url)).StatusCode);
        }
    }
}
