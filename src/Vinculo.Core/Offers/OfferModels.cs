using Vinculo.Domain.Interactions;
using Vinculo.Domain.Offers;

namespace Vinculo.Core.Offers;

/// <summary>
/// A promotion as written by a supervisor. Segment and tier codes are compared ignoring case and stored lower case;
/// channels are camelCase channel names; the product lists are product ids. Empty lists mean "anyone".
/// </summary>
public sealed record PromotionInput
{
    public string? Code { get; init; }
    public string? NameEs { get; init; }
    public string? NameEn { get; init; }
    public string? OfferEs { get; init; }
    public string? OfferEn { get; init; }
    public DateOnly? ValidFrom { get; init; }
    public DateOnly? ValidTo { get; init; }
    public int? Priority { get; init; }
    public IReadOnlyList<string?>? Segments { get; init; }
    public IReadOnlyList<string?>? Tiers { get; init; }
    public IReadOnlyList<string?>? Channels { get; init; }
    public IReadOnlyList<long>? OwnsAll { get; init; }
    public IReadOnlyList<long>? OwnsAny { get; init; }
    public IReadOnlyList<long>? NotOwned { get; init; }
}

/// <summary>Where a promotion's dates stand against today: not yet started, current, or over.</summary>
public enum PromotionValidity
{
    Upcoming = 1,
    Current = 2,
    Past = 3,
}

/// <summary>A product a promotion refers to.</summary>
public sealed record ProductRef(long Id, string Sku, string NameEs, string NameEn);

public sealed record EligibilityDto(
    IReadOnlyList<string> Segments,
    IReadOnlyList<string> Tiers,
    IReadOnlyList<Channel> Channels,
    IReadOnlyList<ProductRef> OwnsAll,
    IReadOnlyList<ProductRef> OwnsAny,
    IReadOnlyList<ProductRef> NotOwned);

/// <summary>How often a promotion was offered, accepted and declined.</summary>
public sealed record ResponseCounts(int Offered, int Accepted, int Declined);

public sealed record PromotionDto(
    long Id,
    string Code,
    string NameEs,
    string NameEn,
    string OfferEs,
    string OfferEn,
    DateOnly ValidFrom,
    DateOnly ValidTo,
    PromotionStatus Status,
    PromotionValidity Validity,
    int Priority,
    EligibilityDto Eligibility,
    ResponseCounts Responses,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    long Version);

/// <summary>Filters of the promotion list: status (camelCase), validity (upcoming, current, past), code prefix.</summary>
public sealed record PromotionQuery(string? Status = null, string? Validity = null, string? Q = null, string? Cursor = null, int? Limit = null);

/// <summary>The values the promotion form offers: known tiers and segments, channels and (part of) the catalogue.</summary>
public sealed record PromotionChoices(IReadOnlyList<string> Tiers, IReadOnlyList<string> Segments, IReadOnlyList<Channel> Channels, IReadOnlyList<ProductRef> Products);

/// <summary>One unmet rule, with the products it is about.</summary>
public sealed record RuleFailureDto(EligibilityRule Rule, string? Actual, IReadOnlyList<string> Expected, IReadOnlyList<ProductRef> Products);

/// <summary>
/// Whether a customer may be offered a promotion now (the "why not" tool): every unmet rule, and whether the customer
/// already accepted it or declined it recently (then the next best actions leave it out even when eligible).
/// </summary>
public sealed record EligibilityResult(
    long PromotionId,
    string Code,
    long CustomerId,
    bool Eligible,
    IReadOnlyList<RuleFailureDto> Failures,
    bool AlreadyAccepted,
    bool DeclinedRecently,
    DateOnly Today);

/// <summary>An offer made to a customer and the answer. Kind: offered, accepted, declined; channel optional.</summary>
public sealed record PromotionResponseInput(long? PromotionId, string? Kind, string? Channel = null, string? Note = null);

public sealed record PromotionResponseDto(
    long Id,
    long PromotionId,
    string PromotionCode,
    BilingualText PromotionName,
    long CustomerId,
    PromotionResponseKind Kind,
    Channel? Channel,
    string? Note,
    string? AgentName,
    DateTime At,
    long? InteractionId);

/// <summary>Settings of the offers: the company's time zone, which decides what "today" is for validity dates.</summary>
public sealed class OfferOptions
{
    /// <summary>IANA time zone id; null or unknown means UTC. Bound from <c>Vinculo:TimeZone</c>.</summary>
    public string? TimeZone { get; set; }

    /// <summary>Days during which a declined promotion is not proposed again to the same customer.</summary>
    public int DeclinedQuietDays { get; set; } = 30;

    public TimeZoneInfo Zone()
    {
        if (!string.IsNullOrWhiteSpace(TimeZone))
        {
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
            }
            catch (TimeZoneNotFoundException)
            {
                return TimeZoneInfo.Utc;
            }
            catch (InvalidTimeZoneException)
            {
                return TimeZoneInfo.Utc;
            }
        }

        return TimeZoneInfo.Utc;
    }
}

/// <summary>
/// A source of analytical scores for a customer ("churnRisk", "value", "propensity:&lt;productId&gt;", each 0–1). None
/// is registered until the analytics exist; every registered source is asked and later sources win on the same key.
/// </summary>
public interface ICustomerScoreSource
{
    Task<IReadOnlyDictionary<string, double>> ScoresAsync(long customerId, CancellationToken ct);
}
