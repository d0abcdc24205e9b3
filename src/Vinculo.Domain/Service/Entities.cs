using Vinculo.Domain.Interactions;

namespace Vinculo.Domain.Service;

/// <summary>A business-hours calendar as stored: the weekly hours, holidays and special days are one JSON document.</summary>
public sealed class ServiceCalendar
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>IANA time zone id.</summary>
    public string TimeZone { get; set; } = "UTC";
    /// <summary>The definition (see <see cref="CalendarDefinition"/>), JSON.</summary>
    public string Definition { get; set; } = "{}";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public long Version { get; set; }
}

/// <summary>An SLA policy as stored: targets per priority and escalation rules are JSON documents.</summary>
public sealed class ServicePolicy
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public SlaScope Scope { get; set; }
    /// <summary>Null for corporate; the team id, case type, segment, tier or contract id otherwise (lower case for text keys).</summary>
    public string? ScopeKey { get; set; }
    public long CalendarId { get; set; }
    /// <summary>Share of a target after which a warning fires (0 &lt; share &lt; 1).</summary>
    public double WarningShare { get; set; } = SlaPolicy.DefaultWarningShare;
    /// <summary>Targets in business minutes per priority (see <see cref="PolicyTargets"/>), JSON.</summary>
    public string Targets { get; set; } = "{}";
    /// <summary>Escalation rules (see <see cref="EscalationRule"/>), JSON array.</summary>
    public string Escalations { get; set; } = "[]";
    public bool Active { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public long Version { get; set; }
}

/// <summary>A team (department) that owns a queue of cases.</summary>
public sealed class Team
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    /// <summary>How new cases are assigned; null means manually (they wait unassigned in the team's queue).</summary>
    public AssignmentStrategy? Strategy { get; set; }
    /// <summary>The user told about warnings and breaches of the team's cases; null: every supervisor.</summary>
    public string? SupervisorId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public long Version { get; set; }
    public List<TeamMember> Members { get; set; } = [];
}

/// <summary>An agent in a team.</summary>
public sealed class TeamMember
{
    public long TeamId { get; set; }
    public string UserId { get; set; } = "";
    /// <summary>Lower-case skills separated by commas, e.g. "billing,english".</summary>
    public string Skills { get; set; } = "";
    /// <summary>Whether the agent takes new cases now.</summary>
    public bool Available { get; set; } = true;
    public DateTime? LastAssignedAt { get; set; }
}

/// <summary>A case type (service) with its names; the built-in ones cannot be removed.</summary>
public sealed class CaseTypeDefinition
{
    public string Code { get; set; } = "";
    public string NameEs { get; set; } = "";
    public string NameEn { get; set; } = "";
    public bool BuiltIn { get; set; }
    public bool Active { get; set; } = true;
    /// <summary>Skills an agent needs for by-skill assignment, comma separated; may be empty.</summary>
    public string Skills { get; set; } = "";
}

