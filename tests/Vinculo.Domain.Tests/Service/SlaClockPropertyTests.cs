using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Vinculo.Domain.Service;
using static Vinculo.Domain.Tests.Service.TestCalendars;

namespace Vinculo.Domain.Tests.Service;

public class SlaClockPropertyTests
{
    private sealed record Scenario(
        long CalendarId, DateTime Created, SlaCaseEvent[] Events, DateTime Now, TimeSpan Duration, double Share, List<(DateTime From, DateTime To)> Pauses)
    {
        public override string ToString() =>
            $"calendar {CalendarId}, created {Created:O}, now {Now:O}, target {Duration}, share {Share}, pauses "
            + string.Join("; ", Pauses.Select(p => $"{p.From:O}–{p.To:O}"));
    }

    // A case created in 2026 that alternates between open and pending customer, with internal notes in between.
    private static Gen<Scenario> Scenarios { get; } =
        from calendarId in Gen.Elements(SlaClockTests.AlwaysOpenId, SlaClockTests.OfficeId)
        from createdMinute in Gen.Choose(0, 365 * 24 * 60)
        from count in Gen.Choose(0, 12)
        from gaps in Gen.ArrayOf(Gen.Choose(0, 4000), count)
        from noteEvery in Gen.Choose(2, 5)
        from finalGap in Gen.Choose(0, 4000)
        from durationMinutes in Gen.Choose(1, 20_000)
        from sharePercent in Gen.Choose(1, 99)
        select Build(calendarId, Utc(2026, 1, 1).AddMinutes(createdMinute), gaps, noteEvery, finalGap, durationMinutes, sharePercent / 100.0);

    private static Scenario Build(long calendarId, DateTime created, IList<int> gaps, int noteEvery, int finalGap, int durationMinutes, double share)
    {
        var events = new List<SlaCaseEvent> { new(created, SlaEventKind.Created, CasePriority.Normal) };
        var pauses = new List<(DateTime From, DateTime To)>();
        var at = created;
        var pausedSince = (DateTime?)null;
        for (var i = 0; i < gaps.Count; i++)
        {
            at = at.AddMinutes(gaps[i]);
            if (i % noteEvery == noteEvery - 1)
            {
                events.Add(new(at, SlaEventKind.InternalNote));
            }
            else if (pausedSince is { } since)
            {
                events.Add(new(at, i % 2 == 0 ? SlaEventKind.Open : SlaEventKind.PendingInternal));
                pauses.Add((since, at));
                pausedSince = null;
            }
            else
            {
                events.Add(new(at, SlaEventKind.PendingCustomer));
                pausedSince = at;
            }
        }

        var now = at.AddMinutes(finalGap);
        if (pausedSince is { } open)
        {
            pauses.Add((open, now));
        }

        return new Scenario(calendarId, created, [.. events], now, TimeSpan.FromMinutes(durationMinutes), share, pauses);
    }

    private static SlaSnapshot Compute(Scenario s)
    {
        var rule = new SlaTargetRule(SlaTarget.Resolution, s.Duration, s.CalendarId, s.Share, 1);
        var rules = new SlaResolution(rule with { Target = SlaTarget.FirstResponse }, rule with { Target = SlaTarget.NextResponse }, rule);
        return SlaClock.Compute(_ => rules, SlaClockTests.Calendars, s.Events, s.Now);
    }

    [Property(MaxTest = 300)]
    public Property Elapsed_plus_paused_is_the_business_time_since_creation()
        => Prop.ForAll(Scenarios.ToArbitrary(), s =>
        {
            var calendar = SlaClockTests.Calendars(s.CalendarId)!;
            var snapshot = Compute(s);
            var total = calendar.BusinessTimeBetween(s.Created, s.Now);
            var unpaused = calendar.BusinessTimeExcluding(s.Created, s.Now, s.Pauses);
            return new[] { snapshot.FirstResponse, snapshot.Resolution }.All(t =>
                t.Elapsed + t.Paused == total && t.Elapsed == unpaused)
                && snapshot.NextResponse.State == SlaClockState.NotApplicable;
        });

    [Property(MaxTest = 300)]
    public Property Due_and_warning_times_follow_the_target()
        => Prop.ForAll(Scenarios.ToArbitrary(), s =>
        {
            var calendar = SlaClockTests.Calendars(s.CalendarId)!;
            var t = Compute(s).Resolution;
            var warningAfter = TimeSpan.FromTicks((long)Math.Round(s.Duration.Ticks * s.Share, MidpointRounding.AwayFromZero));
            var pausedNow = s.Pauses.Count > 0 && s.Pauses[^1].To == s.Now && s.Pauses[^1].From < s.Now;
            bool Check()
            {
                switch (t.State)
                {
                    case SlaClockState.Paused:
                        return pausedNow && t.DueAt is null && t.Remaining == s.Duration - t.Elapsed && t.Elapsed <= s.Duration
                            && (t.Elapsed < warningAfter ? t.WarningAt is null
                                : t.Elapsed > warningAfter ? t.WarningAt < s.Now
                                : t.WarningAt is null || t.WarningAt < s.Now);
                    case SlaClockState.Running:
                        var due = t.DueAt!.Value;
                        var ok = !pausedNow && due >= s.Now
                            && calendar.BusinessTimeBetween(s.Created, due) == s.Duration + t.Paused
                            && calendar.BusinessTimeBetween(s.Now, due) == s.Duration - t.Elapsed;
                        return t.Elapsed < warningAfter
                            ? ok && t.WarningAt >= s.Now && calendar.BusinessTimeBetween(t.WarningAt!.Value, due) == s.Duration - warningAfter
                            : ok && t.WarningAt <= s.Now;
                    case SlaClockState.Breached:
                        return t.BreachedAt < s.Now && t.Elapsed >= s.Duration && t.WarningAt <= t.BreachedAt
                            && calendar.BusinessTimeExcluding(s.Created, t.BreachedAt!.Value, s.Pauses) == s.Duration;
                    default:
                        return false;
                }
            }

            return Check().Label($"{t}");
        });
}
