namespace Vinculo.Domain.Text;

/// <summary>
/// Guesses whether a text is Spanish or English by counting stop words of each language, plus a small
/// bonus for characters only Spanish uses (ñ, ¿, ¡, á/é/í/ó/ú).
/// </summary>
/// <remarks>
/// Only the first <see cref="MaxTokens"/> tokens are looked at. Words that are stop words in both languages
/// ("a", "no", "me", "he") count for both and so cancel out. When the scores tie (including a text with no
/// evidence at all) the caller's fallback wins.
/// </remarks>
public static class LanguageGuesser
{
    /// <summary>How many tokens are examined at most.</summary>
    public const int MaxTokens = 200;

    /// <summary>How many characters are scanned at most for Spanish-only characters.</summary>
    private const int MaxCharsForHints = 4000;

    public static TextLanguage Guess(string text, TextLanguage fallback)
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        int spanish = 0;
        int english = 0;

        Span<char> buffer = stackalloc char[Tokenizer.BufferSize];
        var reader = new TokenReader(text);
        for (int count = 0; count < MaxTokens && reader.Next(buffer, out int length, out bool hasDigit); count++)
        {
            if (hasDigit)
            {
                continue;
            }

            var token = buffer[..length];
            if (StopWords.IsStopWord(token, TextLanguage.Spanish))
            {
                spanish++;
            }

            if (StopWords.IsStopWord(token, TextLanguage.English))
            {
                english++;
            }
        }

        int scan = Math.Min(text.Length, MaxCharsForHints);
        for (int i = 0; i < scan; i++)
        {
            char c = text[i];
            if (c >= 0xA1 && c is 'ñ' or 'Ñ' or '¿' or '¡' or 'á' or 'é' or 'í' or 'ó' or 'ú' or 'Á' or 'É' or 'Í' or 'Ó' or 'Ú')
            {
                spanish++;
            }
        }

        if (spanish > english)
        {
            return TextLanguage.Spanish;
        }

        return english > spanish ? TextLanguage.English : fallback;
    }
}
