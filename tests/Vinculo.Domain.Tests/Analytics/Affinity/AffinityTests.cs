using Vinculo.Domain.Analytics;
using Vinculo.Domain.Analytics.Affinity;

namespace Vinculo.Domain.Tests.Analytics.Affinity;

public class AffinityTests
{
    private const long A = 10;
    private const long B = 20;
    private const long C = 30;

    private static readonly AssociationRuleOptions Everything = new() { MinCount = 1, MinSupport = 0, MinConfidence = 0, MinLift = 0 };

    // N = 5 baskets: {A,B,C}, {A,B}, {A,C}, {B,C}, {A}. n(A) = 4, n(B) = n(C) = 3, n(AB) = n(AC) = n(BC) = 2.
    private static BasketSet Orders() => BasketSet.FromBaskets(
    [
        new(1, [A, B, C]),
        new(2, [B, A]),
        new(3, [A, C]),
        new(4, [C, B]),
        new(5, [A]),
    ]);

    [Fact]
    public void Support_confidence_and_lift_by_hand()
    {
        var rules = AssociationRules.Mine(Orders(), Everything);

        Assert.Equal(5, rules.Baskets);
        Assert.Equal(4, rules.CountOf(A));
        Assert.Equal(3, rules.CountOf(B));
        Assert.Equal(6, rules.Rules.Count);

        // A → B: support 2/5, confidence 2/4, lift 0.5 / (3/5) = 5/6.
        AssertRule(rules, A, B, 2, 0.4, 0.5, 5.0 / 6.0);
        // B → A: confidence 2/3, lift (2/3) / (4/5) = 5/6.
        AssertRule(rules, B, A, 2, 0.4, 2.0 / 3.0, 5.0 / 6.0);
        AssertRule(rules, A, C, 2, 0.4, 0.5, 5.0 / 6.0);
        AssertRule(rules, C, A, 2, 0.4, 2.0 / 3.0, 5.0 / 6.0);
        // B → C: confidence 2/3, lift (2/3) / (3/5) = 10/9.
        AssertRule(rules, B, C, 2, 0.4, 2.0 / 3.0, 10.0 / 9.0);
        AssertRule(rules, C, B, 2, 0.4, 2.0 / 3.0, 10.0 / 9.0);

        // Grouped by antecedent, then confidence descending, then consequent.
        Assert.Equal([(A, B), (A, C), (B, A), (B, C), (C, A), (C, B)], rules.Rules.Select(r => (r.AntecedentProductId, r.ConsequentProductId)));
    }

    [Fact]
    public void Thresholds_filter_rules()
    {
        // Default minimum lift 1: only B ↔ C (lift 10/9) survive.
        var byLift = AssociationRules.Mine(Orders(), Everything with { MinLift = 1.0 });
        Assert.Equal([(B, C), (C, B)], byLift.Rules.Select(r => (r.AntecedentProductId, r.ConsequentProductId)));

        // Confidence 0.6 drops A → B and A → C (0.5).
        var byConfidence = AssociationRules.Mine(Orders(), Everything with { MinConfidence = 0.6 });
        Assert.Equal(4, byConfidence.Rules.Count);
        Assert.DoesNotContain(byConfidence.Rules, r => r.AntecedentProductId == A);

        // Support above 0.4 or three co-occurrences drop everything.
        Assert.Empty(AssociationRules.Mine(Orders(), Everything with { MinSupport = 0.41 }).Rules);
        Assert.Empty(AssociationRules.Mine(Orders(), Everything with { MinCount = 3 }).Rules);
    }

    [Fact]
    public void Propensities_by_hand()
    {
        var rules = AssociationRules.Mine(Orders(), Everything);
        var holdings = BasketSet.FromBaskets(
        [
            new(100, [A]),
            new(200, [A, C]),
            new(300, [B, C]),
            new(400, [A, B, C]),
            new(500, [99]),
        ]);

        var table = ProductPropensities.Score(holdings, rules);
        var rows = table.AsRecords().ToList();

        Assert.Equal(
            [
                // Owns A: B and C each 0.5 (A → B, A → C); tie broken by product id.
                new ProductPropensity(100, B, 1, 0.5, A),
                new ProductPropensity(100, C, 2, 0.5, A),
                // Owns A and C: B = 1 − (1 − 1/2)(1 − 2/3) = 5/6, explained by C (confidence 2/3 > 1/2).
                new ProductPropensity(200, B, 1, 1 - 0.5 * (1 - 2.0 / 3.0), C),
                // Owns B and C: A = 1 − (1/3)(1/3) = 8/9; B → A and C → A tie on confidence and lift, so the lower id B explains it.
                new ProductPropensity(300, A, 1, 1 - (1 - 2.0 / 3.0) * (1 - 2.0 / 3.0), B),
            ],
            rows,
            new PropensityComparer());
        Assert.Equal(4, table.Count);
    }

