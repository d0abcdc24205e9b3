namespace Vinculo.Core.Analytics.Warehouse;

/// <summary>How a staged column is read from the operational database and appended to DuckDB.</summary>
internal enum StageType : byte
{
    Int64,
    Int64Null,
    Int32,
    Int32Null,
    Text,
    TextNull,
    Bool,
}

internal sealed record StageColumn(string Name, StageType Type)
{
    public string DuckType => Type switch
    {
        StageType.Int64 or StageType.Int64Null => "BIGINT",
        StageType.Int32 or StageType.Int32Null => "INTEGER",
        StageType.Bool => "BOOLEAN",
        _ => "VARCHAR",
    };
}

/// <summary>
/// One staging table: operational rows copied as they are stored (ids, enum integers, money ten-thousandths, timestamps as
/// microseconds since the epoch), before one SQL statement turns them into warehouse rows.
/// </summary>
/// <param name="Name">The DuckDB staging table.</param>
/// <param name="Target">The warehouse table it feeds (progress is reported under this name).</param>
/// <param name="Source">The operational table whose id range splits the full read.</param>
/// <param name="Columns">Staged columns, in the order of the SELECT.</param>
/// <param name="Full">The SELECT of a full load (no WHERE clause: an id range is appended when split).</param>
/// <param name="Incremental">The SELECT of an incremental load, or null when the stage only exists in full loads.</param>
internal sealed record Stage(string Name, string Target, string Source, StageColumn[] Columns, string Full, string? Incremental)
{
    public string CreateSql => $"CREATE TABLE {Name} ({string.Join(", ", Columns.Select(c => $"{c.Name} {c.DuckType}"))})";
}

/// <summary>The staging tables and the SQL that reads them from SQLite or PostgreSQL.</summary>
internal static class WarehouseStages
{
    private static StageColumn C(string name, StageType type) => new(name, type);

