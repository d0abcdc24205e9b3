using Vinculo.Core.Commerce.Catalog;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Interactions;

namespace Vinculo.Core.Commerce.Orders;

public sealed record OrderLineInput(long? ProductId, int? Quantity, decimal? UnitPrice = null, decimal? Discount = null, string? Description = null);

/// <summary>
/// An order to record. The number is generated when omitted; total and line count are computed from the lines; the
/// currency is the products' (all lines must share it).
/// </summary>
public sealed record OrderInput
{
    public long? CustomerId { get; init; }
    /// <summary>Unique among the orders of the same source; generated (year-id) when omitted.</summary>
    public string? Number { get; init; }
    /// <summary>The system the order came from (a web shop, a marketplace); omitted for orders entered here.</summary>
    public string? Source { get; init; }
    /// <summary>Required: phone, email, chat, social, instantMessaging, inPerson, web or letter.</summary>
    public string? Channel { get; init; }
    /// <summary>placed (default), or a later status for an order recorded after the fact.</summary>
    public string? Status { get; init; }
    /// <summary>Now when omitted; never in the future.</summary>
    public DateTime? OrderedAt { get; init; }
    public List<OrderLineInput>? Lines { get; init; }
}

public sealed record OrderStatusInput(string? Status);

public sealed record OrderDto(
    long Id,
    long? CustomerId,
    string? CustomerName,
    string Number,
    string? Source,
    Channel Channel,
    OrderStatus Status,
    DateTime OrderedAt,
    string Currency,
    decimal Total,
    int LineCount,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    long Version);

public sealed record OrderLineDto(
    long Id,
    int LineNo,
    ProductRef Product,
    string? Description,
    int Quantity,
    decimal UnitPrice,
    decimal Discount,
    decimal Net,
    int ReturnedQuantity);

/// <summary>An order with its lines and the statuses it may move to next.</summary>
public sealed record OrderDetail(OrderDto Order, IReadOnlyList<OrderLineDto> Lines, IReadOnlyList<OrderStatus> NextStatuses);

/// <summary>Orders newest first. <c>from</c> is inclusive and <c>to</c> exclusive (UTC).</summary>
public sealed record OrderQuery(
    long? CustomerId = null, string? Status = null, DateTime? From = null, DateTime? To = null, string? Channel = null,
    string? Cursor = null, int? Limit = null);

/// <summary>The order cannot move to the requested status from the one it is in (409, naming the allowed ones).</summary>
public sealed class OrderStatusConflictException(OrderStatus from, OrderStatus to, IReadOnlyList<OrderStatus> allowed)
    : Exception(allowed.Count == 0
        ? $"The order is {Camel(from)}, a final status: it cannot become {Camel(to)}."
        : $"An order that is {Camel(from)} cannot become {Camel(to)}; it can become: {string.Join(", ", allowed.Select(Camel))}.")
{
    public OrderStatus From { get; } = from;
    public OrderStatus To { get; } = to;
    public IReadOnlyList<OrderStatus> Allowed { get; } = allowed;

    private static string Camel(OrderStatus s) => Vinculo.Core.Common.EnumText.Camel(s);
}
