using Vinculo.Domain.Interactions;

namespace Vinculo.Domain.Offers;

/// <summary>Where a promotion is in its life. Only an active promotion inside its dates is offered.</summary>
public enum PromotionStatus
{
    Draft = 1,
    Active = 2,
    Paused = 3,
    Ended = 4,
}

/// <summary>
/// Who a promotion is for. Every non-empty list must match (an empty list means "anyone"): the customer's segment is
/// one of <see cref="Segments"/>, the tier one of <see cref="Tiers"/>, the conversation's channel one of
/// <see cref="Channels"/>; the customer owns every product of <see cref="OwnsAll"/>, at least one of
/// <see cref="OwnsAny"/> and none of <see cref="NotOwned"/>. Segment and tier codes are lower case.
/// </summary>
public sealed record PromotionEligibility
{
    public IReadOnlyList<string> Segments { get; init; } = [];
    public IReadOnlyList<string> Tiers { get; init; } = [];
    public IReadOnlyList<Channel> Channels { get; init; } = [];
    public IReadOnlyList<long> OwnsAll { get; init; } = [];
    public IReadOnlyList<long> OwnsAny { get; init; } = [];
    public IReadOnlyList<long> NotOwned { get; init; } = [];

    public static PromotionEligibility Anyone { get; } = new();

    public bool Equals(PromotionEligibility? other) =>
        other is not null
        && Segments.SequenceEqual(other.Segments, StringComparer.Ordinal)
        && Tiers.SequenceEqual(other.Tiers, StringComparer.Ordinal)
        && Channels.SequenceEqual(other.Channels)
        && OwnsAll.SequenceEqual(other.OwnsAll)
        && OwnsAny.SequenceEqual(other.OwnsAny)
        && NotOwned.SequenceEqual(other.NotOwned);

    public override int GetHashCode() =>
        HashCode.Combine(Segments.Count, Tiers.Count, Channels.Count, OwnsAll.Count, OwnsAny.Count, NotOwned.Count);
}

/// <summary>A promotion (offer) with its validity dates and who it is for.</summary>
public sealed class Promotion
{
    public long Id { get; set; }
    /// <summary>Unique code, upper case letters, digits, dashes and underscores (e.g. PLATINUM-UPGRADE).</summary>
    public string Code { get; set; } = "";
    public string NameEs { get; set; } = "";
    public string NameEn { get; set; } = "";
    /// <summary>What the agent offers, in words the agent can say.</summary>
    public string OfferEs { get; set; } = "";
    public string OfferEn { get; set; } = "";
    /// <summary>First day of validity (inclusive), a calendar date in the company's time zone.</summary>
    public DateOnly ValidFrom { get; set; }
    /// <summary>Last day of validity (inclusive).</summary>
    public DateOnly ValidTo { get; set; }
    public PromotionStatus Status { get; set; } = PromotionStatus.Draft;
    /// <summary>Higher first when several promotions apply (0–1000).</summary>
    public int Priority { get; set; }
    public PromotionEligibility Eligibility { get; set; } = PromotionEligibility.Anyone;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public long Version { get; set; }
}

/// <summary>What the customer said to an offer.</summary>
public enum PromotionResponseKind
{
    /// <summary>The agent made the offer; the customer has not decided.</summary>
    Offered = 1,
    Accepted = 2,
    Declined = 3,
}

/// <summary>An offer made to a customer and the answer; an acceptance is also an interaction on the timeline.</summary>
public sealed class PromotionResponse
{
    public long Id { get; set; }
    public long PromotionId { get; set; }
    public long CustomerId { get; set; }
    public PromotionResponseKind Kind { get; set; }
    public Channel? Channel { get; set; }
    public string? Note { get; set; }
    public string? AgentId { get; set; }
    public string? AgentName { get; set; }
    public DateTime At { get; set; }
    /// <summary>The timeline interaction an acceptance created.</summary>
    public long? InteractionId { get; set; }
}
