using System.Globalization;
using Microsoft.Extensions.Localization;
using Vinculo.Core.Common;
using Vinculo.Domain.Service;
using Vinculo.Web.Components.Shared;

namespace Vinculo.Web.Components.Service.Settings;

/// <summary>Display text of the service settings pages: scopes, strategies, targets, days and messages in the UI language.</summary>
public static class SettingsText
{
    /// <summary>The target minutes the calendar preview uses ("a case opened now with a 60-minute target").</summary>
    public const int PreviewMinutes = 60;

    /// <summary>The scopes from the most specific (which wins) to the most general.</summary>
    public static readonly SlaScope[] Precedence =
        [SlaScope.Contract, SlaScope.CustomerTier, SlaScope.CustomerSegment, SlaScope.CaseType, SlaScope.Team, SlaScope.Corporate];

    /// <summary>Tiers offered in the forms; any other code may be typed.</summary>
    public static readonly string[] StandardTiers = ["platinum", "gold", "silver", "standard"];

    /// <summary>Monday first, as people in Spain read a week.</summary>
    public static readonly DayOfWeek[] Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public static string Scope(this IStringLocalizer<ServiceSettingsResource> s, SlaScope scope) => s[$"Scope.{scope}"];

    public static string Strategy(this IStringLocalizer<ServiceSettingsResource> s, AssignmentStrategy? strategy) =>
        s[$"Strategy.{(strategy is { } x ? x.ToString() : "Manual")}"];

    public static string Priority(this IStringLocalizer<ServiceSettingsResource> s, CasePriority priority) => s[$"Priority.{priority}"];

    public static string Target(this IStringLocalizer<ServiceSettingsResource> s, SlaTarget? target) =>
        s[$"Target.{(target is { } t ? t.ToString() : "Any")}"];

    public static string Alarm(this IStringLocalizer<ServiceSettingsResource> s, SlaAlarmKind kind) => s[$"Alarm.{kind}"];

    public static string Action(this IStringLocalizer<ServiceSettingsResource> s, EscalationAction action) => s[$"Action.{action}"];

    public static string Day(DayOfWeek day) => CultureInfo.CurrentCulture.DateTimeFormat.GetDayName(day);

    public static string Format(this IStringLocalizer<ServiceSettingsResource> s, string key, params object?[] args) =>
        string.Format(CultureInfo.CurrentCulture, s[key], args);

    /// <summary>A message from the use cases in the UI language: these pages' resources first, then the shared ones.</summary>
    public static string Message(IStringLocalizer s, IStringLocalizer shared, string message)
    {
        var own = s[message];
        return own.ResourceNotFound ? shared[message] : own;
    }

    /// <summary>"45 min", "4 h", "2 h 30 min", "3 d 2 h" (business time).</summary>
    public static string Minutes(this IStringLocalizer<ServiceSettingsResource> s, long minutes)
    {
        var days = minutes / (24 * 60);
        var hours = minutes % (24 * 60) / 60;
        var rest = minutes % 60;
        var parts = new List<string>();
        if (days > 0)
        {
            parts.Add(s.Format("Duration.Days", days));
        }

        if (hours > 0)
        {
            parts.Add(s.Format("Duration.Hours", hours));
        }

        if (rest > 0 || parts.Count == 0)
        {
            parts.Add(s.Format("Duration.Minutes", rest));
        }

        return string.Join(' ', parts);
    }

    /// <summary>Open time of a week in hours: "40 h", "47 h 30 min".</summary>
    public static string Hours(this IStringLocalizer<ServiceSettingsResource> s, long minutes) =>
        minutes % 60 == 0
            ? s.Format("Duration.Hours", minutes / 60)
            : $"{s.Format("Duration.Hours", minutes / 60)} {s.Format("Duration.Minutes", minutes % 60)}";

    /// <summary>The targets of one priority in a line: "1ª resp. 1 h · resolución 2 d".</summary>
    public static string Targets(this IStringLocalizer<ServiceSettingsResource> s, TargetMinutes? t)
    {
        if (t is null)
        {
            return "—";
        }

        var parts = new List<string>();
        if (t.FirstResponse is { } f)
        {
            parts.Add($"{s["Target.Short.FirstResponse"]} {s.Minutes(f)}");
        }

        if (t.NextResponse is { } n)
        {
            parts.Add($"{s["Target.Short.NextResponse"]} {s.Minutes(n)}");
        }

        if (t.Resolution is { } r)
        {
            parts.Add($"{s["Target.Short.Resolution"]} {s.Minutes(r)}");
        }

        return parts.Count == 0 ? "—" : string.Join(" · ", parts);
    }

    /// <summary>An instant in a calendar's own zone, in full: "lunes, 2 de marzo de 2026 10:00".</summary>
    public static string InZone(DateTime utc, string zoneId)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var z) ? z : TimeZoneInfo.Utc;
        return UserTime.ToLocal(utc, zone).ToString("f", CultureInfo.CurrentCulture);
    }

    /// <summary>The IANA zones this machine knows (for the time zone suggestions).</summary>
    public static IReadOnlyList<string> Zones { get; } = TimeZoneInfo.GetSystemTimeZones()
        .Select(z => z.Id).Where(id => id.Contains('/', StringComparison.Ordinal) || id == "UTC").Order(StringComparer.Ordinal).ToList();

    /// <summary>A plain number for an input's value.</summary>
    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>"weekly[2].start" and similar: the list and row an error is about, or null.</summary>
    public static (string List, int Row, string? Field)? Row(string key)
    {
        var match = System.Text.RegularExpressions.Regex.Match(key, @"^(\w+)\[(\d+)\](?:\.(\w+))?$");
        return match.Success && int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var row)
            ? (match.Groups[1].Value, row, match.Groups[3].Success ? match.Groups[3].Value : null)
            : null;
    }

    /// <summary>The list text of enum values as the use cases take them.</summary>
    public static string Camel<T>(T value) where T : struct, Enum => EnumText.Camel(value);
}
