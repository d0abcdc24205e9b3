namespace Vinculo.Domain.Service;

/// <summary>How a case did on one SLA target, as a compliance report counts it.</summary>
public enum SlaOutcome
{
    /// <summary>No target applied to the case.</summary>
    NotApplicable,

    /// <summary>Not met and not breached yet: still running, or paused.</summary>
    Pending,

    /// <summary>Achieved by its due time.</summary>
    Met,

    /// <summary>Its due time passed before it was achieved.</summary>
    Breached,
}

/// <summary>
/// The persisted SLA columns of one case that a compliance report reads (see <see cref="ServiceCase"/>), plus two facts the
/// columns alone do not tell: whether an agent has replied publicly and whether the case is resolved or closed.
/// </summary>
/// <param name="FrState">First response state.</param>
/// <param name="FrDueAt">First response due time (set only while the clock counts).</param>
/// <param name="FrElapsedSeconds">First response business seconds counted.</param>
/// <param name="FrReplied">
/// Whether an agent replied publicly to the case (which stops the first-response clock). Only read for a breached clock:
/// a met clock has necessarily been stopped by a reply.
/// </param>
/// <param name="ResState">Resolution state.</param>
/// <param name="ResDueAt">Resolution due time (set only while the clock counts).</param>
/// <param name="ResElapsedSeconds">Resolution business seconds counted.</param>
/// <param name="Resolved">Whether the case is resolved or closed (which stops the resolution clock).</param>
/// <param name="NrState">Next response state (of the current or last cycle).</param>
/// <param name="NrDueAt">Next response due time (set only while the clock counts).</param>
/// <param name="NrCycles">Next-response cycles started.</param>
/// <param name="NrBreachedCycles">Next-response cycles breached, as persisted.</param>
public readonly record struct SlaCaseRow(
    SlaClockState FrState,
    DateTime? FrDueAt,
    long FrElapsedSeconds,
    bool FrReplied,
    SlaClockState ResState,
    DateTime? ResDueAt,
    long ResElapsedSeconds,
    bool Resolved,
    SlaClockState NrState,
    DateTime? NrDueAt,
    int NrCycles,
    int NrBreachedCycles);

/// <summary>
/// The rules of the SLA compliance reports. The persisted SLA columns are the clock's result at the case's last event (or
/// the last recomputation), so a report reads them at its own instant <c>now</c>:
/// <list type="bullet">
/// <item><b>Outcome</b> (<see cref="Outcome"/>): met and breached as persisted; a clock persisted as running whose due time is
/// before now counts as breached (the clock's own rule: a target is breached once an instant after its due time is reached),
/// even if the alarm job has not recorded the breach yet; any other running or paused clock is pending; no target is
/// not applicable.</item>
/// <item><b>Measured time</b>: the business time of a target is measured only once its clock has stopped, because until then
/// the persisted elapsed time is stale and still growing. First response stops at the first public agent reply: a met clock
/// has stopped; a breached one has stopped when the agent has replied (<see cref="SlaCaseRow.FrReplied"/>). Resolution stops
/// when the case is resolved: a met clock has stopped (reopening a case clears its met time); a breached one has stopped when
/// the case is resolved or closed. Pending clocks and breached clocks still running are counted in the outcome but left out
/// of the medians and percentiles.</item>
/// <item><b>Share met</b> = met / (met + breached); pending and not-applicable cases do not count; null when both are 0.</item>
/// <item><b>Next response</b>: cycles started, and cycles breached (persisted, plus the current cycle when it is running past
/// its due time).</item>
/// </list>
/// </summary>
public static class SlaCompliance
{
    /// <summary>The outcome of a target at <paramref name="now"/> from its persisted state and due time.</summary>
    public static SlaOutcome Outcome(SlaClockState state, DateTime? dueAt, DateTime now) => state switch
    {
        SlaClockState.Met => SlaOutcome.Met,
        SlaClockState.Breached => SlaOutcome.Breached,
        SlaClockState.Running when dueAt is { } due && due < now => SlaOutcome.Breached,
        SlaClockState.Running or SlaClockState.Paused => SlaOutcome.Pending,
        _ => SlaOutcome.NotApplicable,
    };

