using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Vinculo.Core.Service.Cases;
using Vinculo.Core.Service.Notifications;
using Vinculo.Core.Storage;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Service.Alarms;

/// <summary>
/// The SLA alarm job's work: fires the warnings and breaches that came due, each exactly once, and runs the escalation rules
/// of the policy that supplied the target.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Cases are picked by their stored next alarm (<c>alarm_at &lt;= now</c>, index <c>ix_cases_alarm</c>), earliest
/// first, a batch at a time. Each case is done in its own short transaction: its SLA is recomputed from its events at now
/// (the stored alarm time may be stale), then every alarm due is recorded as an SLA warning or breach event (actor null).</item>
/// <item>An alarm that is actionable — the target was still awaited — on an active case runs the escalation rules
/// (<see cref="Escalation.Plan"/>): notify the supervisor, raise the priority (which re-resolves the targets, so the SLA is
/// computed again before the next alarm), reassign. Each action is recorded as an escalation event. An alarm that came due
/// after the agent had already answered is recorded in the history only.</item>
/// <item>The fired alarms are kept in the case's marks, and the case is saved with its version as concurrency token: when an
/// agent or another node changed the case meanwhile, the work is thrown away and done again from fresh data, so an alarm
/// fires once however many nodes or agents race.</item>
/// <item>A case that fails for another reason is logged and tried again after <see cref="RetryDelay"/>, so it never blocks
/// the cases behind it.</item>
/// </list>
/// </remarks>
public sealed class AlarmProcessor(VinculoDb db, ILogger<AlarmProcessor> log)
{
    /// <summary>How long a case that failed waits before the job tries it again.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMinutes(5);

    /// <summary>How many times a case is done again after a concurrent change before the job leaves it for the next run.</summary>
    public const int MaxAttempts = 5;

    // Each pass fires one alarm and marks only grow, so a case settles in a few passes; the bound guards against a loop.
    private const int MaxAlarmsPerCase = 64;

