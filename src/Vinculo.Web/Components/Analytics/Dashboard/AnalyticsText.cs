using System.Globalization;
using Microsoft.Extensions.Localization;
using Vinculo.Core.Common;
using Vinculo.Domain.Analytics;
using Vinculo.Domain.Interactions;
using Vinculo.Web.Components.Shared;

namespace Vinculo.Web.Components.Analytics.Dashboard;

/// <summary>
/// Display text of the analytics dashboard: the stable keys of segments, features, cluster profiles, modes and statuses
/// in the UI language (the raw key when a key has no translation yet), and the number formats.
/// </summary>
public static class AnalyticsText
{
    /// <summary>An RFM segment's name ("champions" → "Campeones"); the key itself when unknown.</summary>
    public static string Segment(this IStringLocalizer<AnalyticsDashboardResource> t, string? key) => Lookup(t, "Segment.", key);

    /// <summary>A model feature's name ("overdueInvoices" → "Facturas vencidas"); the key itself when unknown.</summary>
    public static string Feature(this IStringLocalizer<AnalyticsDashboardResource> t, string? key) => Lookup(t, "Feature.", key);

    /// <summary>A run mode ("full" → "Completa"); the mode itself when unknown.</summary>
    public static string Mode(this IStringLocalizer<AnalyticsDashboardResource> t, string? mode) => Lookup(t, "Mode.", mode);

    public static string Status(this IStringLocalizer<AnalyticsDashboardResource> t, AnalyticsRunStatus status) =>
        Lookup(t, "Status.", status.ToString());

    public static string Format(this IStringLocalizer<AnalyticsDashboardResource> t, string key, params object?[] args) =>
        string.Format(CultureInfo.CurrentCulture, t[key], args);

    /// <summary>
    /// A cluster's generated label in words: "frequency=high,recencyDays=low" → "Pedidos: alto · Días desde la última compra:
    /// bajo"; "average" → "En la media en todas las variables"; anything else as it came.
    /// </summary>
    public static string ClusterLabel(this IStringLocalizer<AnalyticsDashboardResource> t, string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return "";
        }

        if (label == "average")
        {
            return t["Clusters.Average"];
        }

        var parts = new List<string>();
        foreach (var part in label.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return label;
            }

            parts.Add($"{t.Feature(part[..eq])}: {Lookup(t, "Level.", part[(eq + 1)..])}");
        }

        return string.Join(" · ", parts);
    }

    /// <summary>A channel key of the forecasts ("phone") by the shared channel names; the key itself when unknown.</summary>
    public static string Channel(IStringLocalizer shared, string? key) =>
        EnumText.TryParse<Channel>(key, out var channel) ? shared.Channel(channel) : key ?? "";

    /// <summary>How long a run took: "45 s", "3 min 20 s", "1 h 5 min".</summary>
    public static string Duration(this IStringLocalizer<AnalyticsDashboardResource> t, double? seconds)
    {
        if (seconds is not { } s || !double.IsFinite(s) || s < 0)
        {
            return "";
        }

        var span = TimeSpan.FromSeconds(Math.Round(s));
        return span.TotalHours >= 1
            ? t.Format("Duration.Hours", (int)span.TotalHours, span.Minutes)
            : span.TotalMinutes >= 1 ? t.Format("Duration.Minutes", (int)span.TotalMinutes, span.Seconds) : t.Format("Duration.Seconds", span.Seconds);
    }

    /// <summary>A count with thousands separators.</summary>
    public static string Count(double value) => value.ToString("#,0", CultureInfo.CurrentCulture);

    /// <summary>A share 0–1 as a percentage with <paramref name="decimals"/> decimals ("12,5 %").</summary>
    public static string Percent(double value, int decimals = 0) =>
        double.IsFinite(value) ? value.ToString("P" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.CurrentCulture) : "";

    /// <summary>Money without a currency (the warehouse keeps each purchase's own currency).</summary>
    public static string Money(decimal value) => value.ToString("#,0.00", CultureInfo.CurrentCulture);

    /// <summary>A model or smoothing figure with up to <paramref name="decimals"/> decimals.</summary>
    public static string Number(double value, int decimals = 3) =>
        double.IsFinite(value) ? value.ToString("#,0." + new string('#', decimals), CultureInfo.CurrentCulture) : "—";

    /// <summary>A month of a cohort: "mar 2025" / "Mar 2025".</summary>
    public static string Month(DateOnly month) => month.ToString("MMM yyyy", CultureInfo.CurrentCulture);

    private static string Lookup(IStringLocalizer t, string prefix, string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return "";
        }

        var text = t[prefix + key];
        return text.ResourceNotFound ? key : text.Value;
    }
}
