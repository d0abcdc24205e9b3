using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Vinculo.Domain.Service;

namespace Vinculo.Domain.Tests.Service;

public class AssignmentTests
{
    private static readonly DateTime T0 = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    private static AgentCandidate Agent(
        long id, int open = 0, DateTime? last = null, bool available = true, params string[] skills) =>
        new(id, 7, skills, open, available, last);

    [Fact]
    public void Round_robin_picks_the_least_recently_assigned_available_agent()
    {
        AgentCandidate[] agents =
        [
            Agent(1, last: T0.AddMinutes(30)),
            Agent(2, last: T0.AddMinutes(10)),
            Agent(3, last: T0, available: false),
            Agent(4, last: T0.AddMinutes(20)),
        ];
        Assert.Equal(2, Assignment.RoundRobin(agents)?.AgentId);
        Assert.Equal(2, Assignment.Choose(AssignmentStrategy.RoundRobin, agents.Reverse())?.AgentId);
    }

    [Fact]
    public void Round_robin_prefers_never_assigned_agents_and_breaks_ties_by_id()
    {
        Assert.Equal(5, Assignment.RoundRobin([Agent(9, last: T0), Agent(5), Agent(8)])?.AgentId);
        Assert.Equal(3, Assignment.RoundRobin([Agent(4, last: T0), Agent(3, last: T0), Agent(6, last: T0.AddHours(1))])?.AgentId);
    }

    [Fact]
    public void Round_robin_ignores_load()
        => Assert.Equal(1, Assignment.RoundRobin([Agent(1, open: 50, last: T0), Agent(2, open: 0, last: T0.AddMinutes(1))])?.AgentId);

    [Fact]
    public void No_available_agent_leaves_the_case_unassigned()
    {
        AgentCandidate[] agents = [Agent(1, available: false), Agent(2, available: false, skills: "es")];
        foreach (var strategy in Enum.GetValues<AssignmentStrategy>())
        {
            Assert.Null(Assignment.Choose(strategy, agents));
            Assert.Null(Assignment.Choose(strategy, []));
        }
    }

    [Fact]
    public void Least_loaded_picks_the_fewest_open_cases()
    {
        AgentCandidate[] agents = [Agent(1, open: 4), Agent(2, open: 2), Agent(3, open: 0, available: false), Agent(4, open: 3)];
        Assert.Equal(2, Assignment.LeastLoaded(agents)?.AgentId);
        Assert.Equal(2, Assignment.Choose(AssignmentStrategy.LeastLoaded, agents)?.AgentId);
    }

    [Fact]
    public void Least_loaded_ties_go_to_the_least_recently_assigned_then_the_lowest_id()
    {
        Assert.Equal(2, Assignment.LeastLoaded([Agent(1, open: 2, last: T0.AddMinutes(5)), Agent(2, open: 2, last: T0), Agent(3, open: 5)])?.AgentId);
        Assert.Equal(3, Assignment.LeastLoaded([Agent(1, open: 2, last: T0), Agent(3, open: 2), Agent(2, open: 2, last: T0)])?.AgentId);
        Assert.Equal(4, Assignment.LeastLoaded([Agent(6, open: 1, last: T0), Agent(4, open: 1, last: T0)])?.AgentId);
    }

    [Fact]
    public void By_skill_keeps_agents_with_every_required_skill_then_least_loaded()
    {
        AgentCandidate[] agents =
        [
            Agent(1, open: 0, skills: ["es"]),
            Agent(2, open: 3, skills: ["es", "billing"]),
            Agent(3, open: 1, skills: ["ES", "Billing", "returns"]),
            Agent(4, open: 0, available: false, skills: ["es", "billing"]),
        ];
        Assert.Equal(3, Assignment.BySkill(agents, ["es", "billing"])?.AgentId);
        Assert.Equal(3, Assignment.Choose(AssignmentStrategy.BySkill, agents, [" billing "])?.AgentId);
        Assert.Equal(1, Assignment.BySkill(agents, ["es"])?.AgentId);
    }

    [Fact]
    public void By_skill_ties_follow_least_loaded()
    {
        AgentCandidate[] agents =
        [
            Agent(5, open: 1, last: T0, skills: ["en"]),
            Agent(2, open: 1, last: T0, skills: ["en"]),
            Agent(1, open: 1, last: T0.AddMinutes(1), skills: ["en"]),
        ];
        Assert.Equal(2, Assignment.BySkill(agents, ["en"])?.AgentId);
    }

