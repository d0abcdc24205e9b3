using System.Data.Common;
using System.Globalization;

namespace Vinculo.Core.Analytics.Pipeline;

/// <summary>Customers with a known outcome: ids ascending, and whether the outcome happened.</summary>
public sealed record LabelSet(long[] CustomerIds, bool[] Positive)
{
    public int Count => CustomerIds.Length;

    public int Positives => Positive.Count(p => p);
}

/// <summary>
/// The outcomes the risk models learn, without leakage (docs/decisions/0014): features are taken as of the
/// <i>cutoff</i> = reference date − horizon, and the label looks only at the horizon after it, up to the reference date
/// (the day of the latest event in the warehouse, so imported history from any period works).
/// </summary>
public static class AnalyticsLabels
{
    /// <summary>Days past due (paid that late, or still unpaid that long at the reference date) that count as a default.</summary>
    public const int DefaultDaysLate = 30;

    /// <summary>Churn, in words, for the dashboard (<see cref="Vinculo.Domain.Analytics.ModelQuality.LabelDefinition"/>).</summary>
    public static string ChurnDefinition(int horizonDays) => string.Create(CultureInfo.InvariantCulture,
        $"Customers who had bought, or held an active contract, before the cutoff (reference date − {horizonDays} days) and in the {horizonDays} days after it made no purchase and held no active contract at the reference date.");

    /// <summary>Payment default, in words.</summary>
    public static string DefaultDefinition(int horizonDays) => string.Create(CultureInfo.InvariantCulture,
        $"Customers with invoices due in the {horizonDays} days after the cutoff; positive when one was paid {DefaultDaysLate} or more days late, or was still unpaid {DefaultDaysLate} or more days past due at the reference date.");

    /// <summary>The latest event in the warehouse (purchase, invoice, payment, interaction, case, contract, return), or null when it is empty.</summary>
    public const string ReferenceDateSql = """
        SELECT CAST(max(latest) AS DATE) FROM (
            SELECT max(ordered_at) AS latest FROM fact_order_line
            UNION ALL SELECT max(issued_at) FROM fact_invoice
            UNION ALL SELECT max(paid_at) FROM fact_payment
            UNION ALL SELECT max(occurred_at) FROM fact_interaction
            UNION ALL SELECT max(created_at) FROM fact_case
            UNION ALL SELECT max(started_at) FROM fact_contract
            UNION ALL SELECT max(cancelled_at) FROM fact_contract
            UNION ALL SELECT max(requested_at) FROM fact_return) e
        """;

    /// <summary>The reference date: the day of the latest event, never after <paramref name="today"/>; null when the warehouse has no events.</summary>
    public static async Task<DateOnly?> ReferenceDateAsync(DbConnection warehouse, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        await using var command = warehouse.CreateCommand();
        command.CommandText = ReferenceDateSql;
        var value = await command.ExecuteScalarAsync(ct);
        if (value is null or DBNull)
        {
            return null;
        }

        var latest = value switch
        {
            DateOnly d => d,
            DateTime dt => DateOnly.FromDateTime(dt),
            _ => DateOnly.FromDateTime(Convert.ToDateTime(value, CultureInfo.InvariantCulture)),
        };
        return latest > today ? today : latest;
    }

    /// <summary>
    /// Churn labels: every customer who had bought (an order not cancelled) or held an active contract before
    /// <paramref name="cutoff"/>; positive when, from the cutoff to the end of <paramref name="reference"/>, they bought
    /// nothing and held no active contract at the end (contract customers churn by cancelling).
    /// </summary>
    public static string ChurnSql(DateOnly cutoff, DateOnly reference)
    {
        var tc = CustomerFeatures.Until(cutoff);
        var tr = CustomerFeatures.Until(reference);
        return $"""
            WITH
            before AS (
                SELECT customer_key FROM fact_order_line
                WHERE customer_key IS NOT NULL AND ordered_at < {tc} AND order_status <> 'cancelled'
                UNION
                SELECT customer_key FROM fact_contract
                WHERE started_at < {tc} AND (cancelled_at IS NULL OR cancelled_at >= {tc})),
            bought_after AS (
                SELECT DISTINCT customer_key FROM fact_order_line
                WHERE customer_key IS NOT NULL AND ordered_at >= {tc} AND ordered_at < {tr} AND order_status <> 'cancelled'),
            contract_at_end AS (
                SELECT DISTINCT customer_key FROM fact_contract
                WHERE started_at < {tr} AND (cancelled_at IS NULL OR cancelled_at >= {tr}))
            SELECT b.customer_key, (a.customer_key IS NULL AND e.customer_key IS NULL) AS positive
            FROM before b
            JOIN dim_customer c ON c.customer_key = b.customer_key
            LEFT JOIN bought_after a ON a.customer_key = b.customer_key
            LEFT JOIN contract_at_end e ON e.customer_key = b.customer_key
            ORDER BY b.customer_key
            """;
    }

    /// <summary>
    /// Payment-default labels: every customer with an invoice (not a credit note, not cancelled) due from
    /// <paramref name="cutoff"/> to the end of <paramref name="reference"/>; positive when one of those was paid
    /// <see cref="DefaultDaysLate"/> or more days after its due date, or is still unpaid and that many days past due at the
    /// reference date.
    /// </summary>
    public static string DefaultSql(DateOnly cutoff, DateOnly reference)
    {
        var tc = CustomerFeatures.Until(cutoff);
        var tr = CustomerFeatures.Until(reference);
        var day = "DATE '" + reference.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'";
        var late = DefaultDaysLate.ToString(CultureInfo.InvariantCulture);
        return $"""
            SELECT i.customer_key,
                   bool_or(CASE WHEN i.settled_at IS NOT NULL AND i.settled_at < {tr}
                                THEN date_diff('day', CAST(i.due_at AS DATE), CAST(i.settled_at AS DATE)) >= {late}
                                ELSE date_diff('day', CAST(i.due_at AS DATE), {day}) >= {late} END) AS positive
            FROM fact_invoice i
            JOIN dim_customer c ON c.customer_key = i.customer_key
            WHERE i.kind = 'invoice' AND i.status <> 'cancelled' AND i.due_at >= {tc} AND i.due_at < {tr}
            GROUP BY i.customer_key
            ORDER BY i.customer_key
            """;
    }

    public static Task<LabelSet> ChurnAsync(DbConnection warehouse, DateOnly cutoff, DateOnly reference, CancellationToken ct) =>
        ReadAsync(warehouse, ChurnSql(cutoff, reference), ct);

    public static Task<LabelSet> DefaultAsync(DbConnection warehouse, DateOnly cutoff, DateOnly reference, CancellationToken ct) =>
        ReadAsync(warehouse, DefaultSql(cutoff, reference), ct);

    private static async Task<LabelSet> ReadAsync(DbConnection warehouse, string sql, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        var ids = new List<long>();
        var positive = new List<bool>();
        await using var command = warehouse.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetInt64(0));
            positive.Add(reader.GetBoolean(1));
        }

        return new LabelSet([.. ids], [.. positive]);
    }
}
