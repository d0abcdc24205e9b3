using Vinculo.Domain.Knowledge.Search;

namespace Vinculo.Domain.Tests.Knowledge.Search;

public class Bm25Tests
{
    [Fact]
    public void Idf_is_fts5s_and_floored()
    {
        Assert.Equal(Math.Log(9.5 / 1.5), Bm25.Idf(10, 1), 12);
        Assert.Equal(Bm25.MinIdf, Bm25.Idf(10, 5));  // ln(5.5 / 5.5) = 0 → floor
        Assert.Equal(Bm25.MinIdf, Bm25.Idf(10, 9));  // negative → floor
    }

    [Fact]
    public void Title_counts_one_and_a_half_times_the_body()
    {
        Assert.Equal(4.5, Bm25.Frequency(1, 3));
        Assert.Equal(Bm25.Frequency(2, 0), Bm25.Frequency(0, 3));
    }

    [Fact]
    public void Term_score_is_the_okapi_formula_with_k1_1_2_and_b_0_75()
    {
        double idf = 2.0, f = 3.0, dl = 50, avgdl = 40;
        double expected = idf * (f * 2.2) / (f + (1.2 * (0.25 + (0.75 * dl / avgdl))));

        Assert.Equal(expected, Bm25.TermScore(idf, f, dl, avgdl), 12);
        Assert.True(Bm25.TermScore(idf, f, 20, avgdl) > Bm25.TermScore(idf, f, 80, avgdl)); // shorter articles win
    }
}
