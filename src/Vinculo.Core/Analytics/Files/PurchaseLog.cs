using System.Runtime.CompilerServices;
namespace Vinculo.Core.Analytics.Files;

/// <summary>The transaction-file layouts the file-mode analytics commands read.</summary>
public enum TransactionFileFormat
{
    /// <summary>
    /// UCI Online Retail: a CSV with the header <c>InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country</c>
    /// (columns found by name, any order, extra columns ignored).
    /// </summary>
    OnlineRetail,

    /// <summary>
    /// CDNOW, space separated: <c>CDNOW_sample.txt</c> (no header; master id, sample id, yyyymmdd, CDs, dollars) or
    /// <c>CDNOW_master.txt</c> (header <c>customer_id date number_of_cds dollar_value</c>), told apart by the first line.
    /// </summary>
    Cdnow,
}

/// <summary>A transaction file that cannot be read: the message starts with the row (line number, the header being row 1).</summary>
public sealed class TransactionFileException(long row, string problem) : IOException($"row {row}: {problem}")
{
    /// <summary>The file's line number where the bad row starts (1 = the first line).</summary>
    public long Row { get; } = row;

    public string Problem { get; } = problem;
}

/// <summary>
/// The purchases of a transaction file, column-wise (one entry per purchase line, no object per line): the customer
/// (an index into <see cref="CustomerIds"/>), the day (<see cref="DateOnly.DayNumber"/>), the invoice (an index of the
/// file's distinct invoice numbers) and the amount (quantity × unit price, exact). A purchase is a line with a
/// quantity above zero and a customer; other lines are only counted.
/// </summary>
public sealed class PurchaseLog
{
    private const int InitialCapacity = 1 << 16;

    private int[] _customer = new int[InitialCapacity];
    private int[] _day = new int[InitialCapacity];
    private int[] _invoice = new int[InitialCapacity];
    private decimal[] _amount = new decimal[InitialCapacity];
    private long[] _customerIds = new long[1024];

    /// <summary>Purchase lines.</summary>
    public int Count { get; private set; }

    /// <summary>Distinct customers with at least one purchase.</summary>
    public int CustomerCount { get; private set; }

    /// <summary>Distinct invoice numbers among the purchases.</summary>
    public int InvoiceCount { get; internal set; }

    /// <summary>Data rows read (lines after the header; CDNOW sample files have none).</summary>
    public long Rows { get; internal set; }

    /// <summary>Rows with a customer and a quantity of zero or below (cancellations, write-offs): not purchases.</summary>
    public long NotPurchases { get; internal set; }

    /// <summary>Rows without a customer id: not purchases.</summary>
    public long WithoutCustomer { get; internal set; }

    /// <summary>The last purchase day (<see cref="DateOnly.DayNumber"/>); <see cref="int.MinValue"/> when there are no purchases.</summary>
    public int LastDay { get; private set; } = int.MinValue;

    public ReadOnlySpan<int> Customer => _customer.AsSpan(0, Count);

    public ReadOnlySpan<int> Day => _day.AsSpan(0, Count);

    public ReadOnlySpan<int> Invoice => _invoice.AsSpan(0, Count);

    public ReadOnlySpan<decimal> Amount => _amount.AsSpan(0, Count);

    /// <summary>Each customer index's id in the file.</summary>
    public ReadOnlySpan<long> CustomerIds => _customerIds.AsSpan(0, CustomerCount);

    internal int AddCustomer(long id)
    {
        if (CustomerCount == _customerIds.Length)
        {
            Array.Resize(ref _customerIds, _customerIds.Length * 2);
        }

        _customerIds[CustomerCount] = id;
        return CustomerCount++;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Add(int customer, int day, int invoice, decimal amount)
    {
        if (Count == _customer.Length)
        {
            var size = Count * 2;
            Array.Resize(ref _customer, size);
            Array.Resize(ref _day, size);
            Array.Resize(ref _invoice, size);
            Array.Resize(ref _amount, size);
        }

        _customer[Count] = customer;
        _day[Count] = day;
        _invoice[Count] = invoice;
        _amount[Count] = amount;
        Count++;
        if (day > LastDay)
        {
            LastDay = day;
        }
    }
}
