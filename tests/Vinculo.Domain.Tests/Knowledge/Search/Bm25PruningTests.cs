using Vinculo.Domain.Knowledge.Search;

namespace Vinculo.Domain.Tests.Knowledge.Search;

public class Bm25PruningTests
{
    [Fact]
    public void First_pass_takes_the_rarest_terms_within_the_budget_and_at_least_one()
    {
        KbTermStatistic[] terms = [new("can", 55_000), new("king", 75), new("declar", 69), new("french", 307), new("nowhere", 0)];

        Assert.Equal(["declar", "king", "french"], Bm25Pruning.FirstPass(terms, 500));
        Assert.Equal(["declar"], Bm25Pruning.FirstPass(terms, 10));
        Assert.Equal(["declar", "king", "french", "can"], Bm25Pruning.FirstPass(terms, 1_000_000));
        Assert.Empty(Bm25Pruning.FirstPass([new("nowhere", 0)], 100));
    }

    [Fact]
    public void Essential_terms_leave_out_the_common_ones_whose_bounds_fit_under_the_threshold()
    {
        const long n = 100_000;
        KbTermStatistic[] terms = [new("can", 55_000), new("issu", 20_988), new("french", 307), new("king", 75)];
        double can = Bm25Pruning.UpperBound(Bm25.Idf(n, 55_000)); // floored idf: almost nothing
        double issu = Bm25Pruning.UpperBound(Bm25.Idf(n, 20_988));

        Assert.Equal(["can", "french", "issu", "king"], Bm25Pruning.Essential(terms, n, 0).Order());
        Assert.Equal(["french", "issu", "king"], Bm25Pruning.Essential(terms, n, can * 1.5).Order());
        Assert.Equal(["french", "king"], Bm25Pruning.Essential(terms, n, (can + issu) * 1.01).Order());
        Assert.Equal(["french", "issu", "king"], Bm25Pruning.Essential(terms, n, (can + issu) * 0.99).Order());
        Assert.Empty(Bm25Pruning.Essential(terms, n, 1000));
    }

    [Fact]
    public void A_terms_bound_is_above_anything_it_can_add()
    {
        double idf = Bm25.Idf(1000, 3);
        foreach (var f in new[] { 1.0, 1.5, 10, 1e6 })
        {
            foreach (var dl in new[] { 1.0, 50, 5000 })
            {
                Assert.True(Bm25.TermScore(idf, f, dl, 100) < Bm25Pruning.UpperBound(idf));
            }
        }
    }

    /// <summary>
    /// The two passes on random collections give exactly the top k of scoring every match: same ids, same order
    /// (ties by id), same scores.
    /// </summary>
    [Fact]
    public void Two_passes_give_exactly_the_full_top_k_on_random_collections()
    {
        var random = new Random(20261123);
        string[] vocabulary = [.. Enumerable.Range(0, 60).Select(i => "t" + i)];
        int pruned = 0;
        for (int round = 0; round < 300; round++)
        {
            // Zipf-like: low-numbered terms are common.
            var docs = Enumerable.Range(1, random.Next(20, 400)).Select(id =>
            {
                string[] Words(int count) => [.. Enumerable.Range(0, count).Select(_ => vocabulary[(int)Math.Floor(Math.Pow(random.NextDouble(), 3) * vocabulary.Length)])];
                return new Doc(id, Words(random.Next(1, 6)), Words(random.Next(3, 60)));
            }).ToList();
            string[] query = [.. Enumerable.Range(0, random.Next(1, 8)).Select(_ => vocabulary[random.Next(vocabulary.Length)]).Distinct()];
            int top = random.Next(1, 12);
            long budget = random.Next(0, 60);

            var full = Rank(docs, query, query, top);
            var stats = query.Select(t => new KbTermStatistic(t, docs.Count(d => d.Has(t)))).ToList();
            var first = Bm25Pruning.FirstPass(stats, budget);
            var rows = Rank(docs, query, first, top);
            if (first.Count < stats.Count(s => s.DocumentFrequency > 0))
            {
                var essential = Bm25Pruning.Essential(stats, docs.Count, rows.Count >= top ? rows[top - 1].Score : 0);
                if (essential.Count > first.Count)
                {
                    rows = Rank(docs, query, [.. essential], top);
                }
                else
                {
                    pruned++;
                }
            }

            Assert.Equal(full, rows);
        }

        Assert.True(pruned > 20, $"only {pruned} rounds stopped after the first pass");
    }

    private sealed record Doc(long Id, string[] Title, string[] Body)
    {
        public int Length => Title.Length + Body.Length;

        public bool Has(string term) => Title.Contains(term) || Body.Contains(term);
    }

    /// <summary>BM25 over <paramref name="terms"/> of the documents containing any of <paramref name="candidates"/>.</summary>
    private static List<(long Id, double Score)> Rank(List<Doc> docs, string[] terms, IReadOnlyList<string> candidates, int top)
    {
        double avgdl = docs.Average(d => (double)d.Length);
        return docs.Where(d => candidates.Any(d.Has))
            .Select(d => (d.Id, Score: terms.Where(d.Has).Sum(t => Bm25.TermScore(
                Bm25.Idf(docs.Count, docs.Count(x => x.Has(t))),
                Bm25.Frequency(d.Title.Count(x => x == t), d.Body.Count(x => x == t)),
                d.Length, avgdl))))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Id)
            .Take(top)
            .ToList();
    }
}
