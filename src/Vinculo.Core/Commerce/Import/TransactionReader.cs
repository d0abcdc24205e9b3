using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;
using Vinculo.Core.ImportExport;
using Vinculo.Domain.Commerce;

namespace Vinculo.Core.Commerce.Import;

/// <summary>One data row of a transactions file: its line when valid, otherwise what is wrong with it.</summary>
public sealed record TransactionRow(long Row, TransactionLine? Line, IReadOnlyList<ImportError> Errors);

/// <summary>
/// Streams a transactions CSV file (plain or gzip) into <see cref="TransactionLine"/>s, driven by a
/// <see cref="TransactionMapping"/>, and checks every row: numbers and dates that do not parse, a missing order number
/// or SKU, a negative price, an absurd quantity, a line naming another customer than the rest of its order. Nothing
/// is written anywhere; <see cref="TransactionImport"/> stores what this yields.
/// </summary>
/// <remarks>
/// Memory stays flat whatever the file size, except for one small entry per order number (its line count, customer
/// and currency, needed to number lines and check that an order's lines agree).
/// </remarks>
public sealed class TransactionReader : IAsyncDisposable
{
    private readonly TransactionMapping _mapping;
    /// <summary>The decompressing stream of a gzip input (the caller's stream is left open).</summary>
    private readonly Stream? _gzip;
    private readonly CountingStream _raw;
    private readonly CsvReader _csv;
    private readonly Columns _columns;
    private readonly TimeZoneInfo _zone;
    private readonly string[] _dateFormats;
    private readonly NumberFormatInfo _numbers;
    private readonly DateTime _latest;
    private readonly HashSet<long> _malformed;
    private readonly List<ImportError> _errors = [];
    private readonly Dictionary<string, OrderState> _orders = new(StringComparer.Ordinal);
    private byte[] _lastDate = [];
    private DateTime _lastDateUtc;
    private long _row;

    private TransactionReader(TransactionMapping mapping, Stream? gzip, CountingStream raw, CsvReader csv, Columns columns,
        IReadOnlyList<ImportError> fileErrors, HashSet<long> malformed, DateTime now)
    {
        _malformed = malformed;
        _mapping = mapping;
        _gzip = gzip;
        _raw = raw;
        _csv = csv;
        _columns = columns;
        Compressed = gzip is not null;
        FileErrors = fileErrors;
        _zone = TransactionMapping.FindTimeZone(mapping.TimeZone)!;
        _dateFormats = [.. mapping.DateFormat];
        _numbers = new NumberFormatInfo { NumberDecimalSeparator = mapping.DecimalSeparator, NegativeSign = "-", PositiveSign = "+" };
        _latest = now + TransactionLimits.FutureTolerance;
    }

    /// <summary>Problems with the file as a whole (row 1: the header); when there are any, no row is read.</summary>
    public IReadOnlyList<ImportError> FileErrors { get; }

    /// <summary>The input was gzip-compressed.</summary>
    public bool Compressed { get; }

    public long RowsRead { get; private set; }

    /// <summary>Bytes taken from the input so far (compressed bytes for a gzip file), and its size (0 when unknown).</summary>
    public long BytesRead => _raw.BytesRead;

    public long BytesTotal => _raw.Total;

    /// <summary>
    /// Opens the file and reads its header. The mapping is checked first (a <see cref="Common.ValidationException"/>
    /// when it cannot be used); a header without the mapped columns gives <see cref="FileErrors"/>.
    /// </summary>
    /// <param name="now">Dates more than a day after this are rejected.</param>
    public static async Task<TransactionReader> Open(Stream input, TransactionMapping mapping, DateTime now, CancellationToken ct)
    {
        mapping.Check();
        var (text, raw, compressed) = await TransactionInput.Open(input, ct);
        var gzip = compressed ? text : null;
        char separator;
        if (mapping.Delimiter is { Length: 1 } delimiter)
        {
            separator = delimiter[0];
        }
        else
        {
            (text, separator) = await HeaderSniffer.Sniff(text, ct);
        }

        var malformed = new HashSet<long>();
        var options = CsvColumns.ReaderOptions(separator, r => malformed.Add(r.RecordNumber)) with { PoolStrings = true };
        var csv = CsvReader.Create(text, options, leaveOpen: true);
        await csv.ReadHeaderAsync(ct);
        var fileErrors = new List<ImportError>();
        var columns = MapColumns(csv.Headers, mapping, fileErrors);
        return new TransactionReader(mapping, gzip, raw, csv, columns, fileErrors, malformed, now);
    }

