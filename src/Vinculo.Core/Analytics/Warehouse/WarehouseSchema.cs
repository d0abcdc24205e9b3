using System.Globalization;
using System.Text;
using Vinculo.Core.Common;

namespace Vinculo.Core.Analytics.Warehouse;

/// <summary>
/// The warehouse's star schema (docs/warehouse.md): table names and DDL, fixed so that the analytics pipeline can write
/// SQL against them, and the SQL fragments the loader uses to turn staged operational values into warehouse values.
/// </summary>
public static class WarehouseSchema
{
    public const string DimCustomer = "dim_customer";
    public const string DimProduct = "dim_product";
    public const string DimDate = "dim_date";
    public const string FactOrderLine = "fact_order_line";
    public const string FactInvoice = "fact_invoice";
    public const string FactPayment = "fact_payment";
    public const string FactInteraction = "fact_interaction";
    public const string FactCase = "fact_case";
    public const string FactContract = "fact_contract";
    public const string FactReturn = "fact_return";
    public const string Loads = "warehouse_loads";

    /// <summary>Every table of the star schema plus the load bookkeeping, in load order.</summary>
    public static readonly IReadOnlyList<string> Tables =
    [
        DimCustomer, DimProduct, DimDate, FactOrderLine, FactInvoice, FactPayment, FactInteraction, FactCase, FactContract,
        FactReturn, Loads,
    ];

    /// <summary>Whether <paramref name="name"/> is one of <see cref="Tables"/> (exact, lower case).</summary>
    public static bool IsTable(string? name) => name is not null && Tables.Contains(name, StringComparer.Ordinal);