    [Fact]
    public void By_skill_with_a_missing_skill_leaves_the_case_unassigned()
    {
        AgentCandidate[] agents = [Agent(1, skills: ["es"]), Agent(2, skills: ["en", "billing"]), Agent(3, available: false, skills: ["es", "billing"])];
        Assert.Null(Assignment.BySkill(agents, ["es", "billing"]));
        Assert.Null(Assignment.Choose(AssignmentStrategy.BySkill, agents, ["fr"]));
    }

    [Fact]
    public void By_skill_without_required_skills_is_least_loaded()
    {
        AgentCandidate[] agents = [Agent(1, open: 3), Agent(2, open: 1, skills: "x"), Agent(3, open: 2)];
        Assert.Equal(2, Assignment.BySkill(agents, [])?.AgentId);
        Assert.Equal(2, Assignment.Choose(AssignmentStrategy.BySkill, agents)?.AgentId);
    }

    [Fact]
    public void Unknown_strategy_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Assignment.Choose((AssignmentStrategy)42, [Agent(1)]));

    // --- queue order ---
    private static QueueEntry Entry(long id, CustomerValue customer, CasePriority priority = CasePriority.Normal, DateTime? due = null, DateTime? created = null) =>
        new(id, customer, priority, due, created ?? T0);

    [Theory]
    [InlineData("platinum", 100)]
    [InlineData("Gold", 75)]
    [InlineData(" silver ", 50)]
    [InlineData("standard", 0)]
    [InlineData("diamond", 0)]
    [InlineData(null, 0)]
    public void Tier_ranks(string? tier, int rank) => Assert.Equal(rank, new CustomerValue(tier).Rank);

    [Fact]
    public void Score_wins_over_tier_and_is_validated()
    {
        Assert.Equal(10, new CustomerValue("platinum", 10).Rank);
        Assert.Equal(90, new CustomerValue("standard", 90).Rank);
        Assert.Equal(0, new CustomerValue(null, 0).Rank);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CustomerValue("gold", 101));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CustomerValue(null, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => CustomerValue.Standard with { Score = 200 });
    }

    [Fact]
    public void Queue_puts_high_value_customers_first_then_priority_due_time_creation_and_id()
    {
        QueueEntry[] expected =
        [
            Entry(10, new("silver", 100), CasePriority.Normal),                                 // score 100 ties platinum, normal
            Entry(11, new("platinum"), CasePriority.Low),
            Entry(12, new("gold"), CasePriority.Urgent, due: null),                          // gold 75, urgent
            Entry(13, new("bronze", 75), CasePriority.High, due: T0.AddHours(1)),          // score 75 = gold, high
            Entry(14, new("gold"), CasePriority.High, due: T0.AddHours(2)),
            Entry(15, new("gold"), CasePriority.High, due: null, created: T0.AddMinutes(-5)), // no due time goes last
            Entry(16, new("gold"), CasePriority.High, due: null, created: T0),
            Entry(17, new("gold"), CasePriority.High, due: null, created: T0),                // same everything → id
            Entry(18, new("silver"), CasePriority.Urgent, due: T0),
            Entry(19, new(null, 50), CasePriority.Normal, due: T0.AddDays(-1)),
            Entry(30, new("platinum", 10), CasePriority.Low),                                // score 10 overrides platinum
            Entry(20, new("standard"), CasePriority.Urgent, due: T0.AddMinutes(1)),
            Entry(21, new(null), CasePriority.Urgent, due: T0.AddMinutes(2)),
            Entry(22, new("unknown-tier"), CasePriority.Normal),
            Entry(23, new(null, 0), CasePriority.Low, due: T0),
        ];
        var shuffled = expected.OrderBy(e => e.CaseId * 7 % 13).ToList();
        shuffled.Sort(QueueOrder.Instance);
        Assert.Equal(expected.Select(e => e.CaseId), shuffled.Select(e => e.CaseId));
    }

    [Fact]
    public void Queue_order_puts_nulls_first()
    {
        var e = Entry(1, CustomerValue.Standard);
        Assert.True(QueueOrder.Instance.Compare(null, e) < 0);
        Assert.True(QueueOrder.Instance.Compare(e, null) > 0);
        Assert.Equal(0, QueueOrder.Instance.Compare(null, null));
        Assert.Equal(0, QueueOrder.Instance.Compare(e, e with { }));
    }

    private static Gen<QueueEntry> Entries { get; } =
        from id in Gen.Choose(1, 4)
        from tier in Gen.Elements<string?>(null, "standard", "silver", "gold", "platinum", "other")
        from score in Gen.Elements<int?>(null, null, 0, 50, 75, 100, 33)
        from priority in Gen.Elements(Enum.GetValues<CasePriority>())
        from dueMinute in Gen.Elements<int?>(null, 0, 30, 60)
        from createdMinute in Gen.Choose(0, 2)
        select new QueueEntry(
            id,
            new CustomerValue(tier, score),
            priority,
            dueMinute is { } m ? T0.AddMinutes(m) : null,
            T0.AddMinutes(-createdMinute));

    private static Gen<(QueueEntry A, QueueEntry B, QueueEntry C)> Triples { get; } =
        from a in Entries
        from b in Entries
        from c in Entries
        select (a, b, c);

    private static (int, int, DateTime, bool, DateTime, long) Key(QueueEntry e) =>
        (e.Customer.Rank, (int)e.Priority, e.SlaDueAt ?? DateTime.MaxValue, e.SlaDueAt is null, e.CreatedAt, e.CaseId);

    [Property(MaxTest = 500)]
    public Property Queue_order_is_a_total_order()
        => Prop.ForAll(Triples.ToArbitrary(), t =>
        {
            var cmp = QueueOrder.Instance;
            var (a, b, c) = t;
            var antisymmetric = Math.Sign(cmp.Compare(a, b)) == -Math.Sign(cmp.Compare(b, a));
            var reflexive = cmp.Compare(a, a) == 0;
            var transitive = !(cmp.Compare(a, b) <= 0 && cmp.Compare(b, c) <= 0) || cmp.Compare(a, c) <= 0;
            var equalOnlyForEqualKeys = (cmp.Compare(a, b) == 0) == (Key(a) == Key(b));
            return antisymmetric && reflexive && transitive && equalOnlyForEqualKeys;
        });

    [Property(MaxTest = 200)]
    public Property Sorting_with_queue_order_does_not_depend_on_the_input_order()
        => Prop.ForAll(Gen.ListOf(Entries).ToArbitrary(), entries =>
        {
            var list = entries.ToList();
            var sorted = list.Order(QueueOrder.Instance).ToList();
            var reversed = Enumerable.Reverse(list).ToList();
            reversed.Sort(QueueOrder.Instance);
            var adjacentInOrder = sorted.Zip(sorted.Skip(1)).All(p => QueueOrder.Instance.Compare(p.First, p.Second) <= 0);
            return adjacentInOrder && sorted.Select(Key).SequenceEqual(reversed.Select(Key));
        });

    // --- round robin fairness ---
    private sealed record Team(List<AgentCandidate> Agents)
    {
        public override string ToString() =>
            string.Join("; ", Agents.Select(a => $"{a.AgentId} {(a.Available ? "on" : "off")} {a.LastAssignedAt:O}"));
    }

    private static Gen<Team> Teams { get; } =
        from count in Gen.Choose(1, 12)
        from lasts in Gen.ArrayOf(Gen.Elements<int?>(null, 0, 1, 2, 10, 500), count)
        from availability in Gen.ArrayOf(Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false))), count)
        from open in Gen.ArrayOf(Gen.Choose(0, 20), count)
        select new Team(Enumerable.Range(0, count)
            .Select(i => new AgentCandidate(
                (i * 37 % 101) + 1, 1, [], open[i], availability[i], lasts[i] is { } m ? T0.AddMinutes(m) : null))
            .ToList());

    [Property(MaxTest = 300)]
    public Property Round_robin_assigns_each_available_agent_once_in_n_picks()
        => Prop.ForAll(Teams.ToArbitrary(), team =>
        {
            var agents = team.Agents.ToList();
            var available = agents.Where(a => a.Available).Select(a => a.AgentId).Order().ToList();
            var picks = new List<long>();
            var now = T0.AddDays(1);
            for (var i = 0; i < available.Count; i++)
            {
                var pick = Assignment.RoundRobin(agents)!;
                picks.Add(pick.AgentId);
                now = now.AddSeconds(1);
                agents[agents.IndexOf(pick)] = pick with { LastAssignedAt = now, OpenCases = pick.OpenCases + 1 };
            }

            var next = Assignment.RoundRobin(agents);
            var wrapsAround = available.Count == 0 ? next is null : next?.AgentId == picks[0];
            return picks.Order().SequenceEqual(available) && wrapsAround;
        });
}
