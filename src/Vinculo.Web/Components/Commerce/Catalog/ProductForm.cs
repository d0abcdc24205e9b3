using Vinculo.Core.Commerce.Catalog;

namespace Vinculo.Web.Components.Commerce.Catalog;

/// <summary>What the product form posts.</summary>
public sealed class ProductForm
{
    public long Version { get; set; }
    public string? Sku { get; set; }
    public string? NameEs { get; set; }
    public string? NameEn { get; set; }
    public string? Category { get; set; }
    public decimal? ListPrice { get; set; }
    public string? Currency { get; set; } = "EUR";
    public int? WarrantyMonths { get; set; } = ProductService.DefaultWarrantyMonths;
    public bool Active { get; set; } = true;

    public static ProductForm From(ProductDto p) => new()
    {
        Version = p.Version,
        Sku = p.Sku,
        NameEs = p.NameEs,
        NameEn = p.NameEn,
        Category = p.Category,
        ListPrice = p.ListPrice,
        Currency = p.Currency,
        WarrantyMonths = p.WarrantyMonths,
        Active = p.Active,
    };

    public ProductInput ToInput() => new()
    {
        Sku = Sku,
        NameEs = NameEs,
        NameEn = NameEn,
        Category = Category,
        ListPrice = ListPrice,
        Currency = Currency,
        WarrantyMonths = WarrantyMonths,
        Active = Active,
    };
}
