using Microsoft.AspNetCore.Http.HttpResults;
using Vinculo.Core.Auth;
using Vinculo.Core.Commerce.Orders;
using Vinculo.Core.Common;

namespace Vinculo.Web.Api;

public static class OrderEndpoints
{
    public static void MapOrderEndpoints(this RouteGroupBuilder v1)
    {
        var orders = v1.MapGroup("/orders").WithTags("Orders").RequireAuthorization(Policies.CommerceRead);

        orders.MapGet("/", List).WithName("ListOrders")
            .WithSummary("Orders, newest first, by customer, status, channel and time (from inclusive, to exclusive). Keyset pagination.");
        orders.MapGet("/{id:long}", Get).WithName("GetOrder").WithSummary("An order with its lines and the statuses it can move to.");
        orders.MapPost("/", Create).WithName("CreateOrder").RequireAuthorization(Policies.CommerceWrite).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Records an order. Unit prices default to list prices; total and line count are computed; all products must share one currency.");
        orders.MapPost("/{id:long}/status", ChangeStatus).WithName("ChangeOrderStatus").RequireAuthorization(Policies.CommerceWrite).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Moves an order along placed → paid → shipped → delivered, or cancels it before shipping (send If-Match). 409 names the allowed statuses.");
    }

    private static async Task<Results<Ok<Page<OrderDto>>, ValidationProblem>> List(
        OrderService service, long? customerId, string? status, DateTime? from, DateTime? to, string? channel, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await service.List(new OrderQuery(customerId, status, from, to, channel, cursor, limit), ct));

    private static async Task<Results<Ok<OrderDetail>, NotFound>> Get(long id, OrderService service, HttpContext http, CancellationToken ct)
    {
        var order = await service.Get(id, ct);
        if (order is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, order.Order.Version);
        return TypedResults.Ok(order);
    }

    private static async Task<Results<Created<OrderDetail>, ValidationProblem, ProblemHttpResult>> Create(
        OrderInput input, OrderService service, HttpContext http, CancellationToken ct)
    {
        var order = await service.Create(input, ct);
        ETags.Set(http, order.Order.Version);
        return TypedResults.Created($"/api/v1/orders/{order.Order.Id}", order);
    }

    private static async Task<Results<Ok<OrderDetail>, NotFound, ValidationProblem, ProblemHttpResult>> ChangeStatus(
        long id, OrderStatusInput input, OrderService service, HttpContext http, CancellationToken ct)
    {
        try
        {
            var order = await service.ChangeStatus(id, input, ETags.ExpectedVersion(http), ct);
            if (order is null)
            {
                return TypedResults.NotFound();
            }

            ETags.Set(http, order.Order.Version);
            return TypedResults.Ok(order);
        }
        catch (OrderStatusConflictException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict.", detail: e.Message,
                extensions: new Dictionary<string, object?> { ["allowedStatuses"] = e.Allowed.Select(EnumText.Camel).ToArray() });
        }
    }
}
