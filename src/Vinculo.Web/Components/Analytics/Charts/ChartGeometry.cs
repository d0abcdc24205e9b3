using System.Globalization;

namespace Vinculo.Web.Components.Analytics.Charts;

/// <summary>A linear map from data values to SVG units (the range may run backwards, as a y axis does).</summary>
public readonly record struct LinearScale(double DomainMin, double DomainMax, double RangeMin, double RangeMax)
{
    /// <summary>The SVG coordinate of <paramref name="value"/>; values outside the domain are clamped to its edges.</summary>
    public double Map(double value)
    {
        if (!double.IsFinite(value))
        {
            return RangeMin;
        }

        var span = DomainMax - DomainMin;
        var t = span > 0 ? (value - DomainMin) / span : 0.5;
        return RangeMin + (RangeMax - RangeMin) * Math.Clamp(t, 0, 1);
    }
}

/// <summary>
/// The drawing of a chart: its size in SVG units and the margins around the plot (room for axis labels). <see cref="X"/>
/// and <see cref="Y"/> give the scales for a data domain; y grows upwards.
/// </summary>
public sealed record PlotArea(double Width, double Height, double Left, double Top, double Right, double Bottom)
{
    public double PlotLeft => Left;

    public double PlotRight => Width - Right;

    public double PlotTop => Top;

    public double PlotBottom => Height - Bottom;

    public double PlotWidth => PlotRight - PlotLeft;

    public double PlotHeight => PlotBottom - PlotTop;

    public LinearScale X(double min, double max) => new(min, max, PlotLeft, PlotRight);

    public LinearScale Y(double min, double max) => new(min, max, PlotBottom, PlotTop);
}

/// <summary>A point of a curve in data units.</summary>
public readonly record struct ChartPoint(double X, double Y);

/// <summary>A rectangle in SVG units.</summary>
public readonly record struct ChartRect(double X, double Y, double Width, double Height);

/// <summary>One tick of an axis: its SVG position and its text.</summary>
public readonly record struct AxisTick(double Position, string Text);

/// <summary>Number formatting for SVG coordinates (always invariant) and axis ranges.</summary>
public static class ChartSvg
{
    /// <summary>A coordinate with at most two decimals, invariant culture ("12.5").</summary>
    public static string N(double value) => double.IsFinite(value) ? Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture) : "0";

    /// <summary>Points of a polyline or polygon: "x1,y1 x2,y2 …".</summary>
    public static string Points(IEnumerable<(double X, double Y)> points) =>
        string.Join(" ", points.Select(p => $"{N(p.X)},{N(p.Y)}"));

    /// <summary>A label cut to <paramref name="max"/> characters with an ellipsis (the full text stays in the table alternative).</summary>
    public static string Cut(string text, int max) => text.Length <= max || max < 2 ? text : text[..(max - 1)] + "…";

    /// <summary>
    /// A "nice" top for an axis from 0 to at least <paramref name="max"/>: 1, 2, 2.5 or 5 times a power of ten, so the
    /// quarter ticks are round numbers.
    /// </summary>
    public static double NiceMax(double max)
    {
        if (!double.IsFinite(max) || max <= 0)
        {
            return 1;
        }

        var power = Math.Pow(10, Math.Floor(Math.Log10(max)));
        foreach (var factor in new[] { 1.0, 2.0, 2.5, 4.0, 5.0, 10.0 })
        {
            if (factor * power >= max * (1 - 1e-9))
            {
                return factor * power;
            }
        }

        return 10 * power;
    }

    /// <summary>Ticks at 0, ¼, ½, ¾ and 1 of a y axis from 0 to <paramref name="max"/>.</summary>
    public static IReadOnlyList<AxisTick> QuarterTicks(LinearScale scale, double max, Func<double, string> text)
    {
        var ticks = new AxisTick[5];
        for (var q = 0; q <= 4; q++)
        {
            var value = max * q / 4;
            ticks[q] = new AxisTick(scale.Map(value), text(value));
        }

        return ticks;
    }
}

/// <summary>
/// Colours that hold for the common colour-vision deficiencies (the Okabe–Ito palette) and survive printing in grey:
/// series also differ by dash pattern and marker shape, and every value is written as text or in the table alternative.
/// </summary>
public static class ChartPalette
{
    public const string Blue = "#0072b2";
    public const string Orange = "#e69f00";
    public const string Green = "#009e73";
    public const string Vermillion = "#d55e00";
    public const string Purple = "#cc79a7";
    public const string Sky = "#56b4e9";
    public const string Ink = "#17212b";
    public const string Muted = "#56616e";
    public const string Grid = "#d5dbe3";

    private static readonly string[] Series = [Blue, Vermillion, Green, Orange, Purple, Sky];
    private static readonly string?[] Dashes = [null, "7 4", "2 3", "10 3 2 3", "4 4", "1 2"];

    public static string Color(int index) => Series[((index % Series.Length) + Series.Length) % Series.Length];

    /// <summary>The stroke-dasharray of the series at <paramref name="index"/>; null for a solid line.</summary>
    public static string? Dash(int index) => Dashes[((index % Dashes.Length) + Dashes.Length) % Dashes.Length];

    /// <summary>
    /// A cell shade for a share from 0 to 1 on one blue ramp (light to dark), readable in grey scale and by everybody; the
    /// share itself is always written in the cell.
    /// </summary>
    public static string Shade(double share)
    {
        var t = double.IsFinite(share) ? Math.Clamp(share, 0, 1) : 0;
        // From #f1f7fc (t = 0) to #08306b (t = 1).
        static int Lerp(int from, int to, double t) => (int)Math.Round(from + (to - from) * t);
        return $"#{Lerp(0xf1, 0x08, t):x2}{Lerp(0xf7, 0x30, t):x2}{Lerp(0xfc, 0x6b, t):x2}";
    }

    /// <summary>Text colour on a <see cref="Shade"/> cell: white on the dark half, ink on the light half.</summary>
    public static string TextOn(double share) => double.IsFinite(share) && share >= 0.5 ? "#ffffff" : Ink;
}
