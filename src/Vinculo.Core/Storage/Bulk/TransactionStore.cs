using Vinculo.Core.Commerce.Import;
using Vinculo.Core.Storage;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Customers;

namespace Vinculo.Core.Storage.Bulk;

/// <summary>
/// The database side of <see cref="TransactionImport"/>: set-based lookups and bulk writes of customers, products,
/// orders, order lines and returns, all on one connection and inside one transaction, bypassing EF Core (prepared
/// statements on SQLite, binary COPY on PostgreSQL, as <see cref="Storage.Bulk.BulkWriter"/> does for customers).
/// </summary>
/// <remarks>
/// Every write sets the ids the database assigned on the entities it was given, so later rows can reference them
/// without reading anything back. Nothing is visible to other connections before <see cref="Commit"/>.
/// </remarks>
internal abstract class TransactionStore : IAsyncDisposable
{
    /// <summary>Opens a connection to the configured database. The schema must already be migrated.</summary>
    public static async Task<TransactionStore> Open(DatabaseSettings settings, CancellationToken ct)
    {
        TransactionStore store = settings.IsSqlite ? new SqliteTransactionStore(settings) : new PostgresTransactionStore(settings);
        try
        {
            await store.OpenConnection(ct);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    protected abstract Task OpenConnection(CancellationToken ct);

    public abstract Task Begin(CancellationToken ct);

    public abstract Task Commit(CancellationToken ct);

    public abstract Task Rollback(CancellationToken ct);

    /// <summary>Customer ids by external id, among <paramref name="externalIds"/> of <paramref name="source"/>.</summary>
    public abstract Task<Dictionary<string, long>> FindCustomers(string source, IReadOnlyCollection<string> externalIds, CancellationToken ct);

    /// <summary>Inserts customers, their addresses and their external ids; sets <see cref="Customer.Id"/>.</summary>
    public abstract Task CreateCustomers(string source, IReadOnlyList<(Customer Customer, string ExternalId)> customers, CancellationToken ct);

    /// <summary>The products among these SKUs, by SKU (compared exactly).</summary>
    public abstract Task<Dictionary<string, Product>> FindProducts(IReadOnlyCollection<string> skus, CancellationToken ct);

    /// <summary>Inserts products; sets <see cref="Product.Id"/>.</summary>
    public abstract Task CreateProducts(IReadOnlyList<Product> products, CancellationToken ct);

    /// <summary>Writes names, list price, currency, search text, updated_at and version of existing products.</summary>
    public abstract Task UpdateProducts(IReadOnlyList<Product> products, CancellationToken ct);

    /// <summary>The order numbers among <paramref name="numbers"/> that <paramref name="source"/> already has.</summary>
    public abstract Task<HashSet<string>> FindOrders(string source, IReadOnlyCollection<string> numbers, CancellationToken ct);

    /// <summary>Inserts orders (not their lines); sets <see cref="Order.Id"/>.</summary>
    public abstract Task WriteOrders(IReadOnlyList<Order> orders, CancellationToken ct);

    /// <summary>Inserts order lines (their <see cref="OrderLine.OrderId"/> set); sets <see cref="OrderLine.Id"/>.</summary>
    public abstract Task WriteOrderLines(IReadOnlyList<OrderLine> lines, CancellationToken ct);

    /// <summary>Writes total, line count, ordered_at and updated_at of orders that got more lines after they were written.</summary>
    public abstract Task UpdateOrders(IReadOnlyList<Order> orders, CancellationToken ct);

    /// <summary>The external keys among <paramref name="keys"/> that returns of <paramref name="source"/> already have.</summary>
    public abstract Task<HashSet<string>> FindReturns(string source, IReadOnlyCollection<string> keys, CancellationToken ct);

    /// <summary>Every order line of these customers, with its order's time, for linking returns.</summary>
    public abstract Task<List<SoldLine>> FindSoldLines(IReadOnlyCollection<long> customerIds, CancellationToken ct);

    /// <summary>Inserts returns; sets <see cref="ProductReturn.Id"/>.</summary>
    public abstract Task WriteReturns(IReadOnlyList<ProductReturn> returns, CancellationToken ct);

    /// <summary>Adds to order lines' returned quantity.</summary>
    public abstract Task AddReturnedQuantities(IReadOnlyList<(long LineId, int Quantity)> changes, CancellationToken ct);

    public abstract ValueTask DisposeAsync();

    protected const string CustomerColumns =
        "kind, lifecycle, tax_id, first_name, last_name, company_name, display_name, search_name, preferred_language, " +
        "preferred_channel, temperament, temperament_note, attributes, created_at, updated_at, version";

    protected const string ProductColumns =
        "sku, name_es, name_en, category, list_price, currency, warranty_months, active, search_text, created_at, updated_at, version";

    protected const string OrderColumns =
        "customer_id, number, source, channel, status, ordered_at, currency, total, line_count, created_at, updated_at, version";

    protected const string OrderLineColumns =
        "order_id, customer_id, product_id, line_no, description, quantity, unit_price, discount, returned_quantity";

    protected const string ReturnColumns =
        "customer_id, order_id, order_line_id, product_id, quantity, reason, note, refund_amount, currency, status, requested_at, " +
        "resolved_at, source, external_key, created_at, updated_at, version";
}

/// <summary>An order line a return may be linked to: the most recent earlier one of the same customer and product.</summary>
/// <param name="Order">Its order: the one being imported (whose time may still move earlier), or one read back with its id and time.</param>
internal sealed class SoldLine(long id, Order order, long customerId, long productId, int quantity, int returned)
{
    public long Id { get; } = id;
    public Order Order { get; } = order;
    public long CustomerId { get; } = customerId;
    public long ProductId { get; } = productId;
    public int Quantity { get; } = quantity;
    public int Returned { get; set; } = returned;
}
