using Vinculo.Domain.Knowledge;
using Vinculo.Domain.Knowledge.Search;

namespace Vinculo.Core.Knowledge.Search;

/// <summary>A knowledge-base search.</summary>
/// <param name="Query">What the agent typed (1–500 characters, not only spaces).</param>
/// <param name="Language">"es" or "en": the language of the articles searched and of the query's analysis.</param>
/// <param name="Top">How many articles at most (1–50).</param>
/// <param name="PublicOnly">Only articles that may go to customers (<see cref="KbVisibility.Public"/>).</param>
public sealed record KbSearchRequest(string Query, string Language, int Top = 10, bool PublicOnly = false);

/// <summary>One article found, best first.</summary>
/// <param name="Score">BM25 (higher is better), the same figure on SQLite and PostgreSQL.</param>
/// <param name="Snippet">Plain text (never HTML): about 200 characters of the body around the first matched term.</param>
public sealed record KbSearchHit(
    long ArticleId,
    string? ExternalId,
    string Title,
    string Language,
    KbVisibility Visibility,
    long? CategoryId,
    double Score,
    string Snippet);

/// <summary>A term searched besides what was typed ("did you mean …", "also searched …").</summary>
/// <param name="Term">The analysed query term.</param>
/// <param name="Alternative">The analysed term searched for it.</param>
/// <param name="Kind">typo or synonym.</param>
/// <param name="Distance">Edit distance of a typo correction (0 for a synonym).</param>
/// <param name="Word">The alternative as written in a found article ("septicaemia", "sábanas"), or the analysed term when no
/// result contains it.</param>
public sealed record KbSearchAlternative(string Term, string Alternative, KbAlternativeKind Kind, int Distance, string Word);

/// <summary>The articles found and what was searched.</summary>
/// <param name="Language">The language searched.</param>
/// <param name="Hits">Best first (ties by article id).</param>
/// <param name="Terms">Every analysed term searched (the query's, then typo and synonym alternatives); empty when the query
/// had only stop words.</param>
/// <param name="Alternatives">The terms added by typo tolerance and synonyms.</param>
public sealed record KbSearchResult(
    string Language,
    IReadOnlyList<KbSearchHit> Hits,
    IReadOnlyList<string> Terms,
    IReadOnlyList<KbSearchAlternative> Alternatives);

/// <summary>Settings of the knowledge-base search (section <c>Vinculo:KbSearch</c>).</summary>
public sealed class KbSearchOptions
{
    /// <summary>
    /// How long a language's vocabulary and synonyms are used before they are re-read (in the background; the searches
    /// meanwhile use the old copy). Writes through the article and synonym services invalidate them at once.
    /// </summary>
    public TimeSpan CacheLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How many articles (summed document frequencies of the rarest query terms) the first scoring pass may read before
    /// articles with only common terms are considered (see Bm25Pruning). A tuning knob: results are the same for any
    /// value; 0 scores every match.
    /// </summary>
    public long PruningBudget { get; set; } = Vinculo.Domain.Knowledge.Search.Bm25Pruning.DefaultBudget;
}
