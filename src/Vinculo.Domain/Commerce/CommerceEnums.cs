namespace Vinculo.Domain.Commerce;

public enum ContractStatus
{
    Active = 1,
    Cancelled = 2,
}

public enum BillingPeriod
{
    Monthly = 1,
    Quarterly = 2,
    Yearly = 3,
}

/// <summary>The seeds' altas, modificaciones y bajas: every change of a contract is kept.</summary>
public enum ContractChangeKind
{
    SignUp = 1,
    Modification = 2,
    Cancellation = 3,
}

public enum OrderStatus
{
    Placed = 1,
    Paid = 2,
    Shipped = 3,
    Delivered = 4,
    Cancelled = 5,
}

public enum InvoiceKind
{
    Invoice = 1,
    CreditNote = 2,
}

/// <summary>
/// The stored state of an invoice. "Overdue" is not stored: it is an open invoice past its due date, computed against the
/// clock (<see cref="Receivables.Status"/>), so it is never stale.
/// </summary>
public enum InvoiceStatus
{
    Open = 1,
    Paid = 2,
    Cancelled = 3,
    /// <summary>Only ever computed, never stored.</summary>
    Overdue = 4,
}

public enum PaymentMethod
{
    Card = 1,
    Transfer = 2,
    DirectDebit = 3,
    Cash = 4,
    PayPal = 5,
    Other = 6,
}

public enum ReturnReason
{
    Damaged = 1,
    WrongItem = 2,
    NotAsDescribed = 3,
    ChangedMind = 4,
    Late = 5,
    Other = 6,
}

public enum ReturnStatus
{
    Requested = 1,
    Approved = 2,
    Received = 3,
    Refunded = 4,
    Rejected = 5,
}

public enum WarrantyStatus
{
    Open = 1,
    Accepted = 2,
    Rejected = 3,
    Resolved = 4,
}
