namespace Vinculo.Web.Components.Analytics.Charts;

/// <summary>One bar of a horizontal bar chart: its category, value and the value as displayed ("1.234", "12 %").</summary>
public sealed record BarItem(string Label, double Value, string Text);

/// <summary>A bar placed in the drawing, with the baseline of its label and value texts.</summary>
public sealed record PlacedBar(BarItem Item, ChartRect Bar, double TextY);

/// <summary>Where the bars of a horizontal bar chart go: one row per item, the longest bar at <see cref="Max"/>.</summary>
public sealed record BarLayout(PlotArea Area, double Max, IReadOnlyList<PlacedBar> Bars)
{
    public const double RowHeight = 26;
    public const double BarHeight = 16;
    public const double ValueRoom = 130;

    /// <summary>
    /// Lays out <paramref name="items"/> in a drawing <paramref name="width"/> units wide with <paramref name="labelWidth"/>
    /// units for the labels. Bars start at 0; negative and non-finite values get no bar (their text still shows).
    /// </summary>
    public static BarLayout Compute(IReadOnlyList<BarItem> items, double width, double labelWidth, double? max = null)
    {
        var largest = 0.0;
        foreach (var item in items)
        {
            if (double.IsFinite(item.Value) && item.Value > largest)
            {
                largest = item.Value;
            }
        }

        var top = max is > 0 && double.IsFinite(max.Value) ? max.Value : largest > 0 ? largest : 1;
        var area = new PlotArea(width, 8 + items.Count * RowHeight + 8, labelWidth + 10, 8, ValueRoom, 8);
        var x = area.X(0, top);
        var bars = new PlacedBar[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var y = area.PlotTop + i * RowHeight + (RowHeight - BarHeight) / 2;
            var value = items[i].Value;
            var length = double.IsFinite(value) && value > 0 ? x.Map(value) - area.PlotLeft : 0;
            bars[i] = new PlacedBar(items[i], new ChartRect(area.PlotLeft, y, length, BarHeight), y + BarHeight - 3);
        }

        return new BarLayout(area, top, bars);
    }
}

/// <summary>One bin of a histogram: customers (or any count) with a value in [From, To).</summary>
public sealed record HistogramItem(double From, double To, double Count, string Label, string Text);

/// <summary>Where the columns of a histogram go, with the y axis ticks.</summary>
public sealed record HistogramLayout(PlotArea Area, LinearScale X, LinearScale Y, double Max, IReadOnlyList<ChartRect> Columns)
{
    public static HistogramLayout Compute(IReadOnlyList<HistogramItem> bins, double width = 520, double height = 260)
    {
        var area = new PlotArea(width, height, 56, 12, 16, 44);
        double from = double.PositiveInfinity, to = double.NegativeInfinity, largest = 0;
        foreach (var bin in bins)
        {
            if (double.IsFinite(bin.From))
            {
                from = Math.Min(from, bin.From);
            }

            if (double.IsFinite(bin.To))
            {
                to = Math.Max(to, bin.To);
            }

            if (double.IsFinite(bin.Count))
            {
                largest = Math.Max(largest, bin.Count);
            }
        }

        if (!(from < to))
        {
            (from, to) = (0, 1);
        }

        var max = ChartSvg.NiceMax(largest);
        var x = area.X(from, to);
        var y = area.Y(0, max);
        var columns = new ChartRect[bins.Count];
        for (var i = 0; i < bins.Count; i++)
        {
            var left = x.Map(bins[i].From);
            var right = x.Map(bins[i].To);
            var count = double.IsFinite(bins[i].Count) ? Math.Max(0, bins[i].Count) : 0;
            var yTop = y.Map(count);
            var gap = right - left > 4 ? 1 : 0;
            columns[i] = new ChartRect(left + gap, yTop, Math.Max(0, right - left - 2 * gap), area.PlotBottom - yTop);
        }

        return new HistogramLayout(area, x, y, max, columns);
    }
}

/// <summary>
/// A named curve of a square 0–1 chart (ROC, calibration, cumulative gains); <paramref name="Notes"/> adds a column to the
/// table alternative, one text per point (e.g. how many customers a calibration bin holds).
/// </summary>
public sealed record CurveSeries(string Name, IReadOnlyList<ChartPoint> Points, bool Markers = false, IReadOnlyList<string>? Notes = null);

/// <summary>
/// A square plot of curves over [0, 1] × [0, 1] (or the given domain), optionally with the diagonal y = x that marks a
/// random model (ROC, cumulative gains) or perfect calibration.
/// </summary>
public sealed record CurveLayout(PlotArea Area, LinearScale X, LinearScale Y)
{
    public const double Size = 320;

    public static CurveLayout Compute(double size = Size, double xMax = 1, double yMax = 1)
    {
        var area = new PlotArea(size, size, 52, 12, 16, 44);
        return new CurveLayout(area, area.X(0, xMax), area.Y(0, yMax));
    }

    public (double X, double Y) Map(ChartPoint p) => (X.Map(p.X), Y.Map(p.Y));

