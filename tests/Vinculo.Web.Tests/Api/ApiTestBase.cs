using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vinculo.Web.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Api;

public abstract class ApiTestBase(ApiFixture fixture)
{
    protected Task<VinculoApp> App(string provider) => fixture.App(provider);

    protected static object NewCustomer(string first = "Marta", string last = "Sánchez") => new
    {
        firstName = first,
        lastName = last,
        lifecycle = "active",
        emails = new[] { new { address = $"{Guid.NewGuid():N}@example.com" } },
        phones = new[] { new { number = "612 34 56 78" } },
    };

    protected static async Task<JsonElement> Json(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    protected static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Json(response);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    protected static async Task<long> CreateCustomer(HttpClient client, object? body = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/customers", body ?? NewCustomer());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json(response)).GetProperty("id").GetInt64();
    }
}
