using Vinculo.Domain.Knowledge.Search;
using Vinculo.Domain.Text;

namespace Vinculo.Domain.Tests.Knowledge.Search;

public class SynonymSetTests
{
    [Fact]
    public void A_spanish_word_finds_the_stems_of_the_others_accents_or_not()
    {
        var set = SynonymSet.Build(["devolución, Reembolso, abono"], TextLanguage.Spanish);

        var fromAccentless = set.Expand(["devolu"]); // "devolucion" typed without its accent analyses the same
        var fromOther = set.Expand(["reembols"]);

        Assert.Equal([new("devolu", "reembols"), new("devolu", "abon")], fromAccentless);
        Assert.Equal(["devolu", "abon"], fromOther.Select(e => e.Alternative));
        Assert.Equal(1, set.GroupCount);
    }

    [Fact]
    public void English_groups()
    {
        var set = SynonymSet.Build(["refund, reimbursement, money back"], TextLanguage.English);

        Assert.Equal(["reimburs", "money", "back"], set.Expand(["refund"]).Select(e => e.Alternative));
        Assert.Empty(set.Expand(["money"]));                           // a multi-word entry needs all its words
        Assert.Equal(["refund", "reimburs"], set.Expand(["money", "back"]).Select(e => e.Alternative));
    }

    [Fact]
    public void Multi_word_spanish_entry_is_matched_by_all_its_terms_ignoring_stop_words()
    {
        var set = SynonymSet.Build(["dar de baja, cancelación"], TextLanguage.Spanish);

        Assert.Equal(["cancel"], set.Expand(["dar", "baj"]).Select(e => e.Alternative));
        Assert.Empty(set.Expand(["baj"]));
        Assert.Equal(["dar", "baj"], set.Expand(["cancel"]).Select(e => e.Alternative));
    }

    [Fact]
    public void Terms_already_in_the_query_are_not_added_twice_and_each_group_counts_once()
    {
        var set = SynonymSet.Build(["factura, recibo", "recibo, comprobante"], TextLanguage.Spanish);

        var expansions = set.Expand(["factur", "recib"]);

        Assert.Equal(["comprob"], expansions.Select(e => e.Alternative));
    }

    [Fact]
    public void Entries_of_only_stop_words_and_single_entry_groups_are_ignored()
    {
        var set = SynonymSet.Build(["el, la", "tarjeta", "", "cobro, , cargo"], TextLanguage.Spanish);

        Assert.Equal(1, set.GroupCount);
        Assert.Equal(["carg"], set.Expand(["cobr"]).Select(e => e.Alternative));
    }

    [Fact]
    public void Split_trims_and_drops_empty_entries() =>
        Assert.Equal(["a b", "c"], SynonymSet.Split(" a b ,, c ,"));

    [Theory]
    [InlineData("devolución, reembolso", null)]
    [InlineData("devolución", "at least 2")]
    [InlineData("  ,  ", "at least 2")]
    [InlineData("devolución, el", "only stop words")]
    [InlineData("sábana, sabanas", "all the same word")]
    public void Problems_of_a_group(string terms, string? problem)
    {
        var found = SynonymSet.Problem(terms, TextLanguage.Spanish);
        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.Contains(problem, found, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Empty_set_expands_nothing() => Assert.Empty(SynonymSet.Empty.Expand(["devolu"]));
}