/// <summary>
/// A service case. The SLA columns are the persisted result of <see cref="SlaClock"/> for the case's events (prefix
/// Fr = first response, Nr = next response, Res = resolution); they are rewritten whenever an event is recorded or the
/// configuration changes, and read by queues, reports and the alarm job.
/// </summary>
public sealed class ServiceCase
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public long? ContactPersonId { get; set; }
    /// <summary>Case type code (see <see cref="CaseType"/>).</summary>
    public string Type { get; set; } = "";
    public Channel Channel { get; set; }
    public string Subject { get; set; } = "";
    public string? Description { get; set; }
    public CasePriority Priority { get; set; } = CasePriority.Normal;
    public CaseStatus Status { get; set; } = CaseStatus.New;
    /// <summary>Whether the case is still to be worked on (<see cref="CaseWorkflow.IsActive"/>); queues index only these.</summary>
    public bool IsActive { get; set; } = true;
    public long? TeamId { get; set; }
    public string? AssigneeId { get; set; }
    public long? OrderId { get; set; }
    public long? InvoiceId { get; set; }
    public long? ContractId { get; set; }
    /// <summary>The customer's value rank (0–100, <see cref="CustomerValue.Rank"/>) when last computed; queues sort by it.</summary>
    public int CustomerRank { get; set; }
    public string? CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>Time of the latest event; a back-dated event may not be earlier.</summary>
    public DateTime LastEventAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    public long Version { get; set; }

    public SlaClockState FrState { get; set; }
    public long? FrPolicyId { get; set; }
    public DateTime? FrDueAt { get; set; }
    public DateTime? FrWarningAt { get; set; }
    public long FrElapsedSeconds { get; set; }
    public long FrPausedSeconds { get; set; }
    public DateTime? FrMetAt { get; set; }
    public DateTime? FrBreachedAt { get; set; }

    public SlaClockState NrState { get; set; }
    public long? NrPolicyId { get; set; }
    public DateTime? NrDueAt { get; set; }
    public DateTime? NrWarningAt { get; set; }
    public long NrElapsedSeconds { get; set; }
    public long NrPausedSeconds { get; set; }
    public DateTime? NrMetAt { get; set; }
    public DateTime? NrBreachedAt { get; set; }
    public int NrCycles { get; set; }
    public int NrBreachedCycles { get; set; }

    public SlaClockState ResState { get; set; }
    public long? ResPolicyId { get; set; }
    public DateTime? ResDueAt { get; set; }
    public DateTime? ResWarningAt { get; set; }
    public long ResElapsedSeconds { get; set; }
    public long ResPausedSeconds { get; set; }
    public DateTime? ResMetAt { get; set; }
    public DateTime? ResBreachedAt { get; set; }

    /// <summary>Nearest due time among the running targets, or null: what the agent races against.</summary>
    public DateTime? SlaDueAt { get; set; }
    /// <summary><see cref="SlaDueAt"/> or <see cref="SlaAlarms.NoDue"/>: a non-null sort key (cases without a due time last).</summary>
    public DateTime QueueDueAt { get; set; }
    /// <summary>Next instant a warning or breach not yet fired comes due, or null: what the alarm job looks for.</summary>
    public DateTime? AlarmAt { get; set; }
    /// <summary>Alarms already fired (see <see cref="SlaAlarms"/>), so each fires exactly once.</summary>
    public int FrWarned { get; set; }
    public int FrBreachFired { get; set; }
    public int NrWarned { get; set; }
    public int NrBreachFired { get; set; }
    public int ResWarned { get; set; }
    public int ResBreachFired { get; set; }

    public List<CaseTag> Tags { get; set; } = [];
}

public sealed class CaseTag
{
    public long CaseId { get; set; }
    public string Tag { get; set; } = "";
}

/// <summary>What a case event records (its history); <see cref="CaseEvent.SlaKind"/> says what it feeds the SLA clock.</summary>
public enum CaseEventKind
{
    Created = 1,
    StatusChanged = 2,
    AgentReply = 3,
    CustomerReply = 4,
    InternalNote = 5,
    Assigned = 6,
    TeamChanged = 7,
    PriorityChanged = 8,
    Updated = 9,
    TagsChanged = 10,
    SlaWarning = 11,
    SlaBreach = 12,
    Escalated = 13,
    SlaRecomputed = 14,
}

/// <summary>One entry of a case's history.</summary>
public sealed class CaseEvent
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    /// <summary>When it happened (may be back-dated by an administrator migrating history).</summary>
    public DateTime OccurredAt { get; set; }
    /// <summary>When it was written.</summary>
    public DateTime RecordedAt { get; set; }
    public CaseEventKind Kind { get; set; }
    /// <summary>The event fed to the SLA clock, or null when it feeds none.</summary>
    public SlaEventKind? SlaKind { get; set; }
    /// <summary>The priority for created and priority-changed events.</summary>
    public CasePriority? Priority { get; set; }
    /// <summary>User who did it; null for the system (alarm job).</summary>
    public string? ActorId { get; set; }
    public string? ActorName { get; set; }
    /// <summary>Reply or note text.</summary>
    public string? Body { get; set; }
    /// <summary>Details as JSON (from/to values, changed fields, SLA target).</summary>
    public string? Data { get; set; }
    /// <summary>The timeline interaction a reply created.</summary>
    public long? InteractionId { get; set; }
}

/// <summary>What a notification is about.</summary>
public enum NotificationKind
{
    SlaWarning = 1,
    SlaBreach = 2,
    CaseAssigned = 3,
}

/// <summary>A message for one user (a message for several users is one row each, so each reads it on their own).</summary>
public sealed class Notification
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public long? CaseId { get; set; }
    public NotificationKind Kind { get; set; }
    /// <summary>Details as JSON (target, due time, case subject) rendered in the reader's language.</summary>
    public string Data { get; set; } = "{}";
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
}

/// <summary>A lease on a background job, so one node runs it at a time.</summary>
public sealed class JobLease
{
    public string Name { get; set; } = "";
    public string Holder { get; set; } = "";
    public DateTime ExpiresAt { get; set; }
}
