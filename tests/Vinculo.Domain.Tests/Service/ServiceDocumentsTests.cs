using Vinculo.Domain.Service;

namespace Vinculo.Domain.Tests.Service;

public class ServiceDocumentsTests
{
    [Fact]
    public void A_calendar_definition_round_trips_through_json_and_builds_the_calendar()
    {
        var definition = new CalendarDefinition(
            [new(DayOfWeek.Monday, "09:00", "14:00"), new(DayOfWeek.Monday, "15:00", "18:00"), new(DayOfWeek.Friday, "22:00", "06:00", true)],
            [new DateOnly(2026, 12, 25)],
            [new(new DateOnly(2026, 12, 24), "09:00", "13:00")]);
        var json = definition.ToJson();
        Assert.Contains("\"day\":\"monday\"", json, StringComparison.Ordinal);
        var back = CalendarDefinition.Parse(json);
        Assert.Empty(back.Validate("Europe/Madrid"));
        var calendar = back.ToCalendar("Europe/Madrid");
        Assert.Equal(TimeSpan.FromHours(16), calendar.WeeklyBusinessTime);
        Assert.Equal([new DateOnly(2026, 12, 25)], calendar.Holidays);
    }

    [Fact]
    public void Bad_times_and_zones_are_reported_by_field()
    {
        var errors = new CalendarDefinition([new(DayOfWeek.Monday, "9h", "17:00")]).Validate("Europe/Madrid");
        Assert.Contains("weekly[0]", errors.Keys);
        var zone = CalendarDefinition.OfficeHours.Validate("Mars/Olympus");
        Assert.Contains("timeZone", zone.Keys);
    }

    [Fact]
    public void Policy_targets_parse_to_the_domain_policy_in_minutes()
    {
        var row = new ServicePolicy
        {
            Id = 7, Name = "Gold", Scope = SlaScope.CustomerTier, ScopeKey = "gold", CalendarId = 3, WarningShare = 0.75,
            Targets = PolicyTargets.ToJson(new Dictionary<CasePriority, TargetMinutes>
            {
                [CasePriority.Urgent] = new(FirstResponse: 15, Resolution: 240),
            }),
        };
        Assert.Contains("\"urgent\"", row.Targets, StringComparison.Ordinal);
        var policy = PolicyTargets.ToDomain(row);
        Assert.Equal(TimeSpan.FromMinutes(15), policy.DurationFor(CasePriority.Urgent, SlaTarget.FirstResponse));
        Assert.Null(policy.DurationFor(CasePriority.Urgent, SlaTarget.NextResponse));
        Assert.Null(policy.DurationFor(CasePriority.Normal, SlaTarget.FirstResponse));
        Assert.Equal((SlaScope.CustomerTier, "gold", 3L, 0.75), (policy.Scope, policy.ScopeKey, policy.CalendarId, policy.WarningShare));
    }

    [Fact]
    public void Escalation_rules_round_trip_and_match_their_alarm()
    {
        var rules = new[]
        {
            new EscalationRule(SlaAlarmKind.Breach, SlaTarget.FirstResponse, EscalationAction.RaisePriority),
            new EscalationRule(SlaAlarmKind.Warning, null, EscalationAction.Reassign, TeamId: 4),
        };
        var back = EscalationRule.ParseAll(EscalationRule.ToJson(rules));
        Assert.Equal(rules, back);
        var breach = new SlaAlarm(SlaTarget.FirstResponse, SlaAlarmKind.Breach, DateTime.UnixEpoch, 1, true, 1);
        var warning = new SlaAlarm(SlaTarget.Resolution, SlaAlarmKind.Warning, DateTime.UnixEpoch, 1, true, 1);
        Assert.True(back[0].Matches(breach));
        Assert.False(back[0].Matches(warning));
        Assert.True(back[1].Matches(warning));
        Assert.False(back[1].Matches(breach));
    }
}
