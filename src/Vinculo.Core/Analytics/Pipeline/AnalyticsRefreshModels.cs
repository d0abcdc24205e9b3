using Vinculo.Core.Analytics.Scores;
using Vinculo.Domain.Analytics;

namespace Vinculo.Core.Analytics.Pipeline;

/// <summary>The stages of a refresh, in order; their keys are stable (the UI translates them).</summary>
public static class AnalyticsStages
{
    public const string Warehouse = "warehouse";
    public const string Features = "features";
    public const string Rfm = "rfm";
    public const string Segments = "segments";
    public const string Churn = "churn";
    public const string Default = "default";
    public const string Lifetime = "lifetime";
    public const string Affinities = "affinities";
    public const string Cohorts = "cohorts";
    public const string Forecasts = "forecasts";
    public const string Write = "write";

    public static IReadOnlyList<string> All { get; } =
        [Warehouse, Features, Rfm, Segments, Churn, Default, Lifetime, Affinities, Cohorts, Forecasts, Write];

    /// <summary>The 0-based position of a stage.</summary>
    public static int IndexOf(string stage)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (All[i] == stage)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>Where a refresh is: the stage (a key of <see cref="AnalyticsStages"/>), how far into it (0–1) and overall (0–1).</summary>
/// <param name="Detail">What the stage is doing, in English (e.g. the warehouse table being loaded); may be null.</param>
public sealed record AnalyticsRefreshProgress(string Stage, double StageFraction, string? Detail = null)
{
    public int StageIndex => AnalyticsStages.IndexOf(Stage);

    public int StageCount => AnalyticsStages.All.Count;

    /// <summary>Share of the whole refresh done, counting every stage as equal.</summary>
    public double Overall => Math.Clamp((Math.Max(0, StageIndex) + Math.Clamp(StageFraction, 0, 1)) / StageCount, 0, 1);
}

/// <summary>How long one stage took.</summary>
public sealed record AnalyticsStageTiming(string Stage, double Seconds);

/// <summary>What a refresh did.</summary>
/// <param name="RunId">The <c>analytics_runs</c> row.</param>
/// <param name="ReferenceDate">The day of the latest event in the warehouse (scores are as of it).</param>
/// <param name="Cutoff">Reference date − horizon: the day the risk models' training features are taken at.</param>
/// <param name="CustomersScored">Score rows written.</param>
/// <param name="Segments">Distinct RFM segments among the scored customers.</param>
public sealed record AnalyticsRefreshResult(
    long RunId,
    DateOnly ReferenceDate,
    DateOnly Cutoff,
    int CustomersScored,
    int Segments,
    AnalyticsRunSummary Summary,
    AnalyticsWriteResult Write,
    IReadOnlyList<AnalyticsStageTiming> Timings)
{
    public double TotalSeconds => Timings.Sum(t => t.Seconds);
}
