using System.Buffers;
namespace Vinculo.Domain.Text;

/// <summary>
/// The Snowball Spanish stemmer (snowballstem.org/algorithms/spanish), adapted to accent-folded input.
/// </summary>
/// <remarks>
/// <para>
/// The published algorithm works on accented text (its rules mention á é í ó ú ü ñ). We fold accents
/// <em>before</em> stemming, so that "canción" and "cancion" (users often type without accents) end up
/// as the same term. The rules are therefore rewritten for unaccented input:
/// </para>
/// <list type="bullet">
/// <item>vowels are a e i o u (ü has become u; ñ has become n, a consonant either way);</item>
/// <item>attached pronouns: "iéndo/ándo/ár/ér/ír + pronoun" lose the pronoun and the accent in the
/// original; with folded input the verb ending is already unaccented, so the step just deletes the
/// pronoun (the accent removal is a no-op);</item>
/// <item>standard suffixes: ación/ución/logía(s) are matched as acion/ucion/logia(s);</item>
/// <item>the postlude (which removes accents) has nothing left to do and is omitted.</item>
/// </list>
/// <para>
/// Verb suffixes whose accent was their only distinguishing feature are included folded when the
/// folded form does not collide with common noun/adjective endings (áis→ais, éis→eis, áramos→aramos,
/// aré→are, aréis→areis, eréis→ereis, iréis→ireis, ábamos→abamos, iéramos→ieramos, iésemos→iesemos,
/// ásemos→asemos). The following accented suffixes are deliberately <em>not</em> folded in, because the
/// unaccented form is an ordinary noun or adjective ending and would split gender/number pairs or
/// over-stem:
/// </para>
/// <list type="bullet">
/// <item>ía, ías, ían, íamos, íais and the conditionals aría/ería/iría(s/n/mos/is): "limpia/limpio",
/// "necesaria/necesario", "farmacia" would stem differently from their partners;</item>
/// <item>ió: "servicio/servicios", "precio/precios" would split;</item>
/// <item>ís: "análisis", "crisis", "tenis";</item>
/// <item>í in the residual step: "enviar"/"enviado" → "envi" would no longer match "envío" → "envi"
/// (a folded residual i would strip it to "env").</item>
/// <item>erá/irá(s) and eré/iré: "manera", "carrera", "primera", "mentira".</item>
/// </list>
/// <para>
/// Consequence: the imperfect and conditional of -er/-ir verbs keep a longer stem ("tenía", "tenían",
/// "teníamos" → "teni", not "ten") and "comió" gives "comi"; each of those paradigms is still
/// self-consistent, and -ar verbs (the vast majority) conflate as in the original
/// ("llamó", "llamando", "llamada", "llamar", "llamará" → "llam").
/// </para>
/// </remarks>
public static class SpanishStemmer
{
    // standard_suffix actions
    private const int StdDelete = 1;        // R2 delete
    private const int StdDeleteIc = 2;      // R2 delete; try ['ic'] R2 delete
    private const int StdLog = 3;           // R2 <- 'log'
    private const int StdU = 4;             // R2 <- 'u'
    private const int StdEnte = 5;          // R2 <- 'ente'
    private const int StdAmente = 6;        // R1 delete; try ...
    private const int StdMente = 7;         // R2 delete; try ...
    private const int StdIdad = 8;          // R2 delete; try ...
    private const int StdIvo = 9;           // R2 delete; try ['at'] R2 delete

    private const int VerbGu = 1;           // try ('u' test 'g') ] delete
    private const int VerbDelete = 2;

    private const int ResidualDelete = 1;   // RV delete
    private const int ResidualE = 2;        // RV delete; try (['u'] test 'g' RV delete)

    private const int AttachedDelete = 1;   // the pronoun is deleted
    private const int AttachedYendo = 2;    // ... only when preceded by 'u'

    private static readonly SuffixTable Pronouns = Merge(Table(0,
        "me", "se", "sela", "selo", "selas", "selos", "la", "le", "lo", "las", "les", "los", "nos"));

    private static readonly SuffixTable PronounHosts = new(
        ("iendo", AttachedDelete), ("ando", AttachedDelete),
        ("ar", AttachedDelete), ("er", AttachedDelete), ("ir", AttachedDelete),
        ("yendo", AttachedYendo));

