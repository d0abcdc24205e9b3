namespace Vinculo.Domain.Service;

/// <summary>A warning or breach of one target of a case, in one cycle (next response counts cycles; the others have one).</summary>
/// <param name="Target">The target.</param>
/// <param name="Kind">Warning or breach.</param>
/// <param name="At">When it comes (or came) due.</param>
/// <param name="Cycle">The cycle it belongs to (1 for first response and resolution).</param>
/// <param name="Actionable">
/// Whether escalation actions should run: the target is still awaited (not met or stopped by a reply or resolution). An
/// alarm that came due after the agent already answered is recorded in the history but escalates nothing.
/// </param>
/// <param name="PolicyId">The policy that supplied the target (whose escalation rules apply).</param>
public sealed record SlaAlarm(SlaTarget Target, SlaAlarmKind Kind, DateTime At, int Cycle, bool Actionable, long? PolicyId);

/// <summary>
/// Which warnings and breaches of a case are still to fire, so each fires exactly once. The persisted marks record, per
/// target, the cycle whose warning and breach already fired (0: none); a mark only grows.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A warning is pending when the snapshot knows its instant (reached, or ahead while the clock runs) and the mark is
/// below the target's cycle; a breach likewise with the breach instant (reached) or the due time (ahead).</item>
/// <item>A paused or stopped clock has no instant ahead, so nothing is pending until it runs again; a warning or breach that
/// was reached stays pending until fired.</item>
/// <item><see cref="Next"/> is the earliest pending instant (past or future): the alarm job looks for cases whose next alarm
/// is not after now.</item>
/// </list>
/// </remarks>
public static class SlaAlarms
{
    /// <summary>The sort key of a case with no running due time: after every real instant.</summary>
    public static readonly DateTime NoDue = new(9999, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The alarms of <paramref name="snapshot"/> not yet fired according to <paramref name="marks"/>, earliest first.</summary>
    public static IReadOnlyList<SlaAlarm> Pending(SlaSnapshot snapshot, SlaAlarmMarks marks)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(marks);
        var list = new List<SlaAlarm>(2);
        Add(list, snapshot.FirstResponse, marks.FrWarned, marks.FrBreachFired);
        Add(list, snapshot.NextResponse, marks.NrWarned, marks.NrBreachFired);
        Add(list, snapshot.Resolution, marks.ResWarned, marks.ResBreachFired);
        list.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Kind != b.Kind ? a.Kind.CompareTo(b.Kind) : a.Target.CompareTo(b.Target));
        return list;
    }

    /// <summary>The pending alarms that came due at <paramref name="now"/> (instant not after now), earliest first.</summary>
    public static IReadOnlyList<SlaAlarm> Due(SlaSnapshot snapshot, SlaAlarmMarks marks, DateTime now) =>
        Pending(snapshot, marks).Where(a => a.At <= now).ToList();

    /// <summary>The earliest pending alarm instant, or null when nothing is pending.</summary>
    public static DateTime? Next(SlaSnapshot snapshot, SlaAlarmMarks marks) =>
        Pending(snapshot, marks) is { Count: > 0 } pending ? pending[0].At : null;

    /// <summary>The marks after firing <paramref name="alarm"/>.</summary>
    public static SlaAlarmMarks Fire(SlaAlarmMarks marks, SlaAlarm alarm)
    {
        ArgumentNullException.ThrowIfNull(marks);
        ArgumentNullException.ThrowIfNull(alarm);
        return (alarm.Target, alarm.Kind) switch
        {
            (SlaTarget.FirstResponse, SlaAlarmKind.Warning) => marks with { FrWarned = Math.Max(marks.FrWarned, alarm.Cycle) },
            (SlaTarget.FirstResponse, SlaAlarmKind.Breach) => marks with { FrBreachFired = Math.Max(marks.FrBreachFired, alarm.Cycle) },
            (SlaTarget.NextResponse, SlaAlarmKind.Warning) => marks with { NrWarned = Math.Max(marks.NrWarned, alarm.Cycle) },
            (SlaTarget.NextResponse, SlaAlarmKind.Breach) => marks with { NrBreachFired = Math.Max(marks.NrBreachFired, alarm.Cycle) },
            (SlaTarget.Resolution, SlaAlarmKind.Warning) => marks with { ResWarned = Math.Max(marks.ResWarned, alarm.Cycle) },
            (SlaTarget.Resolution, SlaAlarmKind.Breach) => marks with { ResBreachFired = Math.Max(marks.ResBreachFired, alarm.Cycle) },
            _ => throw new ArgumentOutOfRangeException(nameof(alarm), alarm, "Unknown alarm."),
        };
    }

    private static void Add(List<SlaAlarm> list, SlaTargetStatus s, int warned, int breachFired)
    {
        if (s.State == SlaClockState.NotApplicable || s.Cycles == 0)
        {
            return;
        }

        var cycle = s.Target == SlaTarget.NextResponse ? s.Cycles : 1;
        var awaited = s.StoppedAt is null && s.MetAt is null;
        if (warned < cycle && s.WarningAt is { } warning)
        {
            list.Add(new SlaAlarm(s.Target, SlaAlarmKind.Warning, warning, cycle, awaited, s.PolicyId));
        }

        if (breachFired < cycle && (s.BreachedAt ?? s.DueAt) is { } breach)
        {
            list.Add(new SlaAlarm(s.Target, SlaAlarmKind.Breach, breach, cycle, awaited, s.PolicyId));
        }
    }
}

