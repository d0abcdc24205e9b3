using System.Globalization;
using Microsoft.Extensions.Localization;
using Vinculo.Core.Offers;
using Vinculo.Domain.Analytics;
using Vinculo.Web.Components.Shared;

namespace Vinculo.Web.Components.Analytics.Scores;

/// <summary>Display text of the score views: segments, factors, statuses and figures in the UI language.</summary>
public static class ScoreText
{
    /// <summary>The feature keys the risk models explain (translated as Factor.&lt;key&gt;).</summary>
    public static readonly IReadOnlyList<string> FactorKeys =
    [
        "tenureDays", "recencyDays", "frequency", "monetary", "averageOrderValue", "products", "activeContracts", "cases", "complaints",
        "slaBreaches", "openInvoices", "overdueInvoices", "overdueAmount", "averageDaysLate", "maxDaysLate", "paymentsCount", "interactions",
        "inboundInteractions", "returns", "returnRate",
    ];

    /// <summary>The RFM segment ids (translated as Segment.&lt;id&gt;).</summary>
    public static readonly IReadOnlyList<string> Segments =
    [
        "champions", "loyal", "potentialLoyalist", "new", "promising", "needAttention", "aboutToSleep", "atRisk", "cantLoseThem", "hibernating", "lost",
    ];

    public static string Format(this IStringLocalizer<AnalyticsResource> t, string key, params object?[] args) =>
        string.Format(CultureInfo.CurrentCulture, t[key], args);

    /// <summary>A segment's name in the UI language; an unknown one as it came.</summary>
    public static string Segment(this IStringLocalizer<AnalyticsResource> t, string? segment)
    {
        if (string.IsNullOrEmpty(segment))
        {
            return "";
        }

        var text = t["Segment." + segment];
        return text.ResourceNotFound ? segment : text.Value;
    }

    /// <summary>A factor's name in words; an unknown key as it came (the models may add features).</summary>
    public static string Factor(this IStringLocalizer<AnalyticsResource> t, string feature)
    {
        var text = t["Factor." + feature];
        return text.ResourceNotFound ? feature : text.Value;
    }

    /// <summary>"Overdue invoices: 2 — raises the risk".</summary>
    public static string FactorLine(this IStringLocalizer<AnalyticsResource> t, ScoreFactor f) =>
        t.Format(f.Contribution >= 0 ? "Factor.Raises" : "Factor.Lowers", t.Factor(f.Feature), f.Value);

    public static string AlertStatus(this IStringLocalizer<AnalyticsResource> t, DefaultAlertStatus status) => t[$"AlertStatus.{status}"];

    /// <summary>A 0–1 probability as a whole percentage in the UI culture ("72 %").</summary>
    public static string Percent(double value) => (value).ToString("P0", CultureInfo.CurrentCulture);

    public static string Percent(double? value) => value is { } v ? Percent(v) : "—";

    /// <summary>An amount with two decimals in the UI culture (the warehouse does not convert currencies).</summary>
    public static string Amount(decimal? value) => value is { } v ? v.ToString("N2", CultureInfo.CurrentCulture) : "—";

    public static string Number(double? value, string format = "0.0") => value is { } v ? v.ToString(format, CultureInfo.CurrentCulture) : "—";

    public static string Product(ProductRef p) =>
        p.Sku.Length == 0 && p.NameEs.Length == 0 ? $"#{p.Id}" : Labels.Language == "en" ? p.NameEn : p.NameEs;

    /// <summary>A risk's badge class: high (≥ 0.5), medium (≥ 0.25), low.</summary>
    public static string RiskClass(double? p) => p switch
    {
        >= 0.5 => "badge risk-high inv-overdue",
        >= 0.25 => "badge risk-medium badge-moment",
        null => "badge badge-quiet",
        _ => "badge risk-low lifecycle-active",
    };

    public static string Date(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).ToString("g", CultureInfo.CurrentCulture);
}
