using Vinculo.Domain.Scripts;

namespace Vinculo.Domain.Tests.Scripts;

public class ScriptDefinitionTests
{
    // Greets, checks overdue invoices, asks whether the problem is solved, closes.
    private static ScriptDefinition Billing() => new("greet",
    [
        new("greet", ScriptStepKind.Say, "Hola {{customer.firstName}}, ¿en qué puedo ayudarle?", Next: "overdue"),
        new("overdue", ScriptStepKind.Decide, Next: "ask", Conditions:
        [
            new("account.overdue", ScriptOperator.GreaterThan, "0", "remind"),
            new("customer.tier", ScriptOperator.Equals, "platinum", "upgrade"),
        ]),
        new("remind", ScriptStepKind.Say, "Tiene {{account.overdue}} € pendientes.", Next: "ask"),
        new("upgrade", ScriptStepKind.Say, "Le ofrecemos una mejora gratuita.", Next: "ask"),
        new("ask", ScriptStepKind.Ask, "¿Se ha resuelto su consulta?", Choices: [new("yes", "bye"), new("no", "greet")]),
        new("bye", ScriptStepKind.End, "Gracias, {{customer.firstName}}."),
    ]);

    [Fact]
    public void A_well_formed_script_is_valid() => Assert.Empty(Billing().Validate());

    [Fact]
    public void Decisions_follow_the_first_condition_that_holds_and_are_deterministic()
    {
        var script = Billing();
        var overdue = new Dictionary<string, string?> { ["account.overdue"] = "120.50", ["customer.tier"] = "platinum" };
        var platinum = new Dictionary<string, string?> { ["account.overdue"] = "0", ["customer.tier"] = "Platinum" };
        var plain = new Dictionary<string, string?>();
        Assert.Equal("remind", script.NextStep("overdue", null, overdue));
        Assert.Equal("upgrade", script.NextStep("overdue", null, platinum));
        Assert.Equal("ask", script.NextStep("overdue", null, plain));
        Assert.All(Enumerable.Range(0, 5), _ => Assert.Equal("upgrade", script.NextStep("overdue", null, platinum)));
        Assert.Equal("bye", script.NextStep("ask", " YES ", plain));
        Assert.Null(script.NextStep("bye", null, plain));
        Assert.Throws<ArgumentException>(() => script.NextStep("ask", "maybe", plain));
    }

    [Fact]
    public void A_dangling_step_is_reported_on_the_step_that_points_to_it()
    {
        var script = Billing() with { Steps = [.. Billing().Steps.Select(s => s.Id == "remind" ? s with { Next = "nowhere" } : s)] };
        var errors = script.Validate();
        Assert.Contains("steps[2]", errors.Keys);
        Assert.Contains("nowhere", errors["steps[2]"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Unreachable_steps_and_endless_loops_are_reported()
    {
        var unreachable = Billing() with { Steps = [.. Billing().Steps, new ScriptStep("orphan", ScriptStepKind.End, "x")] };
        Assert.Contains("cannot be reached", unreachable.Validate()["steps[6]"][0], StringComparison.Ordinal);

        var loop = new ScriptDefinition("a",
        [
            new("a", ScriptStepKind.Say, "uno", Next: "b"),
            new("b", ScriptStepKind.Say, "dos", Next: "a"),
            new("end", ScriptStepKind.End),
        ]);
        var errors = loop.Validate();
        Assert.Contains("never end", errors["steps[0]"][0], StringComparison.Ordinal);
        Assert.Contains("never end", errors["steps[1]"][0], StringComparison.Ordinal);
        Assert.Contains("cannot be reached", errors["steps[2]"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Shapes_ids_start_and_placeholders_are_checked()
    {
        var script = new ScriptDefinition("missing",
        [
            new("q", ScriptStepKind.Ask, "¿Sí?", Choices: [new("si", "e"), new("SI", "e")]),
            new("q", ScriptStepKind.Say, "Hola {{customer.", Next: "e"),
            new("d", ScriptStepKind.Decide, Conditions: [new("bad fact", ScriptOperator.Exists, null, "e")]),
            new("e", ScriptStepKind.End, Next: "q"),
            new("bad id!", ScriptStepKind.End),
        ]);
        var errors = script.Validate();
        Assert.Contains("steps[0].choices", errors.Keys);
        Assert.Contains("steps[1].id", errors.Keys);
        Assert.Contains("steps[1].text", errors.Keys);
        Assert.Contains("steps[2]", errors.Keys);
        Assert.Contains("steps[2].conditions[0]", errors.Keys);
        Assert.Contains("steps[3]", errors.Keys);
        Assert.Contains("steps[4].id", errors.Keys);
        Assert.Contains("start", errors.Keys);
        Assert.Contains("steps", new ScriptDefinition("a", []).Validate().Keys);
    }

    [Theory]
    [InlineData(ScriptOperator.Equals, "Gold", "gold", true)]
    [InlineData(ScriptOperator.Equals, null, "gold", false)]
    [InlineData(ScriptOperator.NotEquals, null, "gold", true)]
    [InlineData(ScriptOperator.GreaterThan, "10.5", "10", true)]
    [InlineData(ScriptOperator.GreaterThan, "abc", "10", false)]
    [InlineData(ScriptOperator.LessThan, "-1", "0", true)]
    [InlineData(ScriptOperator.Exists, " ", null, false)]
    [InlineData(ScriptOperator.Missing, null, null, true)]
    public void Conditions_compare_facts(ScriptOperator op, string? fact, string? value, bool expected)
    {
        var facts = new Dictionary<string, string?> { ["f"] = fact };
        Assert.Equal(expected, new ScriptCondition("f", op, value, "x").Holds(facts));
    }
}
