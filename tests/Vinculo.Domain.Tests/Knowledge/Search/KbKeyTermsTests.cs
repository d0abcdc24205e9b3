using Vinculo.Domain.Knowledge.Search;
using Vinculo.Domain.Text;

namespace Vinculo.Domain.Tests.Knowledge.Search;

public class KbKeyTermsTests
{
    [Fact]
    public void Rare_repeated_terms_first_and_unknown_ones_left_out()
    {
        // 100 articles: "client" is everywhere, "franel" in 2, "saban" in 10, "lav" in 20.
        var vocabulary = new KbVocabulary(
            [new("client", 90), new("franel", 2), new("saban", 10), new("lav", 20), new("pedid", 40)], 100);

        var terms = KbKeyTerms.Extract(
            "Cliente pregunta por el lavado de sábanas de franela. Las sábanas encogieron; el cliente está molesto.",
            TextLanguage.Spanish, vocabulary);

        // saban 2 × ln(90.5 / 10.5) = 4.31, franel 1 × ln(98.5 / 2.5) = 3.67, lav 1 × ln(80.5 / 20.5) = 1.37, client 2 × 1e-6.
        Assert.Equal(["saban", "franel", "lav", "client"], terms);
    }

    [Fact]
    public void At_most_the_requested_number_ties_by_first_occurrence()
    {
        var vocabulary = new KbVocabulary(
            new[] { "alpha", "bravo", "charli", "delta" }.Select(t => new KeyValuePair<string, int>(t, 1)), 10);

        var terms = KbKeyTerms.Extract("delta bravo alpha charlie", TextLanguage.English, vocabulary, max: 2);

        Assert.Equal(["delta", "bravo"], terms);
    }

    [Fact]
    public void English_text()
    {
        var vocabulary = new KbVocabulary([new("flannel", 3), new("sheet", 8), new("wash", 12)], 200);

        var terms = KbKeyTerms.Extract("How do I wash flannel sheets? The sheets pilled after washing.", TextLanguage.English, vocabulary);

        Assert.Equal(["sheet", "wash", "flannel"], terms);
    }

    [Fact]
    public void Nothing_known_nothing_returned() =>
        Assert.Empty(KbKeyTerms.Extract("nada que ver", TextLanguage.Spanish, KbVocabulary.Empty));
}
