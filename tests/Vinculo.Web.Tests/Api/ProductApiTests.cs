using System.Net;
using System.Net.Http.Json;
using Vinculo.Core.Auth;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Web.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class ProductApiTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    internal static string NewSku(string prefix = "SKU") => $"{prefix}-{Guid.NewGuid():N}"[..20].ToUpperInvariant();

    internal static object NewProduct(string sku, decimal price = 19.99m, string currency = "EUR", bool active = true) => new
    {
        sku,
        nameEs = "Auriculares inalámbricos " + sku,
        nameEn = "Wireless headphones " + sku,
        category = "Audio",
        listPrice = price,
        currency,
        warrantyMonths = 36,
        active,
    };

    /// <summary>Creates a product as a catalogue manager; returns its id.</summary>
    internal static async Task<long> CreateProduct(VinculoApp app, string? sku = null, decimal price = 19.99m, string currency = "EUR")
    {
        var client = await app.Client(Roles.Supervisor);
        var response = await client.PostAsJsonAsync("/api/v1/products", NewProduct(sku ?? NewSku(), price, currency));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json(response)).GetProperty("id").GetInt64();
    }

    [Theory, SqliteData, PostgresData]
    public async Task Create_read_search_and_update_with_etags(string provider)
    {
        var app = await App(provider);
        var client = await app.Client(Roles.Supervisor);
        var sku = NewSku("AUR");

        var created = await client.PostAsJsonAsync("/api/v1/products", NewProduct(sku, 19.9999m));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await Json(created);
        var id = body.GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/products/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        Assert.Equal(19.9999m, body.GetProperty("listPrice").GetDecimal());
        Assert.True(body.GetProperty("active").GetBoolean());

        // Every role reads; search by the Spanish name without accents and by the SKU.
        var analyst = await app.Client(Roles.Analyst);
        var get = await analyst.GetAsync($"/api/v1/products/{id}");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("\"1\"", get.Headers.ETag!.Tag);
        var found = await Json(await analyst.GetAsync($"/api/v1/products?q={Uri.EscapeDataString("INALAMBRICOS " + sku.ToLowerInvariant())}"));
        Assert.Equal(id, found.GetProperty("items")[0].GetProperty("id").GetInt64());
        Assert.Equal(1, found.GetProperty("items").GetArrayLength());

        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/products/{id}") { Content = JsonContent.Create(NewProduct(sku, 25m, active: false)) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"9\"");
        await AssertProblem(await client.SendAsync(stale), HttpStatusCode.PreconditionFailed);

        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/products/{id}") { Content = JsonContent.Create(NewProduct(sku, 25m, active: false)) };
        put.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        var updated = await client.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("\"2\"", updated.Headers.ETag!.Tag);
        Assert.False((await Json(updated)).GetProperty("active").GetBoolean());

        var inactive = await Json(await analyst.GetAsync($"/api/v1/products?q={sku}&active=false"));
        Assert.Equal(1, inactive.GetProperty("items").GetArrayLength());
        Assert.Equal(0, (await Json(await analyst.GetAsync($"/api/v1/products?q={sku}&active=true"))).GetProperty("items").GetArrayLength());
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_taken_sku_is_409_bad_input_400_unknown_404(string provider)
    {
        var app = await App(provider);
        var client = await app.Client(Roles.Admin);
        var sku = NewSku("DUP");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/products", NewProduct(sku))).StatusCode);
        var conflict = await AssertProblem(await client.PostAsJsonAsync("/api/v1/products", NewProduct(sku)), HttpStatusCode.Conflict);
        Assert.Contains(sku, conflict.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var bad = await AssertProblem(await client.PostAsJsonAsync("/api/v1/products", new
        {
            sku = "with space", nameEs = "", listPrice = 1.00001m, currency = "euro", warrantyMonths = 200,
        }), HttpStatusCode.BadRequest);
        var errors = bad.GetProperty("errors");
        foreach (var field in new[] { "sku", "nameEs", "nameEn", "listPrice", "currency", "warrantyMonths" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }

        await AssertProblem(await client.GetAsync("/api/v1/products?limit=0"), HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/products/987654321")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync("/api/v1/products/987654321", NewProduct(NewSku()))).StatusCode);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Only_catalogue_managers_change_the_catalogue(string provider)
    {
        var app = await App(provider);
        var id = await CreateProduct(app);
        foreach (var role in new[] { Roles.Agent, Roles.Analyst })
        {
            var client = await app.Client(role);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/v1/products", NewProduct(NewSku()))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsJsonAsync($"/api/v1/products/{id}", NewProduct(NewSku()))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/products/{id}")).StatusCode);
        }

        var anonymous = await app.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/products")).StatusCode);
    }
}
