using Vinculo.Domain.Analytics;
using Vinculo.Domain.Analytics.Rfm;

namespace Vinculo.Core.Analytics.Dashboard;

/// <summary>An RFM segment with its shares of all segmented customers and of their monetary value (0–1).</summary>
public sealed record DashboardSegment(
    string Segment,
    int Customers,
    double CustomerShare,
    decimal Monetary,
    double MonetaryShare,
    decimal? LifetimeValue);

/// <summary>A probability histogram with its bins in order and the share of customers in each.</summary>
public sealed record DashboardHistogram(IReadOnlyList<HistogramBin> Bins, IReadOnlyList<double> Shares, int Customers);

/// <summary>A cumulative-gains point: the top <see cref="Share"/> of customers by score hold <see cref="Gain"/> of the positives.</summary>
public readonly record struct GainPoint(double Share, double Gain);

/// <summary>
/// A risk model ready to draw: the ROC curve from (0, 0) to (1, 1) by false-positive rate, the calibration bins by
/// predicted probability, the lift deciles in order, the cumulative gains from (0, 0), and the largest importances.
/// </summary>
public sealed record DashboardModel(
    ModelQuality Quality,
    IReadOnlyList<RocPoint> Roc,
    IReadOnlyList<CalibrationBin> Calibration,
    IReadOnlyList<LiftPoint> Lift,
    IReadOnlyList<GainPoint> Gains,
    IReadOnlyList<FeatureImportance> TopImportances);

/// <summary>A day of a channel's contact volume: the actual count (history) or the forecast with its interval.</summary>
public sealed record DashboardForecastDay(DateOnly Date, double? Actual, double? Forecast, double? Lower, double? Upper);

/// <summary>A channel's history and forecast merged by day, with the forecast's total over its horizon.</summary>
public sealed record DashboardForecast(ChannelForecast Source, IReadOnlyList<DashboardForecastDay> Days, double ForecastTotal, int HorizonDays);

/// <summary>The cohorts by month with the widest retention row (how many month columns the heat map needs).</summary>
public sealed record DashboardCohorts(IReadOnlyList<RetentionCohort> Cohorts, int Months);

/// <summary>
/// A run's summary prepared for the dashboard, independent of the UI language: the lists in display order, shares and
/// totals computed, curves closed, and anything missing from the stored JSON treated as empty (older or partial runs).
/// </summary>
public sealed record DashboardView(
    AnalyticsRunSummary Summary,
    IReadOnlyList<DashboardSegment> Segments,
    int SegmentedCustomers,
    decimal SegmentedMonetary,
    ClusteringSummary? Clustering,
    DashboardHistogram Churn,
    DashboardHistogram Default,
    DashboardModel? ChurnModel,
    DashboardModel? DefaultModel,
    DashboardCohorts Cohorts,
    IReadOnlyList<DashboardForecast> Forecasts,
    IReadOnlyList<WarehouseTableCount> WarehouseTables,
    IReadOnlyList<string> Notes)
{
    /// <summary>How many feature importances the dashboard shows per model.</summary>
    public const int TopFeatures = 10;

    public static DashboardView Build(AnalyticsRunSummary summary, int topFeatures = TopFeatures)
    {
        // A summary read from JSON may lack lists that older runs did not write: System.Text.Json leaves them null.
        var segments = DashboardViewBuilder.Segments(summary.RfmSegments ?? []);
        return new DashboardView(
            summary,
            segments,
            segments.Sum(s => s.Customers),
            segments.Sum(s => s.Monetary),
            DashboardViewBuilder.Clustering(summary.Clustering),
            DashboardViewBuilder.Histogram(summary.ChurnDistribution ?? []),
            DashboardViewBuilder.Histogram(summary.DefaultDistribution ?? []),
            DashboardViewBuilder.Model(summary.ChurnModel, topFeatures),
            DashboardViewBuilder.Model(summary.DefaultModel, topFeatures),
            DashboardViewBuilder.Cohorts(summary.Cohorts ?? []),
            [.. (summary.Forecasts ?? []).Where(f => f is not null).Select(DashboardViewBuilder.Forecast)],
            [.. (summary.WarehouseTables ?? []).Where(t => t is not null).OrderBy(t => t.Table, StringComparer.Ordinal)],
            [.. (summary.Notes ?? []).Where(n => !string.IsNullOrWhiteSpace(n))]);
    }
}

/// <summary>The steps of <see cref="DashboardView.Build"/>, one per part of the summary.</summary>
public static class DashboardViewBuilder
{
    /// <summary>The segments from the most to the least valuable (the RFM table's order), unknown keys last by size.</summary>
    public static IReadOnlyList<DashboardSegment> Segments(IReadOnlyList<SegmentSummary> segments)
    {
        var rows = segments.Where(s => s is not null && s.Segment is not null).ToList();
        var customers = rows.Sum(s => (long)Math.Max(0, s.Customers));
        var monetary = rows.Sum(s => Math.Max(0, s.Monetary));
        return [.. rows
            .OrderBy(s => Rank(s.Segment))
            .ThenByDescending(s => s.Customers)
            .ThenBy(s => s.Segment, StringComparer.Ordinal)
            .Select(s => new DashboardSegment(
                s.Segment,
                s.Customers,
                customers > 0 ? Math.Max(0, s.Customers) / (double)customers : 0,
                s.Monetary,
                monetary > 0 ? (double)(Math.Max(0, s.Monetary) / monetary) : 0,
                s.LifetimeValue))];
    }

