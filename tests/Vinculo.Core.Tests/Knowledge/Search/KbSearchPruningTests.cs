using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Knowledge.Search;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Knowledge;

namespace Vinculo.Core.Tests.Knowledge.Search;

/// <summary>
/// Scoring only the articles that can reach the top (two passes) returns exactly what scoring every match returns, on
/// both databases: same ids, same order, same scores.
/// </summary>
public class KbSearchPruningTests
{
    private static readonly string[] Words =
    [
        "cliente", "pedido", "factura", "envío", "devolución", "tarjeta", "sábana", "franela", "lavado", "secadora",
        "garantía", "colchón", "almohada", "toalla", "algodón", "temperatura", "agua", "fría", "plazo", "entrega",
        "dirección", "cuenta", "pago", "cargo", "reembolso", "talla", "cama", "funda", "nórdico", "edredón",
    ];

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Two_passes_rank_exactly_like_scoring_every_match(string provider)
    {
        await using var w = await KbSearchWorld.Create(provider, seed: false);
        var random = new Random(7);
        string Text(int count) => string.Join(' ', Enumerable.Range(0, count).Select(_ => Words[(int)Math.Floor(Math.Pow(random.NextDouble(), 2.5) * Words.Length)]));
        for (int i = 0; i < 300; i++)
        {
            await w.Add("es", Text(random.Next(1, 5)), Text(random.Next(5, 80)), visibility: i % 3 == 0 ? KbVisibility.Internal : KbVisibility.Public);
        }

        await using var scope = w.App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<VinculoDb>();
        var cache = scope.ServiceProvider.GetRequiredService<KbSearchCache>();
        var vocabulary = (await cache.Get(db, "es", CancellationToken.None)).Vocabulary;
        int pruned = 0, widened = 0;
        for (int q = 0; q < 60; q++)
        {
            var terms = Enumerable.Range(0, random.Next(1, 7))
                .Select(_ => Vinculo.Domain.Text.TextAnalyzer.Analyze(Words[random.Next(Words.Length)], Vinculo.Domain.Text.TextLanguage.Spanish)[0])
                .Distinct().ToList();
            int top = random.Next(1, 11);
            bool publicOnly = q % 4 == 0;

            var all = await KbSearchIndex.Search(db, "es", terms, top, publicOnly, vocabulary, 0, CancellationToken.None);
            var two = await KbSearchIndex.Search(db, "es", terms, top, publicOnly, vocabulary, random.Next(1, 80), CancellationToken.None);

            Assert.False(all.Pruned);
            Assert.Equal(all.Rows.Select(r => r.Id), two.Rows.Select(r => r.Id));
            // PostgreSQL's sum() adds in no set order: the last bits may differ between two runs of the same query.
            Assert.All(all.Rows.Zip(two.Rows), p => Assert.Equal(p.First.Score, p.Second.Score, 1e-12 * p.First.Score));
            pruned += two.Pruned ? 1 : 0;
            widened += two.Passes == 2 ? 1 : 0;
        }

        Assert.True(pruned >= 10, $"pruned {pruned}");
        Assert.True(widened >= 3, $"widened {widened}");
    }

    [Fact]
    public async Task A_changed_sqlite_index_is_searched_without_pruning_until_the_vocabulary_is_read_again()
    {
        await using var w = await KbSearchWorld.Create("sqlite");
        await using var scope = w.App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<VinculoDb>();
        var cache = scope.ServiceProvider.GetRequiredService<KbSearchCache>();
        var vocabulary = (await cache.Get(db, "es", CancellationToken.None)).Vocabulary;
        List<string> terms = ["lav", "saban", "franel", "agu"];
        Assert.NotNull(vocabulary.Stamp);
        Assert.True((await KbSearchIndex.Search(db, "es", terms, 1, false, vocabulary, 1, CancellationToken.None)).Pruned);

        await w.Add("es", "Lavado a mano", "Agua tibia.");

        var stale = await KbSearchIndex.Search(db, "es", terms, 1, false, vocabulary, 1, CancellationToken.None);
        Assert.False(stale.Pruned);
        Assert.Equal(1, stale.Passes);
        cache.Invalidate("es");
        var fresh = (await cache.Get(db, "es", CancellationToken.None)).Vocabulary;
        Assert.NotEqual(vocabulary.Stamp, fresh.Stamp);
        Assert.True((await KbSearchIndex.Search(db, "es", terms, 1, false, fresh, 1, CancellationToken.None)).Pruned);
    }
}
