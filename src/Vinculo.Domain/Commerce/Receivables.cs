namespace Vinculo.Domain.Commerce;

/// <summary>Aging buckets of overdue debt, by days past the due date.</summary>
public enum AgingBucket
{
    /// <summary>Not yet due.</summary>
    Current = 0,
    Days0To30 = 1,
    Days31To60 = 2,
    Days61To90 = 3,
    Over90 = 4,
}

/// <summary>Amounts owed by one customer, split by age.</summary>
public sealed record Aging(decimal Current, decimal Days0To30, decimal Days31To60, decimal Days61To90, decimal Over90)
{
    public static readonly Aging Zero = new(0, 0, 0, 0, 0);

    public decimal Overdue => Days0To30 + Days31To60 + Days61To90 + Over90;
    public decimal Total => Current + Overdue;

    public Aging Add(AgingBucket bucket, decimal amount) => bucket switch
    {
        AgingBucket.Current => this with { Current = Current + amount },
        AgingBucket.Days0To30 => this with { Days0To30 = Days0To30 + amount },
        AgingBucket.Days31To60 => this with { Days31To60 = Days31To60 + amount },
        AgingBucket.Days61To90 => this with { Days61To90 = Days61To90 + amount },
        _ => this with { Over90 = Over90 + amount },
    };
}

/// <summary>The rules of what a customer owes: invoice state, days overdue and aging.</summary>
public static class Receivables
{
    /// <summary>What an invoice shows: its stored state, or overdue when it is open, owes money and its due date has passed.</summary>
    public static InvoiceStatus Status(InvoiceStatus stored, InvoiceKind kind, DateTime dueAt, decimal outstanding, DateTime now) =>
        stored == InvoiceStatus.Open && kind == InvoiceKind.Invoice && outstanding > 0 && now > dueAt ? InvoiceStatus.Overdue : stored;

    /// <summary>
    /// Whole days past the due date (0 on the due date itself and before it). Days are counted between UTC calendar dates, so
    /// an invoice due today at any hour is not overdue until tomorrow's date.
    /// </summary>
    public static int DaysOverdue(DateTime dueAt, DateTime now) => Math.Max(0, (now.Date - dueAt.Date).Days);

    /// <summary>
    /// The bucket of an amount due at <paramref name="dueAt"/>: not yet due → Current; 1–30 days late → 0–30 (the first
    /// bucket includes the due day's morrow), 31–60, 61–90, then 90+.
    /// </summary>
    public static AgingBucket Bucket(DateTime dueAt, DateTime now)
    {
        if (now <= dueAt)
        {
            return AgingBucket.Current;
        }

        var days = DaysOverdue(dueAt, now);
        return days switch
        {
            <= 30 => AgingBucket.Days0To30,
            <= 60 => AgingBucket.Days31To60,
            <= 90 => AgingBucket.Days61To90,
            _ => AgingBucket.Over90,
        };
    }

    /// <summary>
    /// The new settled amount and stored status of an invoice after applying <paramref name="amount"/> (a payment or a credit
    /// note). Over-settling is an error the caller reports: an invoice cannot be paid beyond its total.
    /// </summary>
    public static (decimal Settled, InvoiceStatus Status) Apply(decimal total, decimal settled, decimal amount)
    {
        if (amount <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), "An applied amount must be positive.");
        }

        var next = settled + amount;
        if (next > total)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), "The amount exceeds what the invoice still owes.");
        }

        return (next, next == total ? InvoiceStatus.Paid : InvoiceStatus.Open);
    }
}

/// <summary>
/// Adds up one customer's open invoices in one currency, and the money they have on account, into the account figures:
/// balance = outstanding − on account; overdue = the aging's overdue buckets; days overdue = since the oldest unpaid due
/// date. The 360 and the account page use it, so both show the same figures.
/// </summary>
public sealed class AccountTally
{
    public Aging Aging { get; private set; } = Aging.Zero;
    public DateTime? OldestOverdue { get; private set; }
    public int OpenInvoices { get; private set; }
    public int OverdueInvoices { get; private set; }
    public decimal OnAccount { get; set; }

    public decimal Balance => Aging.Total - OnAccount;

    public int DaysOverdue(DateTime now) => OldestOverdue is { } due ? Receivables.DaysOverdue(due, now) : 0;

    /// <summary>One open invoice; nothing outstanding adds nothing.</summary>
    public void AddInvoice(DateTime dueAt, decimal outstanding, DateTime now)
    {
        if (outstanding <= 0)
        {
            return;
        }

        OpenInvoices++;
        var bucket = Receivables.Bucket(dueAt, now);
        Aging = Aging.Add(bucket, outstanding);
        if (bucket != AgingBucket.Current)
        {
            OverdueInvoices++;
            if (OldestOverdue is null || dueAt < OldestOverdue)
            {
                OldestOverdue = dueAt;
            }
        }
    }
}
