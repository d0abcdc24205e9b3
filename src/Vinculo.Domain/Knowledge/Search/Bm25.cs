namespace Vinculo.Domain.Knowledge.Search;

/// <summary>
/// The ranking formula of the knowledge-base search: SQLite FTS5's <c>bm25()</c> exactly, so that PostgreSQL, which
/// computes it in SQL from the weighted tsvector, ranks the same articles in the same order with the same scores.
/// </summary>
/// <remarks>
/// For every query term t present in document d:
/// <c>idf(t) · f · (k1 + 1) / (f + k1 · (1 − b + b · |d| / avgdl))</c>, summed over the terms, where
/// <c>f = 1.5 · tf(t, title) + 1.0 · tf(t, body)</c>, <c>|d|</c> is the number of analysed terms of title and body,
/// <c>avgdl</c> the mean of |d| over the language's published articles, and
/// <c>idf(t) = ln((N − n(t) + 0.5) / (n(t) + 0.5))</c>, replaced by 1e-6 when not positive (a term in more than half of
/// the articles still counts a little). Higher is better (FTS5 returns the negation).
/// </remarks>
public static class Bm25
{
    public const double K1 = 1.2;
    public const double B = 0.75;
    public const double TitleWeight = 1.5;
    public const double BodyWeight = 1.0;
    public const double MinIdf = 1e-6;

    /// <summary>The inverse document frequency of a term found in <paramref name="documentFrequency"/> of <paramref name="documentCount"/> articles.</summary>
    public static double Idf(long documentCount, long documentFrequency)
    {
        double idf = Math.Log((documentCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
        return idf <= 0.0 ? MinIdf : idf;
    }

    /// <summary>The weighted term frequency of a term appearing <paramref name="titleCount"/> times in the title and <paramref name="bodyCount"/> times in the body.</summary>
    public static double Frequency(int titleCount, int bodyCount) => (TitleWeight * titleCount) + (BodyWeight * bodyCount);

    /// <summary>One term's contribution to a document's score (0 when the term is absent).</summary>
    public static double TermScore(double idf, double frequency, double documentLength, double averageLength) =>
        idf * (frequency * (K1 + 1.0) / (frequency + (K1 * (1 - B + (B * documentLength / averageLength)))));
}
