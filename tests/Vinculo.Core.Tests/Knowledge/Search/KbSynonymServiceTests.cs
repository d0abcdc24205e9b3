using Vinculo.Core.Common;
using Vinculo.Core.Knowledge.Search;
using Vinculo.Core.Tests.Infrastructure;

namespace Vinculo.Core.Tests.Knowledge.Search;

public class KbSynonymServiceTests
{
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Create_read_update_delete_with_versions(string provider)
    {
        await using var w = await KbSearchWorld.Create(provider, seed: false);

        var created = await w.Synonyms(s => s.Create(new KbSynonymInput(" ES ", "devolución ,reembolso, abono")));
        Assert.Equal("es", created.Language);
        Assert.Equal("devolución, reembolso, abono", created.Terms);
        Assert.Equal(["devolución", "reembolso", "abono"], created.Entries);
        Assert.Equal(1, created.Version);
        Assert.Equal(KbSearchWorld.Start, created.CreatedAt);

        var read = await w.Synonyms(s => s.Get(created.Id));
        Assert.NotNull(read);
        Assert.Equal((created.Id, created.Language, created.Terms, created.CreatedAt, created.UpdatedAt, created.Version),
            (read.Id, read.Language, read.Terms, read.CreatedAt, read.UpdatedAt, read.Version));
        Assert.Equal(created.Entries, read.Entries);

        w.Clock.Advance(TimeSpan.FromMinutes(1));
        var updated = await w.Synonyms(s => s.Update(created.Id, new KbSynonymInput("es", "devolución, reembolso"), 1));
        Assert.NotNull(updated);
        Assert.Equal(2, updated.Version);
        Assert.Equal(KbSearchWorld.Start.AddMinutes(1), updated.UpdatedAt);

        await Assert.ThrowsAsync<PreconditionFailedException>(() =>
            w.Synonyms(s => s.Update(created.Id, new KbSynonymInput("es", "a1, b1"), 1)));
        await Assert.ThrowsAsync<PreconditionFailedException>(() => w.Synonyms(s => s.Delete(created.Id, 1)));
        Assert.Null(await w.Synonyms(s => s.Update(999_999, new KbSynonymInput("es", "a1, b1"), null)));
        Assert.False(await w.Synonyms(s => s.Delete(999_999, null)));
        Assert.True(await w.Synonyms(s => s.Delete(created.Id, 2)));
        Assert.Null(await w.Synonyms(s => s.Get(created.Id)));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Invalid_groups_are_refused_by_field(string provider)
    {
        await using var w = await KbSearchWorld.Create(provider, seed: false);

        async Task<IDictionary<string, string[]>> Errors(KbSynonymInput input) =>
            (await Assert.ThrowsAsync<ValidationException>(() => w.Synonyms(s => s.Create(input)))).Errors;

        Assert.Equal(["language"], (await Errors(new KbSynonymInput("fr", "a1, b1"))).Keys);
        Assert.Equal(["language", "terms"], (await Errors(new KbSynonymInput(null, "solo"))).Keys.Order());
        Assert.Equal(["terms"], (await Errors(new KbSynonymInput("es", "devolución"))).Keys);
        Assert.Equal(["terms"], (await Errors(new KbSynonymInput("es", "devolución, de la"))).Keys);
        Assert.Equal(["terms"], (await Errors(new KbSynonymInput("es", "sábana, sabanas"))).Keys);
        Assert.Equal(["terms"], (await Errors(new KbSynonymInput("en", new string('x', 2001)))).Keys);
        Assert.Equal(["terms"], (await Errors(new KbSynonymInput("en", "refund, " + new string('x', 101)))).Keys);
        Assert.Empty((await w.Synonyms(s => s.List(new KbSynonymQuery()))).Items);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task List_pages_by_id_and_filters_by_language(string provider)
    {
        await using var w = await KbSearchWorld.Create(provider, seed: false);
        for (int i = 0; i < 5; i++)
        {
            await w.Synonyms(s => s.Create(new KbSynonymInput(i % 2 == 0 ? "es" : "en", $"palabra{i}, termino{i}")));
        }

        var first = await w.Synonyms(s => s.List(new KbSynonymQuery(Limit: 2)));
        var second = await w.Synonyms(s => s.List(new KbSynonymQuery(Cursor: first.NextCursor, Limit: 2)));
        var third = await w.Synonyms(s => s.List(new KbSynonymQuery(Cursor: second.NextCursor, Limit: 2)));
        var spanish = await w.Synonyms(s => s.List(new KbSynonymQuery(Language: "es")));

        Assert.Equal(5, first.Items.Concat(second.Items).Concat(third.Items).Select(g => g.Id).Distinct().Count());
        Assert.True(first.Items[0].Id < first.Items[1].Id && first.Items[1].Id < second.Items[0].Id);
        Assert.Null(third.NextCursor);
        Assert.Equal(3, spanish.Items.Count);
        Assert.All(spanish.Items, g => Assert.Equal("es", g.Language));
        await Assert.ThrowsAsync<ValidationException>(() => w.Synonyms(s => s.List(new KbSynonymQuery(Language: "de"))));
        await Assert.ThrowsAsync<ValidationException>(() => w.Synonyms(s => s.List(new KbSynonymQuery(Cursor: Cursor.Encode("x")))));
        await Assert.ThrowsAsync<ValidationException>(() => w.Synonyms(s => s.List(new KbSynonymQuery(Limit: 201))));
    }
}
