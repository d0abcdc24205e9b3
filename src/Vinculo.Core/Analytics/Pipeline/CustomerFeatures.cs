using System.Data.Common;
using System.Globalization;

namespace Vinculo.Core.Analytics.Pipeline;

/// <summary>
/// Every customer's features as of one date, column by column (one <c>double[]</c> per key of
/// <see cref="CustomerFeatureKeys.All"/>, rows in customer-id order). NaN marks a missing value (recency of a customer who
/// never bought). <see cref="Monetary"/> keeps the exact purchase amount for RFM.
/// </summary>
public sealed class CustomerFeatureTable
{
    public CustomerFeatureTable(DateOnly asOf, long[] customerIds, double[][] columns, decimal[] monetary)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(monetary);
        if (columns.Length != CustomerFeatureKeys.All.Count || columns.Any(c => c.Length != customerIds.Length) || monetary.Length != customerIds.Length)
        {
            throw new ArgumentException("One column per feature key, one value per customer.", nameof(columns));
        }

        AsOf = asOf;
        CustomerIds = customerIds;
        Columns = columns;
        Monetary = monetary;
    }

    /// <summary>The day the features describe: events up to the end of that day (UTC) count.</summary>
    public DateOnly AsOf { get; }

    public long[] CustomerIds { get; }

    /// <summary>Columns[feature][row].</summary>
    public double[][] Columns { get; }

    /// <summary>The exact amount of the customer's orders (the <c>monetary</c> feature as decimal).</summary>
    public decimal[] Monetary { get; }

    public int Count => CustomerIds.Length;

    public double[] Column(string key)
    {
        for (var i = 0; i < CustomerFeatureKeys.All.Count; i++)
        {
            if (CustomerFeatureKeys.All[i] == key)
            {
                return Columns[i];
            }
        }

        throw new ArgumentOutOfRangeException(nameof(key), key, "Not a feature key.");
    }

    /// <summary>The row of customer <paramref name="customerId"/>, or -1.</summary>
    public int IndexOf(long customerId) => Array.BinarySearch(CustomerIds, customerId) is var i and >= 0 ? i : -1;

    /// <summary>One customer's values, in key order, into <paramref name="row"/>.</summary>
    public void CopyRow(int index, Span<double> row)
    {
        for (var f = 0; f < Columns.Length; f++)
        {
            row[f] = Columns[f][index];
        }
    }

    /// <summary>A row-major copy of the rows at <paramref name="indexes"/> (all when null), for the model trainers.</summary>
    public double[][] Rows(IReadOnlyList<int>? indexes = null)
    {
        var n = indexes?.Count ?? Count;
        var rows = new double[n][];
        for (var r = 0; r < n; r++)
        {
            var row = new double[Columns.Length];
            CopyRow(indexes is null ? r : indexes[r], row);
            rows[r] = row;
        }

        return rows;
    }
}

/// <summary>
/// The per-customer feature extraction: one DuckDB query over the warehouse's star schema (docs/analytics.md), as of a
/// given day, with nothing from after that day (so the same query gives training features at a cutoff and scoring
/// features at the reference date).
/// </summary>
public static class CustomerFeatures
{
    /// <summary>Days of service and contact history the activity counts cover.</summary>
    public const int ActivityWindowDays = 365;

    /// <summary>The exclusive upper bound of "as of <paramref name="day"/>": midnight after it, as a DuckDB literal.</summary>
    public static string Until(DateOnly day) =>
        "TIMESTAMP '" + day.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 00:00:00'";

