using Vinculo.Domain.Service;
using static Vinculo.Domain.Tests.Service.TestCalendars;

namespace Vinculo.Domain.Tests.Service;

public class SlaClockTests
{
    internal const long AlwaysOpenId = 1;
    internal const long OfficeId = 2;
    private static readonly TimeSpan H1 = TimeSpan.FromHours(1);
    private static readonly TimeSpan M30 = TimeSpan.FromMinutes(30);

    internal static BusinessCalendar? Calendars(long id) => id switch
    {
        AlwaysOpenId => Utc24x7,
        OfficeId => MadridOffice,
        _ => null,
    };

    // Normal: first response 1 h, next response 30 min, resolution 4 h. Urgent: first response 15 min (policy 2), the rest unset.
    internal static SlaResolution Rules(CasePriority priority, long calendarId = AlwaysOpenId) => priority switch
    {
        CasePriority.Normal => new(
            new(SlaTarget.FirstResponse, H1, calendarId, 0.8, 1),
            new(SlaTarget.NextResponse, M30, calendarId, 0.8, 1),
            new(SlaTarget.Resolution, 4 * H1, calendarId, 0.5, 1)),
        CasePriority.Urgent => new(new(SlaTarget.FirstResponse, TimeSpan.FromMinutes(15), calendarId, 0.8, 2), null, null),
        _ => SlaResolution.None,
    };

    // Monday 2 March 2026.
    private static DateTime T(int hour, int minute = 0) => Utc(2026, 3, 2, hour, minute);

    private static SlaCaseEvent E(DateTime at, SlaEventKind kind, CasePriority? priority = null) => new(at, kind, priority);

    private static SlaSnapshot Run(DateTime now, params SlaCaseEvent[] events) =>
        SlaClock.Compute(p => Rules(p), Calendars, [E(T(9), SlaEventKind.Created, CasePriority.Normal), .. events], now);

    [Fact]
    public void First_response_is_met_by_the_first_public_reply()
    {
        var s = Run(T(11), E(T(9, 30), SlaEventKind.AgentPublicReply)).FirstResponse;
        Assert.Equal(SlaClockState.Met, s.State);
        Assert.Equal(T(9, 30), s.MetAt);
        Assert.Equal(M30, s.Elapsed);
        Assert.Null(s.DueAt);
        Assert.Null(s.BreachedAt);
        Assert.Equal(1, s.PolicyId);
    }

    [Fact]
    public void A_reply_exactly_at_the_due_time_meets_the_target()
    {
        var s = Run(T(11), E(T(10), SlaEventKind.AgentPublicReply)).FirstResponse;
        Assert.Equal(SlaClockState.Met, s.State);
        Assert.Equal(T(8, 48).AddHours(1), s.WarningAt);
    }

    [Fact]
    public void A_reply_after_the_due_time_is_breached_and_stays_breached()
    {
        var s = Run(T(11), E(T(10, 30), SlaEventKind.AgentPublicReply), E(T(10, 40), SlaEventKind.AgentPublicReply)).FirstResponse;
        Assert.Equal(SlaClockState.Breached, s.State);
        Assert.Equal(T(10), s.BreachedAt);
        Assert.Equal(T(10, 30), s.StoppedAt);
        Assert.Null(s.MetAt);
        Assert.Equal(90 * TimeSpan.FromMinutes(1), s.Elapsed);
    }

    [Fact]
    public void A_running_clock_past_its_due_time_is_breached()
    {
        var s = Run(T(10, 1)).FirstResponse;
        Assert.Equal(SlaClockState.Breached, s.State);
        Assert.Equal(T(10), s.BreachedAt);
        Assert.Equal(T(10), s.DueAt);
        Assert.Equal(TimeSpan.Zero, s.Remaining);
    }

    [Fact]
    public void Internal_notes_updates_and_customer_replies_do_not_meet_the_first_response()
    {
        var snapshot = Run(T(9, 30),
            E(T(9, 10), SlaEventKind.InternalNote), E(T(9, 15), SlaEventKind.Updated), E(T(9, 20), SlaEventKind.CustomerReply));
        var s = snapshot.FirstResponse;
        Assert.Equal(SlaClockState.Running, s.State);
        Assert.Equal(T(10), s.DueAt);
        Assert.Equal(T(9, 48), s.WarningAt);
        Assert.Equal(M30, s.Elapsed);
        Assert.Equal(M30, s.Remaining);
        Assert.Equal(SlaClockState.NotApplicable, snapshot.NextResponse.State);
    }

