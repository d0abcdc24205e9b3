using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Vinculo.Core.Service.Alarms;
using Vinculo.Core.Service.Notifications;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Service;
using static Vinculo.Core.Tests.Service.Alarms.AlarmScenario;

namespace Vinculo.Core.Tests.Service.Alarms;

public sealed class AlarmProcessorTests
{
    private static EscalationRule Rule(SlaAlarmKind on, EscalationAction action, SlaTarget? target = null, long? team = null, string? user = null) =>
        new(on, target, action, team, user);

    [Theory, SqliteData, PostgresData]
    public async Task A_warning_then_a_breach_each_fire_once_across_runs(string provider)
    {
        await using var s = await AlarmScenario.Create(provider);
        var id = await s.NewCase();
        Assert.Equal(At(30), (await s.Case(id)).AlarmAt);

        Assert.Equal(0, (await s.Run(At(29))).Cases);
        var warning = await s.Run(At(31));
        Assert.Equal((1, 1, 0), (warning.Cases, warning.Warnings, warning.Breaches));
        Assert.Equal(At(60), (await s.Case(id)).AlarmAt);
        Assert.Equal(0, (await s.Run(At(32))).Warnings);

        var breach = await s.Run(At(61));
        Assert.Equal((0, 1), (breach.Warnings, breach.Breaches));
        Assert.Equal((0, 0), ((await s.Run(At(62))).Warnings, (await s.Run(At(62))).Breaches));

        var warnings = await s.Alarms(id, CaseEventKind.SlaWarning);
        var breaches = await s.Alarms(id, CaseEventKind.SlaBreach);
        var w = Assert.Single(warnings);
        Assert.Equal(new SlaAlarmEventData(SlaTarget.FirstResponse, 1, At(30), true), w.Alarm);
        Assert.Equal(At(31), w.Event.OccurredAt);
        Assert.Null(w.Event.ActorId);
        Assert.Null(w.Event.SlaKind);
        Assert.Equal(new SlaAlarmEventData(SlaTarget.FirstResponse, 1, At(60), true), Assert.Single(breaches).Alarm);

        var c = await s.Case(id);
        Assert.Equal((1, 1), (c.FrWarned, c.FrBreachFired));
        Assert.Equal(3, c.Version);
        Assert.Equal(At(61), c.LastEventAt);
        // Next: the resolution warning at half of 8 h.
        Assert.Equal(At(240), c.AlarmAt);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_late_job_fires_the_warning_and_the_breach_in_one_run(string provider)
    {
        await using var s = await AlarmScenario.Create(provider);
        var id = await s.NewCase();
        var run = await s.Run(At(90));
        Assert.Equal((1, 1, 1), (run.Cases, run.Warnings, run.Breaches));
        Assert.Equal(
            [CaseEventKind.Created, CaseEventKind.SlaWarning, CaseEventKind.SlaBreach],
            (await s.Events(id)).Select(e => e.Kind));
        Assert.Equal(2, (await s.Case(id)).Version);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Two_processors_running_at_once_fire_each_alarm_once(string provider)
    {
        await using var s = await AlarmScenario.Create(provider);
        await s.Escalate(Rule(SlaAlarmKind.Breach, EscalationAction.NotifySupervisor));
        var ids = new List<long>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add(await s.NewCase(team: s.TeamA));
        }

        var runs = await Task.WhenAll(s.Run(At(61), 5), s.Run(At(61), 5), s.Run(At(61), 7), s.Run(At(61)));
        // Whatever each one did, together they fired every warning and breach once.
        Assert.Equal(12, runs.Sum(r => r.Warnings));
        Assert.Equal(12, runs.Sum(r => r.Breaches));
        Assert.Equal(12, runs.Sum(r => r.Notifications));
        await s.Run(At(61));
        foreach (var id in ids)
        {
            Assert.Single(await s.Alarms(id, CaseEventKind.SlaWarning));
            Assert.Single(await s.Alarms(id, CaseEventKind.SlaBreach));
            Assert.Single(await s.Notifications(id));
            Assert.Equal(2, (await s.Case(id)).Version);
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_reply_before_the_job_runs_records_the_breach_without_escalating(string provider)
    {
        // The known help-desk bug: the agent answered (late), then the breach job escalates anyway. Here the breach is in
        // the history, but nobody is told and the priority stays.
        await using var s = await AlarmScenario.Create(provider);
        await s.Escalate(
            Rule(SlaAlarmKind.Warning, EscalationAction.NotifySupervisor),
            Rule(SlaAlarmKind.Breach, EscalationAction.NotifySupervisor),
            Rule(SlaAlarmKind.Breach, EscalationAction.RaisePriority));
        var answered = await s.NewCase(team: s.TeamA, assignee: Agent1);
        var waiting = await s.NewCase(team: s.TeamA, assignee: Agent1);
        await s.AgentReply(answered, At(70));

        var run = await s.Run(At(75));
        Assert.Equal((2, 2), (run.Warnings, run.Breaches));

        var breach = Assert.Single(await s.Alarms(answered, CaseEventKind.SlaBreach));
        Assert.Equal(new SlaAlarmEventData(SlaTarget.FirstResponse, 1, At(60), false), breach.Alarm);
        Assert.False(Assert.Single(await s.Alarms(answered, CaseEventKind.SlaWarning)).Alarm!.Actionable);
        Assert.DoesNotContain(await s.Events(answered), e => e.Kind is CaseEventKind.Escalated or CaseEventKind.PriorityChanged);
        Assert.Empty(await s.Notifications(answered));
        Assert.Equal(CasePriority.Normal, (await s.Case(answered)).Priority);

        // The case nobody answered escalates.
        Assert.True(Assert.Single(await s.Alarms(waiting, CaseEventKind.SlaBreach)).Alarm!.Actionable);
        Assert.Equal(3, (await s.Events(waiting)).Count(e => e.Kind == CaseEventKind.Escalated));
        Assert.Equal(CasePriority.High, (await s.Case(waiting)).Priority);
        Assert.Equal(3, run.Escalations);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Waiting_on_the_customer_pauses_the_alarms_which_fire_later_after_resuming(string provider)
    {
        await using var s = await AlarmScenario.Create(provider);
        var id = await s.NewCase();
        await s.Move(id, CaseStatus.PendingCustomer, At(10));
        Assert.Null((await s.Case(id)).AlarmAt);
        Assert.Equal(0, (await s.Run(At(45))).Cases);
        Assert.Empty(await s.Alarms(id, CaseEventKind.SlaWarning));

        // 10 minutes counted before the pause: the warning (30) comes 20 minutes after resuming, the breach 50.
        await s.Move(id, CaseStatus.Open, At(100));
        Assert.Equal(At(120), (await s.Case(id)).AlarmAt);
        Assert.Equal(0, (await s.Run(At(119))).Warnings);
        Assert.Equal(1, (await s.Run(At(121))).Warnings);
        Assert.Equal(1, (await s.Run(At(151))).Breaches);
        Assert.Equal(At(120), Assert.Single(await s.Alarms(id, CaseEventKind.SlaWarning)).Alarm!.At);
        Assert.Equal(At(150), Assert.Single(await s.Alarms(id, CaseEventKind.SlaBreach)).Alarm!.At);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Every_next_response_cycle_gets_its_own_warning_and_breach(string provider)
    {
        await using var s = await AlarmScenario.Create(provider);
        var id = await s.NewCase();
        await s.AgentReply(id, At(5));
        await s.CustomerReply(id, At(10));
        // Cycle 1: warning at 25, due at 40.
        var first = await s.Run(At(41));
        Assert.Equal((1, 1), (first.Warnings, first.Breaches));
        await s.AgentReply(id, At(50));
        await s.CustomerReply(id, At(60));
        Assert.Equal(At(75), (await s.Case(id)).AlarmAt);
        var second = await s.Run(At(91));
        Assert.Equal((1, 1), (second.Warnings, second.Breaches));
        Assert.Equal(0, (await s.Run(At(92))).Cases);

        var warnings = (await s.Alarms(id, CaseEventKind.SlaWarning)).Select(a => a.Alarm!).ToList();
        Assert.Equal(
            [(SlaTarget.NextResponse, 1, At(25)), (SlaTarget.NextResponse, 2, At(75))],
            warnings.Select(a => (a.Target, a.Cycle, a.At)));
        var breaches = (await s.Alarms(id, CaseEventKind.SlaBreach)).Select(a => a.Alarm!).ToList();
        Assert.Equal(
            [(SlaTarget.NextResponse, 1, At(40)), (SlaTarget.NextResponse, 2, At(90))],
            breaches.Select(a => (a.Target, a.Cycle, a.At)));
        var c = await s.Case(id);
        Assert.Equal((2, 2), (c.NrWarned, c.NrBreachFired));
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_alarm_time_is_cleared_when_nothing_is_pending(string provider)
    {
        await using var s = await AlarmScenario.Create(provider);
        var id = await s.NewCase();
        await s.AgentReply(id, At(5));
        await s.Move(id, CaseStatus.Resolved, At(10));
        var c = await s.Case(id);
        Assert.Null(c.AlarmAt);
        Assert.Equal(0, (await s.Run(At(1000))).Cases);

        // Everything fired: no alarm left either.
        var late = await s.NewCase();
        await s.Run(At(2000));
        Assert.Null((await s.Case(late)).AlarmAt);
        Assert.Equal((1, 1, 1, 1), ((await s.Case(late)).FrWarned, (await s.Case(late)).FrBreachFired, (await s.Case(late)).ResWarned, (await s.Case(late)).ResBreachFired));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_stale_alarm_time_is_corrected_without_recording_anything(string provider)
    {
        await using var s = await AlarmScenario.Create(provider);
        var id = await s.NewCase();
        await using (var db = s.Db.CreateDbContext())
        {
            await db.Cases.Where(c => c.Id == id).ExecuteUpdateAsync(u => u.SetProperty(c => c.AlarmAt, At(1)));
        }

        var run = await s.Run(At(2));
        Assert.Equal((1, 0, 0), (run.Cases, run.Warnings, run.Breaches));
        var c = await s.Case(id);
        Assert.Equal(At(30), c.AlarmAt);
        Assert.Equal(1, c.Version);
        Assert.Single(await s.Events(id));
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_team_supervisor_is_told_or_else_every_supervisor(string provider)
    {
        await using var s = await AlarmScenario.Create(provider);
        await s.Escalate(Rule(SlaAlarmKind.Warning, EscalationAction.NotifySupervisor), Rule(SlaAlarmKind.Breach, EscalationAction.NotifySupervisor));
        var supervised = await s.NewCase(team: s.TeamA, assignee: Agent1, subject: "Cobro duplicado");
        var unsupervised = await s.NewCase(team: s.TeamB, assignee: Agent2);
        var noTeam = await s.NewCase();

        await s.Run(At(31));
        // Warnings: the supervisor(s) and the agent, who can still answer in time.
        Assert.Equal([S1, Agent1], (await s.Notifications(supervised)).Select(n => n.UserId));
        Assert.Equal([Agent2, S1, S2], (await s.Notifications(unsupervised)).Select(n => n.UserId).Order(StringComparer.Ordinal));
        Assert.Equal([S1, S2], (await s.Notifications(noTeam)).Select(n => n.UserId).Order(StringComparer.Ordinal));

        await s.Run(At(61));
        var breach = (await s.Notifications(supervised)).Where(n => n.Kind == NotificationKind.SlaBreach).ToList();
        Assert.Equal([S1], breach.Select(n => n.UserId));
        var data = NotificationData.Parse(breach[0].Data);
        Assert.Equal(new NotificationData("Cobro duplicado", SlaTarget.FirstResponse, 1, At(60), null, CasePriority.Normal), data);
        var warning = NotificationData.Parse((await s.Notifications(supervised))[0].Data);
        Assert.Equal((At(30), At(60)), (warning.At, warning.DueAt));

        var escalated = (await s.Events(supervised)).Where(e => e.Kind == CaseEventKind.Escalated).ToList();
        Assert.Equal(2, escalated.Count);
        var details = JsonSerializer.Deserialize<EscalatedEventData>(escalated[1].Data!, ServiceJson.Options)!;
        Assert.Equal((EscalationAction.NotifySupervisor, SlaAlarmKind.Breach, SlaTarget.FirstResponse), (details.Action, details.On, details.Target));
        Assert.Equal([S1], details.Notified!);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Raising_the_priority_re_resolves_the_targets(string provider)
    {
        await using var s = await AlarmScenario.Create(provider);
        await s.Escalate(Rule(SlaAlarmKind.Warning, EscalationAction.RaisePriority, SlaTarget.FirstResponse));
        var id = await s.NewCase();
        Assert.Equal(At(60), (await s.Case(id)).FrDueAt);

        var run = await s.Run(At(31));
        Assert.Equal((1, 0, 1), (run.Warnings, run.Breaches, run.Escalations));
        var c = await s.Case(id);
        Assert.Equal(CasePriority.High, c.Priority);
        // High: 40 minutes of first response, 31 already counted → due at 40 (the warning at 20 already fired).
        Assert.Equal(At(40), c.FrDueAt);
        Assert.Equal(At(40), c.AlarmAt);
        var events = await s.Events(id);
        var raised = Assert.Single(events, e => e.Kind == CaseEventKind.PriorityChanged);
        Assert.Equal((SlaEventKind.PriorityChanged, CasePriority.High, (string?)null), (raised.SlaKind, raised.Priority, raised.ActorId));
        var escalated = JsonSerializer.Deserialize<EscalatedEventData>(Assert.Single(events, e => e.Kind == CaseEventKind.Escalated).Data!, ServiceJson.Options)!;
        Assert.Equal((CasePriority.Normal, CasePriority.High), (escalated.FromPriority!.Value, escalated.ToPriority!.Value));

        // The breach comes at the new due time, and only once.
        Assert.Equal(0, (await s.Run(At(39))).Breaches);
        Assert.Equal(1, (await s.Run(At(41))).Breaches);
        Assert.Equal(At(40), Assert.Single(await s.Alarms(id, CaseEventKind.SlaBreach)).Alarm!.At);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_raise_that_brings_the_breach_forward_fires_it_in_the_same_run(string provider)
    {
        await using var s = await AlarmScenario.Create(provider);
        await s.Escalate(Rule(SlaAlarmKind.Warning, EscalationAction.RaisePriority), Rule(SlaAlarmKind.Breach, EscalationAction.RaisePriority));
        var id = await s.NewCase();
        // At 45: the normal warning (30) fires and raises to high, whose 40 minutes are already over: breached now, which
        // raises again to urgent.
        var run = await s.Run(At(45));
        Assert.Equal((1, 1), (run.Warnings, run.Breaches));
        var c = await s.Case(id);
        Assert.Equal(CasePriority.Urgent, c.Priority);
        Assert.Equal(2, c.Version);
        Assert.Equal(2, (await s.Events(id)).Count(e => e.Kind == CaseEventKind.PriorityChanged));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_reassignment_moves_the_case_and_tells_the_new_agent(string provider)
    {
        await using var s = await AlarmScenario.Create(provider);
        await s.Escalate(Rule(SlaAlarmKind.Breach, EscalationAction.Reassign, team: s.TeamB, user: Agent2));

        var id = await s.NewCase(team: s.TeamA, assignee: Agent1);
        var run = await s.Run(At(61));
        Assert.Equal(1, run.Escalations);
        var c = await s.Case(id);
        Assert.Equal((s.TeamB, Agent2), (c.TeamId!.Value, c.AssigneeId));
        var assigned = Assert.Single(await s.Notifications(id), n => n.Kind == NotificationKind.CaseAssigned);
        Assert.Equal(Agent2, assigned.UserId);
        var why = NotificationData.Parse(assigned.Data);
        Assert.Equal((NotificationData.EscalationReason, SlaTarget.FirstResponse, SlaAlarmKind.Breach), (why.Reason, why.Target!.Value, why.Alarm!.Value));
        var escalated = JsonSerializer.Deserialize<EscalatedEventData>(
            Assert.Single(await s.Events(id), e => e.Kind == CaseEventKind.Escalated).Data!, ServiceJson.Options)!;
        Assert.Equal((s.TeamA, s.TeamB, Agent1, Agent2), (escalated.FromTeamId!.Value, escalated.ToTeamId!.Value, escalated.FromAssigneeId, escalated.ToAssigneeId));
        // The move is in the history as a system change, and the clock did not restart.
        Assert.Contains(await s.Events(id), e => e.Kind is CaseEventKind.TeamChanged or CaseEventKind.Assigned or CaseEventKind.Updated && e.ActorId is null);
        Assert.Equal(At(60), c.FrBreachedAt);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_reassignment_to_a_team_that_assigns_automatically_picks_its_agent(string provider)
    {
        await using var s = await AlarmScenario.Create(provider);
        await using (var db = s.Db.CreateDbContext())
        {
            await db.Teams.Where(t => t.Id == s.TeamB).ExecuteUpdateAsync(u => u.SetProperty(t => t.Strategy, AssignmentStrategy.RoundRobin));
        }

        await s.Escalate(Rule(SlaAlarmKind.Breach, EscalationAction.Reassign, team: s.TeamB));
        var id = await s.NewCase(team: s.TeamA, assignee: Agent1);
        await s.Run(At(61));
        var c = await s.Case(id);
        Assert.Equal((s.TeamB, Agent2), (c.TeamId!.Value, c.AssigneeId));
    }

    [PostgresFact]
    public async Task An_agent_reply_while_the_job_works_on_the_case_wins_and_the_breach_is_not_escalated()
    {
        // PostgreSQL only: on SQLite the job's transaction takes the write lock first (BEGIN IMMEDIATE), so writers queue.
        await using var s = await AlarmScenario.Create("postgres");
        await s.Escalate(Rule(SlaAlarmKind.Breach, EscalationAction.NotifySupervisor), Rule(SlaAlarmKind.Breach, EscalationAction.RaisePriority));
        var id = await s.NewCase(team: s.TeamA, assignee: Agent1);
        var interceptor = new ReplyBeforeFirstSave(() => s.AgentReply(id, At(61)));
        var options = new DbContextOptionsBuilder<VinculoDb>();
        StorageSetup.Configure(options, s.Db.Settings).AddInterceptors(interceptor);
        await using var db = new VinculoDb(options.Options);

        var run = await new AlarmProcessor(db, NullLogger<AlarmProcessor>.Instance).RunOnce(At(62), 10);
        Assert.True(interceptor.Replied);
        Assert.Equal((1, 1, 0, 0), (run.Conflicts, run.Breaches, run.Escalations, run.Notifications));
        var breach = Assert.Single(await s.Alarms(id, CaseEventKind.SlaBreach));
        Assert.False(breach.Alarm!.Actionable);
        Assert.Single(await s.Alarms(id, CaseEventKind.SlaWarning));
        Assert.Single(await s.Events(id), e => e.Kind == CaseEventKind.AgentReply);
        Assert.Equal(CasePriority.Normal, (await s.Case(id)).Priority);
        Assert.Empty(await s.Notifications(id));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_case_that_fails_is_put_off_and_does_not_block_the_others(string provider)
    {
        await using var s = await AlarmScenario.Create(provider);
        var broken = await s.NewCase();
        var fine = await s.NewCase();
        await using (var db = s.Db.CreateDbContext())
        {
            // No creation event: the clock cannot replay it.
            await db.CaseEvents.Where(e => e.CaseId == broken).ExecuteDeleteAsync();
        }

        var run = await s.Run(At(31), 1);
        Assert.Equal((1, 1, 0), (run.Cases, run.Failed, run.Warnings));
        Assert.Equal(At(31) + AlarmProcessor.RetryDelay, (await s.Case(broken)).AlarmAt);
        Assert.Equal(1, (await s.Run(At(31), 1)).Warnings);
        Assert.Single(await s.Alarms(fine, CaseEventKind.SlaWarning));
    }

    /// <summary>Writes an agent's reply from another connection just before the job saves its first change.</summary>
    private sealed class ReplyBeforeFirstSave(Func<Task> reply) : SaveChangesInterceptor
    {
        public bool Replied { get; private set; }

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (!Replied)
            {
                Replied = true;
                await reply();
            }

            return result;
        }
    }
}
