using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Analytics.Scores;
using Vinculo.Core.Auth;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Analytics;
using Vinculo.Web.Tests.Api;
using Vinculo.Web.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Analytics;

/// <summary>
/// The scores API: a customer's scores, the scored-customers list, the default alerts and their actions, with the
/// policies of each. Scores are seeded with the results writer (synthetic results; every write replaces the scores of
/// the shared test database, so each test writes its own).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AnalyticsScoresApiTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    private static AnalyticsRunSummary Summary() =>
        new(DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow, "full", [], [new SegmentSummary("atRisk", 1, 10m, 10m)], null, [], [], null, null, null, [], [], []);

    private static CustomerScore Score(long id, string segment, double? churn, double? risk, decimal? value) =>
        new(id, 30, 3, 120m, 2, 3, 3, segment, 2, churn, [new ScoreFactor("complaints", "3", 0.9)], risk, [new ScoreFactor("overdueInvoices", "2", 1.1)],
            1.5, 0.7, 40m, value);

    private static async Task Write(VinculoApp app, params CustomerScore[] scores)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AnalyticsResultsWriter>().WriteAsync(new AnalyticsResults(Summary(), scores, [], []));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Scores_lists_and_alerts_answer_with_problem_details_on_errors(string provider)
    {
        var app = await App(provider);
        var admin = await app.Client(Roles.Admin);
        var ana = await CreateCustomer(admin, NewCustomer("Ana", "Riesgo"));
        var blas = await CreateCustomer(admin, NewCustomer("Blas", "Tranquilo"));
        var nadie = await CreateCustomer(admin, NewCustomer("Nadie", "Sinpuntuar"));
        await Write(app, Score(ana, "atRisk", 0.81, 0.66, 900m), Score(blas, "champions", 0.05, 0.1, 2000m));

        var scores = await Json(await admin.GetAsync($"/api/v1/customers/{ana}/scores"));
        Assert.True(scores.GetProperty("scored").GetBoolean());
        Assert.Equal("atRisk", scores.GetProperty("rfm").GetProperty("segment").GetString());
        Assert.Equal(0.81, scores.GetProperty("churn").GetProperty("probability").GetDouble());
        Assert.Equal("complaints", scores.GetProperty("churn").GetProperty("factors")[0].GetProperty("feature").GetString());
        Assert.Equal("open", scores.GetProperty("alert").GetProperty("status").GetString());
        var alertId = scores.GetProperty("alert").GetProperty("id").GetInt64();

        var empty = await admin.GetAsync($"/api/v1/customers/{nadie}/scores");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        var emptyBody = await Json(empty);
        Assert.False(emptyBody.GetProperty("scored").GetBoolean());
        Assert.Equal(JsonValueKind.Null, emptyBody.GetProperty("churn").ValueKind);
        await AssertProblem(await admin.GetAsync("/api/v1/customers/987654321/scores"), HttpStatusCode.NotFound);

        var list = await Json(await admin.GetAsync("/api/v1/analytics/customers?sort=value&limit=1"));
        Assert.Equal(blas, list.GetProperty("items")[0].GetProperty("customerId").GetInt64());
        var cursor = list.GetProperty("nextCursor").GetString();
        var second = await Json(await admin.GetAsync($"/api/v1/analytics/customers?sort=value&limit=1&cursor={cursor}"));
        Assert.Equal(ana, second.GetProperty("items")[0].GetProperty("customerId").GetInt64());
        var filtered = await Json(await admin.GetAsync("/api/v1/analytics/customers?segment=atRisk&minChurn=0.5&minDefault=0.5&minValue=100"));
        Assert.Equal([ana], filtered.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("customerId").GetInt64()));
        foreach (var bad in new[] { "minChurn=2", "minDefault=x", "minValue=abc", "sort=name", "cluster=a", "limit=500", "cursor=zz" })
        {
            var problem = await AssertProblem(await admin.GetAsync("/api/v1/analytics/customers?" + bad), HttpStatusCode.BadRequest);
            Assert.True(problem.TryGetProperty("errors", out _), bad);
        }

        var choices = await Json(await admin.GetAsync("/api/v1/analytics/customers/choices"));
        Assert.Equal("atRisk", choices.GetProperty("segments")[0].GetString());

        var alerts = await Json(await admin.GetAsync("/api/v1/analytics/alerts?status=open"));
        Assert.Contains(alerts.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetInt64() == alertId);
        await AssertProblem(await admin.GetAsync("/api/v1/analytics/alerts?status=closed"), HttpStatusCode.BadRequest);

        // Dismiss needs a reason; opening a case links it; an alert that is not open is a 409.
        await AssertProblem(await admin.PostAsJsonAsync($"/api/v1/analytics/alerts/{alertId}/dismiss", new { reason = "" }), HttpStatusCode.BadRequest);
        var opened = await admin.PostAsJsonAsync($"/api/v1/analytics/alerts/{alertId}/case", new { });
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var openedBody = await Json(opened);
        Assert.Equal("caseOpened", openedBody.GetProperty("status").GetString());
        var caseId = openedBody.GetProperty("caseId").GetInt64();
        var kase = await Json(await admin.GetAsync($"/api/v1/cases/{caseId}"));
        Assert.Equal(ana, kase.GetProperty("customerId").GetInt64());
        await AssertProblem(await admin.PostAsJsonAsync($"/api/v1/analytics/alerts/{alertId}/case", new { }), HttpStatusCode.Conflict);
        await AssertProblem(await admin.PostAsJsonAsync($"/api/v1/analytics/alerts/{alertId}/dismiss", new { reason = "late" }), HttpStatusCode.Conflict);
        await AssertProblem(await admin.PostAsJsonAsync("/api/v1/analytics/alerts/987654321/dismiss", new { reason = "x" }), HttpStatusCode.NotFound);
        await AssertProblem(await admin.PostAsJsonAsync("/api/v1/analytics/alerts/987654321/case", new { }), HttpStatusCode.NotFound);

        // The queue filter by the customer's analytics.
        var queue = await Json(await admin.GetAsync($"/api/v1/cases?rfmSegment=atRisk&minChurn=0.8&customerId={ana}"));
        Assert.Equal([caseId], queue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
        await AssertProblem(await admin.GetAsync("/api/v1/cases?minChurn=lots"), HttpStatusCode.BadRequest);

        // A new alert (for a new write) is dismissed with a reason.
        await Write(app, Score(blas, "champions", 0.05, 0.95, 2000m));
        var blasAlert = (await Json(await admin.GetAsync($"/api/v1/customers/{blas}/scores"))).GetProperty("alert").GetProperty("id").GetInt64();
        var dismissed = await Json(await admin.PostAsJsonAsync($"/api/v1/analytics/alerts/{blasAlert}/dismiss", new { reason = "Pagó ayer." }));
        Assert.Equal(("dismissed", "Pagó ayer."), (dismissed.GetProperty("status").GetString(), dismissed.GetProperty("reason").GetString()));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Every_endpoint_refuses_the_wrong_role_and_anonymous_callers(string provider)
    {
        var app = await App(provider);
        var admin = await app.Client(Roles.Admin);
        var customer = await CreateCustomer(admin, NewCustomer("Rita", "Roles"));
        await Write(app, Score(customer, "atRisk", 0.5, 0.9, 10m));
        var alertId = (await Json(await admin.GetAsync($"/api/v1/customers/{customer}/scores"))).GetProperty("alert").GetProperty("id").GetInt64();

        // Agents read a customer's scores (they read the customer) but not the lists nor the alerts.
        var agent = await app.Client(Roles.Agent);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync($"/api/v1/customers/{customer}/scores")).StatusCode);
        foreach (var url in new[] { "/api/v1/analytics/customers", "/api/v1/analytics/customers/choices", "/api/v1/analytics/alerts", $"/api/v1/analytics/alerts/{alertId}" })
        {
            await AssertProblem(await agent.GetAsync(url), HttpStatusCode.Forbidden);
        }

        await AssertProblem(await agent.PostAsJsonAsync($"/api/v1/analytics/alerts/{alertId}/case", new { }), HttpStatusCode.Forbidden);
        await AssertProblem(await agent.PostAsJsonAsync($"/api/v1/analytics/alerts/{alertId}/dismiss", new { reason = "x" }), HttpStatusCode.Forbidden);

        // Analysts read the lists but do not act on alerts.
        var analyst = await app.Client(Roles.Analyst);
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync("/api/v1/analytics/customers")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync($"/api/v1/customers/{customer}/scores")).StatusCode);
        await AssertProblem(await analyst.GetAsync("/api/v1/analytics/alerts"), HttpStatusCode.Forbidden);
        await AssertProblem(await analyst.PostAsJsonAsync($"/api/v1/analytics/alerts/{alertId}/case", new { }), HttpStatusCode.Forbidden);
        await AssertProblem(await analyst.PostAsJsonAsync($"/api/v1/analytics/alerts/{alertId}/dismiss", new { reason = "x" }), HttpStatusCode.Forbidden);

        // Supervisors do everything.
        var supervisor = await app.Client(Roles.Supervisor);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/api/v1/analytics/alerts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/api/v1/analytics/customers")).StatusCode);

        var anonymous = await app.Client(null);
        foreach (var url in new[]
                 {
                     $"/api/v1/customers/{customer}/scores", "/api/v1/analytics/customers", "/api/v1/analytics/customers/choices",
                     "/api/v1/analytics/alerts", $"/api/v1/analytics/alerts/{alertId}",
                 })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(url)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync($"/api/v1/analytics/alerts/{alertId}/case", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync($"/api/v1/analytics/alerts/{alertId}/dismiss", new { reason = "x" })).StatusCode);
    }
}
