using Microsoft.AspNetCore.Http.HttpResults;
using Vinculo.Core.Auth;
using Vinculo.Core.Commerce.Contracts;
using Vinculo.Core.Common;

namespace Vinculo.Web.Api;

public static class ContractEndpoints
{
    public static void MapContractEndpoints(this RouteGroupBuilder v1)
    {
        var contracts = v1.MapGroup("/contracts").WithTags("Contracts").RequireAuthorization(Policies.CommerceRead);

        contracts.MapGet("/", List).WithName("ListContracts")
            .WithSummary("Contracts, newest start first, by customer, status (active, cancelled) and product. Keyset pagination.");
        contracts.MapGet("/{id:long}", Get).WithName("GetContract").WithSummary("A contract with its history of sign-up, modifications and cancellation.");
        contracts.MapPost("/", SignUp).WithName("SignUpContract").RequireAuthorization(Policies.CommerceWrite).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Signs a customer up for an active product; the price defaults to the product's list price. Logged on the customer's timeline.");
        contracts.MapPost("/{id:long}/modifications", Modify).WithName("ModifyContract").RequireAuthorization(Policies.CommerceWrite).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Changes the product, the price or both of an active contract (send If-Match). 409 when the contract is cancelled.");
        contracts.MapPost("/{id:long}/cancellation", Cancel).WithName("CancelContract").RequireAuthorization(Policies.CommerceWrite).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Cancels an active contract with a reason and the date it takes effect (send If-Match). 409 when already cancelled.");
    }

    private static async Task<Results<Ok<Page<ContractDto>>, ValidationProblem>> List(
        ContractService service, long? customerId, string? status, long? productId, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await service.List(new ContractQuery(customerId, status, productId, cursor, limit), ct));

    private static async Task<Results<Ok<ContractDetail>, NotFound>> Get(long id, ContractService service, HttpContext http, CancellationToken ct)
    {
        var contract = await service.Get(id, ct);
        if (contract is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, contract.Contract.Version);
        return TypedResults.Ok(contract);
    }

    private static async Task<Results<Created<ContractDetail>, ValidationProblem>> SignUp(
        ContractInput input, ContractService service, HttpContext http, CancellationToken ct)
    {
        var contract = await service.SignUp(input, http.User.Actor(), ct);
        ETags.Set(http, contract.Contract.Version);
        return TypedResults.Created($"/api/v1/contracts/{contract.Contract.Id}", contract);
    }

    private static async Task<Results<Ok<ContractDetail>, NotFound, ValidationProblem, ProblemHttpResult>> Modify(
        long id, ContractModificationInput input, ContractService service, HttpContext http, CancellationToken ct) =>
        Found(http, await service.Modify(id, input, ETags.ExpectedVersion(http), http.User.Actor(), ct));

    private static async Task<Results<Ok<ContractDetail>, NotFound, ValidationProblem, ProblemHttpResult>> Cancel(
        long id, ContractCancellationInput input, ContractService service, HttpContext http, CancellationToken ct) =>
        Found(http, await service.Cancel(id, input, ETags.ExpectedVersion(http), http.User.Actor(), ct));

    private static Results<Ok<ContractDetail>, NotFound, ValidationProblem, ProblemHttpResult> Found(HttpContext http, ContractDetail? contract)
    {
        if (contract is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, contract.Contract.Version);
        return TypedResults.Ok(contract);
    }
}
