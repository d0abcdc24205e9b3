using Microsoft.AspNetCore.Http.HttpResults;
using Vinculo.Core.Auth;
using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Core.Interactions;

namespace Vinculo.Web.Api;

public static class CustomerEndpoints
{
    public static void MapCustomerEndpoints(this RouteGroupBuilder v1)
    {
        var customers = v1.MapGroup("/customers").WithTags("Customers").RequireAuthorization(Policies.CustomersRead);

        customers.MapGet("/", Search).WithName("SearchCustomers")
            .WithSummary("List or search customers (name prefix in any order, e-mail, phone in any formatting, id, tax id). Keyset pagination.");
        customers.MapPost("/", Create).WithName("CreateCustomer").RequireAuthorization(Policies.CustomersWrite).AddEndpointFilter<IdempotencyFilter>();
        customers.MapGet("/{id:long}", Get).WithName("GetCustomer");
        customers.MapPut("/{id:long}", Update).WithName("UpdateCustomer").RequireAuthorization(Policies.CustomersWrite);
        customers.MapDelete("/{id:long}", Delete).WithName("DeleteCustomer").RequireAuthorization(Policies.CustomersDelete);
        customers.MapGet("/{id:long}/360", Get360).WithName("GetCustomer360")
            .WithSummary("Profile, contacts, consents, temperament guidance, the last 50 interactions and counts per channel.");

        customers.MapGet("/{id:long}/contacts", Contacts).WithName("ListContacts");
        customers.MapPost("/{id:long}/contacts", AddContact).WithName("AddContact").RequireAuthorization(Policies.CustomersWrite).AddEndpointFilter<IdempotencyFilter>();
        customers.MapPut("/{id:long}/contacts/{contactId:long}", UpdateContact).WithName("UpdateContact").RequireAuthorization(Policies.CustomersWrite);
        customers.MapDelete("/{id:long}/contacts/{contactId:long}", DeleteContact).WithName("DeleteContact").RequireAuthorization(Policies.CustomersWrite);

        customers.MapGet("/{id:long}/interactions", Timeline).WithName("CustomerTimeline")
            .WithSummary("The customer's interactions, newest first, filterable by channel and journey moment.");
        customers.MapPost("/{id:long}/interactions", LogInteraction).WithName("LogInteraction").RequireAuthorization(Policies.CustomersWrite).AddEndpointFilter<IdempotencyFilter>();
    }

    private static async Task<Ok<Page<CustomerSummary>>> Search(
        CustomerService service, string? q, string? lifecycle, string? tag, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await service.Search(new CustomerQuery(q, lifecycle, tag, cursor, limit), ct));

    private static async Task<Results<Created<CustomerDto>, ValidationProblem>> Create(
        CustomerInput input, CustomerService service, HttpContext http, CancellationToken ct)
    {
        var customer = await service.Create(input, ct);
        ETags.Set(http, customer.Version);
        return TypedResults.Created($"/api/v1/customers/{customer.Id}", customer);
    }

    private static async Task<Results<Ok<CustomerDto>, NotFound>> Get(long id, CustomerService service, HttpContext http, CancellationToken ct)
    {
        var customer = await service.Get(id, ct);
        if (customer is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, customer.Version);
        return TypedResults.Ok(customer);
    }

    private static async Task<Results<Ok<CustomerDto>, NotFound, ValidationProblem, ProblemHttpResult>> Update(
        long id, CustomerInput input, CustomerService service, HttpContext http, CancellationToken ct)
    {
        var customer = await service.Update(id, input, ETags.ExpectedVersion(http), ct);
        if (customer is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, customer.Version);
        return TypedResults.Ok(customer);
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> Delete(long id, CustomerService service, HttpContext http, CancellationToken ct) =>
        await service.Delete(id, ETags.ExpectedVersion(http), ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<Ok<Customer360>, NotFound>> Get360(long id, CustomerService service, HttpContext http, CancellationToken ct)
    {
        var view = await service.Get360(id, ApiSetup.Language, ct);
        if (view is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, view.Customer.Version);
        return TypedResults.Ok(view);
    }

    private static async Task<Results<Ok<IReadOnlyList<ContactDto>>, NotFound>> Contacts(long id, CustomerService service, CancellationToken ct) =>
        await service.Contacts(id, ct) is { } list ? TypedResults.Ok(list) : TypedResults.NotFound();

    private static async Task<Results<Created<ContactDto>, NotFound, ValidationProblem>> AddContact(
        long id, ContactInput input, CustomerService service, CancellationToken ct) =>
        await service.AddContact(id, input, ct) is { } contact
            ? TypedResults.Created($"/api/v1/customers/{id}/contacts/{contact.Id}", contact)
            : TypedResults.NotFound();

    private static async Task<Results<Ok<ContactDto>, NotFound, ValidationProblem>> UpdateContact(
        long id, long contactId, ContactInput input, CustomerService service, CancellationToken ct) =>
        await service.UpdateContact(id, contactId, input, ct) is { } contact ? TypedResults.Ok(contact) : TypedResults.NotFound();

    private static async Task<Results<NoContent, NotFound>> DeleteContact(long id, long contactId, CustomerService service, CancellationToken ct) =>
        await service.DeleteContact(id, contactId, ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<Ok<Page<InteractionDto>>, NotFound, ValidationProblem>> Timeline(
        long id, InteractionService service, string? channel, string? moment, string? cursor, int? limit, CancellationToken ct) =>
        await service.Timeline(id, new TimelineQuery(channel, moment, cursor, limit), ct) is { } page ? TypedResults.Ok(page) : TypedResults.NotFound();

    private static async Task<Results<Created<InteractionDto>, NotFound, ValidationProblem>> LogInteraction(
        long id, InteractionInput input, InteractionService service, HttpContext http, CancellationToken ct) =>
        await service.Log(id, input, http.User.Actor(), ct) is { } interaction
            ? TypedResults.Created($"/api/v1/customers/{id}/interactions/{interaction.Id}", interaction)
            : TypedResults.NotFound();
}
