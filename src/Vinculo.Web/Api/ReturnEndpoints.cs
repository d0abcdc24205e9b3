using Microsoft.AspNetCore.Http.HttpResults;
using Vinculo.Core.Auth;
using Vinculo.Core.Commerce.AfterSales;
using Vinculo.Core.Common;

namespace Vinculo.Web.Api;

public static class ReturnEndpoints
{
    public static void MapReturnEndpoints(this RouteGroupBuilder v1)
    {
        var returns = v1.MapGroup("/returns").WithTags("Returns").RequireAuthorization(Policies.CommerceRead);
        returns.MapGet("/", List).WithName("ListReturns").WithSummary("Returns newest first, of a customer or all, by status.");
        returns.MapGet("/{id:long}", Get).WithName("GetReturn");
        returns.MapPost("/", Create).WithName("CreateReturn").RequireAuthorization(Policies.CommerceWrite).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Opens a return of some units of an order line; the refund defaults to the line's net share. Logged on the customer's timeline.");
        returns.MapPost("/{id:long}/status", Move).WithName("MoveReturn").RequireAuthorization(Policies.CommerceWrite)
            .WithSummary("requested → approved | rejected; approved → received | rejected; received → refunded (409 lists the allowed moves). Honours If-Match.");

        var customers = v1.MapGroup("/customers").WithTags("Returns").RequireAuthorization(Policies.CommerceRead);
        customers.MapGet("/{id:long}/purchased-lines", PurchasedLines).WithName("ListPurchasedLines")
            .WithSummary("The customer's order lines, newest orders first (pages of orders), with the units that can still be returned and the warranty.");
    }

    private static async Task<Results<Ok<Page<ReturnDto>>, ValidationProblem>> List(
        ReturnService service, long? customerId, string? status, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await service.List(new ReturnQuery(customerId, status, cursor, limit), ApiSetup.Language, ct));

    private static async Task<Results<Ok<ReturnDto>, NotFound>> Get(long id, ReturnService service, HttpContext http, CancellationToken ct)
    {
        var row = await service.Get(id, ApiSetup.Language, ct);
        if (row is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, row.Version);
        return TypedResults.Ok(row);
    }

    private static async Task<Results<Created<ReturnDto>, ValidationProblem, ProblemHttpResult>> Create(
        ReturnInput input, ReturnService service, HttpContext http, CancellationToken ct)
    {
        var row = await service.Create(input, http.User.Actor(), ApiSetup.Language, ct);
        ETags.Set(http, row.Version);
        return TypedResults.Created($"/api/v1/returns/{row.Id}", row);
    }

    private static async Task<Results<Ok<ReturnDto>, NotFound, ValidationProblem, ProblemHttpResult>> Move(
        long id, StatusInput input, ReturnService service, HttpContext http, CancellationToken ct)
    {
        var row = await service.Move(id, input, ETags.ExpectedVersion(http), ApiSetup.Language, ct);
        if (row is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, row.Version);
        return TypedResults.Ok(row);
    }

    private static async Task<Results<Ok<Page<PurchasedLine>>, NotFound, ValidationProblem>> PurchasedLines(
        long id, ReturnService service, string? cursor, int? limit, CancellationToken ct) =>
        await service.PurchasedLines(id, cursor, limit, ApiSetup.Language, ct) is { } page ? TypedResults.Ok(page) : TypedResults.NotFound();
}
