using System.Data.Common;
using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Vinculo.Core.Common;
using Vinculo.Core.Storage;
using Vinculo.Domain.Commerce;

namespace Vinculo.Core.Commerce.Billing;

/// <summary>
/// What customers owe: one customer's account (balance, overdue, aging) and the receivables list (customers with overdue debt,
/// most owed first). Both read only open invoices, through the partial indexes on them (ix_invoices_open, ix_invoices_open_due),
/// so their cost follows the unpaid invoices, not all invoices or all customers. Sums are done on the ten-thousandths in SQL.
/// </summary>
public sealed class ReceivablesService(VinculoDb db, TimeProvider clock)
{
    private DateTime Now => Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);

    /// <summary>The customer's account per currency; null when there is no such customer.</summary>
    public async Task<CustomerAccount?> Account(long customerId, CancellationToken ct = default)
    {
        var name = await db.Customers.Where(c => c.Id == customerId).Select(c => c.DisplayName).FirstOrDefaultAsync(ct);
        if (name is null)
        {
            return null;
        }

        var now = Now;
        var open = await db.Invoices.AsNoTracking()
            .Where(i => i.CustomerId == customerId && i.Status == InvoiceStatus.Open && i.Kind == InvoiceKind.Invoice)
            .Select(i => new { i.Currency, i.DueAt, i.Total, i.Settled })
            .ToListAsync(ct);
        var onAccount = await db.Payments.AsNoTracking()
            .Where(p => p.CustomerId == customerId && p.InvoiceId == null)
            .Select(p => new { p.Currency, p.Amount })
            .ToListAsync(ct);

        var accounts = new Dictionary<string, AccountTally>(StringComparer.Ordinal);
        AccountTally For(string currency) => accounts.TryGetValue(currency, out var a) ? a : accounts[currency] = new AccountTally();
        foreach (var i in open)
        {
            For(i.Currency).AddInvoice(i.DueAt, i.Total - i.Settled, now);
        }

        foreach (var p in onAccount)
        {
            For(p.Currency).OnAccount += p.Amount;
        }

        var currencies = accounts.Select(a => Account(a.Key, a.Value, now))
            .OrderByDescending(a => a.Outstanding).ThenBy(a => a.Currency, StringComparer.Ordinal).ToList();
        return new CustomerAccount(customerId, name, currencies, now);
    }

    /// <summary>Customers with overdue debt, most overdue first; a keyset page on (overdue amount, customer id, currency).</summary>
    public async Task<Page<ReceivableRow>> List(ReceivablesQuery query, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, 50);
        var now = Now;
        var filter = Filter(query, now, errors);
        (long Overdue, long CustomerId, string Currency)? after = null;
        if (Cursor.TryDecode(query.Cursor) is { } raw)
        {
            var parts = raw.Split(':', 3);
            if (parts.Length == 3 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var overdue)
                && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var customer) && CommerceMath.IsCurrencyCode(parts[2]))
            {
                after = (overdue, customer, parts[2]);
            }
            else
            {
                errors.Add("cursor", "The cursor is not valid; use the nextCursor of a previous page.");
            }
        }

        errors.ThrowIfInvalid();
        var rows = await Rows(filter, now, after, limit + 1, ct);
        var hasMore = rows.Count > limit;
        rows = rows.Take(limit).ToList();
        var items = await Complete(rows, now, ct);
        string? next = null;
        if (hasMore)
        {
            var last = rows[^1];
            next = Cursor.Encode(string.Create(CultureInfo.InvariantCulture, $"{last.OverdueScaled}:{last.CustomerId}:{last.Currency}"));
        }

        return new Page<ReceivableRow>(items, next);
    }

    /// <summary>All overdue debt per currency (the whole list's totals, whatever the filters).</summary>
    public async Task<IReadOnlyList<ReceivablesTotal>> Totals(CancellationToken ct = default)
    {
        var limits = AgingLimits.At(Now);
        var sql = $"""
            SELECT currency, COUNT(DISTINCT customer_id), COUNT(*), SUM(total - settled), {BucketSums(false)}
            FROM invoices
            WHERE status = 1 AND due_at < @now AND kind = 1
            GROUP BY currency
            ORDER BY SUM(total - settled) DESC, currency
            """;
        return await Query(sql, command => AddLimits(command, limits), r => new ReceivablesTotal(r.GetString(0), r.Int(1), r.Int(2), r.Money(3),
            new Aging(0, r.Money(4), r.Money(5), r.Money(6), r.Money(7))), ct);
    }

    /// <summary>Checks a query's filters (throws <see cref="ValidationException"/>), e.g. before a response starts streaming.</summary>
    public void Validate(ReceivablesQuery query)
    {
        var errors = new ValidationErrors();
        Filter(query, Now, errors);
        errors.ThrowIfInvalid();
    }

    /// <summary>Writes the whole receivables list (with the query's filters) as CSV, page by page.</summary>
    /// <returns>The number of rows written.</returns>
    public async Task<long> ExportCsv(ReceivablesQuery query, TextWriter output, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var now = Now;
        var filter = Filter(query, now, errors);
        errors.ThrowIfInvalid();
        await using var csv = CsvWriter.Create(output, CsvWriterOptions.Default with { NewLine = "\n", FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: true);
        csv.WriteHeader([
            "customer_id", "customer_name", "currency", "overdue", "days_overdue", "oldest_due_at", "overdue_invoices", "open_invoices",
            "current", "days_0_30", "days_31_60", "days_61_90", "days_over_90",
        ]);
        // One aggregation for the whole list (a keyset page at a time would aggregate the open invoices once per page), then
        // names and amounts not yet due a thousand customers at a time.
        var rows = await Rows(filter, now, null, int.MaxValue, ct);
        long written = 0;
        foreach (var batch in rows.Chunk(1000))
        {
            foreach (var row in await Complete(batch.ToList(), now, ct))
            {
                csv.WriteField(row.CustomerId.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(row.CustomerName);
                csv.WriteField(row.Currency);
                csv.WriteField(Amount(row.Overdue));
                csv.WriteField(row.DaysOverdue.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(row.OldestDueAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                csv.WriteField(row.OverdueInvoices.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(row.OpenInvoices.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(Amount(row.Aging.Current));
                csv.WriteField(Amount(row.Aging.Days0To30));
                csv.WriteField(Amount(row.Aging.Days31To60));
                csv.WriteField(Amount(row.Aging.Days61To90));
                csv.WriteField(Amount(row.Aging.Over90));
                csv.EndRecord();
                written++;
            }

            await csv.FlushAsync(ct);
        }

        await csv.FlushAsync(ct);
        return written;
    }

    private static string Amount(decimal value) => value.ToString("0.00##", CultureInfo.InvariantCulture);

    // ---- the list's SQL ----

    private sealed record ListFilter(DateTime? OldestBefore, DateTime? OldestFrom, string? Currency);

    private sealed record RawRow(
        long CustomerId, string Currency, long OverdueScaled, DateTime OldestDueAt, int OverdueInvoices, decimal D0To30, decimal D31To60,
        decimal D61To90, decimal Over90);

    /// <summary>The overdue amount split by the age buckets, as four sums (named b1..b4 when <paramref name="named"/>).</summary>
    private static string BucketSums(bool named) => $"""
        SUM(CASE WHEN due_at >= @d30 THEN total - settled ELSE 0 END){(named ? " AS b1" : "")},
        SUM(CASE WHEN due_at < @d30 AND due_at >= @d60 THEN total - settled ELSE 0 END){(named ? " AS b2" : "")},
        SUM(CASE WHEN due_at < @d60 AND due_at >= @d90 THEN total - settled ELSE 0 END){(named ? " AS b3" : "")},
        SUM(CASE WHEN due_at < @d90 THEN total - settled ELSE 0 END){(named ? " AS b4" : "")}
        """;

    private void AddLimits(DbCommand command, AgingLimits limits)
    {
        command.Add("@now", SqlReading.TimestampParameter(limits.Now, db.IsSqlite));
        command.Add("@d30", SqlReading.TimestampParameter(limits.D30, db.IsSqlite));
        command.Add("@d60", SqlReading.TimestampParameter(limits.D60, db.IsSqlite));
        command.Add("@d90", SqlReading.TimestampParameter(limits.D90, db.IsSqlite));
    }

    private static ListFilter Filter(ReceivablesQuery query, DateTime now, ValidationErrors errors)
    {
        var limits = AgingLimits.At(now);
        DateTime? before = null;
        DateTime? from = null;
        if (query.MinDaysOverdue is { } min)
        {
            if (min is < 0 or > 36_500)
            {
                errors.Add("minDaysOverdue", "Between 0 and 36500 days.");
            }
            else
            {
                before = limits.DueBeforeForDaysLate(min);
            }
        }

        if (!string.IsNullOrWhiteSpace(query.Bucket))
        {
            if (ParseBucket(query.Bucket) is { } bucket)
            {
                var range = limits.DueRange(bucket);
                from = Later(from, range.From);
                before = Earlier(before, range.Before);
            }
            else
            {
                errors.Add("bucket", "Use one of: 0-30, 31-60, 61-90, 90+ (days overdue of the oldest unpaid invoice).");
            }
        }

        var currency = BillingInputs.Currency(query.Currency, "currency", errors);
        return new ListFilter(before, from, currency);
    }

    /// <summary>"0-30", "31-60", "61-90", "90+" or the enum's names (days0To30, over90); null when unknown or "current".</summary>
    public static AgingBucket? ParseBucket(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "0-30" or "1-30" => AgingBucket.Days0To30,
        "31-60" => AgingBucket.Days31To60,
        "61-90" => AgingBucket.Days61To90,
        "90+" or ">90" or "91+" => AgingBucket.Over90,
        var other => EnumText.TryParse<AgingBucket>(other, out var b) && b != AgingBucket.Current && Enum.IsDefined(b) ? b : null,
    };

    private static DateTime? Later(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static DateTime? Earlier(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private async Task<List<RawRow>> Rows(ListFilter filter, DateTime now, (long Overdue, long CustomerId, string Currency)? after, int take, CancellationToken ct)
    {
        var limits = AgingLimits.At(now);
        var sql = new StringBuilder($"""
            SELECT customer_id, currency, overdue, oldest_due, overdue_count, b1, b2, b3, b4 FROM (
                SELECT customer_id, currency, SUM(total - settled) AS overdue, MIN(due_at) AS oldest_due, COUNT(*) AS overdue_count,
                       {BucketSums(true)}
                FROM invoices
                WHERE status = 1 AND due_at < @now AND kind = 1{(filter.Currency is null ? "" : " AND currency = @currency")}
                GROUP BY customer_id, currency
            ) t
            WHERE 1 = 1
            """);
        if (filter.OldestBefore is not null)
        {
            sql.Append(" AND oldest_due < @oldestBefore");
        }

        if (filter.OldestFrom is not null)
        {
            sql.Append(" AND oldest_due >= @oldestFrom");
        }

        if (after is not null)
        {
            sql.Append(" AND (overdue < @afterOverdue OR (overdue = @afterOverdue AND (customer_id > @afterCustomer OR (customer_id = @afterCustomer AND currency > @afterCurrency))))");
        }

        sql.Append(" ORDER BY overdue DESC, customer_id, currency LIMIT @take");
        var sqlite = db.IsSqlite;
        return await Query(sql.ToString(), command =>
        {
            AddLimits(command, limits);
            if (filter.Currency is not null)
            {
                command.Add("@currency", filter.Currency);
            }

            if (filter.OldestBefore is { } b)
            {
                command.Add("@oldestBefore", SqlReading.TimestampParameter(b, sqlite));
            }

            if (filter.OldestFrom is { } f)
            {
                command.Add("@oldestFrom", SqlReading.TimestampParameter(f, sqlite));
            }

            if (after is { } a)
            {
                command.Add("@afterOverdue", a.Overdue);
                command.Add("@afterCustomer", a.CustomerId);
                command.Add("@afterCurrency", a.Currency);
            }

            command.Add("@take", take);
        }, r => new RawRow(r.GetInt64(0), r.GetString(1), Scaled(r, 2), r.Timestamp(3, sqlite), r.Int(4),
            r.Money(5), r.Money(6), r.Money(7), r.Money(8)), ct);
    }

    /// <summary>A SUM of money as ten-thousandths (PostgreSQL's SUM of a BIGINT is numeric).</summary>
    private static long Scaled(DbDataReader r, int ordinal) => r.GetFieldValue<object>(ordinal) switch
    {
        long l => l,
        var o => Convert.ToInt64(o, CultureInfo.InvariantCulture),
    };

    /// <summary>Adds the names and what is not yet due (through ix_invoices_open, by customer) to a page of rows.</summary>
    private async Task<List<ReceivableRow>> Complete(List<RawRow> rows, DateTime now, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var ids = rows.Select(r => r.CustomerId).Distinct().ToList();
        var names = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.DisplayName, ct);
        var current = await db.Invoices.AsNoTracking()
            .Where(i => ids.Contains(i.CustomerId) && i.Status == InvoiceStatus.Open && i.Kind == InvoiceKind.Invoice && i.DueAt >= now)
            .Select(i => new { i.CustomerId, i.Currency, i.Total, i.Settled })
            .ToListAsync(ct);
        var currentBy = current.GroupBy(i => (i.CustomerId, i.Currency))
            .ToDictionary(g => g.Key, g => (Amount: g.Sum(i => i.Total - i.Settled), Count: g.Count()));
        return rows.Select(r =>
        {
            var (amount, count) = currentBy.GetValueOrDefault((r.CustomerId, r.Currency));
            var overdue = Money4.FromScaled(r.OverdueScaled);
            return new ReceivableRow(r.CustomerId, names.GetValueOrDefault(r.CustomerId) ?? "", r.Currency, overdue,
                Receivables.DaysOverdue(r.OldestDueAt, now), r.OldestDueAt, r.OverdueInvoices, r.OverdueInvoices + count,
                new Aging(amount, r.D0To30, r.D31To60, r.D61To90, r.Over90));
        }).ToList();
    }

    private async Task<List<T>> Query<T>(string sql, Action<DbCommand> parameters, Func<DbDataReader, T> read, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            parameters(command);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var list = new List<T>();
            while (await reader.ReadAsync(ct))
            {
                list.Add(read(reader));
            }

            return list;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static CurrencyAccount Account(string currency, AccountTally t, DateTime now) => new(
        currency, t.Balance, t.Aging.Total, t.OnAccount, t.Aging.Overdue, t.DaysOverdue(now), t.OldestOverdue, t.OpenInvoices, t.OverdueInvoices, t.Aging);
}
