using System.Runtime.CompilerServices;
using System.IO.Compression;
using System.Text;

namespace Vinculo.Core.Analytics.Files;

/// <summary>
/// Reads a transaction file (plain or gzip, found from its first bytes) into a <see cref="PurchaseLog"/>, straight
/// from bytes: no string per row, no CSV library. A purchase is a line with a quantity above zero and a customer id;
/// lines with a zero or negative quantity (cancellations, write-offs) or without a customer are counted, not kept, and
/// are not errors. A row that cannot be read (a bad date or number, a wrong number of fields) stops the read with a
/// <see cref="TransactionFileException"/> naming its line: the file is all or nothing.
/// </summary>
public static class TransactionFileReader
{
    private static readonly string[] OnlineRetailColumns = ["InvoiceNo", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID"];

    public static PurchaseLog Read(string path, TransactionFileFormat format, CancellationToken ct = default)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Read(file, format, ct);
    }

    /// <summary>Reads <paramref name="input"/> (left open). A seekable stream is checked for gzip; other streams must be plain text.</summary>
    public static PurchaseLog Read(Stream input, TransactionFileFormat format, CancellationToken ct = default)
    {
        var compressed = false;
        if (input.CanSeek)
        {
            var origin = input.Position;
            Span<byte> magic = stackalloc byte[2];
            var got = input.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            compressed = got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
            input.Position = origin;
        }

        using var gzip = compressed ? new GZipStream(input, CompressionMode.Decompress, leaveOpen: true) : null;
        // Decompression on a second core while this one parses.
        using var ahead = gzip is null ? null : new ReadAheadStream(gzip);
        var lines = new ByteLineReader(ahead ?? input, ct);
        try
        {
            return format == TransactionFileFormat.Cdnow ? ReadCdnow(lines) : ReadOnlineRetail(lines);
        }
        catch (InvalidDataException e)
        {
            throw new TransactionFileException(lines.Row, $"the file cannot be decompressed ({e.Message.TrimEnd('.')})");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static PurchaseLog ReadOnlineRetail(ByteLineReader lines)
    {
        if (!lines.Next(out var header))
        {
            throw new TransactionFileException(1, "the file is empty; expected the header " + string.Join(',', OnlineRetailColumns));
        }

        Span<int> columns = stackalloc int[OnlineRetailColumns.Length];
        var names = SplitHeader(header);
        for (var c = 0; c < OnlineRetailColumns.Length; c++)
        {
            columns[c] = names.IndexOf(OnlineRetailColumns[c]);
            if (columns[c] < 0)
            {
                throw new TransactionFileException(1, $"the header has no column {OnlineRetailColumns[c]} (found: {string.Join(',', names)})");
            }
        }

        var fieldCount = names.Count;
        int invoiceColumn = columns[0], quantityColumn = columns[1], dateColumn = columns[2], priceColumn = columns[3], customerColumn = columns[4];
        Span<int> starts = stackalloc int[fieldCount];
        Span<int> lengths = stackalloc int[fieldCount];

        var log = new PurchaseLog();
        var customers = new Dictionary<long, int>();
        var invoices = new InvoiceNumbers();
        var lastCustomerId = long.MinValue;
        var lastCustomer = -1;
        Span<byte> lastDate = stackalloc byte[40];
        var lastDateLength = -1;
        var lastDay = 0;
        long rows = 0, notPurchases = 0, withoutCustomer = 0;

        while (lines.Next(out var record))
        {
            if (record.IsEmpty)
            {
                continue;
            }

            rows++;
            var found = SplitCsv(record, starts, lengths);
            if (found != fieldCount)
            {
                throw new TransactionFileException(lines.Row, $"expected {fieldCount} fields, found {found}");
            }

            var quantityText = record.Slice(starts[quantityColumn], lengths[quantityColumn]);
            if (!FieldParsers.TryParseInt64(quantityText, out var quantity) || quantity is > int.MaxValue or < int.MinValue)
            {
                throw new TransactionFileException(lines.Row, $"Quantity '{FieldParsers.Text(quantityText)}' is not a whole number");
            }

            var priceText = record.Slice(starts[priceColumn], lengths[priceColumn]);
            if (!FieldParsers.TryParseDecimal(priceText, out var mantissa, out var scale))
            {
                throw new TransactionFileException(lines.Row, $"UnitPrice '{FieldParsers.Text(priceText)}' is not a number");
            }

            var dateText = FieldParsers.TrimSpaces(record.Slice(starts[dateColumn], lengths[dateColumn]));
            if (dateText.Length != lastDateLength || !dateText.SequenceEqual(lastDate[..lastDateLength]))
            {
                if (!FieldParsers.TryParseDay(dateText, out lastDay))
                {
                    throw new TransactionFileException(lines.Row,
                        $"InvoiceDate '{FieldParsers.Text(dateText)}' is not a date (yyyy-MM-dd HH:mm:ss or M/d/yyyy H:mm)");
                }

                if (dateText.Length <= lastDate.Length)
                {
                    dateText.CopyTo(lastDate);
                    lastDateLength = dateText.Length;
                }
                else
                {
                    lastDateLength = -1;
                }
            }

            var customerText = record.Slice(starts[customerColumn], lengths[customerColumn]);
            if (!FieldParsers.TryParseCustomerId(customerText, out var customerId, out var hasCustomer))
            {
                throw new TransactionFileException(lines.Row, $"CustomerID '{FieldParsers.Text(customerText)}' is not a whole number");
            }

            var invoiceText = FieldParsers.TrimSpaces(record.Slice(starts[invoiceColumn], lengths[invoiceColumn]));
            if (invoiceText.IsEmpty)
            {
                throw new TransactionFileException(lines.Row, "InvoiceNo is empty");
            }

            if (!hasCustomer)
            {
                withoutCustomer++;
                continue;
            }

            if (quantity <= 0)
            {
                notPurchases++;
                continue;
            }

            if (!FieldParsers.TryMultiply(mantissa, scale, quantity, out var amount))
            {
                throw new TransactionFileException(lines.Row, "Quantity × UnitPrice is too large");
            }

            if (customerId != lastCustomerId)
            {
                if (!customers.TryGetValue(customerId, out lastCustomer))
                {
                    lastCustomer = log.AddCustomer(customerId);
                    customers.Add(customerId, lastCustomer);
                }

                lastCustomerId = customerId;
            }

            log.Add(lastCustomer, lastDay, invoices.IndexOf(invoiceText), amount);
        }

        log.Rows = rows;
        log.NotPurchases = notPurchases;
        log.WithoutCustomer = withoutCustomer;
        log.InvoiceCount = invoices.Count;
        return log;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static PurchaseLog ReadCdnow(ByteLineReader lines)
    {
        var log = new PurchaseLog();
        var customers = new Dictionary<long, int>();
        var lastCustomerId = long.MinValue;
        var lastCustomer = -1;
        long rows = 0, notPurchases = 0;
        Span<Range> tokens = stackalloc Range[8];
        var expected = 0;
        int idColumn = 0, dateColumn = 0, cdsColumn = 0, dollarsColumn = 0;
        while (lines.Next(out var record))
        {
            var count = SplitSpaces(record, tokens);
            if (count == 0)
            {
                continue;
            }

            if (expected == 0)
            {
                var first = record[tokens[0]];
                if (!FieldParsers.TryParseInt64(first, out _))
                {
                    // CDNOW_master.txt: customer_id date number_of_cds dollar_value
                    if (count != 4 || !first.SequenceEqual("customer_id"u8))
                    {
                        throw new TransactionFileException(lines.Row,
                            "not a CDNOW file: expected the header 'customer_id date number_of_cds dollar_value' or rows 'master_id sample_id yyyymmdd cds dollars'");
                    }

                    expected = 4;
                    (idColumn, dateColumn, cdsColumn, dollarsColumn) = (0, 1, 2, 3);
                    continue;
                }

                if (count is not (4 or 5))
                {
                    throw new TransactionFileException(lines.Row, $"expected 5 values (master id, sample id, yyyymmdd, CDs, dollars) or 4 (id, yyyymmdd, CDs, dollars), found {count}");
                }

                expected = count;
                (idColumn, dateColumn, cdsColumn, dollarsColumn) = count == 5 ? (0, 2, 3, 4) : (0, 1, 2, 3);
            }

            if (count != expected)
            {
                throw new TransactionFileException(lines.Row, $"expected {expected} values separated by spaces, found {count}");
            }

            rows++;
            var idText = record[tokens[idColumn]];
            if (!FieldParsers.TryParseCustomerId(idText, out var customerId, out _))
            {
                throw new TransactionFileException(lines.Row, $"customer id '{FieldParsers.Text(idText)}' is not a whole number");
            }

            var dateText = record[tokens[dateColumn]];
            if (!FieldParsers.TryParseCompactDay(dateText, out var day))
            {
                throw new TransactionFileException(lines.Row, $"date '{FieldParsers.Text(dateText)}' is not a date (yyyymmdd)");
            }

            var cdsText = record[tokens[cdsColumn]];
            if (!FieldParsers.TryParseInt64(cdsText, out var cds))
            {
                throw new TransactionFileException(lines.Row, $"number of CDs '{FieldParsers.Text(cdsText)}' is not a whole number");
            }

            var dollarsText = record[tokens[dollarsColumn]];
            if (!FieldParsers.TryParseDecimal(dollarsText, out var mantissa, out var scale))
            {
                throw new TransactionFileException(lines.Row, $"dollar value '{FieldParsers.Text(dollarsText)}' is not a number");
            }

            if (cds <= 0)
            {
                notPurchases++;
                continue;
            }

            if (customerId != lastCustomerId)
            {
                if (!customers.TryGetValue(customerId, out lastCustomer))
                {
                    lastCustomer = log.AddCustomer(customerId);
                    customers.Add(customerId, lastCustomer);
                }

                lastCustomerId = customerId;
            }

            FieldParsers.TryMultiply(mantissa, scale, 1, out var amount);
            // Every CDNOW record is its own order.
            log.Add(lastCustomer, day, log.InvoiceCount++, amount);
        }

        log.Rows = rows;
        log.NotPurchases = notPurchases;
        return log;
    }

    private static List<string> SplitHeader(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            header = header[3..];
        }

        var count = SplitCsv(header, [], []);
        Span<int> starts = stackalloc int[count];
        Span<int> lengths = stackalloc int[count];
        SplitCsv(header, starts, lengths);
        var names = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            names.Add(Encoding.UTF8.GetString(FieldParsers.TrimSpaces(header.Slice(starts[i], lengths[i]))));
        }

        return names;
    }

    /// <summary>
    /// Splits a CSV record on commas outside double quotes; a quoted field's span is its text between the quotes (a
    /// doubled quote inside stays doubled: no field this reader parses may contain one). Returns the number of fields;
    /// only the first <c>starts.Length</c> are stored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int SplitCsv(ReadOnlySpan<byte> record, Span<int> starts, Span<int> lengths)
    {
        var count = 0;
        var i = 0;
        if (!record.Contains((byte)'"'))
        {
            while (true)
            {
                var comma = record[i..].IndexOf((byte)',');
                var end = comma < 0 ? record.Length : i + comma;
                if (count < starts.Length)
                {
                    starts[count] = i;
                    lengths[count] = end - i;
                }

                count++;
                if (comma < 0)
                {
                    return count;
                }

                i = end + 1;
            }
        }

        while (true)
        {
            int start, length;
            if (i < record.Length && record[i] == (byte)'"')
            {
                start = i + 1;
                var j = start;
                while (true)
                {
                    var q = record[j..].IndexOf((byte)'"');
                    if (q < 0)
                    {
                        j = record.Length;
                        break;
                    }

                    j += q;
                    if (j + 1 < record.Length && record[j + 1] == (byte)'"')
                    {
                        j += 2;
                        continue;
                    }

                    break;
                }

                length = j - start;
                var comma = j < record.Length ? record[j..].IndexOf((byte)',') : -1;
                i = comma < 0 ? record.Length + 1 : j + comma + 1;
            }
            else
            {
                start = i;
                var comma = record[i..].IndexOf((byte)',');
                length = comma < 0 ? record.Length - i : comma;
                i = comma < 0 ? record.Length + 1 : i + comma + 1;
            }

            if (count < starts.Length)
            {
                starts[count] = start;
                lengths[count] = length;
            }

            count++;
            if (i > record.Length)
            {
                return count;
            }
        }
    }

    private static int SplitSpaces(ReadOnlySpan<byte> record, Span<Range> tokens)
    {
        var count = 0;
        var i = 0;
        while (i < record.Length)
        {
            while (i < record.Length && (record[i] == (byte)' ' || record[i] == (byte)'\t'))
            {
                i++;
            }

            if (i == record.Length)
            {
                break;
            }

            var start = i;
            while (i < record.Length && record[i] != (byte)' ' && record[i] != (byte)'\t')
            {
                i++;
            }

            if (count < tokens.Length)
            {
                tokens[count] = start..i;
            }

            count++;
        }

        return count;
    }

    /// <summary>
    /// Distinct invoice numbers → 0-based indexes without a string per row: numbers of up to eight bytes are packed
    /// into a 64-bit key (text has no zero bytes, so the packing is unique); longer ones become strings once each.
    /// </summary>
    private sealed class InvoiceNumbers
    {
        private readonly Dictionary<ulong, int> _short = [];
        private readonly Dictionary<string, int> _long = new(StringComparer.Ordinal);
        private readonly byte[] _last = new byte[64];
        private int _lastLength = -1;
        private int _lastIndex;

        public int Count { get; private set; }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public int IndexOf(ReadOnlySpan<byte> invoice)
        {
            if (invoice.Length == _lastLength && invoice.SequenceEqual(_last.AsSpan(0, _lastLength)))
            {
                return _lastIndex;
            }

            int index;
            if (invoice.Length <= 8)
            {
                ulong key = 0;
                foreach (var b in invoice)
                {
                    key = (key << 8) | b;
                }

                if (!_short.TryGetValue(key, out index))
                {
                    index = Count++;
                    _short.Add(key, index);
                }
            }
            else
            {
                var text = Encoding.UTF8.GetString(invoice);
                if (!_long.TryGetValue(text, out index))
                {
                    index = Count++;
                    _long.Add(text, index);
                }
            }

            if (invoice.Length <= _last.Length)
            {
                invoice.CopyTo(_last);
                _lastLength = invoice.Length;
            }
            else
            {
                _lastLength = -1;
            }

            _lastIndex = index;
            return index;
        }
    }
}
