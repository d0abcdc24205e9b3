namespace Vinculo.Domain.Analytics.Rfm;

/// <summary>A customer's recency (days since the last purchase), frequency (purchases) and monetary value (total spend).</summary>
public readonly record struct RfmInput(long CustomerId, int RecencyDays, int Frequency, decimal Monetary);

/// <summary>A customer's RFM figures, their 1–5 scores and the named segment (<see cref="RfmSegments"/>).</summary>
public readonly record struct RfmScore(long CustomerId, int RecencyDays, int Frequency, decimal Monetary, int R, int F, int M, string Segment);

/// <summary>
/// Quintile scores for RFM, deterministic with ties. For each measure the customers are ranked 1..n — ascending
/// frequency, ascending monetary value, descending recency days (so the most recent customer ranks last) — with ties
/// broken by ascending customer id; rank k then gets score 1 + #{j ∈ 1..4 : 5·(k − 1) &gt; j·(n − 1)}. That is exactly
/// pandas' <c>qcut(s.rank(method="first"), 5, labels=[1, 2, 3, 4, 5])</c> on rows sorted by customer id, done in
/// integers. Most recent, most frequent and highest-spending customers score 5.
/// </summary>
public static class RfmScoring
{
    /// <summary>Scores every customer against the others; the result is in the input's order. Customer ids must be distinct.</summary>
    public static RfmScore[] Score(ReadOnlySpan<RfmInput> customers)
    {
        var n = customers.Length;
        var result = new RfmScore[n];
        if (n == 0)
        {
            return result;
        }

        var input = customers.ToArray();
        var r = QuintilesByRank(input, RecencyOrder.Instance);
        var f = QuintilesByRank(input, FrequencyOrder.Instance);
        var m = QuintilesByRank(input, MonetaryOrder.Instance);
        for (var i = 0; i < n; i++)
        {
            var c = input[i];
            result[i] = new RfmScore(c.CustomerId, c.RecencyDays, c.Frequency, c.Monetary, r[i], f[i], m[i], RfmSegments.Classify(r[i], f[i], m[i]));
        }

        return result;
    }

    /// <summary>The 1–5 score of the customer ranked <paramref name="rank"/> (1-based) of <paramref name="count"/>.</summary>
    public static int QuintileOfRank(long rank, long count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rank, count);
        var score = 1;
        for (var j = 1; j <= 4; j++)
        {
            if (5 * (rank - 1) > j * (count - 1))
            {
                score++;
            }
        }

        return score;
    }

    private static int[] QuintilesByRank(RfmInput[] input, IComparer<RfmInput> order)
    {
        var n = input.Length;
        var keys = (RfmInput[])input.Clone();
        var index = new int[n];
        for (var i = 0; i < n; i++)
        {
            index[i] = i;
        }

        Array.Sort(keys, index, order);
        var scores = new int[n];
        for (var k = 0; k < n; k++)
        {
            if (k > 0 && keys[k].CustomerId == keys[k - 1].CustomerId)
            {
                throw new ArgumentException($"Customer {keys[k].CustomerId} appears twice.", nameof(input));
            }

            scores[index[k]] = QuintileOfRank(k + 1, n);
        }

        return scores;
    }

    private sealed class RecencyOrder : IComparer<RfmInput>
    {
        public static readonly RecencyOrder Instance = new();

        public int Compare(RfmInput x, RfmInput y)
        {
            var c = y.RecencyDays.CompareTo(x.RecencyDays);
            return c != 0 ? c : x.CustomerId.CompareTo(y.CustomerId);
        }
    }

    private sealed class FrequencyOrder : IComparer<RfmInput>
    {
        public static readonly FrequencyOrder Instance = new();

        public int Compare(RfmInput x, RfmInput y)
        {
            var c = x.Frequency.CompareTo(y.Frequency);
            return c != 0 ? c : x.CustomerId.CompareTo(y.CustomerId);
        }
    }

    private sealed class MonetaryOrder : IComparer<RfmInput>
    {
        public static readonly MonetaryOrder Instance = new();

        public int Compare(RfmInput x, RfmInput y)
        {
            var c = x.Monetary.CompareTo(y.Monetary);
            return c != 0 ? c : x.CustomerId.CompareTo(y.CustomerId);
        }
    }
}
