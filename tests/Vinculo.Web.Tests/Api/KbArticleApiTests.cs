using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vinculo.Core.Auth;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Web.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class KbArticleApiTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    private const string Articles = "/api/v1/kb/articles";
    private const string Categories = "/api/v1/kb/categories";

    internal static object NewArticle(long categoryId, string? externalId = null, string language = "es", string title = "Cómo devolver un producto") => new
    {
        language,
        title,
        body = "Tiene **30 días**.\n\n<script>alert(1)</script>\n\n[pulse aquí](javascript:alert(1)) o [ayuda](https://example.com)",
        categoryId,
        externalId,
        visibility = "internal",
    };

    internal static async Task<long> CreateCategory(VinculoApp app, string es = "Devoluciones", string en = "Returns")
    {
        var client = await app.Client(Roles.Supervisor);
        var response = await client.PostAsJsonAsync(Categories, new { nameEs = es, nameEn = en });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json(response)).GetProperty("id").GetInt64();
    }

    internal static async Task<long> CreateArticle(VinculoApp app, long categoryId, string? externalId = null)
    {
        var client = await app.Client(Roles.Supervisor);
        var response = await client.PostAsJsonAsync(Articles, NewArticle(categoryId, externalId));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json(response)).GetProperty("id").GetInt64();
    }

    private static HttpRequestMessage WithIfMatch(HttpMethod method, string url, string etag, object? body = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return request;
    }

    [Theory, SqliteData, PostgresData]
    public async Task Write_read_edit_publish_and_keep_versions(string provider)
    {
        var app = await App(provider);
        var editor = await app.Client(Roles.Supervisor);
        var analyst = await app.Client(Roles.Analyst);
        var category = await CreateCategory(app);
        var externalId = $"DEV-{Guid.NewGuid():N}";

        var created = await editor.PostAsJsonAsync(Articles, NewArticle(category, externalId));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await Json(created);
        var id = body.GetProperty("id").GetInt64();
        Assert.Equal($"{Articles}/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        Assert.Equal("draft", body.GetProperty("status").GetString());
        Assert.Equal("internal", body.GetProperty("visibility").GetString());
        Assert.Equal(["publish", "archive"], body.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
        var html = body.GetProperty("bodyHtml").GetString()!;
        Assert.Contains("<strong>30 días</strong>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", html, StringComparison.Ordinal);
        Assert.Contains("""<a href="https://example.com" rel="noopener noreferrer nofollow">ayuda</a>""", html, StringComparison.Ordinal);

        // Every role reads, with the ETag.
        var read = await analyst.GetAsync($"{Articles}/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("\"1\"", read.Headers.ETag!.Tag);
        Assert.Equal("Devoluciones", (await Json(read)).GetProperty("categoryNameEs").GetString());
        var listed = await Json(await analyst.GetAsync($"{Articles}?categoryId={category}&status=draft&language=es&title=DEVOLVER"));
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetInt64() == id);

        // A stale If-Match is a 412; the current one saves version 2.
        var edit = new { language = "es", title = "Devolver un producto paso a paso", body = "Nuevo **texto**.", categoryId = category, externalId };
        await AssertProblem(await editor.SendAsync(WithIfMatch(HttpMethod.Put, $"{Articles}/{id}", "\"7\"", edit)), HttpStatusCode.PreconditionFailed);
        var put = await editor.SendAsync(WithIfMatch(HttpMethod.Put, $"{Articles}/{id}", "\"1\"", edit));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("\"2\"", put.Headers.ETag!.Tag);

        // Publish (If-Match optional); publishing twice is a 409 naming what is allowed.
        var published = await editor.SendAsync(WithIfMatch(HttpMethod.Post, $"{Articles}/{id}/publish", "\"2\""));
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal("published", (await Json(published)).GetProperty("status").GetString());
        var again = await AssertProblem(await editor.PostAsync($"{Articles}/{id}/publish", null), HttpStatusCode.Conflict);
        Assert.Equal(["unpublish", "archive"], again.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains("unpublish, archive", again.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertProblem(await editor.SendAsync(WithIfMatch(HttpMethod.Post, $"{Articles}/{id}/archive", "\"2\"")), HttpStatusCode.PreconditionFailed);
        Assert.Equal("archived", (await Json(await editor.PostAsync($"{Articles}/{id}/archive", null))).GetProperty("status").GetString());
        Assert.Equal("draft", (await Json(await editor.PostAsync($"{Articles}/{id}/unpublish", null))).GetProperty("status").GetString());

        // Versions: 5 archived → draft, 4 archived, 3 published, 2 the edit, 1 the first text.
        var versions = await Json(await analyst.GetAsync($"{Articles}/{id}/versions?limit=2"));
        Assert.Equal([5L, 4L], versions.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("number").GetInt64()));
        var next = versions.GetProperty("nextCursor").GetString();
        var older = await Json(await analyst.GetAsync($"{Articles}/{id}/versions?cursor={next}&limit=10"));
        Assert.Equal([3L, 2L, 1L], older.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("number").GetInt64()));
        var v1 = await Json(await analyst.GetAsync($"{Articles}/{id}/versions/1"));
        Assert.Equal("Cómo devolver un producto", v1.GetProperty("title").GetString());
        Assert.Contains("<strong>30 días</strong>", v1.GetProperty("bodyHtml").GetString(), StringComparison.Ordinal);

        var restored = await editor.SendAsync(WithIfMatch(HttpMethod.Post, $"{Articles}/{id}/versions/1/restore", "\"5\""));
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal("\"6\"", restored.Headers.ETag!.Tag);
        Assert.Equal("Cómo devolver un producto", (await Json(restored)).GetProperty("title").GetString());

        var deleted = await editor.SendAsync(WithIfMatch(HttpMethod.Delete, $"{Articles}/{id}", "\"6\""));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync($"{Articles}/{id}")).StatusCode);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Translations_feedback_usage_and_views(string provider)
    {
        var app = await App(provider);
        var editor = await app.Client(Roles.Supervisor);
        var agent = await app.Client(Roles.Agent);
        var analyst = await app.Client(Roles.Analyst);
        var category = await CreateCategory(app);
        var id = await CreateArticle(app, category);

        var translation = await editor.PostAsJsonAsync($"{Articles}/{id}/translations", new { title = "How to return a product", body = "You have **30 days**." });
        Assert.Equal(HttpStatusCode.Created, translation.StatusCode);
        var en = await Json(translation);
        Assert.Equal("en", en.GetProperty("language").GetString());
        Assert.Equal(id, en.GetProperty("translationGroupId").GetInt64());
        Assert.Equal(category, en.GetProperty("categoryId").GetInt64());
        var enId = en.GetProperty("id").GetInt64();
        var links = await Json(await analyst.GetAsync($"{Articles}/{id}/translations"));
        Assert.Equal([enId], links.EnumerateArray().Select(t => t.GetProperty("id").GetInt64()));
        Assert.Equal(id, (await Json(await analyst.GetAsync($"{Articles}/{enId}/translations")))[0].GetProperty("id").GetInt64());
        var twice = await AssertProblem(await editor.PostAsJsonAsync($"{Articles}/{id}/translations", new { title = "Again", body = "x" }), HttpStatusCode.Conflict);
        Assert.Contains("English", twice.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // An agent says it helped, with a comment; another says it did not; the counters follow.
        var yes = await agent.PostAsJsonAsync($"{Articles}/{id}/feedback", new { helpful = true, comment = "Muy claro" });
        Assert.Equal(HttpStatusCode.Created, yes.StatusCode);
        Assert.Equal("Muy claro", (await Json(yes)).GetProperty("comment").GetString());
        Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync($"{Articles}/{id}/feedback", new { helpful = false })).StatusCode);
        var feedback = await Json(await analyst.GetAsync($"{Articles}/{id}/feedback"));
        Assert.Equal([false, true], feedback.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("helpful").GetBoolean()));
        Assert.Equal("agent", feedback.GetProperty("items")[1].GetProperty("userName").GetString());

        var customer = await CreateCustomer(await app.Client(Roles.Admin));
        var usage = await agent.PostAsJsonAsync($"{Articles}/{id}/usages", new { customerId = customer });
        Assert.Equal(HttpStatusCode.Created, usage.StatusCode);
        Assert.Equal(customer, (await Json(usage)).GetProperty("customerId").GetInt64());
        var counters = await Json(await agent.PostAsync($"{Articles}/{id}/views", null));
        Assert.Equal(1, counters.GetProperty("viewCount").GetInt64());

        var article = await Json(await analyst.GetAsync($"{Articles}/{id}"));
        Assert.Equal((1, 1, 1L, 1L, 1L), (article.GetProperty("helpfulYes").GetInt32(), article.GetProperty("helpfulNo").GetInt32(),
            article.GetProperty("useCount").GetInt64(), article.GetProperty("viewCount").GetInt64(), article.GetProperty("version").GetInt64()));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Categories_are_written_read_and_deleted_only_when_unused(string provider)
    {
        var app = await App(provider);
        var editor = await app.Client(Roles.Supervisor);
        var analyst = await app.Client(Roles.Analyst);

        var created = await editor.PostAsJsonAsync(Categories, new { nameEs = "Averías", nameEn = "Faults", position = 2 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        var id = (await Json(created)).GetProperty("id").GetInt64();
        var child = await editor.PostAsJsonAsync(Categories, new { nameEs = "Router", nameEn = "Router", parentId = id });
        var childId = (await Json(child)).GetProperty("id").GetInt64();

        var read = await analyst.GetAsync($"{Categories}/{id}");
        Assert.Equal("\"1\"", read.Headers.ETag!.Tag);
        Assert.Equal(1, (await Json(read)).GetProperty("childCount").GetInt32());
        var list = await Json(await analyst.GetAsync($"{Categories}?language=en&limit=200"));
        Assert.Contains(list.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetInt64() == id);

        await AssertProblem(await editor.SendAsync(WithIfMatch(HttpMethod.Put, $"{Categories}/{id}", "\"9\"", new { nameEs = "Incidencias", nameEn = "Incidents" })),
            HttpStatusCode.PreconditionFailed);
        var put = await editor.SendAsync(WithIfMatch(HttpMethod.Put, $"{Categories}/{id}", "\"1\"", new { nameEs = "Incidencias", nameEn = "Incidents" }));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("\"2\"", put.Headers.ETag!.Tag);

        var article = await CreateArticle(app, childId);
        var withChildren = await AssertProblem(await editor.DeleteAsync($"{Categories}/{id}"), HttpStatusCode.Conflict);
        Assert.Contains("subcategories", withChildren.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var used = await AssertProblem(await editor.DeleteAsync($"{Categories}/{childId}"), HttpStatusCode.Conflict);
        Assert.Contains("article", used.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await editor.DeleteAsync($"{Articles}/{article}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await editor.DeleteAsync($"{Categories}/{childId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await editor.DeleteAsync($"{Categories}/{id}")).StatusCode);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Bad_input_is_400_naming_the_field_and_a_taken_external_id_409(string provider)
    {
        var app = await App(provider);
        var editor = await app.Client(Roles.Admin);
        var category = await CreateCategory(app);
        var id = await CreateArticle(app, category);

        async Task<JsonElement> Errors(HttpResponseMessage response) => (await AssertProblem(response, HttpStatusCode.BadRequest)).GetProperty("errors");

        var article = await Errors(await editor.PostAsJsonAsync(Articles, new
        {
            language = "fr", title = new string('t', 201), body = new string('b', 100_001), categoryId = 987_654_321, visibility = "secret",
            externalId = new string('x', 201),
        }));
        foreach (var field in new[] { "language", "title", "body", "categoryId", "visibility", "externalId" })
        {
            Assert.True(article.TryGetProperty(field, out _), $"no error for {field}: {article}");
        }

        var empty = await Errors(await editor.PostAsJsonAsync(Articles, new { }));
        foreach (var field in new[] { "language", "title", "body", "categoryId" })
        {
            Assert.True(empty.TryGetProperty(field, out _), $"no error for {field}: {empty}");
        }

        Assert.True((await Errors(await editor.PutAsJsonAsync($"{Articles}/{id}", NewArticle(category, language: "en")))).TryGetProperty("language", out _));
        Assert.True((await Errors(await editor.PostAsJsonAsync($"{Articles}/{id}/translations", new { language = "es", title = "x", body = "x" })))
            .TryGetProperty("language", out _));
        Assert.True((await Errors(await editor.PostAsJsonAsync($"{Articles}/{id}/feedback", new { comment = new string('c', 1001) })))
            .TryGetProperty("comment", out _));
        Assert.True((await Errors(await editor.PostAsJsonAsync($"{Articles}/{id}/feedback", new { }))).TryGetProperty("helpful", out _));
        Assert.True((await Errors(await editor.PostAsJsonAsync($"{Articles}/{id}/usages", new { }))).TryGetProperty("caseId", out _));
        Assert.True((await Errors(await editor.PostAsJsonAsync($"{Articles}/{id}/usages", new { caseId = 987_654_321 }))).TryGetProperty("caseId", out _));
        Assert.True((await Errors(await editor.PostAsJsonAsync($"{Articles}/{id}/usages", new { customerId = 987_654_321 }))).TryGetProperty("customerId", out _));
        var categoryErrors = await Errors(await editor.PostAsJsonAsync(Categories, new { nameEs = "", parentId = 987_654_321, position = -1 }));
        foreach (var field in new[] { "nameEs", "nameEn", "parentId", "position" })
        {
            Assert.True(categoryErrors.TryGetProperty(field, out _), $"no error for {field}: {categoryErrors}");
        }

        var query = await Errors(await editor.GetAsync($"{Articles}?limit=0&language=de&status=gone&visibility=x"));
        foreach (var field in new[] { "limit", "language", "status", "visibility" })
        {
            Assert.True(query.TryGetProperty(field, out _), $"no error for {field}: {query}");
        }

        Assert.True((await Errors(await editor.GetAsync($"{Articles}/{id}/versions?cursor=***"))).TryGetProperty("cursor", out _));
        Assert.True((await Errors(await editor.GetAsync($"{Categories}?limit=201"))).TryGetProperty("limit", out _));

        var externalId = $"EXT-{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync(Articles, NewArticle(category, externalId))).StatusCode);
        var taken = await AssertProblem(await editor.PostAsJsonAsync(Articles, NewArticle(category, externalId)), HttpStatusCode.Conflict);
        Assert.Contains(externalId, taken.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync(Articles, NewArticle(category, externalId, "en", "How to"))).StatusCode);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Unknown_articles_versions_and_categories_are_404(string provider)
    {
        var app = await App(provider);
        var editor = await app.Client(Roles.Admin);
        var category = await CreateCategory(app);
        var id = await CreateArticle(app, category);
        const long missing = 987_654_321;
        var article = NewArticle(category);

        foreach (var response in new[]
        {
            await editor.GetAsync($"{Articles}/{missing}"),
            await editor.PutAsJsonAsync($"{Articles}/{missing}", article),
            await editor.DeleteAsync($"{Articles}/{missing}"),
            await editor.PostAsync($"{Articles}/{missing}/publish", null),
            await editor.PostAsync($"{Articles}/{missing}/unpublish", null),
            await editor.PostAsync($"{Articles}/{missing}/archive", null),
            await editor.GetAsync($"{Articles}/{missing}/versions"),
            await editor.GetAsync($"{Articles}/{id}/versions/99"),
            await editor.PostAsync($"{Articles}/{id}/versions/99/restore", null),
            await editor.PostAsync($"{Articles}/{missing}/versions/1/restore", null),
            await editor.GetAsync($"{Articles}/{missing}/translations"),
            await editor.PostAsJsonAsync($"{Articles}/{missing}/translations", new { title = "x", body = "x" }),
            await editor.GetAsync($"{Articles}/{missing}/feedback"),
            await editor.PostAsJsonAsync($"{Articles}/{missing}/feedback", new { helpful = true }),
            await editor.PostAsJsonAsync($"{Articles}/{missing}/usages", new { customerId = await CreateCustomer(editor) }),
            await editor.PostAsync($"{Articles}/{missing}/views", null),
            await editor.GetAsync($"{Categories}/{missing}"),
            await editor.PutAsJsonAsync($"{Categories}/{missing}", new { nameEs = "a", nameEn = "a" }),
            await editor.DeleteAsync($"{Categories}/{missing}"),
        })
        {
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri} gave {response.StatusCode}");
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task Agents_and_analysts_cannot_edit_and_analysts_cannot_give_feedback(string provider)
    {
        var app = await App(provider);
        var category = await CreateCategory(app);
        var id = await CreateArticle(app, category);
        var customer = await CreateCustomer(await app.Client(Roles.Admin));

        foreach (var role in new[] { Roles.Agent, Roles.Analyst })
        {
            var client = await app.Client(role);
            foreach (var response in new[]
            {
                await client.PostAsJsonAsync(Articles, NewArticle(category)),
                await client.PutAsJsonAsync($"{Articles}/{id}", NewArticle(category)),
                await client.DeleteAsync($"{Articles}/{id}"),
                await client.PostAsync($"{Articles}/{id}/publish", null),
                await client.PostAsync($"{Articles}/{id}/unpublish", null),
                await client.PostAsync($"{Articles}/{id}/archive", null),
                await client.PostAsync($"{Articles}/{id}/versions/1/restore", null),
                await client.PostAsJsonAsync($"{Articles}/{id}/translations", new { title = "x", body = "x" }),
                await client.PostAsJsonAsync(Categories, new { nameEs = "a", nameEn = "a" }),
                await client.PutAsJsonAsync($"{Categories}/{category}", new { nameEs = "a", nameEn = "a" }),
                await client.DeleteAsync($"{Categories}/{category}"),
            })
            {
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden,
                    $"{role}: {response.RequestMessage!.Method} {response.RequestMessage.RequestUri} gave {response.StatusCode}");
            }

            // Both read.
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Articles}/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Articles}?limit=5")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Articles}/{id}/versions")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Articles}/{id}/versions/1")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Articles}/{id}/translations")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Articles}/{id}/feedback")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Categories)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Categories}/{category}")).StatusCode);
        }

        var analyst = await app.Client(Roles.Analyst);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync($"{Articles}/{id}/feedback", new { helpful = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync($"{Articles}/{id}/usages", new { customerId = customer })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsync($"{Articles}/{id}/views", null)).StatusCode);

        var agent = await app.Client(Roles.Agent);
        Assert.Equal(HttpStatusCode.Created, (await agent.PostAsJsonAsync($"{Articles}/{id}/feedback", new { helpful = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await agent.PostAsJsonAsync($"{Articles}/{id}/usages", new { customerId = customer })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"{Articles}/{id}/views", null)).StatusCode);

        var anonymous = await app.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Articles)).StatusCode);
    }

    [Theory, SqliteData]
    public async Task The_openapi_document_describes_the_knowledge_base(string provider)
    {
        var client = await (await App(provider)).Client(Roles.Analyst);
        var paths = (await Json(await client.GetAsync("/openapi/v1.json"))).GetProperty("paths");
        foreach (var path in new[]
        {
            Articles, $"{Articles}/{{id}}", $"{Articles}/{{id}}/publish", $"{Articles}/{{id}}/versions/{{number}}/restore",
            $"{Articles}/{{id}}/translations", $"{Articles}/{{id}}/feedback", $"{Articles}/{{id}}/usages", $"{Articles}/{{id}}/views",
            Categories, $"{Categories}/{{id}}",
        })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"missing {path}");
        }
    }
}
