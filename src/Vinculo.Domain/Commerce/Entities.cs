using Vinculo.Domain.Interactions;

namespace Vinculo.Domain.Commerce;

/// <summary>A product or service of the catalogue.</summary>
public sealed class Product
{
    public long Id { get; set; }
    /// <summary>Stock-keeping unit: unique, case-sensitive as given.</summary>
    public string Sku { get; set; } = "";
    public string NameEs { get; set; } = "";
    public string NameEn { get; set; } = "";
    public string? Category { get; set; }
    public decimal ListPrice { get; set; }
    /// <summary>ISO 4217 code.</summary>
    public string Currency { get; set; } = "EUR";
    /// <summary>Months a purchase is under warranty (Spanish law: 36 for new goods).</summary>
    public int WarrantyMonths { get; set; } = 36;
    public bool Active { get; set; } = true;
    /// <summary>Accent-folded, lower-case SKU and names for catalogue search.</summary>
    public string SearchText { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public long Version { get; set; }
}

/// <summary>A customer's id in another system (an import source), so re-imports find the same customer.</summary>
public sealed class CustomerExternalId
{
    public string Source { get; set; } = "";
    public string ExternalId { get; set; } = "";
    public long CustomerId { get; set; }
}

/// <summary>A contracted product or plan (subscription), with its change history.</summary>
public sealed class Contract
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public long ProductId { get; set; }
    public ContractStatus Status { get; set; } = ContractStatus.Active;
    /// <summary>Recurring price per billing period.</summary>
    public decimal Price { get; set; }
    public string Currency { get; set; } = "EUR";
    public BillingPeriod BillingPeriod { get; set; } = BillingPeriod.Monthly;
    public DateTime StartedAt { get; set; }
    public DateTime? CancelledAt { get; set; }
    public string? CancelReason { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public long Version { get; set; }
    public List<ContractChange> Changes { get; set; } = [];
}

public sealed class ContractChange
{
    public long Id { get; set; }
    public long ContractId { get; set; }
    public long CustomerId { get; set; }
    public ContractChangeKind Kind { get; set; }
    public DateTime At { get; set; }
    public long ProductId { get; set; }
    public long? PreviousProductId { get; set; }
    public decimal Price { get; set; }
    public decimal? PreviousPrice { get; set; }
    public string? Reason { get; set; }
    public string? AgentId { get; set; }
    public string? AgentName { get; set; }
}

public sealed class Order
{
    public long Id { get; set; }
    /// <summary>Null for a guest order (a sale to nobody we know, e.g. an anonymous web checkout).</summary>
    public long? CustomerId { get; set; }
    public string Number { get; set; } = "";
    /// <summary>Where the order came from: null when entered in Vinculo, else the import source.</summary>
    public string? Source { get; set; }
    public Channel Channel { get; set; } = Channel.Web;
    public OrderStatus Status { get; set; } = OrderStatus.Placed;
    public DateTime OrderedAt { get; set; }
    public string Currency { get; set; } = "EUR";
    /// <summary>Sum of the lines' net amounts (kept with the lines).</summary>
    public decimal Total { get; set; }
    public int LineCount { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public long Version { get; set; }
    public List<OrderLine> Lines { get; set; } = [];
}

public sealed class OrderLine
{
    public long Id { get; set; }
    public long OrderId { get; set; }
    public long? CustomerId { get; set; }
    public long ProductId { get; set; }
    public int LineNo { get; set; }
    public string? Description { get; set; }
    public int Quantity { get; set; }
    public decimal UnitPrice { get; set; }
    /// <summary>Discount on the whole line, as an amount.</summary>
    public decimal Discount { get; set; }
    public int ReturnedQuantity { get; set; }

    public decimal Net => CommerceMath.LineNet(Quantity, UnitPrice, Discount);
}

public sealed class Invoice
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public string Number { get; set; } = "";
    public InvoiceKind Kind { get; set; } = InvoiceKind.Invoice;
    public long? OrderId { get; set; }
    public long? ContractId { get; set; }
    /// <summary>For a credit note: the invoice it credits.</summary>
    public long? CreditedInvoiceId { get; set; }
    public DateTime IssuedAt { get; set; }
    public DateTime DueAt { get; set; }
    public string Currency { get; set; } = "EUR";
    /// <summary>Always positive; a credit note's total reduces what its invoice owes.</summary>
    public decimal Total { get; set; }
    /// <summary>Payments and credit notes applied to this invoice.</summary>
    public decimal Settled { get; set; }
    /// <summary>Stored state: open, paid or cancelled (overdue is computed).</summary>
    public InvoiceStatus Status { get; set; } = InvoiceStatus.Open;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public long Version { get; set; }

    public decimal Outstanding => Status == InvoiceStatus.Open && Kind == InvoiceKind.Invoice ? Math.Max(0, Total - Settled) : 0;
}

public sealed class Payment
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    /// <summary>Null for a payment on account (not yet applied to an invoice).</summary>
    public long? InvoiceId { get; set; }
    public PaymentMethod Method { get; set; }
    public DateTime PaidAt { get; set; }
    public decimal Amount { get; set; }
    public string Currency { get; set; } = "EUR";
    public string? Reference { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class ProductReturn
{
    public long Id { get; set; }
    public long? CustomerId { get; set; }
    public long? OrderId { get; set; }
    public long? OrderLineId { get; set; }
    public long ProductId { get; set; }
    public int Quantity { get; set; }
    public ReturnReason Reason { get; set; }
    public string? Note { get; set; }
    public decimal RefundAmount { get; set; }
    public string Currency { get; set; } = "EUR";
    public ReturnStatus Status { get; set; } = ReturnStatus.Requested;
    public DateTime RequestedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public string? Source { get; set; }
    public string? ExternalKey { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public long Version { get; set; }
}

public sealed class WarrantyClaim
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public long OrderLineId { get; set; }
    public long ProductId { get; set; }
    public DateTime ClaimedAt { get; set; }
    /// <summary>When the purchase's warranty ends (purchase date + the product's warranty months).</summary>
    public DateTime ExpiresAt { get; set; }
    public string Description { get; set; } = "";
    public WarrantyStatus Status { get; set; } = WarrantyStatus.Open;
    public string? Resolution { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public long Version { get; set; }
}
