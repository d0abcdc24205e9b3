namespace Vinculo.Domain.Service;

/// <summary>What escalation planning needs to know about a case when an alarm fires.</summary>
/// <param name="Priority">The current priority.</param>
/// <param name="TeamId">The current team, or null.</param>
/// <param name="AssigneeId">The current agent, or null.</param>
/// <param name="IsActive">Whether the case is still to be worked on (<see cref="CaseWorkflow.IsActive"/>).</param>
public sealed record EscalationCase(CasePriority Priority, long? TeamId, string? AssigneeId, bool IsActive);

/// <summary>One action an escalation will take, planned from a rule.</summary>
/// <param name="Rule">The rule that asked for it.</param>
public abstract record EscalationStep(EscalationRule Rule)
{
    /// <summary>The kind of action.</summary>
    public abstract EscalationAction Action { get; }
}

/// <summary>Notify the supervisor of <paramref name="TeamId"/> (every supervisor when the team has none or there is no team).</summary>
/// <param name="Rule">The rule.</param>
/// <param name="TeamId">The team whose supervisor is told (the case's team at that point of the plan).</param>
/// <param name="AssigneeId">An agent to tell as well (the case's agent, on warnings only), or null.</param>
public sealed record NotifySupervisorStep(EscalationRule Rule, long? TeamId, string? AssigneeId) : EscalationStep(Rule)
{
    /// <inheritdoc/>
    public override EscalationAction Action => EscalationAction.NotifySupervisor;
}

/// <summary>Raise the priority one step.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="From">The priority before.</param>
/// <param name="To">The priority after (one step higher).</param>
public sealed record RaisePriorityStep(EscalationRule Rule, CasePriority From, CasePriority To) : EscalationStep(Rule)
{
    /// <inheritdoc/>
    public override EscalationAction Action => EscalationAction.RaisePriority;
}

/// <summary>Move the case to a team and/or agent.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="FromTeamId">The team before.</param>
/// <param name="ToTeamId">The team after (the same when the rule keeps it).</param>
/// <param name="FromAssigneeId">The agent before.</param>
/// <param name="ToAssigneeId">The agent the rule names, or null.</param>
/// <param name="AutoAssign">
/// The case moves to another team and no agent is named: it leaves its agent and is assigned by the new team's strategy, or
/// waits unassigned in the new team's queue when the team assigns manually.
/// </param>
public sealed record ReassignStep(
    EscalationRule Rule, long? FromTeamId, long? ToTeamId, string? FromAssigneeId, string? ToAssigneeId, bool AutoAssign)
    : EscalationStep(Rule)
{
    /// <inheritdoc/>
    public override EscalationAction Action => EscalationAction.Reassign;
}

/// <summary>
/// Plans the escalation actions of an SLA alarm from the rules of the policy that supplied the alarm's target. Pure: the
/// caller carries the steps out and records them.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Nothing is planned for an alarm that is not actionable (the target was already met or stopped when the alarm came
/// due: an agent replied, or the case was resolved) nor for a case that is no longer active. Such an alarm is still recorded
/// in the history by the caller.</item>
/// <item>Rules apply in the order they are stored, each to the case as the earlier steps left it (a reassignment before a
/// notification tells the new team's supervisor).</item>
/// <item>Each action runs at most once per alarm: the first matching rule of each action wins.</item>
/// <item>Raising an urgent case plans nothing (urgent stays urgent).</item>
/// <item>A reassignment that changes neither the team nor the agent plans nothing (a rule naming neither, or the case's own
/// team and agent). Moving to another team without naming an agent leaves the case to that team's automatic assignment, or
/// unassigned in its queue (<see cref="ReassignStep.AutoAssign"/>).</item>
/// <item>Notifying the supervisor on a warning also tells the case's agent, who can still meet the target; on a breach only
/// the supervisor is told.</item>
/// </list>
/// </remarks>
public static class Escalation
{
    /// <summary>The steps for <paramref name="alarm"/> on a case in <paramref name="state"/>, in rule order.</summary>
    public static IReadOnlyList<EscalationStep> Plan(IEnumerable<EscalationRule> rules, SlaAlarm alarm, EscalationCase state)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(alarm);
        ArgumentNullException.ThrowIfNull(state);
        if (!alarm.Actionable || !state.IsActive)
        {
            return [];
        }

        var steps = new List<EscalationStep>();
        var done = new HashSet<EscalationAction>();
        var current = state;
        foreach (var rule in rules)
        {
            if (rule is null || !rule.Matches(alarm) || done.Contains(rule.Action))
            {
                continue;
            }

            switch (rule.Action)
            {
                case EscalationAction.NotifySupervisor:
                    steps.Add(new NotifySupervisorStep(rule, current.TeamId, alarm.Kind == SlaAlarmKind.Warning ? current.AssigneeId : null));
                    done.Add(rule.Action);
                    break;

                case EscalationAction.RaisePriority when current.Priority < CasePriority.Urgent:
                    var raised = current.Priority + 1;
                    steps.Add(new RaisePriorityStep(rule, current.Priority, raised));
                    current = current with { Priority = raised };
                    done.Add(rule.Action);
                    break;

                case EscalationAction.Reassign:
                    var team = rule.TeamId ?? current.TeamId;
                    var user = string.IsNullOrWhiteSpace(rule.UserId) ? null : rule.UserId;
                    var auto = user is null;
                    if (team == current.TeamId && (auto || user == current.AssigneeId))
                    {
                        break;
                    }

                    steps.Add(new ReassignStep(rule, current.TeamId, team, current.AssigneeId, user, auto));
                    current = current with { TeamId = team, AssigneeId = user };
                    done.Add(rule.Action);
                    break;
            }
        }

        return steps;
    }
}