    /// <summary>The feature query for <paramref name="asOf"/>: one row per dim_customer row, ordered by customer_key.</summary>
    public static string Sql(DateOnly asOf)
    {
        var t = Until(asOf);
        var day = "DATE '" + asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'";
        var window = ActivityWindowDays.ToString(CultureInfo.InvariantCulture);
        return $"""
            WITH
            orders AS (
                SELECT customer_key,
                       count(DISTINCT order_id) AS frequency,
                       sum(amount) AS monetary,
                       sum(quantity) AS units,
                       min(ordered_at) AS first_at,
                       max(ordered_at) AS last_at
                FROM fact_order_line
                WHERE customer_key IS NOT NULL AND ordered_at < {t} AND order_status <> 'cancelled'
                GROUP BY customer_key),
            contracts AS (
                SELECT customer_key,
                       count(*) FILTER (WHERE cancelled_at IS NULL OR cancelled_at >= {t}) AS active,
                       min(started_at) AS first_at
                FROM fact_contract
                WHERE started_at < {t}
                GROUP BY customer_key),
            owned AS (
                SELECT customer_key, count(*) AS products
                FROM (SELECT customer_key, product_key FROM fact_order_line
                      WHERE customer_key IS NOT NULL AND ordered_at < {t} AND order_status <> 'cancelled'
                      UNION
                      SELECT customer_key, product_key FROM fact_contract WHERE started_at < {t}) o
                GROUP BY customer_key),
            cases AS (
                SELECT customer_key,
                       count(*) AS cases,
                       count(*) FILTER (WHERE "type" = 'complaint') AS complaints,
                       count(*) FILTER (WHERE sla_breached) AS breaches
                FROM fact_case
                WHERE created_at < {t} AND created_at >= {t} - INTERVAL {window} DAY
                GROUP BY customer_key),
            paid AS (
                SELECT invoice_id, sum(amount) AS paid
                FROM fact_payment
                WHERE invoice_id IS NOT NULL AND paid_at < {t}
                GROUP BY invoice_id),
            invoice_state AS (
                SELECT i.customer_key, i.issued_at, i.due_at, i.total, coalesce(p.paid, 0) AS paid,
                       (i.settled_at IS NOT NULL AND i.settled_at < {t}) AS settled,
                       CASE WHEN i.due_at >= {t} THEN NULL
                            WHEN i.settled_at IS NOT NULL AND i.settled_at < {t} THEN greatest(date_diff('day', i.due_at, i.settled_at), 0)
                            ELSE greatest(date_diff('day', i.due_at, {t}), 0) END AS days_late
                FROM fact_invoice i LEFT JOIN paid p ON p.invoice_id = i.invoice_id
                WHERE i.issued_at < {t} AND i.kind = 'invoice' AND i.status <> 'cancelled'),
            invoices AS (
                SELECT customer_key,
                       min(issued_at) AS first_at,
                       count(*) FILTER (WHERE NOT settled) AS open_invoices,
                       count(*) FILTER (WHERE NOT settled AND due_at < {t}) AS overdue_invoices,
                       coalesce(sum(greatest(total - paid, 0)) FILTER (WHERE NOT settled AND due_at < {t}), 0) AS overdue_amount,
                       avg(days_late) AS average_days_late,
                       max(days_late) AS max_days_late
                FROM invoice_state
                GROUP BY customer_key),
            payments AS (
                SELECT customer_key, count(*) AS payments
                FROM fact_payment
                WHERE paid_at < {t} AND paid_at >= {t} - INTERVAL {window} DAY
                GROUP BY customer_key),
            contacts AS (
                SELECT customer_key,
                       count(*) AS interactions,
                       count(*) FILTER (WHERE direction = 'inbound') AS inbound
                FROM fact_interaction
                WHERE occurred_at < {t} AND occurred_at >= {t} - INTERVAL {window} DAY
                GROUP BY customer_key),
            first_contact AS (
                SELECT customer_key, min(occurred_at) AS first_at
                FROM fact_interaction
                WHERE occurred_at < {t}
                GROUP BY customer_key),
            returned AS (
                SELECT customer_key, count(*) AS returns, sum(quantity) AS units
                FROM fact_return
                WHERE customer_key IS NOT NULL AND requested_at < {t}
                GROUP BY customer_key)
            SELECT c.customer_key,
                   coalesce(date_diff('day', least(
                       CASE WHEN c.created_at < {t} THEN c.created_at END,
                       o.first_at, k.first_at, i.first_at, fc.first_at), {t}), 0)::DOUBLE AS tenure_days,
                   date_diff('day', CAST(o.last_at AS DATE), {day})::DOUBLE AS recency_days,
                   coalesce(o.frequency, 0)::DOUBLE AS frequency,
                   coalesce(o.monetary, 0)::DOUBLE AS monetary,
                   CASE WHEN coalesce(o.frequency, 0) = 0 THEN 0 ELSE o.monetary::DOUBLE / o.frequency END AS average_order_value,
                   coalesce(w.products, 0)::DOUBLE AS products,
                   coalesce(k.active, 0)::DOUBLE AS active_contracts,
                   coalesce(s.cases, 0)::DOUBLE AS cases,
                   coalesce(s.complaints, 0)::DOUBLE AS complaints,
                   coalesce(s.breaches, 0)::DOUBLE AS sla_breaches,
                   coalesce(i.open_invoices, 0)::DOUBLE AS open_invoices,
                   coalesce(i.overdue_invoices, 0)::DOUBLE AS overdue_invoices,
                   coalesce(i.overdue_amount, 0)::DOUBLE AS overdue_amount,
                   coalesce(i.average_days_late, 0)::DOUBLE AS average_days_late,
                   coalesce(i.max_days_late, 0)::DOUBLE AS max_days_late,
                   coalesce(p.payments, 0)::DOUBLE AS payments_count,
                   coalesce(x.interactions, 0)::DOUBLE AS interactions,
                   coalesce(x.inbound, 0)::DOUBLE AS inbound_interactions,
                   coalesce(r.returns, 0)::DOUBLE AS returns,
                   CASE WHEN coalesce(o.units, 0) <= 0 THEN 0 ELSE least(coalesce(r.units, 0)::DOUBLE / o.units, 1) END AS return_rate,
                   coalesce(o.monetary, 0)::DECIMAL(18,4) AS monetary_exact
            FROM dim_customer c
            LEFT JOIN orders o ON o.customer_key = c.customer_key
            LEFT JOIN contracts k ON k.customer_key = c.customer_key
            LEFT JOIN owned w ON w.customer_key = c.customer_key
            LEFT JOIN cases s ON s.customer_key = c.customer_key
            LEFT JOIN invoices i ON i.customer_key = c.customer_key
            LEFT JOIN payments p ON p.customer_key = c.customer_key
            LEFT JOIN contacts x ON x.customer_key = c.customer_key
            LEFT JOIN first_contact fc ON fc.customer_key = c.customer_key
            LEFT JOIN returned r ON r.customer_key = c.customer_key
            ORDER BY c.customer_key
            """;
    }

    /// <summary>Reads every customer's features as of <paramref name="asOf"/> from the warehouse.</summary>
    public static async Task<CustomerFeatureTable> ReadAsync(DbConnection warehouse, DateOnly asOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        var p = CustomerFeatureKeys.All.Count;
        var ids = new List<long>(1024);
        var values = new List<double>[p];
        for (var f = 0; f < p; f++)
        {
            values[f] = new List<double>(1024);
        }

        var money = new List<decimal>(1024);
        await using (var command = warehouse.CreateCommand())
        {
            command.CommandText = Sql(asOf);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                ids.Add(reader.GetInt64(0));
                for (var f = 0; f < p; f++)
                {
                    values[f].Add(reader.IsDBNull(f + 1) ? double.NaN : reader.GetDouble(f + 1));
                }

                money.Add(reader.GetDecimal(p + 1));
            }
        }

        var columns = new double[p][];
        for (var f = 0; f < p; f++)
        {
            columns[f] = [.. values[f]];
        }

        return new CustomerFeatureTable(asOf, [.. ids], columns, [.. money]);
    }
}
