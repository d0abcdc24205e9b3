using Vinculo.Web.Components.Analytics.Charts;

namespace Vinculo.Web.Tests.Analytics.Dashboard;

/// <summary>Where the chart components put things: data to SVG coordinates, bars, columns, bands and cells.</summary>
public sealed class ChartGeometryTests
{
    [Fact]
    public void A_roc_point_lands_where_the_plot_says()
    {
        // 320 × 320 with margins left 52, top 12, right 16, bottom 44: the plot runs x 52–304, y 276 (0) up to 12 (1).
        var layout = CurveLayout.Compute();
        Assert.Equal((52, 276), layout.Map(new ChartPoint(0, 0)));
        Assert.Equal((304, 12), layout.Map(new ChartPoint(1, 1)));
        var (x, y) = layout.Map(new ChartPoint(0.5, 0.8));
        Assert.Equal(178, x, 9);
        Assert.Equal(276 - 0.8 * 264, y, 9);
        Assert.Equal("178,64.8", ChartSvg.Points([layout.Map(new ChartPoint(0.5, 0.8))]));
    }

    [Fact]
    public void Scales_clamp_and_tolerate_empty_domains_and_bad_numbers()
    {
        var scale = new LinearScale(0, 10, 100, 0);
        Assert.Equal(50, scale.Map(5));
        Assert.Equal(0, scale.Map(20));
        Assert.Equal(100, scale.Map(-3));
        Assert.Equal(100, scale.Map(double.NaN));
        Assert.Equal(50, new LinearScale(3, 3, 100, 0).Map(3));
        var mapped = CurveLayout.Compute().Map([new ChartPoint(double.NaN, 0.5), new ChartPoint(0.2, double.PositiveInfinity), new ChartPoint(0, 0)]);
        Assert.Equal([(52.0, 276.0)], mapped);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(-5, 1)]
    [InlineData(0.8, 1)]
    [InlineData(1, 1)]
    [InlineData(1.2, 2)]
    [InlineData(7, 10)]
    [InlineData(480, 500)]
    [InlineData(2100, 2500)]
    [InlineData(3900, 4000)]
    public void Axis_tops_are_round_numbers_at_or_above_the_largest_value(double max, double expected) =>
        Assert.Equal(expected, ChartSvg.NiceMax(max), 9);

    [Fact]
    public void Bars_are_proportional_to_their_values_from_the_label_column()
    {
        var layout = BarLayout.Compute([new("a", 50, "50"), new("b", 100, "100"), new("c", -3, "-3"), new("d", double.NaN, "?")], width: 520, labelWidth: 150);
        Assert.Equal(100, layout.Max);
        var plot = layout.Area.PlotWidth;
        Assert.Equal(520 - 160 - BarLayout.ValueRoom, plot, 9);
        Assert.Equal(160, layout.Bars[0].Bar.X);
        Assert.Equal(plot / 2, layout.Bars[0].Bar.Width, 9);
        Assert.Equal(plot, layout.Bars[1].Bar.Width, 9);
        Assert.Equal(0, layout.Bars[2].Bar.Width);
        Assert.Equal(0, layout.Bars[3].Bar.Width);
        Assert.Equal(BarLayout.RowHeight, layout.Bars[1].Bar.Y - layout.Bars[0].Bar.Y, 9);
        Assert.Equal(8 + 4 * BarLayout.RowHeight + 8, layout.Area.Height);
        Assert.Equal(plot / 4, BarLayout.Compute([new("a", 50, "50")], 520, 150, max: 200).Bars[0].Bar.Width, 9);
    }

