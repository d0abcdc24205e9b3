using System.Text.RegularExpressions;
using Vinculo.Domain.Analytics.Rfm;

namespace Vinculo.Domain.Tests.Analytics.Rfm;

public sealed partial class RfmScoringTests
{
    [Fact]
    public void Ten_customers_split_two_per_quintile()
    {
        // Distinct values: rank k of 10 scores 1 + #{j : 5(k−1) > 9j}: 1,1,2,2,3,3,4,4,5,5 (pandas qcut of ranks 1..10).
        var input = Enumerable.Range(1, 10).Select(i => new RfmInput(i, RecencyDays: 100 - i, Frequency: i, Monetary: i * 10m)).ToArray();

        var scores = RfmScoring.Score(input);

        int[] expected = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5];
        Assert.Equal(expected, scores.Select(s => s.F));
        Assert.Equal(expected, scores.Select(s => s.M));
        // Recency 99 (customer 1) is the oldest: R = 1; recency 90 (customer 10) the most recent: R = 5.
        Assert.Equal(expected, scores.Select(s => s.R));
        Assert.Equal(RfmSegments.Champions, scores[9].Segment);
        Assert.Equal(RfmSegments.Lost, scores[0].Segment);
    }

    [Fact]
    public void Ties_are_broken_by_customer_id_whatever_the_input_order()
    {
        // Everyone equal: the ranks follow the customer ids, so the smaller ids get the lower scores.
        var input = new[] { 50L, 10, 40, 20, 30 }.Select(id => new RfmInput(id, 7, 3, 12.5m)).ToArray();

        var scores = RfmScoring.Score(input);

        var byId = scores.ToDictionary(s => s.CustomerId);
        Assert.Equal([1, 2, 3, 4, 5], new[] { 10L, 20, 30, 40, 50 }.Select(id => byId[id].F));
        Assert.Equal([1, 2, 3, 4, 5], new[] { 10L, 20, 30, 40, 50 }.Select(id => byId[id].M));
        Assert.Equal([1, 2, 3, 4, 5], new[] { 10L, 20, 30, 40, 50 }.Select(id => byId[id].R));
        Assert.Equal(input.Select(i => i.CustomerId), scores.Select(s => s.CustomerId));
        Assert.Equal(scores, RfmScoring.Score(input.Reverse().ToArray()).OrderBy(s => Array.FindIndex(input, i => i.CustomerId == s.CustomerId)));
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 1, 1)]
    [InlineData(2, 2, 5)]
    [InlineData(4339, 1, 1)]
    [InlineData(4339, 868, 1)] // 5·867 = 4335 ≤ 4338
    [InlineData(4339, 869, 2)] // 5·868 = 4340 > 4338
    [InlineData(4339, 4339, 5)]
    [InlineData(6, 2, 1)] // edges at 1 + j: 5·1 > 5·1 is false
    [InlineData(6, 3, 2)]
    public void Quintile_of_a_rank_follows_pandas_qcut(long count, long rank, int expected)
    {
        Assert.Equal(expected, RfmScoring.QuintileOfRank(rank, count));
    }

    [Fact]
    public void Duplicate_customers_are_refused()
    {
        Assert.Throws<ArgumentException>(() => RfmScoring.Score(new[] { new RfmInput(1, 1, 1, 1), new RfmInput(1, 2, 2, 2) }));
    }

    [Fact]
    public void Every_score_combination_has_exactly_one_segment_and_every_segment_is_reachable()
    {
        var reached = new HashSet<string>();
        for (var r = 1; r <= 5; r++)
        {
            for (var fm = 1; fm <= 5; fm++)
            {
                var matching = RfmSegments.Rules.Where(rule => rule.Matches(r, fm)).ToList();
                Assert.Single(matching);
                reached.Add(matching[0].Segment);
            }
        }

        Assert.Equal(RfmSegments.All.Order(), reached.Order());
        Assert.Equal(11, RfmSegments.All.Count);
        Assert.All(RfmSegments.All, s => Assert.Matches("^[a-z][a-zA-Z]*$", s));
    }

    [Theory]
    [InlineData(5, 5, 5, "champions")]
    [InlineData(5, 4, 5, "champions")]
    [InlineData(5, 1, 1, "new")]
    [InlineData(4, 1, 2, "promising")] // FM = ⌊3/2⌋ = 1
    [InlineData(4, 3, 2, "potentialLoyalist")]
    [InlineData(3, 5, 4, "loyal")]
    [InlineData(3, 3, 4, "needAttention")]
    [InlineData(3, 1, 3, "aboutToSleep")]
    [InlineData(2, 3, 3, "atRisk")]
    [InlineData(1, 5, 5, "cantLoseThem")]
    [InlineData(2, 1, 2, "hibernating")]
    [InlineData(1, 2, 2, "lost")]
    public void Segments_follow_the_table(int r, int f, int m, string segment)
    {
        Assert.Equal(segment, RfmSegments.Classify(r, f, m));
    }

    [Fact]
    public void The_documented_table_is_the_table_in_the_code()
    {
        var doc = Path.Combine(RepositoryRoot(), "docs", "analytics-rfm-clv.md");
        var rows = File.ReadLines(doc)
            .Select(line => TableRow().Match(line))
            .Where(m => m.Success)
            .Select(m => new RfmSegmentRule(m.Groups["id"].Value, int.Parse(m.Groups["r0"].Value), int.Parse(m.Groups["r1"].Value),
                int.Parse(m.Groups["f0"].Value), int.Parse(m.Groups["f1"].Value)))
            .ToList();

        Assert.Equal(RfmSegments.Rules, rows);
    }

    // | `champions` | Champions | 5–5 | 4–5 | ...
    [GeneratedRegex(@"^\|\s*`(?<id>[a-zA-Z]+)`\s*\|[^|]*\|\s*(?<r0>\d)\s*–\s*(?<r1>\d)\s*\|\s*(?<f0>\d)\s*–\s*(?<f1>\d)\s*\|")]
    private static partial Regex TableRow();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vinculo.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root is not above the test's folder.");
    }
}