    [Fact]
    public void Top_n_and_minimum_score_limit_the_rows()
    {
        var rules = AssociationRules.Mine(Orders(), Everything);
        var holdings = BasketSet.FromBaskets([new(100, [A])]);

        var top1 = ProductPropensities.Score(holdings, rules, new PropensityOptions { TopN = 1 });
        Assert.Equal([B], top1.ProductIds);

        Assert.Equal(0, ProductPropensities.Score(holdings, rules, new PropensityOptions { MinScore = 0.6 }).Count);
    }

    [Fact]
    public void From_pairs_groups_sorts_and_deduplicates()
    {
        var set = BasketSet.FromPairs([7, 3, 7, 3, 7], [5, 2, 1, 2, 5]);

        Assert.Equal([3L, 7L], set.BasketIds);
        Assert.Equal([2L], set[0].ToArray());
        Assert.Equal([1L, 5L], set[1].ToArray());
    }

    [Fact]
    public void Pair_counts_match_a_brute_force_count_and_results_do_not_depend_on_cores()
    {
        var random = new Random(4);
        var basketIds = new List<long>();
        var productIds = new List<long>();
        for (var b = 0; b < 5_000; b++)
        {
            var size = 1 + random.Next(6);
            for (var i = 0; i < size; i++)
            {
                basketIds.Add(b);
                productIds.Add(1000 + (long)Math.Min(59, Math.Abs(random.NextDouble() - random.NextDouble()) * 60));
            }
        }

        var baskets = BasketSet.FromPairs(basketIds.ToArray(), productIds.ToArray());
        var options = new AssociationRuleOptions { MinCount = 3, MinSupport = 0.001, MinConfidence = 0.01, MinLift = 0 };
        var rules = AssociationRules.Mine(baskets, options);

        // Brute force: every ordered pair of distinct products in every basket.
        var pairCounts = new Dictionary<(long, long), int>();
        var productCounts = new Dictionary<long, int>();
        for (var b = 0; b < baskets.Count; b++)
        {
            var basket = baskets[b].ToArray();
            foreach (var x in basket)
            {
                productCounts[x] = productCounts.GetValueOrDefault(x) + 1;
                foreach (var y in basket)
                {
                    if (x != y)
                    {
                        pairCounts[(x, y)] = pairCounts.GetValueOrDefault((x, y)) + 1;
                    }
                }
            }
        }

        var expected = pairCounts
            .Where(p => p.Value >= 3 && (double)p.Value / baskets.Count >= 0.001 && (double)p.Value / productCounts[p.Key.Item1] >= 0.01)
            .Select(p => p.Key)
            .Order()
            .ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, rules.Rules.Select(r => (r.AntecedentProductId, r.ConsequentProductId)).Order());
        Assert.All(rules.Rules, r => Assert.Equal(pairCounts[(r.AntecedentProductId, r.ConsequentProductId)], r.Count));

        var sequentialRules = AssociationRules.Mine(baskets, options, parallel: false);
        Assert.Equal(rules.Rules, sequentialRules.Rules);

        var parallel = ProductPropensities.Score(baskets, rules);
        var sequential = ProductPropensities.Score(baskets, rules, new PropensityOptions { Parallel = false });
        Assert.Equal(parallel.CustomerIds, sequential.CustomerIds);
        Assert.Equal(parallel.ProductIds, sequential.ProductIds);
        Assert.Equal(parallel.Scores, sequential.Scores);
        Assert.Equal(parallel.BecauseOfProductIds, sequential.BecauseOfProductIds);
        Assert.All(parallel.AsRecords(), p => Assert.InRange(p.Score, 0, 1));
    }

    private static void AssertRule(AssociationRuleSet rules, long from, long to, int count, double support, double confidence, double lift)
    {
        var rule = Assert.Single(rules.Rules, r => r.AntecedentProductId == from && r.ConsequentProductId == to);
        Assert.Equal(count, rule.Count);
        Assert.Equal(support, rule.Support, 12);
        Assert.Equal(confidence, rule.Confidence, 12);
        Assert.Equal(lift, rule.Lift, 12);
    }

    private sealed class PropensityComparer : IEqualityComparer<ProductPropensity>
    {
        public bool Equals(ProductPropensity? x, ProductPropensity? y)
            => x is not null && y is not null && x.CustomerId == y.CustomerId && x.ProductId == y.ProductId && x.Rank == y.Rank
                && Math.Abs(x.Score - y.Score) < 1e-12 && x.BecauseOfProductId == y.BecauseOfProductId;

        public int GetHashCode(ProductPropensity obj) => HashCode.Combine(obj.CustomerId, obj.ProductId, obj.Rank);
    }
}
