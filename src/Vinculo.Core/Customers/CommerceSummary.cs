using Vinculo.Domain.Commerce;
using Vinculo.Domain.Interactions;

namespace Vinculo.Core.Customers;

// The commercial side of the 360: what the customer has contracted, bought, owes and sent back.

public sealed record ActiveContractSummary(
    long Id, long ProductId, string Sku, string ProductName, decimal Price, string Currency, BillingPeriod BillingPeriod, DateTime StartedAt);

public sealed record OrderSummary(
    long Id, string Number, Channel Channel, OrderStatus Status, DateTime OrderedAt, string Currency, decimal Total, int LineCount);

/// <summary>How many orders and how much they came to, in one currency.</summary>
public sealed record OrderTotals(string Currency, int Orders, decimal Amount, DateTime LastOrderAt);

/// <summary>
/// What the customer owes in one currency: the outstanding of open invoices less money on account (<see cref="Balance"/>), the
/// part past due (<see cref="Overdue"/>), days since the oldest unpaid due date and the aging buckets.
/// </summary>
public sealed record AccountSummary(
    string Currency, decimal Balance, decimal Overdue, int DaysOverdue, int OpenInvoices, int OverdueInvoices, decimal OnAccount, Aging Aging);

public sealed record ReturnSummary(
    long Id, long ProductId, string ProductName, int Quantity, ReturnReason Reason, decimal RefundAmount, string Currency,
    ReturnStatus Status, DateTime RequestedAt);

public sealed record WarrantyClaimSummary(
    long Id, long ProductId, string ProductName, WarrantyStatus Status, DateTime ClaimedAt, DateTime ExpiresAt);

public sealed record CommerceSummary(
    IReadOnlyList<ActiveContractSummary> ActiveContracts,
    IReadOnlyList<OrderSummary> RecentOrders,
    IReadOnlyList<OrderTotals> OrderTotals,
    IReadOnlyList<AccountSummary> Accounts,
    IReadOnlyList<ReturnSummary> RecentReturns,
    IReadOnlyList<WarrantyClaimSummary> OpenWarrantyClaims)
{
    public static readonly CommerceSummary Empty = new([], [], [], [], [], []);
}
