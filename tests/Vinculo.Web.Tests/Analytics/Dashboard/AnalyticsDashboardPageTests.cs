using System.Net;
using System.Text.RegularExpressions;
using Vinculo.Core.Auth;
using Vinculo.Core.Tests.Analytics.Dashboard;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Analytics;
using Vinculo.Web.Tests.Api;
using Vinculo.Web.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Analytics.Dashboard;

/// <summary>
/// The dashboard page rendered by the server: every chart with its title, description and table, the translated
/// segment and feature names, user text encoded, an earlier run by ?run=, and the run history.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class AnalyticsDashboardPageTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    private static readonly string[] Charts =
    [
        "segments-customers", "segments-monetary", "segments-lifetime", "clusters-silhouette", "churn-distribution", "default-distribution",
        "cohort-retention", "churn-model-roc", "churn-model-calibration", "churn-model-gains", "churn-model-lift", "churn-model-importances",
        "default-model-roc", "default-model-calibration", "default-model-gains", "default-model-lift", "default-model-importances", "forecast-0",
    ];

    [Theory, SqliteData, PostgresData]
    public async Task The_dashboard_draws_every_part_of_the_latest_run_in_spanish_and_english(string provider)
    {
        var app = await App(provider);
        var failed = await AnalyticsDashboardApiTests.Store(app, AnalyticsRunStatus.Failed, error: "Sin espacio <disco>");
        var id = await AnalyticsDashboardApiTests.Store(app, AnalyticsRunStatus.Succeeded, SampleSummary.Create(note: SampleSummary.Hostile));
        var analyst = await app.Client(Roles.Analyst);

        var raw = await analyst.GetStringAsync("/analytics?culture=es&ui-culture=es");
        Assert.DoesNotContain("<script>", raw, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", raw, StringComparison.Ordinal);
        var es = WebUtility.HtmlDecode(raw);
        Assert.Contains($"data-run=\"{id}\"", es, StringComparison.Ordinal);
        foreach (var chart in Charts)
        {
            Assert.Contains($"data-chart=\"{chart}\"", es, StringComparison.Ordinal);
            Assert.Contains($"<title id=\"{chart}-title\">", es, StringComparison.Ordinal);
            Assert.Contains($"<desc id=\"{chart}-desc\">", es, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("data-empty", es, StringComparison.Ordinal);
        Assert.True(Regex.Count(es, "<details class=\"chart-data\">") >= Charts.Length);
        Assert.Contains("Segmentos RFM", es, StringComparison.Ordinal);
        Assert.Contains("Campeones", es, StringComparison.Ordinal);
        Assert.Contains("mysterySegment", es, StringComparison.Ordinal);
        Assert.Contains("Facturas vencidas", es, StringComparison.Ordinal);
        Assert.Contains("someNewFeature", es, StringComparison.Ordinal);
        Assert.Contains("Pedidos: alto · Días desde la última compra: bajo", es, StringComparison.Ordinal);
        Assert.Contains("No purchase in the 90 days after the cut-off.", es, StringComparison.Ordinal);
        Assert.Contains("gradientBoostedTrees", es, StringComparison.Ordinal);
        Assert.Contains("Teléfono: contactos diarios", es, StringComparison.Ordinal);
        Assert.Contains("fact_order_line", es, StringComparison.Ordinal);
        Assert.Contains("data-k=\"3\"", es, StringComparison.Ordinal);
        Assert.Contains($"data-run=\"{failed}\" data-status=\"failed\"", es, StringComparison.Ordinal);
        Assert.Contains("Sin espacio <disco>", es, StringComparison.Ordinal);
        Assert.Contains("Fallida", es, StringComparison.Ordinal);
        Assert.Contains("css/analytics", es, StringComparison.Ordinal);

        var en = WebUtility.HtmlDecode(await analyst.GetStringAsync("/analytics?culture=en&ui-culture=en"));
        Assert.Contains("RFM segments", en, StringComparison.Ordinal);
        Assert.Contains("Champions", en, StringComparison.Ordinal);
        Assert.Contains("Overdue invoices", en, StringComparison.Ordinal);
        Assert.Contains("Run history", en, StringComparison.Ordinal);
    }

    [Theory, SqliteData]
    public async Task An_earlier_run_a_run_without_results_and_bad_pages_are_explained(string provider)
    {
        var app = await App(provider);
        var earlier = await AnalyticsDashboardApiTests.Store(app, AnalyticsRunStatus.Succeeded, SampleSummary.Create(note: "earlier run"));
        var failed = await AnalyticsDashboardApiTests.Store(app, AnalyticsRunStatus.Failed, error: "boom");
        await AnalyticsDashboardApiTests.Store(app, AnalyticsRunStatus.Succeeded, SampleSummary.Create(note: "latest run"));
        var supervisor = await app.Client(Roles.Supervisor);

        var old = WebUtility.HtmlDecode(await supervisor.GetStringAsync($"/analytics?run={earlier}&culture=en&ui-culture=en"));
        Assert.Contains("earlier run", old, StringComparison.Ordinal);
        Assert.Contains("Back to the latest run", old, StringComparison.Ordinal);
        var none = WebUtility.HtmlDecode(await supervisor.GetStringAsync($"/analytics?run={failed}&culture=en&ui-culture=en"));
        Assert.Contains($"Run {failed} has no results to show (status: Failed).", none, StringComparison.Ordinal);
        var missing = WebUtility.HtmlDecode(await supervisor.GetStringAsync("/analytics?run=999999999&culture=en&ui-culture=en"));
        Assert.Contains("There is no run 999999999.", missing, StringComparison.Ordinal);
        Assert.Contains("latest run", missing, StringComparison.Ordinal);
        var bad = WebUtility.HtmlDecode(await supervisor.GetStringAsync("/analytics?cursor=%21%21&culture=en&ui-culture=en"));
        Assert.Contains("The page is not valid. Start again from the first page.", bad, StringComparison.Ordinal);
    }

    [Theory, SqliteData]
    public async Task Agents_may_not_open_the_dashboard(string provider)
    {
        var app = await App(provider);
        var response = await (await app.Client(Roles.Agent)).GetAsync("/analytics?culture=en&ui-culture=en");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("RFM segments", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

/// <summary>The page over a database where no analytics run exists yet: the empty state says how to start one.</summary>
public sealed class AnalyticsDashboardEmptyStateTests
{
    [Fact]
    public async Task Before_the_first_run_the_page_says_how_to_start_one()
    {
        await using var app = new VinculoApp(await TestDatabase.Create("sqlite", migrate: false));
        _ = app.Server;
        await app.CreateRoleUsers();
        var analyst = await app.Client(Roles.Analyst);
        var es = WebUtility.HtmlDecode(await analyst.GetStringAsync("/analytics?culture=es&ui-culture=es"));
        Assert.Contains("data-empty=\"true\"", es, StringComparison.Ordinal);
        Assert.Contains("Todavía no hay ninguna ejecución analítica", es, StringComparison.Ordinal);
        Assert.Contains("<code>vinculo analytics refresh</code>", es, StringComparison.Ordinal);
        Assert.Contains("Todavía no hay ejecuciones.", es, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg role=\"img\"", es, StringComparison.Ordinal);
        var api = await analyst.GetAsync("/api/v1/analytics/runs/latest");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
    }
}
