namespace Vinculo.Domain.Analytics.Affinity;

/// <summary>Settings of <see cref="ProductPropensities.Score"/>.</summary>
public sealed record PropensityOptions
{
    /// <summary>Products kept per customer, best first.</summary>
    public int TopN { get; init; } = 5;

    /// <summary>Scores below this are dropped.</summary>
    public double MinScore { get; init; }

    /// <summary>Use several cores; the output is identical either way.</summary>
    public bool Parallel { get; init; } = true;
}

/// <summary>
/// Next-product propensities in columns (row r: customer, product, rank, score, explaining product), customers in
/// the order of the holdings and ranks increasing within a customer. <see cref="AsRecords"/> yields the contract's
/// <see cref="ProductPropensity"/> lazily, so millions of rows need not be materialised as objects.
/// </summary>
public sealed class PropensityTable
{
    internal PropensityTable(long[] customerIds, long[] productIds, int[] ranks, double[] scores, long[] becauseOf)
    {
        CustomerIds = customerIds;
        ProductIds = productIds;
        Ranks = ranks;
        Scores = scores;
        BecauseOfProductIds = becauseOf;
    }

    public int Count => CustomerIds.Length;

    public long[] CustomerIds { get; }

    public long[] ProductIds { get; }

    public int[] Ranks { get; }

    public double[] Scores { get; }

    /// <summary>The owned product whose rule has the highest confidence for the recommended product.</summary>
    public long[] BecauseOfProductIds { get; }

    public ProductPropensity this[int row] => new(CustomerIds[row], ProductIds[row], Ranks[row], Scores[row], BecauseOfProductIds[row]);

    public IEnumerable<ProductPropensity> AsRecords()
    {
        for (var row = 0; row < Count; row++)
        {
            yield return this[row];
        }
    }
}

/// <summary>
/// Scores, for every customer, the products they do not hold: score = 1 − Π (1 − confidence(a → p)) over the
/// rules from the products a they hold (noisy-OR: each owned product is an independent reason to buy p). The
/// explanation is the owned product with the highest confidence (ties: higher lift, then lower id). Ranking by score
/// descending, ties by product id. O(Σ over customers of Σ rules of their products) time, parallel over fixed
/// blocks of customers.
/// </summary>
public static class ProductPropensities
{
    private const int BlockSize = 4096;

    /// <summary>
    /// Scores every basket of <paramref name="holdings"/> (usually one per customer: the products they hold) with
    /// the rules mined from <paramref name="rules"/>. Products unknown to the rules are ignored as reasons.
    /// </summary>
    public static PropensityTable Score(BasketSet holdings, AssociationRuleSet rules, PropensityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(holdings);
        ArgumentNullException.ThrowIfNull(rules);
        options ??= new PropensityOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TopN, 1);

        var productCount = rules.Products.Count;
        var ruleList = rules.Rules;
        var ruleOffsets = rules.RuleOffsets;
        var consequents = new int[ruleList.Count];
        var confidences = new double[ruleList.Count];
        var lifts = new double[ruleList.Count];
        for (var r = 0; r < ruleList.Count; r++)
        {
            consequents[r] = rules.IndexOf(ruleList[r].ConsequentProductId);
            confidences[r] = ruleList[r].Confidence;
            lifts[r] = ruleList[r].Lift;
        }

        var owned = new int[holdings.Items.Length];
        for (var i = 0; i < owned.Length; i++)
        {
            owned[i] = rules.IndexOf(holdings.Items[i]);
        }

        var blocks = (holdings.Count + BlockSize - 1) / BlockSize;
        var results = new Block[blocks];
        var topN = options.TopN;

