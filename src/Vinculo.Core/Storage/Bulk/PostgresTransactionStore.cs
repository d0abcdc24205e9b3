using Vinculo.Core.Commerce.Import;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Vinculo.Core.Storage;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Customers;

namespace Vinculo.Core.Storage.Bulk;

/// <summary>
/// PostgreSQL: binary COPY into every table inside one transaction. Ids are drawn from each table's identity sequence
/// up front (one round trip per batch) and copied explicitly, so lines can reference their order without reading
/// anything back. Lookups and updates pass their keys as one array parameter, joined as <c>unnest(@keys)</c>: the
/// planner then looks each key up in the index, where <c>= ANY(@keys)</c> may filter every row of a source against
/// the whole array (it has no statistics on tables the import is filling).
/// </summary>
internal sealed class PostgresTransactionStore(DatabaseSettings settings) : TransactionStore
{
    private NpgsqlConnection _connection = null!;
    private NpgsqlTransaction? _transaction;

    protected override async Task OpenConnection(CancellationToken ct)
    {
        _connection = new NpgsqlConnection(settings.ConnectionString);
        await _connection.OpenAsync(ct);
    }

    public override async Task Begin(CancellationToken ct)
    {
        if (_transaction is not null)
        {
            throw new InvalidOperationException("A transaction is already open.");
        }

        _transaction = await _connection.BeginTransactionAsync(ct);
    }

    public override async Task Commit(CancellationToken ct)
    {
        var tx = _transaction ?? throw new InvalidOperationException("No transaction is open.");
        await tx.CommitAsync(ct);
        await tx.DisposeAsync();
        _transaction = null;
    }

    public override async Task Rollback(CancellationToken ct)
    {
        if (_transaction is { } tx)
        {
            await tx.RollbackAsync(ct);
            await tx.DisposeAsync();
            _transaction = null;
        }
    }

    public override async Task<Dictionary<string, long>> FindCustomers(string source, IReadOnlyCollection<string> externalIds, CancellationToken ct)
    {
        var found = new Dictionary<string, long>(StringComparer.Ordinal);
        if (externalIds.Count > 0)
        {
            await Query("SELECT e.external_id, e.customer_id FROM unnest(@p2::text[]) AS k(id) JOIN customer_external_ids e ON e.source = @p1 AND e.external_id = k.id",
                [source, externalIds.ToArray()], r => found[r.GetString(0)] = r.GetInt64(1), ct);
        }

        return found;
    }

    public override async Task CreateCustomers(string source, IReadOnlyList<(Customer Customer, string ExternalId)> customers, CancellationToken ct)
    {
        if (customers.Count == 0)
        {
            return;
        }

        await AssignIds("customers", customers.Select(c => c.Customer).ToList(), (c, id) => c.Id = id, ct);
        await Copy(customers.Select(c => c.Customer), $"customers (id, {CustomerColumns})", (w, c) =>
        {
            w.Write(c.Id, NpgsqlDbType.Bigint);
            w.Write((int)c.Kind, NpgsqlDbType.Integer);
            w.Write((int)c.Lifecycle, NpgsqlDbType.Integer);
            Text(w, c.TaxId);
            Text(w, c.FirstName);
            Text(w, c.LastName);
            Text(w, c.CompanyName);
            w.Write(c.DisplayName, NpgsqlDbType.Text);
            w.Write(c.SearchName, NpgsqlDbType.Text);
            w.Write(c.PreferredLanguage, NpgsqlDbType.Text);
            Int(w, c.PreferredChannel is { } channel ? (int)channel : null);
            w.Write((int)c.Temperament, NpgsqlDbType.Integer);
            Text(w, c.TemperamentNote);
            w.Write(c.Attributes.Count == 0 ? "{}" : JsonSerializer.Serialize(c.Attributes), NpgsqlDbType.Text);
            w.Write(Utc(c.CreatedAt), NpgsqlDbType.TimestampTz);
            w.Write(Utc(c.UpdatedAt), NpgsqlDbType.TimestampTz);
            w.Write(c.Version, NpgsqlDbType.Bigint);
        }, ct);
        var addresses = customers.SelectMany(c => c.Customer.Addresses.Select(a => (a, c.Customer.Id))).ToList();
        foreach (var (address, customerId) in addresses)
        {
            address.CustomerId = customerId;
        }

        await Copy(addresses.Select(a => a.a), "customer_addresses (customer_id, label, line1, line2, city, region, postal_code, country)", (w, a) =>
        {
            w.Write(a.CustomerId, NpgsqlDbType.Bigint);
            Text(w, a.Label);
            w.Write(a.Line1, NpgsqlDbType.Text);
            Text(w, a.Line2);
            Text(w, a.City);
            Text(w, a.Region);
            Text(w, a.PostalCode);
            Text(w, a.Country);
        }, ct);
        await Copy(customers, "customer_external_ids (source, external_id, customer_id)", (w, c) =>
        {
            w.Write(source, NpgsqlDbType.Text);
            w.Write(c.ExternalId, NpgsqlDbType.Text);
            w.Write(c.Customer.Id, NpgsqlDbType.Bigint);
        }, ct);
    }

