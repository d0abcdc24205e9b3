using Microsoft.AspNetCore.Http.HttpResults;
using Vinculo.Core.Auth;
using Vinculo.Core.Common;
using Vinculo.Core.Scripts;
using Vinculo.Domain.Scripts;

namespace Vinculo.Web.Api;

/// <summary>
/// Agent scripts: the scripts and the rules that choose them (everybody reads; supervisors and administrators write),
/// which script a customer's conversation should follow and why, walking a script with answers, and recording finished
/// conversations (the front line).
/// </summary>
public static class ScriptEndpoints
{
    public static void MapScriptEndpoints(this RouteGroupBuilder v1)
    {
        var scripts = v1.MapGroup("/scripts").WithTags("Scripts").RequireAuthorization(Policies.ScriptsRead);
        scripts.MapGet("/", List).WithName("ListScripts")
            .WithSummary("Scripts by code and language, filtered by status (draft, active, archived), language and words of the code or name. Keyset pagination.");
        scripts.MapGet("/facts", Facts).WithName("ListScriptFacts")
            .WithSummary("The customer facts scripts and rules can use ({{name}} placeholders and conditions), with descriptions; answers.<step id> is also a placeholder.");
        scripts.MapGet("/{id:long}", Get).WithName("GetScript");
        scripts.MapPost("/", Create).WithName("CreateScript").RequireAuthorization(Policies.ScriptsManage).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Adds a script as a draft. The definition (start and steps: say, ask, decide, end) is checked in full; errors come by field path "
                + "(definition.steps[2].next). A second script with the same code and language is a 409.");
        scripts.MapPut("/{id:long}", Update).WithName("UpdateScript").RequireAuthorization(Policies.ScriptsManage)
            .WithSummary("Replaces a script (send If-Match; 412 when it changed meanwhile).");
        scripts.MapPost("/{id:long}/activate", Activate).WithName("ActivateScript").RequireAuthorization(Policies.ScriptsManage)
            .WithSummary("Makes the script active: rules select it and runs are recorded with it (If-Match).");
        scripts.MapPost("/{id:long}/archive", Archive).WithName("ArchiveScript").RequireAuthorization(Policies.ScriptsManage)
            .WithSummary("Archives the script: no longer selected or recorded; its runs stay (If-Match).");
        scripts.MapDelete("/{id:long}", Delete).WithName("DeleteScript").RequireAuthorization(Policies.ScriptsManage)
            .WithSummary("Deletes a script never run (409 otherwise: archive it), unless rules choose its code and it is the code's last script (409).");

