using Vinculo.Domain.Text;

namespace Vinculo.Domain.Quality;

/// <summary>
/// Name comparison for duplicate detection. Names are accent-folded and lower-cased word by word; initials and
/// company legal forms (S.L., S.A., Ltd…) are dropped. The similarity of two names is the lower of two scores:
/// <list type="number">
/// <item>the whole name: Jaro-Winkler of the names as written and with their words sorted, the higher of the two (so
/// "García López, Ana" equals "Ana García López");</item>
/// <item>word by word: each word of the name with fewer words is paired with its most similar unused word of the
/// other (Jaro-Winkler), and the scores are averaged. A missing middle name or second surname costs nothing here
/// (the whole-name score still sees it), a changed surname costs a lot ("Javier Moreno" / "Javier Romero"), and a
/// first name and its feminine or masculine form (Juan/Juana, Luis/Luisa, Mario/María) count as different words,
/// because relatives sharing an address are not duplicates.</item>
/// </list>
/// </summary>
public static class NameSimilarity
{
    /// <summary>
    /// Similarity from which two names are "similar" (0–1). 0.92 accepts a typo ("Jose Martinez" / "Jose Martines"
    /// 0.97, "Maria Garcia" / "Marai Garcia" 0.97), a missing second surname ("Ana Garcia Lopez" / "Ana Garcia" 0.93)
    /// and another word order, and rejects other people: another first name ("Ana Garcia" / "Juan Garcia" 0.76,
    /// "Pedro Sanchez" / "Pablo Sanchez" 0.80), another surname ("Javier Moreno" / "Javier Romero" 0.91) and the
    /// feminine or masculine form of the first name ("Juan Perez" / "Juana Perez" 0.5). The tests pin these figures.
    /// </summary>
    public const double Threshold = 0.92;

    private static readonly HashSet<string> LegalForms = new(StringComparer.Ordinal)
    {
        "sl", "sa", "slu", "sau", "sll", "slne", "scoop", "coop", "cb", "sc", "scp", "ltd", "limited", "inc", "llc", "gmbh",
        "sarl", "srl", "spa", "bv", "nv", "plc", "corp", "co", "ag",
    };

    /// <summary>The comparable form of a name: folded words without initials or legal forms, separated by one space.</summary>
    public static string Key(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "";
        }

