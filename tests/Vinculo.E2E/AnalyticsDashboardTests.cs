using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vinculo.Core.Analytics.Dashboard;
using Vinculo.Core.Storage;
using Vinculo.Domain.Analytics;
using Vinculo.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vinculo.E2E;

/// <summary>
/// The analytics dashboard through a real browser: the empty state before the first run, then a stored run drawn as
/// charts with their tables, reachable and opened from the keyboard, and the run history.
/// </summary>
public sealed class AnalyticsDashboardTests(E2EFixture fixture) : IClassFixture<E2EFixture>
{
    private static readonly string[] Charts =
    [
        "segments-customers", "segments-monetary", "segments-lifetime", "clusters-silhouette", "churn-distribution", "default-distribution",
        "cohort-retention", "churn-model-roc", "churn-model-calibration", "churn-model-gains", "churn-model-lift", "churn-model-importances",
        "default-model-roc", "forecast-0",
    ];

    [ChromiumFact]
    public async Task An_analyst_reads_the_latest_run_as_charts_and_tables_from_the_keyboard()
    {
        await fixture.Start();
        var page = await fixture.NewPage();
        await fixture.SignIn(page, "/analytics", E2EFixture.AnalystEmail);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Analítica");
        await Expect(page.Locator(".analytics-empty h2")).ToHaveTextAsync("Todavía no hay ninguna ejecución analítica");
        await Expect(page.Locator(".analytics-empty code")).ToHaveTextAsync("vinculo analytics refresh");
        await Expect(page.Locator(".mainnav").GetByRole(AriaRole.Link, new() { Name = "Analítica", Exact = true })).ToHaveAttributeAsync("aria-current", "page");

        long id;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<VinculoDb>();
            db.AnalyticsRuns.Add(new AnalyticsRun
            {
                StartedAt = DateTime.UtcNow.AddDays(-1), FinishedAt = DateTime.UtcNow.AddDays(-1).AddMinutes(2), Mode = "full",
                Status = AnalyticsRunStatus.Failed, Error = "DuckDB: disk full",
            });
            var run = new AnalyticsRun
            {
                StartedAt = DateTime.UtcNow.AddHours(-2), FinishedAt = DateTime.UtcNow.AddHours(-2).AddMinutes(3), Mode = "incremental",
                Status = AnalyticsRunStatus.Succeeded, Summary = AnalyticsSummaryJson.Write(Summary()),
            };
            db.AnalyticsRuns.Add(run);
            await db.SaveChangesAsync();
            id = run.Id;
        }

        await page.ReloadAsync();
        await Expect(page.Locator("#run-title")).ToHaveTextAsync($"Ejecución {id}");
        foreach (var chart in Charts)
        {
            var figure = page.Locator($"figure[data-chart='{chart}']");
            await Expect(figure.Locator("svg[role=img]")).ToBeVisibleAsync();
            await Expect(figure.Locator("svg > title")).Not.ToBeEmptyAsync();
            await Expect(figure.Locator("details.chart-data table")).ToHaveCountAsync(1);
        }

        await Expect(page.Locator("figure[data-chart='segments-customers'] .chart-bar")).ToHaveCountAsync(3);
        await Expect(page.Locator("figure[data-chart='cohort-retention'] .heat-cell")).ToHaveCountAsync(5);
        await Expect(page.Locator("table.cluster-profiles tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#churn-model [data-fact=auc]")).ToHaveTextAsync("0,81");
        await Expect(page.Locator("table.run-history tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("table.run-history tr[data-status=failed] .run-error")).ToHaveTextAsync("DuckDB: disk full");
        await Expect(page.Locator(".run-notes li")).ToHaveTextAsync("<b>not bold</b>");

        // The keyboard reaches the in-page links and every chart's table: Tab to the first table's disclosure, open it with Enter.
        var summary = page.Locator("figure[data-chart='segments-customers'] details > summary");
        var reached = false;
        for (var i = 0; i < 80 && !reached; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached = await summary.EvaluateAsync<bool>("e => e === document.activeElement");
        }

        Assert.True(reached, "Tab never reached the segment chart's table");
        await page.Keyboard.PressAsync("Enter");
        var table = page.Locator("figure[data-chart='segments-customers'] details table");
        await Expect(table).ToBeVisibleAsync();
        await Expect(table.Locator("tbody th").First).ToHaveTextAsync("Campeones");
        var unreachable = await page.EvaluateAsync<int>("() => [...document.querySelectorAll('details.chart-data > summary')].filter(s => s.tabIndex < 0).length");
        Assert.Equal(0, unreachable);
        var toc = page.Locator(".analytics-toc").GetByRole(AriaRole.Link, new() { Name = "Modelo de fuga", Exact = true });
        await toc.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => url.EndsWith("#churn-model", StringComparison.Ordinal));
        await SaveScreenshot(page, "dashboard");
    }

    private static AnalyticsRunSummary Summary()
    {
        ModelQuality Model(double auc) => new(
            "gradientBoostedTrees", 800, 200, 0.2, auc, 0.13,
            [new(0, 0), new(0.2, 0.6), new(0.5, 0.8), new(1, 1)],
            [new(0.1, 0.08, 120), new(0.5, 0.45, 60), new(0.85, 0.9, 20)],
            [.. Enumerable.Range(1, 10).Select(d => new LiftPoint(d, 2.5 - 0.2 * d, Math.Min(1, 0.25 * d)))],
            [new("overdueInvoices", 0.8), new("tenureDays", 0.3)],
            "No purchase in the next 90 days.");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return new AnalyticsRunSummary(
            DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddHours(-2).AddMinutes(3), "incremental",
            [new("fact_order_line", 12000), new("dim_customer", 900)],
            [new("champions", 100, 50000m, 20000m), new("atRisk", 60, 9000m, 2000m), new("lost", 200, 1000m, 50m)],
            new ClusteringSummary(2, ["recencyDays", "frequency"], [new(2, 0.6), new(3, 0.4)],
                [new(0, 300, [20, 6], "frequency=high"), new(1, 60, [300, 1], "recencyDays=high")]),
            [new(0, 0.25, 200), new(0.25, 0.5, 100), new(0.5, 1, 60)],
            [new(0, 0.5, 300), new(0.5, 1, 60)],
            Model(0.81), Model(0.74),
            new LifetimeSummary(0.24, 4.4, 0.8, 2.4, 6.2, 3.7, 15.4, 365, 0.1, 360),
            [new(new DateOnly(2026, 8, 1), 50, [1, 0.4, 0.3]), new(new DateOnly(2026, 9, 1), 40, [1, 0.5])],
            [new ChannelForecast("phone",
                [.. Enumerable.Range(-28, 28).Select(i => new DatedValue(today.AddDays(i), 40 + (i % 7 + 7) % 7 * 3))],
                [.. Enumerable.Range(0, 14).Select(i => new ForecastPoint(today.AddDays(i), 50, 40, 60))], 0.3, 0.1, 0.2, 7)],
            ["<b>not bold</b>"]);
    }

    private static async Task SaveScreenshot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("VINCULO_E2E_SCREENSHOTS") is not { Length: > 0 } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "analytics-" + name + ".png"), FullPage = true });
    }
}
