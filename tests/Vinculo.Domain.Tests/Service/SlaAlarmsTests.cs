using Vinculo.Domain.Service;
using static Vinculo.Domain.Tests.Service.TestCalendars;

namespace Vinculo.Domain.Tests.Service;

public class SlaAlarmsTests
{
    // Monday 2 March 2026; normal: first response 1 h (warning 80 % = 48 min), next response 30 min, resolution 4 h (warning 50 %).
    private static DateTime T(int hour, int minute = 0) => Utc(2026, 3, 2, hour, minute);

    private static SlaSnapshot Run(DateTime now, params SlaCaseEvent[] events) =>
        SlaClock.Compute(p => SlaClockTests.Rules(p), SlaClockTests.Calendars,
            [new(T(9), SlaEventKind.Created, CasePriority.Normal), .. events], now);

    [Fact]
    public void A_fresh_case_has_its_first_warning_pending_and_nothing_due()
    {
        var s = Run(T(9, 10));
        var pending = SlaAlarms.Pending(s, new SlaAlarmMarks());
        Assert.Equal(
            [
                (SlaTarget.FirstResponse, SlaAlarmKind.Warning, T(9, 48)),
                (SlaTarget.FirstResponse, SlaAlarmKind.Breach, T(10)),
                (SlaTarget.Resolution, SlaAlarmKind.Warning, T(11)),
                (SlaTarget.Resolution, SlaAlarmKind.Breach, T(13)),
            ],
            pending.Select(a => (a.Target, a.Kind, a.At)));
        Assert.All(pending, a => Assert.True(a.Actionable));
        Assert.Empty(SlaAlarms.Due(s, new SlaAlarmMarks(), T(9, 10)));
        Assert.Equal(T(9, 48), SlaAlarms.Next(s, new SlaAlarmMarks()));
    }

    [Fact]
    public void Each_alarm_fires_once_then_the_next_one_is_due()
    {
        var s = Run(T(10, 5));
        var marks = new SlaAlarmMarks();
        var due = SlaAlarms.Due(s, marks, T(10, 5));
        Assert.Equal([(SlaTarget.FirstResponse, SlaAlarmKind.Warning), (SlaTarget.FirstResponse, SlaAlarmKind.Breach)],
            due.Select(a => (a.Target, a.Kind)));
        foreach (var alarm in due)
        {
            marks = SlaAlarms.Fire(marks, alarm);
        }

        Assert.Empty(SlaAlarms.Due(s, marks, T(10, 5)));
        Assert.Equal(T(11), SlaAlarms.Next(s, marks));
        Assert.Equal(marks, SlaAlarms.Fire(marks, due[0]));
    }

    [Fact]
    public void A_breach_reached_before_the_reply_is_still_recorded_but_not_actionable()
    {
        // The agent replied at 10:20, after the 10:00 due time, before any job ran.
        var s = Run(T(10, 30), new SlaCaseEvent(T(10, 20), SlaEventKind.AgentPublicReply));
        var due = SlaAlarms.Due(s, new SlaAlarmMarks(), T(10, 30)).Where(a => a.Target == SlaTarget.FirstResponse).ToList();
        Assert.Equal([SlaAlarmKind.Warning, SlaAlarmKind.Breach], due.Select(a => a.Kind));
        Assert.All(due, a => Assert.False(a.Actionable));
        Assert.Equal(T(10), due[1].At);
    }

    [Fact]
    public void A_reply_before_the_warning_leaves_nothing_pending_for_that_target()
    {
        var s = Run(T(12), new SlaCaseEvent(T(9, 20), SlaEventKind.AgentPublicReply));
        Assert.DoesNotContain(SlaAlarms.Pending(s, new SlaAlarmMarks()), a => a.Target == SlaTarget.FirstResponse);
    }

    [Fact]
    public void A_paused_clock_has_nothing_ahead_until_it_runs_again()
    {
        var s = Run(T(9, 30),
            new SlaCaseEvent(T(9, 10), SlaEventKind.AgentPublicReply),
            new SlaCaseEvent(T(9, 20), SlaEventKind.PendingCustomer));
        Assert.Empty(SlaAlarms.Pending(s, new SlaAlarmMarks()));
        Assert.Null(SlaAlarms.Next(s, new SlaAlarmMarks()));
    }

    [Fact]
    public void Each_next_response_cycle_gets_its_own_alarms()
    {
        var events = new[]
        {
            new SlaCaseEvent(T(9, 5), SlaEventKind.AgentPublicReply),
            new SlaCaseEvent(T(9, 10), SlaEventKind.CustomerReply),
            new SlaCaseEvent(T(9, 50), SlaEventKind.AgentPublicReply),
            new SlaCaseEvent(T(10), SlaEventKind.CustomerReply),
        };
        var marks = new SlaAlarmMarks();
        foreach (var a in SlaAlarms.Due(Run(T(9, 45), events[..2]), marks, T(9, 45)))
        {
            marks = SlaAlarms.Fire(marks, a);
        }

        Assert.Equal((1, 1), (marks.NrWarned, marks.NrBreachFired));
        var second = SlaAlarms.Pending(Run(T(10), events), marks).Where(a => a.Target == SlaTarget.NextResponse).ToList();
        Assert.Equal([(SlaAlarmKind.Warning, T(10, 24), 2), (SlaAlarmKind.Breach, T(10, 30), 2)], second.Select(a => (a.Kind, a.At, a.Cycle)));
    }

    [Fact]
    public void Apply_writes_the_columns_the_queue_and_the_job_read()
    {
        var c = new ServiceCase { FrWarned = 1 };
        CaseSla.Apply(c, Run(T(9, 50)));
        Assert.Equal(SlaClockState.Running, c.FrState);
        Assert.Equal(T(10), c.FrDueAt);
        Assert.Equal(50 * 60, c.FrElapsedSeconds);
        Assert.Equal(SlaClockState.NotApplicable, c.NrState);
        Assert.Equal(T(13), c.ResDueAt);
        Assert.Equal(T(10), c.SlaDueAt);
        Assert.Equal(T(10), c.QueueDueAt);
        Assert.Equal(T(10), c.AlarmAt); // the first-response warning (09:48) already fired

        var resolved = new ServiceCase();
        CaseSla.Apply(resolved, Run(T(9, 50), new SlaCaseEvent(T(9, 5), SlaEventKind.AgentPublicReply), new SlaCaseEvent(T(9, 30), SlaEventKind.Resolved)));
        Assert.Equal(SlaClockState.Met, resolved.ResState);
        Assert.Null(resolved.SlaDueAt);
        Assert.Equal(SlaAlarms.NoDue, resolved.QueueDueAt);
        Assert.Null(resolved.AlarmAt);
    }
}
