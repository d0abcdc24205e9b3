using System.Globalization;

namespace Vinculo.Domain.Service;

/// <summary>Priority of a service case.</summary>
public enum CasePriority
{
    /// <summary>Low.</summary>
    Low,

    /// <summary>Normal.</summary>
    Normal,

    /// <summary>High.</summary>
    High,

    /// <summary>Urgent.</summary>
    Urgent,
}

/// <summary>A service-level target measured on a case.</summary>
public enum SlaTarget
{
    /// <summary>From creation to the first public reply of an agent.</summary>
    FirstResponse,

    /// <summary>From each customer reply (after the first response) to the next public reply of an agent.</summary>
    NextResponse,

    /// <summary>From creation to resolution, excluding the time spent waiting on the customer.</summary>
    Resolution,
}

/// <summary>
/// Where an SLA policy applies, from the most general (<see cref="Corporate"/>) to the most specific (<see cref="Contract"/>).
/// The numeric order is the precedence order: a higher value wins.
/// </summary>
public enum SlaScope
{
    /// <summary>The company-wide default; no scope key.</summary>
    Corporate,

    /// <summary>A team (department); the scope key is the team id.</summary>
    Team,

    /// <summary>A service, i.e. a case type; the scope key is the case type.</summary>
    CaseType,

    /// <summary>A customer segment; the scope key is the segment.</summary>
    CustomerSegment,

    /// <summary>A customer tier; the scope key is the tier.</summary>
    CustomerTier,

    /// <summary>A contract's own SLA; the scope key is the contract id.</summary>
    Contract,
}

/// <summary>The target durations (in business time) for one priority; a null duration means the policy does not set that target.</summary>
/// <param name="FirstResponse">First response target.</param>
/// <param name="NextResponse">Next response target.</param>
/// <param name="Resolution">Resolution target.</param>
public sealed record SlaTargetTimes(TimeSpan? FirstResponse = null, TimeSpan? NextResponse = null, TimeSpan? Resolution = null)
{
    /// <summary>The duration of <paramref name="target"/>, or null when not set.</summary>
    public TimeSpan? For(SlaTarget target) => target switch
    {
        SlaTarget.FirstResponse => FirstResponse,
        SlaTarget.NextResponse => NextResponse,
        SlaTarget.Resolution => Resolution,
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, "Unknown SLA target."),
    };
}

/// <summary>
/// An SLA policy: business-time targets per priority, counted on a business-hours calendar, applying at one scope.
/// </summary>
/// <param name="Id">Policy id (recorded on the case for each target it supplies).</param>
/// <param name="Name">Display name.</param>
/// <param name="Scope">Where the policy applies.</param>
/// <param name="ScopeKey">
/// Null for <see cref="SlaScope.Corporate"/>; otherwise the team id, case type, customer segment, customer tier or contract id
/// (ids in invariant decimal text). Keys are compared ignoring case.
/// </param>
/// <param name="CalendarId">The business-hours calendar the targets are counted on.</param>
/// <param name="Targets">Target durations per priority; a missing priority sets no target.</param>
/// <param name="WarningShare">Share of a target after which a warning fires; strictly between 0 and 1.</param>
public sealed record SlaPolicy(
    long Id,
    string Name,
    SlaScope Scope,
    string? ScopeKey,
    long CalendarId,
    IReadOnlyDictionary<CasePriority, SlaTargetTimes> Targets,
    double WarningShare = SlaPolicy.DefaultWarningShare)
{
    /// <summary>The default warning share (80 % of the target).</summary>
    public const double DefaultWarningShare = 0.8;

    /// <summary>The duration this policy sets for <paramref name="target"/> at <paramref name="priority"/>, or null.</summary>
    public TimeSpan? DurationFor(CasePriority priority, SlaTarget target) =>
        Targets.TryGetValue(priority, out var times) && times is not null ? times.For(target) : null;
}

/// <summary>What a case offers to policy matching.</summary>
/// <param name="TeamId">The case's team, if any.</param>
/// <param name="CaseType">The case type (the service).</param>
/// <param name="CustomerSegment">The customer's segment, if any.</param>
/// <param name="CustomerTier">The customer's tier, if any.</param>
/// <param name="ContractId">The contract covering the case, if any.</param>
/// <param name="Priority">The case priority.</param>
public sealed record CaseFacts(
    long? TeamId,
    string CaseType,
    string? CustomerSegment,
    string? CustomerTier,
    long? ContractId,
    CasePriority Priority)
{
    /// <summary>The key this case offers for <paramref name="scope"/> (null when it has none; empty for corporate).</summary>
    internal string? KeyFor(SlaScope scope) => scope switch
    {
        SlaScope.Corporate => string.Empty,
        SlaScope.Team => TeamId?.ToString(CultureInfo.InvariantCulture),
        SlaScope.CaseType => CaseType,
        SlaScope.CustomerSegment => CustomerSegment,
        SlaScope.CustomerTier => CustomerTier,
        SlaScope.Contract => ContractId?.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };
}
