using System.Net;
using System.Net.Http.Json;
using Vinculo.Core.Auth;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Web.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class OrderApiTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    private static HttpRequestMessage Status(long id, string status, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{id}/status") { Content = JsonContent.Create(new { status }) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return request;
    }

    [Theory, SqliteData, PostgresData]
    public async Task Create_read_list_and_move_an_order(string provider)
    {
        var app = await App(provider);
        var headphones = await ProductApiTests.CreateProduct(app, price: 19.99m);
        var cable = await ProductApiTests.CreateProduct(app, price: 4.5m);
        var agent = await app.Client(Roles.Agent);
        var customer = await CreateCustomer(agent);

        var created = await agent.PostAsJsonAsync("/api/v1/orders", new
        {
            customerId = customer,
            channel = "phone",
            lines = new object[]
            {
                new { productId = headphones, quantity = 2, discount = 5m },
                new { productId = cable, quantity = 3, unitPrice = 4m },
            },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await Json(created);
        var order = body.GetProperty("order");
        var id = order.GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/orders/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        Assert.Equal(2 * 19.99m - 5m + 12m, order.GetProperty("total").GetDecimal());
        Assert.Equal(2, order.GetProperty("lineCount").GetInt32());
        Assert.Equal("placed", order.GetProperty("status").GetString());
        Assert.Equal("phone", order.GetProperty("channel").GetString());
        Assert.EndsWith(id.ToString("D6", System.Globalization.CultureInfo.InvariantCulture), order.GetProperty("number").GetString(), StringComparison.Ordinal);
        Assert.Equal(["paid", "cancelled"], body.GetProperty("nextStatuses").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(34.98m, body.GetProperty("lines")[0].GetProperty("net").GetDecimal());

        var listed = await Json(await agent.GetAsync($"/api/v1/orders?customerId={customer}&status=placed&channel=phone"));
        Assert.Equal(id, listed.GetProperty("items")[0].GetProperty("id").GetInt64());

        // A move the workflow does not allow is 409 naming what is allowed.
        var wrong = await AssertProblem(await agent.SendAsync(Status(id, "shipped")), HttpStatusCode.Conflict);
        Assert.Equal(["paid", "cancelled"], wrong.GetProperty("allowedStatuses").EnumerateArray().Select(s => s.GetString()));
        await AssertProblem(await agent.SendAsync(Status(id, "paid", "\"3\"")), HttpStatusCode.PreconditionFailed);
        var paid = await agent.SendAsync(Status(id, "paid", "\"1\""));
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        Assert.Equal("\"2\"", paid.Headers.ETag!.Tag);
        Assert.Equal("paid", (await Json(paid)).GetProperty("order").GetProperty("status").GetString());
        await AssertProblem(await agent.SendAsync(Status(id, "teleported")), HttpStatusCode.BadRequest);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Mixed_currencies_bad_lines_and_taken_numbers_are_refused(string provider)
    {
        var app = await App(provider);
        var euros = await ProductApiTests.CreateProduct(app, currency: "EUR");
        var pounds = await ProductApiTests.CreateProduct(app, currency: "GBP");
        var agent = await app.Client(Roles.Agent);
        var customer = await CreateCustomer(agent);

        var mixed = await AssertProblem(await agent.PostAsJsonAsync("/api/v1/orders", new
        {
            customerId = customer, channel = "web", lines = new[] { new { productId = euros, quantity = 1 }, new { productId = pounds, quantity = 1 } },
        }), HttpStatusCode.BadRequest);
        Assert.True(mixed.GetProperty("errors").TryGetProperty("lines", out _));

        var bad = await AssertProblem(await agent.PostAsJsonAsync("/api/v1/orders", new
        {
            customerId = customer, channel = "web", lines = new object[] { new { productId = euros, quantity = 0 }, new { productId = euros, quantity = 1, unitPrice = 2m, discount = 3m } },
        }), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("lines[0].quantity", out _));
        Assert.True(bad.GetProperty("errors").TryGetProperty("lines[1].discount", out _));

        var number = "T-" + Guid.NewGuid().ToString("N")[..10];
        var first = new { customerId = customer, channel = "web", number, lines = new[] { new { productId = euros, quantity = 1 } } };
        Assert.Equal(HttpStatusCode.Created, (await agent.PostAsJsonAsync("/api/v1/orders", first)).StatusCode);
        await AssertProblem(await agent.PostAsJsonAsync("/api/v1/orders", first), HttpStatusCode.Conflict);

        await AssertProblem(await agent.GetAsync("/api/v1/orders?from=2026-05-01&to=2026-04-01"), HttpStatusCode.BadRequest);
        await AssertProblem(await agent.GetAsync("/api/v1/orders?from=yesterday"), HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync("/api/v1/orders/987654321")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.SendAsync(Status(987654321, "paid"))).StatusCode);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Analysts_read_orders_but_cannot_record_or_move_them(string provider)
    {
        var app = await App(provider);
        var product = await ProductApiTests.CreateProduct(app);
        var agent = await app.Client(Roles.Agent);
        var customer = await CreateCustomer(agent);
        var created = await agent.PostAsJsonAsync("/api/v1/orders", new { customerId = customer, channel = "web", lines = new[] { new { productId = product, quantity = 1 } } });
        var id = (await Json(created)).GetProperty("order").GetProperty("id").GetInt64();

        var analyst = await app.Client(Roles.Analyst);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync("/api/v1/orders", new { customerId = customer, channel = "web", lines = new[] { new { productId = product, quantity = 1 } } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.SendAsync(Status(id, "paid"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync($"/api/v1/orders/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync("/api/v1/orders?limit=5")).StatusCode);
    }
}
