using System.Buffers;

namespace Vinculo.Domain.Text;

/// <summary>
/// The region arithmetic every Snowball stemmer shares: R1 is the part after the first non-vowel that follows a vowel,
/// R2 the same again inside R1. Each language brings its own vowels.
/// </summary>
internal static class SnowballRegions
{
    /// <summary>Index just after the first vowel at or after <paramref name="from"/>, or -1.</summary>
    public static int GoPastVowel(ReadOnlySpan<char> w, int from, SearchValues<char> vowels)
    {
        if (from >= w.Length)
        {
            return -1;
        }

        var i = w[from..].IndexOfAny(vowels);
        return i < 0 ? -1 : from + i + 1;
    }

    /// <summary>Index just after the first non-vowel at or after <paramref name="from"/>, or -1.</summary>
    public static int GoPastNonVowel(ReadOnlySpan<char> w, int from, SearchValues<char> vowels)
    {
        if (from >= w.Length)
        {
            return -1;
        }

        var i = w[from..].IndexOfAnyExcept(vowels);
        return i < 0 ? -1 : from + i + 1;
    }

    /// <summary>The start of the region after the first vowel–non-vowel pair at or after <paramref name="from"/>; the word's length when there is none.</summary>
    public static int Next(ReadOnlySpan<char> w, int from, SearchValues<char> vowels)
    {
        var a = GoPastVowel(w, from, vowels);
        if (a < 0)
        {
            return w.Length;
        }

        a = GoPastNonVowel(w, a, vowels);
        return a < 0 ? w.Length : a;
    }
}
