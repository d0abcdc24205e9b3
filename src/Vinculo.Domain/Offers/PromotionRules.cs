using Vinculo.Domain.Interactions;

namespace Vinculo.Domain.Offers;

/// <summary>What is known about the customer and the conversation when deciding whether a promotion applies.</summary>
/// <param name="Segment">The customer's segment code (compared ignoring case), or null.</param>
/// <param name="Tier">The customer's tier code (compared ignoring case), or null.</param>
/// <param name="OwnedProducts">Products the customer has: active contracts and bought (not fully returned) order lines.</param>
/// <param name="Channel">The channel of the conversation, or null when unknown (then channel rules are not checked).</param>
/// <param name="Today">Today's date in the company's time zone.</param>
public sealed record OfferFacts(string? Segment, string? Tier, IReadOnlySet<long> OwnedProducts, Channel? Channel, DateOnly Today);

/// <summary>The rule of a promotion a customer does not meet, in the order they are checked.</summary>
public enum EligibilityRule
{
    /// <summary>The promotion is a draft, paused or ended.</summary>
    NotActive = 1,
    /// <summary>Today is before the first day of validity.</summary>
    NotStarted = 2,
    /// <summary>Today is after the last day of validity.</summary>
    Expired = 3,
    Channel = 4,
    Segment = 5,
    Tier = 6,
    /// <summary>The customer lacks some of the products the promotion requires.</summary>
    OwnsAll = 7,
    /// <summary>The customer has none of the products of which the promotion requires one.</summary>
    OwnsAny = 8,
    /// <summary>The customer already has a product the promotion is not for.</summary>
    NotOwned = 9,
}

/// <summary>
/// One unmet rule: what the customer has (<see cref="Actual"/>: the segment, tier or channel) against what the
/// promotion asks (<see cref="Expected"/>), or the product ids concerned (missing ones for <see cref="EligibilityRule.OwnsAll"/>,
/// the required ones for <see cref="EligibilityRule.OwnsAny"/>, the owned excluded ones for <see cref="EligibilityRule.NotOwned"/>).
/// </summary>
public sealed record RuleFailure(EligibilityRule Rule, string? Actual, IReadOnlyList<string> Expected, IReadOnlyList<long> Products);

/// <summary>Whether a customer may be offered a promotion, and every rule that says no (first the first one checked).</summary>
public sealed record EligibilityCheck(IReadOnlyList<RuleFailure> Failures)
{
    public bool Eligible => Failures.Count == 0;

    /// <summary>The first rule that failed, or null when eligible.</summary>
    public RuleFailure? FirstFailure => Failures.Count == 0 ? null : Failures[0];
}

/// <summary>
/// Validity and eligibility of promotions. Validity dates are calendar dates, inclusive at both ends, in the company's
/// time zone (a promotion valid from 1 to 31 December is offered on both days, whatever the hour).
/// </summary>
public static class PromotionRules
{
    /// <summary>Today in <paramref name="zone"/>.</summary>
    public static DateOnly Today(DateTimeOffset now, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);

    /// <summary>Whether <paramref name="day"/> falls between the first and the last day of validity, both included.</summary>
    public static bool IsValidOn(Promotion promotion, DateOnly day) =>
        promotion.ValidFrom <= day && day <= promotion.ValidTo;

    /// <summary>Active and valid on <paramref name="day"/>: what may be offered.</summary>
    public static bool IsCurrent(Promotion promotion, DateOnly day) =>
        promotion.Status == PromotionStatus.Active && IsValidOn(promotion, day);

    /// <summary>Checks every rule of <paramref name="promotion"/> against <paramref name="facts"/>.</summary>
    public static EligibilityCheck Check(Promotion promotion, OfferFacts facts)
    {
        ArgumentNullException.ThrowIfNull(promotion);
        ArgumentNullException.ThrowIfNull(facts);
        var failures = new List<RuleFailure>();
        if (promotion.Status != PromotionStatus.Active)
        {
            failures.Add(Fail(EligibilityRule.NotActive, Camel(promotion.Status.ToString()), [Camel(nameof(PromotionStatus.Active))]));
        }

        if (facts.Today < promotion.ValidFrom)
        {
            failures.Add(Fail(EligibilityRule.NotStarted, Iso(facts.Today), [Iso(promotion.ValidFrom)]));
        }
        else if (facts.Today > promotion.ValidTo)
        {
            failures.Add(Fail(EligibilityRule.Expired, Iso(facts.Today), [Iso(promotion.ValidTo)]));
        }

        var rules = promotion.Eligibility;
        if (rules.Channels.Count > 0 && facts.Channel is { } channel && !rules.Channels.Contains(channel))
        {
            failures.Add(Fail(EligibilityRule.Channel, Camel(channel.ToString()), [.. rules.Channels.Select(c => Camel(c.ToString()))]));
        }

        if (rules.Segments.Count > 0 && !Contains(rules.Segments, facts.Segment))
        {
            failures.Add(Fail(EligibilityRule.Segment, facts.Segment, rules.Segments));
        }

        if (rules.Tiers.Count > 0 && !Contains(rules.Tiers, facts.Tier))
        {
            failures.Add(Fail(EligibilityRule.Tier, facts.Tier, rules.Tiers));
        }

        var missing = rules.OwnsAll.Where(p => !facts.OwnedProducts.Contains(p)).ToList();
        if (missing.Count > 0)
        {
            failures.Add(new RuleFailure(EligibilityRule.OwnsAll, null, [], missing));
        }

        if (rules.OwnsAny.Count > 0 && !rules.OwnsAny.Any(facts.OwnedProducts.Contains))
        {
            failures.Add(new RuleFailure(EligibilityRule.OwnsAny, null, [], rules.OwnsAny));
        }

        var excluded = rules.NotOwned.Where(facts.OwnedProducts.Contains).ToList();
        if (excluded.Count > 0)
        {
            failures.Add(new RuleFailure(EligibilityRule.NotOwned, null, [], excluded));
        }

        return new EligibilityCheck(failures);
    }

    /// <summary>Whether the promotion names the customer's tier explicitly (a value-driven offer).</summary>
    public static bool TierMatch(Promotion promotion, string? tier) =>
        promotion.Eligibility.Tiers.Count > 0 && Contains(promotion.Eligibility.Tiers, tier);

    private static bool Contains(IReadOnlyList<string> codes, string? value) =>
        value is not null && codes.Any(c => string.Equals(c, value.Trim(), StringComparison.OrdinalIgnoreCase));

    private static RuleFailure Fail(EligibilityRule rule, string? actual, IReadOnlyList<string> expected) => new(rule, actual, expected, []);

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
