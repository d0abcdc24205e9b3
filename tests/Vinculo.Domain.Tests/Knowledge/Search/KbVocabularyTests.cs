using Vinculo.Domain.Knowledge.Search;

namespace Vinculo.Domain.Tests.Knowledge.Search;

public class KbVocabularyTests
{
    private static KbVocabulary Vocabulary(params (string Term, int Df)[] terms) =>
        new(terms.Select(t => new KeyValuePair<string, int>(t.Term, t.Df)), 100);

    [Fact]
    public void Known_terms_and_frequencies()
    {
        var vocabulary = Vocabulary(("saban", 3), ("franel", 1), ("vacio", 0));

        Assert.True(vocabulary.Contains("saban"));
        Assert.False(vocabulary.Contains("vacio")); // no article has it any more
        Assert.Equal(3, vocabulary.DocumentFrequency("saban"));
        Assert.Equal(0, vocabulary.DocumentFrequency("lav"));
        Assert.Equal(2, vocabulary.Count);
        Assert.Equal(Bm25.Idf(100, 3), vocabulary.Idf("saban"));
    }

    [Fact]
    public void English_typos_of_the_evaluation_set()
    {
        var vocabulary = Vocabulary(("septicaemia", 2), ("gandhi", 5), ("cydippid", 1), ("septic", 4));

        Assert.Equal([new KbTermCorrection("septicaemia", 1, 2)], vocabulary.Corrections("septicemia"));
        Assert.Equal([new KbTermCorrection("gandhi", 2, 5)], vocabulary.Corrections("ghandi"));
        Assert.Empty(vocabulary.Corrections("cypiddid")); // three edits away
    }

    [Fact]
    public void Spanish_typo_of_a_folded_stem()
    {
        // "sabanas" → "saban"; "sbanas" → "sban": one letter missing.
        var vocabulary = Vocabulary(("saban", 3), ("sabad", 1), ("franel", 2));

        var corrections = vocabulary.Corrections("sban");

        Assert.Equal(["saban"], corrections.Select(c => c.Term));
    }

    [Fact]
    public void Length_decides_how_far_a_correction_may_be()
    {
        var vocabulary = Vocabulary(("cat", 1), ("lavad", 1), ("franela", 1), ("lavadora", 1));

        Assert.Empty(vocabulary.Corrections("cta"));             // under four letters: never corrected
        Assert.Equal(["lavad"], vocabulary.Corrections("lavd").Select(c => c.Term));
        Assert.Empty(vocabulary.Corrections("lbvd"));            // two edits for a four-letter term: too far
        Assert.Equal(["franela"], vocabulary.Corrections("frnaelaa").Select(c => c.Term)); // two edits at eight letters
        Assert.Equal(0, KbVocabulary.AllowedDistance("abc"));
        Assert.Equal(1, KbVocabulary.AllowedDistance("abcde"));
        Assert.Equal(2, KbVocabulary.AllowedDistance("abcdef"));
    }

    [Fact]
    public void Codes_and_numbers_are_never_corrected()
    {
        var vocabulary = Vocabulary(("a1234", 1), ("12345", 1));

        Assert.Empty(vocabulary.Corrections("a1235"));
        Assert.Empty(vocabulary.Corrections("12346"));
    }

    [Fact]
    public void A_known_term_has_no_corrections()
    {
        var vocabulary = Vocabulary(("septic", 1), ("septicaemia", 1));

        Assert.Empty(vocabulary.Corrections("septic"));
    }

    [Fact]
    public void Only_the_closest_distance_is_kept_then_the_most_frequent()
    {
        var vocabulary = Vocabulary(
            ("washer", 1), ("wasted", 9), ("washes", 2), ("wished", 4), // one edit from "washed"
            ("wash", 50),                                                // two edits, however frequent
            ("lashed", 7));                                              // one edit, but another first letter

        var corrections = vocabulary.Corrections("washed");

        Assert.Equal(["wasted", "wished", "washes"], corrections.Select(c => c.Term));
        Assert.All(corrections, c => Assert.Equal(1, c.Distance));
    }

    [Fact]
    public void At_most_three_corrections_most_frequent_first()
    {
        var vocabulary = Vocabulary(("casa", 1), ("cama", 5), ("caza", 3), ("cas", 2), ("capa", 4), ("cosa", 9));

        var corrections = vocabulary.Corrections("caxa");

        Assert.Equal(["cama", "capa", "caza"], corrections.Select(c => c.Term));
    }

    [Fact]
    public void Swapped_first_letters_an_extra_first_letter_and_a_missing_one_are_found()
    {
        var vocabulary = Vocabulary(("franela", 1), ("gandhi", 1), ("septicaemia", 1));

        Assert.Equal(["franela"], vocabulary.Corrections("rfanela").Select(c => c.Term)); // swapped
        Assert.Equal(["gandhi"], vocabulary.Corrections("xgandhi").Select(c => c.Term));  // extra first letter
        Assert.Equal(["septicaemia"], vocabulary.Corrections("epticaemia").Select(c => c.Term)); // first letter missing
        Assert.Empty(vocabulary.Corrections("bandhi")); // a wrong first letter is not looked for
    }

    [Fact]
    public void Empty_vocabulary()
    {
        Assert.Equal(0, KbVocabulary.Empty.Count);
        Assert.Empty(KbVocabulary.Empty.Corrections("septicemia"));
    }
}
