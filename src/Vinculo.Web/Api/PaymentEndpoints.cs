using Microsoft.AspNetCore.Http.HttpResults;
using Vinculo.Core.Auth;
using Vinculo.Core.Commerce.Billing;
using Vinculo.Core.Common;

namespace Vinculo.Web.Api;

public static class PaymentEndpoints
{
    public static void MapPaymentEndpoints(this RouteGroupBuilder v1)
    {
        var payments = v1.MapGroup("/payments").WithTags("Payments").RequireAuthorization(Policies.CommerceRead);
        payments.MapGet("/", List).WithName("ListPayments")
            .WithSummary("Payments newest first, of a customer or an invoice (or all, by id).");
        payments.MapGet("/{id:long}", Get).WithName("GetPayment");
        payments.MapPost("/", Record).WithName("RecordPayment").RequireAuthorization(Policies.CommerceWrite).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Records a payment: applied to an open invoice of the customer (partial allowed, never more than it owes) or, without an invoice, money on account.");
    }

    private static async Task<Results<Ok<Page<PaymentDto>>, ValidationProblem>> List(
        PaymentService service, long? customerId, long? invoiceId, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await service.List(new PaymentQuery(customerId, invoiceId, cursor, limit), ct));

    private static async Task<Results<Ok<PaymentDto>, NotFound>> Get(long id, PaymentService service, CancellationToken ct) =>
        await service.Get(id, ct) is { } payment ? TypedResults.Ok(payment) : TypedResults.NotFound();

    private static async Task<Results<Created<PaymentDto>, ValidationProblem, ProblemHttpResult>> Record(
        PaymentInput input, PaymentService service, CancellationToken ct)
    {
        var payment = await service.Record(input, ct);
        return TypedResults.Created($"/api/v1/payments/{payment.Id}", payment);
    }
}
