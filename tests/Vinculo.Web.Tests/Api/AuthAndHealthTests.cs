using System.Net;
using System.Net.Http.Json;
using Vinculo.Core.Auth;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Web.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class AuthAndHealthTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    [Theory, SqliteData, PostgresData]
    public async Task Health_is_public_and_reports_the_database(string provider)
    {
        var client = await (await App(provider)).Client(null);
        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json(response);
        Assert.Equal("Healthy", body.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal(provider == "sqlite" ? "Sqlite" : "Postgres", body.GetProperty("database").GetProperty("provider").GetString());
    }

    [Theory, SqliteData, PostgresData]
    public async Task Token_is_issued_for_right_credentials_only(string provider)
    {
        var client = await (await App(provider)).Client(null);

        var ok = await client.PostAsJsonAsync("/api/v1/auth/token", new { email = VinculoApp.AdminEmail, password = VinculoApp.Password });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var token = await Json(ok);
        Assert.False(string.IsNullOrEmpty(token.GetProperty("accessToken").GetString()));
        Assert.True(token.GetProperty("expiresIn").GetInt64() > 0);

        await AssertProblem(await client.PostAsJsonAsync("/api/v1/auth/token", new { email = VinculoApp.AdminEmail, password = "wrong-password" }), HttpStatusCode.Unauthorized);
        await AssertProblem(await client.PostAsJsonAsync("/api/v1/auth/token", new { email = "nobody@test.local", password = "whatever" }), HttpStatusCode.Unauthorized);
        var missing = await AssertProblem(await client.PostAsJsonAsync("/api/v1/auth/token", new { }), HttpStatusCode.BadRequest);
        Assert.True(missing.GetProperty("errors").TryGetProperty("email", out _));
        Assert.True(missing.GetProperty("errors").TryGetProperty("password", out _));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Everything_else_needs_authentication(string provider)
    {
        var client = await (await App(provider)).Client(null);
        foreach (var url in new[] { "/api/v1/customers", "/api/v1/customers/1", "/api/v1/customers/1/360", "/api/v1/interactions?q=x", "/api/v1/users", "/openapi/v1.json", "/api/v1/auth/me" })
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{url} answered {response.StatusCode}");
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/customers", NewCustomer())).StatusCode);
        var docs = await client.GetAsync("/api/docs/index.html");
        Assert.True(docs.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Unauthorized, $"docs answered {docs.StatusCode}");
    }

    [Theory, SqliteData, PostgresData]
    public async Task OpenApi_document_describes_the_api(string provider)
    {
        var client = await (await App(provider)).Client(Roles.Agent);
        var doc = await Json(await client.GetAsync("/openapi/v1.json"));
        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/customers", "/api/v1/customers/{id}", "/api/v1/customers/{id}/360", "/api/v1/customers/{id}/interactions", "/api/v1/interactions", "/api/v1/auth/token" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"missing {path}");
        }

        var docs = await client.GetAsync("/api/docs/index.html");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Wrong_roles_get_403(string provider)
    {
        var app = await App(provider);
        var analyst = await app.Client(Roles.Analyst);
        var agent = await app.Client(Roles.Agent);
        var supervisor = await app.Client(Roles.Supervisor);
        var id = await CreateCustomer(agent);

        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync("/api/v1/customers", NewCustomer())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PutAsJsonAsync($"/api/v1/customers/{id}", NewCustomer())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync($"/api/v1/customers/{id}/interactions", new { channel = "phone", direction = "inbound", subject = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync($"/api/v1/customers/{id}/contacts", new { firstName = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.DeleteAsync($"/api/v1/customers/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PostAsJsonAsync("/api/v1/users", new { email = "x@test.local", password = VinculoApp.Password, role = "Agent" })).StatusCode);

        // The analyst can read.
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync($"/api/v1/customers/{id}/360")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await supervisor.DeleteAsync($"/api/v1/customers/{id}")).StatusCode);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Admin_manages_users(string provider)
    {
        var app = await App(provider);
        var admin = await app.Client(Roles.Admin);
        var email = $"new-{Guid.NewGuid():N}@test.local";
        var created = await admin.PostAsJsonAsync("/api/v1/users", new { email, password = VinculoApp.Password, role = "agent" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var list = await Json(await admin.GetAsync("/api/v1/users"));
        Assert.Contains(list.EnumerateArray(), u => u.GetProperty("email").GetString() == email && u.GetProperty("roles")[0].GetString() == "Agent");

        var bad = await AssertProblem(await admin.PostAsJsonAsync("/api/v1/users", new { email = "nope", password = "short", role = "Janitor" }), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("email", out _));
        var weak = await AssertProblem(await admin.PostAsJsonAsync("/api/v1/users", new { email = $"w{email}", password = "short", role = "Janitor" }), HttpStatusCode.BadRequest);
        Assert.True(weak.GetProperty("errors").TryGetProperty("role", out _));
        var dup = await AssertProblem(await admin.PostAsJsonAsync("/api/v1/users", new { email, password = VinculoApp.Password, role = "Agent" }), HttpStatusCode.BadRequest);
        Assert.True(dup.GetProperty("errors").TryGetProperty("email", out _));
    }
}
