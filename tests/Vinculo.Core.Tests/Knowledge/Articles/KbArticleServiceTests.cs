using Vinculo.Core.Common;
using Vinculo.Core.Knowledge.Articles;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Knowledge;
using static Vinculo.Core.Tests.Knowledge.Articles.KbWorld;

namespace Vinculo.Core.Tests.Knowledge.Articles;

public sealed class KbArticleServiceTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Create_writes_a_draft_with_version_1_its_search_columns_and_rendered_html(string provider)
    {
        await using var w = await KbWorld.Create(provider);
        var category = await w.Category();

        var created = await w.Write(Input(category, externalId: "DEV-1") with { Title = "  Cómo devolver un producto  " });

        Assert.Equal("es", created.Language);
        Assert.Equal("Cómo devolver un producto", created.Title);
        Assert.Equal(KbStatus.Draft, created.Status);
        Assert.Equal(KbVisibility.Internal, created.Visibility);
        Assert.Equal(1, created.Version);
        Assert.Equal(("editor-1", "Marta Editora"), (created.AuthorId, created.AuthorName));
        Assert.Equal(("Facturación", "Billing"), (created.CategoryNameEs, created.CategoryNameEn));
        Assert.Equal("DEV-1", created.ExternalId);
        Assert.Null(created.TranslationGroupId);
        Assert.Null(created.PublishedAt);
        Assert.Contains("<strong>30 días</strong>", created.BodyHtml, StringComparison.Ordinal);
        Assert.Equal([KbAction.Publish, KbAction.Archive], created.Actions);
        Assert.Equal(created with { Actions = [] }, (await w.Articles(s => s.Get(created.Id)))! with { Actions = [] });

        var versions = (await w.Articles(s => s.Versions(created.Id, new KbVersionQuery())))!;
        var v1 = Assert.Single(versions.Items);
        Assert.Equal((1L, KbStatus.Draft, "Marta Editora"), (v1.Number, v1.Status, v1.AuthorName));

        await using var db = w.Db.CreateDbContext();
        var row = db.KbArticles.Single(a => a.Id == created.Id);
        var terms = KbAnalysis.IndexTerms(row.Title, row.Body, "es");
        Assert.Equal((terms.Title, terms.Body, terms.Length), (row.SearchTitle, row.SearchBody, row.SearchLength));
        Assert.Contains("devolv", row.SearchTitle, StringComparison.Ordinal);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Each_rule_of_the_input_names_its_field(string provider)
    {
        await using var w = await KbWorld.Create(provider);
        var category = await w.Category();

        async Task<IDictionary<string, string[]>> Errors(KbArticleInput input) =>
            (await Assert.ThrowsAsync<ValidationException>(() => w.Write(input))).Errors;

        var all = await Errors(new KbArticleInput { Language = "fr", Title = " ", Body = "", CategoryId = 999_999, Visibility = "secret" });
        Assert.Equal(["body", "categoryId", "language", "title", "visibility"], all.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["Use es or en."], all["language"]);
        Assert.Equal(["No category has this id."], all["categoryId"]);

        var missing = await Errors(new KbArticleInput());
        Assert.Equal(["body", "categoryId", "language", "title"], missing.Keys.Order(StringComparer.Ordinal));

        Assert.Equal(["At most 200 characters."], (await Errors(Input(category, title: new string('a', 201))))["title"]);
        Assert.Equal(["At most 100,000 characters."], (await Errors(Input(category, body: new string('a', 100_001))))["body"]);
        Assert.Equal(["At most 200 characters."], (await Errors(Input(category, externalId: new string('x', 201))))["externalId"]);

        // The limits themselves are fine; line breaks are normalized.
        var longest = await w.Write(Input(category, title: new string('a', 200), body: new string('b', 99_999) + "\r\n"));
        Assert.Equal(99_999, longest.Body.Length);
        Assert.Equal("public", (await w.Write(Input(category, visibility: "PUBLIC"))).Visibility.ToString().ToLowerInvariant());
    }

    [Theory, SqliteData, PostgresData]
    public async Task An_external_id_is_unique_per_language(string provider)
    {
        await using var w = await KbWorld.Create(provider);
        var category = await w.Category();
        await w.Write(Input(category, externalId: "Super_Bowl_50/0"));

        var taken = await Assert.ThrowsAsync<ConflictException>(() => w.Write(Input(category, externalId: "Super_Bowl_50/0")));
        Assert.Contains("'Super_Bowl_50/0'", taken.Message, StringComparison.Ordinal);
        Assert.Contains("Spanish", taken.Message, StringComparison.Ordinal);

        // The same id in English is another article; an update onto a taken id is refused too.
        var english = await w.Write(Input(category, "How to return a product", language: "en", externalId: "Super_Bowl_50/0"));
        var other = await w.Write(Input(category, externalId: "otro"));
        await Assert.ThrowsAsync<ConflictException>(() => w.Articles(s => s.Update(other.Id, Input(category, externalId: "Super_Bowl_50/0"), null, Marta)));
        Assert.Equal("Super_Bowl_50/0", english.ExternalId);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Update_needs_the_current_version_and_records_a_version_only_when_the_text_changes(string provider)
    {
        await using var w = await KbWorld.Create(provider);
        var billing = await w.Category();
        var returns = await w.Category("Devoluciones", "Returns");
        var a = await w.Write(Input(billing));

        w.Clock.Advance(TimeSpan.FromHours(1));
        var stale = await Assert.ThrowsAsync<PreconditionFailedException>(() =>
            w.Articles(s => s.Update(a.Id, Input(billing, "Otro título"), 7, Jorge)));
        Assert.Contains("version 1", stale.Message, StringComparison.Ordinal);

        var edited = (await w.Articles(s => s.Update(a.Id, Input(billing, "Devolver un producto paso a paso"), 1, Jorge)))!;
        Assert.Equal((2L, "Devolver un producto paso a paso"), (edited.Version, edited.Title));
        Assert.Equal("Marta Editora", edited.AuthorName);
        Assert.Equal(a.CreatedAt.AddHours(1), edited.UpdatedAt);

        // Moving it to another category changes the version, not the history of its text.
        var moved = (await w.Articles(s => s.Update(a.Id, Input(returns, "Devolver un producto paso a paso", visibility: "public"), 2, Jorge)))!;
        Assert.Equal((3L, returns, KbVisibility.Public), (moved.Version, moved.CategoryId, moved.Visibility));
        var versions = (await w.Articles(s => s.Versions(a.Id, new KbVersionQuery())))!.Items;
        Assert.Equal([2L, 1L], versions.Select(v => v.Number));
        Assert.Equal("Jorge Revisor", versions[0].AuthorName);
        Assert.Equal(a.CreatedAt.AddHours(1), versions[0].CreatedAt);

        // The language stays; unknown articles are null.
        var language = await Assert.ThrowsAsync<ValidationException>(() => w.Articles(s => s.Update(a.Id, Input(returns, language: "en"), null, Jorge)));
        Assert.Contains("language", language.Errors.Keys);
        Assert.Null(await w.Articles(s => s.Update(999_999, Input(returns), null, Jorge)));
        Assert.Null(await w.Articles(s => s.Get(999_999)));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Publish_unpublish_and_archive_follow_the_workflow_and_each_is_a_version(string provider)
    {
        await using var w = await KbWorld.Create(provider);
        var category = await w.Category();
        var a = await w.Write(Input(category));

        w.Clock.Advance(TimeSpan.FromMinutes(5));
        var published = (await w.Articles(s => s.Transition(a.Id, KbAction.Publish, 1, Jorge)))!;
        Assert.Equal((KbStatus.Published, 2L), (published.Status, published.Version));
        Assert.Equal(a.CreatedAt.AddMinutes(5), published.PublishedAt);
        Assert.Equal([KbAction.Unpublish, KbAction.Archive], published.Actions);

        var twice = await Assert.ThrowsAsync<KbTransitionConflictException>(() => w.Articles(s => s.Transition(a.Id, KbAction.Publish, null, Jorge)));
        Assert.Equal([KbAction.Unpublish, KbAction.Archive], twice.Allowed);
        Assert.Contains("Allowed: unpublish, archive", twice.Message, StringComparison.Ordinal);

        await Assert.ThrowsAsync<PreconditionFailedException>(() => w.Articles(s => s.Transition(a.Id, KbAction.Archive, 1, Jorge)));
        var archived = (await w.Articles(s => s.Transition(a.Id, KbAction.Archive, 2, Jorge)))!;
        Assert.Equal(KbStatus.Archived, archived.Status);
        var blocked = await Assert.ThrowsAsync<KbTransitionConflictException>(() => w.Articles(s => s.Transition(a.Id, KbAction.Publish, null, Jorge)));
        Assert.Equal([KbAction.Unpublish], blocked.Allowed);
        var draft = (await w.Articles(s => s.Transition(a.Id, KbAction.Unpublish, null, Jorge)))!;
        Assert.Equal((KbStatus.Draft, 4L), (draft.Status, draft.Version));

        var versions = (await w.Articles(s => s.Versions(a.Id, new KbVersionQuery())))!.Items;
        Assert.Equal([(4L, KbStatus.Draft), (3L, KbStatus.Archived), (2L, KbStatus.Published), (1L, KbStatus.Draft)],
            versions.Select(v => (v.Number, v.Status)));
        Assert.Null(await w.Articles(s => s.Transition(999_999, KbAction.Publish, null, Jorge)));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Versions_page_and_a_restore_is_a_new_version(string provider)
    {
        await using var w = await KbWorld.Create(provider);
        var category = await w.Category();
        var a = await w.Write(Input(category, "Título 1", "Cuerpo 1"));
        for (var i = 2; i <= 5; i++)
        {
            var n = i;
            await w.Articles(s => s.Update(a.Id, Input(category, $"Título {n}", $"Cuerpo **{n}**"), n - 1, Jorge));
        }

        var first = (await w.Articles(s => s.Versions(a.Id, new KbVersionQuery(Limit: 2))))!;
        Assert.Equal([5L, 4L], first.Items.Select(v => v.Number));
        var second = (await w.Articles(s => s.Versions(a.Id, new KbVersionQuery(first.NextCursor, 2))))!;
        Assert.Equal([3L, 2L], second.Items.Select(v => v.Number));
        var last = (await w.Articles(s => s.Versions(a.Id, new KbVersionQuery(second.NextCursor, 2))))!;
        Assert.Equal([1L], last.Items.Select(v => v.Number));
        Assert.Null(last.NextCursor);

        var v3 = (await w.Articles(s => s.Version(a.Id, 3)))!;
        Assert.Equal(("Título 3", "Cuerpo **3**"), (v3.Title, v3.Body));
        Assert.Contains("<strong>3</strong>", v3.BodyHtml, StringComparison.Ordinal);
        Assert.Null(await w.Articles(s => s.Version(a.Id, 99)));

        await Assert.ThrowsAsync<PreconditionFailedException>(() => w.Articles(s => s.Restore(a.Id, 3, 4, Marta)));
        var restored = (await w.Articles(s => s.Restore(a.Id, 3, 5, Marta)))!;
        Assert.Equal((6L, "Título 3", "Cuerpo **3**"), (restored.Version, restored.Title, restored.Body));
        var v6 = (await w.Articles(s => s.Version(a.Id, 6)))!;
        Assert.Equal(("Título 3", "Marta Editora"), (v6.Title, v6.AuthorName));
        Assert.Null(await w.Articles(s => s.Restore(a.Id, 42, null, Marta)));
        Assert.Null(await w.Articles(s => s.Versions(999_999, new KbVersionQuery())));
        await Assert.ThrowsAsync<ValidationException>(() => w.Articles(s => s.Versions(a.Id, new KbVersionQuery("???", null))));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Translations_share_the_first_articles_group_one_per_language(string provider)
    {
        await using var w = await KbWorld.Create(provider);
        var category = await w.Category();
        var es = await w.Write(Input(category, visibility: "public"));

        var en = (await w.Articles(s => s.CreateTranslation(es.Id, new KbArticleInput
        {
            Title = "How to return a product", Body = "You have **30 days**.",
        }, Jorge)))!;
        Assert.Equal(("en", es.Id, category, KbVisibility.Public, KbStatus.Draft), (en.Language, en.TranslationGroupId, en.CategoryId, en.Visibility, en.Status));
        Assert.Equal("Jorge Revisor", en.AuthorName);
        Assert.Equal(es.Id, (await w.Articles(s => s.Get(es.Id)))!.TranslationGroupId);
        Assert.Equal(1, (await w.Articles(s => s.Get(es.Id)))!.Version);

        Assert.Equal([en.Id], (await w.Articles(s => s.Translations(es.Id)))!.Select(t => t.Id));
        Assert.Equal([(es.Id, "es")], (await w.Articles(s => s.Translations(en.Id)))!.Select(t => (t.Id, t.Language)));

        // One article per language per group, from either side; the same language is no translation.
        var again = await Assert.ThrowsAsync<ConflictException>(() =>
            w.Articles(s => s.CreateTranslation(es.Id, new KbArticleInput { Title = "Again", Body = "x" }, Jorge)));
        Assert.Contains("English", again.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ConflictException>(() =>
            w.Articles(s => s.CreateTranslation(en.Id, new KbArticleInput { Title = "Otra vez", Body = "x" }, Jorge)));
        var same = await Assert.ThrowsAsync<ValidationException>(() =>
            w.Articles(s => s.CreateTranslation(es.Id, new KbArticleInput { Language = "es", Title = "x", Body = "x" }, Jorge)));
        Assert.Contains("language", same.Errors.Keys);
        Assert.Null(await w.Articles(s => s.CreateTranslation(999_999, new KbArticleInput { Title = "x", Body = "x" }, Jorge)));

        var alone = await w.Write(Input(category, "Sin traducir"));
        Assert.Empty((await w.Articles(s => s.Translations(alone.Id)))!);
        Assert.Null(await w.Articles(s => s.Translations(999_999)));
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_list_filters_and_pages_newest_first(string provider)
    {
        await using var w = await KbWorld.Create(provider);
        var billing = await w.Category();
        var returns = await w.Category("Devoluciones", "Returns");
        var refunds = await w.Category("Reembolsos", "Refunds", parent: returns);
        var ids = new List<long>();
        foreach (var (title, category, language) in new[]
        {
            ("Factura duplicada", billing, "es"), ("Devolver un ROUTER", returns, "es"), ("Reembolso a la tarjeta", refunds, "es"),
            ("Router returns", returns, "en"), ("Duplicate invoice", billing, "en"),
        })
        {
            w.Clock.Advance(TimeSpan.FromMinutes(1));
            ids.Add((await w.Write(Input(category, title, language: language))).Id);
        }

        await w.Articles(s => s.Transition(ids[1], KbAction.Publish, null, Marta));
        await w.Articles(s => s.Update(ids[4], Input(billing, "Duplicate invoice", language: "en", visibility: "public"), null, Marta));

        async Task<List<long>> Find(KbArticleQuery q) => (await w.Articles(s => s.List(q))).Items.Select(a => a.Id).ToList();

        Assert.Equal([ids[4], ids[1], ids[3], ids[2], ids[0]], await Find(new KbArticleQuery()));
        Assert.Equal([ids[1], ids[2], ids[0]], await Find(new KbArticleQuery(Language: "es")));
        Assert.Equal([ids[1]], await Find(new KbArticleQuery(Status: "published")));
        Assert.Equal([ids[4]], await Find(new KbArticleQuery(Visibility: "public")));
        Assert.Equal([ids[1], ids[3], ids[2]], await Find(new KbArticleQuery(CategoryId: returns)));
        Assert.Equal([ids[2]], await Find(new KbArticleQuery(CategoryId: refunds)));
        Assert.Equal([ids[1], ids[3]], await Find(new KbArticleQuery(Title: "router")));
        Assert.Equal([ids[0]], await Find(new KbArticleQuery(Title: "FACTURA", Language: "es", Status: "draft")));

        var page1 = await w.Articles(s => s.List(new KbArticleQuery(Limit: 2)));
        var page2 = await w.Articles(s => s.List(new KbArticleQuery(Cursor: page1.NextCursor, Limit: 2)));
        var page3 = await w.Articles(s => s.List(new KbArticleQuery(Cursor: page2.NextCursor, Limit: 2)));
        Assert.Equal(await Find(new KbArticleQuery()), page1.Items.Concat(page2.Items).Concat(page3.Items).Select(a => a.Id));
        Assert.Null(page3.NextCursor);
        Assert.Equal("Reembolsos", page2.Items.Single(a => a.Id == ids[2]).CategoryNameEs);

        var bad = await Assert.ThrowsAsync<ValidationException>(() =>
            w.Articles(s => s.List(new KbArticleQuery(Language: "de", Status: "gone", Visibility: "x", Cursor: "eHg", Limit: 500))));
        Assert.Equal(["cursor", "language", "limit", "status", "visibility"], bad.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Delete_needs_the_current_version_and_takes_versions_feedback_and_usage_with_it(string provider)
    {
        await using var w = await KbWorld.Create(provider);
        var category = await w.Category();
        var a = await w.Write(Input(category));
        await w.Feedback(s => s.Feedback(a.Id, new KbFeedbackInput { Helpful = true }, Marta));

        await Assert.ThrowsAsync<PreconditionFailedException>(() => w.Articles(s => s.Delete(a.Id, 3)));
        Assert.True(await w.Articles(s => s.Delete(a.Id, 1)));
        Assert.False(await w.Articles(s => s.Delete(a.Id, null)));
        Assert.Equal(0, await w.Scalar($"SELECT count(*) FROM kb_article_versions WHERE article_id = {a.Id}"));
        Assert.Equal(0, await w.Scalar($"SELECT count(*) FROM kb_feedback WHERE article_id = {a.Id}"));
    }
}