    [Fact]
    public void Pending_customer_pauses_every_clock_and_extends_the_due_time_by_the_paused_time()
    {
        var paused = Run(T(11), E(T(10), SlaEventKind.PendingCustomer));
        Assert.All([paused.FirstResponse, paused.Resolution], s =>
        {
            Assert.Equal(SlaClockState.Paused, s.State);
            Assert.Null(s.DueAt);
            Assert.Equal(H1, s.Elapsed);
            Assert.Equal(H1, s.Paused);
        });
        Assert.Equal(3 * H1, paused.Resolution.Remaining);
        Assert.Equal(T(9, 48), paused.FirstResponse.WarningAt); // reached before the pause
        Assert.Null(paused.Resolution.WarningAt);

        var resumed = Run(T(12), E(T(10), SlaEventKind.PendingCustomer), E(T(11, 30), SlaEventKind.PendingInternal)).Resolution;
        Assert.Equal(SlaClockState.Running, resumed.State);
        Assert.Equal(T(13, 0).AddHours(1.5), resumed.DueAt); // 13:00 without the pause, plus 1.5 h paused
        Assert.Equal(TimeSpan.FromHours(1.5), resumed.Paused);
        Assert.Equal(TimeSpan.FromHours(1.5), resumed.Elapsed);
        Assert.Equal(T(12, 30), resumed.WarningAt); // 2 h counted
    }

    [Fact]
    public void Pausing_on_an_office_calendar_extends_the_due_time_by_exactly_the_paused_business_time()
    {
        // Madrid office; Thursday 5 March 2026 10:00 UTC (11:00 local). Paused from 12:00 UTC to Friday 09:00 UTC.
        var created = Utc(2026, 3, 5, 10);
        var pause = (From: Utc(2026, 3, 5, 12), To: Utc(2026, 3, 6, 9));
        var now = Utc(2026, 3, 6, 10);
        var s = SlaClock.Compute(p => Rules(p, OfficeId), Calendars,
            [E(created, SlaEventKind.Created, CasePriority.Normal), E(pause.From, SlaEventKind.PendingCustomer), E(pause.To, SlaEventKind.Open)],
            now).Resolution;
        var pausedBusiness = MadridOffice.BusinessTimeBetween(pause.From, pause.To);
        Assert.Equal(pausedBusiness, s.Paused);
        Assert.Equal(MadridOffice.AddBusinessTime(created, 4 * H1 + pausedBusiness), s.DueAt);
        Assert.Equal(MadridOffice.BusinessTimeBetween(created, now) - pausedBusiness, s.Elapsed);
    }

    [Fact]
    public void Next_response_runs_from_each_customer_reply_after_the_first_response()
    {
        var s = Run(T(11, 45),
            E(T(9, 5), SlaEventKind.CustomerReply), // before the first response: no cycle
            E(T(9, 10), SlaEventKind.AgentPublicReply),
            E(T(10), SlaEventKind.CustomerReply),
            E(T(10, 10), SlaEventKind.CustomerReply), // the cycle is already open
            E(T(10, 20), SlaEventKind.AgentPublicReply),
            E(T(11), SlaEventKind.CustomerReply),
            E(T(11, 5), SlaEventKind.InternalNote)).NextResponse;
        Assert.Equal(SlaClockState.Breached, s.State);
        Assert.Equal(T(11, 30), s.BreachedAt);
        Assert.Equal(TimeSpan.FromMinutes(45), s.Elapsed);
        Assert.Equal(2, s.Cycles);
        Assert.Equal(1, s.BreachedCycles);

        var met = Run(T(11), E(T(9, 10), SlaEventKind.AgentPublicReply), E(T(10), SlaEventKind.CustomerReply),
            E(T(10, 30), SlaEventKind.AgentPublicReply)).NextResponse;
        Assert.Equal(SlaClockState.Met, met.State);
        Assert.Equal(T(10, 30), met.MetAt);
        Assert.Equal(1, met.Cycles);
    }

    [Fact]
    public void Resolution_stops_when_resolved_and_resumes_with_the_earlier_time_when_reopened()
    {
        SlaCaseEvent[] events = [E(T(10), SlaEventKind.Resolved), E(T(12), SlaEventKind.Reopened)];
        var first = Run(T(11), events[0]).Resolution;
        Assert.Equal(SlaClockState.Met, first.State);
        Assert.Equal(T(10), first.MetAt);
        Assert.Equal(H1, first.Elapsed);

        var reopened = Run(T(12, 30), events).Resolution;
        Assert.Equal(SlaClockState.Running, reopened.State);
        Assert.Equal(TimeSpan.FromHours(1.5), reopened.Elapsed);
        Assert.Equal(TimeSpan.Zero, reopened.Paused);
        Assert.Equal(T(15), reopened.DueAt);

        var again = Run(T(16), [.. events, E(T(14), SlaEventKind.Resolved)]).Resolution;
        Assert.Equal(SlaClockState.Met, again.State);
        Assert.Equal(T(14), again.MetAt);
        Assert.Equal(3 * H1, again.Elapsed);

        var late = Run(T(16), [.. events, E(T(15, 30), SlaEventKind.Resolved)]).Resolution;
        Assert.Equal(SlaClockState.Breached, late.State);
        Assert.Equal(T(15), late.BreachedAt);
    }

