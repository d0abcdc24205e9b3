namespace Vinculo.Domain.Analytics.Modeling;

/// <summary>Seeded, stratified row sampling: hold-out shares, k folds and subsamples that keep the label's rate.</summary>
public static class Sampling
{
    /// <summary>Splits rows into (kept, held out) with about <paramref name="fraction"/> of each class held out; both sorted.</summary>
    public static (int[] Kept, int[] HeldOut) StratifiedHoldOut(int[] rows, bool[] label, double fraction, int seed)
    {
        var random = new Random(seed);
        var kept = new List<int>(rows.Length);
        var held = new List<int>((int)(rows.Length * fraction) + 2);
        foreach (var positive in new[] { false, true })
        {
            var group = Shuffled(rows.Where(r => label[r] == positive).ToArray(), random);
            var take = (int)Math.Round(group.Length * fraction);
            held.AddRange(group[..take]);
            kept.AddRange(group[take..]);
        }

        var k = kept.ToArray();
        var h = held.ToArray();
        Array.Sort(k);
        Array.Sort(h);
        return (k, h);
    }

    /// <summary>The fold (0..k−1) of every row in <paramref name="rows"/>, each class dealt round-robin after a seeded shuffle.</summary>
    public static int[] StratifiedFolds(int[] rows, bool[] label, int folds, int seed)
    {
        var random = new Random(seed);
        var fold = new int[rows.Length];
        foreach (var positive in new[] { false, true })
        {
            var positions = Shuffled(Enumerable.Range(0, rows.Length).Where(i => label[rows[i]] == positive).ToArray(), random);
            for (var i = 0; i < positions.Length; i++)
            {
                fold[positions[i]] = i % folds;
            }
        }

        return fold;
    }

    /// <summary>At most <paramref name="size"/> rows, stratified by label, sorted; all of them when there are fewer.</summary>
    public static int[] StratifiedSample(int[] rows, bool[] label, int size, int seed)
    {
        if (rows.Length <= size)
        {
            return rows;
        }

        var (_, sample) = StratifiedHoldOut(rows, label, size / (double)rows.Length, seed);
        return sample;
    }

    private static int[] Shuffled(int[] items, Random random)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }

        return items;
    }
}
