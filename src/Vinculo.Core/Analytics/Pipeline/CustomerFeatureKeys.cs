namespace Vinculo.Core.Analytics.Pipeline;

/// <summary>
/// The stable keys of the per-customer features the risk models use and explain (<see cref="Vinculo.Domain.Analytics.ScoreFactor.Feature"/>).
/// The UI translates them; they never change meaning. Counts of service and contact activity cover the 365 days before the
/// as-of date; purchases, returns and invoices cover all history before it.
/// </summary>
public static class CustomerFeatureKeys
{
    /// <summary>Days since the customer's first purchase, contract, invoice or interaction (or registration when earlier).</summary>
    public const string TenureDays = "tenureDays";
    /// <summary>Days since the last purchase; missing (NaN) when the customer never bought.</summary>
    public const string RecencyDays = "recencyDays";
    /// <summary>Orders (not cancelled).</summary>
    public const string Frequency = "frequency";
    /// <summary>Amount of those orders' lines.</summary>
    public const string Monetary = "monetary";
    /// <summary>Monetary over frequency (0 without orders).</summary>
    public const string AverageOrderValue = "averageOrderValue";
    /// <summary>Distinct products bought or contracted.</summary>
    public const string Products = "products";
    /// <summary>Contracts active at the as-of date.</summary>
    public const string ActiveContracts = "activeContracts";
    /// <summary>Service cases opened in the last 365 days.</summary>
    public const string Cases = "cases";
    /// <summary>Complaint cases opened in the last 365 days.</summary>
    public const string Complaints = "complaints";
    /// <summary>Cases of the last 365 days that breached an SLA target.</summary>
    public const string SlaBreaches = "slaBreaches";
    /// <summary>Invoices issued and not settled at the as-of date.</summary>
    public const string OpenInvoices = "openInvoices";
    /// <summary>Open invoices past their due date.</summary>
    public const string OverdueInvoices = "overdueInvoices";
    /// <summary>What remains unpaid on the overdue invoices.</summary>
    public const string OverdueAmount = "overdueAmount";
    /// <summary>Mean days late over the invoices already due (paid late, or still unpaid: days past due so far).</summary>
    public const string AverageDaysLate = "averageDaysLate";
    /// <summary>The largest of those.</summary>
    public const string MaxDaysLate = "maxDaysLate";
    /// <summary>Payments received in the last 365 days.</summary>
    public const string PaymentsCount = "paymentsCount";
    /// <summary>Interactions (every channel and direction) in the last 365 days.</summary>
    public const string Interactions = "interactions";
    /// <summary>Interactions started by the customer in the last 365 days.</summary>
    public const string InboundInteractions = "inboundInteractions";
    /// <summary>Returns requested.</summary>
    public const string Returns = "returns";
    /// <summary>Units returned over units bought (0 without purchases).</summary>
    public const string ReturnRate = "returnRate";

    /// <summary>Every key, in the column order of <see cref="CustomerFeatureTable"/>.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        TenureDays, RecencyDays, Frequency, Monetary, AverageOrderValue, Products, ActiveContracts, Cases, Complaints, SlaBreaches,
        OpenInvoices, OverdueInvoices, OverdueAmount, AverageDaysLate, MaxDaysLate, PaymentsCount, Interactions, InboundInteractions,
        Returns, ReturnRate,
    ];
}
