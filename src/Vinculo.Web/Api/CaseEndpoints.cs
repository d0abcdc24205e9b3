using Microsoft.AspNetCore.Http.HttpResults;
using Vinculo.Core.Auth;
using Vinculo.Core.Common;
using Vinculo.Core.Service.Cases;

namespace Vinculo.Web.Api;

public static class CaseEndpoints
{
    public static void MapCaseEndpoints(this RouteGroupBuilder v1)
    {
        var cases = v1.MapGroup("/cases").WithTags("Cases").RequireAuthorization(Policies.ServiceRead);

        cases.MapGet("/", List).WithName("ListCases")
            .WithSummary("A queue: view mine, team, unassigned or all (default); filters teamId, status (repeatable), priority, type, customerId, "
                + "tag, q (subject), state (active by default, resolved, closed, any), rfmSegment and minChurn (0-1) from the customer's analytics scores. Ordered by customer value, priority, nearest SLA due "
                + "time, age. Keyset pagination with the total of the filtered queue.");
        cases.MapGet("/{id:long}", Get).WithName("GetCase")
            .WithSummary("A case with its customer's temperament, tags, links, the statuses it can move to and its SLA computed now.");
        cases.MapPost("/", Create).WithName("CreateCase").RequireAuthorization(Policies.ServiceWork).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Opens a case. A team with an assignment strategy assigns it automatically. occurredAt (back-dating) is for administrators only.");
        cases.MapPatch("/{id:long}", Update).WithName("UpdateCase").RequireAuthorization(Policies.ServiceWork)
            .WithSummary("Changes subject, description, type, priority, team, assignee, tags or links (send If-Match). Omitted fields stay; "
                + "assigneeId \"\" unassigns, teamId/orderId/invoiceId/contractId 0 remove, tags [] clears.");
        cases.MapPost("/{id:long}/replies", Reply).WithName("ReplyToCase").RequireAuthorization(Policies.ServiceWork).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("A public reply from an agent (default) or the customer; also logged on the customer's timeline. 409 on a closed case.");
        cases.MapPost("/{id:long}/notes", Note).WithName("AddCaseNote").RequireAuthorization(Policies.ServiceWork).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("An internal note: agents only, meets no SLA target.");
        cases.MapPost("/{id:long}/status", ChangeStatus).WithName("ChangeCaseStatus").RequireAuthorization(Policies.ServiceWork).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Moves the case along its workflow (If-Match optional). 409 names the allowed statuses.");
        cases.MapGet("/{id:long}/events", History).WithName("ListCaseEvents")
            .WithSummary("The case's history, oldest first, with who did what and the details. Keyset pagination.");

        v1.MapGet("/customers/{id:long}/cases", ForCustomer).WithName("ListCustomerCases").WithTags("Cases")
            .RequireAuthorization(Policies.ServiceRead)
            .WithSummary("A customer's cases, newest first; state active, resolved, closed or any (default). Keyset pagination.");
    }

    private static async Task<Results<Ok<CaseQueuePage>, ValidationProblem>> List(
        CaseService service, HttpContext http, string? view, long? teamId, string[]? status, string? priority, string? type, long? customerId,
        string? tag, string? q, string? state, string? cursor, int? limit, string? rfmSegment, string? minChurn, CancellationToken ct) =>
        TypedResults.Ok(await service.List(new CaseQuery(view, teamId, status, priority, type, customerId, tag, q, state, cursor, limit, rfmSegment, minChurn),
            http.User.Actor(), ct));

    private static async Task<Results<Ok<CaseDto>, NotFound>> Get(long id, CaseService service, HttpContext http, CancellationToken ct)
    {
        var found = await service.Get(id, ct);
        if (found is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, found.Version);
        return TypedResults.Ok(found);
    }

    private static async Task<Results<Created<CaseDto>, ValidationProblem, ProblemHttpResult>> Create(
        CaseInput input, CaseService service, HttpContext http, CancellationToken ct)
    {
        if (BackDating(http, input.OccurredAt) is { } forbidden)
        {
            return forbidden;
        }

        var created = await service.Create(input, http.User.Actor(), ct);
        ETags.Set(http, created.Version);
        return TypedResults.Created($"/api/v1/cases/{created.Id}", created);
    }

    private static async Task<Results<Ok<CaseDto>, NotFound, ValidationProblem, ProblemHttpResult>> Update(
        long id, CaseUpdateInput input, CaseService service, HttpContext http, CancellationToken ct) =>
        BackDating(http, input.OccurredAt) ?? Found(http, await service.Update(id, input, ETags.ExpectedVersion(http), http.User.Actor(), ct));

    private static async Task<Results<Ok<CaseDto>, NotFound, ValidationProblem, ProblemHttpResult>> Reply(
        long id, CaseReplyInput input, CaseService service, HttpContext http, CancellationToken ct) =>
        BackDating(http, input.OccurredAt) ?? Found(http, await service.Reply(id, input, http.User.Actor(), ct));

    private static async Task<Results<Ok<CaseDto>, NotFound, ValidationProblem, ProblemHttpResult>> Note(
        long id, CaseNoteInput input, CaseService service, HttpContext http, CancellationToken ct) =>
        BackDating(http, input.OccurredAt) ?? Found(http, await service.Note(id, input, http.User.Actor(), ct));

    private static async Task<Results<Ok<CaseDto>, NotFound, ValidationProblem, ProblemHttpResult>> ChangeStatus(
        long id, CaseStatusInput input, CaseService service, HttpContext http, CancellationToken ct)
    {
        if (BackDating(http, input.OccurredAt) is { } forbidden)
        {
            return forbidden;
        }

        try
        {
            return Found(http, await service.Transition(id, input, ETags.ExpectedVersion(http), http.User.Actor(), ct));
        }
        catch (CaseStatusConflictException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict.", detail: e.Message,
                extensions: new Dictionary<string, object?> { ["allowedStatuses"] = e.Allowed.Select(EnumText.Camel).ToArray() });
        }
    }

    private static async Task<Results<Ok<Page<CaseEventDto>>, NotFound, ValidationProblem>> History(
        long id, CaseService service, string? cursor, int? limit, CancellationToken ct) =>
        await service.History(id, new CaseHistoryQuery(cursor, limit), ct) is { } page ? TypedResults.Ok(page) : TypedResults.NotFound();

    private static async Task<Results<Ok<Page<CaseListItem>>, NotFound, ValidationProblem>> ForCustomer(
        long id, CaseService service, string? state, string? cursor, int? limit, CancellationToken ct) =>
        await service.ForCustomer(id, new CustomerCaseQuery(state, cursor, limit), ct) is { } page ? TypedResults.Ok(page) : TypedResults.NotFound();

    /// <summary>Back-dating (occurredAt) is for administrators migrating history: anyone else gets a 403 problem.</summary>
    private static ProblemHttpResult? BackDating(HttpContext http, DateTime? occurredAt) =>
        occurredAt is null || http.User.IsInRole(Roles.Admin)
            ? null
            : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.",
                detail: "Only administrators may set occurredAt: back-dating is for migrating history.");

    private static Results<Ok<CaseDto>, NotFound, ValidationProblem, ProblemHttpResult> Found(HttpContext http, CaseDto? found)
    {
        if (found is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, found.Version);
        return TypedResults.Ok(found);
    }
}
