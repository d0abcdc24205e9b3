using Vinculo.Domain.Text;

namespace Vinculo.Domain.Knowledge.Search;

/// <summary>The terms that say what a text (a case's subject, description and last reply) is about.</summary>
public static class KbKeyTerms
{
    /// <summary>How many key terms a suggestion search uses.</summary>
    public const int DefaultCount = 8;

    /// <summary>
    /// Up to <paramref name="max"/> analysed terms of <paramref name="text"/> that the vocabulary has, by tf·idf
    /// (occurrences in the text times <see cref="Bm25.Idf"/> in the articles) descending, then by first occurrence.
    /// Terms the articles lack cannot find anything and are left out.
    /// </summary>
    public static IReadOnlyList<string> Extract(string text, TextLanguage language, KbVocabulary vocabulary, int max = DefaultCount)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var counts = new Dictionary<string, (int Count, int First)>(StringComparer.Ordinal);
        var terms = TextAnalyzer.Analyze(text, language);
        for (int i = 0; i < terms.Count; i++)
        {
            var term = terms[i];
            if (!vocabulary.Contains(term))
            {
                continue;
            }

            counts[term] = counts.TryGetValue(term, out var c) ? (c.Count + 1, c.First) : (1, i);
        }

        return counts
            .Select(kv => (Term: kv.Key, Score: kv.Value.Count * vocabulary.Idf(kv.Key), kv.Value.First))
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.First)
            .Take(max)
            .Select(x => x.Term)
            .ToList();
    }
}
