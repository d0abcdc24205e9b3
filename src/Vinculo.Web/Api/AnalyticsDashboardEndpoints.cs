using Microsoft.AspNetCore.Http.HttpResults;
using Vinculo.Core.Analytics.Dashboard;
using Vinculo.Core.Auth;
using Vinculo.Core.Common;

namespace Vinculo.Web.Api;

/// <summary>
/// The analytics runs behind the dashboard: the history (newest first, keyset pages), the latest succeeded run with
/// its summary, and any run by id. Administrators, supervisors and analysts read them.
/// </summary>
public static class AnalyticsDashboardEndpoints
{
    public static void MapAnalyticsDashboardEndpoints(this RouteGroupBuilder v1)
    {
        var runs = v1.MapGroup("/analytics/runs").WithTags("Analytics").RequireAuthorization(Policies.AnalyticsRead);
        runs.MapGet("/", List).WithName("ListAnalyticsRuns")
            .WithSummary("Analytics runs, newest first, optionally of one status (running, succeeded, failed): start, finish, duration, mode, status and error. Keyset pagination.");
        runs.MapGet("/latest", Latest).WithName("LatestAnalyticsRun")
            .WithSummary("The latest succeeded run with its summary (segments, clusters, risk distributions, model quality, cohorts, forecasts, "
                + "lifetime value parameters, warehouse counts, notes); 404 before the first run succeeds.");
        runs.MapGet("/{id:long}", Get).WithName("GetAnalyticsRun")
            .WithSummary("One run; its summary when it succeeded (null while running or when it failed).");
    }

    private static async Task<Ok<Page<AnalyticsRunDto>>> List(
        AnalyticsDashboardService service, string? status, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await service.Runs(new AnalyticsRunQuery(status, cursor, limit), ct));

    private static async Task<Results<Ok<AnalyticsRunDetail>, NotFound>> Latest(AnalyticsDashboardService service, CancellationToken ct) =>
        await service.Latest(ct) is { } detail ? TypedResults.Ok(detail) : TypedResults.NotFound();

    private static async Task<Results<Ok<AnalyticsRunDetail>, NotFound>> Get(long id, AnalyticsDashboardService service, CancellationToken ct) =>
        await service.Get(id, ct) is { } detail ? TypedResults.Ok(detail) : TypedResults.NotFound();
}