    /// <summary>The SVG points of a curve, skipping points that are not finite numbers.</summary>
    public IReadOnlyList<(double X, double Y)> Map(IReadOnlyList<ChartPoint> points)
    {
        var mapped = new List<(double, double)>(points.Count);
        foreach (var p in points)
        {
            if (double.IsFinite(p.X) && double.IsFinite(p.Y))
            {
                mapped.Add(Map(p));
            }
        }

        return mapped;
    }
}

/// <summary>A day of a forecast chart: the actual value (history) or the forecast with its interval.</summary>
public sealed record ForecastDay(DateOnly Date, double? Actual, double? Forecast, double? Lower, double? Upper);

/// <summary>
/// A time series chart: history as a solid line, the forecast dashed over its prediction interval (a shaded band), on a
/// time axis with one day per unit.
/// </summary>
public sealed record ForecastLayout(
    PlotArea Area,
    LinearScale X,
    LinearScale Y,
    double Max,
    IReadOnlyList<(double X, double Y)> History,
    IReadOnlyList<(double X, double Y)> Forecast,
    IReadOnlyList<(double X, double Y)> Band)
{
    public static ForecastLayout Compute(IReadOnlyList<ForecastDay> days, double width = 720, double height = 260)
    {
        var area = new PlotArea(width, height, 56, 12, 16, 44);
        if (days.Count == 0)
        {
            return new ForecastLayout(area, area.X(0, 1), area.Y(0, 1), 1, [], [], []);
        }

        var first = days[0].Date.DayNumber;
        var last = first;
        var largest = 0.0;
        foreach (var d in days)
        {
            first = Math.Min(first, d.Date.DayNumber);
            last = Math.Max(last, d.Date.DayNumber);
            foreach (var v in new[] { d.Actual, d.Forecast, d.Upper })
            {
                if (v is { } value && double.IsFinite(value))
                {
                    largest = Math.Max(largest, value);
                }
            }
        }

        var max = ChartSvg.NiceMax(largest);
        var x = area.X(first, last == first ? first + 1 : last);
        var y = area.Y(0, max);
        var history = new List<(double, double)>();
        var forecast = new List<(double, double)>();
        var upper = new List<(double, double)>();
        var lower = new List<(double, double)>();
        (double, double)? lastActual = null;
        foreach (var d in days.OrderBy(d => d.Date))
        {
            var px = x.Map(d.Date.DayNumber);
            if (d.Actual is { } a && double.IsFinite(a))
            {
                lastActual = (px, y.Map(a));
                history.Add(lastActual.Value);
            }

            if (d.Forecast is { } f && double.IsFinite(f))
            {
                if (forecast.Count == 0 && lastActual is { } join)
                {
                    // The forecast line starts where the history ends, so the two read as one series.
                    forecast.Add(join);
                }

                forecast.Add((px, y.Map(f)));
                if (d.Lower is { } lo && d.Upper is { } hi && double.IsFinite(lo) && double.IsFinite(hi))
                {
                    upper.Add((px, y.Map(Math.Max(lo, hi))));
                    lower.Add((px, y.Map(Math.Min(lo, hi))));
                }
            }
        }

        lower.Reverse();
        return new ForecastLayout(area, x, y, max, history, forecast, upper.Count > 0 ? [.. upper, .. lower] : []);
    }
}

/// <summary>One row of a heat map: its label, a note (e.g. the cohort's size) and one share per column (null = no cell).</summary>
public sealed record HeatRow(string Label, string Note, IReadOnlyList<double?> Values);

/// <summary>A cell of a heat map with its place, shade and text colour.</summary>
public sealed record HeatCell(int Row, int Column, double Value, ChartRect Rect, string Fill, string TextColor);

/// <summary>A grid of shaded cells, one row per item and one column per step, each with its share written in it.</summary>
public sealed record HeatMapLayout(PlotArea Area, double CellWidth, double CellHeight, int Columns, IReadOnlyList<HeatCell> Cells)
{
    public const double CellHeightUnits = 24;

    public static HeatMapLayout Compute(IReadOnlyList<HeatRow> rows, double labelWidth = 150, double cellWidth = 46)
    {
        var columns = 0;
        foreach (var row in rows)
        {
            columns = Math.Max(columns, row.Values.Count);
        }

        var area = new PlotArea(labelWidth + 10 + columns * cellWidth + 8, 30 + rows.Count * CellHeightUnits + 8, labelWidth + 10, 30, 8, 8);
        var cells = new List<HeatCell>();
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < rows[r].Values.Count; c++)
            {
                if (rows[r].Values[c] is { } v && double.IsFinite(v))
                {
                    var rect = new ChartRect(area.PlotLeft + c * cellWidth, area.PlotTop + r * CellHeightUnits, cellWidth - 2, CellHeightUnits - 2);
                    cells.Add(new HeatCell(r, c, v, rect, ChartPalette.Shade(v), ChartPalette.TextOn(v)));
                }
            }
        }

        return new HeatMapLayout(area, cellWidth, CellHeightUnits, columns, cells);
    }
}
