namespace Vinculo.Domain.Analytics.Affinity;

/// <summary>Thresholds of <see cref="AssociationRules.Mine"/>.</summary>
public sealed record AssociationRuleOptions
{
    /// <summary>Minimum support of the pair: baskets holding both products / all baskets.</summary>
    public double MinSupport { get; init; } = 0.001;

    /// <summary>Minimum confidence: baskets holding both / baskets holding the antecedent.</summary>
    public double MinConfidence { get; init; } = 0.05;

    /// <summary>Minimum number of baskets holding both products (guards small data against one-off pairs).</summary>
    public int MinCount { get; init; } = 5;

    /// <summary>Minimum lift; the default 1 keeps only pairs bought together more often than by chance.</summary>
    public double MinLift { get; init; } = 1.0;
}

/// <summary>
/// Pairwise association rules between products (A → B), counted over baskets: support = n(A∧B)/N,
/// confidence = n(A∧B)/n(A), lift = confidence / (n(B)/N), N = number of baskets.
/// </summary>
public sealed class AssociationRuleSet
{
    private readonly Dictionary<long, int> _index;

    internal AssociationRuleSet(int baskets, long[] products, int[] productCounts, ProductAffinity[] rules, int[] ruleOffsets, Dictionary<long, int> index)
    {
        Baskets = baskets;
        Products = products;
        ProductCounts = productCounts;
        Rules = rules;
        RuleOffsets = ruleOffsets;
        _index = index;
    }

    /// <summary>Baskets counted (N).</summary>
    public int Baskets { get; }

    /// <summary>Every product seen, in increasing id order.</summary>
    public IReadOnlyList<long> Products { get; }

    /// <summary>Baskets holding each product of <see cref="Products"/>.</summary>
    public IReadOnlyList<int> ProductCounts { get; }

    /// <summary>
    /// The rules, grouped by antecedent in increasing id order and, within one, by confidence descending then
    /// consequent id.
    /// </summary>
    public IReadOnlyList<ProductAffinity> Rules { get; }

    /// <summary>Rules of the product at index p of <see cref="Products"/>: Rules[RuleOffsets[p]..RuleOffsets[p + 1]].</summary>
    internal int[] RuleOffsets { get; }

    /// <summary>The position of a product in <see cref="Products"/>, or −1.</summary>
    public int IndexOf(long productId) => _index.TryGetValue(productId, out var p) ? p : -1;

    /// <summary>Baskets holding a product (0 if never seen).</summary>
    public int CountOf(long productId) => _index.TryGetValue(productId, out var p) ? ProductCounts[p] : 0;
}

/// <summary>
/// Mines pairwise association rules. Pairs are counted product by product over an inverted index (the baskets
/// holding each product): for product a, a dense counter over the catalogue receives every product b &gt; a of
/// a's baskets, so memory stays O(items + catalogue) whatever the catalogue size, the counter stays in cache, and
/// products are processed in parallel with results combined in product order. O(Σ basket size²) time.
/// </summary>
public static class AssociationRules
{
    /// <summary>Mines every pair rule passing the thresholds of <paramref name="options"/>.</summary>
    public static AssociationRuleSet Mine(BasketSet baskets, AssociationRuleOptions? options = null, bool parallel = true)
    {
        ArgumentNullException.ThrowIfNull(baskets);
        options ??= new AssociationRuleOptions();

        // Dense product indices in increasing id order (so a basket's indices stay increasing).
        var products = (long[])baskets.Items.Clone();
        Array.Sort(products);
        var distinct = 0;
        for (var i = 0; i < products.Length; i++)
        {
            if (distinct == 0 || products[distinct - 1] != products[i])
            {
                products[distinct++] = products[i];
            }
        }

        Array.Resize(ref products, distinct);
        var index = new Dictionary<long, int>(distinct);
        for (var p = 0; p < distinct; p++)
        {
            index[products[p]] = p;
        }

        var items = new int[baskets.Items.Length];
        var counts = new int[distinct];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = index[baskets.Items[i]];
            counts[items[i]]++;
        }

        var n = baskets.Count;
        var offsets = baskets.Offsets;

