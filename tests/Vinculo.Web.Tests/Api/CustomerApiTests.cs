using System.Net;
using System.Net.Http.Json;
using System.Text;
using Vinculo.Core.Auth;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Web.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class CustomerApiTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    [Theory, SqliteData, PostgresData]
    public async Task Create_read_update_delete_with_etags(string provider)
    {
        var client = await (await App(provider)).Client(Roles.Supervisor);

        var created = await client.PostAsJsonAsync("/api/v1/customers", NewCustomer("Óscar", "Martín"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await Json(created);
        var id = body.GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/customers/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        Assert.Equal("active", body.GetProperty("lifecycle").GetString());
        Assert.Equal("+34612345678", body.GetProperty("phones")[0].GetProperty("e164").GetString());

        var get = await client.GetAsync($"/api/v1/customers/{id}");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("\"1\"", get.Headers.ETag!.Tag);

        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/customers/{id}") { Content = JsonContent.Create(NewCustomer("Óscar", "Ruiz")) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"7\"");
        await AssertProblem(await client.SendAsync(stale), HttpStatusCode.PreconditionFailed);

        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/customers/{id}") { Content = JsonContent.Create(NewCustomer("Óscar", "Ruiz")) };
        put.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        var updated = await client.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("\"2\"", updated.Headers.ETag!.Tag);
        Assert.Equal("Óscar Ruiz", (await Json(updated)).GetProperty("displayName").GetString());

        var staleDelete = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/customers/{id}");
        staleDelete.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        await AssertProblem(await client.SendAsync(staleDelete), HttpStatusCode.PreconditionFailed);

        var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/customers/{id}");
        delete.Headers.TryAddWithoutValidation("If-Match", "\"2\"");
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(delete)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/customers/{id}")).StatusCode);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Unknown_ids_are_404(string provider)
    {
        var client = await (await App(provider)).Client(Roles.Supervisor);
        const long missing = 987_654_321;
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/customers/{missing}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/customers/{missing}/360")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/customers/{missing}/contacts")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/customers/{missing}/interactions")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync($"/api/v1/customers/{missing}", NewCustomer())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/v1/customers/{missing}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/customers/{missing}/interactions", new { channel = "phone", direction = "inbound", subject = "Hola" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/customers/{missing}/contacts", new { firstName = "Ana" })).StatusCode);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Bad_input_is_a_400_problem_naming_each_field(string provider)
    {
        var client = await (await App(provider)).Client(Roles.Agent);
        var bad = await client.PostAsJsonAsync("/api/v1/customers", new
        {
            kind = "martian",
            emails = new[] { new { address = "no-at-sign" } },
            phones = new[] { new { number = "abc" } },
            preferredLanguage = "fr",
        });
        var problem = await AssertProblem(bad, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "kind", "emails[0].address", "phones[0].number", "preferredLanguage" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }

        var malformed = await client.PostAsync("/api/v1/customers", new StringContent("{\"firstName\": ", Encoding.UTF8, "application/json"));
        await AssertProblem(malformed, HttpStatusCode.BadRequest);

        var wrongType = await client.PostAsync("/api/v1/customers", new StringContent("{\"firstName\": \"A\", \"emails\": 5}", Encoding.UTF8, "application/json"));
        await AssertProblem(wrongType, HttpStatusCode.BadRequest);

        var badLimit = await AssertProblem(await client.GetAsync("/api/v1/customers?limit=5000"), HttpStatusCode.BadRequest);
        Assert.True(badLimit.GetProperty("errors").TryGetProperty("limit", out _));
        var badCursor = await AssertProblem(await client.GetAsync("/api/v1/customers?cursor=%%%"), HttpStatusCode.BadRequest);
        Assert.True(badCursor.GetProperty("errors").TryGetProperty("cursor", out _));
        await AssertProblem(await client.GetAsync("/api/v1/customers/1/interactions?channel=fax"), HttpStatusCode.BadRequest);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_post_retried_with_the_same_idempotency_key_creates_nothing_twice(string provider)
    {
        var client = await (await App(provider)).Client(Roles.Agent);
        var name = $"Idem{Guid.NewGuid():N}"[..12];
        var key = Guid.NewGuid().ToString();

        async Task<HttpResponseMessage> Post(object body, string idempotencyKey)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/customers") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            return await client.SendAsync(request);
        }

        var body = new { firstName = name, lastName = "Reintento" };
        var first = await Post(body, key);
        var second = await Post(body, key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        var id = (await Json(first)).GetProperty("id").GetInt64();
        Assert.Equal(id, (await Json(second)).GetProperty("id").GetInt64());
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));

        var found = await Json(await client.GetAsync($"/api/v1/customers?q={name}"));
        Assert.Equal(1, found.GetProperty("items").GetArrayLength());

        await AssertProblem(await Post(new { firstName = name, lastName = "Otro" }, key), HttpStatusCode.UnprocessableEntity);

        // A failed request does not burn its key: the corrected retry goes through.
        var badKey = Guid.NewGuid().ToString();
        await AssertProblem(await Post(new { kind = "nonsense" }, badKey), HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.Created, (await Post(new { firstName = name + "b" }, badKey)).StatusCode);

        // Interactions too.
        var logKey = Guid.NewGuid().ToString();
        for (var i = 0; i < 2; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/customers/{id}/interactions")
            {
                Content = JsonContent.Create(new { channel = "phone", direction = "inbound", subject = "Llamada única" }),
            };
            request.Headers.Add("Idempotency-Key", logKey);
            Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(request)).StatusCode);
        }

        var timeline = await Json(await client.GetAsync($"/api/v1/customers/{id}/interactions"));
        Assert.Equal(1, timeline.GetProperty("items").GetArrayLength());
    }

    [Theory, SqliteData, PostgresData]
    public async Task Search_and_keyset_pages(string provider)
    {
        var client = await (await App(provider)).Client(Roles.Agent);
        var surname = "Zubiría" + Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < 5; i++)
        {
            await CreateCustomer(client, NewCustomer($"Íñigo{i}", surname));
        }

        var folded = surname.ToLowerInvariant().Replace("í", "i", StringComparison.Ordinal);
        var ids = new List<long>();
        string? cursor = null;
        do
        {
            var url = $"/api/v1/customers?q={Uri.EscapeDataString(folded[..8] + " inigo")}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}");
            var page = await Json(await client.GetAsync(url));
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(5, ids.Distinct().Count());
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_360_contacts_and_timeline_over_http(string provider)
    {
        var client = await (await App(provider)).Client(Roles.Agent);
        var id = await CreateCustomer(client, new { kind = "company", companyName = "Hostal La Brújula", temperament = "abusive" });

        var contact = await client.PostAsJsonAsync($"/api/v1/customers/{id}/contacts", new { firstName = "Rocío", lastName = "Vidal", role = "Dirección", phone = "+34 699 11 22 33" });
        Assert.Equal(HttpStatusCode.Created, contact.StatusCode);
        var contactId = (await Json(contact)).GetProperty("id").GetInt64();
        await AssertProblem(await client.PostAsJsonAsync($"/api/v1/customers/{id}/contacts", new { lastName = "Sin nombre", email = "bad" }), HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/v1/customers/{id}/contacts/{contactId}", new { firstName = "Rocío", role = "Gerencia" })).StatusCode);

        var logged = await client.PostAsJsonAsync($"/api/v1/customers/{id}/interactions",
            new { channel = "phone", direction = "inbound", moment = "postPurchase", subject = "Queja por reserva", body = "Reclama una devolución", durationSeconds = 240 });
        Assert.Equal(HttpStatusCode.Created, logged.StatusCode);
        var interaction = await Json(logged);
        Assert.Equal("agent@test.local".Split('@')[0], interaction.GetProperty("agentName").GetString());

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/customers/{id}/360");
        request.Headers.AcceptLanguage.ParseAdd("en");
        var view = await Json(await client.SendAsync(request));
        Assert.Equal("Hostal La Brújula", view.GetProperty("customer").GetProperty("displayName").GetString());
        Assert.Equal("Gerencia", view.GetProperty("contacts")[0].GetProperty("role").GetString());
        Assert.Equal("Abusive", view.GetProperty("temperament").GetProperty("label").GetString());
        Assert.Equal(1, view.GetProperty("interactions").GetProperty("countsByChannel").GetProperty("phone").GetInt32());
        Assert.Equal("postPurchase", view.GetProperty("interactions").GetProperty("latest")[0].GetProperty("moment").GetString());

        var hits = await Json(await client.GetAsync($"/api/v1/interactions?q=devoluciones&customerId={id}"));
        Assert.Equal("Queja por reserva", hits.GetProperty("items")[0].GetProperty("interaction").GetProperty("subject").GetString());
        var missingQ = await AssertProblem(await client.GetAsync("/api/v1/interactions"), HttpStatusCode.BadRequest);
        Assert.True(missingQ.GetProperty("errors").TryGetProperty("q", out _));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/customers/{id}/contacts/{contactId}")).StatusCode);
        Assert.Equal(0, (await Json(await client.GetAsync($"/api/v1/customers/{id}/contacts"))).GetArrayLength());
    }
}
