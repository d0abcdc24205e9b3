namespace Vinculo.Domain.Knowledge.Search;

/// <summary>A query term with its document frequency, for <see cref="Bm25Pruning"/>.</summary>
public readonly record struct KbTermStatistic(string Term, long DocumentFrequency);

/// <summary>
/// Exact top-k for an OR-ed BM25 query without scoring every article that contains a common term ("MaxScore"): a term
/// can add less than <c>idf · (k1 + 1)</c> to any article's score, so once k articles score at least θ, an article whose
/// terms are all among a set of terms whose bounds add up to at most θ cannot enter the top k. The search first scores
/// the articles containing the rarest terms (<see cref="FirstPass"/>), takes the k-th score as θ, and, when the terms
/// that may still matter (<see cref="Essential"/>) go beyond the first pass's, scores the articles containing any of
/// those. Either way the result is the same ids, order and scores as scoring every match.
/// </summary>
public static class Bm25Pruning
{
    /// <summary>The first pass reads articles of the rarest terms while their document frequencies add up to at most this.</summary>
    public const long DefaultBudget = 500;

    /// <summary>Strict upper bound of what a term with this idf adds to an article's score (the BM25 fraction is below 1).</summary>
    public static double UpperBound(double idf) => idf * (Bm25.K1 + 1.0);

    /// <summary>
    /// The rarest terms (fewest articles first, then by term) while their document frequencies add up to at most
    /// <paramref name="budget"/>; always at least the rarest one. Terms no article contains are left out.
    /// </summary>
    public static IReadOnlyList<string> FirstPass(IReadOnlyList<KbTermStatistic> terms, long budget = DefaultBudget)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var chosen = new List<string>();
        long total = 0;
        foreach (var t in Known(terms))
        {
            if (chosen.Count > 0 && total + t.DocumentFrequency > budget)
            {
                break;
            }

            chosen.Add(t.Term);
            total += t.DocumentFrequency;
        }

        return chosen;
    }

    /// <summary>
    /// The terms an article must contain (at least one of) to possibly score above <paramref name="threshold"/> among
    /// <paramref name="documentCount"/> articles: every known term except the largest set of most common ones whose upper
    /// bounds add up to at most the threshold. With a threshold of 0 (fewer than k articles found), every known term.
    /// </summary>
    public static IReadOnlySet<string> Essential(IReadOnlyList<KbTermStatistic> terms, long documentCount, double threshold)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var known = Known(terms).ToList();
        var essential = new HashSet<string>(known.Select(t => t.Term), StringComparer.Ordinal);
        // Most common (smallest bound) first; a margin keeps floating-point rounding on the safe side.
        double limit = threshold * (1 - 1e-9);
        double sum = 0;
        for (int i = known.Count - 1; i >= 0; i--)
        {
            sum += UpperBound(Bm25.Idf(documentCount, known[i].DocumentFrequency));
            if (sum > limit)
            {
                break;
            }

            essential.Remove(known[i].Term);
        }

        return essential;
    }

    /// <summary>Terms some article contains, rarest first (by document frequency, then ordinal).</summary>
    private static IEnumerable<KbTermStatistic> Known(IReadOnlyList<KbTermStatistic> terms) =>
        terms.Where(t => t.DocumentFrequency > 0)
            .DistinctBy(t => t.Term, StringComparer.Ordinal)
            .OrderBy(t => t.DocumentFrequency)
            .ThenBy(t => t.Term, StringComparer.Ordinal);
}
