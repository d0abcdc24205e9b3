using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Auth;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Interactions;
using Vinculo.Web.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class ReturnApiTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    [Theory, SqliteData, PostgresData]
    public async Task Returns_open_from_a_line_and_follow_the_workflow(string provider)
    {
        var app = await App(provider);
        var client = await app.Client(Roles.Agent);
        var customer = await CreateCustomer(client);
        var line = (await AfterSalesSeed.Order(app, customer, DateTime.UtcNow.AddDays(-7), quantity: 3, unitPrice: 15m, warrantyMonths: 24)).LineId;

        var lines = await Json(await client.GetAsync($"/api/v1/customers/{customer}/purchased-lines"));
        Assert.Equal(line, lines.GetProperty("items")[0].GetProperty("orderLineId").GetInt64());
        Assert.Equal(3, lines.GetProperty("items")[0].GetProperty("returnable").GetInt32());

        var created = await client.PostAsJsonAsync("/api/v1/returns", new { orderLineId = line, quantity = 2, reason = "wrongItem", note = "Talla equivocada" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        var body = await Json(created);
        var id = body.GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/returns/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal(30m, body.GetProperty("refundAmount").GetDecimal());
        Assert.Equal("requested", body.GetProperty("status").GetString());
        Assert.Equal("wrongItem", body.GetProperty("reason").GetString());
        Assert.Equal(["approved", "rejected"], body.GetProperty("nextStatuses").EnumerateArray().Select(s => s.GetString()));

        var tooMany = await AssertProblem(await client.PostAsJsonAsync("/api/v1/returns", new { orderLineId = line, quantity = 2, reason = "damaged" }), HttpStatusCode.BadRequest);
        Assert.Contains("Only 1", tooMany.GetProperty("errors").GetProperty("quantity")[0].GetString());
        var bad = await AssertProblem(await client.PostAsJsonAsync("/api/v1/returns", new { orderLineId = line, reason = "bored" }), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("quantity", out _));
        Assert.True(bad.GetProperty("errors").TryGetProperty("reason", out _));

        var skip = await AssertProblem(await client.PostAsJsonAsync($"/api/v1/returns/{id}/status", new { status = "refunded" }), HttpStatusCode.Conflict);
        Assert.Contains("approved, rejected", skip.GetProperty("detail").GetString());

        var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/returns/{id}/status") { Content = JsonContent.Create(new { status = "approved" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"5\"");
        await AssertProblem(await client.SendAsync(stale), HttpStatusCode.PreconditionFailed);

        var approve = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/returns/{id}/status") { Content = JsonContent.Create(new { status = "approved" }) };
        approve.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        var approved = await client.SendAsync(approve);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("\"2\"", approved.Headers.ETag!.Tag);
        var rejected = await Json(await client.PostAsJsonAsync($"/api/v1/returns/{id}/status", new { status = "rejected" }));
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, rejected.GetProperty("resolvedAt").ValueKind);

        // The rejected units can be returned again.
        Assert.Equal(3, (await Json(await client.GetAsync($"/api/v1/customers/{customer}/purchased-lines"))).GetProperty("items")[0].GetProperty("returnable").GetInt32());

        var list = await Json(await client.GetAsync($"/api/v1/returns?customerId={customer}&status=rejected"));
        Assert.Equal(id, list.GetProperty("items")[0].GetProperty("id").GetInt64());
        var timeline = await Json(await client.GetAsync($"/api/v1/customers/{customer}/interactions?moment=postPurchase"));
        Assert.StartsWith("Devolución solicitada: 2 ×", timeline.GetProperty("items")[0].GetProperty("subject").GetString());

        const long missing = 987_654_321;
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/returns/{missing}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/returns/{missing}/status", new { status = "approved" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/customers/{missing}/purchased-lines")).StatusCode);
        await AssertProblem(await client.GetAsync("/api/v1/returns?status=lost"), HttpStatusCode.BadRequest);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Warranty_claims_are_refused_after_the_warranty_and_move_through_their_states(string provider)
    {
        var app = await App(provider);
        var client = await app.Client(Roles.Supervisor);
        var customer = await CreateCustomer(client);
        var recent = (await AfterSalesSeed.Order(app, customer, DateTime.UtcNow.AddMonths(-3), quantity: 1, unitPrice: 200m, warrantyMonths: 24)).LineId;
        var old = (await AfterSalesSeed.Order(app, customer, new DateTime(2020, 1, 15, 10, 0, 0, DateTimeKind.Utc), quantity: 1, unitPrice: 200m, warrantyMonths: 24)).LineId;

        var expired = await AssertProblem(await client.PostAsJsonAsync("/api/v1/warranty-claims", new { orderLineId = old, description = "No enciende" }), HttpStatusCode.BadRequest);
        Assert.Contains("expired on 2022-01-15", expired.GetProperty("errors").GetProperty("orderLineId")[0].GetString());
        await AssertProblem(await client.PostAsJsonAsync("/api/v1/warranty-claims", new { orderLineId = recent }), HttpStatusCode.BadRequest);

        var created = await client.PostAsJsonAsync("/api/v1/warranty-claims", new { orderLineId = recent, description = "No enciende", channel = "inPerson" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var claim = await Json(created);
        var id = claim.GetProperty("id").GetInt64();
        Assert.Equal("open", claim.GetProperty("status").GetString());

        await AssertProblem(await client.PostAsJsonAsync($"/api/v1/warranty-claims/{id}/status", new { status = "resolved" }), HttpStatusCode.Conflict);
        var accepted = await client.PostAsJsonAsync($"/api/v1/warranty-claims/{id}/status", new { status = "accepted" });
        Assert.Equal("\"2\"", accepted.Headers.ETag!.Tag);
        var resolved = await Json(await client.PostAsJsonAsync($"/api/v1/warranty-claims/{id}/status", new { status = "resolved", resolution = "Reparado" }));
        Assert.Equal("Reparado", resolved.GetProperty("resolution").GetString());

        var get = await client.GetAsync($"/api/v1/warranty-claims/{id}");
        Assert.Equal("\"3\"", get.Headers.ETag!.Tag);
        var list = await Json(await client.GetAsync($"/api/v1/warranty-claims?customerId={customer}"));
        Assert.Equal(1, list.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/warranty-claims/987654321")).StatusCode);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Analysts_read_returns_and_claims_but_cannot_open_or_move_them(string provider)
    {
        var app = await App(provider);
        var agent = await app.Client(Roles.Agent);
        var analyst = await app.Client(Roles.Analyst);
        var customer = await CreateCustomer(agent);
        var line = (await AfterSalesSeed.Order(app, customer, DateTime.UtcNow.AddDays(-1), quantity: 1, unitPrice: 9m, warrantyMonths: 36)).LineId;
        var returned = await Json(await agent.PostAsJsonAsync("/api/v1/returns", new { orderLineId = line, quantity = 1, reason = "late" }));
        var claim = await Json(await agent.PostAsJsonAsync("/api/v1/warranty-claims", new { orderLineId = line, description = "Roto" }));

        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync("/api/v1/returns", new { orderLineId = line, quantity = 1, reason = "late" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync($"/api/v1/returns/{returned.GetProperty("id").GetInt64()}/status", new { status = "approved" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync("/api/v1/warranty-claims", new { orderLineId = line, description = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync($"/api/v1/warranty-claims/{claim.GetProperty("id").GetInt64()}/status", new { status = "accepted" })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync($"/api/v1/returns/{returned.GetProperty("id").GetInt64()}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync("/api/v1/returns")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync($"/api/v1/warranty-claims/{claim.GetProperty("id").GetInt64()}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync($"/api/v1/customers/{customer}/purchased-lines")).StatusCode);
    }
}

/// <summary>Products and orders written straight to the app's database (the order API belongs to another slice).</summary>
internal static class AfterSalesSeed
{
    public static async Task<(long OrderId, long LineId)> Order(VinculoApp app, long customerId, DateTime orderedAt, int quantity, decimal unitPrice, int warrantyMonths)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VinculoDb>();
        var now = Timestamps.Truncate(DateTime.UtcNow);
        var product = new Product
        {
            Sku = $"T-{Guid.NewGuid():N}"[..14], NameEs = "Zapatillas de running", NameEn = "Running shoes", ListPrice = unitPrice, Currency = "EUR",
            WarrantyMonths = warrantyMonths, SearchText = "zapatillas running", CreatedAt = now, UpdatedAt = now, Version = 1,
        };
        db.Products.Add(product);
        await db.SaveChangesAsync();
        var order = new Order
        {
            CustomerId = customerId, Number = $"W-{Guid.NewGuid():N}"[..14], Channel = Channel.Web, Status = OrderStatus.Delivered,
            OrderedAt = Timestamps.Truncate(orderedAt), Currency = "EUR", Total = quantity * unitPrice, LineCount = 1, CreatedAt = now, UpdatedAt = now, Version = 1,
        };
        order.Lines.Add(new OrderLine { CustomerId = customerId, ProductId = product.Id, LineNo = 1, Quantity = quantity, UnitPrice = unitPrice });
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        return (order.Id, order.Lines[0].Id);
    }
}
