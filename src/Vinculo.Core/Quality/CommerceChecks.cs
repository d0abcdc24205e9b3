using System.Data.Common;
using Vinculo.Core.Storage;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Quality;

namespace Vinculo.Core.Quality;

/// <summary>A finding and the customer its record belongs to (null for a guest order or a catalogue product).</summary>
public readonly record struct OwnedIssue(long? CustomerId, QualityIssue Issue);

/// <summary>
/// The amount and date rules over commerce records, set-based: each table is read once with a WHERE clause that
/// selects only rows that can break a rule (a superset of the rules, pushed to the database so a clean table costs
/// one scan and returns nothing), and each selected row is judged by the pure rules in
/// <see cref="AmountChecks"/> and <see cref="DateChecks"/>, which name the findings. With a customer id, only that
/// customer's records are read (through the customer_id indexes).
/// </summary>
internal static class CommerceChecks
{
    public static async Task Run(
        VinculoDb db, QualityLimits limits, DateTime now, long? customerId, Func<OwnedIssue, ValueTask> sink, CancellationToken ct)
    {
        var p = new Parameters(db, limits, now, customerId);
        var issues = new List<QualityIssue>(4);

        async Task Each(string sql, Action<DbDataReader, List<QualityIssue>> judge, Func<DbDataReader, long?> owner)
        {
            await using var command = QualitySql.Command(db, sql, p.All);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                issues.Clear();
                judge(reader, issues);
                var customer = owner(reader);
                foreach (var issue in issues)
                {
                    await sink(new OwnedIssue(customer, issue));
                }
            }
        }

        if (customerId is null)
        {
            await Each("""
                SELECT id, list_price FROM products WHERE list_price < 0 OR list_price > @maxAmount ORDER BY id
                """,
                (r, list) => AmountChecks.NonNegative(list, "product", r.Long(0), "listPrice", Money(r, 1), limits),
                _ => null);
        }

        await Each($"""
            SELECT id, customer_id, price, started_at, cancelled_at FROM contracts
            WHERE (price < 0 OR price > @maxAmount OR started_at < @old OR cancelled_at < started_at OR cancelled_at < @old){p.And("customer_id")}
            ORDER BY id
            """,
            (r, list) =>
            {
                var id = r.Long(0);
                AmountChecks.NonNegative(list, "contract", id, "price", Money(r, 2), limits);
                var started = r.Timestamp(3, p.Sqlite);
                DateTime? cancelled = r.IsDBNull(4) ? null : r.Timestamp(4, p.Sqlite);
                DateChecks.NotTooOld(list, "contract", id, "startedAt", started, limits);
                DateChecks.NotTooOld(list, "contract", id, "cancelledAt", cancelled, limits);
                DateChecks.InOrder(list, "contract", id, "startedAt", started, "cancelledAt", cancelled);
            },
            r => r.NullableLong(1));

        await Each($"""
            SELECT id, customer_id, total, ordered_at FROM orders
            WHERE (total < 0 OR total > @maxAmount OR ordered_at > @future OR ordered_at < @old){p.And("customer_id")}
            ORDER BY id
            """,
            (r, list) =>
            {
                var id = r.Long(0);
                AmountChecks.NonNegative(list, "order", id, "total", Money(r, 2), limits);
                DateChecks.Event(list, "order", id, "orderedAt", r.Timestamp(3, p.Sqlite), now, limits);
            },
            r => r.NullableLong(1));

        await Each($"""
            SELECT id, customer_id, quantity, unit_price, discount, returned_quantity FROM order_lines
            WHERE (quantity <= 0 OR quantity > @maxQuantity OR unit_price < 0 OR unit_price > @maxAmount OR discount < 0
                   OR discount > CAST(unit_price AS NUMERIC) * quantity + @tolerance OR returned_quantity < 0 OR returned_quantity > quantity){p.And("customer_id")}
            ORDER BY id
            """,
            (r, list) => AmountChecks.OrderLine(list, new OrderLineFacts(r.Long(0), r.Long(2), Money(r, 3), Money(r, 4), r.Long(5)), limits),
            r => r.NullableLong(1));

        var paidFilter = customerId is null ? "" : " AND customer_id = @customer";
        await Each($"""
            SELECT i.id, i.customer_id, i.total, i.issued_at, i.due_at, COALESCE(p.paid, 0)
            FROM invoices i
            LEFT JOIN (SELECT invoice_id, SUM(amount) AS paid FROM payments WHERE invoice_id IS NOT NULL{paidFilter} GROUP BY invoice_id) p ON p.invoice_id = i.id
            WHERE (i.total <= 0 OR i.total > @maxAmount OR i.due_at < i.issued_at OR i.issued_at > @future OR i.issued_at < @old
                   OR COALESCE(p.paid, 0) > i.total + @tolerance){p.And("i.customer_id")}
            ORDER BY i.id
            """,
            (r, list) =>
            {
                var id = r.Long(0);
                var issued = r.Timestamp(3, p.Sqlite);
                AmountChecks.Invoice(list, new InvoiceFacts(id, Money(r, 2), issued, r.Timestamp(4, p.Sqlite), Money(r, 5)), limits);
                DateChecks.Event(list, "invoice", id, "issuedAt", issued, now, limits);
            },
            r => r.NullableLong(1));