    private static int Rank(string segment)
    {
        var index = -1;
        for (var i = 0; i < RfmSegments.All.Count; i++)
        {
            if (string.Equals(RfmSegments.All[i], segment, StringComparison.Ordinal))
            {
                index = i;
                break;
            }
        }

        return index < 0 ? int.MaxValue : index;
    }

    public static ClusteringSummary? Clustering(ClusteringSummary? clustering) => clustering is null
        ? null
        : clustering with
        {
            Features = clustering.Features ?? [],
            Silhouettes = [.. (clustering.Silhouettes ?? []).Where(s => s is not null).OrderBy(s => s.K)],
            Clusters = [.. (clustering.Clusters ?? []).Where(c => c is not null)
                .Select(c => c with { FeatureMeans = c.FeatureMeans ?? [], Label = c.Label ?? "" })
                .OrderBy(c => c.Cluster)],
        };

    public static DashboardHistogram Histogram(IReadOnlyList<HistogramBin> bins)
    {
        var ordered = bins.Where(b => b is not null).OrderBy(b => b.From).ToList();
        var total = ordered.Sum(b => Math.Max(0, b.Customers));
        return new DashboardHistogram(ordered, [.. ordered.Select(b => total > 0 ? Math.Max(0, b.Customers) / (double)total : 0)], total);
    }

    public static DashboardModel? Model(ModelQuality? quality, int topFeatures = DashboardView.TopFeatures)
    {
        if (quality is null)
        {
            return null;
        }

        var roc = (quality.Roc ?? []).Where(p => p is not null && double.IsFinite(p.FalsePositiveRate) && double.IsFinite(p.TruePositiveRate))
            .OrderBy(p => p.FalsePositiveRate).ThenBy(p => p.TruePositiveRate).ToList();
        if (roc.Count > 0)
        {
            if (roc[0] is not { FalsePositiveRate: 0, TruePositiveRate: 0 })
            {
                roc.Insert(0, new RocPoint(0, 0));
            }

            if (roc[^1] is not { FalsePositiveRate: 1, TruePositiveRate: 1 })
            {
                roc.Add(new RocPoint(1, 1));
            }
        }

        var lift = (quality.Lift ?? []).Where(l => l is not null).OrderBy(l => l.Decile).ToList();
        List<GainPoint> gains = lift.Count == 0 ? [] : [new GainPoint(0, 0), .. lift.Select(l => new GainPoint(l.Decile / 10.0, l.CumulativeGain))];
        return new DashboardModel(
            quality with { Algorithm = quality.Algorithm ?? "", LabelDefinition = quality.LabelDefinition ?? "" },
            roc,
            [.. (quality.Calibration ?? []).Where(c => c is not null).OrderBy(c => c.MeanPredicted)],
            lift,
            gains,
            [.. (quality.Importances ?? []).Where(i => i is not null && double.IsFinite(i.Importance))
                .OrderByDescending(i => Math.Abs(i.Importance)).ThenBy(i => i.Feature, StringComparer.Ordinal).Take(topFeatures)]);
    }

    public static DashboardCohorts Cohorts(IReadOnlyList<RetentionCohort> cohorts)
    {
        var ordered = cohorts.Where(c => c is not null).Select(c => c with { Retention = c.Retention ?? [] }).OrderBy(c => c.Month).ToList();
        return new DashboardCohorts(ordered, ordered.Count == 0 ? 0 : ordered.Max(c => c.Retention.Count));
    }

    public static DashboardForecast Forecast(ChannelForecast forecast)
    {
        var days = new SortedDictionary<DateOnly, DashboardForecastDay>();
        foreach (var h in forecast.History ?? [])
        {
            if (h is not null)
            {
                days[h.Date] = new DashboardForecastDay(h.Date, h.Value, null, null, null);
            }
        }

        double total = 0;
        var horizon = 0;
        foreach (var f in forecast.Forecast ?? [])
        {
            if (f is null)
            {
                continue;
            }

            horizon++;
            total += double.IsFinite(f.Value) ? f.Value : 0;
            days[f.Date] = days.TryGetValue(f.Date, out var day)
                ? day with { Forecast = f.Value, Lower = f.Lower, Upper = f.Upper }
                : new DashboardForecastDay(f.Date, null, f.Value, f.Lower, f.Upper);
        }

        return new DashboardForecast(forecast with { Channel = forecast.Channel ?? "" }, [.. days.Values], total, horizon);
    }
}
