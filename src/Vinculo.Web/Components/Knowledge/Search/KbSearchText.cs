using System.Globalization;
using Microsoft.Extensions.Localization;
using Vinculo.Core.Knowledge.Search;
using Vinculo.Domain.Knowledge;
using Vinculo.Domain.Knowledge.Search;
using Vinculo.Domain.Text;
using Vinculo.Web.Components.Shared;

namespace Vinculo.Web.Components.Knowledge.Search;

/// <summary>Display helpers of the knowledge-base search components.</summary>
public static class KbSearchText
{
    public static string Format(this IStringLocalizer<KbSearchResource> t, string key, params object?[] args) =>
        string.Format(CultureInfo.CurrentCulture, t[key], args);

    public static string LanguageName(this IStringLocalizer<KbSearchResource> t, string language) =>
        KbAnalysis.IsLanguage(language) ? t[$"Search.LanguageName.{language}"] : language;

    public static string Visibility(this IStringLocalizer<KbSearchResource> t, KbVisibility visibility) => t[$"Search.Visibility.{visibility}"];

    /// <summary>A message from the use cases in the UI language: these components' resources first, then the shared ones.</summary>
    public static string Message(IStringLocalizer t, IStringLocalizer shared, string message)
    {
        var own = t[message];
        return own.ResourceNotFound ? shared[message] : own;
    }

    /// <summary>The relevance shown in a result's tooltip.</summary>
    public static string Score(this IStringLocalizer<KbSearchResource> t, double score) =>
        t.Format("Search.Score", score.ToString("0.###", CultureInfo.CurrentCulture));

    /// <summary>
    /// The link to an article from a search: with the case or customer it is for, so the article page records the use
    /// and links back.
    /// </summary>
    public static string ArticleHref(long articleId, long? caseId, long? customerId)
    {
        var href = string.Create(CultureInfo.InvariantCulture, $"kb/{articleId}");
        if (caseId is { } c)
        {
            href += string.Create(CultureInfo.InvariantCulture, $"?caseId={c}");
        }
        else if (customerId is { } p)
        {
            href += string.Create(CultureInfo.InvariantCulture, $"?customerId={p}");
        }

        return href;
    }

    /// <summary>The language of a question: guessed from its words, the UI language when they do not tell.</summary>
    public static string GuessLanguage(string? text)
    {
        var fallback = Labels.Language == "en" ? TextLanguage.English : TextLanguage.Spanish;
        return LanguageGuesser.Guess(text ?? "", fallback) == TextLanguage.English ? "en" : "es";
    }

    /// <summary>The distinct words of the alternatives of one kind, as written in the articles found.</summary>
    public static IReadOnlyList<string> Words(KbSearchResult result, KbAlternativeKind kind) =>
        result.Alternatives.Where(a => a.Kind == kind).Select(a => a.Word).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}