    private static readonly SuffixTable Standard = Merge(
        Table(StdDelete,
            "anza", "anzas", "ico", "ica", "icos", "icas", "ismo", "ismos", "able", "ables", "ible", "ibles",
            "ista", "istas", "oso", "osa", "osos", "osas", "amiento", "amientos", "imiento", "imientos"),
        Table(StdDeleteIc,
            "adora", "ador", "acion", "adoras", "adores", "aciones", "ante", "antes", "ancia", "ancias"),
        Table(StdLog, "logia", "logias"),
        Table(StdU, "ucion", "uciones"),
        Table(StdEnte, "encia", "encias"),
        Table(StdAmente, "amente"),
        Table(StdMente, "mente"),
        Table(StdIdad, "idad", "idades"),
        Table(StdIvo, "iva", "ivo", "ivas", "ivos"));

    private const int FollowIv = 1;
    private static readonly SuffixTable AmenteFollow = new(("iv", FollowIv), ("os", 0), ("ic", 0), ("ad", 0));
    private static readonly SuffixTable MenteFollow = Merge(Table(0, "ante", "able", "ible"));
    private static readonly SuffixTable IdadFollow = Merge(Table(0, "abil", "ic", "iv"));

    private static readonly SuffixTable YVerb = Merge(Table(0,
        "ya", "ye", "yan", "yen", "yeron", "yendo", "yo", "yas", "yes", "yais", "yamos"));

    private static readonly SuffixTable Verb = Merge(
        Table(VerbGu, "en", "es", "eis", "emos"),
        Table(VerbDelete,
            // future / conditional (folded; see remarks for the forms left out)
            "aran", "aras", "areis", "aremos", "ara", "are",
            "eremos", "ereis",
            "iremos", "ireis",
            // the rest of the original list (unaccented entries, plus áis ábamos áramos iéramos iésemos ásemos)
            "aba", "ada", "ida", "iera", "ad", "ed", "id", "ase", "iese", "aste", "iste", "an", "aban",
            "ieran", "asen", "iesen", "aron", "ieron", "ado", "ido", "ando", "iendo", "ar", "er", "ir", "as",
            "abas", "adas", "idas", "ieras", "ases", "ieses", "ais", "abais", "arais", "ierais", "aseis",
            "ieseis", "asteis", "isteis", "ados", "idos", "amos", "abamos", "imos", "aramos", "ieramos",
            "iesemos", "asemos"));

    private static readonly SuffixTable Residual = Merge(
        Table(ResidualDelete, "os", "a", "o"),
        Table(ResidualE, "e"));

    /// <summary>Stems a folded (lower-case, unaccented) Spanish word.</summary>
    public static string Stem(string foldedWord)
    {
        ArgumentNullException.ThrowIfNull(foldedWord);
        if (foldedWord.Length == 0)
        {
            return foldedWord;
        }

        Span<char> buffer = foldedWord.Length <= 128 ? stackalloc char[foldedWord.Length] : new char[foldedWord.Length];
        foldedWord.AsSpan().CopyTo(buffer);
        int length = Stem(buffer, foldedWord.Length);
        return length == foldedWord.Length ? foldedWord : new string(buffer[..length]);
    }

