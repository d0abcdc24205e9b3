using System.Data.Common;
using System.Globalization;

namespace Vinculo.Core.Analytics.Pipeline;

/// <summary>Every customer's purchase days up to a date: customer, day and the day's amount, ordered by customer then day.</summary>
public sealed record DailyPurchases(long[] CustomerIds, DateOnly[] Days, decimal[] Amounts)
{
    public int Count => CustomerIds.Length;
}

/// <summary>Daily contact counts of one channel over consecutive days (zeros filled in).</summary>
public sealed record ChannelSeries(string Channel, DateOnly First, double[] Values);

/// <summary>The warehouse reads of the refresh besides the features: product holdings, purchase days, contact volumes.</summary>
public static class PipelineReads
{
    /// <summary>(customer, product) pairs of what each customer bought or contracted up to the end of <paramref name="asOf"/>.</summary>
    public static async Task<(long[] Customers, long[] Products)> HoldingsAsync(DbConnection warehouse, DateOnly asOf, CancellationToken ct)
    {
        var t = CustomerFeatures.Until(asOf);
        var customers = new List<long>(4096);
        var products = new List<long>(4096);
        await using var command = warehouse.CreateCommand();
        command.CommandText = $"""
            SELECT customer_key, product_key FROM fact_order_line
            WHERE customer_key IS NOT NULL AND ordered_at < {t} AND order_status <> 'cancelled'
            UNION
            SELECT customer_key, product_key FROM fact_contract WHERE started_at < {t}
            ORDER BY 1, 2
            """;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            customers.Add(reader.GetInt64(0));
            products.Add(reader.GetInt64(1));
        }

        return ([.. customers], [.. products]);
    }

    /// <summary>Each customer's days with a purchase (orders not cancelled) up to the end of <paramref name="asOf"/>, with the day's amount.</summary>
    public static async Task<DailyPurchases> DailyPurchasesAsync(DbConnection warehouse, DateOnly asOf, CancellationToken ct)
    {
        var t = CustomerFeatures.Until(asOf);
        var customers = new List<long>(4096);
        var days = new List<DateOnly>(4096);
        var amounts = new List<decimal>(4096);
        await using var command = warehouse.CreateCommand();
        command.CommandText = $"""
            SELECT customer_key, CAST(ordered_at AS DATE) AS day, CAST(sum(amount) AS DECIMAL(18,4)) AS amount
            FROM fact_order_line
            WHERE customer_key IS NOT NULL AND ordered_at < {t} AND order_status <> 'cancelled'
            GROUP BY 1, 2
            ORDER BY 1, 2
            """;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            customers.Add(reader.GetInt64(0));
            days.Add(ReadDate(reader, 1));
            amounts.Add(reader.GetDecimal(2));
        }

        return new DailyPurchases([.. customers], [.. days], [.. amounts]);
    }

    /// <summary>
    /// Daily interactions per channel over the <paramref name="days"/> days ending with <paramref name="asOf"/>; each
    /// series starts at the channel's first interaction ever when that is later (so a young channel has a short history).
    /// </summary>
    public static async Task<IReadOnlyList<ChannelSeries>> ContactVolumesAsync(DbConnection warehouse, DateOnly asOf, int days, CancellationToken ct)
    {
        var t = CustomerFeatures.Until(asOf);
        var from = asOf.AddDays(1 - days);
        var firstSeen = new SortedDictionary<string, DateOnly>(StringComparer.Ordinal);
        var counts = new Dictionary<(string, DateOnly), double>();
        await using (var command = warehouse.CreateCommand())
        {
            command.CommandText = $"SELECT channel, CAST(min(occurred_at) AS DATE) FROM fact_interaction WHERE occurred_at < {t} GROUP BY 1";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var first = ReadDate(reader, 1);
                firstSeen[reader.GetString(0)] = first < from ? from : first;
            }
        }

        await using (var command = warehouse.CreateCommand())
        {
            var start = "DATE '" + from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'";
            command.CommandText = $"""
                SELECT channel, CAST(occurred_at AS DATE) AS day, count(*)
                FROM fact_interaction
                WHERE occurred_at >= {start} AND occurred_at < {t}
                GROUP BY 1, 2
                """;
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                counts[(reader.GetString(0), ReadDate(reader, 1))] = reader.GetInt64(2);
            }
        }

        var result = new List<ChannelSeries>(firstSeen.Count);
        foreach (var (channel, first) in firstSeen)
        {
            var length = asOf.DayNumber - first.DayNumber + 1;
            if (length <= 0)
            {
                continue;
            }

            var values = new double[length];
            for (var i = 0; i < length; i++)
            {
                values[i] = counts.GetValueOrDefault((channel, first.AddDays(i)));
            }

            result.Add(new ChannelSeries(channel, first, values));
        }

        return result;
    }

    internal static DateOnly ReadDate(DbDataReader reader, int ordinal) => reader.GetValue(ordinal) switch
    {
        DateOnly d => d,
        DateTime dt => DateOnly.FromDateTime(dt),
        var other => DateOnly.FromDateTime(Convert.ToDateTime(other, CultureInfo.InvariantCulture)),
    };
}
