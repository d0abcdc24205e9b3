using System.Text;

namespace Vinculo.Domain.Text;

/// <summary>
/// The full-text analysis chain: tokenize (and fold) → drop the language's stop words → stem.
/// The same chain must be applied to indexed text and to search queries.
/// </summary>
/// <remarks>
/// Tokens that contain a digit (order numbers, postcodes, "covid19") are kept but not stemmed.
/// The hot path works on a stack buffer: the only allocations are the returned strings.
/// </remarks>
public static class TextAnalyzer
{
    [ThreadStatic]
    private static StringBuilder? cachedBuilder;

    /// <summary>The analyzed terms of <paramref name="text"/>, in order (duplicates kept).</summary>
    public static IReadOnlyList<string> Analyze(string text, TextLanguage language)
    {
        ValidateLanguage(language);
        var terms = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return terms;
        }

        Span<char> buffer = stackalloc char[Tokenizer.BufferSize];
        var reader = new TokenReader(text);
        while (reader.Next(buffer, out int length, out bool hasDigit))
        {
            length = AnalyzeToken(buffer, length, hasDigit, language);
            if (length > 0)
            {
                terms.Add(new string(buffer[..length]));
            }
        }

        return terms;
    }

    /// <summary>
    /// The value stored in the search index column: the analyzed terms of the subject followed by those
    /// of the body, joined by single spaces (empty when there are none).
    /// </summary>
    public static string IndexTerms(string? subject, string? body, TextLanguage language)
    {
        ValidateLanguage(language);
        var sb = cachedBuilder ?? new StringBuilder(256);
        cachedBuilder = null;
        sb.Clear();

        AppendTerms(sb, subject, language);
        AppendTerms(sb, body, language);

        string result = sb.ToString();
        if (sb.Capacity <= 16 * 1024)
        {
            cachedBuilder = sb;
        }

        return result;
    }

    private static void AppendTerms(StringBuilder sb, string? text, TextLanguage language)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        Span<char> buffer = stackalloc char[Tokenizer.BufferSize];
        var reader = new TokenReader(text);
        while (reader.Next(buffer, out int length, out bool hasDigit))
        {
            length = AnalyzeToken(buffer, length, hasDigit, language);
            if (length > 0)
            {
                if (sb.Length > 0)
                {
                    sb.Append(' ');
                }

                sb.Append(buffer[..length]);
            }
        }
    }

    /// <summary>Returns the length of the analyzed term in <paramref name="buffer"/>, or 0 to drop it.</summary>
    private static int AnalyzeToken(Span<char> buffer, int length, bool hasDigit, TextLanguage language)
    {
        if (StopWords.IsStopWord(buffer[..length], language))
        {
            return 0;
        }

        if (hasDigit)
        {
            return length;
        }

        return language == TextLanguage.Spanish
            ? SpanishStemmer.Stem(buffer, length)
            : EnglishStemmer.Stem(buffer, length);
    }

    private static void ValidateLanguage(TextLanguage language)
    {
        if (language is not (TextLanguage.Spanish or TextLanguage.English))
        {
            throw new ArgumentOutOfRangeException(nameof(language), language, "Unknown language.");
        }
    }
}