    public override async Task<Dictionary<string, Product>> FindProducts(IReadOnlyCollection<string> skus, CancellationToken ct)
    {
        var found = new Dictionary<string, Product>(StringComparer.Ordinal);
        if (skus.Count > 0)
        {
            await Query("SELECT p.id, p.sku, p.name_es, p.name_en, p.category, p.list_price, p.currency, p.warranty_months, p.active, p.search_text, " +
                        "p.created_at, p.updated_at, p.version FROM unnest(@p1::text[]) AS k(sku) JOIN products p ON p.sku = k.sku", [skus.ToArray()], r =>
            {
                var p = new Product
                {
                    Id = r.GetInt64(0), Sku = r.GetString(1), NameEs = r.GetString(2), NameEn = r.GetString(3),
                    Category = r.IsDBNull(4) ? null : r.GetString(4), ListPrice = Money4.FromScaled(r.GetInt64(5)), Currency = r.GetString(6),
                    WarrantyMonths = r.GetInt32(7), Active = r.GetBoolean(8), SearchText = r.GetString(9),
                    CreatedAt = r.GetDateTime(10), UpdatedAt = r.GetDateTime(11), Version = r.GetInt64(12),
                };
                found[p.Sku] = p;
            }, ct);
        }

        return found;
    }

    public override async Task CreateProducts(IReadOnlyList<Product> products, CancellationToken ct)
    {
        await AssignIds("products", products, (p, id) => p.Id = id, ct);
        await Copy(products, $"products (id, {ProductColumns})", (w, p) =>
        {
            w.Write(p.Id, NpgsqlDbType.Bigint);
            w.Write(p.Sku, NpgsqlDbType.Text);
            w.Write(p.NameEs, NpgsqlDbType.Text);
            w.Write(p.NameEn, NpgsqlDbType.Text);
            Text(w, p.Category);
            w.Write(Money4.ToScaled(p.ListPrice), NpgsqlDbType.Bigint);
            w.Write(p.Currency, NpgsqlDbType.Text);
            w.Write(p.WarrantyMonths, NpgsqlDbType.Integer);
            w.Write(p.Active, NpgsqlDbType.Boolean);
            w.Write(p.SearchText, NpgsqlDbType.Text);
            w.Write(Utc(p.CreatedAt), NpgsqlDbType.TimestampTz);
            w.Write(Utc(p.UpdatedAt), NpgsqlDbType.TimestampTz);
            w.Write(p.Version, NpgsqlDbType.Bigint);
        }, ct);
    }

    public override async Task UpdateProducts(IReadOnlyList<Product> products, CancellationToken ct)
    {
        if (products.Count == 0)
        {
            return;
        }

        await Execute(
            "UPDATE products p SET name_es = v.name_es, name_en = v.name_en, list_price = v.list_price, currency = v.currency, " +
            "search_text = v.search_text, updated_at = v.updated_at, version = v.version " +
            "FROM unnest(@p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8) AS v(id, name_es, name_en, list_price, currency, search_text, updated_at, version) WHERE p.id = v.id",
            [
                products.Select(p => p.Id).ToArray(), products.Select(p => p.NameEs).ToArray(), products.Select(p => p.NameEn).ToArray(),
                products.Select(p => Money4.ToScaled(p.ListPrice)).ToArray(), products.Select(p => p.Currency).ToArray(),
                products.Select(p => p.SearchText).ToArray(), products.Select(p => Utc(p.UpdatedAt)).ToArray(), products.Select(p => p.Version).ToArray(),
            ], ct);
    }

    public override async Task<HashSet<string>> FindOrders(string source, IReadOnlyCollection<string> numbers, CancellationToken ct)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (numbers.Count > 0)
        {
            await Query("SELECT o.number FROM unnest(@p2::text[]) AS k(number) JOIN orders o ON o.source = @p1 AND o.number = k.number", [source, numbers.ToArray()],
                r => found.Add(r.GetString(0)), ct);
        }

