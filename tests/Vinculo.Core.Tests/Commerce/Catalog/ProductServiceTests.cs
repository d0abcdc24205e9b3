using Vinculo.Core.Commerce.Catalog;
using Vinculo.Core.Common;
using Vinculo.Core.Tests.Infrastructure;

namespace Vinculo.Core.Tests.Commerce.Catalog;

public sealed class ProductServiceTests
{
    internal static ProductInput Fibre(string sku = "FIB-600") => new()
    {
        Sku = sku,
        NameEs = "Fibra óptica 600 Mb",
        NameEn = "Fibre 600 Mb",
        Category = "Internet",
        ListPrice = 35.9m,
        Currency = "eur",
        WarrantyMonths = 24,
    };

    [Theory, SqliteData, PostgresData]
    public async Task Create_get_and_search_by_sku_and_either_name_without_accents(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings);
        var fibre = await app.Run<ProductService, ProductDto>(s => s.Create(Fibre()));
        await app.Run<ProductService, ProductDto>(s => s.Create(new ProductInput
        {
            Sku = "MOV-10", NameEs = "Tarifa móvil 10 GB", NameEn = "Mobile plan 10 GB", Category = "Móvil", ListPrice = 12.3456m,
        }));

        Assert.Equal("EUR", fibre.Currency);
        Assert.Equal(35.9m, fibre.ListPrice);
        Assert.Equal(24, fibre.WarrantyMonths);
        Assert.True(fibre.Active);
        Assert.Equal(1, fibre.Version);
        var read = await app.Run<ProductService, ProductDto?>(s => s.Get(fibre.Id));
        Assert.Equal(fibre, read);

        async Task<List<string>> Find(string? q, bool? active = null, string? category = null) =>
            (await app.Run<ProductService, Page<ProductDto>>(s => s.List(new ProductQuery(q, active, category)))).Items.Select(p => p.Sku).ToList();

        Assert.Equal(["FIB-600"], await Find("OPTICA"));
        Assert.Equal(["FIB-600"], await Find("fibre 600"));
        Assert.Equal(["FIB-600"], await Find("fib-6"));
        Assert.Equal(["MOV-10"], await Find("movil"));
        Assert.Equal(["MOV-10"], await Find("mobile GB"));
        Assert.Empty(await Find("fibra móvil"));
        Assert.Equal(["FIB-600", "MOV-10"], await Find(null));
        Assert.Equal(["MOV-10"], await Find(null, category: "Móvil"));
        Assert.Equal(12.3456m, (await app.Run<ProductService, ProductDto?>(s => s.FindBySku(" MOV-10 ")))!.ListPrice);
        Assert.Equal(["Internet", "Móvil"], await app.Run<ProductService, IReadOnlyList<string>>(s => s.Categories()));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_sku_is_unique_on_create_and_on_update(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings);
        await app.Run<ProductService, ProductDto>(s => s.Create(Fibre("A-1")));
        var b = await app.Run<ProductService, ProductDto>(s => s.Create(Fibre("B-1")));

        var created = await Assert.ThrowsAsync<ConflictException>(() => app.Run<ProductService, ProductDto>(s => s.Create(Fibre("A-1"))));
        Assert.Contains("A-1", created.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ConflictException>(() => app.Run<ProductService, ProductDto?>(s => s.Update(b.Id, Fibre("A-1"), b.Version)));

        // Case matters: "a-1" is another SKU.
        await app.Run<ProductService, ProductDto>(s => s.Create(Fibre("a-1")));
        Assert.Equal(3, (await app.Run<ProductService, Page<ProductDto>>(s => s.List(new ProductQuery()))).Items.Count);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Update_needs_the_current_version_and_deactivates_instead_of_deleting(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings);
        var p = await app.Run<ProductService, ProductDto>(s => s.Create(Fibre()));

        var off = await app.Run<ProductService, ProductDto?>(s => s.Update(p.Id, Fibre() with { Active = false, ListPrice = 39m }, 1));
        Assert.False(off!.Active);
        Assert.Equal(2, off.Version);
        await Assert.ThrowsAsync<PreconditionFailedException>(() => app.Run<ProductService, ProductDto?>(s => s.Update(p.Id, Fibre(), 1)));
        Assert.Null(await app.Run<ProductService, ProductDto?>(s => s.Update(987_654, Fibre(), null)));

        Assert.Equal([p.Id], (await app.Run<ProductService, Page<ProductDto>>(s => s.List(new ProductQuery(Active: false)))).Items.Select(x => x.Id));
        Assert.Empty((await app.Run<ProductService, Page<ProductDto>>(s => s.List(new ProductQuery(Active: true)))).Items);
    }

    [Fact]
    public void Validation_names_every_field()
    {
        var errors = ProductService.Validate(new ProductInput
        {
            Sku = "HAS SPACE", NameEs = " ", ListPrice = 1.23456m, Currency = "EURO", WarrantyMonths = 121,
        }, out _).ToDictionary();
        Assert.Equal(["currency", "listPrice", "nameEn", "nameEs", "sku", "warrantyMonths"], errors.Keys.Order(StringComparer.Ordinal));

        Assert.True(ProductService.Validate(Fibre() with { ListPrice = -1 }, out _).ToDictionary().ContainsKey("listPrice"));
        Assert.True(ProductService.Validate(Fibre() with { ListPrice = null }, out _).ToDictionary().ContainsKey("listPrice"));
        Assert.True(ProductService.Validate(Fibre() with { ListPrice = 0, WarrantyMonths = 0 }, out _).IsValid);
        Assert.True(ProductService.Validate(Fibre() with { WarrantyMonths = 120 }, out _).IsValid);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_catalogue_pages_by_sku_without_gaps_or_repeats(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings);
        foreach (var sku in new[] { "P-07", "P-01", "P-05", "P-03", "P-02", "P-06", "P-04" })
        {
            await app.Run<ProductService, ProductDto>(s => s.Create(Fibre(sku)));
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await app.Run<ProductService, Page<ProductDto>>(s => s.List(new ProductQuery("fibra", Cursor: cursor, Limit: 3)));
            seen.AddRange(page.Items.Select(p => p.Sku));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(["P-01", "P-02", "P-03", "P-04", "P-05", "P-06", "P-07"], seen);
    }
}
