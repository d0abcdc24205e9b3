namespace Vinculo.Domain.Text;

/// <summary>
/// A set of suffixes with an action code each, answering Snowball's <c>among</c> question: which is the
/// longest suffix of the word in the set? Suffixes are bucketed by their last letter and sorted longest
/// first, so a lookup only compares the few candidates that end in the word's last letter.
/// </summary>
internal sealed class SuffixTable
{
    private readonly string[][] _suffixes = new string[26][];
    private readonly int[][] _codes = new int[26][];

    public SuffixTable(params (string Suffix, int Code)[] entries)
    {
        var buckets = new List<(string Suffix, int Code)>[26];
        for (int b = 0; b < 26; b++)
        {
            buckets[b] = [];
        }

        foreach (var (suffix, code) in entries)
        {
            char last = suffix[^1];
            if (last < 'a' || last > 'z')
            {
                throw new ArgumentException($"Suffix '{suffix}' must end in a-z.", nameof(entries));
            }

            var bucket = buckets[last - 'a'];
            foreach (var existing in bucket)
            {
                if (existing.Suffix == suffix)
                {
                    throw new ArgumentException($"Duplicate suffix '{suffix}'.", nameof(entries));
                }
            }

            bucket.Add((suffix, code));
        }

        for (int b = 0; b < 26; b++)
        {
            var bucket = buckets[b];
            bucket.Sort(static (x, y) => y.Suffix.Length.CompareTo(x.Suffix.Length));
            _suffixes[b] = new string[bucket.Count];
            _codes[b] = new int[bucket.Count];
            for (int k = 0; k < bucket.Count; k++)
            {
                _suffixes[b][k] = bucket[k].Suffix;
                _codes[b][k] = bucket[k].Code;
            }
        }
    }

    /// <summary>
    /// Finds the longest suffix of <paramref name="word"/> in the table that starts at or after
    /// <paramref name="minStart"/> (pass 0 for an unrestricted <c>among</c>, or the region start for
    /// Snowball's <c>setlimit … for ([substring])</c>). Returns its code, or -1 when none matches;
    /// <paramref name="start"/> receives the index where the suffix begins.
    /// </summary>
    public int Match(ReadOnlySpan<char> word, int minStart, out int start)
    {
        start = word.Length;
        if (word.Length == 0)
        {
            return -1;
        }

        uint bucketIndex = (uint)(word[^1] - 'a');
        if (bucketIndex >= 26)
        {
            return -1;
        }

        string[] suffixes = _suffixes[bucketIndex];
        int maxLength = word.Length - minStart;
        for (int k = 0; k < suffixes.Length; k++)
        {
            string suffix = suffixes[k];
            if (suffix.Length > maxLength)
            {
                continue;
            }

            if (word.EndsWith(suffix.AsSpan()))
            {
                start = word.Length - suffix.Length;
                return _codes[bucketIndex][k];
            }
        }

        return -1;
    }
}
