using Microsoft.AspNetCore.Http.HttpResults;
using Vinculo.Core.Analytics.Scores;
using Vinculo.Core.Auth;
using Vinculo.Core.Common;

namespace Vinculo.Web.Api;

/// <summary>
/// The analytics' scores where the front line uses them: a customer's scores (whoever may read the customer), the
/// scored-customers list (analysts, supervisors, administrators) and the payment-default alerts with their actions
/// (supervisors and administrators).
/// </summary>
public static class AnalyticsEndpoints
{
    public static void MapAnalyticsEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapGet("/customers/{id:long}/scores", CustomerScores).WithName("CustomerScores").WithTags("Analytics")
            .RequireAuthorization(Policies.CustomersRead)
            .WithSummary("The customer's current analytics scores: RFM segment and values, cluster, churn and default probabilities with their top "
                + "factors, lifetime value, next products and the open default alert. scored is false (and the scores null) when no run scored "
                + "the customer; 404 when the customer does not exist.");

        var analytics = v1.MapGroup("/analytics").WithTags("Analytics");
        analytics.MapGet("/customers", List).WithName("ListScoredCustomers").RequireAuthorization(Policies.AnalyticsRead)
            .WithSummary("Scored customers, highest first by sort (churn — default —, default, value; customers without that figure last), "
                + "filtered by segment, cluster, minChurn, minDefault (0-1) and minValue (lifetime value). Keyset pagination, limit 1-200 (50).");
        analytics.MapGet("/customers/choices", Choices).WithName("ScoredCustomerChoices").RequireAuthorization(Policies.AnalyticsRead)
            .WithSummary("The RFM segments and clusters of the latest run, for the list's filters.");
        analytics.MapGet("/alerts", Alerts).WithName("ListDefaultAlerts").RequireAuthorization(Policies.AnalyticsManage)
            .WithSummary("Payment-default alerts: open ones first, then the handled ones, newest first; status filters (open, caseOpened, dismissed). "
                + "Keyset pagination.");
        analytics.MapGet("/alerts/{id:long}", Alert).WithName("GetDefaultAlert").RequireAuthorization(Policies.AnalyticsManage);
        analytics.MapPost("/alerts/{id:long}/case", OpenCase).WithName("OpenCaseFromDefaultAlert").RequireAuthorization(Policies.AnalyticsManage)
            .AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Opens a proactive service case for the alert's customer (type request, channel phone, priority high unless given) and "
                + "links it to the alert. 409 when the alert is not open.");
        analytics.MapPost("/alerts/{id:long}/dismiss", Dismiss).WithName("DismissDefaultAlert").RequireAuthorization(Policies.AnalyticsManage)
            .AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Dismisses an open alert with a reason (required). 409 when the alert is not open.");
    }

    private static async Task<Results<Ok<CustomerScoresDto>, NotFound>> CustomerScores(long id, CustomerScoreService service, CancellationToken ct) =>
        await service.ForCustomer(id, ct) is { } scores ? TypedResults.Ok(scores) : TypedResults.NotFound();

    private static async Task<Results<Ok<Page<ScoredCustomerItem>>, ValidationProblem>> List(
        CustomerScoreService service, string? segment, string? cluster, string? minChurn, string? minDefault, string? minValue, string? sort,
        string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await service.List(new ScoredCustomerQuery(segment, cluster, minChurn, minDefault, minValue, sort, cursor, limit), ct));

    private static async Task<Ok<ScoreChoices>> Choices(CustomerScoreService service, CancellationToken ct) =>
        TypedResults.Ok(await service.Choices(ct));

    private static async Task<Results<Ok<Page<DefaultAlertDto>>, ValidationProblem>> Alerts(
        DefaultAlertService service, string? status, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await service.List(new DefaultAlertQuery(status, cursor, limit), ct));

    private static async Task<Results<Ok<DefaultAlertDto>, NotFound>> Alert(long id, DefaultAlertService service, CancellationToken ct) =>
        await service.Get(id, ct) is { } alert ? TypedResults.Ok(alert) : TypedResults.NotFound();

    private static async Task<Results<Ok<DefaultAlertDto>, NotFound, ValidationProblem, ProblemHttpResult>> OpenCase(
        long id, AlertCaseInput? input, DefaultAlertService service, HttpContext http, CancellationToken ct) =>
        await service.OpenCase(id, input ?? new AlertCaseInput(), http.User.Actor(), ct) is { } alert ? TypedResults.Ok(alert) : TypedResults.NotFound();

    private static async Task<Results<Ok<DefaultAlertDto>, NotFound, ValidationProblem, ProblemHttpResult>> Dismiss(
        long id, AlertDismissInput input, DefaultAlertService service, HttpContext http, CancellationToken ct) =>
        await service.Dismiss(id, input, http.User.Actor(), ct) is { } alert ? TypedResults.Ok(alert) : TypedResults.NotFound();
}
