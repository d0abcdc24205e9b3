using Vinculo.Domain.Service;

namespace Vinculo.Core.Service.Configuration;

// Requests take enum values and days as text so that a wrong value becomes a named field error, not a parse failure.

/// <summary>
/// The outcome of a change to the SLA configuration: the saved item and how many active cases had their SLA recomputed
/// because of it (0 when the change cannot affect any case: a new or unused calendar, an inactive policy).
/// </summary>
public sealed record ConfigChange<T>(T Item, long RecomputedCases);

/// <summary>The outcome of a delete: whether it existed, and how many active cases had their SLA recomputed.</summary>
public sealed record ConfigDelete(bool Found, long RecomputedCases)
{
    public static ConfigDelete NotFound { get; } = new(false, 0);
}

// ---- Calendars ----

/// <summary>One weekly opening interval: day (monday … sunday), "HH:mm" times, and whether it ends the next day (a night shift).</summary>
public sealed record WeeklyHoursInput(string? Day, string? Start, string? End, bool? EndsNextDay = null);

/// <summary>Special hours replacing the weekly hours of one date.</summary>
public sealed record SpecialHoursInput(DateOnly? Date, string? Start, string? End);

/// <summary>A business-hours calendar as written by the API and the forms (create and replace alike).</summary>
public sealed record CalendarInput
{
    /// <summary>Unique (ignoring case), at most 100 characters.</summary>
    public string? Name { get; init; }
    /// <summary>IANA time zone id such as Europe/Madrid.</summary>
    public string? TimeZone { get; init; }
    public List<WeeklyHoursInput>? Weekly { get; init; }
    /// <summary>Local dates closed all day.</summary>
    public List<DateOnly>? Holidays { get; init; }
    public List<SpecialHoursInput>? Special { get; init; }
}

/// <param name="Policies">How many SLA policies (active or not) count their targets on this calendar.</param>
/// <param name="WeeklyMinutes">Open minutes in an ordinary week.</param>
public sealed record CalendarDto(
    long Id,
    string Name,
    string TimeZone,
    IReadOnlyList<WeeklyHoursDocument> Weekly,
    IReadOnlyList<DateOnly> Holidays,
    IReadOnlyList<SpecialHoursDocument> Special,
    int Policies,
    long WeeklyMinutes,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    long Version);

/// <summary>When a target of <paramref name="Minutes"/> business minutes started at <paramref name="From"/> is due.</summary>
/// <param name="CalendarId">The calendar, or null for an unsaved definition.</param>
/// <param name="OpenAtStart">Whether the calendar is open at <paramref name="From"/> (if not, the clock waits for the opening).</param>
public sealed record DuePreview(long? CalendarId, DateTime From, int Minutes, DateTime Due, bool OpenAtStart);

public sealed record CalendarQuery(string? Cursor = null, int? Limit = null);

// ---- SLA policies ----

/// <summary>Target business minutes of one priority; a null (or omitted) target is not set by the policy.</summary>
public sealed record TargetInput(int? FirstResponse = null, int? NextResponse = null, int? Resolution = null);

/// <summary>Targets per priority; an omitted priority gets no targets from the policy.</summary>
public sealed record PolicyTargetsInput(TargetInput? Low = null, TargetInput? Normal = null, TargetInput? High = null, TargetInput? Urgent = null);

/// <summary>An escalation rule: on (warning|breach) of a target (firstResponse|nextResponse|resolution, or any when omitted), do an action.</summary>
/// <param name="Action">notifySupervisor, raisePriority or reassign.</param>
/// <param name="TeamId">Reassign: the new team.</param>
/// <param name="UserId">Reassign: the new agent.</param>
public sealed record EscalationInput(string? On, string? Target, string? Action, long? TeamId = null, string? UserId = null);

