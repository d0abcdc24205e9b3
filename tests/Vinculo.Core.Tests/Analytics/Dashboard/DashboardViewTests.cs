using Vinculo.Core.Analytics.Dashboard;
using Vinculo.Domain.Analytics;

namespace Vinculo.Core.Tests.Analytics.Dashboard;

public sealed class DashboardViewTests
{
    [Fact]
    public void Segments_follow_the_rfm_order_with_unknown_keys_last_and_shares_of_the_totals()
    {
        var view = DashboardView.Build(SampleSummary.Create());
        Assert.Equal(["champions", "atRisk", "lost", "mysterySegment"], view.Segments.Select(s => s.Segment));
        Assert.Equal(505, view.SegmentedCustomers);
        Assert.Equal(121510.75m, view.SegmentedMonetary);
        Assert.Equal(120 / 505.0, view.Segments[0].CustomerShare, 12);
        Assert.Equal((double)(98000.25m / 121510.75m), view.Segments[0].MonetaryShare, 12);
        Assert.Null(view.Segments[3].LifetimeValue);
        Assert.Equal(1, view.Segments.Sum(s => s.CustomerShare), 12);
    }

    [Fact]
    public void The_long_key_of_cant_lose_them_sorts_with_its_segment()
    {
        var segments = DashboardViewBuilder.Segments([new("lost", 1, 1, null), new("cantLoseThem", 1, 1, null), new("champions", 1, 1, null)]);
        Assert.Equal(["champions", "cantLoseThem", "lost"], segments.Select(s => s.Segment));
    }

    [Fact]
    public void Model_curves_are_closed_and_ordered_and_importances_ranked_by_size()
    {
        var quality = SampleSummary.Create().ChurnModel! with
        {
            Roc = [new(0.5, 0.8), new(0.1, 0.45), new(double.NaN, 0.3)],
            Calibration = [new(0.6, 0.55, 4), new(0.05, 0.04, 9)],
            Lift = [new(2, 2, 0.5), new(1, 3, 0.3)],
        };
        var model = DashboardViewBuilder.Model(quality, topFeatures: 3)!;
        Assert.Equal([new RocPoint(0, 0), new RocPoint(0.1, 0.45), new RocPoint(0.5, 0.8), new RocPoint(1, 1)], model.Roc);
        Assert.Equal([0.05, 0.6], model.Calibration.Select(c => c.MeanPredicted));
        Assert.Equal([1, 2], model.Lift.Select(l => l.Decile));
        Assert.Equal([new GainPoint(0, 0), new GainPoint(0.1, 0.3), new GainPoint(0.2, 0.5)], model.Gains);
        Assert.Equal(["overdueInvoices", "recencyDays", "tenureDays"], model.TopImportances.Select(i => i.Feature));
        Assert.Null(DashboardViewBuilder.Model(null));
    }

    [Fact]
    public void Histograms_cohorts_and_forecasts_are_put_in_order()
    {
        var view = DashboardView.Build(SampleSummary.Create());
        Assert.Equal(1000, view.Churn.Customers);
        Assert.Equal([0.5, 0.3, 0.15, 0.05], view.Churn.Shares);
        Assert.Equal([new DateOnly(2026, 7, 1), new DateOnly(2026, 8, 1), new DateOnly(2026, 9, 1)], view.Cohorts.Cohorts.Select(c => c.Month));
        Assert.Equal(5, view.Cohorts.Months);
        var phone = Assert.Single(view.Forecasts);
        Assert.Equal(42, phone.Days.Count);
        Assert.Equal(14, phone.HorizonDays);
        Assert.Equal(14 * 120, phone.ForecastTotal);
        Assert.Equal(new DashboardForecastDay(new DateOnly(2026, 10, 23), 100, null, null, null), phone.Days[0]);
        Assert.Equal(new DashboardForecastDay(new DateOnly(2026, 11, 20), null, 120, 100, 140), phone.Days[28]);
        Assert.Equal(["dim_customer", "fact_order_line"], view.WarehouseTables.Select(t => t.Table));
        Assert.Equal([2, 3, 4], view.Clustering!.Silhouettes.Select(s => s.K));
    }

    [Fact]
    public void A_summary_with_missing_parts_builds_an_empty_view()
    {
        var summary = AnalyticsSummaryJson.TryRead("""{"startedAt":"2026-11-20T02:00:00Z","finishedAt":"2026-11-20T02:01:00Z","mode":"full"}""")!;
        var view = DashboardView.Build(summary);
        Assert.Empty(view.Segments);
        Assert.Empty(view.Churn.Bins);
        Assert.Null(view.ChurnModel);
        Assert.Null(view.Clustering);
        Assert.Empty(view.Cohorts.Cohorts);
        Assert.Equal(0, view.Cohorts.Months);
        Assert.Empty(view.Forecasts);
        Assert.Empty(view.WarehouseTables);
        Assert.Empty(view.Notes);
    }

    [Fact]
    public void The_stored_json_is_camel_case_and_reads_back()
    {
        var json = AnalyticsSummaryJson.Write(SampleSummary.Create());
        Assert.Contains("\"rfmSegments\":[", json, StringComparison.Ordinal);
        Assert.Contains("\"month\":\"2026-08-01\"", json, StringComparison.Ordinal);
        Assert.Contains("\"falsePositiveRate\":0.5", json, StringComparison.Ordinal);
        Assert.Equal(json, AnalyticsSummaryJson.Write(AnalyticsSummaryJson.TryRead(json)!));
        Assert.Null(AnalyticsSummaryJson.TryRead(""));
        Assert.Null(AnalyticsSummaryJson.TryRead("[1,2]"));
        Assert.Null(AnalyticsSummaryJson.TryRead("not json"));
    }
}
