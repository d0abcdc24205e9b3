using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Common;
using Vinculo.Core.Storage;
using Vinculo.Domain.Commerce;

namespace Vinculo.Core.Commerce.Catalog;

/// <summary>The product catalogue: list and search, read, create and change. Products are deactivated, never deleted.</summary>
public sealed class ProductService(VinculoDb db, TimeProvider clock)
{
    public const int DefaultWarrantyMonths = 36;

    /// <summary>Checks a product without touching the database (the SKU's uniqueness is checked on save).</summary>
    public static ValidationErrors Validate(ProductInput input, out Product product)
    {
        var errors = new ValidationErrors();
        var sku = input.Sku?.Trim();
        if (string.IsNullOrEmpty(sku))
        {
            errors.Add("sku", "Required.");
        }
        else if (!CatalogRules.IsValidSku(sku))
        {
            errors.Add("sku", $"At most {CatalogRules.MaxSkuLength} characters, without spaces.");
        }

        var nameEs = CommerceInput.Text(input.NameEs, "nameEs", CatalogRules.MaxNameLength, errors, required: true);
        var nameEn = CommerceInput.Text(input.NameEn, "nameEn", CatalogRules.MaxNameLength, errors, required: true);
        var category = CommerceInput.Text(input.Category, "category", CatalogRules.MaxCategoryLength, errors);
        var price = CommerceInput.Amount(input.ListPrice, "listPrice", errors, required: true);
        var currency = CommerceInput.Currency(input.Currency, "currency", errors);
        var warranty = input.WarrantyMonths ?? DefaultWarrantyMonths;
        if (warranty is < 0 or > CatalogRules.MaxWarrantyMonths)
        {
            errors.Add("warrantyMonths", $"Between 0 and {CatalogRules.MaxWarrantyMonths} months.");
        }

        product = new Product
        {
            Sku = sku ?? "",
            NameEs = nameEs ?? "",
            NameEn = nameEn ?? "",
            Category = category,
            ListPrice = price ?? 0,
            Currency = currency,
            WarrantyMonths = warranty,
            Active = input.Active ?? true,
        };
        product.SearchText = CatalogRules.SearchText(product.Sku, product.NameEs, product.NameEn);
        return errors;
    }

    public async Task<ProductDto> Create(ProductInput input, CancellationToken ct = default)
    {
        Validate(input, out var product).ThrowIfInvalid();
        await CheckSkuFree(product.Sku, null, ct);
        var now = CommerceInput.Now(clock);
        product.CreatedAt = now;
        product.UpdatedAt = now;
        product.Version = 1;
        db.Products.Add(product);
        await Save(product.Sku, null, ct);
        return ToDto(product);
    }

    public async Task<ProductDto?> Get(long id, CancellationToken ct = default) =>
        await db.Products.AsNoTracking().Where(p => p.Id == id).Select(p => ToDto(p)).FirstOrDefaultAsync(ct);

    /// <summary>A product by its exact SKU (as the forms take it), or null.</summary>
    public async Task<ProductDto?> FindBySku(string sku, CancellationToken ct = default)
    {
        var clean = sku.Trim();
        return await db.Products.AsNoTracking().Where(p => p.Sku == clean).Select(p => ToDto(p)).FirstOrDefaultAsync(ct);
    }

    /// <summary>Replaces the product's data; null when it does not exist.</summary>
    /// <exception cref="PreconditionFailedException">When <paramref name="expectedVersion"/> is not the current version.</exception>
    public async Task<ProductDto?> Update(long id, ProductInput input, long? expectedVersion, CancellationToken ct = default)
    {
        var product = await db.Products.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (product is null)
        {
            return null;
        }

        CommerceInput.CheckVersion(product.Version, expectedVersion, "product");
        Validate(input, out var next).ThrowIfInvalid();
        if (next.Sku != product.Sku)
        {
            await CheckSkuFree(next.Sku, id, ct);
        }

        product.Sku = next.Sku;
        product.NameEs = next.NameEs;
        product.NameEn = next.NameEn;
        product.Category = next.Category;
        product.ListPrice = next.ListPrice;
        product.Currency = next.Currency;
        product.WarrantyMonths = next.WarrantyMonths;
        product.Active = next.Active;
        product.SearchText = next.SearchText;
        product.UpdatedAt = CommerceInput.Now(clock);
        product.Version++;
        await Save(product.Sku, id, ct);
        return ToDto(product);
    }

    public async Task<Page<ProductDto>> List(ProductQuery query, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, 50);
        var after = Cursor.TryDecode(query.Cursor);
        if (query.Q is { Length: > 200 })
        {
            errors.Add("q", "At most 200 characters.");
        }

        errors.ThrowIfInvalid();
        var q = db.Products.AsNoTracking();
        foreach (var word in CatalogRules.QueryWords(query.Q))
        {
            q = q.Where(p => p.SearchText.Contains(word));
        }

        if (query.Active is { } active)
        {
            q = q.Where(p => p.Active == active);
        }

        if (!string.IsNullOrWhiteSpace(query.Category))
        {
            var category = query.Category.Trim();
            q = q.Where(p => p.Category == category);
        }

        if (after is not null)
        {
            q = q.Where(p => string.Compare(p.Sku, after) > 0);
        }

        var rows = await q.OrderBy(p => p.Sku).Take(limit + 1).Select(p => ToDto(p)).ToListAsync(ct);
        var hasMore = rows.Count > limit;
        var items = rows.Take(limit).ToList();
        return new Page<ProductDto>(items, hasMore ? Cursor.Encode(items[^1].Sku) : null);
    }

    /// <summary>The categories in use, alphabetically (for filters and suggestions).</summary>
    public async Task<IReadOnlyList<string>> Categories(CancellationToken ct = default) =>
        await db.Products.AsNoTracking().Where(p => p.Category != null).Select(p => p.Category!).Distinct().OrderBy(c => c).Take(500).ToListAsync(ct);

    /// <summary>Products by id, for the records that point at them.</summary>
    public static async Task<Dictionary<long, ProductRef>> Refs(VinculoDb db, IEnumerable<long> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        return await db.Products.AsNoTracking().Where(p => wanted.Contains(p.Id))
            .Select(p => new ProductRef(p.Id, p.Sku, p.NameEs, p.NameEn))
            .ToDictionaryAsync(p => p.Id, ct);
    }

    public static ProductDto ToDto(Product p) => new(
        p.Id, p.Sku, p.NameEs, p.NameEn, p.Category, p.ListPrice, p.Currency, p.WarrantyMonths, p.Active, p.CreatedAt, p.UpdatedAt, p.Version);

    private async Task CheckSkuFree(string sku, long? exceptId, CancellationToken ct)
    {
        if (await db.Products.AnyAsync(p => p.Sku == sku && p.Id != exceptId, ct))
        {
            throw new ConflictException(SkuTaken(sku));
        }
    }

    private Task Save(string sku, long? exceptId, CancellationToken ct) =>
        Saves.Save(db, "product", () => db.Products.AnyAsync(p => p.Sku == sku && p.Id != exceptId, ct), SkuTaken(sku), ct);

    private static string SkuTaken(string sku) => $"Another product already has the SKU '{sku}'. SKUs are unique.";
}
