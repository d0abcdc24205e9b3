using Vinculo.Domain.Commerce;
using Vinculo.Domain.Interactions;

namespace Vinculo.Core.Commerce.AfterSales;

/// <summary>A return of some units of an order line.</summary>
public sealed record ReturnInput
{
    public long? OrderLineId { get; init; }
    public int? Quantity { get; init; }
    /// <summary>damaged, wrongItem, notAsDescribed, changedMind, late, other.</summary>
    public string? Reason { get; init; }
    public string? Note { get; init; }
    /// <summary>Defaults to the line's net amount for the quantity, rounded to cents; never more than that.</summary>
    public decimal? RefundAmount { get; init; }
    /// <summary>How the customer asked, for the timeline entry (phone when not given).</summary>
    public string? Channel { get; init; }
}

/// <summary>Moves a return or a warranty claim on; <see cref="Resolution"/> is kept on claims.</summary>
public sealed record StatusInput(string? Status, string? Resolution = null);

public sealed record ReturnQuery(long? CustomerId = null, string? Status = null, string? Cursor = null, int? Limit = null);

public sealed record ReturnDto(
    long Id,
    long? CustomerId,
    string? CustomerName,
    long? OrderId,
    string? OrderNumber,
    long? OrderLineId,
    long ProductId,
    string ProductSku,
    string ProductName,
    int Quantity,
    ReturnReason Reason,
    string? Note,
    decimal RefundAmount,
    string Currency,
    ReturnStatus Status,
    IReadOnlyList<ReturnStatus> NextStatuses,
    DateTime RequestedAt,
    DateTime? ResolvedAt,
    string? Source,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    long Version);

/// <summary>A warranty claim on an order line's product.</summary>
public sealed record WarrantyClaimInput
{
    public long? OrderLineId { get; init; }
    public string? Description { get; init; }
    /// <summary>How the customer asked, for the timeline entry (phone when not given).</summary>
    public string? Channel { get; init; }
}

public sealed record WarrantyClaimQuery(long? CustomerId = null, string? Status = null, string? Cursor = null, int? Limit = null);

public sealed record WarrantyClaimDto(
    long Id,
    long CustomerId,
    string CustomerName,
    long OrderLineId,
    long? OrderId,
    string? OrderNumber,
    long ProductId,
    string ProductSku,
    string ProductName,
    DateTime ClaimedAt,
    DateTime ExpiresAt,
    string Description,
    WarrantyStatus Status,
    IReadOnlyList<WarrantyStatus> NextStatuses,
    string? Resolution,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    long Version);

/// <summary>
/// A line the customer bought, with what can still be done about it: how many units can be returned and until when the
/// warranty runs.
/// </summary>
public sealed record PurchasedLine(
    long OrderLineId,
    long OrderId,
    string OrderNumber,
    DateTime OrderedAt,
    Channel Channel,
    long ProductId,
    string ProductSku,
    string ProductName,
    int Quantity,
    int ReturnedQuantity,
    int Returnable,
    decimal Net,
    string Currency,
    DateTime? WarrantyExpiresAt,
    bool UnderWarranty);
