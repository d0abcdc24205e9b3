using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vinculo.Web.Components.Analytics.Charts;

namespace Vinculo.Web.Tests.Analytics.Dashboard;

/// <summary>
/// The chart components rendered to HTML by Blazor's own renderer: an SVG image with its title and description, the
/// table alternative in a disclosure, the empty state, and every text encoded.
/// </summary>
public sealed class ChartRenderingTests
{
    private const string Hostile = "<script>alert(1)</script>";

    private static async Task<string> Render<TChart>(Dictionary<string, object?> parameters) where TChart : IComponent
    {
        await using var services = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("es-ES");
        try
        {
            return await renderer.Dispatcher.InvokeAsync(async () =>
                (await renderer.RenderComponentAsync<TChart>(ParameterView.FromDictionary(parameters))).ToHtmlString());
        }
        finally
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
        }
    }

    private static Dictionary<string, object?> Common(string id, params (string Name, object? Value)[] more)
    {
        var parameters = new Dictionary<string, object?>
        {
            ["Id"] = id,
            ["Title"] = "Title " + Hostile,
            ["Description"] = "Description " + Hostile,
            ["TableLabel"] = "Ver los datos",
            ["EmptyText"] = "Sin datos.",
        };
        foreach (var (name, value) in more)
        {
            parameters[name] = value;
        }

        return parameters;
    }

    private static void AssertAccessibleChart(string html, string id)
    {
        Assert.Contains($"data-chart=\"{id}\"", html, StringComparison.Ordinal);
        Assert.Contains($"<svg role=\"img\" aria-labelledby=\"{id}-title {id}-desc\"", html, StringComparison.Ordinal);
        Assert.Contains($"<title id=\"{id}-title\">Title &lt;script&gt;alert(1)&lt;/script&gt;</title>", html, StringComparison.Ordinal);
        Assert.Contains($"<desc id=\"{id}-desc\">Description &lt;script&gt;alert(1)&lt;/script&gt;</desc>", html, StringComparison.Ordinal);
        Assert.Matches("<details class=\"chart-data\">\\s*<summary>Ver los datos</summary>", html);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-empty", html, StringComparison.Ordinal);
    }

    private static void AssertEmpty(string html, string id)
    {
        Assert.Contains($"data-chart=\"{id}\" data-empty=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains("Sin datos.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bar_chart_draws_its_bars_with_encoded_labels_and_a_table()
    {
        var html = await Render<BarChart>(Common("bars", ("Items", new List<BarItem> { new(Hostile, 10, "10"), new("Leales", 5, "5 (50 %)") }),
            ("CategoryHeader", "Segmento"), ("ValueHeader", "Clientes")));
        AssertAccessibleChart(html, "bars");
        Assert.Equal(2, CountOf(html, "<rect "));
        Assert.Contains("<th scope=\"row\">&lt;script&gt;alert(1)&lt;/script&gt;</th>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">5 (50 %)</td>", Decoded(html), StringComparison.Ordinal);
        Assert.Contains("<th scope=\"col\">Segmento</th>", Decoded(html), StringComparison.Ordinal);
        AssertEmpty(await Render<BarChart>(Common("bars", ("Items", new List<BarItem>()))), "bars");
    }

    [Fact]
    public async Task A_curve_chart_draws_the_diagonal_and_the_curve_through_its_points()
    {
        var series = new List<CurveSeries> { new(Hostile, [new(0, 0), new(0.5, 0.8), new(1, 1)]) };
        var html = await Render<CurveChart>(Common("roc", ("Series", series), ("XAxisLabel", "FPR"), ("YAxisLabel", "TPR"), ("DiagonalLabel", "Aleatorio")));
        AssertAccessibleChart(html, "roc");
        Assert.Contains("<polyline points=\"52,276 178,64.8 304,12\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"chart-diagonal\" x1=\"52\" y1=\"276\" x2=\"304\" y2=\"12\"", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">0,8</td>", Decoded(html), StringComparison.Ordinal);
        AssertEmpty(await Render<CurveChart>(Common("roc", ("Series", new List<CurveSeries> { new("x", []) }))), "roc");
        AssertEmpty(await Render<CurveChart>(Common("roc", ("Series", new List<CurveSeries>()))), "roc");
    }

    [Fact]
    public async Task A_histogram_draws_one_column_per_bin()
    {
        var bins = new List<HistogramItem> { new(0, 0.5, 3, "0 % – 50 %", "3"), new(0.5, 1, 1, Hostile, "1") };
        var html = await Render<HistogramChart>(Common("hist", ("Bins", bins)));
        AssertAccessibleChart(html, "hist");
        Assert.Equal(2, CountOf(html, "<g class=\"chart-column\">"));
        Assert.Contains("<th scope=\"row\">&lt;script&gt;alert(1)&lt;/script&gt;</th>", html, StringComparison.Ordinal);
        AssertEmpty(await Render<HistogramChart>(Common("hist", ("Bins", new List<HistogramItem> { new(0, 1, 0, "", "0") }))), "hist");
    }

    [Fact]
    public async Task A_forecast_chart_draws_history_forecast_and_band()
    {
        var start = new DateOnly(2026, 11, 1);
        var days = new List<ForecastDay> { new(start, 10, null, null, null), new(start.AddDays(1), null, 12, 8, 16), new(start.AddDays(2), null, 14, 9, 19) };
        var html = await Render<ForecastChart>(Common("fc", ("Days", days), ("ActualLabel", Hostile)));
        AssertAccessibleChart(html, "fc");
        Assert.Contains("class=\"chart-history\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"chart-forecast\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"chart-band\"", html, StringComparison.Ordinal);
        Assert.Matches("<time datetime=\"2026-11-02\">0?2/11/2026</time>", Decoded(html));
        Assert.Contains("<td class=\"num\">8 – 16</td>", Decoded(html), StringComparison.Ordinal);
        AssertEmpty(await Render<ForecastChart>(Common("fc", ("Days", new List<ForecastDay>()))), "fc");
    }

    [Fact]
    public async Task A_heat_map_writes_each_share_in_its_shaded_cell()
    {
        var rows = new List<HeatRow> { new(Hostile, "120", [1, 0.25]), new("ago 2026", "90", [1]) };
        var html = await Render<HeatMap>(Common("heat", ("Rows", rows)));
        AssertAccessibleChart(html, "heat");
        Assert.Equal(3, CountOf(html, "<g class=\"heat-cell\">"));
        Assert.Contains(">25 %</text>", Decoded(html), StringComparison.Ordinal);
        Assert.Contains("fill=\"#08306b\"", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">25 %</td>", Decoded(html), StringComparison.Ordinal);
        AssertEmpty(await Render<HeatMap>(Common("heat", ("Rows", new List<HeatRow>()))), "heat");
    }

    /// <summary>The markup with entities decoded (the renderer encodes every non-ASCII character) and no-break spaces as spaces.</summary>
    private static string Decoded(string html) => WebUtility.HtmlDecode(html).Replace('\u00a0', ' ').Replace('\u202f', ' ');

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
