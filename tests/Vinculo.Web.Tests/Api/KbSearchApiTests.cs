using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Auth;
using Vinculo.Core.Knowledge.Search;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Knowledge;
using Vinculo.Web.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Api;

/// <summary>
/// The knowledge-base search API. The API tests share one database per provider, so every article here carries a word of
/// its own and the assertions look only at those.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class KbSearchApiTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    /// <summary>A made-up word no other test writes (letters only, so the analysis keeps it whole).</summary>
    private static string Word() => "zq" + new string(Guid.NewGuid().ToString("N")[..10].Select(c => (char)('b' + (c % 20))).ToArray()) + "x";

    private static async Task<long> Article(VinculoApp app, string language, string title, string body, KbStatus status = KbStatus.Published, KbVisibility visibility = KbVisibility.Public)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VinculoDb>();
        var now = DateTime.UtcNow;
        var article = new KbArticle
        {
            Language = language, Title = title, Body = body, Status = status, Visibility = visibility,
            CreatedAt = now, UpdatedAt = now, PublishedAt = now, Version = 1,
        };
        KbAnalysis.Apply(article);
        db.KbArticles.Add(article);
        await db.SaveChangesAsync();
        // As the article service does after publishing: the next search reads the vocabulary again.
        scope.ServiceProvider.GetRequiredService<KbSearchCache>().Invalidate(language);
        return article.Id;
    }

    private static HttpRequestMessage Send(HttpMethod method, string url, object? body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return request;
    }

    [Theory, SqliteData, PostgresData]
    public async Task Search_finds_published_articles_of_the_language_best_first(string provider)
    {
        var app = await App(provider);
        var word = Word();
        var best = await Article(app, "es", $"Lavado de sábanas {word}", $"Use agua fría para las sábanas {word}. **Secadora** a baja temperatura.");
        var second = await Article(app, "es", "Otro artículo", $"Menciona {word} una vez entre muchas otras palabras sobre toallas, colchones y almohadas.", visibility: KbVisibility.Internal);
        await Article(app, "es", $"Borrador {word}", word, KbStatus.Draft);
        await Article(app, "en", $"Flannel sheets {word}", word);
        var analyst = await app.Client(Roles.Analyst);

        var response = await analyst.GetAsync($"/api/v1/kb/search?q={Uri.EscapeDataString($"sábanas {word}")}&lang=es&top=5");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json(response);
        Assert.Equal("es", body.GetProperty("language").GetString());
        var hits = body.GetProperty("hits").EnumerateArray().ToList();
        Assert.Equal([best, second], hits.Select(h => h.GetProperty("articleId").GetInt64()).Where(id => id == best || id == second));
        var top = hits[0];
        Assert.Equal(best, top.GetProperty("articleId").GetInt64());
        Assert.Equal($"Lavado de sábanas {word}", top.GetProperty("title").GetString());
        Assert.Equal("public", top.GetProperty("visibility").GetString());
        Assert.Equal("es", top.GetProperty("language").GetString());
        Assert.True(top.GetProperty("score").GetDouble() > 0);
        Assert.Equal($"Use agua fría para las sábanas {word}. Secadora a baja temperatura.", top.GetProperty("snippet").GetString());
        Assert.Contains(word, body.GetProperty("terms").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(JsonValueKind.Array, body.GetProperty("alternatives").ValueKind);

        var publicOnly = await Json(await analyst.GetAsync($"/api/v1/kb/search?q={word}&lang=es&publicOnly=true"));
        Assert.DoesNotContain(publicOnly.GetProperty("hits").EnumerateArray(), h => h.GetProperty("articleId").GetInt64() == second);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Without_lang_the_question_decides_and_the_ui_language_breaks_ties(string provider)
    {
        var app = await App(provider);
        var word = Word();
        await Article(app, "en", $"Flannel {word}", $"How to wash the flannel {word}.");
        await Article(app, "es", $"Franela {word}", $"Cómo lavar la franela {word}.");
        var agent = await app.Client(Roles.Agent);

        var english = await Json(await agent.GetAsync($"/api/v1/kb/search?q={Uri.EscapeDataString($"how do I wash the {word} with the flannel")}"));
        var spanish = await Json(await agent.GetAsync($"/api/v1/kb/search?q={Uri.EscapeDataString($"¿cómo se lava la franela {word}?")}"));
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/kb/search?q={word}");
        request.Headers.AcceptLanguage.ParseAdd("en-GB");
        var tie = await Json(await agent.SendAsync(request));

        Assert.Equal("en", english.GetProperty("language").GetString());
        Assert.All(english.GetProperty("hits").EnumerateArray(), h => Assert.Equal("en", h.GetProperty("language").GetString()));
        Assert.Equal("es", spanish.GetProperty("language").GetString());
        Assert.Equal("en", tie.GetProperty("language").GetString());
    }

    [Theory, SqliteData, PostgresData]
    public async Task Bad_searches_are_400_problems_naming_the_field(string provider)
    {
        var app = await App(provider);
        var agent = await app.Client(Roles.Agent);

        async Task Field(string url, string field)
        {
            var problem = await AssertProblem(await agent.GetAsync(url), HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{url}: {problem}");
        }

        await Field("/api/v1/kb/search?lang=es", "q");
        await Field("/api/v1/kb/search?q=%20%20&lang=es", "q");
        await Field($"/api/v1/kb/search?q={new string('a', 501)}&lang=es", "q");
        await Field("/api/v1/kb/search?q=sabanas&lang=fr", "lang");
        await Field("/api/v1/kb/search?q=sabanas&lang=es&top=0", "top");
        await Field("/api/v1/kb/search?q=sabanas&lang=es&top=51", "top");
        await AssertProblem(await agent.GetAsync("/api/v1/kb/search?q=sabanas&top=many"), HttpStatusCode.BadRequest);
        await Field("/api/v1/kb/suggestions", "caseId");
        await AssertProblem(await agent.GetAsync("/api/v1/kb/suggestions?caseId=x"), HttpStatusCode.BadRequest);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Suggestions_for_a_case_and_404_for_an_unknown_one(string provider)
    {
        var app = await App(provider);
        var word = Word();
        var article = await Article(app, "es", $"Garantía del {word}", $"El {word} tiene dos años de garantía.");
        var agent = await app.Client(Roles.Agent);
        var customer = await CreateCustomer(agent);
        var created = await agent.PostAsJsonAsync("/api/v1/cases",
            new { customerId = customer, type = "question", channel = "email", subject = $"Garantía del {word}", description = $"Se rompió el {word}" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var caseId = (await Json(created)).GetProperty("id").GetInt64();

        var response = await agent.GetAsync($"/api/v1/kb/suggestions?caseId={caseId}&top=3");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json(response);
        Assert.Equal("es", body.GetProperty("language").GetString()); // the customer's preferred language
        Assert.Equal(article, body.GetProperty("hits")[0].GetProperty("articleId").GetInt64());
        Assert.InRange(body.GetProperty("hits").GetArrayLength(), 1, 3);
        var english = await Json(await agent.GetAsync($"/api/v1/kb/suggestions?caseId={caseId}&lang=en"));
        Assert.Equal("en", english.GetProperty("language").GetString());
        await AssertProblem(await agent.GetAsync("/api/v1/kb/suggestions?caseId=987654321"), HttpStatusCode.NotFound);
        await AssertProblem(await agent.GetAsync($"/api/v1/kb/suggestions?caseId={caseId}&lang=fr"), HttpStatusCode.BadRequest);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Signed_out_callers_get_401(string provider)
    {
        var app = await App(provider);
        var anonymous = await app.Client(null);

        foreach (var url in new[] { "/api/v1/kb/search?q=sabanas&lang=es", "/api/v1/kb/suggestions?caseId=1", "/api/v1/kb/synonyms", "/api/v1/kb/synonyms/1" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(url)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/kb/synonyms", new { language = "es", terms = "a1, b1" })).StatusCode);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Synonyms_are_read_by_everyone_and_written_by_editors_with_etags(string provider)
    {
        var app = await App(provider);
        var supervisor = await app.Client(Roles.Supervisor);
        var analyst = await app.Client(Roles.Analyst);
        var agent = await app.Client(Roles.Agent);
        var word = Word();
        var other = Word();
        var article = await Article(app, "es", $"Devolución {word}", $"Cómo pedir la devolución {word}.");

        var group = new { language = "es", terms = $"{word}, {other}" };
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/v1/kb/synonyms", group)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync("/api/v1/kb/synonyms", group)).StatusCode);

        var created = await supervisor.PostAsJsonAsync("/api/v1/kb/synonyms", group);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        var id = (await Json(created)).GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/kb/synonyms/{id}", created.Headers.Location!.OriginalString);

        // The search uses it at once: the other word finds the article.
        var found = await Json(await agent.GetAsync($"/api/v1/kb/search?q={other}&lang=es"));
        Assert.Equal(article, found.GetProperty("hits")[0].GetProperty("articleId").GetInt64());
        var alternative = found.GetProperty("alternatives")[0];
        Assert.Equal("synonym", alternative.GetProperty("kind").GetString());
        Assert.Equal(word, alternative.GetProperty("word").GetString());

        var read = await analyst.GetAsync($"/api/v1/kb/synonyms/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("\"1\"", read.Headers.ETag!.Tag);
        var list = await Json(await analyst.GetAsync("/api/v1/kb/synonyms?language=es&limit=200"));
        Assert.Equal(JsonValueKind.Array, list.GetProperty("items").ValueKind);
        await AssertProblem(await analyst.GetAsync("/api/v1/kb/synonyms?language=xx"), HttpStatusCode.BadRequest);

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.SendAsync(Send(HttpMethod.Put, $"/api/v1/kb/synonyms/{id}", group, "\"1\""))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.SendAsync(Send(HttpMethod.Delete, $"/api/v1/kb/synonyms/{id}", null))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.SendAsync(Send(HttpMethod.Delete, $"/api/v1/kb/synonyms/{id}", null))).StatusCode);

        var invalid = await AssertProblem(await supervisor.SendAsync(Send(HttpMethod.Put, $"/api/v1/kb/synonyms/{id}", new { language = "es", terms = word }, "\"1\"")), HttpStatusCode.BadRequest);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("terms", out _));
        var updated = await supervisor.SendAsync(Send(HttpMethod.Put, $"/api/v1/kb/synonyms/{id}", new { language = "en", terms = $"{word}, {other}" }, "\"1\""));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("\"2\"", updated.Headers.ETag!.Tag);
        Assert.Equal("en", (await Json(updated)).GetProperty("language").GetString());
        await AssertProblem(await supervisor.SendAsync(Send(HttpMethod.Put, $"/api/v1/kb/synonyms/{id}", group, "\"1\"")), HttpStatusCode.PreconditionFailed);
        await AssertProblem(await supervisor.SendAsync(Send(HttpMethod.Delete, $"/api/v1/kb/synonyms/{id}", null, "\"1\"")), HttpStatusCode.PreconditionFailed);
        await AssertProblem(await supervisor.SendAsync(Send(HttpMethod.Put, "/api/v1/kb/synonyms/987654321", group)), HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.NoContent, (await supervisor.SendAsync(Send(HttpMethod.Delete, $"/api/v1/kb/synonyms/{id}", null, "\"2\""))).StatusCode);
        await AssertProblem(await analyst.GetAsync($"/api/v1/kb/synonyms/{id}"), HttpStatusCode.NotFound);
        await AssertProblem(await supervisor.SendAsync(Send(HttpMethod.Delete, $"/api/v1/kb/synonyms/{id}", null)), HttpStatusCode.NotFound);
    }
}
