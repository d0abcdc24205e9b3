using Vinculo.Core.Common;
using Vinculo.Core.Knowledge.Articles;
using Vinculo.Core.Tests.Infrastructure;
using static Vinculo.Core.Tests.Knowledge.Articles.KbWorld;

namespace Vinculo.Core.Tests.Knowledge.Articles;

public sealed class KbCategoryServiceTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Categories_are_listed_by_position_then_name_in_pages(string provider)
    {
        await using var w = await KbWorld.Create(provider);
        var z = await w.Category("Zapatos", "Apparel");
        var a = await w.Category("Averías", "Faults");
        var top = await w.Category("Primeros pasos", "Getting started");
        var m = await w.Category("Móvil", "Mobile", position: 1);
        var sub = await w.Category("Router", "Router", parent: a);

        async Task<List<long>> All(string language, int limit)
        {
            var ids = new List<long>();
            string? cursor = null;
            do
            {
                var page = await w.Categories(s => s.List(new KbCategoryQuery(language, cursor, limit)));
                ids.AddRange(page.Items.Select(c => c.Id));
                cursor = page.NextCursor;
            }
            while (cursor is not null);
            return ids;
        }

        Assert.Equal([a, top, sub, z, m], await All("es", 2));
        Assert.Equal([a, top, sub, z, m], await All("es", 200));
        Assert.Equal([z, a, top, sub, m], await All("en", 1));
        Assert.Equal([z, a, top, sub, m], await All("en", 200));

        // For choosing one: each top-level category followed by its subcategories.
        var choices = await w.Categories(s => s.All("es"));
        Assert.Equal([a, sub, top, z, m], choices.Select(c => c.Id));
        var read = (await w.Categories(s => s.Get(a)))!;
        Assert.Equal((0, 1), (read.ArticleCount, read.ChildCount));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Names_in_both_languages_are_required_and_nesting_is_one_level(string provider)
    {
        await using var w = await KbWorld.Create(provider);
        var errors = (await Assert.ThrowsAsync<ValidationException>(() =>
            w.Categories(s => s.Create(new KbCategoryInput { NameEs = " ", Position = -1, ParentId = 999_999 })))).Errors;
        Assert.Equal(["nameEn", "nameEs", "parentId", "position"], errors.Keys.Order(StringComparer.Ordinal));
        await Assert.ThrowsAsync<ValidationException>(() => w.Categories(s => s.Create(new KbCategoryInput { NameEs = new string('a', 101), NameEn = "x" })));

        var top = await w.Category("Averías", "Faults");
        var child = await w.Category("Router", "Router", parent: top);
        var grandchild = await Assert.ThrowsAsync<ValidationException>(() => w.Category("Luces", "Lights", parent: child));
        Assert.Contains("top-level", grandchild.Errors["parentId"][0], StringComparison.Ordinal);
        var self = await Assert.ThrowsAsync<ValidationException>(() =>
            w.Categories(s => s.Update(top, new KbCategoryInput { NameEs = "A", NameEn = "A", ParentId = top }, null)));
        Assert.Contains("own parent", self.Errors["parentId"][0], StringComparison.Ordinal);
        var other = await w.Category("Facturas", "Invoices");
        var parentOfChildren = await Assert.ThrowsAsync<ValidationException>(() =>
            w.Categories(s => s.Update(top, new KbCategoryInput { NameEs = "A", NameEn = "A", ParentId = other }, null)));
        Assert.Contains("subcategories", parentOfChildren.Errors["parentId"][0], StringComparison.Ordinal);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Update_needs_the_current_version_and_delete_is_refused_while_used(string provider)
    {
        await using var w = await KbWorld.Create(provider);
        var top = await w.Category("Averías", "Faults");
        var child = await w.Category("Router", "Router", parent: top);

        await Assert.ThrowsAsync<PreconditionFailedException>(() =>
            w.Categories(s => s.Update(top, new KbCategoryInput { NameEs = "Incidencias", NameEn = "Incidents" }, 5)));
        var updated = (await w.Categories(s => s.Update(top, new KbCategoryInput { NameEs = "Incidencias", NameEn = "Incidents", Position = 3 }, 1)))!;
        Assert.Equal(("Incidencias", "Incidents", 3, 2L), (updated.NameEs, updated.NameEn, updated.Position, updated.Version));
        Assert.Null(await w.Categories(s => s.Update(999_999, new KbCategoryInput { NameEs = "a", NameEn = "a" }, null)));

        var article = await w.Write(Input(child));
        var children = await Assert.ThrowsAsync<ConflictException>(() => w.Categories(s => s.Delete(top, null)));
        Assert.Contains("subcategories", children.Message, StringComparison.Ordinal);
        var used = await Assert.ThrowsAsync<ConflictException>(() => w.Categories(s => s.Delete(child, null)));
        Assert.Contains("1 article(s)", used.Message, StringComparison.Ordinal);

        await w.Articles(s => s.Delete(article.Id, null));
        await Assert.ThrowsAsync<PreconditionFailedException>(() => w.Categories(s => s.Delete(child, 9)));
        Assert.True(await w.Categories(s => s.Delete(child, 1)));
        Assert.True(await w.Categories(s => s.Delete(top, null)));
        Assert.False(await w.Categories(s => s.Delete(top, null)));
    }
}
