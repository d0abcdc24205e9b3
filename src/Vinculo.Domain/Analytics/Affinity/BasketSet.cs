namespace Vinculo.Domain.Analytics.Affinity;

/// <summary>
/// Baskets of product ids in compressed form: basket b holds <c>Items[Offsets[b]..Offsets[b + 1]]</c>, distinct and
/// in increasing order, and is identified by <c>BasketIds[b]</c> (a customer id or an order id). Baskets are in
/// increasing id order. One array per column, no per-basket allocation.
/// </summary>
public sealed class BasketSet
{
    private BasketSet(long[] basketIds, int[] offsets, long[] items)
    {
        BasketIds = basketIds;
        Offsets = offsets;
        Items = items;
    }

    public long[] BasketIds { get; }

    /// <summary>Count + 1 offsets into <see cref="Items"/>.</summary>
    public int[] Offsets { get; }

    public long[] Items { get; }

    public int Count => BasketIds.Length;

    /// <summary>The products of basket <paramref name="index"/> (not its id).</summary>
    public ReadOnlySpan<long> this[int index] => Items.AsSpan(Offsets[index], Offsets[index + 1] - Offsets[index]);

    /// <summary>
    /// Builds baskets from (basket id, product id) pairs in any order; repeated pairs count once
    /// (a basket is a set). O(m log m) for m pairs.
    /// </summary>
    public static BasketSet FromPairs(ReadOnlySpan<long> basketIds, ReadOnlySpan<long> productIds)
    {
        if (basketIds.Length != productIds.Length)
        {
            throw new ArgumentException("One product id per basket id is required.", nameof(productIds));
        }

        var keys = basketIds.ToArray();
        var values = productIds.ToArray();
        if (!IsSorted(keys))
        {
            Array.Sort(keys, values);
        }

        var ids = new List<long>();
        var offsets = new List<int> { 0 };
        var write = 0;
        var start = 0;
        while (start < keys.Length)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }

            Array.Sort(values, start, end - start);
            var basketStart = write;
            for (var i = start; i < end; i++)
            {
                if (write == basketStart || values[write - 1] != values[i])
                {
                    values[write++] = values[i];
                }
            }

            ids.Add(keys[start]);
            offsets.Add(write);
            start = end;
        }

        Array.Resize(ref values, write);
        return new BasketSet([.. ids], [.. offsets], values);
    }

    /// <summary>Builds baskets from a list of (basket id, products); ids must be distinct.</summary>
    public static BasketSet FromBaskets(IEnumerable<KeyValuePair<long, IEnumerable<long>>> baskets)
    {
        ArgumentNullException.ThrowIfNull(baskets);
        var basketIds = new List<long>();
        var productIds = new List<long>();
        var seen = new HashSet<long>();
        foreach (var (id, products) in baskets)
        {
            if (!seen.Add(id))
            {
                throw new ArgumentException($"Basket {id} appears twice.", nameof(baskets));
            }

            foreach (var product in products)
            {
                basketIds.Add(id);
                productIds.Add(product);
            }
        }

        var set = FromPairs(basketIds.ToArray(), productIds.ToArray());
        return set;
    }

    private static bool IsSorted(long[] keys)
    {
        for (var i = 1; i < keys.Length; i++)
        {
            if (keys[i] < keys[i - 1])
            {
                return false;
            }
        }

        return true;
    }
}
