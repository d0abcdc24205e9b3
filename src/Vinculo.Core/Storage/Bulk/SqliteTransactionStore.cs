using Vinculo.Core.Commerce.Import;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using Vinculo.Core.Storage;
using Vinculo.Core.Storage.Bulk;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Customers;

namespace Vinculo.Core.Storage.Bulk;

/// <summary>
/// SQLite: one connection, one IMMEDIATE transaction, one statement per table compiled once and reused for every row.
/// Orders, order lines and returns get ids reserved above the table's maximum (nobody else writes while the
/// transaction holds the lock) and go in several rows per statement with values bound by position, as the demo
/// seeder's <see cref="SqliteBulkWriter"/> writes them; the few customers and products go one by one. Set lookups pass
/// their keys as one JSON array parameter (<c>IN (SELECT value FROM json_each($keys))</c>), one statement whatever
/// the number of keys.
/// </summary>
internal sealed class SqliteTransactionStore(DatabaseSettings settings) : TransactionStore
{
    private SqliteConnection _connection = null!;
    private SqliteTransaction? _transaction;
    private readonly Dictionary<string, Statement> _statements = new(StringComparer.Ordinal);
    private readonly SqliteIds _ids = new();
    private SqliteBulkWriter.BatchInsert<Order>? _orders;
    private SqliteBulkWriter.BatchInsert<OrderLine>? _lines;
    private SqliteBulkWriter.BatchInsert<ProductReturn>? _returns;

    protected override async Task OpenConnection(CancellationToken ct)
    {
        _connection = new SqliteConnection(settings.ConnectionString);
        await _connection.OpenAsync(ct);
        SqliteConnectionSetup.Apply(_connection);

        // Foreign keys are not checked on this connection: every row written here references a customer, product, order
        // or line found or written in the same transaction, so the check would only repeat a B-tree search per row.
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA foreign_keys = OFF";
        command.ExecuteNonQuery();
    }

    public override Task Begin(CancellationToken ct)
    {
        if (_transaction is not null)
        {
            throw new InvalidOperationException("A transaction is already open.");
        }

        // IMMEDIATE (deferred: false) takes the write lock now, so a concurrent writer cannot make the import fail half-way.
        _transaction = _connection.BeginTransaction(deferred: false);
        return Task.CompletedTask;
    }

    public override Task Commit(CancellationToken ct)
    {
        var tx = _transaction ?? throw new InvalidOperationException("No transaction is open.");
        tx.Commit();
        End();
        return Task.CompletedTask;
    }

    public override Task Rollback(CancellationToken ct)
    {
        if (_transaction is { } tx)
        {
            tx.Rollback();
            End();
        }

        return Task.CompletedTask;
    }

    private void End()
    {
        _transaction!.Dispose();
        _transaction = null;
        foreach (var statement in _statements.Values)
        {
            statement.Dispose();
        }

        _statements.Clear();
        foreach (var batch in new IDisposable?[] { _orders, _lines, _returns })
        {
            batch?.Dispose();
        }

        (_orders, _lines, _returns) = (null, null, null);
        _ids.Forget();
    }

    public override Task<Dictionary<string, long>> FindCustomers(string source, IReadOnlyCollection<string> externalIds, CancellationToken ct)
    {
        var found = new Dictionary<string, long>(StringComparer.Ordinal);
        if (externalIds.Count > 0)
        {
            Query("SELECT external_id, customer_id FROM customer_external_ids WHERE source = $1 AND external_id IN (SELECT value FROM json_each($2))",
                [source, Json(externalIds)], r => found[r.GetString(0)] = r.GetInt64(1));
        }

        return Task.FromResult(found);
    }