/// <summary>An SLA policy as written by the API and the forms (create and replace alike).</summary>
public sealed record PolicyInput
{
    /// <summary>At most 100 characters.</summary>
    public string? Name { get; init; }
    /// <summary>corporate, team, caseType, customerSegment, customerTier or contract.</summary>
    public string? Scope { get; init; }
    /// <summary>
    /// None for corporate; the team id, case type code, segment, tier or contract id otherwise. Team, contract and case type
    /// must exist; segment and tier are lower-cased.
    /// </summary>
    public string? ScopeKey { get; init; }
    public long? CalendarId { get; init; }
    /// <summary>Share of a target after which a warning fires, strictly between 0 and 1 (0.8 when omitted).</summary>
    public double? WarningShare { get; init; }
    public PolicyTargetsInput? Targets { get; init; }
    public List<EscalationInput>? Escalations { get; init; }
    /// <summary>True when omitted. Two active policies may not share a scope and key.</summary>
    public bool? Active { get; init; }
}

/// <summary>Targets per priority, in business minutes; a null priority has no targets from this policy.</summary>
public sealed record PolicyTargetsDto(TargetMinutes? Low, TargetMinutes? Normal, TargetMinutes? High, TargetMinutes? Urgent)
{
    public TargetMinutes? For(CasePriority priority) => priority switch
    {
        CasePriority.Low => Low,
        CasePriority.Normal => Normal,
        CasePriority.High => High,
        _ => Urgent,
    };
}

public sealed record PolicyDto(
    long Id,
    string Name,
    SlaScope Scope,
    string? ScopeKey,
    long CalendarId,
    string CalendarName,
    double WarningShare,
    PolicyTargetsDto Targets,
    IReadOnlyList<EscalationRule> Escalations,
    bool Active,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    long Version);

/// <summary>Policies by scope (most general first), then id. Filters: active, scope.</summary>
public sealed record PolicyQuery(bool? Active = null, string? Scope = null, string? Cursor = null, int? Limit = null);

// ---- Teams ----

/// <summary>An agent in a team: skills (lower-cased) and whether they take new cases now (true when omitted).</summary>
public sealed record TeamMemberInput(string? UserId, List<string>? Skills = null, bool? Available = null);

/// <summary>A team as written by the API and the forms (create and replace alike; the member list is replaced).</summary>
public sealed record TeamInput
{
    /// <summary>Unique (ignoring case), at most 100 characters.</summary>
    public string? Name { get; init; }
    public string? Description { get; init; }
    /// <summary>manual (or omitted), roundRobin, leastLoaded or bySkill.</summary>
    public string? Strategy { get; init; }
    /// <summary>A user with role Supervisor or Admin; none: every supervisor is told.</summary>
    public string? SupervisorId { get; init; }
    /// <summary>Users with role Agent, Supervisor or Admin.</summary>
    public List<TeamMemberInput>? Members { get; init; }
}

public sealed record TeamMemberDto(string UserId, string DisplayName, string? Email, IReadOnlyList<string> Skills, bool Available, DateTime? LastAssignedAt);

/// <param name="Strategy">Null: manual assignment (cases wait unassigned in the team's queue).</param>
public sealed record TeamDto(
    long Id,
    string Name,
    string? Description,
    AssignmentStrategy? Strategy,
    string? SupervisorId,
    string? SupervisorName,
    IReadOnlyList<TeamMemberDto> Members,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    long Version);

/// <summary>A row of the team list.</summary>
public sealed record TeamSummary(long Id, string Name, AssignmentStrategy? Strategy, string? SupervisorName, int Members, int Available, long Version);

public sealed record TeamQuery(string? Cursor = null, int? Limit = null);

/// <summary>A user who may belong to a team, with their role.</summary>
public sealed record StaffMember(string UserId, string DisplayName, string? Email, string Role);

// ---- Case types ----

/// <summary>A case type as written by the API and the forms. The code is taken on create only.</summary>
public sealed record CaseTypeInput
{
    /// <summary>2–40 letters, digits and hyphens; lower-cased.</summary>
    public string? Code { get; init; }
    public string? NameEs { get; init; }
    public string? NameEn { get; init; }
    /// <summary>Skills an agent needs for by-skill assignment.</summary>
    public List<string>? Skills { get; init; }
    /// <summary>True when omitted; built-in types cannot be deactivated.</summary>
    public bool? Active { get; init; }
}

public sealed record CaseTypeDto(string Code, string NameEs, string NameEn, bool BuiltIn, bool Active, IReadOnlyList<string> Skills)
{
    public string Name(string language) => language == "en" ? NameEn : NameEs;
}

public sealed record CaseTypeQuery(bool? Active = null, string? Cursor = null, int? Limit = null);
