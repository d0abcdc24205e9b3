using Microsoft.AspNetCore.Http.HttpResults;
using Vinculo.Core.Auth;
using Vinculo.Core.Common;
using Vinculo.Core.Knowledge.Search;
using Vinculo.Domain.Text;

namespace Vinculo.Web.Api;

/// <summary>
/// Knowledge-base search: free-text questions in Spanish or English, suggestions for a case, and the synonym groups the
/// search uses. Everybody signed in searches and reads synonyms; supervisors and administrators change them.
/// </summary>
public static class KbSearchEndpoints
{
    public static void MapKbSearchEndpoints(this RouteGroupBuilder v1)
    {
        var kb = v1.MapGroup("/kb").WithTags("Knowledge search").RequireAuthorization(Policies.KbRead);
        kb.MapGet("/search", Search).WithName("SearchKb")
            .WithSummary("Published articles answering a question (q, up to 500 characters), best first (BM25, title weighted over body). "
                + "lang is es or en; when omitted, the question's language is guessed (the UI language when unsure). top 1–50 (10); "
                + "publicOnly leaves internal articles out. The response says which terms were searched, including typo corrections and synonyms.");
        kb.MapGet("/suggestions", Suggestions).WithName("SuggestKbArticlesForCase")
            .WithSummary("Articles for a case, from the key terms of its subject, description and the customer's last reply. "
                + "lang defaults to the customer's preferred language; top 1–50 (5). 404 when the case does not exist.");

        var synonyms = kb.MapGroup("/synonyms");
        synonyms.MapGet("/", ListSynonyms).WithName("ListKbSynonyms")
            .WithSummary("Synonym groups, oldest first, optionally of one language. Keyset pagination.");
        synonyms.MapGet("/{id:long}", GetSynonyms).WithName("GetKbSynonyms");
        synonyms.MapPost("/", CreateSynonyms).WithName("CreateKbSynonyms").RequireAuthorization(Policies.KbEdit)
            .AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Adds a group: language and at least two words or expressions separated by commas. A query word in the group also searches the others.");
        synonyms.MapPut("/{id:long}", UpdateSynonyms).WithName("UpdateKbSynonyms").RequireAuthorization(Policies.KbEdit)
            .WithSummary("Replaces a group (send If-Match).");
        synonyms.MapDelete("/{id:long}", DeleteSynonyms).WithName("DeleteKbSynonyms").RequireAuthorization(Policies.KbEdit)
            .WithSummary("Deletes a group (If-Match optional).");
    }

    private static async Task<Results<Ok<KbSearchResult>, ValidationProblem>> Search(
        KbSearchService service, string? q, string? lang, int? top, bool? publicOnly, CancellationToken ct)
    {
        var language = string.IsNullOrEmpty(lang) ? Guess(q) : lang;
        return TypedResults.Ok(await service.SearchAsync(new KbSearchRequest(q ?? "", language, top ?? 10, publicOnly ?? false), ct));
    }

    private static async Task<Results<Ok<KbSearchResult>, NotFound, ValidationProblem>> Suggestions(
        KbSearchService service, long? caseId, string? lang, int? top, CancellationToken ct)
    {
        if (caseId is null)
        {
            throw ValidationException.For("caseId", "caseId is required.");
        }

        var result = await service.SuggestForCaseAsync(caseId.Value, string.IsNullOrEmpty(lang) ? null : lang, top ?? KbSearchService.DefaultSuggestions, ct);
        return result is null ? TypedResults.NotFound() : TypedResults.Ok(result);
    }

    /// <summary>The language of a question without one: guessed from its words, the UI language when they do not tell.</summary>
    internal static string Guess(string? text)
    {
        var fallback = ApiSetup.Language == "en" ? TextLanguage.English : TextLanguage.Spanish;
        return LanguageGuesser.Guess(text ?? "", fallback) == TextLanguage.English ? "en" : "es";
    }

    private static async Task<Ok<Page<KbSynonymDto>>> ListSynonyms(
        KbSynonymService service, string? language, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await service.List(new KbSynonymQuery(language, cursor, limit), ct));

    private static async Task<Results<Ok<KbSynonymDto>, NotFound>> GetSynonyms(long id, KbSynonymService service, HttpContext http, CancellationToken ct)
    {
        var group = await service.Get(id, ct);
        if (group is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, group.Version);
        return TypedResults.Ok(group);
    }

    private static async Task<Results<Created<KbSynonymDto>, ValidationProblem>> CreateSynonyms(
        KbSynonymInput input, KbSynonymService service, HttpContext http, CancellationToken ct)
    {
        var group = await service.Create(input, ct);
        ETags.Set(http, group.Version);
        return TypedResults.Created($"/api/v1/kb/synonyms/{group.Id}", group);
    }

    private static async Task<Results<Ok<KbSynonymDto>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateSynonyms(
        long id, KbSynonymInput input, KbSynonymService service, HttpContext http, CancellationToken ct)
    {
        var group = await service.Update(id, input, ETags.ExpectedVersion(http), ct);
        if (group is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, group.Version);
        return TypedResults.Ok(group);
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteSynonyms(
        long id, KbSynonymService service, HttpContext http, CancellationToken ct) =>
        await service.Delete(id, ETags.ExpectedVersion(http), ct) ? TypedResults.NoContent() : TypedResults.NotFound();
}
