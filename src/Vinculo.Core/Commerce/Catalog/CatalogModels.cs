namespace Vinculo.Core.Commerce.Catalog;

/// <summary>
/// A product as written by the API and the forms. On create and on replace (PUT) alike, an omitted currency is EUR,
/// omitted warranty months are 36 and an omitted active flag is true.
/// </summary>
public sealed record ProductInput
{
    public string? Sku { get; init; }
    public string? NameEs { get; init; }
    public string? NameEn { get; init; }
    public string? Category { get; init; }
    public decimal? ListPrice { get; init; }
    /// <summary>ISO 4217 code (EUR when omitted).</summary>
    public string? Currency { get; init; }
    /// <summary>0–120 (36 when omitted).</summary>
    public int? WarrantyMonths { get; init; }
    /// <summary>False takes the product out of sale; products are never deleted.</summary>
    public bool? Active { get; init; }
}

public sealed record ProductDto(
    long Id,
    string Sku,
    string NameEs,
    string NameEn,
    string? Category,
    decimal ListPrice,
    string Currency,
    int WarrantyMonths,
    bool Active,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    long Version)
{
    public string Name(string language) => language == "en" ? NameEn : NameEs;
}

/// <summary>A product as other records show it: enough to name and link it.</summary>
public sealed record ProductRef(long Id, string Sku, string NameEs, string NameEn)
{
    public string Name(string language) => language == "en" ? NameEn : NameEs;
}

/// <summary>Catalogue list: <c>q</c> matches SKU and both names (every word, accents ignored); pages by SKU.</summary>
public sealed record ProductQuery(string? Q = null, bool? Active = null, string? Category = null, string? Cursor = null, int? Limit = null);
