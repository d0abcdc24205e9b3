using System.Globalization;

namespace Vinculo.Web.Components.Service.Reports;

/// <summary>One data series of a chart: its name (shown in the legend and the table alternative) and its colour.</summary>
/// <param name="Name">Legend text.</param>
/// <param name="Color">Fill or stroke colour.</param>
/// <param name="Dashed">Draw lines dashed and mark points with squares, so series differ by more than colour.</param>
public sealed record ChartSeries(string Name, string Color, bool Dashed = false);

/// <summary>One row (bar group, stacked bar or x position) of a chart.</summary>
/// <param name="Label">The category: a group, a team or a month.</param>
/// <param name="Values">One value per series; null when there is none (no bar, a gap in a line).</param>
/// <param name="Texts">The value as displayed, one per series ("80 %", "30 min").</param>
public sealed record ChartRow(string Label, IReadOnlyList<double?> Values, IReadOnlyList<string> Texts);

/// <summary>Number formatting shared by the SVG charts (SVG coordinates are always invariant).</summary>
public static class Svg
{
    public static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A label cut to <paramref name="max"/> characters with an ellipsis (the full text stays in the row's title).</summary>
    public static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>Palette with enough contrast on white; pairs are told apart by pattern too.</summary>
    public const string Blue = "#0c5a8a";
    public const string LightBlue = "#6ba7cc";
    public const string Orange = "#b45309";
    public const string Green = "#2f7d32";
    public const string Amber = "#d4a017";
    public const string Red = "#b3261e";
    public const string Grey = "#56616e";
}
