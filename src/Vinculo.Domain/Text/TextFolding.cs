using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Vinculo.Domain.Text;

/// <summary>
/// Case and accent folding shared by indexing and querying, so that "Canción", "CANCION" and "canción"
/// all become "cancion".
/// </summary>
/// <remarks>
/// Folding is a per-character mapping:
/// <list type="bullet">
/// <item>letters are lower-cased with the invariant culture and stripped of diacritics (á→a, ñ→n, ü→u, ç→c);</item>
/// <item>a few letters without a canonical decomposition are mapped by hand (ø→o, ł→l, đ→d, ı→i, ª→a, º→o)
/// and ligatures are expanded (ß→ss, æ→ae, œ→oe, þ→th, ﬁ→fi);</item>
/// <item>combining marks (U+0300…) are removed;</item>
/// <item>digits and every other character (spaces, punctuation, symbols) are kept unchanged.</item>
/// </list>
/// The mapping of each non-ASCII character is computed once per 256-character block and cached, so the
/// hot path never calls <see cref="string.Normalize()"/>.
/// </remarks>
public static class TextFolding
{
    /// <summary>The most characters a single input character can fold to (ﬃ → ffi).</summary>
    internal const int MaxExpansion = 3;

    // Marker values inside a block table.
    private const char Drop = '\0';        // combining mark: removed
    private const char Expand = '\uFFFF';  // folds to more than one character: see Expansion()

    private static readonly char[]?[] Blocks = new char[]?[256];

    /// <summary>Lower-cases (invariant) and removes diacritics. Non-letters are kept as they are.</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        // Fast path: nothing to change (plain lower-case ASCII) → return the same instance.
        int i = 0;
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (c >= 0x80 || (c >= 'A' && c <= 'Z'))
            {
                break;
            }
        }

        if (i == text.Length)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 8);
        sb.Append(text, 0, i);
        Span<char> tmp = stackalloc char[MaxExpansion];
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (c < 0x80)
            {
                sb.Append(c >= 'A' && c <= 'Z' ? (char)(c | 0x20) : c);
                continue;
            }

            int n = FoldChar(c, tmp);
            sb.Append(tmp[..n]);
        }

        return sb.ToString();
    }

    /// <summary>
    /// Writes the folding of <paramref name="c"/> to <paramref name="destination"/> (which must hold at
    /// least <see cref="MaxExpansion"/> characters) and returns how many characters were written (0 for a
    /// combining mark).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int FoldChar(char c, Span<char> destination)
    {
        if (c < 0x80)
        {
            destination[0] = c >= 'A' && c <= 'Z' ? (char)(c | 0x20) : c;
            return 1;
        }

        char[] block = Blocks[c >> 8] ?? BuildBlock(c >> 8);
        char mapped = block[c & 0xFF];
        if (mapped == Drop)
        {
            return 0;
        }

        if (mapped == Expand)
        {
            string? expansion = Expansion(c);
            if (expansion is null)
            {
                destination[0] = c;
                return 1;
            }

            expansion.AsSpan().CopyTo(destination);
            return expansion.Length;
        }

        destination[0] = mapped;
        return 1;
    }

    /// <summary>True for the combining marks that folding removes (they never split a word).</summary>
    internal static bool IsRemovedMark(char c)
    {
        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        return category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark;
    }

    private static char[] BuildBlock(int blockIndex)
    {
        var block = new char[256];
        int start = blockIndex << 8;
        for (int k = 0; k < 256; k++)
        {
            block[k] = ComputeFolding((char)(start + k));
        }

        // Benign race: two threads may build the same block; both results are identical.
        Volatile.Write(ref Blocks[blockIndex], block);
        return block;
    }

    private static char ComputeFolding(char c)
    {
        if (c < 0x80)
        {
            return c >= 'A' && c <= 'Z' ? (char)(c | 0x20) : c;
        }

        if (char.IsSurrogate(c))
        {
            return c;
        }

        if (c == Expand || Expansion(c) is not null)
        {
            return Expand;
        }

        if (IsRemovedMark(c))
        {
            return Drop;
        }

        char manual = ManualFolding(c);
        if (manual != '\0')
        {
            return manual;
        }

        if (!char.IsLetter(c))
        {
            return c; // digits, punctuation, symbols, spacing marks: unchanged
        }

        char lower = char.ToLowerInvariant(c);
        string decomposed;
        try
        {
            decomposed = lower.ToString().Normalize(NormalizationForm.FormD);
        }
        catch (ArgumentException)
        {
            return lower;
        }

        if (decomposed.Length == 0 || char.IsSurrogate(decomposed[0]) || IsRemovedMark(decomposed[0]))
        {
            return lower;
        }

        char baseChar = char.ToLowerInvariant(decomposed[0]);
        return baseChar == Drop || baseChar == Expand ? lower : baseChar;
    }

    /// <summary>Letters that have no canonical decomposition but are read as a plain Latin letter.</summary>
    private static char ManualFolding(char c) => c switch
    {
        'ø' or 'Ø' => 'o',
        'đ' or 'Đ' or 'ð' or 'Ð' => 'd',
        'ł' or 'Ł' or 'ŀ' or 'Ŀ' => 'l',
        'ħ' or 'Ħ' => 'h',
        'ŧ' or 'Ŧ' => 't',
        'ı' => 'i',
        'ª' => 'a',
        'º' => 'o',
        'ƒ' => 'f',
        _ => '\0',
    };

    /// <summary>Characters that fold to more than one letter.</summary>
    private static string? Expansion(char c) => c switch
    {
        'ß' or 'ẞ' => "ss",
        'æ' or 'Æ' => "ae",
        'œ' or 'Œ' => "oe",
        'þ' or 'Þ' => "th",
        'ĳ' or 'Ĳ' => "ij",
        'ﬀ' => "ff",
        'ﬁ' => "fi",
        'ﬂ' => "fl",
        'ﬃ' => "ffi",
        'ﬄ' => "ffl",
        'ﬅ' or 'ﬆ' => "st",
        _ => null,
    };
}
