using Vinculo.Domain.Knowledge.Search;
using Vinculo.Domain.Text;

namespace Vinculo.Domain.Tests.Knowledge.Search;

public class KbQueryPlannerTests
{
    private static KbVocabulary Vocabulary(params string[] terms) =>
        new(terms.Select((t, i) => new KeyValuePair<string, int>(t, i + 1)), 50);

    [Fact]
    public void Spanish_sentence_becomes_its_distinct_stems()
    {
        var vocabulary = Vocabulary("lav", "saban", "franel", "agu", "fri");

        var plan = KbQueryPlanner.Plan("El cliente necesita instrucciones de lavado de sábanas de franela; ¡sábanas!",
            TextLanguage.Spanish, vocabulary, SynonymSet.Empty);

        Assert.Equal(["client", "necesit", "instruccion", "lav", "saban", "franel"], plan.QueryTerms);
        Assert.Equal(plan.QueryTerms, plan.Terms);
        Assert.Empty(plan.Alternatives); // "client" etc. are absent but have no close vocabulary term
    }

    [Fact]
    public void Accentless_query_meets_the_accented_article()
    {
        var vocabulary = Vocabulary(TextAnalyzer.Analyze("Lavado de sábanas de franela", TextLanguage.Spanish).ToArray());

        var plan = KbQueryPlanner.Plan("sabanas franela", TextLanguage.Spanish, vocabulary, SynonymSet.Empty);

        Assert.Equal(["saban", "franel"], plan.Terms);
        Assert.All(plan.Terms, t => Assert.True(vocabulary.Contains(t)));
    }

    [Fact]
    public void A_misspelt_english_term_adds_the_vocabulary_term_and_stays()
    {
        var vocabulary = Vocabulary("septicaemia", "caus", "bacteria");

        var plan = KbQueryPlanner.Plan("What causes septicemia?", TextLanguage.English, vocabulary, SynonymSet.Empty);

        Assert.Equal(["caus", "septicemia", "septicaemia"], plan.Terms);
        Assert.Equal([new KbTermAlternative("septicemia", "septicaemia", KbAlternativeKind.Typo, 1)], plan.Alternatives);
    }

    [Fact]
    public void Known_terms_are_not_corrected_even_when_a_close_term_exists()
    {
        var vocabulary = Vocabulary("gandhi", "ghandi");

        var plan = KbQueryPlanner.Plan("Ghandi", TextLanguage.English, vocabulary, SynonymSet.Empty);

        Assert.Equal(["ghandi"], plan.Terms);
        Assert.Empty(plan.Alternatives);
    }

    [Fact]
    public void Synonyms_add_the_other_members()
    {
        var synonyms = SynonymSet.Build(["devolución, reembolso, abono"], TextLanguage.Spanish);
        var vocabulary = Vocabulary("devolu", "abon", "ped");

        var plan = KbQueryPlanner.Plan("reembolso del pedido", TextLanguage.Spanish, vocabulary, synonyms);

        Assert.Equal(["reembols", "ped", "devolu", "abon"], plan.Terms);
        Assert.Equal(
            [new KbTermAlternative("reembols", "devolu", KbAlternativeKind.Synonym, 0), new KbTermAlternative("reembols", "abon", KbAlternativeKind.Synonym, 0)],
            plan.Alternatives);
    }

    [Fact]
    public void A_term_whose_synonym_is_known_is_not_corrected()
    {
        // "reembolsos" is absent and one edit from "reembolzo"'s stem, but its group already says what it means.
        var synonyms = SynonymSet.Build(["devolución, reembolso"], TextLanguage.Spanish);
        var vocabulary = Vocabulary("devolu", "reembolz");

        var plan = KbQueryPlanner.Plan("reembolso", TextLanguage.Spanish, vocabulary, synonyms);

        Assert.DoesNotContain(plan.Alternatives, a => a.Kind == KbAlternativeKind.Typo);
        Assert.Equal(["reembols", "devolu"], plan.Terms);
    }

    [Fact]
    public void A_corrected_term_is_expanded_by_its_synonyms()
    {
        var synonyms = SynonymSet.Build(["factura, recibo"], TextLanguage.Spanish);
        var vocabulary = Vocabulary("factur", "recib");

        var plan = KbQueryPlanner.Plan("facturra", TextLanguage.Spanish, vocabulary, synonyms);

        Assert.Equal(["facturr", "factur", "recib"], plan.Terms);
        Assert.Equal([KbAlternativeKind.Typo, KbAlternativeKind.Synonym], plan.Alternatives.Select(a => a.Kind));
    }

    [Fact]
    public void Only_stop_words_is_an_empty_plan()
    {
        var plan = KbQueryPlanner.Plan("de la que el", TextLanguage.Spanish, KbVocabulary.Empty, SynonymSet.Empty);

        Assert.True(plan.IsEmpty);
    }
}
