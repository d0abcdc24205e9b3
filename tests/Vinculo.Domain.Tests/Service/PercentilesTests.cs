using Vinculo.Domain.Service;

namespace Vinculo.Domain.Tests.Service;

public class PercentilesTests
{
    [Fact]
    public void Five_first_responses_have_median_30_and_p90_200_by_nearest_rank()
    {
        long[] minutes = [200, 10, 40, 30, 20];
        Assert.Equal([30L, 200L], Percentiles.Of(minutes, 50, 90));
        Assert.Equal([10L, 20L, 30L, 40L, 200L], minutes); // sorted in place
    }

    [Theory]
    // n = 10: median rank ⌈5⌉ = 5, p90 rank ⌈9⌉ = 9 (exactly 9, not 9.000000000000002 → 10), p95 ⌈9.5⌉ = 10.
    [InlineData(10, 50, 5)]
    [InlineData(10, 90, 9)]
    [InlineData(10, 95, 10)]
    [InlineData(10, 100, 10)]
    [InlineData(10, 1, 1)]
    [InlineData(1, 50, 1)]
    [InlineData(1, 90, 1)]
    [InlineData(4, 50, 2)]
    [InlineData(7, 90, 7)]
    [InlineData(20, 90, 18)]
    [InlineData(100, 90, 90)]
    [InlineData(101, 90, 91)]
    [InlineData(3, 0.1, 1)]
    public void Ranks_are_the_ceiling_of_p_times_n_over_100(int count, double percentile, int rank) =>
        Assert.Equal(rank, Percentiles.Rank(count, percentile));

    [Fact]
    public void An_even_count_takes_the_lower_middle_value_as_median()
    {
        ReadOnlySpan<long> sorted = [10, 20, 30, 40];
        Assert.Equal(20, Percentiles.Median(sorted));
        Assert.Equal(40, Percentiles.NearestRank(sorted, 90));
        Assert.Equal(30, Percentiles.NearestRank(sorted, 75));
        Assert.Equal(40, Percentiles.NearestRank(sorted, 75.1));
    }

    [Fact]
    public void Ten_values_hand_computed()
    {
        long[] values = [7, 1, 9, 3, 5, 2, 8, 4, 10, 6];
        Assert.Equal([5L, 9L, 10L, 1L], Percentiles.Of(values, 50, 90, 100, 10));
    }

    [Fact]
    public void Repeated_values_and_no_values()
    {
        ReadOnlySpan<long> same = [60, 60, 60];
        Assert.Equal(60, Percentiles.Median(same));
        Assert.Null(Percentiles.Median([]));
        Assert.Null(Percentiles.NearestRank([], 90));
        Assert.Equal([null, null], Percentiles.Of(Span<long>.Empty, 50, 90));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(100.5)]
    [InlineData(double.NaN)]
    public void A_percentile_outside_0_to_100_is_rejected(double percentile) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.Rank(5, percentile));

    [Fact]
    public void The_percentile_is_always_an_observed_value_and_grows_with_p()
    {
        var random = new Random(7);
        for (var run = 0; run < 200; run++)
        {
            var values = Enumerable.Range(0, random.Next(1, 60)).Select(_ => (long)random.Next(0, 500)).ToArray();
            Array.Sort(values);
            long? previous = null;
            foreach (var p in new[] { 1.0, 10, 25, 50, 75, 90, 99, 100 })
            {
                var value = Percentiles.NearestRank(values, p)!.Value;
                Assert.Contains(value, values);
                // At least p % of the values are ≤ it, and fewer than p % are < it.
                Assert.True(values.Count(v => v <= value) * 100.0 >= p * values.Length);
                Assert.True(values.Count(v => v < value) * 100.0 < p * values.Length);
                Assert.True(previous is null || value >= previous);
                previous = value;
            }
        }
    }
}
