using System.Text.Json;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Service.Cases;

/// <summary>A new case. Enum values are camelCase text; ids must exist and belong to the customer.</summary>
public sealed record CaseInput
{
    /// <summary>Required: an existing customer.</summary>
    public long? CustomerId { get; init; }
    /// <summary>A contact person of the customer (companies), if any.</summary>
    public long? ContactPersonId { get; init; }
    /// <summary>Required: an active case type code (question, complaint, incident, return, warranty, request or a custom one).</summary>
    public string? Type { get; init; }
    /// <summary>Required: where the customer got in touch (phone, email, chat, …).</summary>
    public string? Channel { get; init; }
    /// <summary>Required, at most 200 characters.</summary>
    public string? Subject { get; init; }
    public string? Description { get; init; }
    /// <summary>low, normal (default), high or urgent.</summary>
    public string? Priority { get; init; }
    public long? TeamId { get; init; }
    /// <summary>A user; when a team is given, one of its members. Omitted: assigned automatically when the team has a strategy.</summary>
    public string? AssigneeId { get; init; }
    /// <summary>Lower-cased and de-duplicated; at most 20 tags of at most 40 characters.</summary>
    public IReadOnlyList<string>? Tags { get; init; }
    public long? OrderId { get; init; }
    public long? InvoiceId { get; init; }
    public long? ContractId { get; init; }
    /// <summary>Back-dating (administrators migrating history): when the case was opened; not in the future.</summary>
    public DateTime? OccurredAt { get; init; }
}