    public override Task CreateCustomers(string source, IReadOnlyList<(Customer Customer, string ExternalId)> customers, CancellationToken ct)
    {
        var insert = Prepare($"INSERT INTO customers ({CustomerColumns}) VALUES ({Placeholders(16)})", 16);
        var address = Prepare("INSERT INTO customer_addresses (customer_id, label, line1, line2, city, region, postal_code, country) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", 8);
        var external = Prepare("INSERT INTO customer_external_ids (source, external_id, customer_id) VALUES ($1, $2, $3)", 3);
        foreach (var (c, externalId) in customers)
        {
            ct.ThrowIfCancellationRequested();
            c.Id = insert.Insert((int)c.Kind, (int)c.Lifecycle, c.TaxId, c.FirstName, c.LastName, c.CompanyName, c.DisplayName, c.SearchName,
                c.PreferredLanguage, c.PreferredChannel is { } channel ? (int)channel : null, (int)c.Temperament, c.TemperamentNote,
                c.Attributes.Count == 0 ? "{}" : JsonSerializer.Serialize(c.Attributes), Timestamps.ToMicroseconds(c.CreatedAt),
                Timestamps.ToMicroseconds(c.UpdatedAt), c.Version);
            foreach (var a in c.Addresses)
            {
                a.CustomerId = c.Id;
                a.Id = address.Insert(a.CustomerId, a.Label, a.Line1, a.Line2, a.City, a.Region, a.PostalCode, a.Country);
            }

            external.Insert(source, externalId, c.Id);
        }

        return Task.CompletedTask;
    }

    public override Task<Dictionary<string, Product>> FindProducts(IReadOnlyCollection<string> skus, CancellationToken ct)
    {
        var found = new Dictionary<string, Product>(StringComparer.Ordinal);
        if (skus.Count > 0)
        {
            Query("SELECT id, sku, name_es, name_en, category, list_price, currency, warranty_months, active, search_text, created_at, updated_at, version " +
                  "FROM products WHERE sku IN (SELECT value FROM json_each($1))", [Json(skus)], r =>
            {
                var p = new Product
                {
                    Id = r.GetInt64(0), Sku = r.GetString(1), NameEs = r.GetString(2), NameEn = r.GetString(3),
                    Category = r.IsDBNull(4) ? null : r.GetString(4), ListPrice = Money4.FromScaled(r.GetInt64(5)), Currency = r.GetString(6),
                    WarrantyMonths = r.GetInt32(7), Active = r.GetInt64(8) != 0, SearchText = r.GetString(9),
                    CreatedAt = Timestamps.FromMicroseconds(r.GetInt64(10)), UpdatedAt = Timestamps.FromMicroseconds(r.GetInt64(11)), Version = r.GetInt64(12),
                };
                found[p.Sku] = p;
            });
        }

        return Task.FromResult(found);
    }

    public override Task CreateProducts(IReadOnlyList<Product> products, CancellationToken ct)
    {
        var insert = Prepare($"INSERT INTO products ({ProductColumns}) VALUES ({Placeholders(12)})", 12);
        foreach (var p in products)
        {
            p.Id = insert.Insert(p.Sku, p.NameEs, p.NameEn, p.Category, Money4.ToScaled(p.ListPrice), p.Currency, p.WarrantyMonths, p.Active ? 1 : 0,
                p.SearchText, Timestamps.ToMicroseconds(p.CreatedAt), Timestamps.ToMicroseconds(p.UpdatedAt), p.Version);
        }

        return Task.CompletedTask;
    }

    public override Task UpdateProducts(IReadOnlyList<Product> products, CancellationToken ct)
    {
        var update = Prepare("UPDATE products SET name_es = $2, name_en = $3, list_price = $4, currency = $5, search_text = $6, updated_at = $7, version = $8 WHERE id = $1", 8);
        foreach (var p in products)
        {
            update.Execute(p.Id, p.NameEs, p.NameEn, Money4.ToScaled(p.ListPrice), p.Currency, p.SearchText, Timestamps.ToMicroseconds(p.UpdatedAt), p.Version);
        }

        return Task.CompletedTask;
    }

    public override Task<HashSet<string>> FindOrders(string source, IReadOnlyCollection<string> numbers, CancellationToken ct)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (numbers.Count > 0)
        {
            Query("SELECT number FROM orders WHERE source = $1 AND number IN (SELECT value FROM json_each($2))", [source, Json(numbers)], r => found.Add(r.GetString(0)));
        }

