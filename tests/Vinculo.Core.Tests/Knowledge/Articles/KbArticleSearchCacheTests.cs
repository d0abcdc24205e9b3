using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Knowledge.Articles;
using Vinculo.Core.Knowledge.Search;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;
using static Vinculo.Core.Tests.Knowledge.Articles.KbWorld;

namespace Vinculo.Core.Tests.Knowledge.Articles;

/// <summary>Writes that change what search finds make the search cache of that language read afresh; other writes do not.</summary>
public sealed class KbArticleSearchCacheTests
{
    [Theory, SqliteData]
    public async Task Publishing_editing_a_published_article_withdrawing_and_deleting_refresh_the_languages_search_cache(string provider)
    {
        await using var w = await KbWorld.Create(provider);
        var category = await w.Category();
        KbSearchCache cache;
        await using (var root = w.App.Scope())
        {
            cache = root.ServiceProvider.GetRequiredService<KbSearchCache>();
        }

        async Task<DateTimeOffset> ReadAt(string language)
        {
            await using var scope = w.App.Scope();
            return (await cache.Get(scope.ServiceProvider.GetRequiredService<VinculoDb>(), language, CancellationToken.None)).ReadAt;
        }

        async Task AssertRefreshed(bool refreshed, Func<Task> write)
        {
            var es = await ReadAt("es");
            var en = await ReadAt("en");
            w.Clock.Advance(TimeSpan.FromSeconds(1));
            await write();
            Assert.Equal(refreshed, await ReadAt("es") != es);
            Assert.Equal(en, await ReadAt("en"));
        }

        var a = await w.Write(Input(category));
        await AssertRefreshed(false, () => w.Articles(s => s.Update(a.Id, Input(category, "Borrador cambiado"), null, Marta)));
        await AssertRefreshed(true, () => w.Articles(s => s.Transition(a.Id, KbAction.Publish, null, Marta)));
        await AssertRefreshed(true, () => w.Articles(s => s.Update(a.Id, Input(category, "Publicado cambiado"), null, Marta)));
        await AssertRefreshed(false, () => w.Feedback(s => s.Feedback(a.Id, new KbFeedbackInput { Helpful = true }, Marta)));
        await AssertRefreshed(true, () => w.Articles(s => s.Restore(a.Id, 1, null, Marta)));
        await AssertRefreshed(true, () => w.Articles(s => s.Transition(a.Id, KbAction.Unpublish, null, Marta)));
        await AssertRefreshed(false, () => w.Articles(s => s.Delete(a.Id, null)));
        var b = await w.Published(Input(category, "Otro"));
        await AssertRefreshed(true, () => w.Articles(s => s.Transition(b.Id, KbAction.Archive, null, Marta)));
        var c = await w.Published(Input(category, "Y otro"));
        await AssertRefreshed(true, () => w.Articles(s => s.Delete(c.Id, null)));
    }
}