        await Each($"""
            SELECT p.id, p.customer_id, p.amount, p.currency, p.paid_at, i.total, i.currency
            FROM payments p LEFT JOIN invoices i ON i.id = p.invoice_id
            WHERE (p.amount <= 0 OR p.amount > @maxAmount OR p.paid_at > @future OR p.paid_at < @old
                   OR (i.id IS NOT NULL AND (p.amount > i.total + @tolerance OR p.currency <> i.currency))){p.And("p.customer_id")}
            ORDER BY p.id
            """,
            (r, list) =>
            {
                var id = r.Long(0);
                AmountChecks.Payment(list, new PaymentFacts(id, Money(r, 2), r.GetString(3),
                    r.IsDBNull(5) ? null : Money(r, 5), r.IsDBNull(6) ? null : r.GetString(6)), limits);
                DateChecks.Event(list, "payment", id, "paidAt", r.Timestamp(4, p.Sqlite), now, limits);
            },
            r => r.NullableLong(1));

        await Each($"""
            SELECT r.id, r.customer_id, r.quantity, r.refund_amount, r.currency, r.requested_at, r.resolved_at,
                   l.quantity, l.unit_price, l.discount, o.currency
            FROM returns r LEFT JOIN order_lines l ON l.id = r.order_line_id LEFT JOIN orders o ON o.id = l.order_id
            WHERE (r.quantity <= 0 OR r.quantity > @maxQuantity OR r.refund_amount < 0 OR r.refund_amount > @maxAmount
                   OR r.requested_at > @future OR r.requested_at < @old OR r.resolved_at < r.requested_at
                   OR (l.id IS NOT NULL AND (r.quantity > l.quantity OR r.currency <> o.currency
                       OR r.refund_amount > CAST(l.unit_price AS NUMERIC) * l.quantity - l.discount + @tolerance))){p.And("r.customer_id")}
            ORDER BY r.id
            """,
            (r, list) =>
            {
                var id = r.Long(0);
                var hasLine = !r.IsDBNull(7);
                decimal? lineQuantity = hasLine ? r.Long(7) : null;
                decimal? lineAmount = hasLine ? CommerceMath.LineNet((int)r.Long(7), Money(r, 8), Money(r, 9)) : null;
                AmountChecks.Return(list, new ReturnFacts(id, r.Long(2), Money(r, 3), r.GetString(4), lineQuantity, lineAmount,
                    r.IsDBNull(10) ? null : r.GetString(10)), limits);
                var requested = r.Timestamp(5, p.Sqlite);
                DateChecks.Event(list, "return", id, "requestedAt", requested, now, limits);
                DateChecks.InOrder(list, "return", id, "requestedAt", requested, "resolvedAt", r.IsDBNull(6) ? null : r.Timestamp(6, p.Sqlite));
            },
            r => r.NullableLong(1));

        await Each($"""
            SELECT id, customer_id, claimed_at FROM warranty_claims
            WHERE (claimed_at > @future OR claimed_at < @old){p.And("customer_id")}
            ORDER BY id
            """,
            (r, list) => DateChecks.Event(list, "warrantyClaim", r.Long(0), "claimedAt", r.Timestamp(2, p.Sqlite), now, limits),
            r => r.NullableLong(1));
    }

    private static decimal Money(DbDataReader r, int ordinal) => Money4.FromScaled(r.Long(ordinal));

    private sealed class Parameters(VinculoDb db, QualityLimits limits, DateTime now, long? customerId)
    {
        public bool Sqlite { get; } = db.IsSqlite;

        public (string, object?)[] All { get; } =
        [
            ("@maxAmount", Money4.ToScaled(limits.MaxAmount)),
            ("@maxQuantity", (long)Math.Min(limits.MaxQuantity, int.MaxValue)),
            ("@tolerance", Money4.ToScaled(limits.MoneyTolerance)),
            ("@future", QualitySql.Time(db, now + limits.FutureTolerance)),
            ("@old", QualitySql.Time(db, limits.EarliestPlausible)),
            ("@customer", customerId ?? 0L),
        ];

        public string And(string column) => customerId is null ? "" : $" AND {column} = @customer";
    }
}
