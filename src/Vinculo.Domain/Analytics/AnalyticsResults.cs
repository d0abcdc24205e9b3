namespace Vinculo.Domain.Analytics;

/// <summary>
/// What one analytics run computes and the operational database keeps: every customer's scores, product
/// affinities, next-product propensities and the run's summary for the dashboard. The warehouse computes it; the
/// operational CRM only reads it (on the 360, in lists and filters, in scripts and next best action).
/// </summary>
public sealed record AnalyticsResults(
    AnalyticsRunSummary Summary,
    IReadOnlyList<CustomerScore> Scores,
    IReadOnlyList<ProductAffinity> Affinities,
    IReadOnlyList<ProductPropensity> Propensities);

/// <summary>
/// One customer's analytical scores. Probabilities are 0–1; money is in the customer's purchase currency as
/// recorded (the warehouse does not convert currencies). Null means "not computed": not enough history for that
/// model, or the model was not trained in this run.
/// </summary>
public sealed record CustomerScore(
    long CustomerId,
    int? RecencyDays,
    int Frequency,
    decimal Monetary,
    int R,
    int F,
    int M,
    string RfmSegment,
    int? Cluster,
    double? ChurnProbability,
    IReadOnlyList<ScoreFactor> ChurnFactors,
    double? DefaultProbability,
    IReadOnlyList<ScoreFactor> DefaultFactors,
    double? ExpectedPurchases,
    double? ProbabilityAlive,
    decimal? ExpectedAverageSpend,
    decimal? LifetimeValue);

/// <summary>
/// Why a model scored a customer as it did: a feature (a stable key such as "tenureDays" or "overdueInvoices",
/// which the UI translates), the customer's value of it as text, and its contribution to the log-odds (positive
/// raises the probability).
/// </summary>
public sealed record ScoreFactor(string Feature, string Value, double Contribution);

/// <summary>An association rule between two products mined from co-purchases.</summary>
public sealed record ProductAffinity(
    long AntecedentProductId,
    long ConsequentProductId,
    int Count,
    double Support,
    double Confidence,
    double Lift);

/// <summary>
/// A product the customer does not have yet, with a 0–1 propensity score and the owned product that explains it
/// best. Rank 1 is the most likely next product.
/// </summary>
public sealed record ProductPropensity(
    long CustomerId,
    long ProductId,
    int Rank,
    double Score,
    long? BecauseOfProductId);

/// <summary>Everything the analytics dashboard shows about one run.</summary>
public sealed record AnalyticsRunSummary(
    DateTime StartedAt,
    DateTime FinishedAt,
    string Mode,
    IReadOnlyList<WarehouseTableCount> WarehouseTables,
    IReadOnlyList<SegmentSummary> RfmSegments,
    ClusteringSummary? Clustering,
    IReadOnlyList<HistogramBin> ChurnDistribution,
    IReadOnlyList<HistogramBin> DefaultDistribution,
    ModelQuality? ChurnModel,
    ModelQuality? DefaultModel,
    LifetimeSummary? Lifetime,
    IReadOnlyList<RetentionCohort> Cohorts,
    IReadOnlyList<ChannelForecast> Forecasts,
    IReadOnlyList<string> Notes);

public sealed record WarehouseTableCount(string Table, long Rows);

/// <summary>An RFM segment's size and value.</summary>
public sealed record SegmentSummary(string Segment, int Customers, decimal Monetary, decimal? LifetimeValue);

/// <summary>k-means on behavioural features: the k chosen, the silhouette of every k tried, and each cluster's profile.</summary>
public sealed record ClusteringSummary(
    int K,
    IReadOnlyList<string> Features,
    IReadOnlyList<SilhouetteScore> Silhouettes,
    IReadOnlyList<ClusterProfile> Clusters);

public sealed record SilhouetteScore(int K, double Silhouette);

/// <summary>A cluster's size, the mean of each feature in original units, and a generated label.</summary>
public sealed record ClusterProfile(int Cluster, int Customers, IReadOnlyList<double> FeatureMeans, string Label);

/// <summary>Customers whose probability falls in [From, To).</summary>
public sealed record HistogramBin(double From, double To, int Customers);

/// <summary>How a risk model did on the held-out customers.</summary>
public sealed record ModelQuality(
    string Algorithm,
    int TrainRows,
    int TestRows,
    double PositiveRate,
    double RocAuc,
    double Brier,
    IReadOnlyList<RocPoint> Roc,
    IReadOnlyList<CalibrationBin> Calibration,
    IReadOnlyList<LiftPoint> Lift,
    IReadOnlyList<FeatureImportance> Importances,
    string LabelDefinition);

public sealed record RocPoint(double FalsePositiveRate, double TruePositiveRate);

public sealed record CalibrationBin(double MeanPredicted, double ObservedRate, int Count);

/// <summary>Decile 1 holds the highest-scored tenth; Lift is its positive rate over the overall rate.</summary>
public sealed record LiftPoint(int Decile, double Lift, double CumulativeGain);

public sealed record FeatureImportance(string Feature, double Importance);

/// <summary>BG/NBD and Gamma-Gamma parameters and the horizon the expected purchases and lifetime value cover.</summary>
public sealed record LifetimeSummary(
    double R,
    double Alpha,
    double A,
    double B,
    double? P,
    double? Q,
    double? V,
    int HorizonDays,
    double AnnualDiscountRate,
    int Customers);

/// <summary>Customers whose first purchase fell in a month, and the share of them buying again N months later.</summary>
public sealed record RetentionCohort(DateOnly Month, int Customers, IReadOnlyList<double> Retention);

/// <summary>Daily contacts on a channel: recent history and a Holt-Winters forecast for staffing.</summary>
public sealed record ChannelForecast(
    string Channel,
    IReadOnlyList<DatedValue> History,
    IReadOnlyList<ForecastPoint> Forecast,
    double Alpha,
    double Beta,
    double Gamma,
    int SeasonLength);

public sealed record DatedValue(DateOnly Date, double Value);

public sealed record ForecastPoint(DateOnly Date, double Value, double Lower, double Upper);
