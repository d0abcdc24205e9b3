using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Vinculo.Core.Auth;
using Vinculo.Core.Common;
using Vinculo.Core.Service.Configuration;

namespace Vinculo.Web.Api;

/// <summary>
/// The service desk's configuration: business-hours calendars, SLA policies, teams and case types. Everybody signed in
/// reads it; supervisors and administrators change it.
/// </summary>
/// <remarks>
/// A write to a calendar or a policy that can affect cases recomputes the SLA of every active case before it answers; the
/// response's <c>Sla-Recomputed-Cases</c> header says how many (0 when the change cannot affect any case).
/// </remarks>
public static class ServiceConfigEndpoints
{
    /// <summary>How many active cases had their SLA recomputed by a calendar or policy change.</summary>
    public const string RecomputedHeader = "Sla-Recomputed-Cases";

    public static void MapServiceConfigEndpoints(this RouteGroupBuilder v1)
    {
        var service = v1.MapGroup("/service").WithTags("Service configuration").RequireAuthorization(Policies.ServiceRead);

        var calendars = service.MapGroup("/calendars");
        calendars.MapGet("/", ListCalendars).WithName("ListServiceCalendars").WithSummary("Business-hours calendars by name. Keyset pagination.");
        calendars.MapGet("/{id:long}", GetCalendar).WithName("GetServiceCalendar");
        calendars.MapGet("/{id:long}/due", CalendarDue).WithName("ServiceCalendarDue")
            .WithSummary("When a target of `minutes` business minutes started at `from` (ISO 8601; now when omitted) is due on the calendar.");
        calendars.MapPost("/", CreateCalendar).WithName("CreateServiceCalendar").RequireAuthorization(Policies.ServiceConfigure)
            .AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Adds a calendar: IANA time zone, weekly intervals (night shifts with endsNextDay), holidays and special days. Names are unique (409).");
        calendars.MapPut("/{id:long}", UpdateCalendar).WithName("UpdateServiceCalendar").RequireAuthorization(Policies.ServiceConfigure)
            .WithSummary("Replaces a calendar (send If-Match). When an active policy uses it, the SLA of every active case is recomputed (Sla-Recomputed-Cases).");
        calendars.MapDelete("/{id:long}", DeleteCalendar).WithName("DeleteServiceCalendar").RequireAuthorization(Policies.ServiceConfigure)
            .WithSummary("Deletes a calendar; 409 while a policy uses it.");

        var policies = service.MapGroup("/policies");
        policies.MapGet("/", ListPolicies).WithName("ListSlaPolicies")
            .WithSummary("SLA policies from the most general scope to the most specific, filterable by active and scope. Keyset pagination.");
        policies.MapGet("/{id:long}", GetPolicy).WithName("GetSlaPolicy");
        policies.MapPost("/", CreatePolicy).WithName("CreateSlaPolicy").RequireAuthorization(Policies.ServiceConfigure)
            .AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Adds a policy. Precedence per target: contract > customerTier > customerSegment > caseType > team > corporate. "
                + "Two active policies with the same scope and key are a 409. Recomputes the SLA of active cases (Sla-Recomputed-Cases).");
        policies.MapPut("/{id:long}", UpdatePolicy).WithName("UpdateSlaPolicy").RequireAuthorization(Policies.ServiceConfigure)
            .WithSummary("Replaces a policy (send If-Match); active false deactivates it. Recomputes the SLA of active cases (Sla-Recomputed-Cases).");
        policies.MapDelete("/{id:long}", DeletePolicy).WithName("DeleteSlaPolicy").RequireAuthorization(Policies.ServiceConfigure)
            .WithSummary("Deletes a policy no case was measured against (409 otherwise: deactivate it instead).");