    /// <summary>The DDL of every warehouse table (DuckDB). Keys are logical: DuckDB's indexes would only slow the bulk loads.</summary>
    public const string Ddl = """
        CREATE TABLE dim_customer (
            customer_key BIGINT NOT NULL, display_name VARCHAR NOT NULL, kind VARCHAR NOT NULL, lifecycle VARCHAR NOT NULL,
            tier VARCHAR, segment VARCHAR, preferred_language VARCHAR NOT NULL, preferred_channel VARCHAR, country VARCHAR,
            created_at TIMESTAMP NOT NULL, external_source VARCHAR);
        CREATE TABLE dim_product (
            product_key BIGINT NOT NULL, sku VARCHAR NOT NULL, name_es VARCHAR NOT NULL, name_en VARCHAR NOT NULL, category VARCHAR,
            list_price DECIMAL(18,4) NOT NULL, currency VARCHAR NOT NULL, active BOOLEAN NOT NULL);
        CREATE TABLE dim_date (
            date_key INTEGER NOT NULL, date DATE NOT NULL, year INTEGER NOT NULL, quarter INTEGER NOT NULL, month INTEGER NOT NULL,
            day INTEGER NOT NULL, iso_week INTEGER NOT NULL, day_of_week INTEGER NOT NULL, is_weekend BOOLEAN NOT NULL);
        CREATE TABLE fact_order_line (
            order_line_id BIGINT NOT NULL, order_id BIGINT NOT NULL, customer_key BIGINT, product_key BIGINT NOT NULL,
            date_key INTEGER NOT NULL, ordered_at TIMESTAMP NOT NULL, channel VARCHAR NOT NULL, order_status VARCHAR NOT NULL,
            quantity INTEGER NOT NULL, unit_price DECIMAL(18,4) NOT NULL, discount DECIMAL(18,4) NOT NULL, amount DECIMAL(18,4) NOT NULL,
            returned_quantity INTEGER NOT NULL, currency VARCHAR NOT NULL);
        CREATE TABLE fact_invoice (
            invoice_id BIGINT NOT NULL, customer_key BIGINT NOT NULL, date_key INTEGER NOT NULL, issued_at TIMESTAMP NOT NULL,
            due_at TIMESTAMP NOT NULL, kind VARCHAR NOT NULL, status VARCHAR NOT NULL, total DECIMAL(18,4) NOT NULL,
            settled DECIMAL(18,4) NOT NULL, currency VARCHAR NOT NULL, settled_at TIMESTAMP, days_late INTEGER);
        CREATE TABLE fact_payment (
            payment_id BIGINT NOT NULL, customer_key BIGINT NOT NULL, invoice_id BIGINT, date_key INTEGER NOT NULL,
            paid_at TIMESTAMP NOT NULL, method VARCHAR NOT NULL, amount DECIMAL(18,4) NOT NULL, currency VARCHAR NOT NULL);
        CREATE TABLE fact_interaction (
            interaction_id BIGINT NOT NULL, customer_key BIGINT NOT NULL, date_key INTEGER NOT NULL, occurred_at TIMESTAMP NOT NULL,
            channel VARCHAR NOT NULL, direction VARCHAR NOT NULL, duration_seconds INTEGER);
        CREATE TABLE fact_case (
            case_id BIGINT NOT NULL, customer_key BIGINT NOT NULL, date_key INTEGER NOT NULL, created_at TIMESTAMP NOT NULL,
            resolved_at TIMESTAMP, closed_at TIMESTAMP, type VARCHAR NOT NULL, channel VARCHAR NOT NULL, priority VARCHAR NOT NULL,
            status VARCHAR NOT NULL, sla_breached BOOLEAN NOT NULL);
        CREATE TABLE fact_contract (
            contract_id BIGINT NOT NULL, customer_key BIGINT NOT NULL, product_key BIGINT NOT NULL, started_at TIMESTAMP NOT NULL,
            cancelled_at TIMESTAMP, status VARCHAR NOT NULL, price DECIMAL(18,4) NOT NULL, billing_period VARCHAR NOT NULL,
            currency VARCHAR NOT NULL);
        CREATE TABLE fact_return (
            return_id BIGINT NOT NULL, customer_key BIGINT, product_key BIGINT NOT NULL, date_key INTEGER NOT NULL,
            requested_at TIMESTAMP NOT NULL, quantity INTEGER NOT NULL, reason VARCHAR NOT NULL, refund_amount DECIMAL(18,4) NOT NULL,
            status VARCHAR NOT NULL, currency VARCHAR NOT NULL);
        CREATE TABLE warehouse_loads (
            table_name VARCHAR NOT NULL, mode VARCHAR NOT NULL, "rows" BIGINT NOT NULL, watermark VARCHAR, loaded_at TIMESTAMP NOT NULL);
        CREATE TABLE warehouse_watermarks (source VARCHAR NOT NULL, value BIGINT NOT NULL);
        """;

    /// <summary>A staged money value (BIGINT ten-thousandths) as DECIMAL(18,4): exact, same storage.</summary>
    internal static string Money(string column) => $"CAST(({column}) * 0.0001 AS DECIMAL(18,4))";

    /// <summary>A staged timestamp (BIGINT microseconds since the epoch, UTC) as a TIMESTAMP.</summary>
    internal static string Ts(string column) => $"make_timestamp({column})";

    /// <summary>The yyyymmdd key of a staged timestamp's UTC date.</summary>
    internal static string DateKey(string column) =>
        $"CAST(year(make_timestamp({column})) * 10000 + month(make_timestamp({column})) * 100 + day(make_timestamp({column})) AS INTEGER)";

    /// <summary>A staged enum value (its integer) as its camelCase name; an unknown value keeps its number as text.</summary>
    internal static string Enum<T>(string column) where T : struct, System.Enum
    {
        var sb = new StringBuilder("CASE ").Append(column);
        foreach (var value in System.Enum.GetValues<T>())
        {
            sb.Append(" WHEN ").Append(Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture))
                .Append(" THEN '").Append(EnumText.Camel(value)).Append('\'');
        }

        return sb.Append(" ELSE CAST(").Append(column).Append(" AS VARCHAR) END").ToString();
    }
}
