namespace Vinculo.Domain.Service;

/// <summary>Where one target of a case comes from: its duration, calendar and warning share, and the policy that supplied them.</summary>
/// <param name="Target">The target.</param>
/// <param name="Duration">Business-time duration of the target.</param>
/// <param name="CalendarId">Calendar the target is counted on.</param>
/// <param name="WarningShare">Share of the target after which a warning fires.</param>
/// <param name="PolicyId">The policy that supplied the target (recorded on the case).</param>
public sealed record SlaTargetRule(SlaTarget Target, TimeSpan Duration, long CalendarId, double WarningShare, long PolicyId)
{
    /// <summary>Business time after which the warning fires: the share of the duration, rounded to the tick.</summary>
    public TimeSpan WarningAfter => TimeSpan.FromTicks((long)Math.Round(Duration.Ticks * WarningShare, MidpointRounding.AwayFromZero));
}

/// <summary>The targets that apply to a case; a null target means "no target" (not applicable).</summary>
/// <param name="FirstResponse">First response target, or null.</param>
/// <param name="NextResponse">Next response target, or null.</param>
/// <param name="Resolution">Resolution target, or null.</param>
public sealed record SlaResolution(SlaTargetRule? FirstResponse, SlaTargetRule? NextResponse, SlaTargetRule? Resolution)
{
    /// <summary>No targets at all.</summary>
    public static SlaResolution None { get; } = new(null, null, null);

    /// <summary>The rule for <paramref name="target"/>, or null.</summary>
    public SlaTargetRule? For(SlaTarget target) => target switch
    {
        SlaTarget.FirstResponse => FirstResponse,
        SlaTarget.NextResponse => NextResponse,
        SlaTarget.Resolution => Resolution,
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, "Unknown SLA target."),
    };
}

/// <summary>Thrown when the policies matching a case are ambiguous (two policies of the same scope and key).</summary>
public sealed class SlaConfigurationException(string message) : Exception(message);

/// <summary>
/// Picks the SLA targets of a case from a set of policies.
/// </summary>
/// <remarks>
/// <para>
/// Precedence, most specific first: <see cref="SlaScope.Contract"/> &gt; <see cref="SlaScope.CustomerTier"/> &gt;
/// <see cref="SlaScope.CustomerSegment"/> &gt; <see cref="SlaScope.CaseType"/> (service) &gt; <see cref="SlaScope.Team"/>
/// (department) &gt; <see cref="SlaScope.Corporate"/> (the default). A policy matches a case when its scope key equals the
/// case's team id, case type, customer segment, customer tier or contract id (ignoring case); a corporate policy matches
/// every case.
/// </para>
/// <para>
/// Resolution is per target: first response, next response and resolution each take their duration, calendar and
/// warning share from the most specific matching policy that sets that target for the case's priority. So a contract
/// policy may set only the resolution target and inherit the first and next response targets from the team or corporate
/// policy. A target no matching policy sets is not applicable.
/// </para>
/// <para>
/// Two policies with the same scope and key are a configuration error (<see cref="Validate"/> reports it;
/// <see cref="Resolve"/> throws <see cref="SlaConfigurationException"/> when they both match a case).
/// </para>
/// </remarks>
public static class SlaPolicyResolver
{
    private static readonly SlaScope[] MostSpecificFirst =
        [SlaScope.Contract, SlaScope.CustomerTier, SlaScope.CustomerSegment, SlaScope.CaseType, SlaScope.Team, SlaScope.Corporate];

    /// <summary>The targets of a case with <paramref name="facts"/> under <paramref name="policies"/>, by precedence, per target.</summary>
    /// <exception cref="SlaConfigurationException">Two matching policies share a scope and key.</exception>
    public static SlaResolution Resolve(IEnumerable<SlaPolicy> policies, CaseFacts facts)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(facts);
        var matching = new List<SlaPolicy>();
        foreach (var scope in MostSpecificFirst)
        {
            var key = facts.KeyFor(scope);
            if (key is null)
            {
                continue;
            }

            var found = policies.Where(p => p is not null && p.Scope == scope && Matches(p, key)).ToList();
            if (found.Count > 1)
            {
                throw new SlaConfigurationException(
                    $"Policies {string.Join(", ", found.Select(p => p.Id))} share the {scope} scope"
                    + (scope == SlaScope.Corporate ? "." : $" and key '{key}'."));
            }

            matching.AddRange(found);
        }

