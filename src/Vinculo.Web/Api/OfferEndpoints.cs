using Microsoft.AspNetCore.Http.HttpResults;
using Vinculo.Core.Auth;
using Vinculo.Core.Common;
using Vinculo.Core.Offers;
using Vinculo.Domain.Offers;

namespace Vinculo.Web.Api;

/// <summary>One next best action with its texts in the request's language (Accept-Language, ?culture= or the cookie).</summary>
public sealed record NextBestActionView(
    NextBestActionKind Kind,
    string Code,
    string Title,
    NextBestActionReason Reason,
    string ReasonText,
    IReadOnlyDictionary<string, string> ReasonArgs,
    double Score,
    long? PromotionId,
    long? ProductId,
    long? InvoiceId,
    long? CaseId,
    string? Detail)
{
    public static NextBestActionView From(NextBestAction a, string language) => new(
        a.Kind, a.Code, a.TitleIn(language), a.Reason, a.ReasonIn(language), a.ReasonArgs, a.Score,
        a.PromotionId, a.ProductId, a.InvoiceId, a.CaseId, a.Detail?.In(language));
}

/// <summary>
/// Promotions (everybody signed in reads them; supervisors and administrators write them), a customer's next best
/// actions and eligible promotions, the "why not" eligibility check, and the customers' answers to offers (recorded by
/// whoever may log interactions).
/// </summary>
public static class OfferEndpoints
{
    public static void MapOfferEndpoints(this RouteGroupBuilder v1)
    {
        var offers = v1.MapGroup("/offers").WithTags("Offers").RequireAuthorization(Policies.OffersRead);
        offers.MapGet("/choices", Choices).WithName("PromotionChoices")
            .WithSummary("The tiers, segments, channels and products a promotion's eligibility may name.");

        var promotions = offers.MapGroup("/promotions");
        promotions.MapGet("/", List).WithName("ListPromotions")
            .WithSummary("Promotions, newest first, filterable by status (draft, active, paused, ended), validity (upcoming, current, past) and code prefix q. Keyset pagination.");
        promotions.MapPost("/", Create).WithName("CreatePromotion").RequireAuthorization(Policies.OffersManage).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Adds a draft promotion: code (unique, 409), names and offer texts in Spanish and English, inclusive validity dates, "
                + "priority 0-1000, eligibility (segments, tiers, channels, ownsAll, ownsAny, notOwned).");
        promotions.MapGet("/{id:long}", Get).WithName("GetPromotion");
        promotions.MapPut("/{id:long}", Update).WithName("UpdatePromotion").RequireAuthorization(Policies.OffersManage)
            .WithSummary("Replaces a promotion's texts, dates, priority and eligibility (send If-Match; 412 when stale). The status changes through activate, pause and end.");
        promotions.MapDelete("/{id:long}", Delete).WithName("DeletePromotion").RequireAuthorization(Policies.OffersManage)
            .WithSummary("Deletes a promotion nobody was offered (409 otherwise: end it instead).");
        promotions.MapPost("/{id:long}/activate", Activate).WithName("ActivatePromotion").RequireAuthorization(Policies.OffersManage)
            .WithSummary("Draft or paused → active; 409 when ended or its last day has passed.");
        promotions.MapPost("/{id:long}/pause", Pause).WithName("PausePromotion").RequireAuthorization(Policies.OffersManage)
            .WithSummary("Active → paused; 409 otherwise.");
        promotions.MapPost("/{id:long}/end", End).WithName("EndPromotion").RequireAuthorization(Policies.OffersManage)
            .WithSummary("Ends the promotion for good.");
        promotions.MapGet("/{id:long}/eligibility", Eligibility).WithName("PromotionEligibility")
            .WithSummary("Whether customerId may be offered the promotion now on channel, with every unmet rule (status, dates, channel, segment, tier, products).");