    /// <summary>Every data row, in file order.</summary>
    public async IAsyncEnumerable<TransactionRow> ReadRows([EnumeratorCancellation] CancellationToken ct)
    {
        if (FileErrors.Count > 0)
        {
            yield break;
        }

        while (await _csv.ReadAsync(ct))
        {
            RowsRead++;
            yield return ReadRow();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _csv.DisposeAsync();
        if (_gzip is not null)
        {
            await _gzip.DisposeAsync();
        }
    }

    private TransactionRow ReadRow()
    {
        var row = _row = _csv.RowNumber + 1;
        _errors.Clear();
        if (_malformed.Count > 0 && _malformed.Contains(row))
        {
            Error("", "The row's quoting is malformed.");
        }

        var c = _columns;
        var number = Text(c.OrderNumber);
        OrderState? order = null;
        var lineNo = 0;
        if (number is null)
        {
            Error(c.Name(c.OrderNumber), "The order (invoice) number is missing.");
        }
        else if (number.Length > TransactionLimits.MaxOrderNumberLength)
        {
            Error(c.Name(c.OrderNumber), $"At most {TransactionLimits.MaxOrderNumberLength} characters.");
        }
        else
        {
            if (!_orders.TryGetValue(number, out order))
            {
                _orders[number] = order = new OrderState();
            }

            lineNo = ++order.Lines;
        }

        var sku = Text(c.Sku);
        if (sku is null)
        {
            Error(c.Name(c.Sku), "The product code (SKU) is missing.");
        }
        else if (!CatalogRules.IsValidSku(sku))
        {
            Error(c.Name(c.Sku), $"'{sku}' is not a product code: 1 to {CatalogRules.MaxSkuLength} characters without spaces.");
        }

        var description = Text(c.Description);
        if (description is { Length: > TransactionLimits.MaxDescriptionLength })
        {
            Error(c.Name(c.Description), $"At most {TransactionLimits.MaxDescriptionLength} characters.");
        }

        var cancellation = number is not null && _mapping.CancellationPrefix is { } prefix && number.StartsWith(prefix, StringComparison.Ordinal);
        var quantity = 0;
        if (Number(c.Quantity, "quantity") is { } q)
        {
            if (q != decimal.Truncate(q))
            {
                Error(c.Name(c.Quantity), $"'{Raw(c.Quantity)}' is not a whole number of units.");
            }
            else if (q == 0)
            {
                Error(c.Name(c.Quantity), "A line needs a quantity other than 0.");
            }
            else if (Math.Abs(q) > TransactionLimits.MaxQuantity)
            {
                Error(c.Name(c.Quantity), $"{q.ToString(CultureInfo.InvariantCulture)} units is not a plausible quantity (at most {TransactionLimits.MaxQuantity:N0}).");
            }
            else if (q < 0 && _mapping.CancellationPrefix is { } p && !cancellation)
            {
                Error(c.Name(c.Quantity),
                    $"A negative quantity on a sale: cancellations are numbered with the prefix '{p}'. (Stock adjustments are written this way in some exports; they are not sales.)");
            }
            else
            {
                quantity = (int)Math.Abs(q);
                cancellation |= q < 0;
            }
        }

        var at = Date(c.Date);
        var price = Money(c.UnitPrice, "unit price", required: true) ?? 0;
        if (price > TransactionLimits.MaxUnitPrice)
        {
            Error(c.Name(c.UnitPrice), $"{price.ToString(CultureInfo.InvariantCulture)} is not a plausible unit price (at most {TransactionLimits.MaxUnitPrice:N0}).");
        }

        var discount = Money(c.Discount, "discount", required: false) ?? 0;
        if (discount > 0 && quantity > 0 && discount > quantity * price)
        {
            Error(c.Name(c.Discount), "The discount is larger than the line's amount (quantity × unit price).");
        }

        var customer = CustomerId(Text(c.Customer));
        if (customer is { Length: > TransactionLimits.MaxExternalIdLength })
        {
            Error(c.Name(c.Customer), $"At most {TransactionLimits.MaxExternalIdLength} characters.");
        }

        var country = Text(c.Country);
        if (country is { Length: > TransactionLimits.MaxCountryLength })
        {
            Error(c.Name(c.Country), $"At most {TransactionLimits.MaxCountryLength} characters.");
        }

        var currency = Text(c.Currency)?.ToUpperInvariant() ?? _mapping.Currency?.Trim().ToUpperInvariant();
        if (currency is null)
        {
            Error(c.Name(c.Currency), "The currency is missing (the mapping gives no default).");
        }
        else if (!CommerceMath.IsCurrencyCode(currency))
        {
            Error(c.Name(c.Currency), $"'{currency}' is not a three-letter ISO 4217 currency code.");
        }

        if (order is not null)
        {
            // The first row of an order that got this far decides its customer and currency; the others must agree.
            if (!order.Claimed)
            {
                order.Claimed = true;
                order.FirstRow = row;
                order.Customer = customer;
                order.Currency = currency;
            }
            else
            {
                if (!string.Equals(order.Customer, customer, StringComparison.Ordinal))
                {
                    Error(c.Name(c.Customer), $"Order {number} belongs to {(order.Customer is null ? "no customer (a guest order)" : $"customer {order.Customer}")} on row {order.FirstRow}; its lines cannot name another.");
                }

                if (!string.Equals(order.Currency, currency, StringComparison.Ordinal))
                {
                    Error(c.Name(c.Currency), $"Order {number} is in {order.Currency} on row {order.FirstRow}; all its lines must be in one currency.");
                }
            }
        }

        if (_errors.Count > 0)
        {
            return new TransactionRow(row, null, _errors.ToArray());
        }

        var line = new TransactionLine(row, number!, lineNo, sku!, description, quantity, at!.Value, price, discount, customer, country, currency!, cancellation);
        return new TransactionRow(row, line, []);
    }

    private void Error(string column, string message) => _errors.Add(new ImportError(_row, column, message));

    /// <summary>The trimmed cell, or null when the column is absent or the cell empty.</summary>
    private string? Text(int column)
    {
        if (column < 0)
        {
            return null;
        }

        var value = _csv.GetString(column);
        if (value.Length == 0)
        {
            return null;
        }

        // The reader trims outside quotes only ("FANCY FONT BIRTHDAY CARD, " keeps its space).
        if (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            value = value.Trim();
            return value.Length == 0 ? null : value;
        }

        return value;
    }

    /// <summary>The cell as the file has it, for messages.</summary>
    private string Raw(int column) => column < 0 ? "" : _csv.GetString(column);

    /// <summary>Spreadsheets store ids as numbers and export "17850.0": the id is "17850".</summary>
    internal static string? CustomerId(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var dot = value.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && value.AsSpan(0, dot).ContainsAnyExceptInRange('0', '9') is false && value.AsSpan(dot + 1).Trim('0').IsEmpty)
        {
            return value[..dot];
        }

        return value;
    }

