using Vinculo.Domain.Scripts;

namespace Vinculo.Domain.Tests.Scripts;

public class ScriptWalkTests
{
    // Greets, checks overdue invoices, offers a payment plan, asks whether it is solved (no → again), closes.
    private static ScriptDefinition Billing() => new("greet",
    [
        new("greet", ScriptStepKind.Say, "Hola {{customer.firstName}}.", Next: "overdue"),
        new("overdue", ScriptStepKind.Decide, Next: "solved", Conditions:
        [
            new("invoices.overdueCount", ScriptOperator.GreaterThan, "0", "plan"),
        ]),
        new("plan", ScriptStepKind.Ask, "Debe {{invoices.overdueAmount}} €. ¿Quiere un plan de pagos?",
            Choices: [new("yes", "agreed", "Sí, {{customer.firstName}} acepta"), new("no", "solved")]),
        new("agreed", ScriptStepKind.Say, "Plan: {{answers.plan}}.", Next: "solved"),
        new("solved", ScriptStepKind.Ask, "¿Algo más?", Choices: [new("no", "bye"), new("yes", "greet")]),
        new("bye", ScriptStepKind.End, "Gracias."),
    ]);

    private static readonly Dictionary<string, string?> Overdue = new()
    {
        ["customer.firstName"] = "Lucía", ["invoices.overdueCount"] = "2", ["invoices.overdueAmount"] = "150.00",
    };

    [Fact]
    public void The_walk_runs_say_and_decide_steps_by_itself_and_stops_at_the_first_question()
    {
        Assert.Empty(Billing().Validate());
        var walk = ScriptWalk.Walk(Billing(), Overdue);
        Assert.Equal(WalkState.Waiting, walk.State);
        Assert.Equal(["greet", "overdue", "plan"], walk.StepIds);
        Assert.Equal("Hola Lucía.", walk.Path[0].Text);
        Assert.Equal("invoices.overdueCount", walk.Path[1].Decision!.Condition!.Fact);
        Assert.Equal("2", walk.Path[1].Decision!.FactValue);
        Assert.Equal("Debe 150.00 €. ¿Quiere un plan de pagos?", walk.Current.Text);
        Assert.Equal([("yes", "Sí, Lucía acepta"), ("no", "no")], walk.Current.Choices!.Select(c => (c.Answer, c.Label)));
    }

    [Fact]
    public void Answers_move_the_walk_on_fill_answer_placeholders_and_reach_the_end()
    {
        var walk = ScriptWalk.Walk(Billing(), Overdue, [new("plan", "YES"), new("solved", "no")]);
        Assert.Equal(WalkState.Finished, walk.State);
        Assert.Equal(["greet", "overdue", "plan", "agreed", "solved", "bye"], walk.StepIds);
        Assert.Equal("yes", walk.Path[2].Answer);
        Assert.Equal("Plan: yes.", walk.Path[3].Text);

        var transcript = ScriptTranscript.Build("Reclamación", "billing", 3, "es", "Facturas vencidas", walk);
        Assert.Contains("Guion: Reclamación (billing, v3)", transcript, StringComparison.Ordinal);
        Assert.Contains("Regla: Facturas vencidas", transcript, StringComparison.Ordinal);
        Assert.Contains("2. [overdue] Decisión: invoices.overdueCount greaterThan 0 (2)", transcript, StringComparison.Ordinal);
        Assert.Contains("   Respuesta: Sí, Lucía acepta (yes)", transcript, StringComparison.Ordinal);
        Assert.EndsWith("Recorrido: greet → overdue → plan → agreed → solved → bye", transcript, StringComparison.Ordinal);
        Assert.StartsWith("Script: Billing (billing, v3)\nRule: none (chosen by hand)",
            ScriptTranscript.Build("Billing", "billing", 3, "en", null, walk), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_fact_the_decision_falls_through_and_loops_consume_answers()
    {
        var facts = new Dictionary<string, string?> { ["customer.firstName"] = "Ana" };
        var walk = ScriptWalk.Walk(Billing(), facts, [new("solved", "yes"), new("solved", "no")]);
        Assert.Equal(["greet", "overdue", "solved", "greet", "overdue", "solved", "bye"], walk.StepIds);
        Assert.True(walk.Path[1].Decision!.Fallthrough);
        Assert.Equal(WalkState.Finished, walk.State);
    }

    [Fact]
    public void Answers_that_do_not_fit_are_reported_by_index()
    {
        var wrongStep = Assert.Throws<ScriptWalkException>(() => ScriptWalk.Walk(Billing(), Overdue, [new("solved", "no")]));
        Assert.Equal(0, wrongStep.AnswerIndex);
        var notOffered = Assert.Throws<ScriptWalkException>(() => ScriptWalk.Walk(Billing(), Overdue, [new("plan", "maybe")]));
        Assert.Equal(0, notOffered.AnswerIndex);
        var tooMany = Assert.Throws<ScriptWalkException>(() => ScriptWalk.Walk(Billing(), Overdue, [new("plan", "no"), new("solved", "no"), new("solved", "no")]));
        Assert.Equal(2, tooMany.AnswerIndex);
    }

    [Fact]
    public void A_decision_loop_on_fixed_facts_is_detected()
    {
        // Valid as a graph (the end is reachable when the fact is missing) but endless for a customer who has it.
        var script = new ScriptDefinition("d",
        [
            new("d", ScriptStepKind.Decide, Next: "end", Conditions: [new("customer.tier", ScriptOperator.Exists, null, "s")]),
            new("s", ScriptStepKind.Say, "Otra vez", Next: "d"),
            new("end", ScriptStepKind.End),
        ]);
        Assert.Empty(script.Validate());
        Assert.Equal(WalkState.Loop, ScriptWalk.Walk(script, new Dictionary<string, string?> { ["customer.tier"] = "gold" }).State);
        Assert.Equal(WalkState.Finished, ScriptWalk.Walk(script, new Dictionary<string, string?>()).State);
    }

    [Fact]
    public void Walks_are_deterministic()
    {
        var answers = new[] { new ScriptAnswer("plan", "no"), new ScriptAnswer("solved", "no") };
        var first = ScriptWalk.Walk(Billing(), Overdue, answers);
        for (var i = 0; i < 5; i++)
        {
            var again = ScriptWalk.Walk(Billing(), Overdue, answers);
            Assert.Equal(first.StepIds, again.StepIds);
            Assert.Equal(first.Path.Select(p => p.Text), again.Path.Select(p => p.Text));
        }
    }

    [Fact]
    public void Choice_labels_are_checked_for_placeholder_syntax()
    {
        var script = Billing() with
        {
            Steps = [.. Billing().Steps.Select(s => s.Id == "plan" ? s with { Choices = [new("yes", "agreed", "Sí {{oops"), new("no", "solved")] } : s)],
        };
        Assert.Contains("steps[2].choices[0].label", script.Validate().Keys);
    }
}
