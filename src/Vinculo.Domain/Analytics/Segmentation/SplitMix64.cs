namespace Vinculo.Domain.Analytics.Segmentation;

/// <summary>
/// A small seeded pseudo-random generator (SplitMix64) whose sequence is fixed by its own code, so results never
/// depend on the runtime's <see cref="Random"/> implementation.
/// </summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A double uniformly in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>An integer uniformly in [0, exclusiveMax).</summary>
    public int NextInt(int exclusiveMax) => (int)(NextDouble() * exclusiveMax);

    /// <summary>
    /// <paramref name="count"/> distinct indices of [0, n) in increasing order, every subset equally likely
    /// (Knuth's selection sampling, one pass, no n-sized allocation).
    /// </summary>
    public int[] SampleSorted(int n, int count)
    {
        if (count >= n)
        {
            var all = new int[n];
            for (var i = 0; i < n; i++)
            {
                all[i] = i;
            }

            return all;
        }

        var result = new int[count];
        var selected = 0;
        for (var i = 0; i < n && selected < count; i++)
        {
            if ((n - i) * NextDouble() < count - selected)
            {
                result[selected++] = i;
            }
        }

        return result;
    }
}
