using Microsoft.Extensions.Localization;
using Vinculo.Core.Service.Cases;
using Vinculo.Domain.Service;

namespace Vinculo.Web.Components.Service.Cases;

/// <summary>Display text and badge classes of the case pages: statuses, priorities, SLA targets, tiers and messages.</summary>
public static class CaseText
{
    public static string Status(this IStringLocalizer s, CaseStatus value) => s[$"CaseStatus.{value}"];

    public static string Priority(this IStringLocalizer s, CasePriority value) => s[$"Priority.{value}"];

    public static string Target(this IStringLocalizer s, SlaTarget value) => s[$"Target.{value}"];

    public static string SlaState(this IStringLocalizer s, SlaClockState value) => s[$"SlaState.{value}"];

    public static string EventKind(this IStringLocalizer s, CaseEventKind value) => s[$"Event.{value}"];

    /// <summary>A known tier (platinum, gold, silver, standard) in the UI language; a company's own code as it is.</summary>
    public static string Tier(this IStringLocalizer s, string tier)
    {
        var known = s[$"Tier.{tier.ToLowerInvariant()}"];
        return known.ResourceNotFound ? tier : known.Value;
    }

    /// <summary>The name of a case type in the UI language, or its code when the type is unknown.</summary>
    public static string TypeName(IReadOnlyDictionary<string, string>? names, string code) =>
        names is not null && names.TryGetValue(code, out var name) ? name : code;

    /// <summary>A message from the use cases in the UI language: these pages' resources, then the shared ones, else as it came.</summary>
    public static string Message(IStringLocalizer s, IStringLocalizer shared, string message)
    {
        var own = s[message];
        return own.ResourceNotFound ? shared[message] : own;
    }

    /// <summary>Badge classes of a status (semantic class first, then the palette it borrows).</summary>
    public static string StatusClass(CaseStatus status) => status switch
    {
        CaseStatus.New => "case-status case-new inv-open",
        CaseStatus.Open or CaseStatus.Reopened => "case-status case-open lifecycle-prospect",
        CaseStatus.PendingCustomer or CaseStatus.PendingInternal => "case-status case-pending badge-neutral",
        CaseStatus.Resolved => "case-status case-resolved lifecycle-active",
        _ => "case-status case-closed inv-cancelled",
    };

    public static string PriorityClass(CasePriority priority) => priority switch
    {
        CasePriority.Urgent => "case-priority priority-urgent inv-overdue",
        CasePriority.High => "case-priority priority-high lifecycle-prospect",
        CasePriority.Normal => "case-priority priority-normal badge-neutral",
        _ => "case-priority priority-low badge-quiet",
    };

    public static string TierClass(string tier) => "customer-tier tier-" + tier.ToLowerInvariant() + " badge-moment";

    /// <summary>
    /// The target a queue row counts down to: the nearest due time among the targets whose clock is counting. When no
    /// clock counts, a paused one (shown as paused), else none.
    /// </summary>
    public static (SlaTarget Target, CaseTargetBrief Brief)? Nearest(CaseListItem item)
    {
        (SlaTarget, CaseTargetBrief)[] targets =
        [
            (SlaTarget.FirstResponse, item.FirstResponse),
            (SlaTarget.NextResponse, item.NextResponse),
            (SlaTarget.Resolution, item.Resolution),
        ];
        var counting = targets
            .Where(t => t.Item2.DueAt is not null && t.Item2.State is SlaClockState.Running or SlaClockState.Breached)
            .OrderBy(t => t.Item2.DueAt)
            .ToList();
        if (counting.Count > 0)
        {
            return counting[0];
        }

        var paused = targets.Where(t => t.Item2.State == SlaClockState.Paused).ToList();
        return paused.Count > 0 ? paused[0] : null;
    }

    /// <summary>"fibra, vip" → ["fibra", "vip"] (blank entries dropped).</summary>
    public static List<string> SplitTags(string? text) =>
        (text ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(t => t.Length > 0).ToList();
}
