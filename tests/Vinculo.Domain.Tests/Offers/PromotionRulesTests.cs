using Vinculo.Domain.Interactions;
using Vinculo.Domain.Offers;

namespace Vinculo.Domain.Tests.Offers;

public sealed class PromotionRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    internal static Promotion Promo(
        string code = "PROMO", PromotionStatus status = PromotionStatus.Active, DateOnly? from = null, DateOnly? to = null,
        PromotionEligibility? rules = null, int priority = 0, long id = 1) => new()
    {
        Id = id,
        Code = code,
        NameEs = "Promo " + code,
        NameEn = "Promo " + code,
        OfferEs = "Oferta",
        OfferEn = "Offer",
        Status = status,
        ValidFrom = from ?? new DateOnly(2026, 11, 1),
        ValidTo = to ?? new DateOnly(2026, 11, 30),
        Priority = priority,
        Eligibility = rules ?? PromotionEligibility.Anyone,
    };

    internal static OfferFacts Facts(string? segment = null, string? tier = null, Channel? channel = null, DateOnly? today = null, params long[] owned) =>
        new(segment, tier, owned.ToHashSet(), channel, today ?? Today);

    [Fact]
    public void Validity_dates_are_inclusive_at_both_ends()
    {
        var promo = Promo(from: new DateOnly(2026, 12, 1), to: new DateOnly(2026, 12, 31));
        Assert.False(PromotionRules.IsValidOn(promo, new DateOnly(2026, 11, 30)));
        Assert.True(PromotionRules.IsValidOn(promo, new DateOnly(2026, 12, 1)));
        Assert.True(PromotionRules.IsValidOn(promo, new DateOnly(2026, 12, 31)));
        Assert.False(PromotionRules.IsValidOn(promo, new DateOnly(2027, 1, 1)));

        var oneDay = Promo(from: Today, to: Today);
        Assert.True(PromotionRules.IsCurrent(oneDay, Today));
        Assert.False(PromotionRules.IsCurrent(Promo(status: PromotionStatus.Paused), Today));
    }

    [Fact]
    public void Today_is_the_date_in_the_company_time_zone()
    {
        var madrid = TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid");
        // 23:30 UTC on 30 November is already 1 December in Madrid (UTC+1 in winter).
        var instant = new DateTimeOffset(2026, 11, 30, 23, 30, 0, TimeSpan.Zero);
        Assert.Equal(new DateOnly(2026, 12, 1), PromotionRules.Today(instant, madrid));
        Assert.Equal(new DateOnly(2026, 11, 30), PromotionRules.Today(instant, TimeZoneInfo.Utc));
    }

    [Fact]
    public void Anyone_is_eligible_for_an_active_current_promotion_without_rules()
    {
        var check = PromotionRules.Check(Promo(), Facts());
        Assert.True(check.Eligible);
        Assert.Null(check.FirstFailure);
    }

    [Fact]
    public void Status_and_dates_are_reported_first()
    {
        var check = PromotionRules.Check(Promo(status: PromotionStatus.Draft, to: new DateOnly(2026, 11, 22)), Facts());
        Assert.Equal([EligibilityRule.NotActive, EligibilityRule.Expired], check.Failures.Select(f => f.Rule));
        Assert.Equal("draft", check.Failures[0].Actual);
        Assert.Equal(["2026-11-22"], check.Failures[1].Expected);

        var upcoming = PromotionRules.Check(Promo(from: new DateOnly(2026, 11, 24)), Facts());
        Assert.Equal(EligibilityRule.NotStarted, upcoming.FirstFailure!.Rule);
        Assert.Equal("2026-11-23", upcoming.FirstFailure.Actual);
    }

    [Fact]
    public void Segment_tier_and_channel_must_match_ignoring_case_when_listed()
    {
        var rules = new PromotionEligibility { Segments = ["empresas"], Tiers = ["platinum", "gold"], Channels = [Channel.Phone, Channel.InPerson] };
        var promo = Promo(rules: rules);

        Assert.True(PromotionRules.Check(promo, Facts("Empresas", "GOLD", Channel.Phone)).Eligible);
        // An unknown channel (null) does not exclude: the agent sees it and chooses.
        Assert.True(PromotionRules.Check(promo, Facts("empresas", "platinum")).Eligible);

        var check = PromotionRules.Check(promo, Facts("particulares", null, Channel.Email));
        Assert.Equal([EligibilityRule.Channel, EligibilityRule.Segment, EligibilityRule.Tier], check.Failures.Select(f => f.Rule));
        Assert.Equal("email", check.Failures[0].Actual);
        Assert.Equal(["phone", "inPerson"], check.Failures[0].Expected);
        Assert.Equal("particulares", check.Failures[1].Actual);
        Assert.Null(check.Failures[2].Actual);
        Assert.Equal(["platinum", "gold"], check.Failures[2].Expected);
    }

    [Fact]
    public void Owned_and_not_owned_product_rules()
    {
        var all = Promo(rules: new PromotionEligibility { OwnsAll = [1, 2] });
        Assert.True(PromotionRules.Check(all, Facts(owned: [1, 2, 3])).Eligible);
        var missing = PromotionRules.Check(all, Facts(owned: [2])).FirstFailure!;
        Assert.Equal(EligibilityRule.OwnsAll, missing.Rule);
        Assert.Equal([1L], missing.Products);

        var any = Promo(rules: new PromotionEligibility { OwnsAny = [1, 2] });
        Assert.True(PromotionRules.Check(any, Facts(owned: [2])).Eligible);
        Assert.Equal(EligibilityRule.OwnsAny, PromotionRules.Check(any, Facts(owned: [3])).FirstFailure!.Rule);

        var not = Promo(rules: new PromotionEligibility { NotOwned = [5, 6] });
        Assert.True(PromotionRules.Check(not, Facts(owned: [1])).Eligible);
        var owned = PromotionRules.Check(not, Facts(owned: [6, 1])).FirstFailure!;
        Assert.Equal(EligibilityRule.NotOwned, owned.Rule);
        Assert.Equal([6L], owned.Products);
    }

    [Fact]
    public void Tier_match_needs_an_explicit_tier()
    {
        Assert.False(PromotionRules.TierMatch(Promo(), "platinum"));
        Assert.True(PromotionRules.TierMatch(Promo(rules: new PromotionEligibility { Tiers = ["platinum"] }), " Platinum "));
        Assert.False(PromotionRules.TierMatch(Promo(rules: new PromotionEligibility { Tiers = ["platinum"] }), null));
    }

    [Theory]
    [InlineData(PromotionStatus.Draft, PromotionCommand.Activate, PromotionStatus.Active)]
    [InlineData(PromotionStatus.Paused, PromotionCommand.Activate, PromotionStatus.Active)]
    [InlineData(PromotionStatus.Active, PromotionCommand.Activate, PromotionStatus.Active)]
    [InlineData(PromotionStatus.Active, PromotionCommand.Pause, PromotionStatus.Paused)]
    [InlineData(PromotionStatus.Paused, PromotionCommand.Pause, PromotionStatus.Paused)]
    [InlineData(PromotionStatus.Draft, PromotionCommand.End, PromotionStatus.Ended)]
    [InlineData(PromotionStatus.Active, PromotionCommand.End, PromotionStatus.Ended)]
    [InlineData(PromotionStatus.Ended, PromotionCommand.End, PromotionStatus.Ended)]
    public void Allowed_status_changes(PromotionStatus from, PromotionCommand command, PromotionStatus to)
    {
        var (next, refusal) = PromotionLifecycle.Apply(from, command, Today, Today);
        Assert.Equal(to, next);
        Assert.Null(refusal);
    }

    [Theory]
    [InlineData(PromotionStatus.Draft, PromotionCommand.Pause)]
    [InlineData(PromotionStatus.Ended, PromotionCommand.Activate)]
    [InlineData(PromotionStatus.Ended, PromotionCommand.Pause)]
    public void Refused_status_changes(PromotionStatus from, PromotionCommand command)
    {
        var (next, refusal) = PromotionLifecycle.Apply(from, command, Today, Today);
        Assert.Null(next);
        Assert.NotNull(refusal);
    }

    [Fact]
    public void A_promotion_whose_last_day_passed_cannot_be_activated()
    {
        Assert.Null(PromotionLifecycle.Apply(PromotionStatus.Draft, PromotionCommand.Activate, Today.AddDays(-1), Today).Next);
        Assert.Equal(PromotionStatus.Active, PromotionLifecycle.Apply(PromotionStatus.Draft, PromotionCommand.Activate, Today, Today).Next);
    }
}
