namespace Vinculo.Domain.Service;

/// <summary>How a case is assigned automatically.</summary>
public enum AssignmentStrategy
{
    /// <summary>The available agent assigned least recently.</summary>
    RoundRobin,

    /// <summary>The available agent with the fewest open cases.</summary>
    LeastLoaded,

    /// <summary>Among the available agents having every required skill, the least loaded.</summary>
    BySkill,
}

/// <summary>An agent that may receive a case.</summary>
/// <param name="AgentId">The agent (user) id.</param>
/// <param name="TeamId">The agent's team, if any (informative: callers pass the candidates of the case's team).</param>
/// <param name="Skills">The agent's skills; compared ignoring case.</param>
/// <param name="OpenCases">How many cases assigned to the agent are still active.</param>
/// <param name="Available">Whether the agent takes new cases now; unavailable agents are never chosen.</param>
/// <param name="LastAssignedAt">When the agent last received a case (UTC), or null if never.</param>
public sealed record AgentCandidate(
    long AgentId,
    long? TeamId,
    IReadOnlyCollection<string> Skills,
    int OpenCases,
    bool Available,
    DateTime? LastAssignedAt);

/// <summary>
/// Pure assignment strategies: each picks one of the available candidates for a case, or null when none fits (the case then
/// stays unassigned in its queue). The result is deterministic for the same candidates, whatever their order.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Round robin: the available agent assigned least recently (never assigned first); ties by agent id. When the caller
/// records each pick as the agent's last assignment, N available agents receive one case each in N consecutive picks.</item>
/// <item>Least loaded: fewest open cases; ties by least recently assigned (never first), then agent id.</item>
/// <item>By skill: only the available agents having every required skill (ignoring case), then as least loaded; no such
/// agent → null. No required skills means any available agent.</item>
/// </list>
/// </remarks>
public static class Assignment
{
    /// <summary>Chooses an agent with <paramref name="strategy"/>.</summary>
    /// <param name="strategy">The strategy.</param>
    /// <param name="candidates">The agents that may receive the case.</param>
    /// <param name="requiredSkills">The skills the case requires (only used by <see cref="AssignmentStrategy.BySkill"/>).</param>
    public static AgentCandidate? Choose(
        AssignmentStrategy strategy, IEnumerable<AgentCandidate> candidates, IEnumerable<string>? requiredSkills = null) =>
        strategy switch
        {
            AssignmentStrategy.RoundRobin => RoundRobin(candidates),
            AssignmentStrategy.LeastLoaded => LeastLoaded(candidates),
            AssignmentStrategy.BySkill => BySkill(candidates, requiredSkills ?? []),
            _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Unknown assignment strategy."),
        };

    /// <summary>The available agent assigned least recently (never assigned first); ties by agent id.</summary>
    public static AgentCandidate? RoundRobin(IEnumerable<AgentCandidate> candidates) =>
        Available(candidates)
            .OrderBy(a => a.LastAssignedAt ?? DateTime.MinValue)
            .ThenBy(a => a.AgentId)
            .FirstOrDefault();

    /// <summary>The available agent with the fewest open cases; ties by least recently assigned, then agent id.</summary>
    public static AgentCandidate? LeastLoaded(IEnumerable<AgentCandidate> candidates) =>
        Available(candidates)
            .OrderBy(a => a.OpenCases)
            .ThenBy(a => a.LastAssignedAt ?? DateTime.MinValue)
            .ThenBy(a => a.AgentId)
            .FirstOrDefault();

    /// <summary>The least loaded available agent having every one of <paramref name="requiredSkills"/>, or null.</summary>
    public static AgentCandidate? BySkill(IEnumerable<AgentCandidate> candidates, IEnumerable<string> requiredSkills)
    {
        ArgumentNullException.ThrowIfNull(requiredSkills);
        var required = requiredSkills.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).ToList();
        return LeastLoaded(Available(candidates).Where(a => HasSkills(a, required)));
    }

    /// <summary>Whether <paramref name="agent"/> has every one of <paramref name="requiredSkills"/> (ignoring case).</summary>
    public static bool HasSkills(AgentCandidate agent, IEnumerable<string> requiredSkills)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(requiredSkills);
        var skills = new HashSet<string>(
            (agent.Skills ?? []).Where(s => s is not null).Select(s => s.Trim()), StringComparer.OrdinalIgnoreCase);
        return requiredSkills.All(skills.Contains);
    }

    private static IEnumerable<AgentCandidate> Available(IEnumerable<AgentCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        return candidates.Where(a => a is not null && a.Available);
    }
}

