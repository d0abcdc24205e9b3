using Microsoft.AspNetCore.Http.HttpResults;
using Vinculo.Core.Auth;
using Vinculo.Core.Common;
using Vinculo.Core.Quality;

namespace Vinculo.Web.Api;

/// <summary>Data quality: the report of the last scan, its findings and duplicate pairs, one customer's quality, and merges.</summary>
public static class QualityEndpoints
{
    public static void MapQualityEndpoints(this RouteGroupBuilder v1)
    {
        var quality = v1.MapGroup("/quality").WithTags("Quality").RequireAuthorization(Policies.QualityRead);
        quality.MapGet("/report", Report).WithName("GetQualityReport")
            .WithSummary("The last scan: findings per rule, completeness distribution and average, duplicate pairs and groups by reason. Scans first if there was none.");
        quality.MapPost("/report", Refresh).WithName("RefreshQualityReport")
            .WithSummary("Scans the whole database again and returns the new report (409 while another scan runs).");
        quality.MapGet("/issues", Issues).WithName("ListQualityIssues")
            .WithSummary("Findings of the last scan, of one rule or all, with their customer. Keyset pagination.");
        quality.MapGet("/duplicates", Duplicates).WithName("ListDuplicatePairs")
            .WithSummary("Duplicate pairs of the last scan, certain first, with both customers. Keyset pagination; confidence=certain|probable.");
        quality.MapGet("/merges/preview", Preview).WithName("PreviewMerge").RequireAuthorization(Policies.QualityMerge)
            .WithSummary("Both customers side by side, the survivor fields a merge fills and the rows it moves. Writes nothing.");
        quality.MapPost("/merges", Merge).WithName("MergeCustomers").RequireAuthorization(Policies.QualityMerge).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Merges mergedId into survivorId. Needs both versions as reviewed (survivorVersion, or If-Match for the survivor; " +
                         "412 if either changed) and confirm: true. The response's ETag is the survivor's new version.");

        var customers = v1.MapGroup("/customers").WithTags("Quality").RequireAuthorization(Policies.QualityRead);
        customers.MapGet("/{id:long}/quality", CustomerQuality).WithName("GetCustomerQuality")
            .WithSummary("One customer's completeness, findings (its fields and its commerce records), possible duplicates and merge history, computed now.");
    }

    // The quality use cases are resolved from the request's services, registered or not.
    private static QualityService Service(HttpContext http) => http.RequestServices.GetRequiredService<QualityService>();

    private static async Task<Ok<QualityReport>> Report(HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await Service(http).Report(ApiSetup.Language, ct));

    private static async Task<Results<Ok<QualityReport>, ProblemHttpResult>> Refresh(HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await Service(http).Refresh(ApiSetup.Language, null, ct));

    private static async Task<Results<Ok<Page<QualityIssueItem>>, ValidationProblem>> Issues(
        HttpContext http, string? rule, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await Service(http).Issues(new IssueQuery(rule, cursor, limit), ApiSetup.Language, ct));

    private static async Task<Results<Ok<Page<DuplicatePair>>, ValidationProblem>> Duplicates(
        HttpContext http, string? confidence, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await Service(http).Duplicates(new DuplicateQuery(confidence, cursor, limit), ct));

    private static async Task<Results<Ok<CustomerQuality>, ProblemHttpResult>> CustomerQuality(long id, HttpContext http, CancellationToken ct) =>
        await Service(http).ForCustomer(id, ApiSetup.Language, ct) is { } quality ? TypedResults.Ok(quality) : NotFound(id);

    private static async Task<Results<Ok<MergePreview>, ValidationProblem, ProblemHttpResult>> Preview(
        HttpContext http, long? survivorId, long? mergedId, CancellationToken ct)
    {
        var outcome = await Service(http).PreviewMerge(survivorId, mergedId, ct);
        return outcome.Preview is { } preview ? TypedResults.Ok(preview) : NotFound(outcome.MissingId);
    }

    private static async Task<Results<Ok<MergeResult>, ValidationProblem, ProblemHttpResult>> Merge(
        MergeInput input, HttpContext http, CancellationToken ct)
    {
        // The survivor's version may come as If-Match, like every other write of a customer; the merged one's is in the body.
        if (input.SurvivorVersion is null && ETags.ExpectedVersion(http) is { } ifMatch)
        {
            input = input with { SurvivorVersion = ifMatch };
        }

        var outcome = await Service(http).Merge(input, http.User.Actor(), ct);
        if (outcome.Result is not { } result)
        {
            return NotFound(outcome.MissingId);
        }

        ETags.Set(http, result.Survivor.Version);
        return TypedResults.Ok(result);
    }

    private static ProblemHttpResult NotFound(long? id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Customer not found.", detail: $"There is no customer {id}.");
}
