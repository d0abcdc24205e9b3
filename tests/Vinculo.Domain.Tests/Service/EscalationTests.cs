using Vinculo.Domain.Service;

namespace Vinculo.Domain.Tests.Service;

public class EscalationTests
{
    private static readonly DateTime At = new(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc);

    private static SlaAlarm Alarm(SlaAlarmKind kind = SlaAlarmKind.Breach, SlaTarget target = SlaTarget.FirstResponse, bool actionable = true) =>
        new(target, kind, At, 1, actionable, 7);

    private static EscalationCase Case(CasePriority priority = CasePriority.Normal, long? team = 1, string? assignee = "ana", bool active = true) =>
        new(priority, team, assignee, active);

    private static EscalationRule Rule(EscalationAction action, SlaAlarmKind on = SlaAlarmKind.Breach, SlaTarget? target = null,
        long? team = null, string? user = null) => new(on, target, action, team, user);

    [Fact]
    public void A_matching_rule_plans_its_action()
    {
        var steps = Escalation.Plan([Rule(EscalationAction.NotifySupervisor)], Alarm(), Case());
        var step = Assert.IsType<NotifySupervisorStep>(Assert.Single(steps));
        Assert.Equal(1, step.TeamId);
        Assert.Null(step.AssigneeId);
        Assert.Equal(EscalationAction.NotifySupervisor, step.Action);
    }

    [Fact]
    public void Rules_for_the_other_alarm_kind_or_another_target_do_not_apply()
    {
        EscalationRule[] rules =
        [
            Rule(EscalationAction.NotifySupervisor, on: SlaAlarmKind.Warning),
            Rule(EscalationAction.RaisePriority, target: SlaTarget.Resolution),
        ];
        Assert.Empty(Escalation.Plan(rules, Alarm(SlaAlarmKind.Breach, SlaTarget.FirstResponse), Case()));
    }

    [Fact]
    public void A_rule_without_target_applies_to_every_target()
    {
        foreach (var target in Enum.GetValues<SlaTarget>())
        {
            Assert.Single(Escalation.Plan([Rule(EscalationAction.NotifySupervisor)], Alarm(target: target), Case()));
        }
    }

    [Fact]
    public void An_alarm_that_is_not_actionable_escalates_nothing()
    {
        // The agent replied (or the case was resolved) before the job saw the breach: history only, no escalation.
        var rules = new[] { Rule(EscalationAction.NotifySupervisor), Rule(EscalationAction.RaisePriority) };
        Assert.Empty(Escalation.Plan(rules, Alarm(actionable: false), Case()));
    }

    [Fact]
    public void An_inactive_case_escalates_nothing()
    {
        Assert.Empty(Escalation.Plan([Rule(EscalationAction.RaisePriority)], Alarm(), Case(active: false)));
    }

    [Theory]
    [InlineData(CasePriority.Low, CasePriority.Normal)]
    [InlineData(CasePriority.Normal, CasePriority.High)]
    [InlineData(CasePriority.High, CasePriority.Urgent)]
    public void Raising_the_priority_goes_one_step_up(CasePriority from, CasePriority to)
    {
        var step = Assert.IsType<RaisePriorityStep>(Assert.Single(Escalation.Plan([Rule(EscalationAction.RaisePriority)], Alarm(), Case(from))));
        Assert.Equal((from, to), (step.From, step.To));
    }

    [Fact]
    public void An_urgent_case_stays_urgent()
    {
        Assert.Empty(Escalation.Plan([Rule(EscalationAction.RaisePriority)], Alarm(), Case(CasePriority.Urgent)));
    }

    [Fact]
    public void Each_action_runs_once_per_alarm()
    {
        EscalationRule[] rules =
        [
            Rule(EscalationAction.RaisePriority, target: SlaTarget.FirstResponse),
            Rule(EscalationAction.RaisePriority),
            Rule(EscalationAction.NotifySupervisor),
            Rule(EscalationAction.NotifySupervisor, target: SlaTarget.FirstResponse),
        ];
        var steps = Escalation.Plan(rules, Alarm(), Case(CasePriority.Low));
        Assert.Equal([EscalationAction.RaisePriority, EscalationAction.NotifySupervisor], steps.Select(s => s.Action));
        Assert.Equal(CasePriority.Normal, ((RaisePriorityStep)steps[0]).To);
    }

