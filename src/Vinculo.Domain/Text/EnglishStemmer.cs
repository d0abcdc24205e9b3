using System.Buffers;
namespace Vinculo.Domain.Text;

/// <summary>
/// The Porter2 stemmer: the Snowball English algorithm as published at
/// snowballstem.org/algorithms/english and shipped in Snowball 2.x (libstemmer 2.2, PostgreSQL, Lucene).
/// </summary>
/// <remarks>
/// Implemented in full: the exceptional forms (skies→sky, dying→die, news, only→onli, …), the prelude
/// (initial apostrophe, consonant y → Y), R1/R2 with the gener/commun/arsen prefixes, Step 0 (the
/// apostrophe suffixes), Steps 1a–5, the post-Step-1a invariants (inning, proceed, …) and the postlude.
/// Input must already be folded (lower case a–z); other characters are treated as consonants.
/// Snowball 3.0 (2025) later added a few refinements (added→add, ogist→og, more R1 prefixes such as
/// "univers"/"organ"); those are not included, so output matches the long-standing Porter2 vocabulary.
/// </remarks>
public static class EnglishStemmer
{
    private const int Step2Tion = 1, Step2Ence = 2, Step2Ance = 3, Step2Able = 4, Step2Ent = 5, Step2Ize = 6,
        Step2Ate = 7, Step2Al = 8, Step2Ful = 9, Step2Ous = 10, Step2Ive = 11, Step2Ble = 12, Step2Og = 13,
        Step2Less = 14, Step2Li = 15;

    private static readonly SuffixTable Step2Table = new(
        ("tional", Step2Tion), ("enci", Step2Ence), ("anci", Step2Ance), ("abli", Step2Able), ("entli", Step2Ent),
        ("izer", Step2Ize), ("ization", Step2Ize),
        ("ational", Step2Ate), ("ation", Step2Ate), ("ator", Step2Ate),
        ("alism", Step2Al), ("aliti", Step2Al), ("alli", Step2Al),
        ("fulness", Step2Ful), ("fulli", Step2Ful),
        ("ousli", Step2Ous), ("ousness", Step2Ous),
        ("iveness", Step2Ive), ("iviti", Step2Ive),
        ("biliti", Step2Ble), ("bli", Step2Ble),
        ("ogi", Step2Og),
        ("lessli", Step2Less),
        ("li", Step2Li));

    private const int Step3Tion = 1, Step3Ate = 2, Step3Al = 3, Step3Ic = 4, Step3Delete = 5, Step3Ative = 6;

    private static readonly SuffixTable Step3Table = new(
        ("tional", Step3Tion), ("ational", Step3Ate), ("alize", Step3Al),
        ("icate", Step3Ic), ("iciti", Step3Ic), ("ical", Step3Ic),
        ("ful", Step3Delete), ("ness", Step3Delete),
        ("ative", Step3Ative));

    private const int Step4Delete = 1, Step4Ion = 2;

    private static readonly SuffixTable Step4Table = new(
        ("al", Step4Delete), ("ance", Step4Delete), ("ence", Step4Delete), ("er", Step4Delete), ("ic", Step4Delete),
        ("able", Step4Delete), ("ible", Step4Delete), ("ant", Step4Delete), ("ement", Step4Delete),
        ("ment", Step4Delete), ("ent", Step4Delete), ("ism", Step4Delete), ("ate", Step4Delete), ("iti", Step4Delete),
        ("ous", Step4Delete), ("ive", Step4Delete), ("ize", Step4Delete),
        ("ion", Step4Ion));

    /// <summary>Stems a folded (lower-case, unaccented) English word.</summary>
    public static string Stem(string foldedWord)
    {
        ArgumentNullException.ThrowIfNull(foldedWord);
        if (foldedWord.Length < 3)
        {
            return foldedWord;
        }

        Span<char> buffer = foldedWord.Length <= 128 ? stackalloc char[foldedWord.Length] : new char[foldedWord.Length];
        foldedWord.AsSpan().CopyTo(buffer);
        int length = Stem(buffer, foldedWord.Length);
        var result = buffer[..length];
        return result.SequenceEqual(foldedWord) ? foldedWord : new string(result);
    }

