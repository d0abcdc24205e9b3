using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Knowledge.Search;
using Vinculo.Domain.Knowledge.Search;

namespace Vinculo.Core.Knowledge.Import;

/// <summary>A question and the external ids of the articles that answer it (a hit on any of them is right).</summary>
public sealed record KbEvaluationQuestion(string Text, IReadOnlyCollection<string> Expected);

/// <summary>
/// Retrieval quality over a set of questions. <see cref="Ranks"/> holds, per question in order, the 1-based rank of
/// the first right article among the top <see cref="Top"/> hits, or 0 when none of them is right. Recall@k is the
/// share of questions with a right article in the first k hits; MRR the mean of 1/rank (0 when not found in the top).
/// </summary>
public sealed record KbEvaluationResult(int Questions, int Top, double RecallAt1, double RecallAt5, double RecallAt10, double Mrr, IReadOnlyList<int> Ranks)
{
    public static KbEvaluationResult FromRanks(IReadOnlyList<int> ranks, int top)
    {
        ArgumentNullException.ThrowIfNull(ranks);
        double Recall(int k) => ranks.Count == 0 ? 0 : ranks.Count(r => r >= 1 && r <= k) / (double)ranks.Count;
        var mrr = ranks.Count == 0 ? 0 : ranks.Sum(r => r >= 1 ? 1.0 / r : 0) / ranks.Count;
        return new KbEvaluationResult(ranks.Count, top, Recall(1), Recall(5), Recall(10), mrr, ranks);
    }

    /// <summary>The share of questions answered within the first <paramref name="k"/> hits.</summary>
    public double RecallAt(int k) => Questions == 0 ? 0 : Ranks.Count(r => r >= 1 && r <= k) / (double)Questions;
}

/// <summary>
/// Measures how often the knowledge-base search puts the right article first, in the top 5 and in the top 10:
/// for SQuAD-style files the right article of a question is its own paragraph; for a FAQ, any of the entries its label
/// names. The search is given as a function from a question and a number of hits to the hits' external ids in rank
/// order, so the same measurement serves the command line, the tests and the benchmark.
/// </summary>
public static class KbEvaluation
{
    /// <summary>Every question of the file, answered by its own paragraph's article.</summary>
    public static IReadOnlyList<KbEvaluationQuestion> FromSquad(SquadDataset dataset) =>
        dataset.Questions().Select(q => new KbEvaluationQuestion(q.Text, [q.ExternalId])).ToList();

    /// <summary>
    /// Every labelled question that an entry answers, answered by any of the entries it names. Questions labelled -1
    /// (none answers them) are left out: no search could get them right, so they would only lower every figure by the
    /// same factor.
    /// </summary>
    public static IReadOnlyList<KbEvaluationQuestion> FromFaq(IEnumerable<FaqQuery> queries) =>
        queries.Where(q => q.Answerable).Select(q => new KbEvaluationQuestion(q.Question, q.Ids)).ToList();

    /// <summary>Runs every question in order, one search at a time, and scores the ranks.</summary>
    /// <param name="search">Returns the external ids of the top hits, best first (null for an article without one).</param>
    /// <param name="progress">Receives the number of questions done.</param>
    public static async Task<KbEvaluationResult> Run(IReadOnlyList<KbEvaluationQuestion> questions, int top,
        Func<string, int, CancellationToken, Task<IReadOnlyList<string?>>> search, IProgress<int>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(search);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var ranks = new int[questions.Count];
        for (var i = 0; i < questions.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var question = questions[i];
            var hits = await search(question.Text, top, ct);
            ranks[i] = RankOf(hits, question.Expected, top);
            progress?.Report(i + 1);
        }

        return KbEvaluationResult.FromRanks(ranks, top);
    }

    /// <summary>
    /// The search of <see cref="Run"/> through <see cref="KbSearchService.SearchAsync"/>, in a fresh DI scope per question
    /// (as each request of the web host gets one). A question longer than the search accepts is cut to that length.
    /// </summary>
    public static Func<string, int, CancellationToken, Task<IReadOnlyList<string?>>> Searcher(IServiceProvider services, string language, bool publicOnly = false) =>
        async (question, top, ct) =>
        {
            await using var scope = services.CreateAsyncScope();
            var search = scope.ServiceProvider.GetRequiredService<KbSearchService>();
            var text = question.Length > KbQueryPlanner.MaxQueryLength ? question[..KbQueryPlanner.MaxQueryLength] : question;
            var result = await search.SearchAsync(new KbSearchRequest(text, language, top, publicOnly), ct);
            return result.Hits.Select(h => h.ExternalId).ToList();
        };

    /// <summary>The 1-based rank of the first hit among <paramref name="expected"/> within the first <paramref name="top"/>, else 0.</summary>
    public static int RankOf(IReadOnlyList<string?> hits, IReadOnlyCollection<string> expected, int top)
    {
        ArgumentNullException.ThrowIfNull(hits);
        ArgumentNullException.ThrowIfNull(expected);
        for (var r = 0; r < Math.Min(top, hits.Count); r++)
        {
            if (hits[r] is { } id && expected.Contains(id, StringComparer.Ordinal))
            {
                return r + 1;
            }
        }

        return 0;
    }
}
