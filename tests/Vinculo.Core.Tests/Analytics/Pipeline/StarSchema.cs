using System.Globalization;
using DuckDB.NET.Data;
using Vinculo.Core.Analytics.Warehouse;

namespace Vinculo.Core.Tests.Analytics.Pipeline;

/// <summary>
/// An in-memory DuckDB with the warehouse's star schema created with the loader's own DDL, so
/// the feature and label queries are tested on rows whose expected figures are obvious, independently of the loader.
/// </summary>
public sealed class StarSchema : IDisposable
{
    public StarSchema()
    {
        Connection = new DuckDBConnection("Data Source=:memory:");
        Connection.Open();
        Execute(WarehouseSchema.Ddl);
    }

    public DuckDBConnection Connection { get; }

    private long _next = 1;

    public void Execute(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string Ts(string? at) => at is null ? "NULL" : $"TIMESTAMP '{at}'";

    private static string Num(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public void Customer(long id, string createdAt = "2020-01-01 00:00:00") =>
        Execute($"INSERT INTO dim_customer VALUES ({id}, 'C{id}', 'person', 'active', NULL, NULL, 'es', NULL, 'ES', {Ts(createdAt)}, NULL)");

    public void OrderLine(long customer, long product, string at, int quantity, decimal unitPrice, long? order = null, string status = "delivered")
    {
        var id = _next++;
        Execute($"INSERT INTO fact_order_line VALUES ({id}, {order ?? id}, {customer}, {product}, 0, {Ts(at)}, 'web', '{status}', {quantity}, {Num(unitPrice)}, 0, {Num(quantity * unitPrice)}, 0, 'EUR')");
    }

    public void Invoice(long customer, string issued, string due, decimal total, string? settledAt, string status = "open", string kind = "invoice")
    {
        var id = _next++;
        Execute($"INSERT INTO fact_invoice VALUES ({id}, {customer}, 0, {Ts(issued)}, {Ts(due)}, '{kind}', '{status}', {Num(total)}, {(settledAt is null ? "0" : Num(total))}, 'EUR', {Ts(settledAt)}, NULL)");
        if (settledAt is not null)
        {
            Execute($"INSERT INTO fact_payment VALUES ({_next++}, {customer}, {id}, 0, {Ts(settledAt)}, 'card', {Num(total)}, 'EUR')");
        }
    }

    public void Payment(long customer, long? invoice, string at, decimal amount) =>
        Execute($"INSERT INTO fact_payment VALUES ({_next++}, {customer}, {(invoice is null ? "NULL" : invoice.Value.ToString(CultureInfo.InvariantCulture))}, 0, {Ts(at)}, 'card', {Num(amount)}, 'EUR')");

    public void Interaction(long customer, string at, string direction = "inbound", string channel = "phone") =>
        Execute($"INSERT INTO fact_interaction VALUES ({_next++}, {customer}, 0, {Ts(at)}, '{channel}', '{direction}', 60)");

    public void Case(long customer, string at, string type = "question", bool breached = false) =>
        Execute($"INSERT INTO fact_case VALUES ({_next++}, {customer}, 0, {Ts(at)}, NULL, NULL, '{type}', 'phone', 'normal', 'open', {(breached ? "true" : "false")})");

    public void Contract(long customer, long product, string started, string? cancelled) =>
        Execute($"INSERT INTO fact_contract VALUES ({_next++}, {customer}, {product}, {Ts(started)}, {Ts(cancelled)}, '{(cancelled is null ? "active" : "cancelled")}', 30, 'monthly', 'EUR')");

    public void Return(long customer, long product, string at, int quantity) =>
        Execute($"INSERT INTO fact_return VALUES ({_next++}, {customer}, {product}, 0, {Ts(at)}, {quantity}, 'damaged', 10, 'refunded', 'EUR')");

    public void Dispose() => Connection.Dispose();
}
