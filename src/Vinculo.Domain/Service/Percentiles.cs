namespace Vinculo.Domain.Service;

/// <summary>
/// Percentiles by the <b>nearest-rank</b> method: the p-th percentile of n values sorted ascending is the value at 1-based
/// rank ⌈p × n / 100⌉ (rank 1 when that is 0). It is always one of the observed values, never an interpolation, so a report's
/// "p90 first response: 200 min" is the time some real case took; the median of an even count is the lower of the two
/// middle values. Example: for 10, 20, 30, 40, 200 the median (rank ⌈2.5⌉ = 3) is 30 and the p90 (rank ⌈4.5⌉ = 5) is 200.
/// </summary>
public static class Percentiles
{
    /// <summary>The 1-based rank of the <paramref name="percentile"/>-th percentile among <paramref name="count"/> values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is not positive or the percentile is outside (0, 100].</exception>
    public static int Rank(int count, double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (!(percentile > 0 && percentile <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "A percentile is greater than 0 and at most 100.");
        }

        // Decimal arithmetic: 90 × 10 / 100 is exactly 9, where doubles could round 9.000000000000002 up to rank 10.
        var rank = (int)Math.Ceiling((decimal)percentile * count / 100m);
        return Math.Clamp(rank, 1, count);
    }

    /// <summary>The nearest-rank percentile of values already sorted ascending; null when there are none.</summary>
    public static long? NearestRank(ReadOnlySpan<long> sorted, double percentile) =>
        sorted.IsEmpty ? null : sorted[Rank(sorted.Length, percentile) - 1];

    /// <summary>The nearest-rank median (the lower middle value for an even count) of values sorted ascending; null when empty.</summary>
    public static long? Median(ReadOnlySpan<long> sorted) => NearestRank(sorted, 50);

    /// <summary>Sorts <paramref name="values"/> in place and returns its nearest-rank percentiles, in the order asked.</summary>
    public static long?[] Of(Span<long> values, params ReadOnlySpan<double> percentiles)
    {
        values.Sort();
        var result = new long?[percentiles.Length];
        for (var i = 0; i < percentiles.Length; i++)
        {
            result[i] = NearestRank(values, percentiles[i]);
        }

        return result;
    }
}
