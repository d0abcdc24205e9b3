using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Storage;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Service;

/// <summary>
/// The SLA configuration at one moment: the active policies, every calendar and each policy's escalation rules, read in
/// one go. Cheap to load (a few rows); loaded once per use case, or once for a whole recomputation.
/// </summary>
public sealed class SlaConfiguration
{
    private readonly Dictionary<long, BusinessCalendar> calendars;
    private readonly Dictionary<long, IReadOnlyList<EscalationRule>> escalations;
    private readonly Dictionary<(long? Team, string Type, string? Segment, string? Tier, long? Contract, CasePriority Priority), SlaResolution> cache = [];

    public SlaConfiguration(
        IReadOnlyList<SlaPolicy> policies,
        IReadOnlyDictionary<long, BusinessCalendar> calendars,
        IReadOnlyDictionary<long, IReadOnlyList<EscalationRule>>? escalations = null)
    {
        Policies = policies;
        this.calendars = new Dictionary<long, BusinessCalendar>(calendars);
        this.escalations = escalations is null ? [] : new Dictionary<long, IReadOnlyList<EscalationRule>>(escalations);
    }

    /// <summary>The active policies.</summary>
    public IReadOnlyList<SlaPolicy> Policies { get; }

    /// <summary>Reads the active policies, the calendars and the escalation rules.</summary>
    public static async Task<SlaConfiguration> Load(VinculoDb db, CancellationToken ct = default)
    {
        var calendarRows = await db.ServiceCalendars.AsNoTracking().ToListAsync(ct);
        var policyRows = await db.ServicePolicies.AsNoTracking().Where(p => p.Active).ToListAsync(ct);
        var calendars = calendarRows.ToDictionary(c => c.Id, c => CalendarDefinition.Parse(c.Definition).ToCalendar(c.TimeZone));
        return new SlaConfiguration(
            policyRows.Select(PolicyTargets.ToDomain).ToList(),
            calendars,
            policyRows.ToDictionary(p => p.Id, p => EscalationRule.ParseAll(p.Escalations)));
    }

    /// <summary>The calendar with <paramref name="id"/>, or null.</summary>
    public BusinessCalendar? Calendar(long id) => calendars.GetValueOrDefault(id);

    /// <summary>The escalation rules of policy <paramref name="policyId"/> (empty when none or unknown).</summary>
    public IReadOnlyList<EscalationRule> EscalationsOf(long? policyId) =>
        policyId is { } id && escalations.TryGetValue(id, out var rules) ? rules : [];

    /// <summary>The targets resolver of a case: by priority, under these policies (memoized per distinct facts).</summary>
    /// <exception cref="SlaConfigurationException">Two matching policies share a scope and key.</exception>
    public Func<CasePriority, SlaResolution> ResolverFor(ServiceCase c, string? segment, string? tier) => priority =>
    {
        var key = (c.TeamId, c.Type, segment?.ToLowerInvariant(), tier?.ToLowerInvariant(), c.ContractId, priority);
        if (!cache.TryGetValue(key, out var resolution))
        {
            resolution = SlaPolicyResolver.Resolve(Policies, new CaseFacts(c.TeamId, c.Type, segment, tier, c.ContractId, priority));
            cache[key] = resolution;
        }

        return resolution;
    };

    /// <summary>
    /// Replays the SLA events of <paramref name="c"/> at <paramref name="now"/> and writes the result into its SLA columns
    /// (see <see cref="CaseSla.Apply"/>). <paramref name="events"/> are the case's events in time order (those without an
    /// SLA kind are skipped).
    /// </summary>
    public SlaSnapshot Recompute(ServiceCase c, IEnumerable<CaseEvent> events, string? segment, string? tier, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(c);
        var snapshot = Compute(c, events, segment, tier, now);
        CaseSla.Apply(c, snapshot);
        return snapshot;
    }

    /// <summary>The SLA of <paramref name="c"/> at <paramref name="now"/>, without changing it.</summary>
    public SlaSnapshot Compute(ServiceCase c, IEnumerable<CaseEvent> events, string? segment, string? tier, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(events);
        var clockEvents = events.Where(e => e.SlaKind is not null)
            .Select(e => new SlaCaseEvent(e.OccurredAt, e.SlaKind!.Value, e.Priority))
            .ToList();
        var last = clockEvents.Count > 0 ? clockEvents[^1].At : now;
        return SlaClock.Compute(ResolverFor(c, segment, tier), Calendar, clockEvents, now < last ? last : now);
    }
}
