using Vinculo.Core.Commerce.Catalog;
using Vinculo.Domain.Commerce;

namespace Vinculo.Core.Commerce.Contracts;

/// <summary>A sign-up (alta): a customer contracts a product at a price per billing period.</summary>
public sealed record ContractInput
{
    public long? CustomerId { get; init; }
    /// <summary>Must be an active product.</summary>
    public long? ProductId { get; init; }
    /// <summary>Price per billing period; the product's list price when omitted.</summary>
    public decimal? Price { get; init; }
    /// <summary>monthly (default), quarterly or yearly.</summary>
    public string? BillingPeriod { get; init; }
    /// <summary>Now when omitted; at most a year ahead.</summary>
    public DateTime? StartedAt { get; init; }
    /// <summary>Where the customer asked for it, for the timeline entry (phone when omitted).</summary>
    public string? Channel { get; init; }
}

/// <summary>A change of plan (modificación): another product, another price, or both.</summary>
public sealed record ContractModificationInput
{
    /// <summary>The new product (must be active); the current one when omitted.</summary>
    public long? ProductId { get; init; }
    /// <summary>The new price; when omitted, the new product's list price if the product changes, else required.</summary>
    public decimal? Price { get; init; }
    public string? Reason { get; init; }
    /// <summary>Now when omitted; not before the contract started and at most a year ahead.</summary>
    public DateTime? EffectiveAt { get; init; }
    public string? Channel { get; init; }
}

/// <summary>A cancellation (baja): a reason and the date it takes effect.</summary>
public sealed record ContractCancellationInput
{
    /// <summary>Required.</summary>
    public string? Reason { get; init; }
    /// <summary>Now when omitted; not before the contract started and at most a year ahead.</summary>
    public DateTime? EffectiveAt { get; init; }
    public string? Channel { get; init; }
}

public sealed record ContractDto(
    long Id,
    long CustomerId,
    string CustomerName,
    ProductRef Product,
    ContractStatus Status,
    decimal Price,
    string Currency,
    BillingPeriod BillingPeriod,
    DateTime StartedAt,
    DateTime? CancelledAt,
    string? CancelReason,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    long Version);

/// <summary>One entry of a contract's history, with what it was before.</summary>
public sealed record ContractChangeDto(
    long Id,
    ContractChangeKind Kind,
    DateTime At,
    ProductRef Product,
    ProductRef? PreviousProduct,
    decimal Price,
    decimal? PreviousPrice,
    string? Reason,
    string? AgentId,
    string? AgentName);

/// <summary>A contract with its history, oldest change first.</summary>
public sealed record ContractDetail(ContractDto Contract, IReadOnlyList<ContractChangeDto> Changes);

/// <summary>Contracts, newest start first; any filter may be omitted.</summary>
public sealed record ContractQuery(long? CustomerId = null, string? Status = null, long? ProductId = null, string? Cursor = null, int? Limit = null);
