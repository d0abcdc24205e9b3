using System.Net;
using System.Net.Http.Json;
using Vinculo.Core.Auth;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Web.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Api;

/// <summary>
/// The offers API. The API tests share one database per provider, so every promotion here is for a segment only this
/// test's customers have (other tests' customers never see it) and codes are unique.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OfferApiTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)].ToUpperInvariant();

    /// <summary>The last day of the test promotions: the end of the year three years from now.</summary>
    private static readonly int EndYear = DateTime.UtcNow.Year + 3;

    private static readonly string From = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-30)).ToString("yyyy-MM-dd");

    private static object Promotion(string code, string segment, string[]? tiers = null, string? validFrom = null, string? validTo = null) => new
    {
        code,
        nameEs = "Mejora gratis " + code,
        nameEn = "Free upgrade " + code,
        offerEs = "Le subimos de categoría sin coste",
        offerEn = "We upgrade you at no cost",
        validFrom = validFrom ?? From,
        validTo = validTo ?? $"{EndYear}-12-31",
        priority = 100,
        segments = new[] { segment },
        tiers = tiers ?? [],
    };

    private static HttpRequestMessage With(HttpMethod method, string url, string? etag, object? body = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }

        return request;
    }

    /// <summary>A segment code used only by this test, and a customer in it.</summary>
    private static async Task<(string Segment, long Customer)> SegmentCustomer(HttpClient admin, string? tier = null)
    {
        var segment = "seg-" + Guid.NewGuid().ToString("N")[..10];
        var customer = await CreateCustomer(admin, new
        {
            firstName = "Olga", lastName = "Segmento", lifecycle = "active", segment, tier,
            emails = new[] { new { address = $"{Guid.NewGuid():N}@example.com" } }, phones = new[] { new { number = "612 34 56 78" } },
        });
        return (segment, customer);
    }

    private static async Task<(long Id, string ETag)> Create(HttpClient admin, object body)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/offers/promotions", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return ((await Json(response)).GetProperty("id").GetInt64(), response.Headers.ETag!.Tag);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Promotions_are_created_read_listed_changed_and_deleted(string provider)
    {
        var app = await App(provider);
        var admin = await app.Client(Roles.Admin);
        var (segment, _) = await SegmentCustomer(admin);
        var code = Unique("API");

        var created = await admin.PostAsJsonAsync("/api/v1/offers/promotions", Promotion(code.ToLowerInvariant(), segment));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await Json(created);
        var id = body.GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/offers/promotions/{id}", created.Headers.Location!.ToString());
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.Equal("draft", body.GetProperty("status").GetString());
        Assert.Equal("current", body.GetProperty("validity").GetString());
        Assert.Equal(segment, body.GetProperty("eligibility").GetProperty("segments")[0].GetString());
        Assert.Equal($"{EndYear}-12-31", body.GetProperty("validTo").GetString());

        var read = await admin.GetAsync($"/api/v1/offers/promotions/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("\"1\"", read.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/offers/promotions/999999999")).StatusCode);

        var list = await Json(await admin.GetAsync($"/api/v1/offers/promotions?q={code}&status=draft&validity=current&limit=5"));
        Assert.Equal(id, Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
        var badList = await AssertProblem(await admin.GetAsync("/api/v1/offers/promotions?status=asleep&validity=always&limit=0"), HttpStatusCode.BadRequest);
        Assert.Equal(["limit", "status", "validity"], badList.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));

        // Replace: a stale ETag is a 412, the current one a 200 with the next version.
        var changed = Promotion(code, segment, validTo: $"{EndYear}-06-30");
        await AssertProblem(await admin.SendAsync(With(HttpMethod.Put, $"/api/v1/offers/promotions/{id}", "\"7\"", changed)), HttpStatusCode.PreconditionFailed);
        var put = await admin.SendAsync(With(HttpMethod.Put, $"/api/v1/offers/promotions/{id}", "\"1\"", changed));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("\"2\"", put.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/api/v1/offers/promotions/999999999", changed)).StatusCode);

        // Duplicate code: 409, on create and on update.
        await AssertProblem(await admin.PostAsJsonAsync("/api/v1/offers/promotions", Promotion(code, segment)), HttpStatusCode.Conflict);
        var (other, _) = await Create(admin, Promotion(Unique("OTH"), segment));
        await AssertProblem(await admin.PutAsJsonAsync($"/api/v1/offers/promotions/{other}", Promotion(code, segment)), HttpStatusCode.Conflict);

        // Validation next to each field.
        var invalid = await AssertProblem(await admin.PostAsJsonAsync("/api/v1/offers/promotions", new
        {
            code = "x", nameEs = "", validFrom = "2026-12-02", validTo = "2026-12-01", priority = -1,
            segments = new[] { "nobody-has-this" }, tiers = new[] { "diamond" }, channels = new[] { "pigeon" }, ownsAll = new[] { 999999999 },
        }), HttpStatusCode.BadRequest);
        Assert.Equal(
            ["channels[0]", "code", "nameEn", "nameEs", "offerEn", "offerEs", "ownsAll[0]", "priority", "segments[0]", "tiers[0]", "validTo"],
            invalid.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        await AssertProblem(await admin.PostAsJsonAsync("/api/v1/offers/promotions", new { code = "OK", validFrom = "not a date" }), HttpStatusCode.BadRequest);

        // Status changes: 409 when not allowed.
        await AssertProblem(await admin.PostAsync($"/api/v1/offers/promotions/{id}/pause", null), HttpStatusCode.Conflict);
        await AssertProblem(await admin.SendAsync(With(HttpMethod.Post, $"/api/v1/offers/promotions/{id}/activate", "\"1\"")), HttpStatusCode.PreconditionFailed);
        var activated = await admin.PostAsync($"/api/v1/offers/promotions/{id}/activate", null);
        Assert.Equal("active", (await Json(activated)).GetProperty("status").GetString());
        Assert.Equal("\"3\"", activated.Headers.ETag!.Tag);
        Assert.Equal("paused", (await Json(await admin.PostAsync($"/api/v1/offers/promotions/{id}/pause", null))).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/v1/offers/promotions/999999999/activate", null)).StatusCode);

        // Delete: stale 412, 204, then 404.
        await AssertProblem(await admin.SendAsync(With(HttpMethod.Delete, $"/api/v1/offers/promotions/{other}", "\"9\"")), HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(With(HttpMethod.Delete, $"/api/v1/offers/promotions/{other}", "\"1\""))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/v1/offers/promotions/{other}")).StatusCode);

        var ended = await Json(await admin.PostAsync($"/api/v1/offers/promotions/{id}/end", null));
        Assert.Equal("ended", ended.GetProperty("status").GetString());
        await AssertProblem(await admin.PostAsync($"/api/v1/offers/promotions/{id}/activate", null), HttpStatusCode.Conflict);

        var choices = await Json(await admin.GetAsync("/api/v1/offers/choices"));
        Assert.Contains(segment, choices.GetProperty("segments").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains("platinum", choices.GetProperty("tiers").EnumerateArray().Select(s => s.GetString()));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Next_best_actions_eligibility_and_responses(string provider)
    {
        var app = await App(provider);
        var admin = await app.Client(Roles.Admin);
        var agent = await app.Client(Roles.Agent);
        var (segment, platinum) = await SegmentCustomer(admin, tier: "platinum");
        var gold = await CreateCustomer(admin, new
        {
            firstName = "Gael", lastName = "Oro", lifecycle = "active", segment, tier = "gold", preferredLanguage = "en",
            emails = new[] { new { address = $"{Guid.NewGuid():N}@example.com" } }, phones = new[] { new { number = "612 34 56 78" } },
        });
        var code = Unique("UPG");
        var (id, _) = await Create(admin, Promotion(code, segment, new[] { "platinum" }));
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/offers/promotions/{id}/activate", null)).StatusCode);

        var english = await Json(await agent.GetAsync($"/api/v1/customers/{platinum}/next-best-actions?channel=phone&culture=en&ui-culture=en"));
        var action = english.EnumerateArray().Single(a => a.GetProperty("code").GetString() == "promotion:" + code);
        Assert.Equal("promotion", action.GetProperty("kind").GetString());
        Assert.Equal("promotionForTier", action.GetProperty("reason").GetString());
        Assert.Equal("Free upgrade " + code, action.GetProperty("title").GetString());
        Assert.Equal($"Promotion valid until 12/31/{EndYear} for platinum customers, like this one.", action.GetProperty("reasonText").GetString());
        Assert.Equal("We upgrade you at no cost", action.GetProperty("detail").GetString());
        Assert.Equal(id, action.GetProperty("promotionId").GetInt64());
        var spanish = await Json(await agent.GetAsync($"/api/v1/customers/{platinum}/next-best-actions?culture=es&ui-culture=es"));
        Assert.Contains(spanish.EnumerateArray(), a => a.GetProperty("reasonText").GetString() == $"Promoción vigente hasta el 31/12/{EndYear} para clientes de nivel platinum, como este cliente.");

        Assert.DoesNotContain((await Json(await agent.GetAsync($"/api/v1/customers/{gold}/next-best-actions"))).EnumerateArray(),
            a => a.GetProperty("code").GetString() == "promotion:" + code);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync("/api/v1/customers/999999999/next-best-actions")).StatusCode);
        await AssertProblem(await agent.GetAsync($"/api/v1/customers/{platinum}/next-best-actions?channel=pigeon"), HttpStatusCode.BadRequest);

        var eligible = await Json(await agent.GetAsync($"/api/v1/customers/{platinum}/eligible-promotions?channel=phone"));
        Assert.Contains(eligible.EnumerateArray(), p => p.GetProperty("code").GetString() == code && p.GetProperty("tierMatch").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync("/api/v1/customers/999999999/eligible-promotions")).StatusCode);

        // The "why not" tool.
        var yes = await Json(await agent.GetAsync($"/api/v1/offers/promotions/{id}/eligibility?customerId={platinum}&channel=phone"));
        Assert.True(yes.GetProperty("eligible").GetBoolean());
        var no = await Json(await agent.GetAsync($"/api/v1/offers/promotions/{id}/eligibility?customerId={gold}"));
        Assert.False(no.GetProperty("eligible").GetBoolean());
        var failure = Assert.Single(no.GetProperty("failures").EnumerateArray());
        Assert.Equal("tier", failure.GetProperty("rule").GetString());
        Assert.Equal("gold", failure.GetProperty("actual").GetString());
        var missing = await AssertProblem(await agent.GetAsync($"/api/v1/offers/promotions/{id}/eligibility"), HttpStatusCode.BadRequest);
        Assert.True(missing.GetProperty("errors").TryGetProperty("customerId", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/api/v1/offers/promotions/999999999/eligibility?customerId={gold}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/api/v1/offers/promotions/{id}/eligibility?customerId=999999999")).StatusCode);

        // The agent records the answer: an acceptance is on the timeline and the promotion leaves the list.
        var accepted = await agent.PostAsJsonAsync($"/api/v1/customers/{platinum}/promotion-responses", new { promotionId = id, kind = "accepted", channel = "phone" });
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        var interactionId = (await Json(accepted)).GetProperty("interactionId").GetInt64();
        var timeline = await Json(await agent.GetAsync($"/api/v1/customers/{platinum}/interactions"));
        Assert.Contains(timeline.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt64() == interactionId
            && i.GetProperty("subject").GetString() == "Oferta aceptada: Mejora gratis " + code);
        Assert.DoesNotContain((await Json(await agent.GetAsync($"/api/v1/customers/{platinum}/next-best-actions"))).EnumerateArray(),
            a => a.GetProperty("code").GetString() == "promotion:" + code);
        var history = await Json(await agent.GetAsync($"/api/v1/customers/{platinum}/promotion-responses"));
        Assert.Equal("accepted", history[0].GetProperty("kind").GetString());

        var bad = await AssertProblem(await agent.PostAsJsonAsync($"/api/v1/customers/{platinum}/promotion-responses", new { kind = "maybe" }), HttpStatusCode.BadRequest);
        Assert.Equal(["kind", "promotionId"], bad.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await agent.PostAsJsonAsync("/api/v1/customers/999999999/promotion-responses", new { promotionId = id, kind = "offered" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync("/api/v1/customers/999999999/promotion-responses")).StatusCode);

        // A promotion that is not current cannot be offered (409); one with answers cannot be deleted (409).
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/offers/promotions/{id}/pause", null)).StatusCode);
        await AssertProblem(await agent.PostAsJsonAsync($"/api/v1/customers/{gold}/promotion-responses", new { promotionId = id, kind = "offered" }), HttpStatusCode.Conflict);
        await AssertProblem(await admin.DeleteAsync($"/api/v1/offers/promotions/{id}"), HttpStatusCode.Conflict);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Agents_and_analysts_read_but_cannot_manage_and_analysts_cannot_record_answers(string provider)
    {
        var app = await App(provider);
        var admin = await app.Client(Roles.Admin);
        var (segment, customer) = await SegmentCustomer(admin);
        var (id, _) = await Create(admin, Promotion(Unique("ROLE"), segment));
        var supervisor = await app.Client(Roles.Supervisor);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsync($"/api/v1/offers/promotions/{id}/activate", null)).StatusCode);

        foreach (var role in new[] { Roles.Agent, Roles.Analyst })
        {
            var client = await app.Client(role);
            var writes = new List<HttpResponseMessage>
            {
                await client.PostAsJsonAsync("/api/v1/offers/promotions", Promotion(Unique("NO"), segment)),
                await client.PutAsJsonAsync($"/api/v1/offers/promotions/{id}", Promotion(Unique("NO"), segment)),
                await client.DeleteAsync($"/api/v1/offers/promotions/{id}"),
                await client.PostAsync($"/api/v1/offers/promotions/{id}/activate", null),
                await client.PostAsync($"/api/v1/offers/promotions/{id}/pause", null),
                await client.PostAsync($"/api/v1/offers/promotions/{id}/end", null),
            };
            if (role == Roles.Analyst)
            {
                writes.Add(await client.PostAsJsonAsync($"/api/v1/customers/{customer}/promotion-responses", new { promotionId = id, kind = "offered" }));
            }

            foreach (var response in writes)
            {
                await AssertProblem(response, HttpStatusCode.Forbidden);
            }

            foreach (var url in new[]
                     {
                         "/api/v1/offers/promotions", $"/api/v1/offers/promotions/{id}", "/api/v1/offers/choices",
                         $"/api/v1/offers/promotions/{id}/eligibility?customerId={customer}", $"/api/v1/customers/{customer}/next-best-actions",
                         $"/api/v1/customers/{customer}/eligible-promotions", $"/api/v1/customers/{customer}/promotion-responses",
                     })
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
            }
        }

        var anonymous = await app.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/offers/promotions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/customers/{customer}/next-best-actions")).StatusCode);
        Assert.Equal(HttpStatusCode.Created,
            (await (await app.Client(Roles.Agent)).PostAsJsonAsync($"/api/v1/customers/{customer}/promotion-responses", new { promotionId = id, kind = "offered" })).StatusCode);
    }
}
