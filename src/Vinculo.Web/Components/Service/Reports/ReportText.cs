using System.Globalization;
using Microsoft.Extensions.Localization;
using Vinculo.Core.Common;
using Vinculo.Core.Service.Reports;
using Vinculo.Domain.Service;

namespace Vinculo.Web.Components.Service.Reports;

/// <summary>Localized labels and number formats of the service report pages.</summary>
public static class ReportText
{
    /// <summary>A share (0–1) as a percentage with at most one decimal ("80 %", "66,7 %" in Spanish; "80%" in English); "—" when null.</summary>
    public static string Percent(double? share)
    {
        if (share is not { } s)
        {
            return "—";
        }

        var number = (s * 100).ToString("0.#", CultureInfo.CurrentCulture);
        return CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? number + "%" : number + "\u00a0%";
    }

    /// <summary>Business minutes with at most one decimal ("30", "1.234,5"); "—" when null.</summary>
    public static string Minutes(double? minutes) => minutes is { } m ? m.ToString("#,0.#", CultureInfo.CurrentCulture) : "—";

    public static string Number(long value) => value.ToString("N0", CultureInfo.CurrentCulture);

    public static string Format(this IStringLocalizer<ServiceReportResource> r, string key, params object?[] args) =>
        string.Format(CultureInfo.CurrentCulture, r[key], args);

    /// <summary>"Team", "Agent"… (capitalized, for tabs and column headings).</summary>
    public static string Dimension(this IStringLocalizer<ServiceReportResource> r, ComplianceDimension d) => r[$"Dimension.{d}"];

    /// <summary>"team", "agent"… (inside a sentence).</summary>
    public static string DimensionInText(this IStringLocalizer<ServiceReportResource> r, ComplianceDimension d) => r[$"DimensionInText.{d}"];

    public static string Priority(this IStringLocalizer<ServiceReportResource> r, CasePriority p) => r[$"Priority.{p}"];

    public static string Status(this IStringLocalizer<ServiceReportResource> r, CaseStatus s) => r[$"Status.{s}"];

    public static string Target(this IStringLocalizer<ServiceReportResource> r, SlaTarget t) => r[$"Target.{t}"];

    public static string Age(this IStringLocalizer<ServiceReportResource> r, AgeBucket a) => r[$"Age.{a}"];

    /// <summary>A group's name: the label, a localized priority, or "No team" / "Unassigned" for the group without one.</summary>
    public static string Group(this IStringLocalizer<ServiceReportResource> r, ComplianceDimension by, ComplianceGroup g) => by switch
    {
        ComplianceDimension.Team when g.Key is null => r["Reports.NoTeam"],
        ComplianceDimension.Agent when g.Key is null => r["Reports.Unassigned"],
        ComplianceDimension.Priority when EnumText.TryParse<CasePriority>(g.Key, out var p) => r.Priority(p),
        ComplianceDimension.Month when g.Key is not null => MonthName(g.Key, "MMMM yyyy"),
        _ => g.Label ?? g.Key ?? "",
    };

    /// <summary>A month for a sentence, from <c>YYYY-MM</c>: "octubre de 2026", "October 2026".</summary>
    public static string MonthInText(string month) =>
        DateTime.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString(CultureInfo.CurrentCulture.DateTimeFormat.YearMonthPattern, CultureInfo.CurrentCulture)
            : month;

    /// <summary>"Octubre 2026", or a short "Oct 26" for chart axes, from <c>YYYY-MM</c>; capitalized, to start a label.</summary>
    public static string MonthName(string month, string format = "MMM yy")
    {
        if (DateTime.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var text = date.ToString(format, CultureInfo.CurrentCulture).Replace(".", "", StringComparison.Ordinal);
            return char.ToUpper(text[0], CultureInfo.CurrentCulture) + text[1..];
        }

        return month;
    }
}