    /// <summary>Stems <c>word[..length]</c> in place and returns the new length (never longer).</summary>
    internal static int Stem(Span<char> word, int length)
    {
        if (Exception1(word, ref length))
        {
            return length;
        }

        if (length < 3)
        {
            return length;
        }

        // Prelude: drop an initial apostrophe; y at the start or after a vowel becomes consonantal Y.
        int len = length;
        if (word[0] == '\'')
        {
            word[1..len].CopyTo(word);
            len--;
        }

        bool yFound = false;
        if (len > 0 && word[0] == 'y')
        {
            word[0] = 'Y';
            yFound = true;
        }

        for (int i = 1; i < len; i++)
        {
            if (word[i] == 'y' && IsVowel(word[i - 1]))
            {
                word[i] = 'Y';
                yFound = true;
            }
        }

        MarkRegions(word[..len], out int p1, out int p2);

        Step1a(word, ref len);
        if (!Exception2(word[..len]))
        {
            Step1b(word, ref len, p1);
            Step1c(word, len);
            Step2(word, ref len, p1);
            Step3(word, ref len, p1, p2);
            Step4(word, ref len, p2);
            Step5(word, ref len, p1, p2);
        }

        if (yFound)
        {
            for (int i = 0; i < len; i++)
            {
                if (word[i] == 'Y')
                {
                    word[i] = 'y';
                }
            }
        }

        return len;
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';

    /// <summary>v_WXY: the vowels plus w, x and Y.</summary>
    private static bool IsVowelWxy(char c) => IsVowel(c) || c is 'w' or 'x' or 'Y';

    private static readonly SearchValues<char> Vowels = SearchValues.Create("aeiouy");

    private static void MarkRegions(ReadOnlySpan<char> w, out int p1, out int p2)
    {
        // Porter2's exceptional R1 for gener-, arsen- and commun-.
        p1 = w.StartsWith("gener") || w.StartsWith("arsen") ? 5
            : w.StartsWith("commun") ? 6
            : SnowballRegions.Next(w, 0, Vowels);
        p2 = SnowballRegions.Next(w, p1, Vowels);
    }

    /// <summary>True when a vowel occurs in <c>w[..end]</c>.</summary>
    private static bool HasVowelBefore(ReadOnlySpan<char> w, int end)
    {
        for (int i = 0; i < end; i++)
        {
            if (IsVowel(w[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <c>w[..end]</c> ends in a short syllable: non-vowel, vowel, non-vowel other than w/x/Y;
    /// or, for a two-letter word, vowel then non-vowel.
    /// </summary>
    private static bool EndsShortSyllable(ReadOnlySpan<char> w, int end)
    {
        if (end >= 3 && !IsVowelWxy(w[end - 1]) && IsVowel(w[end - 2]) && !IsVowel(w[end - 3]))
        {
            return true;
        }

        return end == 2 && !IsVowel(w[1]) && IsVowel(w[0]);
    }

    private static bool EndsWith(ReadOnlySpan<char> w, int len, string suffix)
        => len >= suffix.Length && w[(len - suffix.Length)..len].SequenceEqual(suffix);

    /// <summary>Replaces the last <paramref name="removed"/> characters with <paramref name="replacement"/>.</summary>
    private static void Replace(Span<char> w, ref int len, int removed, string replacement)
    {
        int start = len - removed;
        replacement.AsSpan().CopyTo(w[start..]);
        len = start + replacement.Length;
    }

    private static bool Exception1(Span<char> w, ref int len)
    {
        var word = w[..len];
        string? replacement = word switch
        {
            "skis" => "ski",
            "skies" => "sky",
            "dying" => "die",
            "lying" => "lie",
            "tying" => "tie",
            "idly" => "idl",
            "gently" => "gentl",
            "ugly" => "ugli",
            "early" => "earli",
            "only" => "onli",
            "singly" => "singl",
            "sky" or "news" or "howe" or "atlas" or "cosmos" or "bias" or "andes" => "",
            _ => null,
        };

        if (replacement is null)
        {
            return false;
        }

        if (replacement.Length > 0)
        {
            replacement.AsSpan().CopyTo(w);
            len = replacement.Length;
        }

        return true;
    }

    /// <summary>Words left alone after Step 1a.</summary>
    private static bool Exception2(ReadOnlySpan<char> word) => word switch
    {
        "inning" or "outing" or "canning" or "herring" or "earring" or "proceed" or "exceed" or "succeed" => true,
        _ => false,
    };

    private static void Step1a(Span<char> w, ref int len)
    {
        // Step 0: the apostrophe suffixes ' 's 's'
        if (EndsWith(w, len, "'s'"))
        {
            len -= 3;
        }
        else if (EndsWith(w, len, "'s"))
        {
            len -= 2;
        }
        else if (EndsWith(w, len, "'"))
        {
            len -= 1;
        }

        if (EndsWith(w, len, "sses"))
        {
            len -= 2; // sses -> ss
        }
        else if (EndsWith(w, len, "ied") || EndsWith(w, len, "ies"))
        {
            // -> i if preceded by more than one letter, else -> ie
            if (len - 3 >= 2)
            {
                Replace(w, ref len, 3, "i");
            }
            else
            {
                Replace(w, ref len, 3, "ie");
            }
        }
        else if (EndsWith(w, len, "us") || EndsWith(w, len, "ss"))
        {
            // unchanged
        }
        else if (EndsWith(w, len, "s"))
        {
            // delete if the preceding part contains a vowel not immediately before the s
            if (len >= 2 && HasVowelBefore(w, len - 2))
            {
                len--;
            }
        }
    }

    private static void Step1b(Span<char> w, ref int len, int p1)
    {
        int suffixLength;
        if (EndsWith(w, len, "eedly"))
        {
            suffixLength = 5;
        }
        else if (EndsWith(w, len, "eed"))
        {
            suffixLength = 3;
        }
        else
        {
            suffixLength = 0;
        }

        if (suffixLength > 0)
        {
            if (len - suffixLength >= p1)
            {
                Replace(w, ref len, suffixLength, "ee");
            }

            return;
        }

        if (EndsWith(w, len, "ingly"))
        {
            suffixLength = 5;
        }
        else if (EndsWith(w, len, "edly"))
        {
            suffixLength = 4;
        }
        else if (EndsWith(w, len, "ing"))
        {
            suffixLength = 3;
        }
        else if (EndsWith(w, len, "ed"))
        {
            suffixLength = 2;
        }
        else
        {
            return;
        }

        int start = len - suffixLength;
        if (!HasVowelBefore(w, start))
        {
            return;
        }

        len = start;
        if (EndsWith(w, len, "at") || EndsWith(w, len, "bl") || EndsWith(w, len, "iz"))
        {
            w[len++] = 'e';
        }
        else if (len >= 2 && w[len - 1] == w[len - 2] && w[len - 1] is 'b' or 'd' or 'f' or 'g' or 'm' or 'n' or 'p' or 'r' or 't')
        {
            len--;
        }
        else if (len == p1 && EndsShortSyllable(w, len))
        {
            w[len++] = 'e';
        }
    }

    private static void Step1c(Span<char> w, int len)
    {
        if (len > 2 && w[len - 1] is 'y' or 'Y' && !IsVowel(w[len - 2]))
        {
            w[len - 1] = 'i';
        }
    }

    private static void Step2(Span<char> w, ref int len, int p1)
    {
        int code = Step2Table.Match(w[..len], 0, out int start);
        if (code < 0 || start < p1)
        {
            return;
        }

        int removed = len - start;
        switch (code)
        {
            case Step2Tion: Replace(w, ref len, removed, "tion"); break;
            case Step2Ence: Replace(w, ref len, removed, "ence"); break;
            case Step2Ance: Replace(w, ref len, removed, "ance"); break;
            case Step2Able: Replace(w, ref len, removed, "able"); break;
            case Step2Ent: Replace(w, ref len, removed, "ent"); break;
            case Step2Ize: Replace(w, ref len, removed, "ize"); break;
            case Step2Ate: Replace(w, ref len, removed, "ate"); break;
            case Step2Al: Replace(w, ref len, removed, "al"); break;
            case Step2Ful: Replace(w, ref len, removed, "ful"); break;
            case Step2Ous: Replace(w, ref len, removed, "ous"); break;
            case Step2Ive: Replace(w, ref len, removed, "ive"); break;
            case Step2Ble: Replace(w, ref len, removed, "ble"); break;
            case Step2Less: Replace(w, ref len, removed, "less"); break;
            case Step2Og:
                // ogi -> og when preceded by l
                if (start > 0 && w[start - 1] == 'l')
                {
                    Replace(w, ref len, removed, "og");
                }

                break;
            case Step2Li:
                // li deleted when preceded by a valid li-ending
                if (start > 0 && w[start - 1] is 'c' or 'd' or 'e' or 'g' or 'h' or 'k' or 'm' or 'n' or 'r' or 't')
                {
                    len = start;
                }

                break;
        }
    }

    private static void Step3(Span<char> w, ref int len, int p1, int p2)
    {
        int code = Step3Table.Match(w[..len], 0, out int start);
        if (code < 0 || start < p1)
        {
            return;
        }

        int removed = len - start;
        switch (code)
        {
            case Step3Tion: Replace(w, ref len, removed, "tion"); break;
            case Step3Ate: Replace(w, ref len, removed, "ate"); break;
            case Step3Al: Replace(w, ref len, removed, "al"); break;
            case Step3Ic: Replace(w, ref len, removed, "ic"); break;
            case Step3Delete: len = start; break;
            case Step3Ative:
                if (start >= p2)
                {
                    len = start;
                }

                break;
        }
    }

    private static void Step4(Span<char> w, ref int len, int p2)
    {
        int code = Step4Table.Match(w[..len], 0, out int start);
        if (code < 0 || start < p2)
        {
            return;
        }

        if (code == Step4Delete || (start > 0 && w[start - 1] is 's' or 't'))
        {
            len = start;
        }
    }

    private static void Step5(Span<char> w, ref int len, int p1, int p2)
    {
        if (len == 0)
        {
            return;
        }

        int start = len - 1;
        if (w[start] == 'e')
        {
            if (start >= p2 || (start >= p1 && !EndsShortSyllable(w, start)))
            {
                len = start;
            }
        }
        else if (w[start] == 'l')
        {
            if (start >= p2 && start > 0 && w[start - 1] == 'l')
            {
                len = start;
            }
        }
    }
}
