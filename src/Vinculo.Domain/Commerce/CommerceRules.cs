namespace Vinculo.Domain.Commerce;

/// <summary>Which changes a contract, a return and a warranty claim allow.</summary>
public static class CommerceRules
{
    public static bool CanModify(ContractStatus status) => status == ContractStatus.Active;

    public static bool CanCancel(ContractStatus status) => status == ContractStatus.Active;

    /// <summary>
    /// Return workflow: requested → approved | rejected; approved → received | rejected; received → refunded.
    /// Refunded and rejected are final.
    /// </summary>
    public static bool CanMove(ReturnStatus from, ReturnStatus to) => (from, to) switch
    {
        (ReturnStatus.Requested, ReturnStatus.Approved or ReturnStatus.Rejected) => true,
        (ReturnStatus.Approved, ReturnStatus.Received or ReturnStatus.Rejected) => true,
        (ReturnStatus.Received, ReturnStatus.Refunded) => true,
        _ => false,
    };

    public static IReadOnlyList<ReturnStatus> NextStatuses(ReturnStatus from) =>
        Enum.GetValues<ReturnStatus>().Where(to => CanMove(from, to)).ToArray();

    public static bool IsFinal(ReturnStatus status) => status is ReturnStatus.Refunded or ReturnStatus.Rejected;

    /// <summary>How many units of a line can still be returned.</summary>
    public static int Returnable(int quantity, int returnedQuantity) => Math.Max(0, quantity - returnedQuantity);

    /// <summary>Warranty claim workflow: open → accepted | rejected; accepted → resolved.</summary>
    public static bool CanMove(WarrantyStatus from, WarrantyStatus to) => (from, to) switch
    {
        (WarrantyStatus.Open, WarrantyStatus.Accepted or WarrantyStatus.Rejected) => true,
        (WarrantyStatus.Accepted, WarrantyStatus.Resolved) => true,
        _ => false,
    };

    /// <summary>The end of a purchase's warranty: the purchase date plus the product's months (end-of-month clamped).</summary>
    public static DateTime WarrantyExpiry(DateTime purchasedAt, int warrantyMonths) => purchasedAt.AddMonths(warrantyMonths);

    /// <summary>A claim can be opened while the warranty runs (up to and including its expiry instant).</summary>
    public static bool UnderWarranty(DateTime purchasedAt, int warrantyMonths, DateTime at) =>
        warrantyMonths > 0 && at >= purchasedAt && at <= WarrantyExpiry(purchasedAt, warrantyMonths);

    /// <summary>
    /// Order workflow: placed → paid | cancelled; paid → shipped | cancelled; shipped → delivered. Delivered and
    /// cancelled are final.
    /// </summary>
    public static bool CanMove(OrderStatus from, OrderStatus to) => (from, to) switch
    {
        (OrderStatus.Placed, OrderStatus.Paid or OrderStatus.Cancelled) => true,
        (OrderStatus.Paid, OrderStatus.Shipped or OrderStatus.Cancelled) => true,
        (OrderStatus.Shipped, OrderStatus.Delivered) => true,
        _ => false,
    };
}
