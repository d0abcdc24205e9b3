using Vinculo.Core.Common;
using Vinculo.Core.Knowledge.Search;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Knowledge;
using Vinculo.Domain.Knowledge.Search;

namespace Vinculo.Core.Tests.Knowledge.Search;

public class KbSearchServiceTests
{
    /// <summary>A dozen queries in both languages: the ranking of both databases is checked against the C# BM25 and each other.</summary>
    public static readonly (string Query, string Language)[] Queries =
    [
        ("el cliente necesita instrucciones de lavado de sábanas de franela", "es"),
        ("sabanas franela", "es"),
        ("devolución del pedido", "es"),
        ("secadora", "es"),
        ("cambiar la dirección de facturación", "es"),
        ("pago con tarjeta de crédito rechazado", "es"),
        ("toallas de algodón agua templada secadora", "es"),
        ("the customer needs washing instructions for flannel sheets", "en"),
        ("septicaemia bacteria antibiotics", "en"),
        ("refund for an order", "en"),
        ("cold water tumble dry", "en"),
        ("billing address change invoices", "en"),
        ("card declined order", "en"),
    ];

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Ranking_is_bm25_exactly(string provider)
    {
        await using var w = await KbSearchWorld.Create(provider);
        foreach (var (query, language) in Queries)
        {
            foreach (var publicOnly in new[] { false, true })
            {
                var result = await w.Search(query, language, top: 5, publicOnly: publicOnly);
                var expected = await w.Reference(result.Terms, language, 5, publicOnly);

                Assert.True(expected.Count > 0 || publicOnly, query);
                Assert.Equal(expected.Select(e => e.Id), result.Hits.Select(h => h.ArticleId));
                foreach (var (hit, reference) in result.Hits.Zip(expected))
                {
                    Assert.True(Math.Abs(hit.Score - reference.Score) <= 1e-9 * Math.Abs(reference.Score), $"{query}: {hit.Score} vs {reference.Score}");
                    Assert.True(hit.Score > 0);
                }
            }
        }
    }

