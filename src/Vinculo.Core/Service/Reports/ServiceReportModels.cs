using Vinculo.Domain.Service;

namespace Vinculo.Core.Service.Reports;

/// <summary>What a compliance report groups cases by.</summary>
public enum ComplianceDimension
{
    /// <summary>The case's team (cases without a team form one group).</summary>
    Team,

    /// <summary>The case's assignee (unassigned cases form one group).</summary>
    Agent,

    /// <summary>The case type.</summary>
    Type,

    /// <summary>The case's current priority.</summary>
    Priority,

    /// <summary>The month of creation: a trend of the overall figures over several months.</summary>
    Month,
}

/// <summary>A compliance report request.</summary>
/// <param name="Month">The month the cases were created in, <c>YYYY-MM</c>; the current month when omitted. With
/// <see cref="ComplianceDimension.Month"/>, the last month of a 12-month trend.</param>
/// <param name="By">team, agent, type, priority or month; team when omitted.</param>
/// <param name="TimeZone">IANA time zone whose calendar months are meant; UTC when omitted.</param>
/// <param name="Language">"es" or "en": the language of case type names; English when omitted.</param>
public sealed record ComplianceQuery(string? Month = null, string? By = null, string? TimeZone = null, string? Language = null);

/// <summary>A trend request: the overall figures of several consecutive months.</summary>
/// <param name="Months">How many months, 1–36; 12 when omitted.</param>
/// <param name="To">The last month, <c>YYYY-MM</c>; the current month when omitted.</param>
/// <param name="TimeZone">IANA time zone whose calendar months are meant; UTC when omitted.</param>
/// <param name="Times">
/// Whether to compute the medians and p90s, which reads every case of the period. Without them (false) the counts, shares
/// met and next-response cycles come from one aggregate query; <see cref="TargetFigures.Measured"/> is then 0 and the
/// times null. A chart of shares needs no more.
/// </param>
public sealed record TrendQuery(int? Months = null, string? To = null, string? TimeZone = null, bool Times = true);

/// <summary>
/// SLA compliance of the cases created in a period, overall and per group. See <see cref="SlaCompliance"/> for how outcomes
/// and times are counted and <see cref="Percentiles"/> for the percentile method.
/// </summary>
/// <param name="Month">The month reported (<c>YYYY-MM</c>); for a trend, its last month.</param>
/// <param name="By">The grouping.</param>
/// <param name="TimeZone">The time zone of the month boundaries.</param>
/// <param name="From">First instant of the period (UTC, inclusive): cases with <c>created_at</c> ≥ from …</param>
/// <param name="To">… and &lt; to (UTC, exclusive).</param>
/// <param name="GeneratedAt">The instant outcomes were judged at (a clock running past its due time counts as breached).</param>
/// <param name="Total">All the period's cases.</param>
/// <param name="Groups">One entry per group; for a trend one per month in order, months without cases included.</param>
public sealed record ComplianceReport(
    string Month,
    ComplianceDimension By,
    string TimeZone,
    DateTime From,
    DateTime To,
    DateTime GeneratedAt,
    ComplianceGroup Total,
    IReadOnlyList<ComplianceGroup> Groups);

/// <summary>The compliance figures of one group.</summary>
/// <param name="Key">The team id, user id, case type code, priority (camelCase) or month (<c>YYYY-MM</c>); null for the cases
/// without a team or assignee, and for the total.</param>
/// <param name="Label">Team name, agent name, case type name in the asked language, or the key; null when the key is null.</param>
/// <param name="Cases">Cases created in the period in the group.</param>
/// <param name="FirstResponse">First response figures.</param>
/// <param name="Resolution">Resolution figures.</param>
/// <param name="NextResponse">Next-response cycles.</param>
public sealed record ComplianceGroup(
    string? Key,
    string? Label,
    int Cases,
    TargetFigures FirstResponse,
    TargetFigures Resolution,
    NextResponseFigures NextResponse);

/// <summary>Next-response cycles of a group's cases.</summary>
/// <param name="Cycles">Cycles started (each customer reply after a public answer that found none open).</param>
/// <param name="BreachedCycles">Cycles breached (including a cycle running past its due time).</param>
public sealed record NextResponseFigures(long Cycles, long BreachedCycles);

/// <summary>Active cases per age bucket (wall-clock time since creation, see <see cref="CaseAge"/>).</summary>
public sealed record AgeCounts(int UnderOneDay, int OneToThreeDays, int ThreeToSevenDays, int OverSevenDays)
{
    public static AgeCounts Zero { get; } = new(0, 0, 0, 0);

    public int Total => UnderOneDay + OneToThreeDays + ThreeToSevenDays + OverSevenDays;

