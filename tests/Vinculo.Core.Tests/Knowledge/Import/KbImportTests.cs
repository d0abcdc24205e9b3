using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Common;
using Vinculo.Core.Knowledge.Import;
using Vinculo.Core.Knowledge.Search;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Knowledge;

namespace Vinculo.Core.Tests.Knowledge.Import;

public sealed class KbImportTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 9, 30, 0, DateTimeKind.Utc);

    private static async Task<List<KbImportArticle>> SquadMini()
    {
        await using var file = File.OpenRead(KbImportFixtures.SquadMini);
        return (await SquadReader.Read(file, default)).Articles().ToList();
    }

    private static Task<KbImportResult> Import(TestDatabase db, IEnumerable<KbImportArticle> articles, KbVisibility visibility = KbVisibility.Internal,
        DateTime? now = null) =>
        KbImport.Run(db.Settings, articles, new KbImportOptions { Language = "en", Visibility = visibility, Now = now ?? Now }, default);

    private static async Task<List<string?>> Search(TestDatabase db, string query)
    {
        await using var services = new TestServices(db.Settings);
        await using var scope = services.Scope();
        var result = await scope.ServiceProvider.GetRequiredService<KbSearchService>().SearchAsync(new KbSearchRequest(query, "en"), default);
        return result.Hits.Select(h => h.ExternalId).ToList();
    }

    private static async Task<long> Scalar(TestDatabase db, string sql)
    {
        await using var context = db.CreateDbContext();
        var connection = context.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>Published articles the index holds: FTS5 rows on SQLite, kb_stats on PostgreSQL.</summary>
    private static Task<long> Indexed(TestDatabase db) => db.Settings.IsSqlite
        ? Fts(db)
        : Scalar(db, "SELECT COALESCE((SELECT doc_count FROM kb_stats WHERE language = 'en'), 0)");

    /// <summary>FTS5 keeps the number of indexed rows in the first varint of its 'averages' record (id 1 of the data table).</summary>
    private static async Task<long> Fts(TestDatabase db)
    {
        await using var context = db.CreateDbContext();
        var connection = context.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT block FROM kb_fts_en_data WHERE id = 1";
        if (await command.ExecuteScalarAsync() is not byte[] block)
        {
            return 0;
        }

        long value = 0;
        foreach (var b in block)
        {
            value = (value << 7) | (uint)(b & 0x7f);
            if ((b & 0x80) == 0)
            {
                break;
            }
        }

        return value;
    }

    [Theory, SqliteData, PostgresData]
    public async Task Import_writes_published_articles_with_a_first_version_and_their_search_terms(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        var source = await SquadMini();

        var result = await Import(db, source);

        Assert.Equal((3L, 3L, 0L, 0L, 0L), (result.Read, result.Created, result.Updated, result.Reindexed, result.Unchanged));
        await using var context = db.CreateDbContext();
        var articles = await context.KbArticles.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(source.Select(a => a.ExternalId), articles.Select(a => a.ExternalId));
        var fresno = articles[2];
        Assert.Equal(("en", "Fresno, California", KbStatus.Published, KbVisibility.Internal, 1L), (fresno.Language, fresno.Title, fresno.Status, fresno.Visibility, fresno.Version));
        Assert.Equal(source[2].Body, fresno.Body);
        Assert.Equal((Now, Now, Now), (fresno.CreatedAt, fresno.UpdatedAt, fresno.PublishedAt!.Value));
        var terms = KbAnalysis.IndexTerms(fresno.Title, fresno.Body, "en");
        Assert.Equal((terms.Title, terms.Body, terms.Length), (fresno.SearchTitle, fresno.SearchBody, fresno.SearchLength));

        var versions = await context.KbArticleVersions.AsNoTracking().OrderBy(v => v.ArticleId).ToListAsync();
        Assert.Equal(articles.Select(a => (a.Id, 1L, a.Title, a.Body, KbStatus.Published)), versions.Select(v => (v.ArticleId, v.Number, v.Title, v.Body, v.Status)));

        Assert.Equal(3, await Indexed(db));
        Assert.Equal("Lighthouse_keeping/0", (await Search(db, "who winds the clockwork of the lens"))[0]);
        Assert.Equal("Fresno,_California/0", (await Search(db, "raisins and almonds"))[0]);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Reimporting_updates_the_same_articles_and_never_duplicates_one(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        var source = await SquadMini();
        await Import(db, source);

        // The same file again: nothing to do.
        var again = await Import(db, source, now: Now.AddHours(1));
        Assert.Equal((3L, 0L, 0L, 0L, 3L), (again.Read, again.Created, again.Updated, again.Reindexed, again.Unchanged));

        // One paragraph rewritten, one added.
        var changed = source.ToList();
        changed[1] = changed[1] with { Body = "Automation replaced the keepers. Wind turbines now power the beacons." };
        changed.Add(new KbImportArticle("Lighthouse_keeping/2", "Lighthouse keeping", "Fog signals used horns driven by compressed air."));
        var later = Now.AddDays(1);
        var update = await Import(db, changed, now: later);
        Assert.Equal((4L, 1L, 1L, 0L, 2L), (update.Read, update.Created, update.Updated, update.Reindexed, update.Unchanged));

        await using (var context = db.CreateDbContext())
        {
            Assert.Equal(4, await context.KbArticles.CountAsync());
            var rewritten = await context.KbArticles.AsNoTracking().SingleAsync(a => a.ExternalId == "Lighthouse_keeping/1");
            Assert.Equal((2L, later, Now), (rewritten.Version, rewritten.UpdatedAt, rewritten.PublishedAt!.Value));
            Assert.Equal(KbAnalysis.IndexTerms(rewritten.Title, rewritten.Body, "en").Body, rewritten.SearchBody);
            var history = await context.KbArticleVersions.AsNoTracking().Where(v => v.ArticleId == rewritten.Id).OrderBy(v => v.Number).ToListAsync();
            Assert.Equal([1L, 2L], history.Select(v => v.Number));
            Assert.Equal(changed[1].Body, history[1].Body);
        }

        Assert.Equal(4, await Indexed(db));
        Assert.Equal("Lighthouse_keeping/1", (await Search(db, "wind turbines"))[0]);
        Assert.DoesNotContain("Lighthouse_keeping/1", await Search(db, "solar panels batteries"));

        // Visibility alone: a new version number, no new version row (as the article service does).
        var visible = await Import(db, changed, KbVisibility.Public, later.AddDays(1));
        Assert.Equal((0L, 4L, 0L), (visible.Created, visible.Updated, visible.Unchanged));
        await using (var context = db.CreateDbContext())
        {
            Assert.All(await context.KbArticles.AsNoTracking().ToListAsync(), a => Assert.Equal(KbVisibility.Public, a.Visibility));
            Assert.Equal(3L, (await context.KbArticles.AsNoTracking().SingleAsync(a => a.ExternalId == "Lighthouse_keeping/1")).Version);
            Assert.Equal(5, await context.KbArticleVersions.CountAsync());
        }

        Assert.Equal(4, await Indexed(db));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Stale_search_terms_are_rewritten_without_a_new_version(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        var source = await SquadMini();
        await Import(db, source);
        await Scalar(db, "UPDATE kb_articles SET search_body = 'stale' WHERE external_id = 'Fresno,_California/0'");
        Assert.Empty(await Search(db, "raisins"));

        var result = await Import(db, source);

        Assert.Equal((0L, 0L, 1L, 2L), (result.Created, result.Updated, result.Reindexed, result.Unchanged));
        await using var context = db.CreateDbContext();
        var fresno = await context.KbArticles.AsNoTracking().SingleAsync(a => a.ExternalId == "Fresno,_California/0");
        Assert.Equal(1L, fresno.Version);
        Assert.Equal(["Fresno,_California/0"], await Search(db, "raisins"));
    }

    /// <summary>Articles 1..n with external ids "a/1".., the one at <paramref name="failAt"/> failing as <paramref name="failure"/> says.</summary>
    private static IEnumerable<KbImportArticle> Generated(int n, int failAt, string failure)
    {
        for (var i = 1; i <= n; i++)
        {
            if (i == failAt)
            {
                switch (failure)
                {
                    case "duplicate":
                        yield return new KbImportArticle("a/1", "Again", "The first article's id again.");
                        continue;
                    case "empty":
                        yield return new KbImportArticle($"a/{i}", " ", "No title.");
                        continue;
                    default:
                        throw new IOException("The source broke.");
                }
            }

            yield return new KbImportArticle($"a/{i}", $"Article {i}", $"Body number {i} about refunds, deliveries and warranty claims.");
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_failure_after_batches_were_written_leaves_nothing_behind(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        var failAt = KbImport.BatchSize * 2 + 7;

        var duplicate = await Assert.ThrowsAsync<ValidationException>(() => Import(db, Generated(failAt + 10, failAt, "duplicate")));
        Assert.Equal($"article {failAt}: the external id \"a/1\" is used twice in the source.", Assert.Single(duplicate.Errors["file"]));
        var empty = await Assert.ThrowsAsync<ValidationException>(() => Import(db, Generated(failAt + 10, failAt, "empty")));
        Assert.Equal($"article {failAt} (\"a/{failAt}\") has no title.", Assert.Single(empty.Errors["file"]));
        await Assert.ThrowsAsync<IOException>(() => Import(db, Generated(failAt + 10, failAt, "io")));

        await using var context = db.CreateDbContext();
        Assert.Equal(0, await context.KbArticles.CountAsync());
        Assert.Equal(0, await context.KbArticleVersions.CountAsync());
        Assert.Equal(0, await Indexed(db));

        // And the same articles without the failure go in whole.
        var ok = await Import(db, Generated(failAt + 10, -1, ""));
        Assert.Equal(failAt + 10, ok.Created);
        Assert.Equal(failAt + 10, await Indexed(db));
    }

    [Fact]
    public async Task The_language_must_be_spanish_or_english()
    {
        var settings = DatabaseSettings.Parse("Data Source=/nonexistent/never-opened.db");
        var e = await Assert.ThrowsAsync<ValidationException>(() =>
            KbImport.Run(settings, [], new KbImportOptions { Language = "fr" }, default));
        Assert.Equal("Unknown language \"fr\": use es or en.", Assert.Single(e.Errors["language"]));
    }
}
