using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vinculo.Core.Auth;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Web.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Api;

/// <summary>The macros API. The API tests share one database per provider, so every macro name here is unique.</summary>
[Collection(ApiCollection.Name)]
public sealed class MacroApiTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    private static string Unique(string prefix) => $"{prefix} {Guid.NewGuid():N}"[..(prefix.Length + 9)];

    private static object Macro(string name, string language = "es", string? body = null, bool personal = false, long? translationOf = null) => new
    {
        name,
        language,
        body = body ?? "Hola, {{customer.firstName}}: su caso #{{case.id}} está {{case.status}}. {{agent.firstName}}",
        category = "Saludos",
        tags = new[] { "Saludo" },
        personal,
        translationOf,
    };

    private static HttpRequestMessage With(HttpMethod method, string url, object? body, string? etag)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }

        return request;
    }

    private static async Task<long> CreateMacro(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/v1/macros", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json(response)).GetProperty("id").GetInt64();
    }

    private static async Task<long> CreateCase(HttpClient client, long customer)
    {
        var response = await client.PostAsJsonAsync("/api/v1/cases", new { customerId = customer, type = "question", channel = "email", subject = "No llega la factura" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json(response)).GetProperty("id").GetInt64();
    }

    [Theory, SqliteData, PostgresData]
    public async Task Macros_are_created_read_listed_replaced_and_deleted_with_etags(string provider)
    {
        var app = await App(provider);
        var client = await app.Client(Roles.Supervisor);
        var name = Unique("Saludo");

        var created = await client.PostAsJsonAsync("/api/v1/macros", Macro(name));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await Json(created);
        var id = body.GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/macros/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        Assert.Equal("saludo", body.GetProperty("tags")[0].GetString());
        Assert.False(body.GetProperty("personal").GetBoolean());
        Assert.Equal("customer.firstName", body.GetProperty("placeholders")[0].GetString());

        var agent = await app.Client(Roles.Agent);
        var get = await agent.GetAsync($"/api/v1/macros/{id}");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("\"1\"", get.Headers.ETag!.Tag);
        var list = await Json(await agent.GetAsync($"/api/v1/macros?language=es&q={Uri.EscapeDataString(name.ToUpperInvariant())}"));
        Assert.Equal(id, Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
        var facts = await Json(await agent.GetAsync("/api/v1/macros/facts"));
        Assert.Contains(facts.EnumerateArray(), f => f.GetProperty("name").GetString() == "invoices.overdueAmount");

        await AssertProblem(await client.PostAsJsonAsync("/api/v1/macros", Macro(name.ToUpperInvariant())), HttpStatusCode.Conflict);
        await AssertProblem(await client.SendAsync(With(HttpMethod.Put, $"/api/v1/macros/{id}", Macro(name + " 2"), "\"5\"")), HttpStatusCode.PreconditionFailed);
        var updated = await client.SendAsync(With(HttpMethod.Put, $"/api/v1/macros/{id}", Macro(name + " 2"), "\"1\""));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("\"2\"", updated.Headers.ETag!.Tag);
        Assert.Equal(name + " 2", (await Json(updated)).GetProperty("name").GetString());

        // A translation joins the group; both list each other.
        var english = await CreateMacro(client, Macro(Unique("Greeting"), "en", "Hello {{customer.firstName}}", translationOf: id));
        var translations = await Json(await agent.GetAsync($"/api/v1/macros/{id}/translations"));
        Assert.Equal(english, Assert.Single(translations.EnumerateArray()).GetProperty("id").GetInt64());
        Assert.Equal(id, Assert.Single((await Json(await agent.GetAsync($"/api/v1/macros/{english}/translations"))).EnumerateArray()).GetProperty("id").GetInt64());
        await AssertProblem(await client.PostAsJsonAsync("/api/v1/macros", Macro(Unique("Hi"), "en", "Hi", translationOf: id)), HttpStatusCode.Conflict);

        await AssertProblem(await client.SendAsync(With(HttpMethod.Delete, $"/api/v1/macros/{id}", null, "\"1\"")), HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(With(HttpMethod.Delete, $"/api/v1/macros/{id}", null, "\"2\""))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/api/v1/macros/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/api/v1/macros/{id}/translations")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(With(HttpMethod.Put, $"/api/v1/macros/{id}", Macro(name), null))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/v1/macros/{id}")).StatusCode);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Bad_macros_are_400_by_field(string provider)
    {
        var app = await App(provider);
        var client = await app.Client(Roles.Admin);

        var problem = await AssertProblem(await client.PostAsJsonAsync("/api/v1/macros", new { name = "", language = "fr", body = "Hola {{customer.nickname}}" }),
            HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("language", out _));
        Assert.Equal("Unknown placeholders: {{customer.nickname}}.", errors.GetProperty("body")[0].GetString());
        problem = await AssertProblem(await client.PostAsJsonAsync("/api/v1/macros", Macro(Unique("Roto"), body: "Hola {{customer.firstName")), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("body", out _));
        await AssertProblem(await client.GetAsync("/api/v1/macros?scope=everything"), HttpStatusCode.BadRequest);
        await AssertProblem(await client.GetAsync("/api/v1/macros?limit=0"), HttpStatusCode.BadRequest);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Rendering_fills_the_macro_in_for_a_case_and_personal_macros_are_the_owners_only(string provider)
    {
        var app = await App(provider);
        var supervisor = await app.Client(Roles.Supervisor);
        var agent = await app.Client(Roles.Agent);
        var customer = await CreateCustomer(agent, NewCustomer("Marta", "Sánchez"));
        var caseId = await CreateCase(agent, customer);
        var id = await CreateMacro(supervisor, Macro(Unique("Estado"), body: "Hola, {{customer.firstName}}: su caso #{{case.id}} está {{case.status}}. Equipo: {{case.team}}"));

        var response = await agent.PostAsync($"/api/v1/macros/{id}/render?caseId={caseId}", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rendering = await Json(response);
        Assert.Equal($"Hola, Marta: su caso #{caseId} está recibido. Equipo: {{{{case.team}}}}", rendering.GetProperty("text").GetString());
        Assert.Equal("case.team", Assert.Single(rendering.GetProperty("missing").EnumerateArray()).GetString());
        Assert.Equal(1, (await Json(await agent.GetAsync($"/api/v1/macros/{id}"))).GetProperty("useCount").GetInt64());

        await AssertProblem(await agent.PostAsync($"/api/v1/macros/{id}/render", null), HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.PostAsync($"/api/v1/macros/{id}/render?caseId=999999999", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.PostAsync($"/api/v1/macros/999999999/render?caseId={caseId}", null)).StatusCode);

        var personal = await CreateMacro(supervisor, Macro(Unique("Firma"), body: "Un saludo, {{agent.name}}", personal: true));
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync($"/api/v1/macros/{personal}")).StatusCode);
        var admin = await app.Client(Roles.Admin);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/macros/{personal}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.PostAsync($"/api/v1/macros/{personal}/render?caseId={caseId}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.SendAsync(With(HttpMethod.Delete, $"/api/v1/macros/{personal}", null, null))).StatusCode);
        var mine = await Json(await supervisor.GetAsync("/api/v1/macros?scope=personal&limit=200"));
        Assert.Contains(mine.GetProperty("items").EnumerateArray(), m => m.GetProperty("id").GetInt64() == personal);
        var theirs = await Json(await admin.GetAsync("/api/v1/macros?scope=personal&limit=200"));
        Assert.DoesNotContain(theirs.GetProperty("items").EnumerateArray(), m => m.GetProperty("id").GetInt64() == personal);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Every_endpoint_refuses_the_wrong_role(string provider)
    {
        var app = await App(provider);
        var supervisor = await app.Client(Roles.Supervisor);
        var id = await CreateMacro(supervisor, Macro(Unique("Permisos")));
        var caseId = await CreateCase(supervisor, await CreateCustomer(supervisor));

        // Analysts may not even read macros.
        var analyst = await app.Client(Roles.Analyst);
        foreach (var response in new[]
                 {
                     await analyst.GetAsync("/api/v1/macros"),
                     await analyst.GetAsync("/api/v1/macros/facts"),
                     await analyst.GetAsync($"/api/v1/macros/{id}"),
                     await analyst.GetAsync($"/api/v1/macros/{id}/translations"),
                     await analyst.PostAsync($"/api/v1/macros/{id}/render?caseId={caseId}", null),
                     await analyst.PostAsJsonAsync("/api/v1/macros", Macro(Unique("No"))),
                     await analyst.SendAsync(With(HttpMethod.Put, $"/api/v1/macros/{id}", Macro(Unique("No")), null)),
                     await analyst.DeleteAsync($"/api/v1/macros/{id}"),
                 })
        {
            await AssertProblem(response, HttpStatusCode.Forbidden);
        }

        // Agents use macros but do not write them.
        var agent = await app.Client(Roles.Agent);
        foreach (var response in new[]
                 {
                     await agent.PostAsJsonAsync("/api/v1/macros", Macro(Unique("No"))),
                     await agent.SendAsync(With(HttpMethod.Put, $"/api/v1/macros/{id}", Macro(Unique("No")), null)),
                     await agent.DeleteAsync($"/api/v1/macros/{id}"),
                 })
        {
            await AssertProblem(response, HttpStatusCode.Forbidden);
        }

        foreach (var url in new[] { "/api/v1/macros", "/api/v1/macros/facts", $"/api/v1/macros/{id}", $"/api/v1/macros/{id}/translations" })
        {
            Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync(url)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"/api/v1/macros/{id}/render?caseId={caseId}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await (await app.Client(null)).GetAsync("/api/v1/macros")).StatusCode);
    }
}