    /// <summary>The business seconds the first response took, or null when its clock has not stopped (see the class remarks).</summary>
    public static long? FirstResponseSeconds(in SlaCaseRow row) =>
        row.FrState == SlaClockState.Met || (row.FrState == SlaClockState.Breached && row.FrReplied) ? row.FrElapsedSeconds : null;

    /// <summary>The business seconds the resolution took, or null when its clock has not stopped (see the class remarks).</summary>
    public static long? ResolutionSeconds(in SlaCaseRow row) =>
        row.ResState == SlaClockState.Met || (row.ResState == SlaClockState.Breached && row.Resolved) ? row.ResElapsedSeconds : null;

    /// <summary>Next-response cycles breached at <paramref name="now"/>: persisted, plus a running cycle past its due time.</summary>
    public static int NextResponseBreachedCycles(in SlaCaseRow row, DateTime now) =>
        row.NrBreachedCycles + (row.NrState == SlaClockState.Running && row.NrDueAt is { } due && due < now ? 1 : 0);

    /// <summary>met / (met + breached), or null when neither happened.</summary>
    public static double? ShareMet(int met, int breached) => met + breached == 0 ? null : (double)met / (met + breached);
}

/// <summary>The figures of one target over a group of cases.</summary>
/// <param name="Met">Cases that met it.</param>
/// <param name="Breached">Cases that breached it.</param>
/// <param name="Pending">Cases still running or paused, neither met nor breached.</param>
/// <param name="NotApplicable">Cases without this target.</param>
/// <param name="ShareMet">met / (met + breached), 0–1; null when both are 0.</param>
/// <param name="Measured">Cases whose clock stopped, over which the median and p90 are taken.</param>
/// <param name="MedianMinutes">Nearest-rank median business minutes (see <see cref="Percentiles"/>); null when none measured.</param>
/// <param name="P90Minutes">Nearest-rank 90th percentile business minutes; null when none measured.</param>
public sealed record TargetFigures(
    int Met,
    int Breached,
    int Pending,
    int NotApplicable,
    double? ShareMet,
    int Measured,
    double? MedianMinutes,
    double? P90Minutes);

/// <summary>Counts one target's outcomes and keeps the measured business seconds, for <see cref="TargetFigures"/>.</summary>
public sealed class TargetTally
{
    private long[] seconds = new long[8];

    public int Met { get; private set; }

    public int Breached { get; private set; }

    public int Pending { get; private set; }

    public int NotApplicable { get; private set; }

    /// <summary>How many measured times were added.</summary>
    public int Measured { get; private set; }

    /// <summary>Counts an outcome and, when its clock stopped, the business seconds it took.</summary>
    public void Add(SlaOutcome outcome, long? measuredSeconds)
    {
        switch (outcome)
        {
            case SlaOutcome.Met:
                Met++;
                break;
            case SlaOutcome.Breached:
                Breached++;
                break;
            case SlaOutcome.Pending:
                Pending++;
                break;
            default:
                NotApplicable++;
                break;
        }

        if (measuredSeconds is { } s && outcome is SlaOutcome.Met or SlaOutcome.Breached)
        {
            if (Measured == seconds.Length)
            {
                Array.Resize(ref seconds, seconds.Length * 2);
            }

            seconds[Measured++] = s;
        }
    }

    /// <summary>Adds everything <paramref name="other"/> counted (its outcomes and measured times) to this tally.</summary>
    public void AddAll(TargetTally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Met += other.Met;
        Breached += other.Breached;
        Pending += other.Pending;
        NotApplicable += other.NotApplicable;
        if (Measured + other.Measured > seconds.Length)
        {
            Array.Resize(ref seconds, Math.Max(seconds.Length * 2, Measured + other.Measured));
        }

        Array.Copy(other.seconds, 0, seconds, Measured, other.Measured);
        Measured += other.Measured;
    }

