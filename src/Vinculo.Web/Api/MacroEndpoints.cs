using Microsoft.AspNetCore.Http.HttpResults;
using Vinculo.Core.Auth;
using Vinculo.Core.Common;
using Vinculo.Core.Macros;

namespace Vinculo.Web.Api;

/// <summary>
/// Macros (canned replies) for case replies. The front line lists and fills them in; supervisors and administrators write
/// them. A personal macro exists only for its owner: to anybody else it is a 404.
/// </summary>
public static class MacroEndpoints
{
    /// <summary>A placeholder a macro may use, described in the request's language.</summary>
    public sealed record MacroFactDto(string Name, string Description);

    public static void MapMacroEndpoints(this RouteGroupBuilder v1)
    {
        var macros = v1.MapGroup("/macros").WithTags("Macros").RequireAuthorization(Policies.MacrosUse);

        macros.MapGet("/", List).WithName("ListMacros")
            .WithSummary("The shared macros and the caller's personal ones by name, filterable by language (es, en), words (q) and scope (all, shared, personal). Keyset pagination.");
        macros.MapGet("/facts", Facts).WithName("ListMacroFacts")
            .WithSummary("The placeholders a macro may use ({{customer.firstName}}, {{invoices.overdueAmount}}, {{case.id}}, {{agent.firstName}}…), described in the request's language.");
        macros.MapPost("/", Create).WithName("CreateMacro").RequireAuthorization(Policies.MacrosManage).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Adds a macro: name (unique per language, shared or per owner: 409), language, body with known placeholders, category, tags; "
                + "personal true keeps it to its author; translationOf links it to the same macro in the other language.");
        macros.MapGet("/{id:long}", Get).WithName("GetMacro");
        macros.MapPut("/{id:long}", Update).WithName("UpdateMacro").RequireAuthorization(Policies.MacrosManage)
            .WithSummary("Replaces name, language, body, category and tags (send If-Match; a stale version is a 412).");
        macros.MapDelete("/{id:long}", Delete).WithName("DeleteMacro").RequireAuthorization(Policies.MacrosManage)
            .WithSummary("Deletes a macro (send If-Match); its translations stay.");
        macros.MapPost("/{id:long}/render", Render).WithName("RenderMacro")
            .WithSummary("Fills the macro in for a case (caseId) with the customer's, the case's and the caller's facts and counts the use. "
                + "Returns plain text and the placeholders that had no value (left as written in the text).");
        macros.MapGet("/{id:long}/translations", Translations).WithName("ListMacroTranslations")
            .WithSummary("The other macros of the macro's translation group, by language.");
    }

    private static string UserId(HttpContext http) => http.User.Actor().UserId;

    private static async Task<Ok<Page<MacroSummary>>> List(
        MacroService service, HttpContext http, string? language, string? q, string? scope, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await service.List(new MacroQuery(language, q, scope, cursor, limit), UserId(http), ct));

    private static Ok<IReadOnlyList<MacroFactDto>> Facts() =>
        TypedResults.Ok<IReadOnlyList<MacroFactDto>>(MacroFacts.All.Select(f => new MacroFactDto(f.Name, f.Describe(ApiSetup.Language))).ToList());

    private static async Task<Results<Created<MacroDto>, ValidationProblem, ProblemHttpResult>> Create(
        MacroInput input, MacroService service, HttpContext http, CancellationToken ct)
    {
        var macro = await service.Create(input, UserId(http), ct);
        ETags.Set(http, macro.Version);
        return TypedResults.Created($"/api/v1/macros/{macro.Id}", macro);
    }

    private static async Task<Results<Ok<MacroDto>, NotFound>> Get(long id, MacroService service, HttpContext http, CancellationToken ct)
    {
        var macro = await service.Get(id, UserId(http), ct);
        if (macro is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, macro.Version);
        return TypedResults.Ok(macro);
    }

    private static async Task<Results<Ok<MacroDto>, NotFound, ValidationProblem, ProblemHttpResult>> Update(
        long id, MacroInput input, MacroService service, HttpContext http, CancellationToken ct)
    {
        var macro = await service.Update(id, input, ETags.ExpectedVersion(http), UserId(http), ct);
        if (macro is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, macro.Version);
        return TypedResults.Ok(macro);
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> Delete(long id, MacroService service, HttpContext http, CancellationToken ct) =>
        await service.Delete(id, ETags.ExpectedVersion(http), UserId(http), ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<Ok<MacroRendering>, NotFound, ValidationProblem>> Render(
        long id, long? caseId, MacroService service, HttpContext http, CancellationToken ct)
    {
        if (caseId is not { } theCase)
        {
            throw ValidationException.For("caseId", "Required.");
        }

        return await service.RenderForCaseAsync(id, theCase, UserId(http), ct) is { } rendering
            ? TypedResults.Ok(rendering)
            : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<IReadOnlyList<MacroSummary>>, NotFound>> Translations(
        long id, MacroService service, HttpContext http, CancellationToken ct) =>
        await service.Translations(id, UserId(http), ct) is { } list ? TypedResults.Ok(list) : TypedResults.NotFound();
}
