using System.Net;
using System.Net.Http.Json;
using Vinculo.Core.Auth;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Web.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class ContractApiTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    private static HttpRequestMessage Post(string url, object body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return request;
    }

    [Theory, SqliteData, PostgresData]
    public async Task Sign_up_modify_and_cancel_with_history_and_etags(string provider)
    {
        var app = await App(provider);
        var fibre = await ProductApiTests.CreateProduct(app, price: 30m);
        var mobile = await ProductApiTests.CreateProduct(app, price: 12.5m);
        var client = await app.Client(Roles.Agent);
        var customer = await CreateCustomer(client);

        var signed = await client.PostAsJsonAsync("/api/v1/contracts", new { customerId = customer, productId = fibre, billingPeriod = "yearly" });
        Assert.Equal(HttpStatusCode.Created, signed.StatusCode);
        var body = await Json(signed);
        var contract = body.GetProperty("contract");
        var id = contract.GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/contracts/{id}", signed.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", signed.Headers.ETag!.Tag);
        Assert.Equal(30m, contract.GetProperty("price").GetDecimal());
        Assert.Equal("yearly", contract.GetProperty("billingPeriod").GetString());
        Assert.Equal("active", contract.GetProperty("status").GetString());
        Assert.Equal("signUp", body.GetProperty("changes")[0].GetProperty("kind").GetString());
        Assert.Equal("agent", body.GetProperty("changes")[0].GetProperty("agentName").GetString());

        await AssertProblem(await client.SendAsync(Post($"/api/v1/contracts/{id}/modifications", new { productId = mobile }, "\"5\"")), HttpStatusCode.PreconditionFailed);
        var modified = await client.SendAsync(Post($"/api/v1/contracts/{id}/modifications", new { productId = mobile, price = 11m, reason = "Oferta de retención" }, "\"1\""));
        Assert.Equal(HttpStatusCode.OK, modified.StatusCode);
        Assert.Equal("\"2\"", modified.Headers.ETag!.Tag);
        var change = (await Json(modified)).GetProperty("changes")[1];
        Assert.Equal("modification", change.GetProperty("kind").GetString());
        Assert.Equal(fibre, change.GetProperty("previousProduct").GetProperty("id").GetInt64());
        Assert.Equal(30m, change.GetProperty("previousPrice").GetDecimal());
        Assert.Equal(11m, change.GetProperty("price").GetDecimal());

        var noReason = await AssertProblem(await client.SendAsync(Post($"/api/v1/contracts/{id}/cancellation", new { })), HttpStatusCode.BadRequest);
        Assert.True(noReason.GetProperty("errors").TryGetProperty("reason", out _));
        var cancelled = await client.SendAsync(Post($"/api/v1/contracts/{id}/cancellation", new { reason = "Se va a la competencia" }, "\"2\""));
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (await Json(cancelled)).GetProperty("contract").GetProperty("status").GetString());

        // Only an active contract changes.
        await AssertProblem(await client.SendAsync(Post($"/api/v1/contracts/{id}/cancellation", new { reason = "otra vez" })), HttpStatusCode.Conflict);
        await AssertProblem(await client.SendAsync(Post($"/api/v1/contracts/{id}/modifications", new { price = 1m })), HttpStatusCode.Conflict);

        var history = await Json(await client.GetAsync($"/api/v1/contracts/{id}"));
        Assert.Equal(["signUp", "modification", "cancellation"], history.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("kind").GetString()));
        var list = await Json(await client.GetAsync($"/api/v1/contracts?customerId={customer}&status=cancelled"));
        Assert.Equal(id, list.GetProperty("items")[0].GetProperty("id").GetInt64());

        // Each change is on the customer's timeline.
        var timeline = await Json(await client.GetAsync($"/api/v1/customers/{customer}/interactions"));
        Assert.Equal(3, timeline.GetProperty("items").GetArrayLength());
    }

    [Theory, SqliteData, PostgresData]
    public async Task Bad_input_is_400_unknown_is_404_and_analysts_cannot_write(string provider)
    {
        var app = await App(provider);
        var product = await ProductApiTests.CreateProduct(app);
        var agent = await app.Client(Roles.Agent);
        var customer = await CreateCustomer(agent);

        var bad = await AssertProblem(await agent.PostAsJsonAsync("/api/v1/contracts", new { customerId = 987654321, productId = product, price = -5, billingPeriod = "weekly" }),
            HttpStatusCode.BadRequest);
        foreach (var field in new[] { "customerId", "price", "billingPeriod" })
        {
            Assert.True(bad.GetProperty("errors").TryGetProperty(field, out _), field);
        }

        await AssertProblem(await agent.GetAsync("/api/v1/contracts?status=paused"), HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync("/api/v1/contracts/987654321")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.SendAsync(Post("/api/v1/contracts/987654321/modifications", new { price = 1m }))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.SendAsync(Post("/api/v1/contracts/987654321/cancellation", new { reason = "x" }))).StatusCode);

        var id = (await Json(await agent.PostAsJsonAsync("/api/v1/contracts", new { customerId = customer, productId = product }))).GetProperty("contract").GetProperty("id").GetInt64();
        var analyst = await app.Client(Roles.Analyst);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync("/api/v1/contracts", new { customerId = customer, productId = product })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.SendAsync(Post($"/api/v1/contracts/{id}/modifications", new { price = 1m }))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.SendAsync(Post($"/api/v1/contracts/{id}/cancellation", new { reason = "x" }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync($"/api/v1/contracts/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync($"/api/v1/contracts?customerId={customer}")).StatusCode);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_sign_up_retried_with_the_same_idempotency_key_signs_once(string provider)
    {
        var app = await App(provider);
        var product = await ProductApiTests.CreateProduct(app);
        var agent = await app.Client(Roles.Agent);
        var customer = await CreateCustomer(agent);
        var key = Guid.NewGuid().ToString();
        for (var i = 0; i < 2; i++)
        {
            var request = Post("/api/v1/contracts", new { customerId = customer, productId = product });
            request.Headers.Add("Idempotency-Key", key);
            Assert.Equal(HttpStatusCode.Created, (await agent.SendAsync(request)).StatusCode);
        }

        var list = await Json(await agent.GetAsync($"/api/v1/contracts?customerId={customer}"));
        Assert.Equal(1, list.GetProperty("items").GetArrayLength());
    }
}
