using Vinculo.Core.Analytics.Dashboard;
using Vinculo.Core.Storage;
using Vinculo.Domain.Analytics;

namespace Vinculo.Core.Tests.Analytics.Dashboard;

/// <summary>A synthetic run summary with every part filled, and helpers that store runs as the pipeline does.</summary>
public static class SampleSummary
{
    public static readonly DateTime Started = new(2026, 11, 20, 2, 0, 0, DateTimeKind.Utc);

    /// <summary>Text a page must encode, never interpret.</summary>
    public const string Hostile = "<script>alert('x')</script> & \"quotes\"";

    public static AnalyticsRunSummary Create(string mode = "full", string note = "Churn label: no purchase in the 90 days after the cut-off.")
    {
        ModelQuality Model(string algorithm, double auc, string label) => new(
            algorithm, 8000, 2000, 0.18, auc, 0.121,
            [new(0, 0), new(0.1, 0.45), new(0.5, 0.8), new(1, 1)],
            [new(0.05, 0.04, 900), new(0.25, 0.3, 600), new(0.6, 0.55, 400), new(0.9, 0.85, 100)],
            [.. Enumerable.Range(1, 10).Select(d => new LiftPoint(d, Math.Round(3.2 - 0.3 * (d - 1), 2), Math.Min(1, 0.3 * d)))],
            [new("overdueInvoices", 0.91), new("recencyDays", -0.62), new("tenureDays", 0.2), new("someNewFeature", 0.05)],
            label);

        return new AnalyticsRunSummary(
            Started,
            Started.AddMinutes(3).AddSeconds(20),
            mode,
            [new("fact_order_line", 1_250_000), new("dim_customer", 98_000)],
            [
                new("lost", 300, 1500.5m, 10m),
                new("champions", 120, 98000.25m, 25000m),
                new("atRisk", 80, 22000m, 4000m),
                new("mysterySegment", 5, 10m, null),
            ],
            new ClusteringSummary(
                3,
                ["recencyDays", "frequency", "monetary"],
                [new(2, 0.41), new(3, 0.52), new(4, 0.47)],
                [
                    new(0, 400, [20, 5, 900], "frequency=high,recencyDays=low"),
                    new(1, 250, [200, 1, 50], "average"),
                    new(2, 100, [90, 2, 120], Hostile),
                ]),
            [new(0, 0.1, 500), new(0.1, 0.2, 300), new(0.2, 0.5, 150), new(0.5, 1, 50)],
            [new(0, 0.1, 800), new(0.1, 0.5, 150), new(0.5, 1, 50)],
            Model("gradientBoostedTrees", 0.83, "No purchase in the 90 days after the cut-off."),
            Model("logisticRegression", 0.77, "An invoice 30 or more days late in the 90 days after the cut-off."),
            new LifetimeSummary(0.24, 4.41, 0.79, 2.43, 6.25, 3.74, 15.44, 365, 0.1, 5000),
            [
                new(new DateOnly(2026, 8, 1), 120, [1, 0.4, 0.25, 0.2]),
                new(new DateOnly(2026, 7, 1), 100, [1, 0.35, 0.3, 0.22, 0.18]),
                new(new DateOnly(2026, 9, 1), 90, [1, 0.5]),
            ],
            [
                new ChannelForecast(
                    "phone",
                    [.. Enumerable.Range(0, 28).Select(i => new DatedValue(new DateOnly(2026, 10, 23).AddDays(i), 100 + (i % 7) * 10))],
                    [.. Enumerable.Range(0, 14).Select(i => new ForecastPoint(new DateOnly(2026, 11, 20).AddDays(i), 120, 100, 140))],
                    0.3, 0.05, 0.2, 7),
            ],
            [note]);
    }

    /// <summary>Adds a run as the pipeline would and returns its id.</summary>
    public static async Task<long> Store(VinculoDb db, AnalyticsRunStatus status, AnalyticsRunSummary? summary = null,
        DateTime? started = null, string? error = null, string? rawSummary = null, string mode = "full")
    {
        var at = started ?? Started;
        var run = new AnalyticsRun
        {
            StartedAt = at,
            FinishedAt = status == AnalyticsRunStatus.Running ? null : at.AddMinutes(3).AddSeconds(20),
            Mode = mode,
            Status = status,
            Summary = rawSummary ?? (summary is null ? null : AnalyticsSummaryJson.Write(summary)),
            Error = error,
        };
        db.AnalyticsRuns.Add(run);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        return run.Id;
    }
}