        void Run(int block, Scratch scratch)
        {
            var first = block * BlockSize;
            var last = Math.Min(holdings.Count, first + BlockSize);
            var output = new Block(BlockSize * topN);
            for (var b = first; b < last; b++)
            {
                scratch.Stamp++;
                var stamp = scratch.Stamp;
                var start = holdings.Offsets[b];
                var end = holdings.Offsets[b + 1];
                for (var x = start; x < end; x++)
                {
                    if (owned[x] >= 0)
                    {
                        scratch.Owned[owned[x]] = stamp;
                    }
                }

                var touched = 0;
                for (var x = start; x < end; x++)
                {
                    var a = owned[x];
                    if (a < 0)
                    {
                        continue;
                    }

                    for (var r = ruleOffsets[a]; r < ruleOffsets[a + 1]; r++)
                    {
                        var p = consequents[r];
                        if (scratch.Owned[p] == stamp)
                        {
                            continue;
                        }

                        if (scratch.Seen[p] != stamp)
                        {
                            scratch.Seen[p] = stamp;
                            scratch.Remaining[p] = 1.0 - confidences[r];
                            scratch.BestRule[p] = r;
                            scratch.Touched[touched++] = p;
                            continue;
                        }

                        scratch.Remaining[p] *= 1.0 - confidences[r];
                        var best = scratch.BestRule[p];
                        if (confidences[r] > confidences[best]
                            || (confidences[r] == confidences[best] && (lifts[r] > lifts[best]
                                || (lifts[r] == lifts[best] && ruleList[r].AntecedentProductId < ruleList[best].AntecedentProductId))))
                        {
                            scratch.BestRule[p] = r;
                        }
                    }
                }

                // Keep the top N by score descending, then product index (= id order) ascending.
                var kept = 0;
                for (var t = 0; t < touched; t++)
                {
                    var p = scratch.Touched[t];
                    var score = 1.0 - scratch.Remaining[p];
                    if (score < options.MinScore || score <= 0)
                    {
                        continue;
                    }

                    var position = kept;
                    while (position > 0 && Better(score, p, scratch.TopScores[position - 1], scratch.TopProducts[position - 1]))
                    {
                        position--;
                    }

                    if (position >= topN)
                    {
                        continue;
                    }

                    var move = Math.Min(kept, topN - 1);
                    for (var m = move; m > position; m--)
                    {
                        scratch.TopScores[m] = scratch.TopScores[m - 1];
                        scratch.TopProducts[m] = scratch.TopProducts[m - 1];
                    }

                    scratch.TopScores[position] = score;
                    scratch.TopProducts[position] = p;
                    kept = Math.Min(kept + 1, topN);
                }

                for (var rank = 0; rank < kept; rank++)
                {
                    var p = scratch.TopProducts[rank];
                    output.Add(holdings.BasketIds[b], rules.Products[p], rank + 1, scratch.TopScores[rank], ruleList[scratch.BestRule[p]].AntecedentProductId);
                }
            }

            results[block] = output;
        }

        if (options.Parallel && blocks > 1)
        {
            System.Threading.Tasks.Parallel.For(
                0,
                blocks,
                () => new Scratch(productCount, topN),
                (block, _, scratch) =>
                {
                    Run(block, scratch);
                    return scratch;
                },
                _ => { });
        }
        else
        {
            var scratch = new Scratch(productCount, topN);
            for (var block = 0; block < blocks; block++)
            {
                Run(block, scratch);
            }
        }

        var total = 0;
        foreach (var block in results)
        {
            total += block.Count;
        }

        var customers = new long[total];
        var productIds = new long[total];
        var ranks = new int[total];
        var scores = new double[total];
        var because = new long[total];
        var row = 0;
        foreach (var block in results)
        {
            Array.Copy(block.Customers, 0, customers, row, block.Count);
            Array.Copy(block.Products, 0, productIds, row, block.Count);
            Array.Copy(block.Ranks, 0, ranks, row, block.Count);
            Array.Copy(block.Scores, 0, scores, row, block.Count);
            Array.Copy(block.Because, 0, because, row, block.Count);
            row += block.Count;
        }

        return new PropensityTable(customers, productIds, ranks, scores, because);
    }

    private static bool Better(double score, int product, double otherScore, int otherProduct)
        => score > otherScore || (score == otherScore && product < otherProduct);

    private sealed class Scratch(int products, int topN)
    {
        public int Stamp;
        public readonly int[] Owned = new int[products];
        public readonly int[] Seen = new int[products];
        public readonly double[] Remaining = new double[products];
        public readonly int[] BestRule = new int[products];
        public readonly int[] Touched = new int[products];
        public readonly double[] TopScores = new double[topN];
        public readonly int[] TopProducts = new int[topN];
    }

    private sealed class Block(int capacity)
    {
        public int Count;
        public readonly long[] Customers = new long[capacity];
        public readonly long[] Products = new long[capacity];
        public readonly int[] Ranks = new int[capacity];
        public readonly double[] Scores = new double[capacity];
        public readonly long[] Because = new long[capacity];

        public void Add(long customer, long product, int rank, double score, long because)
        {
            Customers[Count] = customer;
            Products[Count] = product;
            Ranks[Count] = rank;
            Scores[Count] = score;
            Because[Count] = because;
            Count++;
        }
    }
}