    private decimal? Number(int column, string what)
    {
        var span = _csv.GetSpan(column);
        if (span.IsEmpty)
        {
            Error(_columns.Name(column), $"The {what} is missing.");
            return null;
        }

        if (decimal.TryParse(span, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite,
                _numbers, out var value))
        {
            return value;
        }

        Error(_columns.Name(column), $"'{Raw(column)}' is not a number{(_mapping.DecimalSeparator == "," ? " (with ',' as the decimal separator)" : "")}.");
        return null;
    }

    private decimal? Money(int column, string what, bool required)
    {
        if (column < 0 || (!required && _csv.GetSpan(column).IsEmpty))
        {
            return null;
        }

        if (Number(column, what) is not { } value)
        {
            return null;
        }

        if (value < 0)
        {
            Error(_columns.Name(column), $"A {what} cannot be negative ({Raw(column)}).");
            return null;
        }

        if (!Money4.IsStorable(value))
        {
            Error(_columns.Name(column), $"'{Raw(column)}' has more than {TransactionLimits.MaxDecimals} decimal places.");
            return null;
        }

        return value;
    }

    private DateTime? Date(int column)
    {
        var span = _csv.GetSpan(column);
        if (span.IsEmpty)
        {
            Error(_columns.Name(column), "The date is missing.");
            return null;
        }

        // The lines of an order share its timestamp: parse each distinct text once.
        if (span.SequenceEqual(_lastDate))
        {
            return _lastDateUtc;
        }

        Span<char> chars = stackalloc char[64];
        if (span.Length > chars.Length || !Encoding.UTF8.TryGetChars(span, chars, out var length))
        {
            Error(_columns.Name(column), "Not a date.");
            return null;
        }

        var text = chars[..length];
        const DateTimeStyles styles = DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces;
        var parsed = _dateFormats.Length == 0
            ? DateTime.TryParse(text, CultureInfo.InvariantCulture, styles, out var value)
            : DateTime.TryParseExact(text, _dateFormats, CultureInfo.InvariantCulture, styles, out value);
        if (!parsed)
        {
            var expected = _dateFormats.Length == 0 ? "an ISO 8601 date such as 2011-03-01T09:30:00" : $"a date as {string.Join(" or ", _dateFormats)}";
            Error(_columns.Name(column), $"'{text.ToString()}' is not {expected}.");
            return null;
        }

        // A text with an offset or Z is UTC now; one without is local time in the mapping's zone.
        if (value.Kind != DateTimeKind.Utc)
        {
            value = DateTime.SpecifyKind(value, DateTimeKind.Unspecified);
            if (_zone.IsInvalidTime(value))
            {
                Error(_columns.Name(column), $"'{text.ToString()}' does not exist in {_mapping.TimeZone}: the clocks skipped that hour.");
                return null;
            }

            value = TimeZoneInfo.ConvertTimeToUtc(value, _zone);
        }

        if (value < TransactionLimits.MinDate || value > _latest)
        {
            Error(_columns.Name(column), $"'{text.ToString()}' is not a plausible date (before 1970 or in the future).");
            return null;
        }

        _lastDate = span.ToArray();
        _lastDateUtc = value;
        return value;
    }

