using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Vinculo.Core.Auth;
using Vinculo.Core.Service.Reports;

namespace Vinculo.Web.Api;

/// <summary>SLA compliance reports (per month and dimension, trend, CSV), the backlog and the supervisor dashboard.</summary>
public static class ServiceReportEndpoints
{
    public static void MapServiceReportEndpoints(this RouteGroupBuilder v1)
    {
        var reports = v1.MapGroup("/service/reports").WithTags("Service reports").RequireAuthorization(Policies.ServiceReports);
        reports.MapGet("/compliance", Compliance).WithName("GetSlaCompliance")
            .WithSummary("SLA compliance of the cases created in a month (month=YYYY-MM, current month by default; calendar month of timeZone, " +
                         "UTC by default) grouped by=team|agent|type|priority (team by default), or by=month for the 12 months ending with it: " +
                         "first response and resolution met, breached, pending, share met (met / (met + breached)), nearest-rank median and p90 " +
                         "business minutes over the clocks that stopped; next-response cycles and breached cycles.");
        reports.MapGet("/compliance.csv", ComplianceCsv).WithName("ExportSlaCompliance")
            .WithSummary("The same report as CSV (UTF-8, header row, invariant numbers; the last row is the total).");
        reports.MapGet("/trend", Trend).WithName("GetSlaComplianceTrend")
            .WithSummary("The overall compliance figures of each of the last months (months=1–36, 12 by default) ending with to=YYYY-MM (current month by default). " +
                         "times=false leaves out the medians and p90s (one aggregate query instead of reading every case).");
        reports.MapGet("/backlog", Backlog).WithName("GetServiceBacklog")
            .WithSummary("Active cases by team and status: unassigned, age buckets (<1, 1–3, 3–7, >7 days), at risk (warning reached, not breached), " +
                         "breached, and breaches and warnings since the start of today in timeZone (UTC by default).");
        reports.MapGet("/dashboard", Dashboard).WithName("GetSupervisorDashboard")
            .WithSummary("The backlog, today's breaches and warnings, the 10 active cases nearest to breach and the agents' open-case loads.");
    }

    private static async Task<Results<Ok<ComplianceReport>, ValidationProblem>> Compliance(
        ServiceReportService service, string? month, string? by, string? timeZone, CancellationToken ct) =>
        TypedResults.Ok(await service.Compliance(new ComplianceQuery(month, by, timeZone, ApiSetup.Language), ct));

    private static Results<PushStreamHttpResult, ValidationProblem> ComplianceCsv(
        ServiceReportService service, string? month, string? by, string? timeZone)
    {
        var query = new ComplianceQuery(month, by, timeZone, ApiSetup.Language);
        service.Validate(query);
        return TypedResults.Stream(async stream =>
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            await service.ExportComplianceCsv(query, writer);
            await writer.FlushAsync();
        }, "text/csv; charset=utf-8", "sla-compliance.csv");
    }

    private static async Task<Results<Ok<ComplianceReport>, ValidationProblem>> Trend(
        ServiceReportService service, int? months, string? to, string? timeZone, bool? times, CancellationToken ct) =>
        TypedResults.Ok(await service.Trend(new TrendQuery(months, to, timeZone, times ?? true), ct));

    private static async Task<Results<Ok<BacklogReport>, ValidationProblem>> Backlog(
        ServiceReportService service, string? timeZone, CancellationToken ct) =>
        TypedResults.Ok(await service.Backlog(timeZone, ct));

    private static async Task<Results<Ok<SupervisorDashboard>, ValidationProblem>> Dashboard(
        ServiceReportService service, string? timeZone, CancellationToken ct) =>
        TypedResults.Ok(await service.Dashboard(timeZone, ct));
}
