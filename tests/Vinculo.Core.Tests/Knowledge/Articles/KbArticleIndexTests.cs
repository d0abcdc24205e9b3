using Vinculo.Core.Knowledge.Articles;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Knowledge;
using static Vinculo.Core.Tests.Knowledge.Articles.KbWorld;

namespace Vinculo.Core.Tests.Knowledge.Articles;

/// <summary>
/// What the articles' use cases do to the search index the database keeps: only published articles are in it, in their
/// language's index, with the analysed text of their current version; the term and size statistics follow every change.
/// </summary>
public sealed class KbArticleIndexTests
{
    [Theory, SqliteData, PostgresData]
    public async Task A_published_article_is_indexed_and_leaves_the_index_when_unpublished_archived_or_deleted(string provider)
    {
        await using var w = await KbWorld.Create(provider);
        var category = await w.Category();
        var router = Term("enrutador", "es");
        var draft = await w.Write(Input(category, "El enrutador parpadea", "Reinicie el enrutador y espere dos minutos."));
        Assert.Equal(0, await Matches(w, "es", router));

        var published = (await w.Articles(s => s.Transition(draft.Id, KbAction.Publish, null, Marta)))!;
        Assert.Equal(1, await Matches(w, "es", router));
        Assert.Equal(0, await Matches(w, "en", router));
        Assert.Equal(1, await DocCount(w, "es", router));
        Assert.Equal(1, await Documents(w, "es"));

        await w.Articles(s => s.Transition(draft.Id, KbAction.Unpublish, published.Version, Marta));
        Assert.Equal(0, await Matches(w, "es", router));
        Assert.Equal(0, await DocCount(w, "es", router));
        Assert.Equal(0, await Documents(w, "es"));

        await w.Articles(s => s.Transition(draft.Id, KbAction.Publish, null, Marta));
        Assert.Equal(1, await Matches(w, "es", router));
        await w.Articles(s => s.Transition(draft.Id, KbAction.Archive, null, Marta));
        Assert.Equal(0, await Matches(w, "es", router));
        Assert.Equal(0, await DocCount(w, "es", router));

        var other = await w.Published(Input(category, "Luz roja del enrutador", "Si la luz del enrutador está roja, llame a soporte."));
        Assert.Equal(1, await Matches(w, "es", router));
        Assert.True(await w.Articles(s => s.Delete(other.Id, null)));
        Assert.Equal(0, await Matches(w, "es", router));
        Assert.Equal(0, await DocCount(w, "es", router));
        Assert.Equal(0, await Documents(w, "es"));
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_term_and_size_statistics_follow_an_edit_a_restore_and_each_language(string provider)
    {
        await using var w = await KbWorld.Create(provider);
        var category = await w.Category();
        var zanahoria = Term("zanahoria", "es");
        var berenjena = Term("berenjena", "es");
        var sopa = Term("sopa", "es");
        var a = await w.Published(Input(category, "Sopa de zanahoria", "Pele la zanahoria y cuézala."));
        var b = await w.Published(Input(category, "Sopa de berenjena", "Ase la berenjena."));
        var en = await w.Published(Input(category, "Carrot soup", "Peel the carrot.", language: "en"));
        Assert.Equal((1, 1, 2), (await DocCount(w, "es", zanahoria), await DocCount(w, "es", berenjena), await DocCount(w, "es", sopa)));
        Assert.Equal(1, await Matches(w, "en", Term("carrot", "en")));
        await AssertStats(w);

        // The edit replaces the text of a published article: zanahoria leaves, berenjena is now in two documents.
        var edited = (await w.Articles(s => s.Update(a.Id, Input(category, "Sopa de berenjena asada", "Ase la berenjena entera."), a.Version, Jorge)))!;
        Assert.Equal(0, await Matches(w, "es", zanahoria));
        Assert.Equal((0, 2, 2), (await DocCount(w, "es", zanahoria), await DocCount(w, "es", berenjena), await DocCount(w, "es", sopa)));
        await AssertStats(w);

        // Back to the first text.
        await w.Articles(s => s.Restore(a.Id, 1, edited.Version, Jorge));
        Assert.Equal(1, await Matches(w, "es", zanahoria));
        Assert.Equal((1, 1, 2), (await DocCount(w, "es", zanahoria), await DocCount(w, "es", berenjena), await DocCount(w, "es", sopa)));
        await AssertStats(w);

        // A draft's edits do not touch the index; a category change does not either.
        var draft = await w.Write(Input(category, "Sopa de zanahoria fría", "Zanahoria."));
        await w.Articles(s => s.Update(draft.Id, Input(category, "Sopa de zanahoria templada", "Más zanahoria."), null, Marta));
        var cooking = await w.Category("Cocina", "Cooking");
        await w.Articles(s => s.Update(b.Id, Input(cooking, "Sopa de berenjena", "Ase la berenjena."), null, Marta));
        Assert.Equal((1, 1, 2), (await DocCount(w, "es", zanahoria), await DocCount(w, "es", berenjena), await DocCount(w, "es", sopa)));
        await AssertStats(w);
        Assert.Equal(1, await Documents(w, "en"));
        Assert.NotEqual(0, en.Id);
    }

    /// <summary>The analysed form of one word, as the index holds it.</summary>
    private static string Term(string word, string language) => KbAnalysis.IndexTerms(word, "", language).Title;

    /// <summary>How many articles of the language's index match the analysed term.</summary>
    private static Task<long> Matches(KbWorld w, string language, string term) => w.Db.Provider == "sqlite"
        ? w.Scalar($"SELECT count(*) FROM kb_fts_{language} WHERE kb_fts_{language} MATCH '\"{term}\"'")
        : w.Scalar($"SELECT count(*) FROM kb_articles WHERE status = 1 AND language = '{language}' AND search_vector @@ to_tsquery('simple', '{term}')");

    /// <summary>The term's document frequency in the language's index (kb_terms; the FTS5 vocabulary on SQLite).</summary>
    private static Task<long> DocCount(KbWorld w, string language, string term) => w.Db.Provider == "sqlite"
        ? w.Scalar($"SELECT coalesce(sum(doc), 0) FROM kb_fts_{language}_vocab WHERE term = '{term}'")
        : w.Scalar($"SELECT coalesce(sum(doc_count), 0) FROM kb_terms WHERE language = '{language}' AND term = '{term}'");

    /// <summary>How many documents the language's index holds (kb_stats; on SQLite, the documents of the FTS5 index's instances).</summary>
    private static Task<long> Documents(KbWorld w, string language) => w.Db.Provider == "sqlite"
        ? w.Scalar($"""
            CREATE VIRTUAL TABLE IF NOT EXISTS temp.kb_fts_{language}_instances USING fts5vocab(main, kb_fts_{language}, instance);
            SELECT count(DISTINCT doc) FROM temp.kb_fts_{language}_instances;
            """)
        : w.Scalar($"SELECT coalesce(sum(doc_count), 0) FROM kb_stats WHERE language = '{language}'");

    /// <summary>
    /// The statistics agree with the published articles: on PostgreSQL kb_stats holds their number and total length per
    /// language and kb_terms has no term with a count below one that is still used; on SQLite the vocabulary agrees with a
    /// recount of the published rows' terms.
    /// </summary>
    private static async Task AssertStats(KbWorld w)
    {
        foreach (var language in KbAnalysis.Languages)
        {
            var published = await w.Scalar($"SELECT count(*) FROM kb_articles WHERE status = 1 AND language = '{language}'");
            var length = await w.Scalar($"SELECT coalesce(sum(search_length), 0) FROM kb_articles WHERE status = 1 AND language = '{language}'");
            if (w.Db.Provider == "postgres")
            {
                Assert.Equal(published, await w.Scalar($"SELECT coalesce(sum(doc_count), 0) FROM kb_stats WHERE language = '{language}'"));
                Assert.Equal(length, await w.Scalar($"SELECT coalesce(sum(total_length), 0) FROM kb_stats WHERE language = '{language}'"));
                Assert.Equal(0, await w.Scalar($"SELECT count(*) FROM kb_terms WHERE doc_count < 0"));
                Assert.Equal(0, await w.Scalar($"""
                    SELECT count(*) FROM (
                      SELECT x.term, count(*) AS n FROM kb_articles a, unnest(tsvector_to_array(a.search_vector)) AS x(term)
                      WHERE a.status = 1 AND a.language = '{language}' GROUP BY x.term) r
                    FULL JOIN (SELECT term, doc_count FROM kb_terms WHERE language = '{language}' AND doc_count > 0) t ON t.term = r.term
                    WHERE r.n IS DISTINCT FROM t.doc_count
                    """));
            }
            else
            {
                Assert.Equal(published, await Documents(w, language));
                await using var db = w.Db.CreateDbContext();
                var rows = db.KbArticles.Where(a => a.Status == KbStatus.Published && a.Language == language)
                    .Select(a => a.SearchTitle + " " + a.SearchBody).ToList();
                var expected = rows.SelectMany(r => r.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct())
                    .GroupBy(t => t).ToDictionary(g => g.Key, g => (long)g.Count());
                foreach (var (term, count) in expected)
                {
                    Assert.Equal(count, await DocCount(w, language, term));
                }

                Assert.Equal(expected.Count, await w.Scalar($"SELECT count(*) FROM kb_fts_{language}_vocab WHERE doc > 0"));
            }
        }
    }
}
