using Microsoft.AspNetCore.Http.HttpResults;
using Vinculo.Core.Auth;
using Vinculo.Core.Common;
using Vinculo.Core.Knowledge.Articles;

namespace Vinculo.Web.Api;

/// <summary>
/// Knowledge-base articles and categories. Everybody signed in reads them; agents, supervisors and administrators give
/// feedback and record uses and views; supervisors and administrators write, publish and delete.
/// </summary>
public static class KbArticleEndpoints
{
    public static void MapKbArticleEndpoints(this RouteGroupBuilder v1)
    {
        var articles = v1.MapGroup("/kb/articles").WithTags("Knowledge base").RequireAuthorization(Policies.KbRead);

        articles.MapGet("/", List).WithName("ListKbArticles")
            .WithSummary("Articles, most recently updated first; filters language (es, en), status (draft, published, archived), categoryId "
                + "(with its subcategories), visibility (internal, public) and title (contains, letter case ignored; not the full-text search). "
                + "Keyset pagination.");
        articles.MapGet("/{id:long}", Get).WithName("GetKbArticle")
            .WithSummary("An article with its Markdown body, the sanitized HTML (bodyHtml), its counters and the status moves it allows (ETag).");
        articles.MapPost("/", Create).WithName("CreateKbArticle").RequireAuthorization(Policies.KbEdit).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Writes a draft: language es or en, title 1-200 characters, Markdown body up to 100,000 characters, an existing "
                + "categoryId, visibility internal (default) or public, an optional externalId unique per language (409 when taken).");
        articles.MapPut("/{id:long}", Update).WithName("UpdateKbArticle").RequireAuthorization(Policies.KbEdit)
            .WithSummary("Replaces title, body, category, visibility and external id (send If-Match; 412 when stale). A new title or body "
                + "is recorded as a version. The language cannot change.");
        articles.MapDelete("/{id:long}", Delete).WithName("DeleteKbArticle").RequireAuthorization(Policies.KbEdit)
            .WithSummary("Deletes the article with its versions, feedback and uses (If-Match optional).");
        articles.MapPost("/{id:long}/publish", Publish).WithName("PublishKbArticle").RequireAuthorization(Policies.KbEdit)
            .WithSummary("Draft → published: search finds it. 409 names the allowed moves (If-Match optional).");
        articles.MapPost("/{id:long}/unpublish", Unpublish).WithName("UnpublishKbArticle").RequireAuthorization(Policies.KbEdit)
            .WithSummary("Published or archived → draft. 409 names the allowed moves (If-Match optional).");
        articles.MapPost("/{id:long}/archive", Archive).WithName("ArchiveKbArticle").RequireAuthorization(Policies.KbEdit)
            .WithSummary("Draft or published → archived. 409 names the allowed moves (If-Match optional).");
        articles.MapGet("/{id:long}/versions", Versions).WithName("ListKbArticleVersions")
            .WithSummary("The article's saved versions, newest first (without bodies). Keyset pagination.");
        articles.MapGet("/{id:long}/versions/{number:long}", Version).WithName("GetKbArticleVersion")
            .WithSummary("One saved version with its Markdown body and sanitized HTML.");
        articles.MapPost("/{id:long}/versions/{number:long}/restore", Restore).WithName("RestoreKbArticleVersion")
            .RequireAuthorization(Policies.KbEdit)
            .WithSummary("Writes the version's title and body back as a new version; the status stays (If-Match optional).");
        articles.MapGet("/{id:long}/translations", Translations).WithName("ListKbArticleTranslations")
            .WithSummary("The articles in the other language of the same translation group.");
        articles.MapPost("/{id:long}/translations", CreateTranslation).WithName("CreateKbArticleTranslation")
            .RequireAuthorization(Policies.KbEdit).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Writes the translation into the other language as a draft of the same group; category and visibility default "
                + "to the original's. 409 when the group already has an article in that language.");
        articles.MapGet("/{id:long}/feedback", ListFeedback).WithName("ListKbArticleFeedback")
            .WithSummary("\"Was this helpful?\" answers, newest first, with who gave them. Keyset pagination.");
        articles.MapPost("/{id:long}/feedback", Feedback).WithName("AddKbArticleFeedback").RequireAuthorization(Policies.KbUse)
            .WithSummary("helpful true or false with an optional comment (at most 1,000 characters); the article's counters move with it.");
        articles.MapPost("/{id:long}/usages", Use).WithName("AddKbArticleUsage").RequireAuthorization(Policies.KbUse)
            .WithSummary("Records that the article was used on a case (caseId) and/or for a customer (customerId); both must exist.");
        articles.MapPost("/{id:long}/views", View).WithName("AddKbArticleView").RequireAuthorization(Policies.KbUse)
            .WithSummary("Counts one view of the article (reading it with GET counts nothing). Returns the counters.");

        var categories = v1.MapGroup("/kb/categories").WithTags("Knowledge base").RequireAuthorization(Policies.KbRead);
        categories.MapGet("/", ListCategories).WithName("ListKbCategories")
            .WithSummary("Categories by position, then name in language (es by default), with article and subcategory counts. Keyset pagination.");
        categories.MapGet("/{id:long}", GetCategory).WithName("GetKbCategory");
        categories.MapPost("/", CreateCategory).WithName("CreateKbCategory").RequireAuthorization(Policies.KbEdit)
            .AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Adds a category: nameEs and nameEn required, optional top-level parentId, position (0 by default).");
        categories.MapPut("/{id:long}", UpdateCategory).WithName("UpdateKbCategory").RequireAuthorization(Policies.KbEdit)
            .WithSummary("Replaces a category (send If-Match).");
        categories.MapDelete("/{id:long}", DeleteCategory).WithName("DeleteKbCategory").RequireAuthorization(Policies.KbEdit)
            .WithSummary("Deletes a category; 409 while articles are in it or it has subcategories.");
    }

    // ---- articles ----

    private static async Task<Results<Ok<Page<KbArticleSummary>>, ValidationProblem>> List(
        KbArticleService service, string? language, string? status, long? categoryId, string? visibility, string? title, string? cursor, int? limit,
        CancellationToken ct) =>
        TypedResults.Ok(await service.List(new KbArticleQuery(language, status, categoryId, visibility, title, cursor, limit), ct));

    private static async Task<Results<Ok<KbArticleDto>, NotFound>> Get(long id, KbArticleService service, HttpContext http, CancellationToken ct)
    {
        var article = await service.Get(id, ct);
        if (article is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, article.Version);
        return TypedResults.Ok(article);
    }

    private static async Task<Results<Created<KbArticleDto>, ValidationProblem, ProblemHttpResult>> Create(
        KbArticleInput input, KbArticleService service, HttpContext http, CancellationToken ct)
    {
        var article = await service.Create(input, http.User.Actor(), ct);
        ETags.Set(http, article.Version);
        return TypedResults.Created($"/api/v1/kb/articles/{article.Id}", article);
    }

    private static async Task<Results<Ok<KbArticleDto>, NotFound, ValidationProblem, ProblemHttpResult>> Update(
        long id, KbArticleInput input, KbArticleService service, HttpContext http, CancellationToken ct)
    {
        var article = await service.Update(id, input, ETags.ExpectedVersion(http), http.User.Actor(), ct);
        if (article is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, article.Version);
        return TypedResults.Ok(article);
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> Delete(
        long id, KbArticleService service, HttpContext http, CancellationToken ct) =>
        await service.Delete(id, ETags.ExpectedVersion(http), ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static Task<Results<Ok<KbArticleDto>, NotFound, ProblemHttpResult>> Publish(
        long id, KbArticleService service, HttpContext http, CancellationToken ct) => Move(id, KbAction.Publish, service, http, ct);

    private static Task<Results<Ok<KbArticleDto>, NotFound, ProblemHttpResult>> Unpublish(
        long id, KbArticleService service, HttpContext http, CancellationToken ct) => Move(id, KbAction.Unpublish, service, http, ct);

    private static Task<Results<Ok<KbArticleDto>, NotFound, ProblemHttpResult>> Archive(
        long id, KbArticleService service, HttpContext http, CancellationToken ct) => Move(id, KbAction.Archive, service, http, ct);

    private static async Task<Results<Ok<KbArticleDto>, NotFound, ProblemHttpResult>> Move(
        long id, KbAction action, KbArticleService service, HttpContext http, CancellationToken ct)
    {
        try
        {
            var moved = await service.Transition(id, action, ETags.ExpectedVersion(http), http.User.Actor(), ct);
            if (moved is null)
            {
                return TypedResults.NotFound();
            }

            ETags.Set(http, moved.Version);
            return TypedResults.Ok(moved);
        }
        catch (KbTransitionConflictException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict.", detail: e.Message,
                extensions: new Dictionary<string, object?>
                {
                    ["articleStatus"] = EnumText.Camel(e.From),
                    ["allowedActions"] = e.Allowed.Select(EnumText.Camel).ToArray(),
                });
        }
    }

    private static async Task<Results<Ok<Page<KbVersionSummary>>, NotFound, ValidationProblem>> Versions(
        long id, KbArticleService service, string? cursor, int? limit, CancellationToken ct) =>
        await service.Versions(id, new KbVersionQuery(cursor, limit), ct) is { } page ? TypedResults.Ok(page) : TypedResults.NotFound();

    private static async Task<Results<Ok<KbVersionDto>, NotFound>> Version(long id, long number, KbArticleService service, CancellationToken ct) =>
        await service.Version(id, number, ct) is { } version ? TypedResults.Ok(version) : TypedResults.NotFound();

    private static async Task<Results<Ok<KbArticleDto>, NotFound, ProblemHttpResult>> Restore(
        long id, long number, KbArticleService service, HttpContext http, CancellationToken ct)
    {
        var restored = await service.Restore(id, number, ETags.ExpectedVersion(http), http.User.Actor(), ct);
        if (restored is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, restored.Version);
        return TypedResults.Ok(restored);
    }

    private static async Task<Results<Ok<IReadOnlyList<KbTranslationDto>>, NotFound>> Translations(long id, KbArticleService service, CancellationToken ct) =>
        await service.Translations(id, ct) is { } list ? TypedResults.Ok(list) : TypedResults.NotFound();

    private static async Task<Results<Created<KbArticleDto>, NotFound, ValidationProblem, ProblemHttpResult>> CreateTranslation(
        long id, KbArticleInput input, KbArticleService service, HttpContext http, CancellationToken ct)
    {
        var created = await service.CreateTranslation(id, input, http.User.Actor(), ct);
        if (created is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, created.Version);
        return TypedResults.Created($"/api/v1/kb/articles/{created.Id}", created);
    }

    private static async Task<Results<Ok<Page<KbFeedbackDto>>, NotFound, ValidationProblem>> ListFeedback(
        long id, KbFeedbackService service, string? cursor, int? limit, CancellationToken ct) =>
        await service.ListFeedback(id, new KbFeedbackQuery(cursor, limit), ct) is { } page ? TypedResults.Ok(page) : TypedResults.NotFound();

    private static async Task<Results<Created<KbFeedbackDto>, NotFound, ValidationProblem>> Feedback(
        long id, KbFeedbackInput input, KbFeedbackService service, HttpContext http, CancellationToken ct) =>
        await service.Feedback(id, input, http.User.Actor(), ct: ct) is { } feedback
            ? TypedResults.Created($"/api/v1/kb/articles/{id}/feedback", feedback)
            : TypedResults.NotFound();

    private static async Task<Results<Created<KbUsageDto>, NotFound, ValidationProblem>> Use(
        long id, KbUsageInput input, KbFeedbackService service, HttpContext http, CancellationToken ct) =>
        await service.Use(id, input, http.User.Actor(), ct: ct) is { } usage
            ? TypedResults.Created($"/api/v1/kb/articles/{id}/usages", usage)
            : TypedResults.NotFound();

    private static async Task<Results<Ok<KbCounters>, NotFound>> View(long id, KbFeedbackService service, CancellationToken ct) =>
        await service.View(id, ct) is { } counters ? TypedResults.Ok(counters) : TypedResults.NotFound();

    // ---- categories ----

    private static async Task<Results<Ok<Page<KbCategoryDto>>, ValidationProblem>> ListCategories(
        KbCategoryService service, string? language, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await service.List(new KbCategoryQuery(language, cursor, limit), ct));

    private static async Task<Results<Ok<KbCategoryDto>, NotFound>> GetCategory(long id, KbCategoryService service, HttpContext http, CancellationToken ct)
    {
        var category = await service.Get(id, ct);
        if (category is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, category.Version);
        return TypedResults.Ok(category);
    }

    private static async Task<Results<Created<KbCategoryDto>, ValidationProblem, ProblemHttpResult>> CreateCategory(
        KbCategoryInput input, KbCategoryService service, HttpContext http, CancellationToken ct)
    {
        var category = await service.Create(input, ct);
        ETags.Set(http, category.Version);
        return TypedResults.Created($"/api/v1/kb/categories/{category.Id}", category);
    }

    private static async Task<Results<Ok<KbCategoryDto>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateCategory(
        long id, KbCategoryInput input, KbCategoryService service, HttpContext http, CancellationToken ct)
    {
        var category = await service.Update(id, input, ETags.ExpectedVersion(http), ct);
        if (category is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, category.Version);
        return TypedResults.Ok(category);
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteCategory(
        long id, KbCategoryService service, HttpContext http, CancellationToken ct) =>
        await service.Delete(id, ETags.ExpectedVersion(http), ct) ? TypedResults.NoContent() : TypedResults.NotFound();
}