    [Fact]
    public void Histogram_columns_span_their_bins_and_rise_to_their_counts()
    {
        var layout = HistogramLayout.Compute([new(0, 0.5, 40, "", ""), new(0.5, 1, 100, "", "")], width: 520, height: 260);
        var area = layout.Area;
        Assert.Equal(100, layout.Max);
        var half = area.PlotWidth / 2;
        Assert.Equal(area.PlotLeft + 1, layout.Columns[0].X, 9);
        Assert.Equal(half - 2, layout.Columns[0].Width, 9);
        Assert.Equal(area.PlotLeft + half + 1, layout.Columns[1].X, 9);
        Assert.Equal(area.PlotHeight, layout.Columns[1].Height, 9);
        Assert.Equal(area.PlotTop, layout.Columns[1].Y, 9);
        Assert.Equal(area.PlotHeight * 0.4, layout.Columns[0].Height, 9);
        Assert.Equal(area.PlotBottom, layout.Columns[0].Y + layout.Columns[0].Height, 9);
    }

    [Fact]
    public void The_forecast_continues_the_history_over_its_interval_band()
    {
        var start = new DateOnly(2026, 11, 1);
        ForecastDay[] days =
        [
            new(start, 10, null, null, null),
            new(start.AddDays(1), 20, null, null, null),
            new(start.AddDays(2), null, 30, 25, 35),
            new(start.AddDays(3), null, 40, 30, 50),
        ];
        var layout = ForecastLayout.Compute(days, width: 720, height: 260);
        var area = layout.Area;
        Assert.Equal(50, layout.Max);
        Assert.Equal(2, layout.History.Count);
        Assert.Equal((area.PlotLeft, area.PlotBottom - area.PlotHeight * 10 / 50), layout.History[0]);
        Assert.Equal(3, layout.Forecast.Count);
        Assert.Equal(layout.History[^1], layout.Forecast[0]);
        Assert.Equal(area.PlotRight, layout.Forecast[^1].X, 9);
        Assert.Equal(area.PlotBottom - area.PlotHeight * 40 / 50, layout.Forecast[^1].Y, 9);
        // The band runs along the upper bounds, then back along the lower ones.
        Assert.Equal(4, layout.Band.Count);
        Assert.Equal(area.PlotBottom - area.PlotHeight * 35 / 50, layout.Band[0].Y, 9);
        Assert.Equal(area.PlotTop, layout.Band[1].Y, 9);
        Assert.Equal(area.PlotBottom - area.PlotHeight * 30 / 50, layout.Band[2].Y, 9);
        Assert.Equal(area.PlotBottom - area.PlotHeight * 25 / 50, layout.Band[3].Y, 9);
        Assert.Empty(ForecastLayout.Compute([]).History);
    }

    [Fact]
    public void Heat_map_cells_sit_in_their_row_and_column_and_darken_with_the_share()
    {
        var layout = HeatMapLayout.Compute([new("a", "", [1, 0.25]), new("b", "", [0.5, null, 0])], labelWidth: 100, cellWidth: 40);
        Assert.Equal(3, layout.Columns);
        Assert.Equal(4, layout.Cells.Count);
        var cell = layout.Cells.Single(c => c.Row == 1 && c.Column == 2);
        Assert.Equal(110 + 2 * 40, cell.Rect.X);
        Assert.Equal(30 + HeatMapLayout.CellHeightUnits, cell.Rect.Y);
        Assert.Equal("#f1f7fc", cell.Fill);
        Assert.Equal("#08306b", layout.Cells.Single(c => c.Row == 0 && c.Column == 0).Fill);
        Assert.Equal("#ffffff", layout.Cells.Single(c => c.Row == 0 && c.Column == 0).TextColor);
        Assert.Equal(ChartPalette.Ink, cell.TextColor);
        Assert.DoesNotContain(layout.Cells, c => c.Row == 1 && c.Column == 1);
    }

    [Fact]
    public void Series_differ_by_more_than_colour()
    {
        Assert.NotEqual(ChartPalette.Color(0), ChartPalette.Color(1));
        Assert.Null(ChartPalette.Dash(0));
        Assert.NotNull(ChartPalette.Dash(1));
        Assert.Equal(ChartPalette.Color(0), ChartPalette.Color(6));
    }
}