    /// <summary>Stems <c>word[..length]</c> in place and returns the new length (never longer).</summary>
    internal static int Stem(Span<char> word, int length)
    {
        var w = word[..length];
        MarkRegions(w, out int pV, out int p1, out int p2);

        int len = AttachedPronoun(word, length, pV);

        if (!StandardSuffix(word, ref len, p1, p2) && !YVerbSuffix(word, ref len, pV))
        {
            VerbSuffix(word, ref len, pV);
        }

        ResidualSuffix(word, ref len, pV);
        return len;
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    private static readonly SearchValues<char> Vowels = SearchValues.Create("aeiou");

    /// <summary>
    /// RV: if the second letter is a consonant, the region after the next vowel; if the first two letters
    /// are vowels, the region after the next consonant; otherwise (consonant-vowel) after the third letter.
    /// R1/R2 as usual: after the first non-vowel following a vowel (and again from there).
    /// </summary>
    private static void MarkRegions(ReadOnlySpan<char> w, out int pV, out int p1, out int p2)
    {
        int n = w.Length;
        pV = n;
        if (n >= 2)
        {
            if (IsVowel(w[0]))
            {
                if (!IsVowel(w[1]))
                {
                    int k = SnowballRegions.GoPastVowel(w, 2, Vowels);
                    if (k >= 0)
                    {
                        pV = k;
                    }
                }
                else
                {
                    int k = SnowballRegions.GoPastNonVowel(w, 2, Vowels);
                    if (k >= 0)
                    {
                        pV = k;
                    }
                }
            }
            else if (!IsVowel(w[1]))
            {
                int k = SnowballRegions.GoPastVowel(w, 2, Vowels);
                if (k >= 0)
                {
                    pV = k;
                }
            }
            else if (n >= 3)
            {
                pV = 3;
            }
        }

        p1 = SnowballRegions.Next(w, 0, Vowels);
        p2 = SnowballRegions.Next(w, p1, Vowels);
    }

    private static int AttachedPronoun(Span<char> word, int len, int pV)
    {
        if (Pronouns.Match(word[..len], 0, out int pronounStart) < 0)
        {
            return len;
        }

        int code = PronounHosts.Match(word[..pronounStart], 0, out int hostStart);
        if (code < 0 || hostStart < pV)
        {
            return len;
        }

        if (code == AttachedYendo && (hostStart == 0 || word[hostStart - 1] != 'u'))
        {
            return len;
        }

        return pronounStart;
    }

    private static bool StandardSuffix(Span<char> word, ref int len, int p1, int p2)
    {
        int code = Standard.Match(word[..len], 0, out int start);
        if (code < 0)
        {
            return false;
        }

        switch (code)
        {
            case StdDelete:
                if (start < p2)
                {
                    return false;
                }

                len = start;
                return true;

            case StdDeleteIc:
                if (start < p2)
                {
                    return false;
                }

                len = start;
                TryDeleteIfR2(word, ref len, "ic", p2);
                return true;

            case StdLog:
                if (start < p2)
                {
                    return false;
                }

                len = start + 3; // logia(s) -> log
                return true;

            case StdU:
                if (start < p2)
                {
                    return false;
                }

                len = start + 1; // ucion(es) -> u
                return true;

            case StdEnte:
                if (start < p2)
                {
                    return false;
                }

                // encia(s) -> ente
                word[start + 2] = 't';
                word[start + 3] = 'e';
                len = start + 4;
                return true;

            case StdAmente:
                if (start < p1)
                {
                    return false;
                }

                len = start;
                int follow = AmenteFollow.Match(word[..len], 0, out int followStart);
                if (follow >= 0 && followStart >= p2)
                {
                    len = followStart;
                    if (follow == FollowIv)
                    {
                        TryDeleteIfR2(word, ref len, "at", p2);
                    }
                }

                return true;

            case StdMente:
                if (start < p2)
                {
                    return false;
                }

                len = start;
                if (MenteFollow.Match(word[..len], 0, out int menteStart) >= 0 && menteStart >= p2)
                {
                    len = menteStart;
                }

                return true;

            case StdIdad:
                if (start < p2)
                {
                    return false;
                }

                len = start;
                if (IdadFollow.Match(word[..len], 0, out int idadStart) >= 0 && idadStart >= p2)
                {
                    len = idadStart;
                }

                return true;

            case StdIvo:
                if (start < p2)
                {
                    return false;
                }

                len = start;
                TryDeleteIfR2(word, ref len, "at", p2);
                return true;

            default:
                return false;
        }
    }

    /// <summary>Deletes <paramref name="suffix"/> from the end when present and inside R2.</summary>
    private static void TryDeleteIfR2(ReadOnlySpan<char> word, ref int len, string suffix, int p2)
    {
        int start = len - suffix.Length;
        if (start >= p2 && word[start..len].SequenceEqual(suffix))
        {
            len = start;
        }
    }

    private static bool YVerbSuffix(Span<char> word, ref int len, int pV)
    {
        if (YVerb.Match(word[..len], pV, out int start) < 0)
        {
            return false;
        }

        if (start == 0 || word[start - 1] != 'u')
        {
            return false;
        }

        len = start;
        return true;
    }

    private static void VerbSuffix(Span<char> word, ref int len, int pV)
    {
        int code = Verb.Match(word[..len], pV, out int start);
        if (code < 0)
        {
            return;
        }

        if (code == VerbGu && start >= 2 && word[start - 1] == 'u' && word[start - 2] == 'g')
        {
            start--;
        }

        len = start;
    }

    private static void ResidualSuffix(Span<char> word, ref int len, int pV)
    {
        int code = Residual.Match(word[..len], 0, out int start);
        if (code < 0 || start < pV)
        {
            return;
        }

        len = start;
        if (code == ResidualE && len >= 2 && word[len - 1] == 'u' && word[len - 2] == 'g' && len - 1 >= pV)
        {
            len--;
        }
    }

    private static (string, int)[] Table(int code, params string[] suffixes)
    {
        var entries = new (string, int)[suffixes.Length];
        for (int i = 0; i < suffixes.Length; i++)
        {
            entries[i] = (suffixes[i], code);
        }

        return entries;
    }

    private static SuffixTable Merge(params (string, int)[][] groups)
    {
        var all = new List<(string, int)>();
        foreach (var group in groups)
        {
            all.AddRange(group);
        }

        return new SuffixTable([.. all]);
    }
}
