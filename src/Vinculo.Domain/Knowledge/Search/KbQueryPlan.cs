using Vinculo.Domain.Text;

namespace Vinculo.Domain.Knowledge.Search;

/// <summary>Why a term was added to a query.</summary>
public enum KbAlternativeKind
{
    /// <summary>A vocabulary term close to a query term the articles do not contain.</summary>
    Typo = 1,

    /// <summary>Another member of a synonym group the query matched.</summary>
    Synonym = 2,
}

/// <summary>A term searched in addition to what the user typed.</summary>
/// <param name="Term">The analysed query term it stands for.</param>
/// <param name="Alternative">The analysed term added.</param>
/// <param name="Kind">Typo correction or synonym.</param>
/// <param name="Distance">Edit distance for a typo correction; 0 for a synonym.</param>
public sealed record KbTermAlternative(string Term, string Alternative, KbAlternativeKind Kind, int Distance);

/// <summary>What a knowledge-base search looks for.</summary>
/// <param name="QueryTerms">The query's distinct analysed terms, in order.</param>
/// <param name="Terms">Every term searched (query terms, then the alternatives), distinct: the OR-ed BM25 query.</param>
/// <param name="Alternatives">The terms added by typo tolerance and synonyms, and why.</param>
public sealed record KbQueryPlan(IReadOnlyList<string> QueryTerms, IReadOnlyList<string> Terms, IReadOnlyList<KbTermAlternative> Alternatives)
{
    public bool IsEmpty => Terms.Count == 0;
}

/// <summary>
/// Turns what the agent typed into the terms to search: analysis (fold, stop words, stem), synonyms, then typo
/// alternatives. Ranking is plain BM25 over the OR of these terms (see <see cref="Bm25"/>).
/// </summary>
/// <remarks>
/// A query term the vocabulary lacks gets typo alternatives (<see cref="KbVocabulary.Corrections"/>) unless one of its
/// synonyms is in the vocabulary (the group already says what it means). The misspelt term itself stays in the query:
/// it costs nothing when absent and finds articles published since the vocabulary was read. Corrections are expanded
/// by synonyms too.
/// </remarks>
public static class KbQueryPlanner
{
    /// <summary>The longest query accepted, in characters.</summary>
    public const int MaxQueryLength = 500;

    public static KbQueryPlan Plan(string query, TextLanguage language, KbVocabulary vocabulary, SynonymSet synonyms)
    {
        ArgumentNullException.ThrowIfNull(query);
        var terms = TextAnalyzer.Analyze(query, language).Distinct(StringComparer.Ordinal).ToList();
        return PlanTerms(terms, vocabulary, synonyms);
    }

    /// <summary>Plans already analysed terms (e.g. the key terms of a case).</summary>
    public static KbQueryPlan PlanTerms(IReadOnlyList<string> analysedTerms, KbVocabulary vocabulary, SynonymSet synonyms)
    {
        ArgumentNullException.ThrowIfNull(analysedTerms);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(synonyms);
        var queryTerms = analysedTerms.Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var searched = new List<string>(queryTerms);
        var seen = new HashSet<string>(queryTerms, StringComparer.Ordinal);
        var alternatives = new List<KbTermAlternative>();

        var expansions = synonyms.Expand(queryTerms);
        foreach (var expansion in expansions)
        {
            if (seen.Add(expansion.Alternative))
            {
                searched.Add(expansion.Alternative);
                alternatives.Add(new KbTermAlternative(expansion.Term, expansion.Alternative, KbAlternativeKind.Synonym, 0));
            }
        }

        var corrected = new List<string>();
        foreach (var term in queryTerms)
        {
            if (vocabulary.Contains(term)
                || expansions.Any(e => e.Term == term && vocabulary.Contains(e.Alternative)))
            {
                continue;
            }

            foreach (var correction in vocabulary.Corrections(term))
            {
                if (seen.Add(correction.Term))
                {
                    searched.Add(correction.Term);
                    corrected.Add(correction.Term);
                    alternatives.Add(new KbTermAlternative(term, correction.Term, KbAlternativeKind.Typo, correction.Distance));
                }
            }
        }

        if (corrected.Count > 0)
        {
            foreach (var expansion in synonyms.Expand(corrected))
            {
                if (seen.Add(expansion.Alternative))
                {
                    searched.Add(expansion.Alternative);
                    alternatives.Add(new KbTermAlternative(expansion.Term, expansion.Alternative, KbAlternativeKind.Synonym, 0));
                }
            }
        }

        return new KbQueryPlan(queryTerms, searched, alternatives);
    }
}