    /// <summary>The figures (sorts the measured times; adding afterwards is still allowed).</summary>
    public TargetFigures Figures()
    {
        var (median, p90) = (null as long?, null as long?);
        if (Measured > 0)
        {
            var measured = seconds.AsSpan(0, Measured);
            measured.Sort();
            median = Percentiles.Median(measured);
            p90 = Percentiles.NearestRank(measured, 90);
        }

        return new TargetFigures(Met, Breached, Pending, NotApplicable, SlaCompliance.ShareMet(Met, Breached), Measured,
            Minutes(median), Minutes(p90));
    }

    /// <summary>Business seconds as minutes with two decimals.</summary>
    public static double? Minutes(long? seconds) => seconds is { } s ? Math.Round(s / 60.0, 2) : null;
}

/// <summary>The compliance figures of a group of cases, filled one case at a time (see <see cref="SlaCompliance"/>).</summary>
public sealed class ComplianceTally
{
    /// <summary>Cases added.</summary>
    public int Cases { get; private set; }

    public TargetTally FirstResponse { get; } = new();

    public TargetTally Resolution { get; } = new();

    /// <summary>Next-response cycles started.</summary>
    public long NextResponseCycles { get; private set; }

    /// <summary>Next-response cycles breached.</summary>
    public long NextResponseBreachedCycles { get; private set; }

    /// <summary>One tally of all the cases of <paramref name="tallies"/> (e.g. the total of a report's groups).</summary>
    public static ComplianceTally Sum(IEnumerable<ComplianceTally> tallies)
    {
        ArgumentNullException.ThrowIfNull(tallies);
        var sum = new ComplianceTally();
        foreach (var t in tallies)
        {
            sum.Cases += t.Cases;
            sum.FirstResponse.AddAll(t.FirstResponse);
            sum.Resolution.AddAll(t.Resolution);
            sum.NextResponseCycles += t.NextResponseCycles;
            sum.NextResponseBreachedCycles += t.NextResponseBreachedCycles;
        }

        return sum;
    }

    /// <summary>Adds one case as it stands at <paramref name="now"/>.</summary>
    public void Add(in SlaCaseRow row, DateTime now)
    {
        Cases++;
        FirstResponse.Add(SlaCompliance.Outcome(row.FrState, row.FrDueAt, now), SlaCompliance.FirstResponseSeconds(row));
        Resolution.Add(SlaCompliance.Outcome(row.ResState, row.ResDueAt, now), SlaCompliance.ResolutionSeconds(row));
        NextResponseCycles += row.NrCycles;
        NextResponseBreachedCycles += SlaCompliance.NextResponseBreachedCycles(row, now);
    }
}

/// <summary>How long an active case has existed, in the backlog's buckets.</summary>
public enum AgeBucket
{
    /// <summary>Less than one day since creation.</summary>
    UnderOneDay,

    /// <summary>From one day to less than three.</summary>
    OneToThreeDays,

    /// <summary>From three days to less than seven.</summary>
    ThreeToSevenDays,

    /// <summary>Seven days or more.</summary>
    OverSevenDays,
}

/// <summary>Backlog ageing: wall-clock time since creation (not business time), in <see cref="AgeBucket"/>s.</summary>
public static class CaseAge
{
    /// <summary>The lower limits of the buckets after the first: 1, 3 and 7 days.</summary>
    public static IReadOnlyList<TimeSpan> Limits { get; } = [TimeSpan.FromDays(1), TimeSpan.FromDays(3), TimeSpan.FromDays(7)];

    /// <summary>The bucket of a case created at <paramref name="createdAt"/>, at <paramref name="now"/>: an age of exactly one day is in 1–3 days.</summary>
    public static AgeBucket Of(DateTime createdAt, DateTime now)
    {
        var age = now - createdAt;
        return age < Limits[0] ? AgeBucket.UnderOneDay
            : age < Limits[1] ? AgeBucket.OneToThreeDays
            : age < Limits[2] ? AgeBucket.ThreeToSevenDays
            : AgeBucket.OverSevenDays;
    }
}