        return found;
    }

    public override async Task WriteOrders(IReadOnlyList<Order> orders, CancellationToken ct)
    {
        await AssignIds("orders", orders, (o, id) => o.Id = id, ct);
        await Copy(orders, $"orders (id, {OrderColumns})", (w, o) =>
        {
            w.Write(o.Id, NpgsqlDbType.Bigint);
            Long(w, o.CustomerId);
            w.Write(o.Number, NpgsqlDbType.Text);
            Text(w, o.Source);
            w.Write((int)o.Channel, NpgsqlDbType.Integer);
            w.Write((int)o.Status, NpgsqlDbType.Integer);
            w.Write(Utc(o.OrderedAt), NpgsqlDbType.TimestampTz);
            w.Write(o.Currency, NpgsqlDbType.Text);
            w.Write(Money4.ToScaled(o.Total), NpgsqlDbType.Bigint);
            w.Write(o.LineCount, NpgsqlDbType.Integer);
            w.Write(Utc(o.CreatedAt), NpgsqlDbType.TimestampTz);
            w.Write(Utc(o.UpdatedAt), NpgsqlDbType.TimestampTz);
            w.Write(o.Version, NpgsqlDbType.Bigint);
        }, ct);
    }

    public override async Task WriteOrderLines(IReadOnlyList<OrderLine> lines, CancellationToken ct)
    {
        await AssignIds("order_lines", lines, (l, id) => l.Id = id, ct);
        await Copy(lines, $"order_lines (id, {OrderLineColumns})", (w, l) =>
        {
            w.Write(l.Id, NpgsqlDbType.Bigint);
            w.Write(l.OrderId, NpgsqlDbType.Bigint);
            Long(w, l.CustomerId);
            w.Write(l.ProductId, NpgsqlDbType.Bigint);
            w.Write(l.LineNo, NpgsqlDbType.Integer);
            Text(w, l.Description);
            w.Write(l.Quantity, NpgsqlDbType.Integer);
            w.Write(Money4.ToScaled(l.UnitPrice), NpgsqlDbType.Bigint);
            w.Write(Money4.ToScaled(l.Discount), NpgsqlDbType.Bigint);
            w.Write(l.ReturnedQuantity, NpgsqlDbType.Integer);
        }, ct);
    }

    public override async Task UpdateOrders(IReadOnlyList<Order> orders, CancellationToken ct)
    {
        if (orders.Count == 0)
        {
            return;
        }

        await Execute(
            "UPDATE orders o SET total = v.total, line_count = v.line_count, ordered_at = v.ordered_at, updated_at = v.updated_at " +
            "FROM unnest(@p1, @p2, @p3, @p4, @p5) AS v(id, total, line_count, ordered_at, updated_at) WHERE o.id = v.id",
            [
                orders.Select(o => o.Id).ToArray(), orders.Select(o => Money4.ToScaled(o.Total)).ToArray(), orders.Select(o => o.LineCount).ToArray(),
                orders.Select(o => Utc(o.OrderedAt)).ToArray(), orders.Select(o => Utc(o.UpdatedAt)).ToArray(),
            ], ct);
    }

    public override async Task<HashSet<string>> FindReturns(string source, IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (keys.Count > 0)
        {
            await Query("SELECT r.external_key FROM unnest(@p2::text[]) AS k(key) JOIN returns r ON r.source = @p1 AND r.external_key = k.key", [source, keys.ToArray()],
                r => found.Add(r.GetString(0)), ct);
        }

        return found;
    }

    public override async Task<List<SoldLine>> FindSoldLines(IReadOnlyCollection<long> customerIds, CancellationToken ct)
    {
        var lines = new List<SoldLine>();
        var orders = new Dictionary<long, Order>();
        if (customerIds.Count > 0)
        {
            await Query("SELECT l.id, l.order_id, l.customer_id, l.product_id, o.ordered_at, l.quantity, l.returned_quantity " +
                        "FROM unnest(@p1::bigint[]) AS k(id) JOIN order_lines l ON l.customer_id = k.id JOIN orders o ON o.id = l.order_id", [customerIds.ToArray()], r =>
            {
                var orderId = r.GetInt64(1);
                if (!orders.TryGetValue(orderId, out var order))
                {
                    orders[orderId] = order = new Order { Id = orderId, OrderedAt = r.GetDateTime(4) };
                }

                lines.Add(new SoldLine(r.GetInt64(0), order, r.GetInt64(2), r.GetInt64(3), r.GetInt32(5), r.GetInt32(6)));
            }, ct);
        }

        return lines;
    }

    public override async Task WriteReturns(IReadOnlyList<ProductReturn> returns, CancellationToken ct)
    {
        await AssignIds("returns", returns, (r, id) => r.Id = id, ct);
        await Copy(returns, $"returns (id, {ReturnColumns})", (w, r) =>
        {
            w.Write(r.Id, NpgsqlDbType.Bigint);
            Long(w, r.CustomerId);
            Long(w, r.OrderId);
            Long(w, r.OrderLineId);
            w.Write(r.ProductId, NpgsqlDbType.Bigint);
            w.Write(r.Quantity, NpgsqlDbType.Integer);
            w.Write((int)r.Reason, NpgsqlDbType.Integer);
            Text(w, r.Note);
            w.Write(Money4.ToScaled(r.RefundAmount), NpgsqlDbType.Bigint);
            w.Write(r.Currency, NpgsqlDbType.Text);
            w.Write((int)r.Status, NpgsqlDbType.Integer);
            w.Write(Utc(r.RequestedAt), NpgsqlDbType.TimestampTz);
            if (r.ResolvedAt is { } resolved)
            {
                w.Write(Utc(resolved), NpgsqlDbType.TimestampTz);
            }
            else
            {
                w.WriteNull();
            }

            Text(w, r.Source);
            Text(w, r.ExternalKey);
            w.Write(Utc(r.CreatedAt), NpgsqlDbType.TimestampTz);
            w.Write(Utc(r.UpdatedAt), NpgsqlDbType.TimestampTz);
            w.Write(r.Version, NpgsqlDbType.Bigint);
        }, ct);
    }

    public override async Task AddReturnedQuantities(IReadOnlyList<(long LineId, int Quantity)> changes, CancellationToken ct)
    {
        if (changes.Count == 0)
        {
            return;
        }

        // One line can be named several times (several returns): add them up first, UPDATE … FROM sees each id once.
        var sums = changes.GroupBy(c => c.LineId).Select(g => (Id: g.Key, Quantity: g.Sum(c => c.Quantity))).ToList();
        await Execute(
            "UPDATE order_lines l SET returned_quantity = l.returned_quantity + v.quantity FROM unnest(@p1, @p2) AS v(id, quantity) WHERE l.id = v.id",
            [sums.Select(s => s.Id).ToArray(), sums.Select(s => s.Quantity).ToArray()], ct);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_transaction is not null && _connection.State == System.Data.ConnectionState.Open)
        {
            await Rollback(CancellationToken.None);
        }

        await _connection.DisposeAsync();
    }

    /// <summary>Draws one id per row from the table's identity sequence.</summary>
    private async Task AssignIds<T>(string table, IReadOnlyList<T> rows, Action<T, long> assign, CancellationToken ct)
    {
        var ids = await PostgresIds.Reserve(_connection, _transaction, table, rows.Count, ct);
        for (var n = 0; n < ids.Count; n++)
        {
            assign(rows[n], ids[n]);
        }
    }

    private async Task Query(string sql, object[] parameters, Action<NpgsqlDataReader> row, CancellationToken ct)
    {
        await using var command = Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            row(reader);
        }
    }

    private async Task Execute(string sql, object[] parameters, CancellationToken ct)
    {
        await using var command = Command(sql, parameters);
        await command.ExecuteNonQueryAsync(ct);
    }

    private NpgsqlCommand Command(string sql, object[] parameters)
    {
        var command = new NpgsqlCommand(sql, _connection, _transaction ?? throw new InvalidOperationException("Call Begin first."));
        for (var i = 0; i < parameters.Length; i++)
        {
            command.Parameters.AddWithValue($"p{i + 1}", parameters[i]);
        }

        return command;
    }

    private Task Copy<T>(IEnumerable<T> rows, string target, Action<NpgsqlBinaryImporter, T> write, CancellationToken ct) =>
        NpgsqlCopy.Rows(_connection, rows, target, write, ct);

    private static void Text(NpgsqlBinaryImporter w, string? value) => NpgsqlCopy.Text(w, value);

    private static void Int(NpgsqlBinaryImporter w, int? value) => NpgsqlCopy.Int(w, value);

    private static void Long(NpgsqlBinaryImporter w, long? value) => NpgsqlCopy.Long(w, value);

    private static DateTime Utc(DateTime value) => NpgsqlCopy.Utc(value);
}