        var rules = scripts.MapGroup("/rules");
        rules.MapGet("/", ListRules).WithName("ListScriptRules")
            .WithSummary("Selection rules in the order they are tried: priority highest first, then id. Keyset pagination.");
        rules.MapGet("/{id:long}", GetRule).WithName("GetScriptRule");
        rules.MapPost("/", CreateRule).WithName("CreateScriptRule").RequireAuthorization(Policies.ScriptsManage).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Adds a rule: when every condition {fact, operator, value} holds, the script with scriptCode is chosen. "
                + "A rule without conditions always holds: give the default the lowest priority.");
        rules.MapPut("/{id:long}", UpdateRule).WithName("UpdateScriptRule").RequireAuthorization(Policies.ScriptsManage)
            .WithSummary("Replaces a rule (send If-Match).");
        rules.MapDelete("/{id:long}", DeleteRule).WithName("DeleteScriptRule").RequireAuthorization(Policies.ScriptsManage)
            .WithSummary("Deletes a rule (If-Match); recorded runs keep their facts.");

        var customers = v1.MapGroup("/customers/{id:long}").WithTags("Scripts");
        customers.MapGet("/script-selection", Selection).WithName("GetScriptSelection").RequireAuthorization(Policies.ScriptsRead)
            .WithSummary("Which script a conversation with the customer should follow and why: the chosen rule with its conditions, the rules "
                + "passed over and the facts. caseId: the case being handled (its type is the contact reason); reason: the reason the agent chose.");
        customers.MapGet("/script-runs", CustomerRuns).WithName("ListCustomerScriptRuns").RequireAuthorization(Policies.ScriptsRead)
            .WithSummary("The customer's recorded script runs, newest first. Keyset pagination.");

        var runs = v1.MapGroup("/script-runs").WithTags("Scripts");
        runs.MapPost("/walk", Walk).WithName("WalkScript").RequireAuthorization(Policies.ScriptsRead)
            .WithSummary("Where a conversation stands after the answers given so far: each step rendered with the customer's facts, the decisions "
                + "and the question it waits on (or the end). Records nothing; scriptId defaults to the selected script.");
        runs.MapPost("/", Finish).WithName("RecordScriptRun").RequireAuthorization(Policies.ScriptsRun).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Records a finished conversation: the answers are replayed on the customer's facts, and the run and a timeline entry with the "
                + "transcript are written together. 400 when the answers do not reach an end, 412 when the script changed (scriptVersion), "
                + "409 when the script is not active or the facts now lead another way than the path sent.");
        runs.MapGet("/{id:long}", GetRun).WithName("GetScriptRun").RequireAuthorization(Policies.ScriptsRead);
    }

    // ---- scripts ----

    private static async Task<Results<Ok<Page<ScriptSummary>>, ValidationProblem>> List(
        ScriptService service, string? status, string? language, string? q, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await service.List(new ScriptQuery(status, language, q, cursor, limit), ct));

    private static Ok<IReadOnlyList<FactInfo>> Facts() => TypedResults.Ok(CustomerFacts.All);

    private static async Task<Results<Ok<ScriptDto>, NotFound>> Get(long id, ScriptService service, HttpContext http, CancellationToken ct)
    {
        var script = await service.Get(id, ct);
        if (script is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, script.Version);
        return TypedResults.Ok(script);
    }

    private static async Task<Results<Created<ScriptDto>, ValidationProblem, ProblemHttpResult>> Create(
        ScriptInput input, ScriptService service, HttpContext http, CancellationToken ct)
    {
        var script = await service.Create(input, http.User.Actor(), ct);
        ETags.Set(http, script.Version);
        return TypedResults.Created($"/api/v1/scripts/{script.Id}", script);
    }

    private static async Task<Results<Ok<ScriptDto>, NotFound, ValidationProblem, ProblemHttpResult>> Update(
        long id, ScriptInput input, ScriptService service, HttpContext http, CancellationToken ct) =>
        Saved(http, await service.Update(id, input, ETags.ExpectedVersion(http), http.User.Actor(), ct));

    private static async Task<Results<Ok<ScriptDto>, NotFound, ValidationProblem, ProblemHttpResult>> Activate(
        long id, ScriptService service, HttpContext http, CancellationToken ct) =>
        Saved(http, await service.SetStatus(id, ScriptStatus.Active, ETags.ExpectedVersion(http), ct));

    private static async Task<Results<Ok<ScriptDto>, NotFound, ValidationProblem, ProblemHttpResult>> Archive(
        long id, ScriptService service, HttpContext http, CancellationToken ct) =>
        Saved(http, await service.SetStatus(id, ScriptStatus.Archived, ETags.ExpectedVersion(http), ct));

    private static Results<Ok<ScriptDto>, NotFound, ValidationProblem, ProblemHttpResult> Saved(HttpContext http, ScriptDto? script)
    {
        if (script is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, script.Version);
        return TypedResults.Ok(script);
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> Delete(long id, ScriptService service, HttpContext http, CancellationToken ct) =>
        await service.Delete(id, ETags.ExpectedVersion(http), ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    // ---- rules ----

    private static async Task<Results<Ok<Page<ScriptRuleDto>>, ValidationProblem>> ListRules(
        ScriptRuleService service, bool? active, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await service.List(new ScriptRuleQuery(active, cursor, limit), ct));

    private static async Task<Results<Ok<ScriptRuleDto>, NotFound>> GetRule(long id, ScriptRuleService service, HttpContext http, CancellationToken ct)
    {
        var rule = await service.Get(id, ct);
        if (rule is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, rule.Version);
        return TypedResults.Ok(rule);
    }

    private static async Task<Results<Created<ScriptRuleDto>, ValidationProblem>> CreateRule(
        ScriptRuleInput input, ScriptRuleService service, HttpContext http, CancellationToken ct)
    {
        var rule = await service.Create(input, ct);
        ETags.Set(http, rule.Version);
        return TypedResults.Created($"/api/v1/scripts/rules/{rule.Id}", rule);
    }

    private static async Task<Results<Ok<ScriptRuleDto>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateRule(
        long id, ScriptRuleInput input, ScriptRuleService service, HttpContext http, CancellationToken ct)
    {
        var rule = await service.Update(id, input, ETags.ExpectedVersion(http), ct);
        if (rule is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, rule.Version);
        return TypedResults.Ok(rule);
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteRule(
        long id, ScriptRuleService service, HttpContext http, CancellationToken ct) =>
        await service.Delete(id, ETags.ExpectedVersion(http), ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    // ---- selection and runs ----

    private static async Task<Results<Ok<ScriptSelectionDto>, NotFound, ValidationProblem>> Selection(
        long id, long? caseId, string? reason, ScriptRunner runner, CancellationToken ct) =>
        await runner.SelectForAsync(id, caseId, reason, ct) is { } selection ? TypedResults.Ok(selection) : TypedResults.NotFound();

    private static async Task<Results<Ok<Page<ScriptRunDto>>, NotFound, ValidationProblem>> CustomerRuns(
        long id, string? cursor, int? limit, ScriptRunner runner, CancellationToken ct) =>
        await runner.Runs(id, new ScriptRunQuery(cursor, limit), ct) is { } page ? TypedResults.Ok(page) : TypedResults.NotFound();

    private static async Task<Results<Ok<RunView>, NotFound, ValidationProblem>> Walk(RunRequest request, ScriptRunner runner, CancellationToken ct) =>
        await runner.WalkAsync(request, ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound();

    private static async Task<Results<Created<ScriptRunDto>, NotFound, ValidationProblem, ProblemHttpResult>> Finish(
        FinishRunInput input, ScriptRunner runner, HttpContext http, CancellationToken ct)
    {
        var run = await runner.FinishAsync(input, http.User.Actor(), ct);
        return run is null ? TypedResults.NotFound() : TypedResults.Created($"/api/v1/script-runs/{run.Id}", run);
    }

    private static async Task<Results<Ok<ScriptRunDto>, NotFound>> GetRun(long id, ScriptRunner runner, CancellationToken ct) =>
        await runner.GetRun(id, ct) is { } run ? TypedResults.Ok(run) : TypedResults.NotFound();
}
