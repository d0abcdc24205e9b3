namespace Vinculo.Core.Analytics.Pipeline;

/// <summary>Settings of the analytics refresh, bound from <c>Vinculo:Analytics</c> (docs/analytics.md).</summary>
public sealed class AnalyticsPipelineOptions
{
    /// <summary>Days after the cutoff the churn and default labels look at; the cutoff is the reference date minus this.</summary>
    public int HorizonDays { get; set; } = 90;

    /// <summary>Seed of every random choice (hold-out split, k-means, boosting samples): the same data gives the same scores.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Share of the labelled customers held out (stratified) to measure a risk model.</summary>
    public double HoldOutFraction { get; set; } = 0.2;

    /// <summary>A risk model is trained only with at least this many labelled customers of each class.</summary>
    public int MinExamplesPerClass { get; set; } = 20;

    /// <summary>Factors kept per customer and model.</summary>
    public int TopFactors { get; set; } = 3;

    /// <summary>Next products kept per customer.</summary>
    public int TopProducts { get; set; } = 5;

    /// <summary>Minimum support of a product rule: share of customers holding both products.</summary>
    public double AffinityMinSupport { get; set; } = 0.005;

    /// <summary>Minimum confidence of a product rule.</summary>
    public double AffinityMinConfidence { get; set; } = 0.1;

    /// <summary>Rules kept per product in <c>product_affinities</c> (the most confident; next products use every rule mined).</summary>
    public int MaxRulesPerProduct { get; set; } = 20;

    /// <summary>Weeks of the lifetime-value horizon.</summary>
    public int LifetimeWeeks { get; set; } = 52;

    /// <summary>Annual discount rate of the lifetime value.</summary>
    public double AnnualDiscountRate { get; set; } = 0.10;

    /// <summary>Monthly retention cohorts reported (the most recent ones).</summary>
    public int CohortMonths { get; set; } = 24;

    /// <summary>Days of daily contact history the forecasts are fitted on.</summary>
    public int ForecastHistoryDays { get; set; } = 90;

    /// <summary>Days forecast ahead.</summary>
    public int ForecastDays { get; set; } = 28;

    /// <summary>Season of the contact forecasts, in days.</summary>
    public int ForecastSeason { get; set; } = 7;
}