    /// <summary>Fires the alarms of up to <paramref name="batchSize"/> cases whose alarm time is not after <paramref name="now"/>.</summary>
    public async Task<AlarmRunResult> RunOnce(DateTime now, int batchSize, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        now = Timestamps.Truncate(now);
        var ids = await db.Cases.AsNoTracking()
            .Where(c => c.AlarmAt != null && c.AlarmAt <= now)
            .OrderBy(c => c.AlarmAt).ThenBy(c => c.Id)
            .Select(c => c.Id)
            .Take(batchSize)
            .ToListAsync(ct);
        if (ids.Count == 0)
        {
            return AlarmRunResult.None;
        }

        var config = await SlaConfiguration.Load(db, ct);
        var total = new Tally();
        foreach (var id in ids)
        {
            ct.ThrowIfCancellationRequested();
            total.Cases++;
            try
            {
                await ProcessCase(id, config, now, total, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                total.Failed++;
                log.LogError(e, "SLA alarms of case {CaseId} failed; trying again after {Delay}", id, RetryDelay);
                await Postpone(id, now, ct);
            }
        }

        return new AlarmRunResult(total.Cases, total.Warnings, total.Breaches, total.Escalations, total.Notifications, total.Conflicts,
            total.Failed, ids.Count == batchSize);
    }

    private async Task ProcessCase(long id, SlaConfiguration config, DateTime now, Tally total, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var tally = new Tally();
            var dirty = await Fire(id, config, now, tally, ct);
            if (!dirty)
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return;
            }

            try
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                db.ChangeTracker.Clear();
                total.Add(tally);
                return;
            }
            catch (DbUpdateConcurrencyException)
            {
                // An agent or another node changed the case since it was read: forget this work and do it again (a case
                // that keeps changing is left, untouched, for the next run).
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                total.Conflicts++;
                if (attempt == MaxAttempts)
                {
                    log.LogInformation("SLA alarms of case {CaseId} left for the next run: it changed {Attempts} times meanwhile", id, attempt);
                    return;
                }
            }
        }
    }

    /// <summary>Fires what is due on case <paramref name="id"/> into the change tracker; false when there is nothing to save.</summary>
    private async Task<bool> Fire(long id, SlaConfiguration config, DateTime now, Tally tally, CancellationToken ct)
    {
        var c = await db.Cases.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null || c.AlarmAt is null || c.AlarmAt > now)
        {
            // Deleted, or already done by someone else.
            return false;
        }

        var customer = await db.Customers.AsNoTracking().Where(x => x.Id == c.CustomerId)
            .Select(x => new { x.Segment, x.Tier }).FirstOrDefaultAsync(ct);
        var (segment, tier) = (customer?.Segment, customer?.Tier);
        var events = await db.CaseEvents.AsNoTracking()
            .Where(e => e.CaseId == id && e.SlaKind != null)
            .OrderBy(e => e.OccurredAt).ThenBy(e => e.Id)
            .ToListAsync(ct);
        var version = c.Version;
        var marks = SlaAlarmMarks.Of(c);
        var fired = 0;
        while (fired < MaxAlarmsPerCase)
        {
            var snapshot = config.Compute(c, events, segment, tier, now);
            var due = SlaAlarms.Due(snapshot, marks, now);
            if (due.Count == 0)
            {
                break;
            }

            var alarm = due[0];
            fired++;
            Record(c, alarm.Kind == SlaAlarmKind.Warning ? CaseEventKind.SlaWarning : CaseEventKind.SlaBreach,
                new SlaAlarmEventData(alarm.Target, alarm.Cycle, alarm.At, alarm.Actionable).ToJson(), now);
            if (alarm.Kind == SlaAlarmKind.Warning)
            {
                tally.Warnings++;
            }
            else
            {
                tally.Breaches++;
            }

            marks = SlaAlarms.Fire(marks, alarm);
            marks.WriteTo(c);
            var state = new EscalationCase(c.Priority, c.TeamId, c.AssigneeId, c.IsActive);
            foreach (var step in Escalation.Plan(config.EscalationsOf(alarm.PolicyId), alarm, state))
            {
                await Carry(c, alarm, step, Target(snapshot, alarm.Target), config, now, events, tally, ct);
            }
        }

        if (fired == 0)
        {
            // A stale alarm time (the configuration or the case changed): store the recomputed one, nothing else.
            config.Recompute(c, events, segment, tier, now);
            return db.ChangeTracker.HasChanges();
        }

        c.Version = version + 1;
        c.UpdatedAt = now;
        if (c.LastEventAt < now)
        {
            c.LastEventAt = now;
        }

        // The actions may have changed the priority (new targets); CaseSla.Apply also sets the next alarm from the new marks.
        config.Recompute(c, events, segment, tier, now);
        return true;
    }

    private async Task Carry(
        ServiceCase c, SlaAlarm alarm, EscalationStep step, SlaTargetStatus target, SlaConfiguration config, DateTime now,
        List<CaseEvent> events, Tally tally, CancellationToken ct)
    {
        var data = new EscalatedEventData(step.Action, alarm.Kind, alarm.Target, alarm.Cycle, alarm.PolicyId);
        switch (step)
        {
            case NotifySupervisorStep:
            {
                // The case as the earlier steps really left it (an automatic assignment may have kept or chosen an agent
                // the plan could not know): its team's supervisor, and on a warning its agent.
                var users = (await Notifier.SupervisorsOf(db, c.TeamId, ct)).ToList();
                if (alarm.Kind == SlaAlarmKind.Warning && c.AssigneeId is { } agent)
                {
                    users.Add(agent);
                }

                var recipients = users.Distinct(StringComparer.Ordinal).ToList();
                tally.Notifications += Notifier.Add(db, recipients, c.Id,
                    alarm.Kind == SlaAlarmKind.Warning ? NotificationKind.SlaWarning : NotificationKind.SlaBreach,
                    new NotificationData(c.Subject, alarm.Target, alarm.Cycle, alarm.At,
                        alarm.Kind == SlaAlarmKind.Warning ? target.DueAt : null, c.Priority), now);
                data = data with { Notified = recipients };
                break;
            }

            case RaisePriorityStep raise:
            {
                var changes = await CaseService.ApplySystemChange(db, c, new SystemCaseChange(Priority: raise.To, Reason: Reason(alarm)), now, config, ct);
                events.AddRange(changes.Where(e => e.SlaKind is not null));
                data = data with { FromPriority = raise.From, ToPriority = c.Priority };
                break;
            }

            case ReassignStep move:
            {
                var change = new SystemCaseChange(
                    TeamId: move.ToTeamId != move.FromTeamId ? move.ToTeamId : null, AssigneeId: move.ToAssigneeId, Reason: Reason(alarm));
                var changes = await CaseService.ApplySystemChange(db, c, change, now, config, ct);
                events.AddRange(changes.Where(e => e.SlaKind is not null));
                data = data with { FromTeamId = move.FromTeamId, ToTeamId = c.TeamId, FromAssigneeId = move.FromAssigneeId, ToAssigneeId = c.AssigneeId };
                tally.Notifications += DescribeAssignment(c, alarm);
                break;
            }
        }

        Record(c, CaseEventKind.Escalated, data.ToJson(), now);
        tally.Escalations++;
    }

    /// <summary>
    /// The case use cases tell the new agent of a reassignment (a case-assigned notification); the alarm adds which target
    /// and alarm caused it, so the agent reads why. Returns how many such notifications there are.
    /// </summary>
    private int DescribeAssignment(ServiceCase c, SlaAlarm alarm)
    {
        var count = 0;
        foreach (var entry in db.ChangeTracker.Entries<Notification>())
        {
            var n = entry.Entity;
            if (entry.State != EntityState.Added || n.CaseId != c.Id || n.Kind != NotificationKind.CaseAssigned)
            {
                continue;
            }

            var data = NotificationData.Parse(n.Data);
            if (data.Target is null)
            {
                n.Data = (data with
                {
                    Subject = data.Subject ?? c.Subject, Target = alarm.Target, Cycle = alarm.Cycle, At = alarm.At,
                    Reason = NotificationData.EscalationReason, Alarm = alarm.Kind,
                }).ToJson();
                count++;
            }
        }

        return count;
    }

    private void Record(ServiceCase c, CaseEventKind kind, string data, DateTime now) =>
        db.CaseEvents.Add(new CaseEvent
        {
            CaseId = c.Id,
            OccurredAt = now,
            RecordedAt = now,
            Kind = kind,
            SlaKind = null,
            ActorId = null,
            Data = data,
        });

    private async Task Postpone(long id, DateTime now, CancellationToken ct)
    {
        try
        {
            db.ChangeTracker.Clear();
            var later = now + RetryDelay;
            await db.Cases.Where(c => c.Id == id && c.AlarmAt != null && c.AlarmAt <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.AlarmAt, later), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not postpone the SLA alarms of case {CaseId}", id);
        }
    }

    private static string Reason(SlaAlarm alarm) =>
        $"sla {(alarm.Kind == SlaAlarmKind.Warning ? "warning" : "breach")} of {Vinculo.Core.Common.EnumText.Camel(alarm.Target)}";

    private static SlaTargetStatus Target(SlaSnapshot s, SlaTarget target) => target switch
    {
        SlaTarget.FirstResponse => s.FirstResponse,
        SlaTarget.NextResponse => s.NextResponse,
        _ => s.Resolution,
    };

    private sealed class Tally
    {
        public int Cases { get; set; }
        public int Warnings { get; set; }
        public int Breaches { get; set; }
        public int Escalations { get; set; }
        public int Notifications { get; set; }
        public int Conflicts { get; set; }
        public int Failed { get; set; }

        public void Add(Tally other)
        {
            Warnings += other.Warnings;
            Breaches += other.Breaches;
            Escalations += other.Escalations;
            Notifications += other.Notifications;
        }
    }
}
