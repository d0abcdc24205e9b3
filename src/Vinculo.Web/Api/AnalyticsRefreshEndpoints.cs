using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Vinculo.Core.Analytics.Pipeline;
using Vinculo.Core.Auth;

namespace Vinculo.Web.Api;

/// <summary>What to refresh: mode "full" (default) reloads the whole warehouse, "incremental" applies what changed since the last load.</summary>
public sealed record AnalyticsRefreshInput(string? Mode);

/// <summary>The "refresh now" of the analytics: start a refresh in the background and follow its progress.</summary>
public static class AnalyticsRefreshEndpoints
{
    public const string Route = "/api/v1/analytics/refresh";

    public static void MapAnalyticsRefreshEndpoints(this RouteGroupBuilder v1)
    {
        var refresh = v1.MapGroup("/analytics/refresh").WithTags("Analytics").RequireAuthorization(Policies.AnalyticsManage);
        refresh.MapPost("", Start).WithName("StartAnalyticsRefresh")
            .WithSummary("Starts a refresh of the warehouse and every customer's scores in the background (202 with its progress; 409 while one is already running, here or on another node).");
        refresh.MapGet("", Status).WithName("GetAnalyticsRefresh")
            .WithSummary("The refresh's progress: state (idle, running, succeeded, failed), stage and share done while this node runs it, the run id, error and stage timings.");
    }

    private static async Task<Results<Accepted<AnalyticsRefreshStatus>, ValidationProblem, ProblemHttpResult>> Start(
        [FromBody] AnalyticsRefreshInput? input, AnalyticsRefreshMonitor monitor, CancellationToken ct)
    {
        var status = await monitor.StartAsync(input?.Mode ?? "full", ct);
        return TypedResults.Accepted(Route, status);
    }

    private static async Task<Ok<AnalyticsRefreshStatus>> Status(AnalyticsRefreshMonitor monitor, CancellationToken ct) =>
        TypedResults.Ok(await monitor.StatusAsync(ct));
}
