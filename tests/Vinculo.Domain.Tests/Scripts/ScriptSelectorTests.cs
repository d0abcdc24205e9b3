using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Vinculo.Domain.Scripts;

namespace Vinculo.Domain.Tests.Scripts;

public class ScriptSelectorTests
{
    private static Dictionary<string, string?> Facts(params (string Name, string? Value)[] facts) =>
        facts.ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal);

    // The demo's shape: overdue billing complaints, top-tier complaints, returns, and a default.
    private static readonly SelectionRule[] Rules =
    [
        new(1, "Default", 0, [], "general"),
        new(2, "Billing with overdue invoices", 100, [new("contact.reason", ScriptOperator.Equals, "complaint"), new("invoices.overdueCount", ScriptOperator.GreaterThan, "0")], "billing-overdue"),
        new(3, "Platinum complaint", 90, [new("contact.reason", ScriptOperator.Equals, "complaint"), new("customer.tier", ScriptOperator.Equals, "platinum")], "vip-complaint"),
        new(4, "Gold complaint", 90, [new("contact.reason", ScriptOperator.Equals, "complaint"), new("customer.tier", ScriptOperator.Equals, "gold")], "vip-complaint"),
        new(5, "Return", 80, [new("contact.reason", ScriptOperator.Equals, "return")], "return"),
        new(6, "Switched off", 1000, [], "never", Active: false),
    ];

    [Fact]
    public void The_highest_priority_rule_whose_conditions_all_hold_is_chosen_with_its_reason()
    {
        var overdue = ScriptSelector.Select(Rules, Facts(("contact.reason", "complaint"), ("invoices.overdueCount", "2"), ("customer.tier", "platinum")));
        Assert.Equal(2, overdue.Chosen?.Id);
        Assert.Equal(RuleVerdict.Chosen, overdue.Reason!.Verdict);
        Assert.Equal([("contact.reason", "complaint", true), ("invoices.overdueCount", "2", true)],
            overdue.Reason.Conditions.Select(c => (c.Condition.Fact, c.FactValue, c.Held)));
        Assert.All(overdue.Outcomes.Skip(1), o => Assert.Equal(RuleVerdict.NotReached, o.Verdict));
        Assert.DoesNotContain(overdue.Outcomes, o => o.Rule.Id == 6);

        var platinum = ScriptSelector.Select(Rules, Facts(("contact.reason", "Complaint"), ("invoices.overdueCount", "0"), ("customer.tier", "platinum")));
        Assert.Equal(3, platinum.Chosen?.Id);
        var passed = platinum.Outcomes[0];
        Assert.Equal((2L, RuleVerdict.NotMet), (passed.Rule.Id, passed.Verdict));
        Assert.False(passed.Conditions[^1].Held);
        Assert.Equal("0", passed.Conditions[^1].FactValue);

        var gold = ScriptSelector.Select(Rules, Facts(("contact.reason", "complaint"), ("customer.tier", "gold")));
        Assert.Equal(4, gold.Chosen?.Id);
        Assert.Equal("vip-complaint", gold.Chosen?.ScriptCode);
    }

    [Fact]
    public void The_rule_without_conditions_and_the_lowest_priority_is_the_default()
    {
        var general = ScriptSelector.Select(Rules, Facts(("contact.reason", "question")));
        Assert.Equal(1, general.Chosen?.Id);
        Assert.Empty(general.Reason!.Conditions);
        Assert.Null(ScriptSelector.Select(Rules.Where(r => r.Id != 1), Facts()).Chosen);
        Assert.Empty(ScriptSelector.Select([], Facts()).Outcomes);
    }

    [Fact]
    public void A_rule_whose_script_does_not_exist_is_passed_over()
    {
        var selection = ScriptSelector.Select(Rules, Facts(("contact.reason", "return")), code => code != "return");
        Assert.Equal(1, selection.Chosen?.Id);
        Assert.Equal(RuleVerdict.NoScript, selection.Outcomes.Single(o => o.Rule.Id == 5).Verdict);
    }

    [Fact]
    public void Missing_facts_behave_as_missing_for_every_operator()
    {
        var none = Facts();
        var nulls = Facts(("scores.churnRisk", null));
        foreach (var facts in new[] { none, nulls })
        {
            Assert.False(new RuleCondition("scores.churnRisk", ScriptOperator.Equals, "1").Holds(facts));
            Assert.True(new RuleCondition("scores.churnRisk", ScriptOperator.NotEquals, "1").Holds(facts));
            Assert.False(new RuleCondition("scores.churnRisk", ScriptOperator.GreaterThan, "0.5").Holds(facts));
            Assert.False(new RuleCondition("scores.churnRisk", ScriptOperator.LessThan, "0.5").Holds(facts));
            Assert.False(new RuleCondition("scores.churnRisk", ScriptOperator.Exists).Holds(facts));
            Assert.True(new RuleCondition("scores.churnRisk", ScriptOperator.Missing).Holds(facts));
        }
    }

    [Theory]
    [InlineData(ScriptOperator.Equals, "Gold ", "gold", true)]
    [InlineData(ScriptOperator.Equals, "silver", "gold", false)]
    [InlineData(ScriptOperator.NotEquals, "silver", "gold", true)]
    [InlineData(ScriptOperator.NotEquals, "GOLD", "gold", false)]
    [InlineData(ScriptOperator.GreaterThan, "123.45", "100", true)]
    [InlineData(ScriptOperator.GreaterThan, "100", "100", false)]
    [InlineData(ScriptOperator.GreaterThan, "1,5", "1", false)]
    [InlineData(ScriptOperator.LessThan, "-3", "0", true)]
    [InlineData(ScriptOperator.LessThan, "0", "0", false)]
    [InlineData(ScriptOperator.LessThan, "2", "ten", false)]
    [InlineData(ScriptOperator.Exists, "x", null, true)]
    [InlineData(ScriptOperator.Exists, "", null, false)]
    [InlineData(ScriptOperator.Missing, "  ", null, true)]
    [InlineData(ScriptOperator.Missing, "0", null, false)]
    public void Each_operator_compares_as_documented(ScriptOperator op, string fact, string? value, bool expected)
    {
        Assert.Equal(expected, new RuleCondition("f", op, value).Holds(Facts(("f", fact))));
        Assert.Equal(expected, ScriptCondition.Compare(fact, op, value));
    }

    [Fact]
    public void The_customers_language_variant_is_preferred_then_spanish_then_english()
    {
        Assert.Equal("en", ScriptSelector.Language("en", ["es", "en"]));
        Assert.Equal("es", ScriptSelector.Language("en", ["es"]));
        Assert.Equal("en", ScriptSelector.Language("es", ["en"]));
        Assert.Equal("es", ScriptSelector.Language(null, ["en", "es"]));
        Assert.Null(ScriptSelector.Language("es", []));
    }

    // ---- properties ----

    private static readonly string[] FactNames = ["contact.reason", "customer.tier", "invoices.overdueCount"];

    private static Gen<RuleCondition> Conditions { get; } =
        from fact in Gen.Elements(FactNames)
        from op in Gen.Elements(Enum.GetValues<ScriptOperator>())
        from value in Gen.Elements<string?>("complaint", "gold", "0", "2", null)
        select new RuleCondition(fact, op, value);

    private static Gen<List<SelectionRule>> RuleSets { get; } =
        from count in Gen.Choose(0, 12)
        from priorities in Gen.ArrayOf(Gen.Choose(-2, 3), count)
        from conditions in Gen.ArrayOf(Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Conditions, n)), count)
        from active in Gen.ArrayOf(Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false))), count)
        from codes in Gen.ArrayOf(Gen.Elements("a", "b", "c"), count)
        select Enumerable.Range(0, count)
            .Select(i => new SelectionRule(i * 7 % 13 + 1, $"r{i}", priorities[i], conditions[i], codes[i], active[i]))
            .DistinctBy(r => r.Id).ToList();

    private static Gen<Dictionary<string, string?>> FactSets { get; } =
        from values in Gen.ArrayOf(Gen.Elements<string?>("complaint", "return", "gold", "platinum", "0", "1", "5", null), FactNames.Length)
        from present in Gen.ArrayOf(Gen.Elements(true, false), FactNames.Length)
        select FactNames.Select((n, i) => (n, values[i], present[i])).Where(x => x.Item3)
            .ToDictionary(x => x.n, x => x.Item2, StringComparer.Ordinal);

    private static Gen<(List<SelectionRule> Rules, Dictionary<string, string?> Facts, int Seed)> Cases { get; } =
        from rules in RuleSets
        from facts in FactSets
        from seed in Gen.Choose(0, int.MaxValue - 1)
        select (rules, facts, seed);

    [Property(MaxTest = 500)]
    public Property The_same_facts_choose_the_same_rule_whatever_the_order_of_the_rules()
        => Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var random = new Random(c.Seed);
            var shuffled = c.Rules.OrderBy(_ => random.Next()).ToList();
            var a = ScriptSelector.Select(c.Rules, c.Facts);
            var b = ScriptSelector.Select(shuffled, c.Facts);
            var again = ScriptSelector.Select(c.Rules, c.Facts);
            return a.Chosen?.Id == b.Chosen?.Id && a.Chosen?.Id == again.Chosen?.Id
                && a.Outcomes.Select(o => (o.Rule.Id, o.Verdict)).SequenceEqual(b.Outcomes.Select(o => (o.Rule.Id, o.Verdict)));
        });

    [Property(MaxTest = 500)]
    public Property The_chosen_rule_is_the_first_active_rule_by_priority_then_id_whose_conditions_all_hold()
        => Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var expected = c.Rules.Where(r => r.Active && r.Conditions.All(x => x.Holds(c.Facts)))
                .OrderByDescending(r => r.Priority).ThenBy(r => r.Id).FirstOrDefault();
            var selection = ScriptSelector.Select(c.Rules, c.Facts);
            var reasonHolds = selection.Reason is null || selection.Reason.Conditions.All(x => x.Held)
                && selection.Reason.Conditions.Count == selection.Chosen!.Conditions.Count;
            return selection.Chosen?.Id == expected?.Id && reasonHolds;
        });
}