        SlaTargetRule? Pick(SlaTarget target)
        {
            foreach (var policy in matching)
            {
                if (policy.DurationFor(facts.Priority, target) is { } duration)
                {
                    return new SlaTargetRule(target, duration, policy.CalendarId, policy.WarningShare, policy.Id);
                }
            }

            return null;
        }

        return new SlaResolution(Pick(SlaTarget.FirstResponse), Pick(SlaTarget.NextResponse), Pick(SlaTarget.Resolution));
    }

    /// <summary>
    /// The problems of a policy set as field path → messages (empty when valid). Paths: <c>policies[i]</c>,
    /// <c>policies[i].id</c>, <c>policies[i].name</c>, <c>policies[i].scopeKey</c>, <c>policies[i].warningShare</c>,
    /// <c>policies[i].targets</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> Validate(IReadOnlyList<SlaPolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        var seenIds = new Dictionary<long, int>();
        var seenScopes = new Dictionary<(SlaScope, string), int>();
        for (var i = 0; i < policies.Count; i++)
        {
            var p = policies[i];
            var field = $"policies[{i}]";
            if (p is null)
            {
                Add(field, "The policy is missing.");
                continue;
            }

            if (!seenIds.TryAdd(p.Id, i))
            {
                Add($"{field}.id", $"Same id as policies[{seenIds[p.Id]}].");
            }

            if (string.IsNullOrWhiteSpace(p.Name))
            {
                Add($"{field}.name", "A name is required.");
            }

            if (!Enum.IsDefined(p.Scope))
            {
                Add($"{field}.scope", $"Unknown scope {(int)p.Scope}.");
                continue;
            }

            if (p.Scope == SlaScope.Corporate && p.ScopeKey is not null)
            {
                Add($"{field}.scopeKey", "A corporate policy has no scope key.");
            }
            else if (p.Scope != SlaScope.Corporate && string.IsNullOrWhiteSpace(p.ScopeKey))
            {
                Add($"{field}.scopeKey", $"A {p.Scope} policy needs a scope key.");
            }
            else if (p.Scope is SlaScope.Team or SlaScope.Contract && !long.TryParse(p.ScopeKey, System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                Add($"{field}.scopeKey", $"A {p.Scope} policy's scope key must be an id.");
            }
            else
            {
                var key = (p.Scope, (p.ScopeKey ?? string.Empty).Trim().ToUpperInvariant());
                if (!seenScopes.TryAdd(key, i))
                {
                    Add(field, p.Scope == SlaScope.Corporate
                        ? $"policies[{seenScopes[key]}] is also a corporate policy; only one is allowed."
                        : $"policies[{seenScopes[key]}] has the same scope ({p.Scope}) and key ('{p.ScopeKey}').");
                }
            }

            if (!(p.WarningShare > 0 && p.WarningShare < 1))
            {
                Add($"{field}.warningShare", "The warning share must be strictly between 0 and 1.");
            }

            if (p.Targets is null)
            {
                Add($"{field}.targets", "Targets are required.");
                continue;
            }

            foreach (var (priority, times) in p.Targets)
            {
                if (!Enum.IsDefined(priority))
                {
                    Add($"{field}.targets", $"Unknown priority {(int)priority}.");
                    continue;
                }

                foreach (var target in Enum.GetValues<SlaTarget>())
                {
                    if (times?.For(target) is { } d && d <= TimeSpan.Zero)
                    {
                        Add($"{field}.targets", $"The {target} target for {priority} priority must be positive.");
                    }
                }
            }
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    private static bool Matches(SlaPolicy policy, string key) =>
        policy.Scope == SlaScope.Corporate
        || (policy.ScopeKey is not null && string.Equals(policy.ScopeKey.Trim(), key.Trim(), StringComparison.OrdinalIgnoreCase));
}