        var customers = v1.MapGroup("/customers/{id:long}").WithTags("Offers").RequireAuthorization(Policies.OffersRead);
        customers.MapGet("/next-best-actions", NextBestActions).WithName("NextBestActions")
            .WithSummary("What to do with the customer now, best first, each with its reason: collect overdue invoices, resolve open cases, "
                + "retention, promotions, cross-sell, missing contact data.");
        customers.MapGet("/eligible-promotions", EligiblePromotions).WithName("EligiblePromotions")
            .WithSummary("The current promotions the customer may be offered on channel, highest priority first.");
        customers.MapGet("/promotion-responses", Responses).WithName("PromotionResponses")
            .WithSummary("The customer's latest answers to offers, newest first.");
        customers.MapPost("/promotion-responses", Respond).WithName("RecordPromotionResponse").RequireAuthorization(Policies.CustomersWrite)
            .AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Records an offer made (offered) or the customer's answer (accepted, declined); an acceptance is also an interaction on the timeline.");
    }

    private static async Task<Ok<PromotionChoices>> Choices(PromotionService service, CancellationToken ct) =>
        TypedResults.Ok(await service.Choices(null, ct));

    private static async Task<Ok<Page<PromotionDto>>> List(
        PromotionService service, string? status, string? validity, string? q, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await service.List(new PromotionQuery(status, validity, q, cursor, limit), ct));

    private static async Task<Results<Created<PromotionDto>, ValidationProblem, ProblemHttpResult>> Create(
        PromotionInput input, PromotionService service, HttpContext http, CancellationToken ct)
    {
        var promotion = await service.Create(input, ct);
        ETags.Set(http, promotion.Version);
        return TypedResults.Created($"/api/v1/offers/promotions/{promotion.Id}", promotion);
    }

    private static async Task<Results<Ok<PromotionDto>, NotFound>> Get(long id, PromotionService service, HttpContext http, CancellationToken ct) =>
        Found(http, await service.Get(id, ct));

    private static async Task<Results<Ok<PromotionDto>, NotFound, ValidationProblem, ProblemHttpResult>> Update(
        long id, PromotionInput input, PromotionService service, HttpContext http, CancellationToken ct)
    {
        var promotion = await service.Update(id, input, ETags.ExpectedVersion(http), ct);
        if (promotion is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, promotion.Version);
        return TypedResults.Ok(promotion);
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> Delete(long id, PromotionService service, HttpContext http, CancellationToken ct) =>
        await service.Delete(id, ETags.ExpectedVersion(http), ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static Task<Results<Ok<PromotionDto>, NotFound, ProblemHttpResult>> Activate(long id, PromotionService service, HttpContext http, CancellationToken ct) =>
        Change(id, PromotionCommand.Activate, service, http, ct);

    private static Task<Results<Ok<PromotionDto>, NotFound, ProblemHttpResult>> Pause(long id, PromotionService service, HttpContext http, CancellationToken ct) =>
        Change(id, PromotionCommand.Pause, service, http, ct);

    private static Task<Results<Ok<PromotionDto>, NotFound, ProblemHttpResult>> End(long id, PromotionService service, HttpContext http, CancellationToken ct) =>
        Change(id, PromotionCommand.End, service, http, ct);

    private static async Task<Results<Ok<PromotionDto>, NotFound, ProblemHttpResult>> Change(
        long id, PromotionCommand command, PromotionService service, HttpContext http, CancellationToken ct)
    {
        var promotion = await service.Change(id, command, ETags.ExpectedVersion(http), ct);
        if (promotion is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, promotion.Version);
        return TypedResults.Ok(promotion);
    }

    private static async Task<Results<Ok<EligibilityResult>, NotFound, ValidationProblem>> Eligibility(
        long id, long? customerId, string? channel, NextBestActionService service, CancellationToken ct)
    {
        if (customerId is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["customerId"] = ["Required."] });
        }

        return await service.EligibilityAsync(id, customerId.Value, channel, ct) is { } result ? TypedResults.Ok(result) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<IReadOnlyList<NextBestActionView>>, NotFound, ValidationProblem>> NextBestActions(
        long id, string? channel, NextBestActionService service, CancellationToken ct)
    {
        if (await service.ForCustomerAsync(id, channel, ct) is not { } actions)
        {
            return TypedResults.NotFound();
        }

        var language = ApiSetup.Language;
        return TypedResults.Ok<IReadOnlyList<NextBestActionView>>([.. actions.Select(a => NextBestActionView.From(a, language))]);
    }

    private static async Task<Results<Ok<IReadOnlyList<EligiblePromotion>>, NotFound, ValidationProblem>> EligiblePromotions(
        long id, string? channel, NextBestActionService service, CancellationToken ct) =>
        await service.EligiblePromotionsAsync(id, channel, ct) is { } list ? TypedResults.Ok(list) : TypedResults.NotFound();

    private static async Task<Results<Ok<IReadOnlyList<PromotionResponseDto>>, NotFound, ValidationProblem>> Responses(
        long id, int? limit, PromotionResponseService service, CancellationToken ct) =>
        await service.ForCustomer(id, limit, ct) is { } list ? TypedResults.Ok(list) : TypedResults.NotFound();

    private static async Task<Results<Created<PromotionResponseDto>, NotFound, ValidationProblem, ProblemHttpResult>> Respond(
        long id, PromotionResponseInput input, PromotionResponseService service, HttpContext http, CancellationToken ct) =>
        await service.Record(id, input, http.User.Actor(), ct) is { } response
            ? TypedResults.Created($"/api/v1/customers/{id}/promotion-responses/{response.Id}", response)
            : TypedResults.NotFound();

    private static Results<Ok<PromotionDto>, NotFound> Found(HttpContext http, PromotionDto? promotion)
    {
        if (promotion is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, promotion.Version);
        return TypedResults.Ok(promotion);
    }
}
