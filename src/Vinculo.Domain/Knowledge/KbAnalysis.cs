using Vinculo.Domain.Text;

namespace Vinculo.Domain.Knowledge;

/// <summary>The analysed terms of an article, as stored for the search index.</summary>
/// <param name="Title">The title's terms joined by single spaces.</param>
/// <param name="Body">The body's terms joined by single spaces (Markdown syntax is just punctuation to the tokenizer).</param>
/// <param name="Length">How many terms title and body have together.</param>
public sealed record KbIndexTerms(string Title, string Body, int Length);

/// <summary>
/// The knowledge base's text analysis: the same chain as the rest of full-text search (fold, drop stop words, stem),
/// applied to the article's title and body separately so the index can weigh them.
/// </summary>
public static class KbAnalysis
{
    public static readonly IReadOnlyList<string> Languages = ["es", "en"];

    public static bool IsLanguage(string? language) => language is "es" or "en";

    public static TextLanguage TextLanguageOf(string language) => language switch
    {
        "es" => TextLanguage.Spanish,
        "en" => TextLanguage.English,
        _ => throw new ArgumentOutOfRangeException(nameof(language), language, "Unknown language."),
    };

    public static KbIndexTerms IndexTerms(string title, string body, string language)
    {
        var lang = TextLanguageOf(language);
        var titleTerms = TextAnalyzer.Analyze(title, lang);
        var bodyTerms = TextAnalyzer.Analyze(body, lang);
        return new KbIndexTerms(string.Join(' ', titleTerms), string.Join(' ', bodyTerms), titleTerms.Count + bodyTerms.Count);
    }

    /// <summary>Sets the search columns of <paramref name="article"/> from its title, body and language.</summary>
    public static void Apply(KbArticle article)
    {
        var terms = IndexTerms(article.Title, article.Body, article.Language);
        article.SearchTitle = terms.Title;
        article.SearchBody = terms.Body;
        article.SearchLength = terms.Length;
    }
}