        return Task.FromResult(found);
    }

    public override Task WriteOrders(IReadOnlyList<Order> orders, CancellationToken ct)
    {
        var id = ReserveIds("orders", orders.Count);
        foreach (var o in orders)
        {
            o.Id = id++;
        }

        (_orders ??= new(_connection.Handle!, "orders", "id, " + OrderColumns, 13, static (s, i, o) =>
        {
            s.Long(i + 1, o.Id);
            s.NullableLong(i + 2, o.CustomerId);
            s.Text(i + 3, o.Number);
            s.Text(i + 4, o.Source);
            s.Int(i + 5, (int)o.Channel);
            s.Int(i + 6, (int)o.Status);
            s.Long(i + 7, Timestamps.ToMicroseconds(o.OrderedAt));
            s.Text(i + 8, o.Currency);
            s.Long(i + 9, Money4.ToScaled(o.Total));
            s.Int(i + 10, o.LineCount);
            s.Long(i + 11, Timestamps.ToMicroseconds(o.CreatedAt));
            s.Long(i + 12, Timestamps.ToMicroseconds(o.UpdatedAt));
            s.Long(i + 13, o.Version);
        })).Insert(orders, ct);
        return Task.CompletedTask;
    }

    public override Task WriteOrderLines(IReadOnlyList<OrderLine> lines, CancellationToken ct)
    {
        var id = ReserveIds("order_lines", lines.Count);
        foreach (var l in lines)
        {
            l.Id = id++;
        }

        (_lines ??= new(_connection.Handle!, "order_lines", "id, " + OrderLineColumns, 10, static (s, i, l) =>
        {
            s.Long(i + 1, l.Id);
            s.Long(i + 2, l.OrderId);
            s.NullableLong(i + 3, l.CustomerId);
            s.Long(i + 4, l.ProductId);
            s.Int(i + 5, l.LineNo);
            s.Text(i + 6, l.Description);
            s.Int(i + 7, l.Quantity);
            s.Long(i + 8, Money4.ToScaled(l.UnitPrice));
            s.Long(i + 9, Money4.ToScaled(l.Discount));
            s.Int(i + 10, l.ReturnedQuantity);
        })).Insert(lines, ct);
        return Task.CompletedTask;
    }

    public override Task UpdateOrders(IReadOnlyList<Order> orders, CancellationToken ct)
    {
        var update = Prepare("UPDATE orders SET total = $2, line_count = $3, ordered_at = $4, updated_at = $5 WHERE id = $1", 5);
        foreach (var o in orders)
        {
            update.Execute(o.Id, Money4.ToScaled(o.Total), o.LineCount, Timestamps.ToMicroseconds(o.OrderedAt), Timestamps.ToMicroseconds(o.UpdatedAt));
        }

        return Task.CompletedTask;
    }

    public override Task<HashSet<string>> FindReturns(string source, IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (keys.Count > 0)
        {
            Query("SELECT external_key FROM returns WHERE source = $1 AND external_key IN (SELECT value FROM json_each($2))", [source, Json(keys)],
                r => found.Add(r.GetString(0)));
        }

        return Task.FromResult(found);
    }

    public override Task<List<SoldLine>> FindSoldLines(IReadOnlyCollection<long> customerIds, CancellationToken ct)
    {
        var lines = new List<SoldLine>();
        var orders = new Dictionary<long, Order>();
        if (customerIds.Count > 0)
        {
            Query("SELECT l.id, l.order_id, l.customer_id, l.product_id, o.ordered_at, l.quantity, l.returned_quantity " +
                  "FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.customer_id IN (SELECT value FROM json_each($1))", [Json(customerIds)], r =>
            {
                var orderId = r.GetInt64(1);
                if (!orders.TryGetValue(orderId, out var order))
                {
                    orders[orderId] = order = new Order { Id = orderId, OrderedAt = Timestamps.FromMicroseconds(r.GetInt64(4)) };
                }

                lines.Add(new SoldLine(r.GetInt64(0), order, r.GetInt64(2), r.GetInt64(3), r.GetInt32(5), r.GetInt32(6)));
            });
        }

        return Task.FromResult(lines);
    }

    public override Task WriteReturns(IReadOnlyList<ProductReturn> returns, CancellationToken ct)
    {
        var id = ReserveIds("returns", returns.Count);
        foreach (var r in returns)
        {
            r.Id = id++;
        }

        (_returns ??= new(_connection.Handle!, "returns", "id, " + ReturnColumns, 18, static (s, i, r) =>
        {
            s.Long(i + 1, r.Id);
            s.NullableLong(i + 2, r.CustomerId);
            s.NullableLong(i + 3, r.OrderId);
            s.NullableLong(i + 4, r.OrderLineId);
            s.Long(i + 5, r.ProductId);
            s.Int(i + 6, r.Quantity);
            s.Int(i + 7, (int)r.Reason);
            s.Text(i + 8, r.Note);
            s.Long(i + 9, Money4.ToScaled(r.RefundAmount));
            s.Text(i + 10, r.Currency);
            s.Int(i + 11, (int)r.Status);
            s.Long(i + 12, Timestamps.ToMicroseconds(r.RequestedAt));
            s.NullableLong(i + 13, r.ResolvedAt is { } resolved ? Timestamps.ToMicroseconds(resolved) : null);
            s.Text(i + 14, r.Source);
            s.Text(i + 15, r.ExternalKey);
            s.Long(i + 16, Timestamps.ToMicroseconds(r.CreatedAt));
            s.Long(i + 17, Timestamps.ToMicroseconds(r.UpdatedAt));
            s.Long(i + 18, r.Version);
        })).Insert(returns, ct);
        return Task.CompletedTask;
    }

    public override Task AddReturnedQuantities(IReadOnlyList<(long LineId, int Quantity)> changes, CancellationToken ct)
    {
        var update = Prepare("UPDATE order_lines SET returned_quantity = returned_quantity + $2 WHERE id = $1", 2);
        foreach (var (lineId, quantity) in changes)
        {
            update.Execute(lineId, quantity);
        }

        return Task.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            await Rollback(CancellationToken.None);
        }

        await _connection.DisposeAsync();
    }

    /// <summary>The first of <paramref name="count"/> new ids of <paramref name="table"/>, unique for the open transaction.</summary>
    private long ReserveIds(string table, int count) =>
        _ids.Reserve(_connection, _transaction ?? throw new InvalidOperationException("Call Begin first."), table, count);

    private static string Json<T>(IReadOnlyCollection<T> values) => JsonSerializer.Serialize(values);

    private static string Placeholders(int count) => string.Join(", ", Enumerable.Range(1, count).Select(i => $"${i}"));

    private void Query(string sql, object[] parameters, Action<SqliteDataReader> row)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        for (var i = 0; i < parameters.Length; i++)
        {
            command.Parameters.AddWithValue($"${i + 1}", parameters[i]);
        }

        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            row(reader);
        }
    }

    /// <summary>The statement for this SQL, compiled on first use in the transaction and reused after.</summary>
    private Statement Prepare(string sql, int parameters)
    {
        if (!_statements.TryGetValue(sql, out var statement))
        {
            var tx = _transaction ?? throw new InvalidOperationException("Call Begin first.");
            _statements[sql] = statement = new Statement(_connection, tx, sql, parameters);
        }

        return statement;
    }

    /// <summary>A prepared command whose parameters ($1, $2, …) are set by position on every execution.</summary>
    private sealed class Statement : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _command;
        private readonly SqliteParameter[] _parameters;

        public Statement(SqliteConnection connection, SqliteTransaction tx, string sql, int parameters)
        {
            _connection = connection;
            _command = connection.CreateCommand();
            _command.Transaction = tx;
            _command.CommandText = sql;
            _parameters = new SqliteParameter[parameters];
            for (var i = 0; i < parameters; i++)
            {
                _parameters[i] = _command.Parameters.Add(new SqliteParameter($"${i + 1}", DBNull.Value));
            }

            _command.Prepare();
        }

        public void Execute(params ReadOnlySpan<object?> values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                _parameters[i].Value = values[i] ?? DBNull.Value;
            }

            _command.ExecuteNonQuery();
        }

        /// <summary>Executes an INSERT and returns the new row's id.</summary>
        public long Insert(params ReadOnlySpan<object?> values)
        {
            Execute(values);
            return raw.sqlite3_last_insert_rowid(_connection.Handle);
        }

        public void Dispose() => _command.Dispose();
    }
}