    [PostgresFact]
    public async Task Both_databases_rank_the_same_articles_with_the_same_scores()
    {
        await using var sqlite = await KbSearchWorld.Create("sqlite");
        await using var postgres = await KbSearchWorld.Create("postgres");
        foreach (var (query, language) in Queries)
        {
            var a = await sqlite.Search(query, language);
            var b = await postgres.Search(query, language);

            // Same corpus in the same order: the ids match one to one.
            Assert.Equal(a.Hits.Select(h => h.ArticleId), b.Hits.Select(h => h.ArticleId));
            Assert.Equal(a.Terms, b.Terms);
            foreach (var (x, y) in a.Hits.Zip(b.Hits))
            {
                Assert.True(Math.Abs(x.Score - y.Score) <= 1e-6 * Math.Abs(x.Score), $"{query}: {x.Score} vs {y.Score}");
                Assert.Equal(x.Snippet, y.Snippet);
            }
        }
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Spanish_sentence_finds_the_flannel_sheets_article_with_a_plain_snippet(string provider)
    {
        await using var w = await KbSearchWorld.Create(provider);

        var result = await w.Search("el cliente necesita instrucciones de lavado de sábanas de franela", "es");

        var top = result.Hits[0];
        Assert.Equal(w.Ids["Lavado de sábanas de franela"], top.ArticleId);
        Assert.Equal("Lavado de sábanas de franela", top.Title);
        Assert.Equal("es", top.Language);
        Assert.Equal(KbVisibility.Public, top.Visibility);
        Assert.Contains("agua fría", top.Snippet, StringComparison.Ordinal);
        Assert.Contains("Secadora a baja temperatura", top.Snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("**", top.Snippet, StringComparison.Ordinal);
        Assert.Equal(["client", "necesit", "instruccion", "lav", "saban", "franel"], result.Terms.Take(6));
        Assert.Equal(w.Ids["Sábanas de franela: tallas"], result.Hits[1].ArticleId);
        Assert.True(result.Hits[0].Score > result.Hits[1].Score);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Accentless_query_finds_it_too(string provider)
    {
        await using var w = await KbSearchWorld.Create(provider);

        var result = await w.Search("sabanas franela LAVADO", "es");

        Assert.Equal(w.Ids["Lavado de sábanas de franela"], result.Hits[0].ArticleId);
        Assert.Empty(result.Alternatives);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task English_query_finds_english_articles_only(string provider)
    {
        await using var w = await KbSearchWorld.Create(provider);

        var english = await w.Search("washing flannel sheets", "en");
        var spanishWordsInEnglish = await w.Search("sábanas de franela", "en");

        Assert.Equal(w.Ids["Washing flannel sheets"], english.Hits[0].ArticleId);
        Assert.All(english.Hits, h => Assert.Equal("en", h.Language));
        Assert.DoesNotContain(english.Hits, h => w.Ids.Where(kv => kv.Key.Contains("franela", StringComparison.Ordinal)).Select(kv => kv.Value).Contains(h.ArticleId));
        Assert.Empty(spanishWordsInEnglish.Hits);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Drafts_and_archived_articles_are_never_found(string provider)
    {
        await using var w = await KbSearchWorld.Create(provider);
        var hidden = new[] { "Lavado de sábanas de franela (borrador)", "Lavado antiguo de franela" }.Select(t => w.Ids[t]).ToList();

        var result = await w.Search("lavado franela agua fría caliente borrador retirada", "es", top: 50);
        Assert.DoesNotContain(result.Hits, h => hidden.Contains(h.ArticleId));

        // Publishing a draft indexes it; archiving it again removes it.
        await w.SetStatus(hidden[0], KbStatus.Published);
        Assert.Contains((await w.Search("borrador", "es")).Hits, h => h.ArticleId == hidden[0]);
        await w.SetStatus(hidden[0], KbStatus.Archived);
        Assert.Empty((await w.Search("borrador", "es")).Hits);
        Assert.Empty((await w.Search("draft withdrawn", "en")).Hits);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Public_only_leaves_internal_articles_out(string provider)
    {
        await using var w = await KbSearchWorld.Create(provider);

        var all = await w.Search("devolución pedido tarjeta", "es");
        var pub = await w.Search("devolución pedido tarjeta", "es", publicOnly: true);

        Assert.Contains(all.Hits, h => h.Visibility == KbVisibility.Internal);
        Assert.Equal(w.Ids["Devolución de un pedido"], all.Hits[0].ArticleId);
        Assert.NotEmpty(pub.Hits);
        Assert.All(pub.Hits, h => Assert.Equal(KbVisibility.Public, h.Visibility));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Typos_are_corrected_against_the_vocabulary(string provider)
    {
        await using var w = await KbSearchWorld.Create(provider);

        var septicemia = await w.Search("What causes septicemia?", "en");
        var gandhi = await w.Search("Ghandi", "en");
        var sabanas = await w.Search("sabanaz de franella", "es");

        Assert.Equal(w.Ids["Septicaemia"], septicemia.Hits[0].ArticleId);
        var alternative = Assert.Single(septicemia.Alternatives);
        Assert.Equal(new KbSearchAlternative("septicemia", "septicaemia", KbAlternativeKind.Typo, 1, "Septicaemia"), alternative);
        Assert.Contains("septicemia", septicemia.Terms);
        Assert.Equal(w.Ids["Mahatma Gandhi"], Assert.Single(gandhi.Hits).ArticleId);
        Assert.Equal("Gandhi", gandhi.Alternatives[0].Word);
        Assert.Equal(
            [w.Ids["Lavado de sábanas de franela"], w.Ids["Sábanas de franela: tallas"]],
            sabanas.Hits.Take(2).Select(h => h.ArticleId).Order());
        Assert.Contains(sabanas.Alternatives, a => a is { Term: "sabanaz", Alternative: "saban", Kind: KbAlternativeKind.Typo, Distance: 2 }
            && string.Equals(a.Word, "sábanas", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(sabanas.Alternatives, a => a is { Term: "franell", Alternative: "franel", Kind: KbAlternativeKind.Typo, Distance: 1 });
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Synonyms_widen_the_search_until_changed_or_deleted(string provider)
    {
        await using var w = await KbSearchWorld.Create(provider);
        Assert.Empty((await w.Search("reembolso", "es")).Hits);

        var group = await w.Synonyms(s => s.Create(new KbSynonymInput("es", "devolución, reembolso,  ")));
        var found = await w.Search("quiero un reembolso", "es");

        Assert.Equal("devolución, reembolso", group.Terms);
        Assert.Equal(w.Ids["Devolución de un pedido"], found.Hits[0].ArticleId);
        Assert.Equal(new KbSearchAlternative("reembols", "devolu", KbAlternativeKind.Synonym, 0, "Devolución"), Assert.Single(found.Alternatives));
        Assert.Empty((await w.Search("refund reembolso", "en")).Alternatives); // Spanish groups do not apply to English

        var english = await w.Synonyms(s => s.Create(new KbSynonymInput("en", "refund, reimbursement, money back")));
        Assert.Equal(w.Ids["Returns and refunds"], (await w.Search("reimbursement", "en")).Hits[0].ArticleId);

        await w.Synonyms(s => s.Update(group.Id, new KbSynonymInput("es", "reembolso, abono"), group.Version));
        Assert.Contains((await w.Search("reembolso", "es")).Hits, h => h.ArticleId == w.Ids["Devolución de un pedido"]); // "se abona"
        Assert.DoesNotContain((await w.Search("reembolso", "es")).Alternatives, a => a.Alternative == "devolu");

        Assert.True(await w.Synonyms(s => s.Delete(group.Id, null)));
        Assert.Empty((await w.Search("reembolso", "es")).Hits);
        Assert.True(await w.Synonyms(s => s.Delete(english.Id, english.Version)));
        Assert.Empty((await w.Search("reimbursement", "en")).Hits);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Bad_requests_are_validation_errors(string provider)
    {
        await using var w = await KbSearchWorld.Create(provider, seed: false);

        async Task<string> Field(KbSearchRequest request)
        {
            var e = await Assert.ThrowsAsync<ValidationException>(() =>
                w.App.Run<KbSearchService, KbSearchResult>(s => s.SearchAsync(request, CancellationToken.None)));
            return Assert.Single(e.Errors.Keys);
        }

        Assert.Equal("q", await Field(new KbSearchRequest("", "es")));
        Assert.Equal("q", await Field(new KbSearchRequest("  \t ", "es")));
        Assert.Equal("q", await Field(new KbSearchRequest(new string('a', 501), "es")));
        Assert.Equal("lang", await Field(new KbSearchRequest("sábanas", "fr")));
        Assert.Equal("lang", await Field(new KbSearchRequest("sábanas", "ES")));
        Assert.Equal("top", await Field(new KbSearchRequest("sábanas", "es", 0)));
        Assert.Equal("top", await Field(new KbSearchRequest("sábanas", "es", 51)));

        // 500 characters, only stop words, or an empty knowledge base: no error, nothing found.
        Assert.Empty((await w.Search(string.Join(' ', Enumerable.Repeat("sábana", 71)) + "abcd", "es", top: 50)).Hits);
        var stopWords = await w.Search("de la que el", "es");
        Assert.Empty(stopWords.Hits);
        Assert.Empty(stopWords.Terms);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Query_syntax_is_never_interpreted(string provider)
    {
        await using var w = await KbSearchWorld.Create(provider);

        foreach (var query in new[] { "\"franela", "franela OR NOT lavado", "sábanas* AND (", "franela:* | !x & 'y'", "NEAR(franela lavado)", "col:franela", "^franela -" })
        {
            var result = await w.Search(query, "es");
            Assert.True(result.Hits.Any(h => h.ArticleId == w.Ids["Lavado de sábanas de franela"]), query);
        }
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Suggestions_for_a_case_use_its_key_terms_in_the_customers_language(string provider)
    {
        await using var w = await KbSearchWorld.Create(provider);
        var spanish = await w.Case("Consulta sobre sábanas", "Compró sábanas de franela y pregunta cómo lavarlas", "¿Puedo usar la secadora con las sábanas de franela?");
        var english = await w.Case("Question", "My flannel sheets shrank after washing", null, preferredLanguage: "en");

        var es = await w.App.Run<KbSearchService, KbSearchResult?>(s => s.SuggestForCaseAsync(spanish, null, 5, CancellationToken.None));
        var en = await w.App.Run<KbSearchService, KbSearchResult?>(s => s.SuggestForCaseAsync(english, null, 5, CancellationToken.None));
        var forced = await w.App.Run<KbSearchService, KbSearchResult?>(s => s.SuggestForCaseAsync(english, "es", 3, CancellationToken.None));
        var missing = await w.App.Run<KbSearchService, KbSearchResult?>(s => s.SuggestForCaseAsync(999_999, null, 5, CancellationToken.None));

        Assert.NotNull(es);
        Assert.Equal("es", es.Language);
        Assert.Equal(w.Ids["Lavado de sábanas de franela"], es.Hits[0].ArticleId);
        Assert.InRange(es.Terms.Count, 1, KbKeyTerms.DefaultCount);
        Assert.Contains("secador", es.Terms);        // from the last customer reply
        Assert.DoesNotContain("colchon", es.Terms);  // agent replies are not read
        Assert.NotNull(en);
        Assert.Equal(w.Ids["Washing flannel sheets"], en.Hits[0].ArticleId);
        Assert.All(en.Hits, h => Assert.Equal("en", h.Language));
        Assert.NotNull(forced);
        Assert.Equal("es", forced.Language);
        Assert.Null(missing);
        await Assert.ThrowsAsync<ValidationException>(() =>
            w.App.Run<KbSearchService, KbSearchResult?>(s => s.SuggestForCaseAsync(spanish, "fr", 5, CancellationToken.None)));
        await Assert.ThrowsAsync<ValidationException>(() =>
            w.App.Run<KbSearchService, KbSearchResult?>(s => s.SuggestForCaseAsync(spanish, null, 0, CancellationToken.None)));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_vocabulary_is_cached_refreshed_when_old_and_invalidated_on_demand(string provider)
    {
        await using var w = await KbSearchWorld.Create(provider);
        Assert.Empty((await w.Search("cortinnas", "es")).Hits); // loads the vocabulary

        await w.Add("es", "Cortinas opacas", "Las cortinas opacas se lavan a mano.");
        w.Clock.Advance(TimeSpan.FromSeconds(30));
        var cached = await w.Search("cortinnas", "es");
        Assert.Empty(cached.Hits); // the typo needs the new term, which the cached vocabulary does not have yet
        Assert.NotEmpty((await w.Search("cortinas", "es")).Hits); // the index itself is always current

        w.Clock.Advance(TimeSpan.FromSeconds(31)); // past the lifetime: the next search refreshes in the background
        var deadline = DateTime.UtcNow.AddSeconds(20);
        KbSearchResult refreshed;
        do
        {
            refreshed = await w.Search("cortinnas", "es");
            if (refreshed.Hits.Count > 0)
            {
                break;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal(w.Ids["Cortinas opacas"], Assert.Single(refreshed.Hits).ArticleId);

        await w.Add("es", "Edredones nórdicos", "El edredón nórdico se lava en lavandería.");
        Assert.Empty((await w.Search("edredonn", "es")).Hits);
        w.Cache.Invalidate("es");
        Assert.Equal(w.Ids["Edredones nórdicos"], (await w.Search("edredonn", "es")).Hits[0].ArticleId);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task External_ids_and_categories_come_back(string provider)
    {
        await using var w = await KbSearchWorld.Create(provider, seed: false);
        await w.Add("en", "Super Bowl 50", "Super Bowl 50 was an American football game.", externalId: "Super_Bowl_50/0");

        var hit = Assert.Single((await w.Search("super bowl", "en")).Hits);

        Assert.Equal("Super_Bowl_50/0", hit.ExternalId);
        Assert.Null(hit.CategoryId);
        Assert.Equal("Super Bowl 50 was an American football game.", hit.Snippet);
    }
}
