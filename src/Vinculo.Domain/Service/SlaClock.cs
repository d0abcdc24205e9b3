namespace Vinculo.Domain.Service;

/// <summary>What happened on a case, as far as its SLA clocks are concerned.</summary>
public enum SlaEventKind
{
    /// <summary>The case was created (first event; carries the priority).</summary>
    Created,

    /// <summary>An agent replied publicly to the customer: meets the first response and an open next response.</summary>
    AgentPublicReply,

    /// <summary>An agent added an internal note: meets nothing.</summary>
    InternalNote,

    /// <summary>Any other update of the case (fields, tags, assignment): meets nothing.</summary>
    Updated,

    /// <summary>The customer replied: after the first response, starts a next-response cycle unless one is open.</summary>
    CustomerReply,

    /// <summary>The case now waits on the customer: every running clock pauses.</summary>
    PendingCustomer,

    /// <summary>The case is open again (from pending customer): paused clocks resume.</summary>
    Open,

    /// <summary>The case waits on someone inside the company: clocks run (resume if paused).</summary>
    PendingInternal,

    /// <summary>The case was resolved: stops the resolution clock; unanswered response clocks pause.</summary>
    Resolved,

    /// <summary>The case was reopened: the resolution clock runs again, counting its earlier elapsed time.</summary>
    Reopened,

    /// <summary>The priority changed (carries the new priority): targets are re-resolved, elapsed time is kept.</summary>
    PriorityChanged,
}

/// <summary>One event of a case.</summary>
/// <param name="At">When it happened (UTC).</param>
/// <param name="Kind">What happened.</param>
/// <param name="Priority">The priority, for <see cref="SlaEventKind.Created"/> and <see cref="SlaEventKind.PriorityChanged"/>.</param>
public sealed record SlaCaseEvent(DateTime At, SlaEventKind Kind, CasePriority? Priority = null);

/// <summary>State of one SLA clock.</summary>
public enum SlaClockState
{
    /// <summary>No target applies, or (next response) nothing is awaited.</summary>
    NotApplicable,

    /// <summary>Counting towards the due time.</summary>
    Running,

    /// <summary>Stopped while the case waits on the customer (or, for a response, while the case is resolved).</summary>
    Paused,

    /// <summary>Achieved no later than the due time.</summary>
    Met,

    /// <summary>The due time passed before the target was achieved; a breach is never undone.</summary>
    Breached,
}

/// <summary>The status of one target of a case at a given instant.</summary>
/// <param name="Target">The target.</param>
/// <param name="State">Its state.</param>
/// <param name="PolicyId">The policy that supplied the target, or null when none applies.</param>
/// <param name="Duration">The target duration in business time, or null.</param>
/// <param name="CalendarId">The calendar it is counted on, or null.</param>
/// <param name="DueAt">When the target falls due, while the clock is counting; null when paused, stopped or not applicable.</param>
/// <param name="Remaining">Business time left before the due time while running or paused (zero once past it); null otherwise.</param>
/// <param name="Elapsed">Business time counted (for next response: in the current or last cycle).</param>
/// <param name="Paused">Business time spent paused.</param>
/// <param name="WarningAt">When the warning share of the target is (or was) reached; null when paused before reaching it or stopped without it.</param>
/// <param name="MetAt">When the target was met.</param>
/// <param name="BreachedAt">When the target was breached (its due time).</param>
/// <param name="StoppedAt">When the clock stopped (a reply or resolution), met or not.</param>
/// <param name="Cycles">Next response: how many cycles started; otherwise 0 or 1.</param>
/// <param name="BreachedCycles">Next response: how many cycles were breached; otherwise 0 or 1.</param>
public sealed record SlaTargetStatus(
    SlaTarget Target,
    SlaClockState State,
    long? PolicyId,
    TimeSpan? Duration,
    long? CalendarId,
    DateTime? DueAt,
    TimeSpan? Remaining,
    TimeSpan Elapsed,
    TimeSpan Paused,
    DateTime? WarningAt,
    DateTime? MetAt,
    DateTime? BreachedAt,
    DateTime? StoppedAt,
    int Cycles,
    int BreachedCycles);

