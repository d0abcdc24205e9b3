using Vinculo.Domain.Service;

namespace Vinculo.Domain.Tests.Service;

/// <summary>The compliance report's rules over persisted SLA columns, and the backlog's age buckets.</summary>
public class PercentileComplianceTests
{
    private static readonly DateTime Now = new(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);

    private static SlaCaseRow FirstResponse(SlaClockState state, long minutes, bool replied = true, DateTime? due = null) =>
        new(state, due, minutes * 60, replied, SlaClockState.NotApplicable, null, 0, false, SlaClockState.NotApplicable, null, 0, 0);

    private static SlaCaseRow Resolution(SlaClockState state, long minutes, bool resolved, DateTime? due = null) =>
        new(SlaClockState.NotApplicable, null, 0, false, state, due, minutes * 60, resolved, SlaClockState.NotApplicable, null, 0, 0);

    [Theory]
    [InlineData(SlaClockState.Met, null, SlaOutcome.Met)]
    [InlineData(SlaClockState.Breached, null, SlaOutcome.Breached)]
    [InlineData(SlaClockState.Running, 30, SlaOutcome.Pending)]
    [InlineData(SlaClockState.Running, 0, SlaOutcome.Pending)] // due exactly now: not yet past it
    [InlineData(SlaClockState.Running, -1, SlaOutcome.Breached)] // past its due time, breach not recorded yet
    [InlineData(SlaClockState.Paused, null, SlaOutcome.Pending)]
    [InlineData(SlaClockState.NotApplicable, null, SlaOutcome.NotApplicable)]
    public void Outcome_reads_the_persisted_state_at_the_report_instant(SlaClockState state, int? dueInMinutes, SlaOutcome expected) =>
        Assert.Equal(expected, SlaCompliance.Outcome(state, dueInMinutes is { } m ? Now.AddMinutes(m) : null, Now));

    [Fact]
    public void Five_first_responses_against_a_60_minute_target_are_80_percent_met_median_30_p90_200()
    {
        var tally = new ComplianceTally();
        foreach (var minutes in new long[] { 10, 20, 30, 40 })
        {
            tally.Add(FirstResponse(SlaClockState.Met, minutes), Now);
        }

        tally.Add(FirstResponse(SlaClockState.Breached, 200), Now);

        var fr = tally.FirstResponse.Figures();
        Assert.Equal(new TargetFigures(4, 1, 0, 0, 0.8, 5, 30, 200), fr);
        Assert.Equal(5, tally.Cases);
        Assert.Equal(new TargetFigures(0, 0, 0, 5, null, 0, null, null), tally.Resolution.Figures());
    }

    [Fact]
    public void Clocks_that_have_not_stopped_count_in_the_outcome_but_not_in_the_times()
    {
        var tally = new ComplianceTally();
        tally.Add(FirstResponse(SlaClockState.Met, 10), Now);
        tally.Add(FirstResponse(SlaClockState.Running, 25, due: Now.AddMinutes(35)), Now); // pending
        tally.Add(FirstResponse(SlaClockState.Paused, 50, replied: false), Now); // pending
        tally.Add(FirstResponse(SlaClockState.Breached, 500, replied: false), Now); // breached, never answered
        tally.Add(FirstResponse(SlaClockState.Running, 61, due: Now.AddMinutes(-1)), Now); // breached by now, still waiting
        tally.Add(FirstResponse(SlaClockState.Breached, 90, replied: true), Now); // breached, answered after 90 min

        var fr = tally.FirstResponse.Figures();
        Assert.Equal((1, 3, 2, 0), (fr.Met, fr.Breached, fr.Pending, fr.NotApplicable));
        Assert.Equal(0.25, fr.ShareMet);
        Assert.Equal(2, fr.Measured);
        Assert.Equal(10, fr.MedianMinutes); // nearest rank of {10, 90}: rank 1
        Assert.Equal(90, fr.P90Minutes);
    }

    [Fact]
    public void Resolution_is_measured_when_met_or_breached_and_resolved()
    {
        Assert.Equal(240 * 60, SlaCompliance.ResolutionSeconds(Resolution(SlaClockState.Met, 240, resolved: true)));
        Assert.Equal(600 * 60, SlaCompliance.ResolutionSeconds(Resolution(SlaClockState.Breached, 600, resolved: true)));
        Assert.Null(SlaCompliance.ResolutionSeconds(Resolution(SlaClockState.Breached, 600, resolved: false)));
        Assert.Null(SlaCompliance.ResolutionSeconds(Resolution(SlaClockState.Running, 100, resolved: false)));
        Assert.Null(SlaCompliance.ResolutionSeconds(Resolution(SlaClockState.Paused, 100, resolved: true)));
        Assert.Null(SlaCompliance.FirstResponseSeconds(FirstResponse(SlaClockState.Paused, 100)));
        Assert.Equal(6000, SlaCompliance.FirstResponseSeconds(FirstResponse(SlaClockState.Met, 100, replied: false)));
    }