    private static Columns MapColumns(IReadOnlyList<string> header, TransactionMapping mapping, List<ImportError> errors)
    {
        var names = header.Select(h => h.Trim().TrimStart('\uFEFF').Trim()).ToList();
        if (names.Count == 0 || names.All(n => n.Length == 0))
        {
            errors.Add(new ImportError(1, "", "The file is empty: the first line must name the columns."));
            return new Columns(names);
        }

        int Find(string? column, string field)
        {
            if (string.IsNullOrWhiteSpace(column))
            {
                return -1;
            }

            var exact = names.IndexOf(column.Trim());
            var index = exact >= 0 ? exact : names.FindIndex(n => string.Equals(n, column.Trim(), StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                errors.Add(new ImportError(1, column.Trim(), $"Column missing: the mapping reads the {field} from it. The file has: {string.Join(", ", names)}."));
            }

            return index;
        }

        var m = mapping.Columns;
        return new Columns(names)
        {
            OrderNumber = Find(m.OrderNumber, "order number"),
            Sku = Find(m.Sku, "SKU"),
            Description = Find(m.Description, "description"),
            Quantity = Find(m.Quantity, "quantity"),
            Date = Find(m.Date, "date"),
            UnitPrice = Find(m.UnitPrice, "unit price"),
            Discount = Find(m.Discount, "discount"),
            Customer = Find(m.CustomerExternalId, "customer id"),
            Country = Find(m.Country, "country"),
            Currency = Find(m.Currency, "currency"),
        };
    }

    /// <summary>Index in the file of each mapped column; -1 when not mapped.</summary>
    private sealed class Columns(List<string> names)
    {
        public int OrderNumber { get; init; } = -1;
        public int Sku { get; init; } = -1;
        public int Description { get; init; } = -1;
        public int Quantity { get; init; } = -1;
        public int Date { get; init; } = -1;
        public int UnitPrice { get; init; } = -1;
        public int Discount { get; init; } = -1;
        public int Customer { get; init; } = -1;
        public int Country { get; init; } = -1;
        public int Currency { get; init; } = -1;

        /// <summary>The header name of a column, for the report.</summary>
        public string Name(int column) => column >= 0 && column < names.Count ? names[column] : "";
    }

    /// <summary>What the reader remembers of each order number.</summary>
    private sealed class OrderState
    {
        public long FirstRow { get; set; }
        public int Lines { get; set; }
        public bool Claimed { get; set; }
        public string? Customer { get; set; }
        public string? Currency { get; set; }
    }
}