        var teams = service.MapGroup("/teams");
        teams.MapGet("/", ListTeams).WithName("ListTeams").WithSummary("Teams by name, with member counts. Keyset pagination.");
        teams.MapGet("/{id:long}", GetTeam).WithName("GetTeam");
        teams.MapPost("/", CreateTeam).WithName("CreateTeam").RequireAuthorization(Policies.ServiceConfigure).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Adds a team: assignment strategy (manual, roundRobin, leastLoaded, bySkill), supervisor, agents with skills.");
        teams.MapPut("/{id:long}", UpdateTeam).WithName("UpdateTeam").RequireAuthorization(Policies.ServiceConfigure)
            .WithSummary("Replaces a team and its member list (send If-Match).");
        teams.MapDelete("/{id:long}", DeleteTeam).WithName("DeleteTeam").RequireAuthorization(Policies.ServiceConfigure)
            .WithSummary("Deletes a team; its cases stay, without a team. 409 while an SLA policy refers to it.");

        var types = service.MapGroup("/case-types");
        types.MapGet("/", ListCaseTypes).WithName("ListCaseTypes").WithSummary("Built-in and custom case types by code. Keyset pagination.");
        types.MapGet("/{code}", GetCaseType).WithName("GetCaseType");
        types.MapPost("/", CreateCaseType).WithName("CreateCaseType").RequireAuthorization(Policies.ServiceConfigure).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Adds a custom case type (code: 2-40 letters, digits, hyphens; names in Spanish and English required).");
        types.MapPut("/{code}", UpdateCaseType).WithName("UpdateCaseType").RequireAuthorization(Policies.ServiceConfigure)
            .WithSummary("Changes names, skills and active; built-in types cannot be deactivated (400).");
        types.MapDelete("/{code}", DeleteCaseType).WithName("DeleteCaseType").RequireAuthorization(Policies.ServiceConfigure)
            .WithSummary("Deletes a custom case type nobody uses; built-in or used types are a 409.");
    }

    // ---- calendars ----

    private static async Task<Ok<Page<CalendarDto>>> ListCalendars(CalendarService service, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await service.List(new CalendarQuery(cursor, limit), ct));

    private static async Task<Results<Ok<CalendarDto>, NotFound>> GetCalendar(long id, CalendarService service, HttpContext http, CancellationToken ct)
    {
        var calendar = await service.Get(id, ct);
        if (calendar is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, calendar.Version);
        return TypedResults.Ok(calendar);
    }

    private static async Task<Results<Ok<DuePreview>, NotFound, ValidationProblem>> CalendarDue(
        long id, CalendarService service, DateTimeOffset? from, int? minutes, CancellationToken ct) =>
        await service.Due(id, from?.UtcDateTime, minutes, ct) is { } due ? TypedResults.Ok(due) : TypedResults.NotFound();

    private static async Task<Results<Created<CalendarDto>, ValidationProblem, ProblemHttpResult>> CreateCalendar(
        CalendarInput input, CalendarService service, HttpContext http, CancellationToken ct)
    {
        var change = await service.Create(input, ct);
        Changed(http, change.Item.Version, change.RecomputedCases);
        return TypedResults.Created($"/api/v1/service/calendars/{change.Item.Id}", change.Item);
    }

    private static async Task<Results<Ok<CalendarDto>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateCalendar(
        long id, CalendarInput input, CalendarService service, HttpContext http, CancellationToken ct)
    {
        var change = await service.Update(id, input, ETags.ExpectedVersion(http), ct);
        if (change is null)
        {
            return TypedResults.NotFound();
        }

        Changed(http, change.Item.Version, change.RecomputedCases);
        return TypedResults.Ok(change.Item);
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteCalendar(
        long id, CalendarService service, HttpContext http, CancellationToken ct)
    {
        if (!await service.Delete(id, ETags.ExpectedVersion(http), ct))
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers[RecomputedHeader] = "0";
        return TypedResults.NoContent();
    }

    // ---- policies ----

    private static async Task<Ok<Page<PolicyDto>>> ListPolicies(
        SlaPolicyService service, bool? active, string? scope, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await service.List(new PolicyQuery(active, scope, cursor, limit), ct));

    private static async Task<Results<Ok<PolicyDto>, NotFound>> GetPolicy(long id, SlaPolicyService service, HttpContext http, CancellationToken ct)
    {
        var policy = await service.Get(id, ct);
        if (policy is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, policy.Version);
        return TypedResults.Ok(policy);
    }

    private static async Task<Results<Created<PolicyDto>, ValidationProblem, ProblemHttpResult>> CreatePolicy(
        PolicyInput input, SlaPolicyService service, HttpContext http, CancellationToken ct)
    {
        var change = await service.Create(input, ct);
        Changed(http, change.Item.Version, change.RecomputedCases);
        return TypedResults.Created($"/api/v1/service/policies/{change.Item.Id}", change.Item);
    }

    private static async Task<Results<Ok<PolicyDto>, NotFound, ValidationProblem, ProblemHttpResult>> UpdatePolicy(
        long id, PolicyInput input, SlaPolicyService service, HttpContext http, CancellationToken ct)
    {
        var change = await service.Update(id, input, ETags.ExpectedVersion(http), ct);
        if (change is null)
        {
            return TypedResults.NotFound();
        }

        Changed(http, change.Item.Version, change.RecomputedCases);
        return TypedResults.Ok(change.Item);
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeletePolicy(
        long id, SlaPolicyService service, HttpContext http, CancellationToken ct)
    {
        var deleted = await service.Delete(id, ETags.ExpectedVersion(http), ct);
        if (!deleted.Found)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers[RecomputedHeader] = deleted.RecomputedCases.ToString(CultureInfo.InvariantCulture);
        return TypedResults.NoContent();
    }

    // ---- teams ----

    private static async Task<Ok<Page<TeamSummary>>> ListTeams(TeamService service, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await service.List(new TeamQuery(cursor, limit), ct));

    private static async Task<Results<Ok<TeamDto>, NotFound>> GetTeam(long id, TeamService service, HttpContext http, CancellationToken ct)
    {
        var team = await service.Get(id, ct);
        if (team is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, team.Version);
        return TypedResults.Ok(team);
    }

    private static async Task<Results<Created<TeamDto>, ValidationProblem, ProblemHttpResult>> CreateTeam(
        TeamInput input, TeamService service, HttpContext http, CancellationToken ct)
    {
        var team = await service.Create(input, ct);
        ETags.Set(http, team.Version);
        return TypedResults.Created($"/api/v1/service/teams/{team.Id}", team);
    }

    private static async Task<Results<Ok<TeamDto>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateTeam(
        long id, TeamInput input, TeamService service, HttpContext http, CancellationToken ct)
    {
        var team = await service.Update(id, input, ETags.ExpectedVersion(http), ct);
        if (team is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, team.Version);
        return TypedResults.Ok(team);
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteTeam(
        long id, TeamService service, HttpContext http, CancellationToken ct) =>
        await service.Delete(id, ETags.ExpectedVersion(http), ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    // ---- case types ----

    private static async Task<Ok<Page<CaseTypeDto>>> ListCaseTypes(
        CaseTypeService service, bool? active, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await service.List(new CaseTypeQuery(active, cursor, limit), ct));

    private static async Task<Results<Ok<CaseTypeDto>, NotFound>> GetCaseType(string code, CaseTypeService service, CancellationToken ct) =>
        await service.Get(code, ct) is { } type ? TypedResults.Ok(type) : TypedResults.NotFound();

    private static async Task<Results<Created<CaseTypeDto>, ValidationProblem, ProblemHttpResult>> CreateCaseType(
        CaseTypeInput input, CaseTypeService service, CancellationToken ct)
    {
        var type = await service.Create(input, ct);
        return TypedResults.Created($"/api/v1/service/case-types/{Uri.EscapeDataString(type.Code)}", type);
    }

    private static async Task<Results<Ok<CaseTypeDto>, NotFound, ValidationProblem>> UpdateCaseType(
        string code, CaseTypeInput input, CaseTypeService service, CancellationToken ct) =>
        await service.Update(code, input, ct) is { } type ? TypedResults.Ok(type) : TypedResults.NotFound();

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteCaseType(string code, CaseTypeService service, CancellationToken ct) =>
        await service.Delete(code, ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static void Changed(HttpContext http, long version, long recomputed)
    {
        ETags.Set(http, version);
        http.Response.Headers[RecomputedHeader] = recomputed.ToString(CultureInfo.InvariantCulture);
    }
}