    /// <summary>Builds the stage list for one provider. Parameters of incremental SELECTs: @id (an id watermark) and @ts (microseconds).</summary>
    public static IReadOnlyList<Stage> For(bool sqlite)
    {
        // Timestamps are read as microseconds since the epoch on both databases: the SQLite storage as is, PostgreSQL's
        // timestamptz through an exact integer conversion on the server.
        string T(string column) => sqlite ? column : $"(EXTRACT(EPOCH FROM {column}) * 1000000)::bigint";
        string P(string name) => sqlite ? name : $"(TIMESTAMPTZ 'epoch' + {name} * INTERVAL '1 microsecond')";
        var ts = P("@ts");

        var customerColumns = new[]
        {
            C("id", StageType.Int64), C("display_name", StageType.Text), C("kind", StageType.Int32), C("lifecycle", StageType.Int32),
            C("tier", StageType.TextNull), C("segment", StageType.TextNull), C("preferred_language", StageType.Text),
            C("preferred_channel", StageType.Int32Null), C("created_at", StageType.Int64), C("updated_at", StageType.Int64),
        };
        var customerSelect = $"SELECT id, display_name, kind, lifecycle, tier, segment, preferred_language, preferred_channel, {T("created_at")}, {T("updated_at")} FROM customers";

        var orderLineColumns = new[]
        {
            C("id", StageType.Int64), C("order_id", StageType.Int64), C("customer_id", StageType.Int64Null), C("product_id", StageType.Int64),
            C("quantity", StageType.Int32), C("unit_price", StageType.Int64), C("discount", StageType.Int64), C("returned_quantity", StageType.Int32),
        };
        var wideOrderLine = $"""
            SELECT ol.id, ol.order_id, ol.customer_id, ol.product_id, ol.quantity, ol.unit_price, ol.discount, ol.returned_quantity,
                   {T("o.ordered_at")}, o.channel, o.status, o.currency, {T("o.updated_at")}
            FROM order_lines ol JOIN orders o ON o.id = ol.order_id
            """;

        return
        [
            new Stage("stg_customer", WarehouseSchema.DimCustomer, "customers", customerColumns, customerSelect, customerSelect + $" WHERE updated_at >= {ts}"),
            new Stage("stg_address", WarehouseSchema.DimCustomer, "customer_addresses",
                [C("customer_id", StageType.Int64), C("id", StageType.Int64), C("country", StageType.TextNull)],
                "SELECT customer_id, id, country FROM customer_addresses",
                $"SELECT a.customer_id, a.id, a.country FROM customer_addresses a JOIN customers c ON c.id = a.customer_id WHERE c.updated_at >= {ts}"),
            new Stage("stg_external", WarehouseSchema.DimCustomer, "customer_external_ids",
                [C("customer_id", StageType.Int64), C("source", StageType.Text)],
                "SELECT customer_id, source FROM customer_external_ids",
                $"SELECT e.customer_id, e.source FROM customer_external_ids e JOIN customers c ON c.id = e.customer_id WHERE c.updated_at >= {ts}"),
            new Stage("stg_product", WarehouseSchema.DimProduct, "products",
                [
                    C("id", StageType.Int64), C("sku", StageType.Text), C("name_es", StageType.Text), C("name_en", StageType.Text),
                    C("category", StageType.TextNull), C("list_price", StageType.Int64), C("currency", StageType.Text), C("active", StageType.Bool),
                ],
                "SELECT id, sku, name_es, name_en, category, list_price, currency, active FROM products",
                "SELECT id, sku, name_es, name_en, category, list_price, currency, active FROM products"),

            // Full: lines and orders are read apart (two plain scans) and joined in DuckDB; incremental: joined at the source.
            new Stage("stg_ol", WarehouseSchema.FactOrderLine, "order_lines", orderLineColumns,
                "SELECT id, order_id, customer_id, product_id, quantity, unit_price, discount, returned_quantity FROM order_lines", null),
            new Stage("stg_order", WarehouseSchema.FactOrderLine, "orders",
                [
                    C("id", StageType.Int64), C("ordered_at", StageType.Int64), C("channel", StageType.Int32), C("status", StageType.Int32),
                    C("currency", StageType.Text), C("updated_at", StageType.Int64),
                ],
                $"SELECT id, {T("ordered_at")}, channel, status, currency, {T("updated_at")} FROM orders", null),
            new Stage("stg_order_line", WarehouseSchema.FactOrderLine, "order_lines",
                [
                    .. orderLineColumns, C("ordered_at", StageType.Int64), C("channel", StageType.Int32), C("status", StageType.Int32),
                    C("currency", StageType.Text), C("order_updated_at", StageType.Int64),
                ],
                "",
                // New lines, every line of an order changed since the last load (status), and the lines of returns changed
                // since then (returned quantity).
                $"""
                {wideOrderLine} WHERE ol.id > @id
                UNION
                {wideOrderLine} WHERE o.updated_at >= {P("@ts_orders")}
                UNION
                {wideOrderLine} WHERE ol.id IN (SELECT r.order_line_id FROM returns r WHERE r.order_line_id IS NOT NULL AND r.updated_at >= {P("@ts_returns")})
                """),

            new Stage("stg_invoice", WarehouseSchema.FactInvoice, "invoices",
                [
                    C("id", StageType.Int64), C("customer_id", StageType.Int64), C("kind", StageType.Int32), C("issued_at", StageType.Int64),
                    C("due_at", StageType.Int64), C("status", StageType.Int32), C("total", StageType.Int64), C("settled", StageType.Int64),
                    C("currency", StageType.Text), C("updated_at", StageType.Int64),
                ],
                $"SELECT id, customer_id, kind, {T("issued_at")}, {T("due_at")}, status, total, settled, currency, {T("updated_at")} FROM invoices",
                $"SELECT id, customer_id, kind, {T("issued_at")}, {T("due_at")}, status, total, settled, currency, {T("updated_at")} FROM invoices " +
                $"WHERE updated_at >= {ts} OR id IN (SELECT invoice_id FROM payments WHERE id > @id_payments AND invoice_id IS NOT NULL)"),
            new Stage("stg_payment", WarehouseSchema.FactPayment, "payments",
                [
                    C("id", StageType.Int64), C("customer_id", StageType.Int64), C("invoice_id", StageType.Int64Null), C("paid_at", StageType.Int64),
                    C("method", StageType.Int32), C("amount", StageType.Int64), C("currency", StageType.Text),
                ],
                $"SELECT id, customer_id, invoice_id, {T("paid_at")}, method, amount, currency FROM payments",
                $"SELECT id, customer_id, invoice_id, {T("paid_at")}, method, amount, currency FROM payments WHERE id > @id"),
            new Stage("stg_interaction", WarehouseSchema.FactInteraction, "interactions",
                [
                    C("id", StageType.Int64), C("customer_id", StageType.Int64), C("occurred_at", StageType.Int64), C("channel", StageType.Int32),
                    C("direction", StageType.Int32), C("duration_seconds", StageType.Int32Null),
                ],
                $"SELECT id, customer_id, {T("occurred_at")}, channel, direction, duration_seconds FROM interactions",
                $"SELECT id, customer_id, {T("occurred_at")}, channel, direction, duration_seconds FROM interactions WHERE id > @id"),
            new Stage("stg_case", WarehouseSchema.FactCase, "cases",
                [
                    C("id", StageType.Int64), C("customer_id", StageType.Int64), C("created_at", StageType.Int64), C("resolved_at", StageType.Int64Null),
                    C("closed_at", StageType.Int64Null), C("type", StageType.Text), C("channel", StageType.Int32), C("priority", StageType.Int32),
                    C("status", StageType.Int32), C("sla_breached", StageType.Int32), C("updated_at", StageType.Int64),
                ],
                CaseSelect(T),
                CaseSelect(T) + $" WHERE updated_at >= {ts}"),
            new Stage("stg_contract", WarehouseSchema.FactContract, "contracts",
                [
                    C("id", StageType.Int64), C("customer_id", StageType.Int64), C("product_id", StageType.Int64), C("started_at", StageType.Int64),
                    C("cancelled_at", StageType.Int64Null), C("status", StageType.Int32), C("price", StageType.Int64), C("billing_period", StageType.Int32),
                    C("currency", StageType.Text), C("updated_at", StageType.Int64),
                ],
                $"SELECT id, customer_id, product_id, {T("started_at")}, {T("cancelled_at")}, status, price, billing_period, currency, {T("updated_at")} FROM contracts",
                $"SELECT id, customer_id, product_id, {T("started_at")}, {T("cancelled_at")}, status, price, billing_period, currency, {T("updated_at")} FROM contracts WHERE updated_at >= {ts}"),
            new Stage("stg_return", WarehouseSchema.FactReturn, "returns",
                [
                    C("id", StageType.Int64), C("customer_id", StageType.Int64Null), C("product_id", StageType.Int64), C("requested_at", StageType.Int64),
                    C("quantity", StageType.Int32), C("reason", StageType.Int32), C("refund_amount", StageType.Int64), C("status", StageType.Int32),
                    C("currency", StageType.Text), C("updated_at", StageType.Int64),
                ],
                $"SELECT id, customer_id, product_id, {T("requested_at")}, quantity, reason, refund_amount, status, currency, {T("updated_at")} FROM returns",
                $"SELECT id, customer_id, product_id, {T("requested_at")}, quantity, reason, refund_amount, status, currency, {T("updated_at")} FROM returns WHERE updated_at >= {ts}"),

            // Incremental only: every customer id, to find the deleted ones.
            new Stage("stg_customer_ids", WarehouseSchema.DimCustomer, "customers", [C("id", StageType.Int64)], "", "SELECT id FROM customers"),
        ];
    }

    private static string CaseSelect(Func<string, string> t) =>
        $"SELECT id, customer_id, {t("created_at")}, {t("resolved_at")}, {t("closed_at")}, type, channel, priority, status, " +
        $"CASE WHEN fr_breached_at IS NOT NULL OR res_breached_at IS NOT NULL OR nr_breached_cycles > 0 THEN 1 ELSE 0 END, {t("updated_at")} FROM cases";
}
