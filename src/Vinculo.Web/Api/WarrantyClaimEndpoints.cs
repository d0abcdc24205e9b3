using Microsoft.AspNetCore.Http.HttpResults;
using Vinculo.Core.Auth;
using Vinculo.Core.Commerce.AfterSales;
using Vinculo.Core.Common;

namespace Vinculo.Web.Api;

public static class WarrantyClaimEndpoints
{
    public static void MapWarrantyClaimEndpoints(this RouteGroupBuilder v1)
    {
        var claims = v1.MapGroup("/warranty-claims").WithTags("Warranty claims").RequireAuthorization(Policies.CommerceRead);
        claims.MapGet("/", List).WithName("ListWarrantyClaims").WithSummary("Warranty claims newest first, of a customer or all, by status.");
        claims.MapGet("/{id:long}", Get).WithName("GetWarrantyClaim");
        claims.MapPost("/", Create).WithName("CreateWarrantyClaim").RequireAuthorization(Policies.CommerceWrite).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Opens a claim on an order line while its warranty runs (400 saying when it expired otherwise). Logged on the customer's timeline.");
        claims.MapPost("/{id:long}/status", Move).WithName("MoveWarrantyClaim").RequireAuthorization(Policies.CommerceWrite)
            .WithSummary("open → accepted | rejected; accepted → resolved (409 lists the allowed moves); an optional resolution text. Honours If-Match.");
    }

    private static async Task<Results<Ok<Page<WarrantyClaimDto>>, ValidationProblem>> List(
        WarrantyClaimService service, long? customerId, string? status, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await service.List(new WarrantyClaimQuery(customerId, status, cursor, limit), ApiSetup.Language, ct));

    private static async Task<Results<Ok<WarrantyClaimDto>, NotFound>> Get(long id, WarrantyClaimService service, HttpContext http, CancellationToken ct)
    {
        var claim = await service.Get(id, ApiSetup.Language, ct);
        if (claim is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, claim.Version);
        return TypedResults.Ok(claim);
    }

    private static async Task<Results<Created<WarrantyClaimDto>, ValidationProblem, ProblemHttpResult>> Create(
        WarrantyClaimInput input, WarrantyClaimService service, HttpContext http, CancellationToken ct)
    {
        var claim = await service.Create(input, http.User.Actor(), ApiSetup.Language, ct);
        ETags.Set(http, claim.Version);
        return TypedResults.Created($"/api/v1/warranty-claims/{claim.Id}", claim);
    }

    private static async Task<Results<Ok<WarrantyClaimDto>, NotFound, ValidationProblem, ProblemHttpResult>> Move(
        long id, StatusInput input, WarrantyClaimService service, HttpContext http, CancellationToken ct)
    {
        var claim = await service.Move(id, input, ETags.ExpectedVersion(http), ApiSetup.Language, ct);
        if (claim is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, claim.Version);
        return TypedResults.Ok(claim);
    }
}
