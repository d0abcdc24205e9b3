using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Vinculo.Core.Auth;
using Vinculo.Core.Commerce.Billing;
using Vinculo.Core.Common;

namespace Vinculo.Web.Api;

/// <summary>Invoices and credit notes, a customer's account and the receivables (aging) list.</summary>
public static class InvoiceEndpoints
{
    public static void MapInvoiceEndpoints(this RouteGroupBuilder v1)
    {
        var invoices = v1.MapGroup("/invoices").WithTags("Invoices").RequireAuthorization(Policies.CommerceRead);
        invoices.MapGet("/", List).WithName("ListInvoices")
            .WithSummary("A customer's invoices newest first, or all by id; status open (not yet due), overdue, paid or cancelled, computed against the clock.");
        invoices.MapGet("/{id:long}", Get).WithName("GetInvoice")
            .WithSummary("One invoice with the payments and credit notes applied, what it still owes and its days overdue.");
        invoices.MapPost("/", Create).WithName("CreateInvoice").RequireAuthorization(Policies.CommerceWrite).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Issues an invoice; the number is generated when not given, the total is the order's when orderId is given.");
        invoices.MapPost("/{id:long}/cancellation", Cancel).WithName("CancelInvoice").RequireAuthorization(Policies.CommerceWrite)
            .WithSummary("Cancels an invoice with nothing paid or credited (409 otherwise). Honours If-Match.");
        invoices.MapPost("/{id:long}/credit-notes", CreditNote).WithName("CreditInvoice").RequireAuthorization(Policies.CommerceWrite)
            .AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Issues a credit note for at most what the invoice still owes and applies it. If-Match is the credited invoice's version.");

        var customers = v1.MapGroup("/customers").WithTags("Invoices").RequireAuthorization(Policies.CommerceRead);
        customers.MapGet("/{id:long}/account", Account).WithName("GetCustomerAccount")
            .WithSummary("Balance, overdue amount, days overdue, aging buckets and open invoices, per currency.");

        var receivables = v1.MapGroup("/receivables").WithTags("Invoices").RequireAuthorization(Policies.CommerceRead);
        receivables.MapGet("/", Receivables).WithName("ListReceivables")
            .WithSummary("Customers with overdue debt, most overdue first, with their aging; filter by minimum days overdue or by the bucket of the oldest debt.");
        receivables.MapGet("/totals", Totals).WithName("ReceivablesTotals")
            .WithSummary("All overdue debt per currency: customers, invoices, amount and aging.");
        receivables.MapGet("/export", Export).WithName("ExportReceivables")
            .WithSummary("The whole receivables list (same filters) as CSV.");
    }

    private static async Task<Results<Ok<Page<InvoiceSummary>>, ValidationProblem>> List(
        InvoiceService service, long? customerId, string? status, DateTime? from, DateTime? to, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await service.List(new InvoiceQuery(customerId, status, from, to, cursor, limit), ct));

    private static async Task<Results<Ok<InvoiceDto>, NotFound>> Get(long id, InvoiceService service, HttpContext http, CancellationToken ct)
    {
        var invoice = await service.Get(id, ct);
        if (invoice is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, invoice.Version);
        return TypedResults.Ok(invoice);
    }

    private static async Task<Results<Created<InvoiceDto>, ValidationProblem, ProblemHttpResult>> Create(
        InvoiceInput input, InvoiceService service, HttpContext http, CancellationToken ct)
    {
        var invoice = await service.Create(input, ct);
        ETags.Set(http, invoice.Version);
        return TypedResults.Created($"/api/v1/invoices/{invoice.Id}", invoice);
    }

    private static async Task<Results<Ok<InvoiceDto>, NotFound, ProblemHttpResult>> Cancel(long id, InvoiceService service, HttpContext http, CancellationToken ct)
    {
        var invoice = await service.Cancel(id, ETags.ExpectedVersion(http), ct);
        if (invoice is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, invoice.Version);
        return TypedResults.Ok(invoice);
    }

    private static async Task<Results<Created<InvoiceDto>, NotFound, ValidationProblem, ProblemHttpResult>> CreditNote(
        long id, CreditNoteInput input, InvoiceService service, HttpContext http, CancellationToken ct)
    {
        var note = await service.CreditNote(id, input, ETags.ExpectedVersion(http), ct);
        return note is null ? TypedResults.NotFound() : TypedResults.Created($"/api/v1/invoices/{note.Id}", note);
    }

    private static async Task<Results<Ok<CustomerAccount>, NotFound>> Account(long id, ReceivablesService service, CancellationToken ct) =>
        await service.Account(id, ct) is { } account ? TypedResults.Ok(account) : TypedResults.NotFound();

    private static async Task<Results<Ok<Page<ReceivableRow>>, ValidationProblem>> Receivables(
        ReceivablesService service, int? minDaysOverdue, string? bucket, string? currency, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await service.List(new ReceivablesQuery(minDaysOverdue, bucket, currency, cursor, limit), ct));

    private static async Task<Ok<IReadOnlyList<ReceivablesTotal>>> Totals(ReceivablesService service, CancellationToken ct) =>
        TypedResults.Ok(await service.Totals(ct));

    private static Results<PushStreamHttpResult, ValidationProblem> Export(
        ReceivablesService service, int? minDaysOverdue, string? bucket, string? currency)
    {
        var query = new ReceivablesQuery(minDaysOverdue, bucket, currency);
        service.Validate(query);
        return TypedResults.Stream(async stream =>
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            await service.ExportCsv(query, writer);
            await writer.FlushAsync();
        }, "text/csv; charset=utf-8", "receivables.csv");
    }
}