/// <summary>
/// How valuable a customer is, for queue order: a tier and, when the analytics know it, a score from 0 to 100.
/// </summary>
/// <param name="Tier">The tier code (platinum, gold, silver, standard; compared ignoring case); null or unknown counts as standard.</param>
/// <param name="Score">The value score from 0 to 100; when present it replaces the tier.</param>
public sealed record CustomerValue(string? Tier = null, int? Score = null)
{
    /// <summary>A standard customer with no score.</summary>
    public static CustomerValue Standard { get; } = new();

    /// <summary>The rank a tier stands for on the 0–100 score scale.</summary>
    /// <remarks>platinum 100, gold 75, silver 50, standard (or none, or unknown) 0.</remarks>
    public static IReadOnlyDictionary<string, int> TierRanks { get; } =
        new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
        {
            ["platinum"] = 100,
            ["gold"] = 75,
            ["silver"] = 50,
            ["standard"] = 0,
        };

    private readonly int? score = Checked(Score);

    /// <summary>The score, validated to be between 0 and 100.</summary>
    public int? Score
    {
        get => score;
        init => score = Checked(value);
    }

    /// <summary>The rank used in queues, 0 to 100, higher first: the score when present, else the tier's rank.</summary>
    public int Rank => Score ?? TierRank(Tier);

    /// <summary>The rank of <paramref name="tier"/> (0 for null or unknown tiers).</summary>
    public static int TierRank(string? tier) =>
        tier is not null && TierRanks.TryGetValue(tier.Trim(), out var rank) ? rank : 0;

    private static int? Checked(int? score) => score is null or (>= 0 and <= 100)
        ? score
        : throw new ArgumentOutOfRangeException(nameof(Score), score, "The customer score must be between 0 and 100.");
}

/// <summary>A case waiting in a queue, as far as its order is concerned.</summary>
/// <param name="CaseId">The case id.</param>
/// <param name="Customer">The customer's value.</param>
/// <param name="Priority">The case priority.</param>
/// <param name="SlaDueAt">The nearest due time among the case's running SLA targets (UTC), or null when none runs.</param>
/// <param name="CreatedAt">When the case was created (UTC).</param>
public sealed record QueueEntry(long CaseId, CustomerValue Customer, CasePriority Priority, DateTime? SlaDueAt, DateTime CreatedAt);

/// <summary>
/// The order of a queue, so that high-value customers go first: by customer rank (<see cref="CustomerValue.Rank"/>: the score
/// when present, else the tier — platinum, gold, silver, standard), highest first; then priority, urgent first; then the
/// nearest SLA due time, earliest first and cases without one last; then creation time, oldest first; then case id. It is a
/// total order (null entries first); the same order should be used by database queries listing a queue.
/// </summary>
public sealed class QueueOrder : IComparer<QueueEntry>
{
    private QueueOrder()
    {
    }

    /// <summary>The comparer.</summary>
    public static QueueOrder Instance { get; } = new();

    /// <inheritdoc/>
    public int Compare(QueueEntry? x, QueueEntry? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var c = Rank(y).CompareTo(Rank(x));
        if (c != 0)
        {
            return c;
        }

        c = y.Priority.CompareTo(x.Priority);
        if (c != 0)
        {
            return c;
        }

        c = (x.SlaDueAt, y.SlaDueAt) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            ({ } a, { } b) => a.CompareTo(b),
        };
        if (c != 0)
        {
            return c;
        }

        c = x.CreatedAt.CompareTo(y.CreatedAt);
        return c != 0 ? c : x.CaseId.CompareTo(y.CaseId);
    }

    private static int Rank(QueueEntry entry) => (entry.Customer ?? CustomerValue.Standard).Rank;
}