    [Fact]
    public void Next_response_counts_cycles_and_breached_cycles_including_a_running_cycle_past_due()
    {
        var tally = new ComplianceTally();
        var none = FirstResponse(SlaClockState.Met, 1);
        tally.Add(none with { NrState = SlaClockState.Met, NrCycles = 3, NrBreachedCycles = 1 }, Now);
        tally.Add(none with { NrState = SlaClockState.Running, NrDueAt = Now.AddMinutes(-5), NrCycles = 2, NrBreachedCycles = 0 }, Now);
        tally.Add(none with { NrState = SlaClockState.Running, NrDueAt = Now.AddMinutes(5), NrCycles = 1, NrBreachedCycles = 0 }, Now);
        tally.Add(none with { NrState = SlaClockState.Breached, NrCycles = 1, NrBreachedCycles = 1 }, Now);
        Assert.Equal(7, tally.NextResponseCycles);
        Assert.Equal(3, tally.NextResponseBreachedCycles);
    }

    [Fact]
    public void Share_met_ignores_pending_and_is_null_without_outcomes()
    {
        Assert.Null(SlaCompliance.ShareMet(0, 0));
        Assert.Equal(1.0, SlaCompliance.ShareMet(3, 0));
        Assert.Equal(0.0, SlaCompliance.ShareMet(0, 2));
        Assert.Equal(2.0 / 3, SlaCompliance.ShareMet(2, 1));
    }

    [Fact]
    public void Minutes_keep_two_decimals()
    {
        Assert.Equal(0.5, TargetTally.Minutes(30));
        Assert.Equal(1.02, TargetTally.Minutes(61));
        Assert.Null(TargetTally.Minutes(null));
    }

    [Fact]
    public void A_tally_holds_many_values_and_its_figures_can_be_read_twice()
    {
        var tally = new TargetTally();
        for (var i = 1000; i >= 1; i--)
        {
            tally.Add(i <= 900 ? SlaOutcome.Met : SlaOutcome.Breached, i * 60L);
        }

        var figures = tally.Figures();
        Assert.Equal(new TargetFigures(900, 100, 0, 0, 0.9, 1000, 500, 900), figures);
        Assert.Equal(figures, tally.Figures());
    }

    [Fact]
    public void The_sum_of_tallies_is_the_tally_of_all_their_cases()
    {
        var rows = new[] { 10L, 20, 30, 40, 200, 15, 25 }
            .Select((m, i) => FirstResponse(m > 60 ? SlaClockState.Breached : SlaClockState.Met, m) with
            {
                ResState = SlaClockState.Met, ResElapsedSeconds = i * 600, Resolved = true, NrCycles = i % 2, NrBreachedCycles = i % 3 == 0 ? 1 : 0,
            })
            .Append(FirstResponse(SlaClockState.Paused, 5))
            .ToList();
        var all = new ComplianceTally();
        var (a, b, empty) = (new ComplianceTally(), new ComplianceTally(), new ComplianceTally());
        for (var i = 0; i < rows.Count; i++)
        {
            all.Add(rows[i], Now);
            (i % 3 == 0 ? a : b).Add(rows[i], Now);
        }

        var sum = ComplianceTally.Sum([a, empty, b]);
        Assert.Equal((all.Cases, all.NextResponseCycles, all.NextResponseBreachedCycles), (sum.Cases, sum.NextResponseCycles, sum.NextResponseBreachedCycles));
        Assert.Equal(all.FirstResponse.Figures(), sum.FirstResponse.Figures());
        Assert.Equal(all.Resolution.Figures(), sum.Resolution.Figures());
        Assert.Equal(new TargetFigures(6, 1, 1, 0, 6 / 7.0, 7, 25, 200), sum.FirstResponse.Figures());
        // Summing does not change the parts.
        Assert.Equal(3, a.Cases);
        Assert.Equal(0, ComplianceTally.Sum([]).Cases);
    }

    [Theory]
    [InlineData(0, AgeBucket.UnderOneDay)]
    [InlineData(60 * 24 - 1, AgeBucket.UnderOneDay)]
    [InlineData(60 * 24, AgeBucket.OneToThreeDays)]
    [InlineData(60 * 72 - 1, AgeBucket.OneToThreeDays)]
    [InlineData(60 * 72, AgeBucket.ThreeToSevenDays)]
    [InlineData(60 * 24 * 7 - 1, AgeBucket.ThreeToSevenDays)]
    [InlineData(60 * 24 * 7, AgeBucket.OverSevenDays)]
    [InlineData(60 * 24 * 400, AgeBucket.OverSevenDays)]
    public void Age_buckets_have_closed_lower_limits(int ageMinutes, AgeBucket bucket) =>
        Assert.Equal(bucket, CaseAge.Of(Now.AddMinutes(-ageMinutes), Now));
}