/// <summary>Per target, the cycle whose warning and breach already fired (0: none).</summary>
public sealed record SlaAlarmMarks(int FrWarned = 0, int FrBreachFired = 0, int NrWarned = 0, int NrBreachFired = 0, int ResWarned = 0, int ResBreachFired = 0)
{
    /// <summary>The marks stored on a case.</summary>
    public static SlaAlarmMarks Of(ServiceCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(c.FrWarned, c.FrBreachFired, c.NrWarned, c.NrBreachFired, c.ResWarned, c.ResBreachFired);
    }

    /// <summary>Stores the marks on a case.</summary>
    public void WriteTo(ServiceCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        (c.FrWarned, c.FrBreachFired, c.NrWarned, c.NrBreachFired, c.ResWarned, c.ResBreachFired) =
            (FrWarned, FrBreachFired, NrWarned, NrBreachFired, ResWarned, ResBreachFired);
    }
}

/// <summary>Writes an <see cref="SlaSnapshot"/> into a case's persisted SLA columns.</summary>
public static class CaseSla
{
    /// <summary>
    /// Copies each target's state, policy, due and warning times, elapsed and paused business seconds and met/breached
    /// instants; sets the nearest running due time, the queue sort key and the next pending alarm (with the case's marks).
    /// </summary>
    public static void Apply(ServiceCase c, SlaSnapshot s)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(s);
        var f = s.FirstResponse;
        (c.FrState, c.FrPolicyId, c.FrDueAt, c.FrWarningAt, c.FrElapsedSeconds, c.FrPausedSeconds, c.FrMetAt, c.FrBreachedAt) =
            (f.State, f.PolicyId, f.DueAt, f.WarningAt, Seconds(f.Elapsed), Seconds(f.Paused), f.MetAt, f.BreachedAt);
        var n = s.NextResponse;
        (c.NrState, c.NrPolicyId, c.NrDueAt, c.NrWarningAt, c.NrElapsedSeconds, c.NrPausedSeconds, c.NrMetAt, c.NrBreachedAt) =
            (n.State, n.PolicyId, n.DueAt, n.WarningAt, Seconds(n.Elapsed), Seconds(n.Paused), n.MetAt, n.BreachedAt);
        (c.NrCycles, c.NrBreachedCycles) = (n.Cycles, n.BreachedCycles);
        var r = s.Resolution;
        (c.ResState, c.ResPolicyId, c.ResDueAt, c.ResWarningAt, c.ResElapsedSeconds, c.ResPausedSeconds, c.ResMetAt, c.ResBreachedAt) =
            (r.State, r.PolicyId, r.DueAt, r.WarningAt, Seconds(r.Elapsed), Seconds(r.Paused), r.MetAt, r.BreachedAt);
        c.SlaDueAt = new[] { f.DueAt, n.DueAt, r.DueAt }.Where(d => d is not null).Min();
        c.QueueDueAt = c.SlaDueAt ?? SlaAlarms.NoDue;
        c.AlarmAt = SlaAlarms.Next(s, SlaAlarmMarks.Of(c));
    }

    /// <summary>Whole seconds of a business duration (truncated).</summary>
    public static long Seconds(TimeSpan t) => (long)t.TotalSeconds;
}
