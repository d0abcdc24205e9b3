using Vinculo.Core.Offers;
using Vinculo.Domain.Analytics;

namespace Vinculo.Core.Analytics.Scores;

/// <summary>Recency, frequency and monetary value with their 1–5 scores and the named segment.</summary>
/// <param name="RecencyDays">Days since the last purchase; null when the customer never bought.</param>
public sealed record RfmDto(string Segment, int R, int F, int M, int? RecencyDays, int Frequency, decimal Monetary);

/// <summary>A 0–1 risk with the factors that pushed it most (positive contributions raise it), strongest first.</summary>
public sealed record RiskDto(double Probability, IReadOnlyList<ScoreFactor> Factors);

/// <summary>BG/NBD + Gamma-Gamma figures over the run's horizon; any may be null when the model had too little history.</summary>
/// <param name="ValuePercentile">Share (0–1) of scored customers whose lifetime value is at most this one's.</param>
public sealed record LifetimeDto(double? ExpectedPurchases, double? ProbabilityAlive, decimal? ExpectedAverageSpend, decimal? LifetimeValue, double? ValuePercentile);

/// <summary>One of the customer's most likely next products and the owned product that explains it best.</summary>
public sealed record NextProductDto(int Rank, ProductRef Product, double Score, ProductRef? BecauseOf);

/// <summary>A k-means cluster with the label the run generated for it (null when the run's summary has none).</summary>
public sealed record ClusterDto(int Number, string? Label);

/// <summary>A payment-default alert. <see cref="Probability"/> is the probability it was raised with, <see cref="CurrentProbability"/> the latest run's.</summary>
public sealed record DefaultAlertDto(
    long Id,
    long CustomerId,
    string CustomerName,
    long RunId,
    double Probability,
    double? CurrentProbability,
    double Threshold,
    DateTime RaisedAt,
    DefaultAlertStatus Status,
    long? CaseId,
    string? HandledByName,
    DateTime? HandledAt,
    string? Reason)
{
    /// <summary>Whether the latest run put the customer below the threshold while the alert is still open.</summary>
    public bool BelowThreshold => CurrentProbability is { } p && p < Threshold;
}

/// <summary>
/// A customer's scores for the 360. <see cref="Scored"/> is false when no run has scored the customer (then every score
/// is null and the lists are empty); <see cref="LastRunAt"/> says when the latest successful run finished (null: never).
/// The open payment-default alert is there whether or not the latest run scored the customer.
/// </summary>
public sealed record CustomerScoresDto(
    long CustomerId,
    bool Scored,
    long? RunId,
    DateTime? ComputedAt,
    DateTime? LastRunAt,
    RfmDto? Rfm,
    ClusterDto? Cluster,
    RiskDto? Churn,
    RiskDto? Default,
    LifetimeDto? Lifetime,
    IReadOnlyList<NextProductDto> NextProducts,
    DefaultAlertDto? Alert);

/// <summary>The sort of the scored-customers list, highest first.</summary>
public enum ScoreSort
{
    /// <summary>Churn probability (customers without one come last).</summary>
    Churn,
    /// <summary>Payment-default probability.</summary>
    Default,
    /// <summary>Lifetime value.</summary>
    Value,
}

/// <summary>
/// Filters and sort of the scored customers. Numbers are invariant text (a dot for decimals) so a bad value is a
/// named 400: segment (RFM segment name), cluster (number), minChurn and minDefault (0–1), minValue (lifetime value
/// at least), sort (churn — default —, default, value).
/// </summary>
public sealed record ScoredCustomerQuery(
    string? Segment = null,
    string? Cluster = null,
    string? MinChurn = null,
    string? MinDefault = null,
    string? MinValue = null,
    string? Sort = null,
    string? Cursor = null,
    int? Limit = null);

/// <summary>One row of the scored-customers list.</summary>
public sealed record ScoredCustomerItem(
    long CustomerId,
    string CustomerName,
    string? Tier,
    string RfmSegment,
    int R,
    int F,
    int M,
    int? Cluster,
    double? ChurnProbability,
    double? DefaultProbability,
    decimal? LifetimeValue,
    double? ProbabilityAlive,
    DateTime ComputedAt);

/// <summary>Filters of the alert list: status (open, caseOpened, dismissed; any when omitted: open ones first).</summary>
public sealed record DefaultAlertQuery(string? Status = null, string? Cursor = null, int? Limit = null);

/// <summary>
/// The proactive case opened from an alert. Everything is optional: type (default request), channel (default phone),
/// priority (default high), subject (default: the risk in the customer's language), description, team and assignee.
/// </summary>
public sealed record AlertCaseInput
{
    public string? Type { get; init; }
    public string? Channel { get; init; }
    public string? Priority { get; init; }
    public string? Subject { get; init; }
    public string? Description { get; init; }
    public long? TeamId { get; init; }
    public string? AssigneeId { get; init; }
}

/// <summary>Why an alert is dismissed (required, at most 500 characters).</summary>
public sealed record AlertDismissInput(string? Reason);

/// <summary>The segments and clusters the list filters offer (those present in the current scores).</summary>
public sealed record ScoreChoices(IReadOnlyList<string> Segments, IReadOnlyList<ClusterDto> Clusters);