/// <summary>
/// Changes to a case (PATCH): an omitted (null) field is left as it is. To clear a value send the empty value:
/// <c>assigneeId: ""</c> unassigns, <c>teamId: 0</c> removes the team, <c>orderId</c>/<c>invoiceId</c>/<c>contractId: 0</c>
/// remove the link, <c>description: ""</c> clears it, <c>tags: []</c> removes every tag.
/// </summary>
public sealed record CaseUpdateInput
{
    public string? Subject { get; init; }
    public string? Description { get; init; }
    public string? Type { get; init; }
    public string? Priority { get; init; }
    public long? TeamId { get; init; }
    public string? AssigneeId { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
    public long? OrderId { get; init; }
    public long? InvoiceId { get; init; }
    public long? ContractId { get; init; }
    /// <summary>Back-dating (administrators only): when the change happened; not before the case's last event nor in the future.</summary>
    public DateTime? OccurredAt { get; init; }
}

/// <summary>A public reply on a case, from an agent or from the customer; it is also logged on the customer's timeline.</summary>
public sealed record CaseReplyInput
{
    /// <summary>agent (default) or customer.</summary>
    public string? From { get; init; }
    /// <summary>Required.</summary>
    public string? Body { get; init; }
    /// <summary>The channel of the reply; the case's channel when omitted.</summary>
    public string? Channel { get; init; }
    /// <summary>Back-dating (administrators only).</summary>
    public DateTime? OccurredAt { get; init; }
}

/// <summary>An internal note: seen by agents only; it meets no SLA target.</summary>
public sealed record CaseNoteInput
{
    /// <summary>Required.</summary>
    public string? Body { get; init; }
    /// <summary>Back-dating (administrators only).</summary>
    public DateTime? OccurredAt { get; init; }
}

/// <summary>A status change (see <see cref="CaseWorkflow"/>).</summary>
public sealed record CaseStatusInput
{
    /// <summary>Required: open, pendingCustomer, pendingInternal, resolved, closed or reopened.</summary>
    public string? Status { get; init; }
    /// <summary>Back-dating (administrators only).</summary>
    public DateTime? OccurredAt { get; init; }
}

/// <summary>Who replies on a case.</summary>
public enum CaseReplyFrom
{
    Agent,
    Customer,
}

/// <summary>Which queue: the user's cases, their teams' cases, the unassigned cases, or every case.</summary>
public enum CaseView
{
    Mine,
    Team,
    Unassigned,
    All,
}

/// <summary>Which cases by lifecycle: active (default: new, open, pending, reopened), resolved, closed or any.</summary>
public enum CaseStateFilter
{
    Active,
    Resolved,
    Closed,
    Any,
}

/// <summary>
/// A queue: <see cref="View"/> (mine, team, unassigned, all; default all) and optional filters; the order is
/// <see cref="QueueOrder"/> (customer rank, priority, nearest due time, oldest, id). <see cref="Status"/> may list several
/// statuses; <see cref="Q"/> matches the subject (contains, ignoring case). <see cref="RfmSegment"/> and
/// <see cref="MinChurn"/> (0–1, invariant text) keep the cases of customers the analytics put in that RFM segment or at
/// least at that churn risk.
/// </summary>
public sealed record CaseQuery(
    string? View = null,
    long? TeamId = null,
    IReadOnlyList<string>? Status = null,
    string? Priority = null,
    string? Type = null,
    long? CustomerId = null,
    string? Tag = null,
    string? Q = null,
    string? State = null,
    string? Cursor = null,
    int? Limit = null,
    string? RfmSegment = null,
    string? MinChurn = null);

/// <summary>A customer's cases, newest first.</summary>
public sealed record CustomerCaseQuery(string? State = null, string? Cursor = null, int? Limit = null);

/// <summary>A case's history, oldest first.</summary>
public sealed record CaseHistoryQuery(string? Cursor = null, int? Limit = null);

/// <summary>One target of a case as a queue shows it (from the stored SLA columns; clients tick the timers themselves).</summary>
public sealed record CaseTargetBrief(SlaClockState State, DateTime? DueAt, DateTime? WarningAt);

/// <summary>One row of a queue.</summary>
public sealed record CaseListItem(
    long Id,
    string Subject,
    long CustomerId,
    string CustomerName,
    string? CustomerTier,
    int CustomerRank,
    string Type,
    Channel Channel,
    CasePriority Priority,
    CaseStatus Status,
    long? TeamId,
    string? TeamName,
    string? AssigneeId,
    string? AssigneeName,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? SlaDueAt,
    CaseTargetBrief FirstResponse,
    CaseTargetBrief NextResponse,
    CaseTargetBrief Resolution,
    long Version);

/// <summary>A page of a queue with the size of the whole filtered queue.</summary>
public sealed record CaseQueuePage(IReadOnlyList<CaseListItem> Items, string? NextCursor, long Total);

/// <summary>The records a case is about.</summary>
public sealed record CaseLinks(long? OrderId, long? InvoiceId, long? ContractId);

/// <summary>
/// One SLA target of a case computed live: state, the policy that supplied it, its duration, due and warning times,
/// business minutes elapsed and paused (whole minutes), when it was met or breached, and (next response) its cycles.
/// </summary>
public sealed record CaseSlaTargetDto(
    SlaTarget Target,
    SlaClockState State,
    long? PolicyId,
    string? PolicyName,
    int? TargetMinutes,
    DateTime? DueAt,
    DateTime? WarningAt,
    long ElapsedMinutes,
    long PausedMinutes,
    long? RemainingMinutes,
    DateTime? MetAt,
    DateTime? BreachedAt,
    int Cycles,
    int BreachedCycles);

/// <summary>The SLA of a case at <see cref="At"/>, with the nearest running due time.</summary>
public sealed record CaseSlaDto(DateTime At, CaseSlaTargetDto FirstResponse, CaseSlaTargetDto NextResponse, CaseSlaTargetDto Resolution, DateTime? DueAt);

/// <summary>A case as its page shows it.</summary>
public sealed record CaseDto(
    long Id,
    long CustomerId,
    string CustomerName,
    string? CustomerTier,
    string? CustomerSegment,
    Temperament Temperament,
    string? TemperamentNote,
    long? ContactPersonId,
    string? ContactPersonName,
    string Type,
    Channel Channel,
    string Subject,
    string? Description,
    CasePriority Priority,
    CaseStatus Status,
    bool IsActive,
    long? TeamId,
    string? TeamName,
    string? AssigneeId,
    string? AssigneeName,
    IReadOnlyList<string> Tags,
    CaseLinks Links,
    int CustomerRank,
    string? CreatedById,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime LastEventAt,
    DateTime? ResolvedAt,
    DateTime? ClosedAt,
    IReadOnlyList<CaseStatus> NextStatuses,
    long Version,
    CaseSlaDto Sla);

/// <summary>One entry of a case's history. <see cref="Data"/> holds the details (from/to values, changed fields) as JSON.</summary>
public sealed record CaseEventDto(
    long Id,
    long CaseId,
    CaseEventKind Kind,
    DateTime OccurredAt,
    DateTime RecordedAt,
    SlaEventKind? SlaKind,
    CasePriority? Priority,
    string? ActorId,
    string? ActorName,
    string? Body,
    JsonElement? Data,
    long? InteractionId);

/// <summary>
/// A change the system makes to a case (escalation): raise or set the priority, move it to another team and/or agent.
/// A null field leaves that aspect unchanged.
/// </summary>
/// <param name="Priority">The new priority.</param>
/// <param name="TeamId">The new team.</param>
/// <param name="AssigneeId">The new agent; with a new team and no agent the case is unassigned, or assigned automatically when the team assigns automatically.</param>
/// <param name="Reason">Why (recorded in the events' data), e.g. "sla breach of firstResponse".</param>
public sealed record SystemCaseChange(CasePriority? Priority = null, long? TeamId = null, string? AssigneeId = null, string? Reason = null);

/// <summary>The status change is not allowed from the case's status (409, naming the allowed statuses).</summary>
public sealed class CaseStatusConflictException(CaseStatus from, CaseStatus to, IReadOnlyList<CaseStatus> allowed)
    : Exception(allowed.Count == 0
        ? $"The case is {Camel(from)}, a final status: it cannot become {Camel(to)}. Open a new case instead."
        : $"A case that is {Camel(from)} cannot become {Camel(to)}; it can become: {string.Join(", ", allowed.Select(Camel))}.")
{
    public CaseStatus From { get; } = from;
    public CaseStatus To { get; } = to;
    public IReadOnlyList<CaseStatus> Allowed { get; } = allowed;

    private static string Camel(CaseStatus s) => Vinculo.Core.Common.EnumText.Camel(s);
}