        // Inverted index: position in items of product p's occurrences, basket by basket (counting sort).
        var occurrenceOffsets = new int[distinct + 1];
        for (var p = 0; p < distinct; p++)
        {
            occurrenceOffsets[p + 1] = occurrenceOffsets[p] + counts[p];
        }

        var occurrenceBasket = new int[items.Length];
        var occurrencePosition = new int[items.Length];
        var fill = (int[])occurrenceOffsets.Clone();
        for (var b = 0; b < n; b++)
        {
            for (var x = offsets[b]; x < offsets[b + 1]; x++)
            {
                var slot = fill[items[x]]++;
                occurrenceBasket[slot] = b;
                occurrencePosition[slot] = x;
            }
        }

        // A pair must reach both the count and the support threshold.
        var minPairCount = Math.Max(1, Math.Max(options.MinCount, (int)Math.Floor(options.MinSupport * n)));
        var perProduct = new (int Partner, int Count)[distinct][];

        void CountFrom(int a, int[] counter, int[] touched)
        {
            if (counts[a] < minPairCount)
            {
                perProduct[a] = [];
                return;
            }

            var seen = 0;
            for (var o = occurrenceOffsets[a]; o < occurrenceOffsets[a + 1]; o++)
            {
                var end = offsets[occurrenceBasket[o] + 1];
                for (var y = occurrencePosition[o] + 1; y < end; y++)
                {
                    var c = items[y];
                    if (counter[c]++ == 0)
                    {
                        touched[seen++] = c;
                    }
                }
            }

            Array.Sort(touched, 0, seen);
            var kept = new List<(int, int)>();
            for (var t = 0; t < seen; t++)
            {
                var c = touched[t];
                if (counter[c] >= minPairCount)
                {
                    kept.Add((c, counter[c]));
                }

                counter[c] = 0;
            }

            perProduct[a] = [.. kept];
        }

        if (parallel && distinct > 1)
        {
            System.Threading.Tasks.Parallel.For(
                0,
                distinct,
                () => (new int[distinct], new int[distinct]),
                (a, _, buffers) =>
                {
                    CountFrom(a, buffers.Item1, buffers.Item2);
                    return buffers;
                },
                _ => { });
        }
        else
        {
            var counter = new int[distinct];
            var touched = new int[distinct];
            for (var a = 0; a < distinct; a++)
            {
                CountFrom(a, counter, touched);
            }
        }

        var rules = new List<ProductAffinity>();
        var antecedents = new List<int>();
        for (var a = 0; a < distinct; a++)
        {
            foreach (var (b, count) in perProduct[a])
            {
                var support = (double)count / n;
                if (count < options.MinCount || support < options.MinSupport)
                {
                    continue;
                }

                AddRule(a, b, count, support);
                AddRule(b, a, count, support);
            }
        }

        void AddRule(int from, int to, int count, double support)
        {
            var confidence = (double)count / counts[from];
            var lift = confidence / ((double)counts[to] / n);
            if (confidence >= options.MinConfidence && lift >= options.MinLift)
            {
                rules.Add(new ProductAffinity(products[from], products[to], count, support, confidence, lift));
                antecedents.Add(from);
            }
        }

        var ruleArray = rules.ToArray();
        var keys = antecedents.ToArray();
        var order = new int[ruleArray.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (x, y) =>
        {
            var byAntecedent = keys[x].CompareTo(keys[y]);
            if (byAntecedent != 0)
            {
                return byAntecedent;
            }

            var byConfidence = ruleArray[y].Confidence.CompareTo(ruleArray[x].Confidence);
            return byConfidence != 0 ? byConfidence : ruleArray[x].ConsequentProductId.CompareTo(ruleArray[y].ConsequentProductId);
        });

        var sorted = new ProductAffinity[ruleArray.Length];
        var ruleOffsets = new int[distinct + 1];
        for (var i = 0; i < order.Length; i++)
        {
            sorted[i] = ruleArray[order[i]];
            ruleOffsets[keys[order[i]] + 1]++;
        }

        for (var p = 0; p < distinct; p++)
        {
            ruleOffsets[p + 1] += ruleOffsets[p];
        }

        return new AssociationRuleSet(n, products, counts, sorted, ruleOffsets, index);
    }
}