        var words = Tokenizer.Tokens(name).Where(t => t.Length > 1 && !LegalForms.Contains(t));
        return string.Join(' ', words);
    }

    /// <summary>The words of a key in ordinal order.</summary>
    public static string Sorted(string key)
    {
        var words = key.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Array.Sort(words, StringComparer.Ordinal);
        return string.Join(' ', words);
    }

    /// <summary>Similarity of two keys from <see cref="Key"/> (0 when either is empty).</summary>
    public static double Similarity(string keyA, string keyB) => Similarity(Prepare(keyA), Prepare(keyB));

    /// <summary>A key with its sorted form and words, computed once when a name is compared many times.</summary>
    public static PreparedName Prepare(string key) => new(key);

    /// <summary>Similarity of two prepared keys (0 when either is empty). Allocates nothing.</summary>
    public static double Similarity(PreparedName a, PreparedName b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Key.Length == 0 || b.Key.Length == 0)
        {
            return 0;
        }

        if (string.Equals(a.Key, b.Key, StringComparison.Ordinal) || string.Equals(a.Sorted, b.Sorted, StringComparison.Ordinal))
        {
            return 1;
        }

        var whole = Math.Max(JaroWinkler(a.Key, b.Key), JaroWinkler(a.Sorted, b.Sorted));
        return Math.Min(whole, WordByWord(a.Words, b.Words));
    }

    /// <summary>
    /// Whether two prepared names are similar (≥ <see cref="Threshold"/>), cheaply: the word-by-word score is computed
    /// first and the whole-name score only when that one passes. <paramref name="similarity"/> is exact when the
    /// result is true.
    /// </summary>
    public static bool IsSimilar(PreparedName a, PreparedName b, out double similarity)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        similarity = 0;
        if (a.Key.Length == 0 || b.Key.Length == 0)
        {
            return false;
        }

        if (string.Equals(a.Key, b.Key, StringComparison.Ordinal) || string.Equals(a.Sorted, b.Sorted, StringComparison.Ordinal))
        {
            similarity = 1;
            return true;
        }

        similarity = WordByWord(a.Words, b.Words);
        if (similarity < Threshold)
        {
            return false;
        }

        similarity = Math.Min(similarity, Math.Max(JaroWinkler(a.Key, b.Key), JaroWinkler(a.Sorted, b.Sorted)));
        return similarity >= Threshold;
    }

    private static double WordByWord(string[] a, string[] b)
    {
        var (shorter, longer) = a.Length <= b.Length ? (a, b) : (b, a);
        Span<bool> used = longer.Length <= 64 ? stackalloc bool[longer.Length] : new bool[longer.Length];
        var sum = 0.0;
        foreach (var word in shorter)
        {
            var best = 0.0;
            var bestIndex = -1;
            for (var j = 0; j < longer.Length; j++)
            {
                if (used[j])
                {
                    continue;
                }

                var score = WordSimilarity(word, longer[j]);
                if (score > best)
                {
                    best = score;
                    bestIndex = j;
                }
            }

            if (bestIndex >= 0)
            {
                used[bestIndex] = true;
            }

            sum += best;
        }

        return sum / shorter.Length;
    }

    private static double WordSimilarity(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return 1;
        }

        return IsGenderedPair(a, b) ? 0 : JaroWinkler(a, b);
    }

    /// <summary>Juan/Juana, Luis/Luisa, Daniel/Daniela (one adds an "a"); Mario/Maria, Julio/Julia (o ↔ a at the end).</summary>
    internal static bool IsGenderedPair(string a, string b)
    {
        if (a.Length + 1 == b.Length)
        {
            return b[^1] == 'a' && b.StartsWith(a, StringComparison.Ordinal);
        }

        if (b.Length + 1 == a.Length)
        {
            return a[^1] == 'a' && a.StartsWith(b, StringComparison.Ordinal);
        }

        return a.Length == b.Length && a.Length > 2 && ((a[^1] == 'o' && b[^1] == 'a') || (a[^1] == 'a' && b[^1] == 'o'))
            && a.AsSpan(0, a.Length - 1).SequenceEqual(b.AsSpan(0, b.Length - 1));
    }

    /// <summary>
    /// Jaro-Winkler similarity (Winkler 1990): Jaro's matches within half the longer length, transpositions halved,
    /// plus a bonus of 0.1 per common leading character (at most 4) when the Jaro score is above 0.7.
    /// </summary>
    public static double JaroWinkler(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length == 0 && b.Length == 0)
        {
            return 1;
        }

        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        var jaro = Jaro(a, b);
        if (jaro <= 0.7)
        {
            return jaro;
        }

        var prefix = 0;
        var max = Math.Min(4, Math.Min(a.Length, b.Length));
        while (prefix < max && a[prefix] == b[prefix])
        {
            prefix++;
        }

        return jaro + (prefix * 0.1 * (1 - jaro));
    }

    private static double Jaro(string a, string b)
    {
        var window = Math.Max(0, (Math.Max(a.Length, b.Length) / 2) - 1);
        Span<bool> matchedA = a.Length <= 256 ? stackalloc bool[a.Length] : new bool[a.Length];
        Span<bool> matchedB = b.Length <= 256 ? stackalloc bool[b.Length] : new bool[b.Length];

        var matches = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var from = Math.Max(0, i - window);
            var to = Math.Min(b.Length - 1, i + window);
            for (var j = from; j <= to; j++)
            {
                if (!matchedB[j] && a[i] == b[j])
                {
                    matchedA[i] = true;
                    matchedB[j] = true;
                    matches++;
                    break;
                }
            }
        }

        if (matches == 0)
        {
            return 0;
        }

        var transpositions = 0;
        var k = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (!matchedA[i])
            {
                continue;
            }

            while (!matchedB[k])
            {
                k++;
            }

            if (a[i] != b[k])
            {
                transpositions++;
            }

            k++;
        }

        double m = matches;
        return ((m / a.Length) + (m / b.Length) + ((m - (transpositions / 2.0)) / m)) / 3.0;
    }
}

/// <summary>A name key (<see cref="NameSimilarity.Key"/>) with what comparing it needs, computed once.</summary>
public sealed class PreparedName
{
    public PreparedName(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Key = key;
        Words = key.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var sorted = (string[])Words.Clone();
        Array.Sort(sorted, StringComparer.Ordinal);
        Sorted = string.Join(' ', sorted);
    }

    public string Key { get; }

    /// <summary>The words in ordinal order, joined by one space.</summary>
    public string Sorted { get; }

    public string[] Words { get; }
}