    public AgeCounts Add(AgeBucket bucket, int count) => bucket switch
    {
        AgeBucket.UnderOneDay => this with { UnderOneDay = UnderOneDay + count },
        AgeBucket.OneToThreeDays => this with { OneToThreeDays = OneToThreeDays + count },
        AgeBucket.ThreeToSevenDays => this with { ThreeToSevenDays = ThreeToSevenDays + count },
        _ => this with { OverSevenDays = OverSevenDays + count },
    };
}

/// <summary>The active cases of a team in one status.</summary>
/// <param name="Status">An active status (new, open, pendingCustomer, pendingInternal, reopened).</param>
/// <param name="Cases">Active cases.</param>
/// <param name="Ages">By age.</param>
/// <param name="AtRisk">Cases with a running target past its warning time and no target breached.</param>
/// <param name="Breached">Cases with a target breached (recorded, or running past its due time).</param>
public sealed record BacklogStatus(CaseStatus Status, int Cases, AgeCounts Ages, int AtRisk, int Breached);

/// <summary>The active cases of one team (or of no team, or all of them).</summary>
/// <param name="TeamId">The team; null for cases without a team, and for the total.</param>
/// <param name="Team">The team's name; null when <paramref name="TeamId"/> is.</param>
/// <param name="Cases">Active cases.</param>
/// <param name="Unassigned">Of them, with no agent.</param>
/// <param name="Ages">By age.</param>
/// <param name="AtRisk">Cases with a running target past its warning time and no target breached.</param>
/// <param name="Breached">Cases with a target breached (recorded, or running past its due time).</param>
/// <param name="BreachedToday">Cases with a breach instant since the start of today.</param>
/// <param name="WarnedToday">Cases with a warning instant reached since the start of today.</param>
/// <param name="Statuses">Per active status, in workflow order (statuses without cases left out).</param>
public sealed record BacklogRow(
    long? TeamId,
    string? Team,
    int Cases,
    int Unassigned,
    AgeCounts Ages,
    int AtRisk,
    int Breached,
    int BreachedToday,
    int WarnedToday,
    IReadOnlyList<BacklogStatus> Statuses);

/// <summary>The active cases (the backlog) by team and status, with their ages and SLA risk.</summary>
/// <param name="GeneratedAt">The instant ages and risks are judged at.</param>
/// <param name="TodayFrom">Start of today (UTC) in the asked time zone, for the "today" counts.</param>
/// <param name="Total">All active cases.</param>
/// <param name="Teams">One row per team with active cases, by name; the row of cases without a team last.</param>
public sealed record BacklogReport(DateTime GeneratedAt, DateTime TodayFrom, BacklogRow Total, IReadOnlyList<BacklogRow> Teams);

/// <summary>An active case racing against its nearest due time.</summary>
/// <param name="Id">The case.</param>
/// <param name="Subject">Its subject.</param>
/// <param name="CustomerId">Its customer.</param>
/// <param name="Customer">The customer's name.</param>
/// <param name="TeamId">Its team.</param>
/// <param name="Team">The team's name.</param>
/// <param name="AssigneeId">Its agent.</param>
/// <param name="Assignee">The agent's name.</param>
/// <param name="Priority">Its priority.</param>
/// <param name="Status">Its status.</param>
/// <param name="Target">The target falling due first.</param>
/// <param name="DueAt">When it falls due.</param>
public sealed record NearBreachCase(
    long Id,
    string Subject,
    long CustomerId,
    string Customer,
    long? TeamId,
    string? Team,
    string? AssigneeId,
    string? Assignee,
    CasePriority Priority,
    CaseStatus Status,
    SlaTarget Target,
    DateTime DueAt);

/// <summary>An agent's open cases.</summary>
/// <param name="UserId">The agent.</param>
/// <param name="Name">Display name (e-mail when it has none).</param>
/// <param name="Teams">Names of the teams the agent belongs to.</param>
/// <param name="Available">Whether the agent takes new cases in at least one team (false when in none).</param>
/// <param name="OpenCases">Active cases assigned.</param>
/// <param name="AtRisk">Of them, at risk.</param>
/// <param name="Breached">Of them, breached.</param>
public sealed record AgentLoad(string UserId, string Name, IReadOnlyList<string> Teams, bool Available, int OpenCases, int AtRisk, int Breached);

/// <summary>What a supervisor watches: the backlog, today's breaches and warnings, the cases nearest to breach, agents' loads.</summary>
/// <param name="Backlog">Active cases by team and status.</param>
/// <param name="BreachedToday">Active cases with a breach since the start of today.</param>
/// <param name="WarnedToday">Active cases with a warning reached since the start of today.</param>
/// <param name="NearestToBreach">The active cases whose nearest due time is closest (and not yet past), at most 10.</param>
/// <param name="Agents">Team members and agents with open cases, most loaded first.</param>
public sealed record SupervisorDashboard(
    BacklogReport Backlog,
    int BreachedToday,
    int WarnedToday,
    IReadOnlyList<NearBreachCase> NearestToBreach,
    IReadOnlyList<AgentLoad> Agents);
