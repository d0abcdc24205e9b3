namespace Vinculo.Domain.Knowledge.Search;

/// <summary>
/// Damerau–Levenshtein distance in its "optimal string alignment" form: insertions, deletions, substitutions and
/// transpositions of two adjacent characters each cost 1, and no substring is edited twice ("ca" → "abc" is 3, not 2).
/// </summary>
public static class EditDistance
{
    /// <summary>
    /// The distance between <paramref name="a"/> and <paramref name="b"/> when it is at most <paramref name="max"/>;
    /// otherwise <paramref name="max"/> + 1. Stops as soon as every alignment of a prefix already costs more than
    /// <paramref name="max"/> (the minimum of a row of the table never decreases, transpositions included).
    /// </summary>
    public static int Osa(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (Math.Abs(a.Length - b.Length) > max)
        {
            return max + 1;
        }

        // Common prefix and suffix never change the distance (a transposition needs two differing characters).
        int prefix = a.CommonPrefixLength(b);
        a = a[prefix..];
        b = b[prefix..];
        int suffix = 0;
        while (suffix < a.Length && suffix < b.Length && a[^(suffix + 1)] == b[^(suffix + 1)])
        {
            suffix++;
        }

        a = a[..^suffix];
        b = b[..^suffix];
        if (a.Length == 0 || b.Length == 0)
        {
            int d = a.Length + b.Length;
            return d <= max ? d : max + 1;
        }

        int m = b.Length;
        int width = m + 1;
        Span<int> rows = width * 3 <= 256 ? stackalloc int[width * 3] : new int[width * 3];
        var older = rows[..width];           // row i - 2
        var previous = rows[width..(2 * width)]; // row i - 1
        var current = rows[(2 * width)..];   // row i
        for (int j = 0; j <= m; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            int rowMin = i;
            char ca = a[i - 1];
            for (int j = 1; j <= m; j++)
            {
                char cb = b[j - 1];
                int cost = ca == cb ? 0 : 1;
                int value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (cost == 1 && i > 1 && j > 1 && ca == b[j - 2] && a[i - 2] == cb)
                {
                    value = Math.Min(value, older[j - 2] + 1);
                }

                current[j] = value;
                if (value < rowMin)
                {
                    rowMin = value;
                }
            }

            if (rowMin > max)
            {
                return max + 1;
            }

            // Rotate: the row just computed becomes the previous one.
            var spare = older;
            older = previous;
            previous = current;
            current = spare;
        }

        int distance = previous[m];
        return distance <= max ? distance : max + 1;
    }
}
