using Vinculo.Domain.Commerce;

namespace Vinculo.Core.Commerce.Billing;

// Requests take enum values as text so that a wrong value becomes a named field error, not a parse failure.

/// <summary>
/// A new invoice. The total comes from the order when <see cref="OrderId"/> is given, else from <see cref="Total"/>, else from
/// the contract's price for one period. The number is generated when not given.
/// </summary>
public sealed record InvoiceInput
{
    public long? CustomerId { get; init; }
    public string? Number { get; init; }
    public DateTime? IssuedAt { get; init; }
    /// <summary>Defaults to 30 days after the issue date.</summary>
    public DateTime? DueAt { get; init; }
    public decimal? Total { get; init; }
    /// <summary>Defaults to the order's or contract's currency, else EUR.</summary>
    public string? Currency { get; init; }
    public long? OrderId { get; init; }
    public long? ContractId { get; init; }
}

/// <summary>A credit note on an open invoice, for at most what it still owes.</summary>
public sealed record CreditNoteInput(decimal? Amount, string? Number = null, DateTime? IssuedAt = null);

/// <param name="Status">open (not yet due), overdue, paid or cancelled: the status as shown, computed against the clock.</param>
/// <param name="From">Issued at or after (inclusive).</param>
/// <param name="To">Issued before (exclusive).</param>
public sealed record InvoiceQuery(
    long? CustomerId = null, string? Status = null, DateTime? From = null, DateTime? To = null, string? Cursor = null, int? Limit = null);

/// <summary>An invoice or credit note in a list: its status is computed (overdue is an open invoice past its due date).</summary>
public sealed record InvoiceSummary(
    long Id,
    long CustomerId,
    string Number,
    InvoiceKind Kind,
    DateTime IssuedAt,
    DateTime DueAt,
    string Currency,
    decimal Total,
    decimal Settled,
    decimal Outstanding,
    InvoiceStatus Status,
    int DaysOverdue,
    long? OrderId,
    long? ContractId,
    long? CreditedInvoiceId,
    long Version);

/// <summary>One invoice with what was applied to it: payments and credit notes.</summary>
public sealed record InvoiceDto(
    long Id,
    long CustomerId,
    string CustomerName,
    string Number,
    InvoiceKind Kind,
    DateTime IssuedAt,
    DateTime DueAt,
    string Currency,
    decimal Total,
    decimal Settled,
    decimal Outstanding,
    InvoiceStatus Status,
    int DaysOverdue,
    long? OrderId,
    string? OrderNumber,
    long? ContractId,
    long? CreditedInvoiceId,
    string? CreditedInvoiceNumber,
    IReadOnlyList<PaymentDto> Payments,
    IReadOnlyList<InvoiceSummary> CreditNotes,
    bool CanCancel,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    long Version);

/// <summary>A payment received. Without <see cref="InvoiceId"/> it is money on account.</summary>
public sealed record PaymentInput
{
    public long? CustomerId { get; init; }
    public long? InvoiceId { get; init; }
    /// <summary>card, transfer, directDebit, cash, payPal, other.</summary>
    public string? Method { get; init; }
    /// <summary>Defaults to now; cannot be in the future.</summary>
    public DateTime? PaidAt { get; init; }
    public decimal? Amount { get; init; }
    /// <summary>Must be the invoice's currency; defaults to it (or EUR on account).</summary>
    public string? Currency { get; init; }
    public string? Reference { get; init; }
}

public sealed record PaymentQuery(long? CustomerId = null, long? InvoiceId = null, string? Cursor = null, int? Limit = null);

public sealed record PaymentDto(
    long Id,
    long CustomerId,
    long? InvoiceId,
    string? InvoiceNumber,
    PaymentMethod Method,
    DateTime PaidAt,
    decimal Amount,
    string Currency,
    string? Reference,
    DateTime CreatedAt);

/// <summary>
/// What a customer owes in one currency: <see cref="Outstanding"/> is what open invoices still owe, <see cref="Balance"/> that
/// less money on account, <see cref="Overdue"/> the part past due, <see cref="DaysOverdue"/> the days since the oldest unpaid
/// due date.
/// </summary>
public sealed record CurrencyAccount(
    string Currency,
    decimal Balance,
    decimal Outstanding,
    decimal OnAccount,
    decimal Overdue,
    int DaysOverdue,
    DateTime? OldestOverdueDueAt,
    int OpenInvoices,
    int OverdueInvoices,
    Aging Aging);

/// <summary>The customer's account, one entry per currency they have invoices or money on account in (most owed first).</summary>
public sealed record CustomerAccount(long CustomerId, string CustomerName, IReadOnlyList<CurrencyAccount> Currencies, DateTime AsOf)
{
    /// <summary>The main currency's figures (what owes most), or null when the customer has no invoices nor payments on account.</summary>
    public CurrencyAccount? Main => Currencies.Count == 0 ? null : Currencies[0];
}

/// <param name="MinDaysOverdue">Only customers whose oldest unpaid due date is at least this many days past.</param>
/// <param name="Bucket">Only customers whose oldest overdue debt is in this bucket: 0-30, 31-60, 61-90, 90+ (or days0To30 ...).</param>
public sealed record ReceivablesQuery(
    int? MinDaysOverdue = null, string? Bucket = null, string? Currency = null, string? Cursor = null, int? Limit = null);

/// <summary>A customer with overdue debt in one currency: the overdue amount split by age, and what is not yet due.</summary>
public sealed record ReceivableRow(
    long CustomerId,
    string CustomerName,
    string Currency,
    decimal Overdue,
    int DaysOverdue,
    DateTime OldestDueAt,
    int OverdueInvoices,
    int OpenInvoices,
    Aging Aging);

/// <summary>All overdue debt in one currency: how many customers owe it and how it splits by age.</summary>
public sealed record ReceivablesTotal(string Currency, int Customers, int Invoices, decimal Overdue, Aging Aging);
