using Microsoft.AspNetCore.Http.HttpResults;
using Vinculo.Core.Auth;
using Vinculo.Core.Commerce.Catalog;
using Vinculo.Core.Common;

namespace Vinculo.Web.Api;

public static class ProductEndpoints
{
    public static void MapProductEndpoints(this RouteGroupBuilder v1)
    {
        var products = v1.MapGroup("/products").WithTags("Products").RequireAuthorization(Policies.CommerceRead);

        products.MapGet("/", List).WithName("ListProducts")
            .WithSummary("The catalogue by SKU: q matches SKU and both names (every word, accents ignored); filters active and category. Keyset pagination.");
        products.MapGet("/{id:long}", Get).WithName("GetProduct");
        products.MapPost("/", Create).WithName("CreateProduct").RequireAuthorization(Policies.CatalogManage).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Adds a product. The SKU is unique (409 when taken); names in Spanish and English are required.");
        products.MapPut("/{id:long}", Update).WithName("UpdateProduct").RequireAuthorization(Policies.CatalogManage)
            .WithSummary("Replaces a product (send If-Match with its ETag). Products are never deleted: set active to false.");
    }

    private static async Task<Ok<Page<ProductDto>>> List(
        ProductService service, string? q, bool? active, string? category, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await service.List(new ProductQuery(q, active, category, cursor, limit), ct));

    private static async Task<Results<Ok<ProductDto>, NotFound>> Get(long id, ProductService service, HttpContext http, CancellationToken ct)
    {
        var product = await service.Get(id, ct);
        if (product is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, product.Version);
        return TypedResults.Ok(product);
    }

    private static async Task<Results<Created<ProductDto>, ValidationProblem, ProblemHttpResult>> Create(
        ProductInput input, ProductService service, HttpContext http, CancellationToken ct)
    {
        var product = await service.Create(input, ct);
        ETags.Set(http, product.Version);
        return TypedResults.Created($"/api/v1/products/{product.Id}", product);
    }

    private static async Task<Results<Ok<ProductDto>, NotFound, ValidationProblem, ProblemHttpResult>> Update(
        long id, ProductInput input, ProductService service, HttpContext http, CancellationToken ct)
    {
        var product = await service.Update(id, input, ETags.ExpectedVersion(http), ct);
        if (product is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, product.Version);
        return TypedResults.Ok(product);
    }
}
