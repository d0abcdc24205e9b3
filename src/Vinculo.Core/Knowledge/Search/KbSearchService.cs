using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vinculo.Core.Common;
using Vinculo.Core.Storage;
using Vinculo.Domain.Knowledge;
using Vinculo.Domain.Knowledge.Search;
using Vinculo.Domain.Service;
using Vinculo.Domain.Text;

namespace Vinculo.Core.Knowledge.Search;

/// <summary>
/// Knowledge-base search: the agent types a sentence and gets the articles that answer it. The query is analysed like
/// the articles (fold, stop words, stem), widened by synonyms and typo alternatives (see <see cref="KbQueryPlanner"/>),
/// and the published articles of its language are ranked by BM25 over the OR of those terms, title weighted 1.5 and body
/// 1.0 (see <see cref="Bm25"/>), with the same scores on SQLite and PostgreSQL.
/// </summary>
public sealed class KbSearchService(VinculoDb db, KbSearchCache cache, IOptions<KbSearchOptions> options)
{
    public const int MaxTop = 50;

    /// <summary>How many suggestions a case shows unless asked otherwise.</summary>
    public const int DefaultSuggestions = 5;

    /// <summary>Searches the published articles of the request's language.</summary>
    /// <exception cref="ValidationException">Empty or longer than 500 characters query, unknown language, top outside 1–50.</exception>
    public async Task<KbSearchResult> SearchAsync(KbSearchRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request.Query))
        {
            errors.Add("q", "Type what you are looking for.");
        }
        else if (request.Query.Length > KbQueryPlanner.MaxQueryLength)
        {
            errors.Add("q", $"The search may be at most {KbQueryPlanner.MaxQueryLength} characters long.");
        }

        CheckLanguage(request.Language, errors);
        CheckTop(request.Top, errors);
        errors.ThrowIfInvalid();

        var index = await cache.Get(db, request.Language, ct);
        var plan = KbQueryPlanner.Plan(request.Query, KbAnalysis.TextLanguageOf(request.Language), index.Vocabulary, index.Synonyms);
        return await Run(plan, index.Vocabulary, request.Language, request.Top, request.PublicOnly, ct);
    }

    /// <summary>
    /// Articles for a case: the key terms (<see cref="KbKeyTerms"/>) of its subject, description and the customer's last
    /// reply, searched like a query. The language is <paramref name="language"/> when given, else the customer's preferred
    /// language. Null when the case does not exist.
    /// </summary>
    /// <exception cref="ValidationException">Unknown language, top outside 1–50.</exception>
    public async Task<KbSearchResult?> SuggestForCaseAsync(long caseId, string? language, int top, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (language is not null)
        {
            CheckLanguage(language, errors);
        }

        CheckTop(top, errors);
        errors.ThrowIfInvalid();

        var @case = await db.Cases.AsNoTracking().Where(c => c.Id == caseId)
            .Select(c => new { c.Subject, c.Description, c.CustomerId })
            .FirstOrDefaultAsync(ct);
        if (@case is null)
        {
            return null;
        }

        var lastReply = await db.CaseEvents.AsNoTracking()
            .Where(e => e.CaseId == caseId && e.Kind == CaseEventKind.CustomerReply)
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Select(e => e.Body).FirstOrDefaultAsync(ct);
        var text = string.Join('\n', new[] { @case.Subject, @case.Description, lastReply }.Where(t => !string.IsNullOrWhiteSpace(t)));
        if (language is null)
        {
            var preferred = await db.Customers.AsNoTracking().Where(c => c.Id == @case.CustomerId)
                .Select(c => c.PreferredLanguage).FirstOrDefaultAsync(ct);
            language = KbAnalysis.IsLanguage(preferred)
                ? preferred!
                : LanguageGuesser.Guess(text, TextLanguage.Spanish) == TextLanguage.English ? "en" : "es";
        }

        var index = await cache.Get(db, language, ct);
        var keyTerms = KbKeyTerms.Extract(text, KbAnalysis.TextLanguageOf(language), index.Vocabulary);
        var plan = KbQueryPlanner.PlanTerms(keyTerms, index.Vocabulary, index.Synonyms);
        return await Run(plan, index.Vocabulary, language, top, publicOnly: false, ct);
    }

    private async Task<KbSearchResult> Run(KbQueryPlan plan, KbVocabulary vocabulary, string language, int top, bool publicOnly, CancellationToken ct)
    {
        if (plan.IsEmpty)
        {
            return new KbSearchResult(language, [], [], []);
        }

        var rows = (await KbSearchIndex.Search(db, language, plan.Terms, top, publicOnly, vocabulary, options.Value.PruningBudget, ct)).Rows;
        var textLanguage = KbAnalysis.TextLanguageOf(language);
        var terms = new HashSet<string>(plan.Terms, StringComparer.Ordinal);
        var words = new Dictionary<string, string>(StringComparer.Ordinal);
        var hits = new List<KbSearchHit>(rows.Count);
        foreach (var row in rows)
        {
            var snippet = KbSnippet.Build(row.Title, row.Body, terms, textLanguage);
            foreach (var (term, word) in snippet.Words)
            {
                words.TryAdd(term, word);
            }

            hits.Add(new KbSearchHit(row.Id, row.ExternalId, row.Title, language, row.Visibility, row.CategoryId, row.Score, snippet.Text));
        }

        var alternatives = plan.Alternatives
            .Select(a => new KbSearchAlternative(a.Term, a.Alternative, a.Kind, a.Distance, words.GetValueOrDefault(a.Alternative, a.Alternative)))
            .ToList();
        return new KbSearchResult(language, hits, plan.Terms, alternatives);
    }

    private static void CheckLanguage(string? language, ValidationErrors errors)
    {
        if (!KbAnalysis.IsLanguage(language))
        {
            errors.Add("lang", "The language must be \"es\" or \"en\".");
        }
    }

    private static void CheckTop(int top, ValidationErrors errors)
    {
        if (top < 1 || top > MaxTop)
        {
            errors.Add("top", $"top must be between 1 and {MaxTop}.");
        }
    }
}
