namespace Vinculo.Domain.Text;

/// <summary>
/// Splits text into folded word tokens: maximal runs of letters and digits.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Everything that is not a letter or digit separates tokens, so an e-mail address
/// ("ana.garcia@example.com") becomes "ana", "garcia", "example", "com" and a phone number
/// ("+34 600-123-456") becomes "34", "600", "123", "456".</item>
/// <item>An apostrophe (' ’ ʼ) between a letter/digit and a letter is dropped and the word goes on:
/// "don't" → "dont", "O'Brien" → "obrien". Leading and trailing apostrophes separate as usual.</item>
/// <item>Combining marks inside a word are dropped by the folding (decomposed "a\u0301" → "a").</item>
/// <item>Tokens longer than <see cref="MaxTokenLength"/> folded characters (hashes, base64, pasted junk)
/// are skipped entirely.</item>
/// </list>
/// </remarks>
public static class Tokenizer
{
    /// <summary>Tokens longer than this (after folding) are dropped.</summary>
    public const int MaxTokenLength = 64;

    /// <summary>Size a caller's buffer needs for <see cref="TokenReader.Next"/>.</summary>
    internal const int BufferSize = MaxTokenLength + TextFolding.MaxExpansion;

    /// <summary>The folded tokens of <paramref name="text"/>, in order.</summary>
    public static IEnumerable<string> Tokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TokensIterator(text);
    }

    private static IEnumerable<string> TokensIterator(string text)
    {
        var buffer = new char[BufferSize];
        int position = 0;
        while (true)
        {
            // A ref struct cannot live across a yield, so keep the position in a local.
            var reader = new TokenReader(text, position);
            if (!reader.Next(buffer, out int length, out _))
            {
                yield break;
            }

            position = reader.Position;
            yield return new string(buffer, 0, length);
        }
    }
}

/// <summary>Allocation-free token scanner used by the analyzer's hot path.</summary>
internal ref struct TokenReader
{
    private readonly ReadOnlySpan<char> _text;
    private int _position;

    public TokenReader(ReadOnlySpan<char> text, int position = 0)
    {
        _text = text;
        _position = position;
    }

    public readonly int Position => _position;

    /// <summary>
    /// Reads the next token, folded, into <paramref name="buffer"/> (at least
    /// <see cref="Tokenizer.BufferSize"/> long). Returns false at the end of the text.
    /// </summary>
    public bool Next(scoped Span<char> buffer, out int length, out bool hasDigit)
    {
        var text = _text;
        int i = _position;
        while (i < text.Length)
        {
            // Skip separators up to the first letter or digit.
            while (i < text.Length && !IsWordStart(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                break;
            }

            int len = 0;
            bool digit = false;
            bool tooLong = false;
            for (; i < text.Length; i++)
            {
                char c = text[i];
                if (c < 0x80)
                {
                    if ((uint)((c | 0x20) - 'a') <= 'z' - 'a')
                    {
                        if (len < Tokenizer.MaxTokenLength)
                        {
                            buffer[len++] = (char)(c | 0x20);
                        }
                        else
                        {
                            tooLong = true;
                        }

                        continue;
                    }

                    if ((uint)(c - '0') <= 9)
                    {
                        digit = true;
                        if (len < Tokenizer.MaxTokenLength)
                        {
                            buffer[len++] = c;
                        }
                        else
                        {
                            tooLong = true;
                        }

                        continue;
                    }

                    if (c == '\'' && IsApostropheJoin(text, i))
                    {
                        continue;
                    }

                    break;
                }

                if (char.IsLetterOrDigit(c))
                {
                    if (char.IsDigit(c))
                    {
                        digit = true;
                    }

                    if (len < Tokenizer.MaxTokenLength)
                    {
                        len += TextFolding.FoldChar(c, buffer[len..]);
                    }
                    else
                    {
                        tooLong = true;
                    }

                    continue;
                }

                if (c is '\u2019' or '\u02BC' && IsApostropheJoin(text, i))
                {
                    continue;
                }

                if (IsInWordMark(c))
                {
                    // Combining marks belong to the word; spacing marks (Indic vowel signs) are kept.
                    if (!TextFolding.IsRemovedMark(c) && len < Tokenizer.MaxTokenLength)
                    {
                        buffer[len++] = c;
                    }

                    continue;
                }

                break;
            }

            if (tooLong || len > Tokenizer.MaxTokenLength || len == 0)
            {
                continue; // dropped: look for the next token
            }

            _position = i;
            length = len;
            hasDigit = digit;
            return true;
        }

        _position = text.Length;
        length = 0;
        hasDigit = false;
        return false;
    }

    private static bool IsWordStart(char c)
    {
        if (c < 0x80)
        {
            return (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9;
        }

        return char.IsLetterOrDigit(c);
    }

    /// <summary>An apostrophe continues the word when a letter follows it (the word has already started).</summary>
    private static bool IsApostropheJoin(ReadOnlySpan<char> text, int index)
        => index + 1 < text.Length && char.IsLetter(text[index + 1]);

    private static bool IsInWordMark(char c)
    {
        var category = System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c);
        return category is System.Globalization.UnicodeCategory.NonSpacingMark
            or System.Globalization.UnicodeCategory.SpacingCombiningMark
            or System.Globalization.UnicodeCategory.EnclosingMark;
    }
}
