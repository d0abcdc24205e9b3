namespace Vinculo.Domain.Analytics;

/// <summary>Where an analytics run is: running, finished with results (succeeded) or stopped by an error (failed).</summary>
public enum AnalyticsRunStatus
{
    Running = 1,
    Succeeded = 2,
    Failed = 3,
}

/// <summary>
/// One run of the analytics pipeline (table <c>analytics_runs</c>): when it started and finished, full or incremental,
/// its status, the summary the dashboard shows (camelCase JSON of <see cref="AnalyticsRunSummary"/>) or the error.
/// </summary>
public sealed class AnalyticsRun
{
    public long Id { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    /// <summary>"full" or "incremental".</summary>
    public string Mode { get; set; } = "full";
    public AnalyticsRunStatus Status { get; set; } = AnalyticsRunStatus.Running;
    public string? Summary { get; set; }
    public string? Error { get; set; }
}

/// <summary>
/// A customer's current scores as the operational database keeps them (table <c>customer_scores</c>, one row per
/// scored customer, replaced by every run). Factors are JSON arrays of <see cref="ScoreFactor"/>; money is decimal.
/// </summary>
public sealed class CustomerScoreRecord
{
    public long CustomerId { get; set; }
    public long RunId { get; set; }
    public DateTime ComputedAt { get; set; }
    public int? RecencyDays { get; set; }
    public int Frequency { get; set; }
    public decimal Monetary { get; set; }
    public int R { get; set; }
    public int F { get; set; }
    public int M { get; set; }
    public string RfmSegment { get; set; } = "";
    public int? Cluster { get; set; }
    public double? ChurnProbability { get; set; }
    public string ChurnFactors { get; set; } = "[]";
    public double? DefaultProbability { get; set; }
    public string DefaultFactors { get; set; } = "[]";
    public double? ExpectedPurchases { get; set; }
    public double? ProbabilityAlive { get; set; }
    public decimal? ExpectedAverageSpend { get; set; }
    public decimal? LifetimeValue { get; set; }
    /// <summary>Share (0–1) of the scored customers with a lifetime value whose value is at most this one's; null without one.</summary>
    public double? ValuePercentile { get; set; }
}

/// <summary>An association rule between two products (table <c>product_affinities</c>), replaced by every run.</summary>
public sealed class ProductAffinityRecord
{
    public long AntecedentProductId { get; set; }
    public long ConsequentProductId { get; set; }
    public int Count { get; set; }
    public double Support { get; set; }
    public double Confidence { get; set; }
    public double Lift { get; set; }
}

/// <summary>One of a customer's next products, by rank (table <c>customer_product_propensities</c>).</summary>
public sealed class CustomerPropensityRecord
{
    public long CustomerId { get; set; }
    public int Rank { get; set; }
    public long ProductId { get; set; }
    public double Score { get; set; }
    public long? BecauseOfProductId { get; set; }
}

/// <summary>What became of a payment-default alert: still open, a proactive case was opened, or it was dismissed.</summary>
public enum DefaultAlertStatus
{
    Open = 1,
    CaseOpened = 2,
    Dismissed = 3,
}

/// <summary>
/// A payment-default alert (table <c>default_alerts</c>): raised by a run for a customer whose default probability
/// reached the threshold; at most one is open per customer. <see cref="Probability"/> is the probability when it was
/// raised; while the alert stays open every later run writes the customer's latest probability into
/// <see cref="CurrentProbability"/> (null when that run did not score it), even when it fell below the threshold: the
/// alert stays open until somebody handles it, and shows both figures.
/// </summary>
public sealed class DefaultAlert
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public long RunId { get; set; }
    public double Probability { get; set; }
    public double? CurrentProbability { get; set; }
    public double Threshold { get; set; }
    public DateTime RaisedAt { get; set; }
    public DefaultAlertStatus Status { get; set; } = DefaultAlertStatus.Open;
    public long? CaseId { get; set; }
    public string? HandledBy { get; set; }
    public string? HandledByName { get; set; }
    public DateTime? HandledAt { get; set; }
    /// <summary>Why it was dismissed.</summary>
    public string? Reason { get; set; }
}
