using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Vinculo.Domain.Text;

namespace Vinculo.Domain.Knowledge.Search;

/// <summary>A search result's excerpt and the words of the article that matched.</summary>
/// <param name="Text">Plain text (never HTML): about <see cref="KbSnippet.DefaultLength"/> characters of the body around
/// the first matched term, with "…" where it was cut.</param>
/// <param name="Words">For each searched term found in the title or body, the first word as written there
/// (e.g. "septicaemia" for the term "septicaemia", "sábanas" for "saban").</param>
public sealed record KbSnippetResult(string Text, IReadOnlyDictionary<string, string> Words);

/// <summary>Excerpts of Markdown articles for result lists.</summary>
public static partial class KbSnippet
{
    public const int DefaultLength = 200;

    /// <summary>How much of the text before the first match the excerpt shows.</summary>
    private const int Lead = 60;

    /// <summary>Only this much of a body is read looking for matches (excerpts come from the start of long articles).</summary>
    private const int MaxScannedChars = 50_000;

    /// <summary>
    /// The excerpt of <paramref name="markdownBody"/> around the first word whose analysed form is one of
    /// <paramref name="terms"/>, or its beginning when none matches; and the matched words of title and body.
    /// </summary>
    public static KbSnippetResult Build(string title, string markdownBody, IReadOnlyCollection<string> terms, TextLanguage language, int length = DefaultLength)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(markdownBody);
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 20);
        var set = terms as HashSet<string> ?? new HashSet<string>(terms, StringComparer.Ordinal);
        var lookup = set.GetAlternateLookup<ReadOnlySpan<char>>();
        var words = new Dictionary<string, string>(StringComparer.Ordinal);
        Collect(title, int.MaxValue, lookup, language, words, out _);
        var text = PlainText(markdownBody);
        Collect(text, MaxScannedChars, lookup, language, words, out int firstMatch);
        return new KbSnippetResult(Excerpt(text, firstMatch, length), words);
    }

    /// <summary>
    /// Markdown reduced to its words, roughly: fences, headings, quotes, list markers, rules, table pipes, emphasis,
    /// inline code marks and HTML tags removed; links and images keep their text; entities decoded; whitespace collapsed.
    /// </summary>
    public static string PlainText(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var sb = new StringBuilder(Math.Min(markdown.Length, MaxScannedChars + 1000));
        foreach (var rawLine in markdown.AsSpan().EnumerateLines())
        {
            if (sb.Length > MaxScannedChars)
            {
                break;
            }

            var line = rawLine.Trim();
            if (line.IsEmpty || IsRule(line) || line.StartsWith("```") || line.StartsWith("~~~") || ReferenceDefinition().IsMatch(line))
            {
                continue;
            }

            var s = BlockPrefix().Replace(line.ToString(), "");
            s = Image().Replace(s, "$1");
            s = Link().Replace(s, "$1");
            s = AutoLink().Replace(s, "$1");
            s = HtmlTag().Replace(s, " ");
            s = Emphasis().Replace(s, "");
            s = s.Replace('|', ' ');
            s = WebUtility.HtmlDecode(s);
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(s);
        }

        return Spaces().Replace(sb.ToString(), " ").Trim();
    }

    private static bool IsRule(ReadOnlySpan<char> line)
    {
        if (line.Length < 3)
        {
            return false;
        }

        char c = line[0];
        if (c is not ('-' or '*' or '_' or '=' or '|' or ':'))
        {
            return false;
        }

        foreach (var ch in line)
        {
            if (ch is not ('-' or '*' or '_' or '=' or '|' or ':' or ' '))
            {
                return false;
            }
        }

        return true;
    }

    private static void Collect(
        string text, int maxChars, HashSet<string>.AlternateLookup<ReadOnlySpan<char>> terms, TextLanguage language,
        Dictionary<string, string> words, out int firstMatch)
    {
        firstMatch = -1;
        Span<char> buffer = stackalloc char[Tokenizer.BufferSize];
        int limit = Math.Min(text.Length, maxChars);
        int i = 0;
        while (i < limit)
        {
            if (!char.IsLetterOrDigit(text[i]))
            {
                i++;
                continue;
            }

            int start = i;
            while (i < text.Length && IsWordChar(text, i))
            {
                i++;
            }

            var word = text.AsSpan(start, i - start);
            int length = AnalyzeWord(word, buffer, language);
            if (length > 0 && terms.TryGetValue(buffer[..length], out var term))
            {
                if (firstMatch < 0)
                {
                    firstMatch = start;
                }

                words.TryAdd(term, word.ToString());
            }
        }
    }

    private static bool IsWordChar(string text, int i)
    {
        char c = text[i];
        if (char.IsLetterOrDigit(c))
        {
            return true;
        }

        if (c is '\'' or '\u2019' or '\u02BC')
        {
            return i + 1 < text.Length && char.IsLetter(text[i + 1]);
        }

        var category = System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c);
        return category is System.Globalization.UnicodeCategory.NonSpacingMark
            or System.Globalization.UnicodeCategory.SpacingCombiningMark
            or System.Globalization.UnicodeCategory.EnclosingMark;
    }

    /// <summary>The analysed form of one word (as <see cref="TextAnalyzer"/> would produce it) in <paramref name="buffer"/>; 0 when dropped.</summary>
    private static int AnalyzeWord(ReadOnlySpan<char> word, Span<char> buffer, TextLanguage language)
    {
        var reader = new TokenReader(word);
        if (!reader.Next(buffer, out int length, out bool hasDigit) || StopWords.IsStopWord(buffer[..length], language))
        {
            return 0;
        }

        if (hasDigit)
        {
            return length;
        }

        return language == TextLanguage.Spanish ? SpanishStemmer.Stem(buffer, length) : EnglishStemmer.Stem(buffer, length);
    }

    private static string Excerpt(string text, int match, int length)
    {
        if (text.Length <= length)
        {
            return text;
        }

        int start = match < 0 ? 0 : Math.Max(0, match - Lead);
        if (start + length > text.Length)
        {
            start = Math.Max(0, text.Length - length);
        }

        if (start > 0)
        {
            // Begin with a whole word, never after the match.
            int space = text.IndexOf(' ', start);
            if (space >= 0 && space < match)
            {
                start = space + 1;
            }
        }

        int end = Math.Min(text.Length, start + length);
        if (end < text.Length)
        {
            int space = text.LastIndexOf(' ', end - 1, end - start);
            if (space > start + (length / 2))
            {
                end = space;
            }
        }

        var excerpt = text[start..end].Trim();
        return (start > 0 ? "…" : "") + excerpt + (end < text.Length ? "…" : "");
    }

    [GeneratedRegex(@"^(?:(?:>\s?)+|#{1,6}\s+|[-*+]\s+(?:\[[ xX]\]\s+)?|\d{1,9}[.)]\s+)+")]
    private static partial Regex BlockPrefix();

    [GeneratedRegex(@"!\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex Image();

    [GeneratedRegex(@"\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")]
    private static partial Regex Link();

    [GeneratedRegex(@"<((?:https?|mailto):[^>\s]+)>")]
    private static partial Regex AutoLink();

    [GeneratedRegex(@"</?[A-Za-z][^>]*>|<!--.*?-->")]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"\*{1,3}|~~|`+|(?<![\p{L}\p{N}])_{1,3}|_{1,3}(?![\p{L}\p{N}])")]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"^\s{0,3}\[[^\]]+\]:\s*\S+")]
    private static partial Regex ReferenceDefinition();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