/// <summary>The SLA of a case at an instant: one status per target.</summary>
/// <param name="FirstResponse">First response.</param>
/// <param name="NextResponse">Next response.</param>
/// <param name="Resolution">Resolution.</param>
public sealed record SlaSnapshot(SlaTargetStatus FirstResponse, SlaTargetStatus NextResponse, SlaTargetStatus Resolution);

/// <summary>
/// Event-driven SLA clocks: replays a case's events and reports, for each target, its state, due time, elapsed and paused
/// business time, warning time and met/breached instants. Pure: the same inputs give the same result.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>First response runs from creation and is met only by the first public agent reply; internal notes and updates
/// never meet it.</item>
/// <item>Next response starts at a customer reply after the first response (unless a cycle is already open) and is met by
/// the next public agent reply; each cycle counts from zero.</item>
/// <item>Resolution runs from creation, stops when resolved (met unless already breached) and runs again when reopened,
/// keeping the business time counted before.</item>
/// <item>Pending customer pauses every clock; open or pending internal resumes them. While resolved, unanswered response
/// clocks are paused too.</item>
/// <item>A target is breached when an instant after its due time is reached without it being met; it stays breached.
/// The due time is <see cref="BusinessCalendar.AddBusinessTime"/> of the remaining business time from the moment the
/// clock last (re)started; the warning time likewise with the warning share of the target.</item>
/// <item>A priority change re-resolves the targets at that instant, keeping elapsed and paused time; a warning or breach
/// already reached stays.</item>
/// </list>
/// </remarks>
public static class SlaClock
{
    /// <summary>Replays <paramref name="events"/> up to <paramref name="now"/>.</summary>
    /// <param name="resolve">The targets for a priority (see <see cref="SlaPolicyResolver.Resolve"/>).</param>
    /// <param name="calendars">Calendar by id.</param>
    /// <param name="events">The case's events in time order, the first one <see cref="SlaEventKind.Created"/>.</param>
    /// <param name="now">The instant to report at; not before the last event.</param>
    /// <exception cref="ArgumentException">The events are empty, out of order, after now, or malformed.</exception>
    public static SlaSnapshot Compute(
        Func<CasePriority, SlaResolution> resolve,
        Func<long, BusinessCalendar?> calendars,
        IReadOnlyList<SlaCaseEvent> events,
        DateTime now)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        ArgumentNullException.ThrowIfNull(calendars);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0 || events[0] is null || events[0].Kind != SlaEventKind.Created)
        {
            throw new ArgumentException("The first event must be the creation of the case.", nameof(events));
        }

        var first = new Clock(SlaTarget.FirstResponse, calendars);
        var next = new Clock(SlaTarget.NextResponse, calendars);
        var resolution = new Clock(SlaTarget.Resolution, calendars);
        Clock[] clocks = [first, next, resolution];
        var status = Status.Active;
        var responded = false;
        var last = events[0].At;

        void Apply(SlaResolution rules, DateTime at)
        {
            foreach (var clock in clocks)
            {
                clock.SetRule(rules.For(clock.Target), at);
            }
        }

        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i] ?? throw new ArgumentException($"Event {i} is missing.", nameof(events));
            if (e.At < last)
            {
                throw new ArgumentException($"Event {i} ({e.At:O}) is before the previous one ({last:O}).", nameof(events));
            }

            if (i > 0 && e.Kind == SlaEventKind.Created)
            {
                throw new ArgumentException($"Event {i} creates the case again.", nameof(events));
            }

            foreach (var clock in clocks)
            {
                clock.Advance(e.At);
            }

            last = e.At;
            switch (e.Kind)
            {
                case SlaEventKind.Created:
                    Apply(resolve(e.Priority ?? throw new ArgumentException("The creation event needs a priority.", nameof(events))), e.At);
                    first.Start(e.At);
                    resolution.Start(e.At);
                    break;
                case SlaEventKind.AgentPublicReply:
                    first.Stop(e.At);
                    next.Stop(e.At);
                    responded = true;
                    break;
                case SlaEventKind.CustomerReply:
                    if (responded && !next.Awaiting)
                    {
                        next.StartCycle(e.At);
                    }

                    break;
                case SlaEventKind.PendingCustomer:
                    status = Status.PendingCustomer;
                    break;
                case SlaEventKind.Open or SlaEventKind.PendingInternal:
                    status = Status.Active;
                    break;
                case SlaEventKind.Resolved:
                    status = Status.Resolved;
                    resolution.Stop(e.At);
                    break;
                case SlaEventKind.Reopened:
                    status = Status.Active;
                    resolution.Restart();
                    break;
                case SlaEventKind.PriorityChanged:
                    Apply(resolve(e.Priority ?? throw new ArgumentException($"Event {i} changes the priority without giving it.", nameof(events))), e.At);
                    break;
                case SlaEventKind.InternalNote or SlaEventKind.Updated:
                    break;
                default:
                    throw new ArgumentException($"Event {i} has an unknown kind {(int)e.Kind}.", nameof(events));
            }

            first.SetCounting(status == Status.Active, e.At);
            next.SetCounting(status == Status.Active, e.At);
            resolution.SetCounting(status == Status.Active, e.At);
        }

        if (now < last)
        {
            throw new ArgumentException($"Now ({now:O}) is before the last event ({last:O}).", nameof(now));
        }

        foreach (var clock in clocks)
        {
            clock.Advance(now);
        }

        return new SlaSnapshot(first.Report(), next.Report(), resolution.Report());
    }

    private enum Status
    {
        Active,
        PendingCustomer,
        Resolved,
    }

    private sealed class Clock(SlaTarget target, Func<long, BusinessCalendar?> calendars)
    {
        private readonly List<(DateTime From, DateTime To)> countedSpans = [];
        private readonly List<(DateTime From, DateTime To)> pausedSpans = [];
        private SlaTargetRule? rule;
        private BusinessCalendar? calendar;
        private bool counting;
        private DateTime last;
        private DateTime segmentStart;
        private TimeSpan elapsedAtSegmentStart;
        private TimeSpan elapsed;
        private TimeSpan paused;
        private DateTime? warnedAt;
        private DateTime? breachedAt;
        private DateTime? metAt;
        private DateTime? stoppedAt;
        private Memo warningMemo;
        private Memo dueMemo;
        private int cycles;
        private int breachedCycles;

        public SlaTarget Target { get; } = target;

        public bool Awaiting { get; private set; }

        public void Start(DateTime at)
        {
            Awaiting = true;
            cycles = 1;
            last = at;
            segmentStart = at;
            counting = false;
        }

        public void StartCycle(DateTime at)
        {
            countedSpans.Clear();
            pausedSpans.Clear();
            elapsed = TimeSpan.Zero;
            paused = TimeSpan.Zero;
            warnedAt = breachedAt = metAt = stoppedAt = null;
            Awaiting = true;
            cycles++;
            last = at;
            segmentStart = at;
            elapsedAtSegmentStart = TimeSpan.Zero;
            counting = false;
        }

        public void Stop(DateTime at)
        {
            if (!Awaiting)
            {
                return;
            }

            Awaiting = false;
            counting = false;
            stoppedAt = at;
            if (breachedAt is null)
            {
                metAt = at;
            }
        }

        public void Restart()
        {
            if (Awaiting || cycles == 0)
            {
                return;
            }

            Awaiting = true;
            metAt = null;
            stoppedAt = null;
        }

        public void SetRule(SlaTargetRule? newRule, DateTime at)
        {
            var newCalendar = newRule is null
                ? null
                : calendars(newRule.CalendarId) ?? throw new ArgumentException($"Unknown calendar {newRule.CalendarId}.", nameof(calendars));
            if (calendar is null && newCalendar is not null)
            {
                // Nothing was measured without a calendar: measure the spans so far on the new one.
                elapsed = Sum(newCalendar, countedSpans);
                paused = Sum(newCalendar, pausedSpans);
            }

            rule = newRule;
            calendar = newCalendar;
            segmentStart = at;
            elapsedAtSegmentStart = elapsed;
        }

        public void SetCounting(bool caseActive, DateTime at)
        {
            var value = Awaiting && caseActive;
            if (value != counting)
            {
                counting = value;
                segmentStart = at;
                elapsedAtSegmentStart = elapsed;
            }
        }

        public void Advance(DateTime to)
        {
            if (!Awaiting || to <= last)
            {
                last = Awaiting ? Max(last, to) : to;
                return;
            }

            if (counting)
            {
                if (rule is not null && calendar is not null)
                {
                    if (warnedAt is null && At(rule.WarningAfter, ref warningMemo) is { } warning && warning < to)
                    {
                        warnedAt = warning;
                    }

                    if (breachedAt is null && At(rule.Duration, ref dueMemo) is { } due && due < to)
                    {
                        breachedAt = due;
                        breachedCycles++;
                    }
                }

                countedSpans.Add((last, to));
                if (calendar is not null)
                {
                    elapsed += calendar.BusinessTimeBetween(last, to);
                }
            }
            else
            {
                pausedSpans.Add((last, to));
                if (calendar is not null)
                {
                    paused += calendar.BusinessTimeBetween(last, to);
                }
            }

            last = to;
        }

        public SlaTargetStatus Report()
        {
            if (rule is null || calendar is null || cycles == 0)
            {
                return new SlaTargetStatus(Target, SlaClockState.NotApplicable, rule?.PolicyId, rule?.Duration, rule?.CalendarId,
                    null, null, elapsed, paused, null, null, null, stoppedAt, cycles, breachedCycles);
            }

            var state = breachedAt is not null ? SlaClockState.Breached
                : metAt is not null ? SlaClockState.Met
                : counting ? SlaClockState.Running
                : SlaClockState.Paused;
            var due = Awaiting && counting ? At(rule.Duration, ref dueMemo) : null;
            var warning = warnedAt ?? (Awaiting && counting && breachedAt is null ? At(rule.WarningAfter, ref warningMemo) : null);
            TimeSpan? remaining = Awaiting ? Max(rule.Duration - elapsed, TimeSpan.Zero) : null;
            return new SlaTargetStatus(Target, state, rule.PolicyId, rule.Duration, rule.CalendarId, due, remaining, elapsed, paused,
                warning, metAt, breachedAt, stoppedAt, cycles, breachedCycles);
        }

        // The instant `amount` of business time is reached in the current counting segment. Adding business time is the
        // costly step of a replay and the same warning and due instants are asked at every event of a segment, so each
        // is remembered together with everything it was computed from.
        private DateTime? At(TimeSpan amount, ref Memo memo)
        {
            if (calendar is null)
            {
                return null;
            }

            var remaining = Max(amount - elapsedAtSegmentStart, TimeSpan.Zero);
            if (!ReferenceEquals(memo.Calendar, calendar) || memo.Start != segmentStart || memo.Remaining != remaining)
            {
                memo = new Memo(calendar, segmentStart, remaining, calendar.AddBusinessTime(segmentStart, remaining));
            }

            return memo.At;
        }

        private static TimeSpan Sum(BusinessCalendar calendar, List<(DateTime From, DateTime To)> spans) =>
            spans.Aggregate(TimeSpan.Zero, (total, s) => total + calendar.BusinessTimeBetween(s.From, s.To));

        private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

        private record struct Memo(BusinessCalendar? Calendar, DateTime Start, TimeSpan Remaining, DateTime At);

        private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
    }
}