    [Fact]
    public void A_warning_notifies_the_agent_too_a_breach_only_the_supervisor()
    {
        var warning = Escalation.Plan([Rule(EscalationAction.NotifySupervisor, on: SlaAlarmKind.Warning)], Alarm(SlaAlarmKind.Warning), Case());
        Assert.Equal("ana", Assert.IsType<NotifySupervisorStep>(Assert.Single(warning)).AssigneeId);
        var breach = Escalation.Plan([Rule(EscalationAction.NotifySupervisor)], Alarm(SlaAlarmKind.Breach), Case());
        Assert.Null(Assert.IsType<NotifySupervisorStep>(Assert.Single(breach)).AssigneeId);
    }

    [Fact]
    public void Reassigning_to_a_team_leaves_the_agent_for_automatic_assignment()
    {
        var step = Assert.IsType<ReassignStep>(Assert.Single(
            Escalation.Plan([Rule(EscalationAction.Reassign, team: 2)], Alarm(), Case(team: 1, assignee: "ana"))));
        Assert.Equal((1L, 2L, "ana", (string?)null, true), (step.FromTeamId!.Value, step.ToTeamId!.Value, step.FromAssigneeId, step.ToAssigneeId, step.AutoAssign));
    }

    [Fact]
    public void Reassigning_to_a_named_agent_keeps_the_team_when_the_rule_names_none()
    {
        var step = Assert.IsType<ReassignStep>(Assert.Single(
            Escalation.Plan([Rule(EscalationAction.Reassign, user: "luis")], Alarm(), Case(team: 1, assignee: "ana"))));
        Assert.Equal(1, step.ToTeamId);
        Assert.Equal("luis", step.ToAssigneeId);
        Assert.False(step.AutoAssign);
    }

    [Fact]
    public void Reassigning_to_the_current_team_and_agent_plans_nothing()
    {
        Assert.Empty(Escalation.Plan([Rule(EscalationAction.Reassign, team: 1, user: "ana")], Alarm(), Case(team: 1, assignee: "ana")));
        Assert.Empty(Escalation.Plan([Rule(EscalationAction.Reassign, team: 1)], Alarm(), Case(team: 1, assignee: "ana")));
        Assert.Empty(Escalation.Plan([Rule(EscalationAction.Reassign)], Alarm(), Case(team: 1, assignee: "ana")));
    }

    [Fact]
    public void A_reassignment_that_does_nothing_lets_a_later_one_apply()
    {
        var steps = Escalation.Plan([Rule(EscalationAction.Reassign, team: 1), Rule(EscalationAction.Reassign, team: 3)], Alarm(), Case(team: 1));
        Assert.Equal(3, Assert.IsType<ReassignStep>(Assert.Single(steps)).ToTeamId);
    }

    [Fact]
    public void Later_rules_see_the_case_as_earlier_steps_left_it()
    {
        EscalationRule[] rules = [Rule(EscalationAction.Reassign, team: 5), Rule(EscalationAction.NotifySupervisor, on: SlaAlarmKind.Warning)];
        var steps = Escalation.Plan(
            rules.Select(r => r with { On = SlaAlarmKind.Warning }), Alarm(SlaAlarmKind.Warning), Case(team: 1, assignee: "ana"));
        Assert.Equal(2, steps.Count);
        var notify = Assert.IsType<NotifySupervisorStep>(steps[1]);
        // The new team's supervisor is told; the former agent no longer has the case.
        Assert.Equal(5, notify.TeamId);
        Assert.Null(notify.AssigneeId);
    }

    [Fact]
    public void Rules_from_stored_json_plan_the_same()
    {
        var rules = EscalationRule.ParseAll("""[{"on":"breach","target":"firstResponse","action":"raisePriority"}]""");
        Assert.IsType<RaisePriorityStep>(Assert.Single(Escalation.Plan(rules, Alarm(), Case())));
    }
}
