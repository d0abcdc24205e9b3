using Vinculo.Domain.Service;

namespace Vinculo.Domain.Tests.Service;

public class SlaPolicyResolverTests
{
    private static readonly TimeSpan H1 = TimeSpan.FromHours(1);

    private static SlaPolicy Policy(long id, SlaScope scope, string? key, SlaTargetTimes normal, long calendarId = 1, double share = 0.8) =>
        new(id, $"Policy {id}", scope, key, calendarId, new Dictionary<CasePriority, SlaTargetTimes> { [CasePriority.Normal] = normal }, share);

    private static SlaTargetTimes All(int hours) =>
        new(TimeSpan.FromHours(hours), TimeSpan.FromHours(hours), TimeSpan.FromHours(hours));

    private static readonly CaseFacts Facts = new(7, "complaint", "retail", "gold", 42, CasePriority.Normal);

    private static List<SlaPolicy> OnePerScope() =>
    [
        Policy(1, SlaScope.Corporate, null, All(1)),
        Policy(2, SlaScope.Team, "7", All(2)),
        Policy(3, SlaScope.CaseType, "Complaint", All(3)),
        Policy(4, SlaScope.CustomerSegment, "retail", All(4)),
        Policy(5, SlaScope.CustomerTier, "gold", All(5)),
        Policy(6, SlaScope.Contract, "42", All(6)),
    ];

    [Theory]
    [InlineData(SlaScope.Contract, 6)]
    [InlineData(SlaScope.CustomerTier, 5)]
    [InlineData(SlaScope.CustomerSegment, 4)]
    [InlineData(SlaScope.CaseType, 3)]
    [InlineData(SlaScope.Team, 2)]
    [InlineData(SlaScope.Corporate, 1)]
    public void The_most_specific_matching_scope_wins(SlaScope mostSpecific, long expectedId)
    {
        var policies = OnePerScope().Where(p => p.Scope <= mostSpecific).ToList();
        var result = SlaPolicyResolver.Resolve(policies, Facts);
        foreach (var target in Enum.GetValues<SlaTarget>())
        {
            var rule = result.For(target)!;
            Assert.Equal(expectedId, rule.PolicyId);
            Assert.Equal(TimeSpan.FromHours(expectedId), rule.Duration);
            Assert.Equal(target, rule.Target);
        }
    }

    [Fact]
    public void Policies_for_other_keys_or_absent_facts_do_not_match()
    {
        var facts = new CaseFacts(8, "question", null, null, null, CasePriority.Normal);
        var result = SlaPolicyResolver.Resolve(OnePerScope(), facts);
        Assert.Equal(1, result.FirstResponse!.PolicyId);
        Assert.Equal(1, result.Resolution!.PolicyId);
    }

    [Fact]
    public void Each_target_falls_through_to_the_most_specific_policy_that_sets_it()
    {
        List<SlaPolicy> policies =
        [
            Policy(1, SlaScope.Corporate, null, new(H1, 2 * H1, 8 * H1), calendarId: 10, share: 0.75),
            Policy(2, SlaScope.Team, "7", new(NextResponse: 3 * H1), calendarId: 20),
            Policy(6, SlaScope.Contract, "42", new(Resolution: 4 * H1), calendarId: 60, share: 0.5),
        ];
        var result = SlaPolicyResolver.Resolve(policies, Facts);
        Assert.Equal(new SlaTargetRule(SlaTarget.FirstResponse, H1, 10, 0.75, 1), result.FirstResponse);
        Assert.Equal(new SlaTargetRule(SlaTarget.NextResponse, 3 * H1, 20, 0.8, 2), result.NextResponse);
        Assert.Equal(new SlaTargetRule(SlaTarget.Resolution, 4 * H1, 60, 0.5, 6), result.Resolution);
        Assert.Equal(2 * H1, result.Resolution!.WarningAfter);
    }

    [Fact]
    public void A_priority_no_policy_sets_has_no_target()
    {
        var result = SlaPolicyResolver.Resolve(OnePerScope(), Facts with { Priority = CasePriority.Urgent });
        Assert.Equal(SlaResolution.None, result);
    }

    [Fact]
    public void Two_policies_with_the_same_scope_and_key_are_a_configuration_error()
    {
        List<SlaPolicy> policies = [.. OnePerScope(), Policy(9, SlaScope.CustomerTier, " GOLD ", All(9))];
        var errors = SlaPolicyResolver.Validate(policies);
        Assert.Equal(["policies[4] has the same scope (CustomerTier) and key (' GOLD ')."], errors["policies[6]"]);
        var ex = Assert.Throws<SlaConfigurationException>(() => SlaPolicyResolver.Resolve(policies, Facts));
        Assert.Contains("5, 9", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_corporate_policies_are_a_configuration_error()
    {
        List<SlaPolicy> policies = [Policy(1, SlaScope.Corporate, null, All(1)), Policy(2, SlaScope.Corporate, null, All(2))];
        Assert.True(SlaPolicyResolver.Validate(policies).ContainsKey("policies[1]"));
        Assert.Throws<SlaConfigurationException>(() => SlaPolicyResolver.Resolve(policies, Facts));
    }

    [Fact]
    public void Validation_reports_bad_fields_and_accepts_a_valid_set()
    {
        Assert.Empty(SlaPolicyResolver.Validate(OnePerScope()));
        List<SlaPolicy> policies =
        [
            Policy(1, SlaScope.Corporate, "x", All(1)),
            Policy(1, SlaScope.Team, null, All(1)),
            Policy(3, SlaScope.Contract, "abc", All(1)),
            Policy(4, SlaScope.CaseType, "question", new(FirstResponse: TimeSpan.Zero), share: 1),
        ];
        var errors = SlaPolicyResolver.Validate(policies);
        Assert.Equal(
            ["policies[0].scopeKey", "policies[1].id", "policies[1].scopeKey", "policies[2].scopeKey", "policies[3].targets", "policies[3].warningShare"],
            errors.Keys.Order(StringComparer.Ordinal));
    }
}
