using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Core.Demo;
using Vinculo.Core.Interactions;
using Vinculo.Core.Scripts;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Scripts;

namespace Vinculo.Core.Tests.Scripts;

/// <summary>Selection, walking and recording with the demo scripts and rules, on both databases.</summary>
public sealed class ScriptRunnerTests
{
    private static readonly DateTime Now = new(2026, 6, 15, 10, 0, 0, DateTimeKind.Utc);

    private sealed record World(TestDatabase Db, TestServices App, ManualClock Clock, ScriptTestData.Lucia Ids) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            await Db.DisposeAsync();
        }
    }

    private static async Task<World> Create(string provider)
    {
        var db = await TestDatabase.Create(provider);
        var clock = new ManualClock(Now);
        await using var context = db.CreateDbContext();
        var ids = await ScriptTestData.SeedLucia(context, Now);
        Assert.Equal(8, await DemoScripts.SeedAsync(context, clock, CancellationToken.None));
        Assert.Equal(0, await DemoScripts.SeedAsync(context, clock, CancellationToken.None));
        return new World(db, new TestServices(db.Settings, clock), clock, ids);
    }

    [Fact]
    public void The_demo_scripts_pass_every_check()
    {
        foreach (var (code, language, definition) in DemoScripts.Definitions())
        {
            var errors = new ValidationErrors();
            ScriptChecks.Definition(definition, errors);
            Assert.True(errors.IsValid, $"{code}/{language}: {string.Join("; ", errors.ToDictionary().Select(e => e.Key + " " + string.Join(" ", e.Value)))}");
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_rules_choose_by_reason_value_and_overdue_invoices_and_say_why(string provider)
    {
        await using var w = await Create(provider);

        // Lucía: a complaint with overdue invoices → payment plan (the rule above the gold one), in Spanish.
        var billing = (await w.App.Run<ScriptRunner, ScriptSelectionDto?>(r => r.SelectForAsync(w.Ids.CustomerId, w.Ids.ComplaintCaseId, null)))!;
        Assert.Equal((DemoScripts.Billing, "es"), (billing.Script!.Code, billing.Script.Language));
        Assert.Equal(300, billing.Rule!.Priority);
        var chosen = billing.Rules.Single(r => r.Verdict == RuleVerdict.Chosen);
        Assert.Equal([("contact.reason", "complaint"), ("invoices.overdueCount", "3")], chosen.Conditions.Select(c => (c.Fact, c.FactValue)));
        Assert.All(billing.Rules.Skip(1), r => Assert.Equal(RuleVerdict.NotReached, r.Verdict));

        // The agent's reason overrides the case type: a return, then anything else falls to the default.
        var ret = (await w.App.Run<ScriptRunner, ScriptSelectionDto?>(r => r.SelectForAsync(w.Ids.CustomerId, w.Ids.ComplaintCaseId, "Return")))!;
        Assert.Equal(DemoScripts.Return, ret.Script!.Code);
        Assert.Equal("return", ret.Facts["contact.reason"]);
        var general = (await w.App.Run<ScriptRunner, ScriptSelectionDto?>(r => r.SelectForAsync(w.Ids.CustomerId, null, null)))!;
        Assert.Equal(DemoScripts.General, general.Script!.Code);
        Assert.Empty(general.Rules.Single(r => r.Verdict == RuleVerdict.Chosen).Conditions);

        // The other customer (platinum, English) who owes 10 € complains: the overdue rule wins; once paid, the upgrade.
        var other = (await w.App.Run<ScriptRunner, ScriptSelectionDto?>(r => r.SelectForAsync(w.Ids.OtherCustomerId, null, "complaint")))!;
        Assert.Equal((DemoScripts.Billing, "en"), (other.Script!.Code, other.Script.Language));
        await using (var context = w.Db.CreateDbContext())
        {
            await context.Invoices.Where(i => i.CustomerId == w.Ids.OtherCustomerId)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, Domain.Commerce.InvoiceStatus.Paid));
        }

        var vip = (await w.App.Run<ScriptRunner, ScriptSelectionDto?>(r => r.SelectForAsync(w.Ids.OtherCustomerId, null, "complaint")))!;
        Assert.Equal((DemoScripts.Vip, "en"), (vip.Script!.Code, vip.Script.Language));
        Assert.Equal(RuleVerdict.NotMet, vip.Rules[0].Verdict);
        Assert.False(vip.Rules[0].Conditions[^1].Held);

        Assert.Null(await w.App.Run<ScriptRunner, ScriptSelectionDto?>(r => r.SelectForAsync(424242, null, null)));
        var wrongCase = await Assert.ThrowsAsync<ValidationException>(() =>
            w.App.Run<ScriptRunner, ScriptSelectionDto?>(r => r.SelectForAsync(w.Ids.CustomerId, w.Ids.OtherCaseId, null)));
        Assert.Contains("caseId", wrongCase.Errors.Keys);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Two_customers_with_the_same_facts_get_the_same_script_and_the_same_words(string provider)
    {
        await using var w = await Create(provider);
        long a, b;
        await using (var context = w.Db.CreateDbContext())
        {
            var first = ScriptTestData.Customer("Pedro", "Ruiz", tier: "platinum", at: Now);
            var second = ScriptTestData.Customer("Pedro", "Ruiz", tier: "platinum", at: Now);
            context.Customers.AddRange(first, second);
            await context.SaveChangesAsync();
            (a, b) = (first.Id, second.Id);
        }

        var answers = new List<ScriptAnswer> { new("solved", "no"), new("upgrade-platinum", "yes") };
        var runA = (await w.App.Run<ScriptRunner, RunView?>(r => r.WalkAsync(new RunRequest(a, Reason: "complaint", Answers: answers))))!;
        var runB = (await w.App.Run<ScriptRunner, RunView?>(r => r.WalkAsync(new RunRequest(b, Reason: "complaint", Answers: answers))))!;
        Assert.Equal(DemoScripts.Vip, runA.Script.Code);
        Assert.Equal(runA.Script.Id, runB.Script.Id);
        Assert.Equal(runA.Steps.Select(s => (s.Id, s.Text)), runB.Steps.Select(s => (s.Id, s.Text)));
        Assert.Equal(WalkState.Finished, runA.State);
        Assert.Contains(runA.Steps, s => s.Text.Contains("12 meses", StringComparison.Ordinal));
        Assert.Equal(("customer.tier", "platinum"), (runA.Steps.Single(s => s.Id == "tier").Decision!.Fact, runA.Steps.Single(s => s.Id == "tier").Decision!.FactValue));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Finishing_records_the_run_and_a_searchable_interaction_with_the_transcript(string provider)
    {
        await using var w = await Create(provider);
        var start = (await w.App.Run<ScriptRunner, RunView?>(r => r.WalkAsync(new RunRequest(w.Ids.CustomerId, w.Ids.ComplaintCaseId))))!;
        Assert.Equal(WalkState.Waiting, start.State);
        Assert.Equal(["greet", "check", "serious", "offer"], start.Steps.Select(s => s.Id));
        Assert.Equal("Tiene 3 facturas vencidas por 230.50 €; la más antigua lleva 120 días de retraso. Para evitar la suspensión del servicio podemos acordar hoy un plan de pagos.",
            start.Steps[2].Text);
        Assert.Equal(("invoices.oldestOverdueDays", "120"), (start.Steps[1].Decision!.Fact, start.Steps[1].Decision!.FactValue));
        Assert.Equal(["yes", "no", "dispute"], start.Current.Choices.Select(c => c.Answer));

        var answers = new List<ScriptAnswer?> { new("offer", "yes"), new("anything", "no") };
        var path = new List<string> { "greet", "check", "serious", "offer", "plan", "anything", "bye" };
        w.Clock.Advance(TimeSpan.FromMinutes(4));
        var run = (await w.App.Run<ScriptRunner, ScriptRunDto?>(r => r.FinishAsync(new FinishRunInput
        {
            CustomerId = w.Ids.CustomerId, CaseId = w.Ids.ComplaintCaseId, ScriptId = start.Script.Id, ScriptVersion = start.Script.Version,
            Answers = answers, Path = path, StartedAt = Now,
        }, new Actor("agent-1", "Agente Uno"))))!;
        Assert.Equal(path, run.Path);
        Assert.Equal(start.Selection.Rule!.Id, run.RuleId);
        Assert.Equal("230.50", run.Facts["invoices.overdueAmount"]);
        Assert.Equal([new ScriptAnswer("offer", "yes"), new ScriptAnswer("anything", "no")], run.Answers);
        Assert.Contains("Respuesta: Sí, acepta el plan (yes)", run.Transcript, StringComparison.Ordinal);
        Assert.Contains("Gracias por su llamada, Lucía Gómez.", run.Transcript, StringComparison.Ordinal);
        Assert.Equal((Now, Now.AddMinutes(4)), (run.StartedAt, run.FinishedAt));

        await using (var context = w.Db.CreateDbContext())
        {
            var interaction = await context.Interactions.SingleAsync(i => i.Id == run.InteractionId);
            Assert.Equal(("Script: Reclamación con facturas vencidas", Channel.Email, Direction.Inbound), (interaction.Subject, interaction.Channel, interaction.Direction));
            Assert.Equal((run.Transcript, "agent-1", "Agente Uno", 240, "bye"), (interaction.Body, interaction.AgentId, interaction.AgentName, interaction.DurationSeconds, interaction.Outcome));
            Assert.Equal(Now, interaction.OccurredAt);
            Assert.NotEmpty(interaction.SearchTerms);
            var stored = await context.ScriptRuns.SingleAsync();
            Assert.Equal((w.Ids.ComplaintCaseId, "agent-1", 1L), (stored.CaseId, stored.UserId, stored.ScriptVersion));
        }

        var hits = await w.App.Run<InteractionService, Page<InteractionHit>>(s => s.Search(new InteractionSearchQuery("plan de pagos cuotas", w.Ids.CustomerId)));
        Assert.Contains(hits.Items, h => h.Interaction.Id == run.InteractionId);
        var timeline = await w.App.Run<InteractionService, Page<InteractionDto>?>(s => s.Timeline(w.Ids.CustomerId, new TimelineQuery()));
        Assert.Equal(run.InteractionId, timeline!.Items[0].Id);

        var runs = (await w.App.Run<ScriptRunner, Page<ScriptRunDto>?>(r => r.Runs(w.Ids.CustomerId, new ScriptRunQuery())))!;
        Assert.Equal(run.Id, Assert.Single(runs.Items).Id);
        Assert.Equal(DemoScripts.Billing, runs.Items[0].ScriptCode);
        Assert.Null(await w.App.Run<ScriptRunner, Page<ScriptRunDto>?>(r => r.Runs(424242, new ScriptRunQuery())));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Unfinished_stale_inactive_or_diverging_runs_are_refused_and_nothing_is_written(string provider)
    {
        await using var w = await Create(provider);
        var start = (await w.App.Run<ScriptRunner, RunView?>(r => r.WalkAsync(new RunRequest(w.Ids.CustomerId, w.Ids.ComplaintCaseId))))!;
        FinishRunInput Input(params ScriptAnswer?[] answers) => new()
        {
            CustomerId = w.Ids.CustomerId, CaseId = w.Ids.ComplaintCaseId, ScriptId = start.Script.Id, ScriptVersion = start.Script.Version, Answers = [.. answers],
        };
        Task<ScriptRunDto?> Finish(FinishRunInput input) => w.App.Run<ScriptRunner, ScriptRunDto?>(r => r.FinishAsync(input, null));

        var unfinished = await Assert.ThrowsAsync<ValidationException>(() => Finish(Input(new ScriptAnswer("offer", "yes"))));
        Assert.Contains("anything", unfinished.Errors["answers"][0], StringComparison.Ordinal);
        var wrong = await Assert.ThrowsAsync<ValidationException>(() => Finish(Input(new ScriptAnswer("offer", "maybe"))));
        Assert.Contains("answers[0]", wrong.Errors.Keys);
        var blank = await Assert.ThrowsAsync<ValidationException>(() => Finish(Input(null, new ScriptAnswer("", "x"))));
        Assert.Equal(["answers[0]", "answers[1]"], blank.Errors.Keys.Order());
        await Assert.ThrowsAsync<ValidationException>(() => Finish(Input(new ScriptAnswer("offer", "yes"), new ScriptAnswer("anything", "no")) with { StartedAt = Now.AddDays(-2) }));

        var done = Input(new ScriptAnswer("offer", "yes"), new ScriptAnswer("anything", "no"));
        await Assert.ThrowsAsync<PreconditionFailedException>(() => Finish(done with { ScriptVersion = 99 }));
        var diverged = await Assert.ThrowsAsync<ConflictException>(() => Finish(done with { Path = ["greet", "check", "pending", "offer", "plan", "anything", "bye"] }));
        Assert.Contains("serious", diverged.Message, StringComparison.Ordinal);
        Assert.Null(await Finish(done with { CustomerId = 424242 }));
        Assert.Null(await Finish(done with { ScriptId = 424242 }));

        await w.App.Run<ScriptService, ScriptDto?>(s => s.SetStatus(start.Script.Id, ScriptStatus.Archived, null));
        await Assert.ThrowsAsync<PreconditionFailedException>(() => Finish(done));
        await Assert.ThrowsAsync<ConflictException>(() => Finish(done with { ScriptVersion = null }));

        await using var context = w.Db.CreateDbContext();
        Assert.Equal(0, await context.ScriptRuns.CountAsync());
        Assert.Equal(0, await context.Interactions.CountAsync());
    }
}