    [Fact]
    public void Resolving_pauses_an_unanswered_first_response()
    {
        var s = Run(T(12), E(T(9, 20), SlaEventKind.Resolved)).FirstResponse;
        Assert.Equal(SlaClockState.Paused, s.State);
        Assert.Equal(TimeSpan.FromMinutes(40), s.Remaining);
    }

    [Fact]
    public void A_priority_change_re_resolves_the_targets_and_keeps_the_elapsed_time()
    {
        var raised = Run(T(9, 12), E(T(9, 5), SlaEventKind.PriorityChanged, CasePriority.Urgent));
        Assert.Equal(SlaClockState.Running, raised.FirstResponse.State);
        Assert.Equal(2, raised.FirstResponse.PolicyId);
        Assert.Equal(T(9, 15), raised.FirstResponse.DueAt);
        Assert.Equal(SlaClockState.NotApplicable, raised.Resolution.State);

        var late = Run(T(10), E(T(9, 30), SlaEventKind.PriorityChanged, CasePriority.Urgent)).FirstResponse;
        Assert.Equal(SlaClockState.Breached, late.State);
        Assert.Equal(T(9, 30), late.BreachedAt); // already past 15 min when raised
        Assert.Equal(T(9, 30), late.WarningAt);

        var back = Run(T(10, 30), E(T(9, 30), SlaEventKind.PriorityChanged, CasePriority.Urgent),
            E(T(10), SlaEventKind.PriorityChanged, CasePriority.Normal)).Resolution;
        Assert.Equal(SlaClockState.Running, back.State);
        Assert.Equal(TimeSpan.FromHours(1.5), back.Elapsed); // measured from creation once a target applies again
        Assert.Equal(T(13), back.DueAt);
    }

    [Fact]
    public void Office_hours_carry_the_due_time_over_the_weekend_unlike_24x7()
    {
        // Friday 6 March 2026 13:00 UTC = 14:00 in Madrid; the office closes at 15:00 local on Fridays.
        var created = Utc(2026, 3, 6, 13);
        SlaSnapshot Compute(long calendarId, DateTime now, params SlaCaseEvent[] more) => SlaClock.Compute(p => Rules(p, calendarId), Calendars,
            [E(created, SlaEventKind.Created, CasePriority.Normal), .. more], now);

        var office = Compute(OfficeId, Utc(2026, 3, 7, 12)).Resolution;
        Assert.Equal(Utc(2026, 3, 9, 11), office.DueAt); // 1 h Friday, then Monday 09:00–12:00 local
        Assert.Equal(H1, office.Elapsed);
        Assert.Equal(SlaClockState.Running, office.State);

        var always = Compute(AlwaysOpenId, Utc(2026, 3, 7, 12)).Resolution;
        Assert.Equal(Utc(2026, 3, 6, 17), always.DueAt);
        Assert.Equal(SlaClockState.Breached, always.State);

        // The first response falls due at Friday's closing time; a reply on Saturday is after it.
        var weekendReply = Compute(OfficeId, Utc(2026, 3, 7, 12), E(Utc(2026, 3, 7, 10), SlaEventKind.AgentPublicReply)).FirstResponse;
        Assert.Equal(SlaClockState.Breached, weekendReply.State);
        Assert.Equal(Utc(2026, 3, 6, 14), weekendReply.BreachedAt);
        Assert.Equal(H1, weekendReply.Elapsed);
    }

    [Fact]
    public void Malformed_input_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => SlaClock.Compute(p => Rules(p), Calendars, [], T(10)));
        Assert.Throws<ArgumentException>(() => Run(T(10), E(T(8), SlaEventKind.Updated)));
        Assert.Throws<ArgumentException>(() => Run(T(9, 30), E(T(10), SlaEventKind.Updated)));
        Assert.Throws<ArgumentException>(() => SlaClock.Compute(p => Rules(p, 99), Calendars, [E(T(9), SlaEventKind.Created, CasePriority.Normal)], T(10)));
    }
}
