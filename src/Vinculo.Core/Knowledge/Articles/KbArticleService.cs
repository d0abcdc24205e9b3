using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Commerce.Catalog;
using Vinculo.Core.Common;
using Vinculo.Core.Interactions;
using Vinculo.Core.Knowledge.Search;
using Vinculo.Core.Storage;
using Vinculo.Domain.Knowledge;

namespace Vinculo.Core.Knowledge.Articles;

/// <summary>
/// Knowledge-base articles: write, read, list, publish, unpublish, archive, delete; their versions and translations.
/// Every save that changes the title, the body or the status records a version (numbered with the article's new
/// version) with who saved it and when. The search columns are recomputed whenever the text is written, so the
/// database keeps the search index of published articles in step.
/// </summary>
public sealed class KbArticleService(VinculoDb db, TimeProvider clock, KbSearchCache searchCache)
{
    public const int DefaultLimit = 50;

    private readonly VinculoDb db = db;
    private readonly TimeProvider clock = clock;
    private readonly KbSearchCache searchCache = searchCache;

    /// <summary>Writes a new article as a draft (version 1).</summary>
    /// <exception cref="ConflictException">Another article of the language has the external id.</exception>
    public async Task<KbArticleDto> Create(KbArticleInput input, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(actor);
        var errors = new ValidationErrors();
        var language = KbRules.Language(input.Language, "language", errors, required: true);
        var fields = await Fields(input, errors, ct);
        errors.ThrowIfInvalid();
        await CheckExternalIdFree(language!, fields.ExternalId, null, ct);
        return await Insert(language!, null, fields, actor, ct);
    }

    public async Task<KbArticleDto?> Get(long id, CancellationToken ct = default)
    {
        var article = await db.KbArticles.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        return article is null ? null : await ToDto(article, ct);
    }

    public async Task<Page<KbArticleSummary>> List(KbArticleQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, DefaultLimit);
        var after = CommerceInput.ReadTimeCursor(query.Cursor, errors);
        var language = KbRules.Language(query.Language, "language", errors, required: false);
        var status = KbRules.OptionalEnum<KbStatus>(query.Status, "status", errors);
        var visibility = KbRules.OptionalEnum<KbVisibility>(query.Visibility, "visibility", errors);
        var title = KbRules.Text(query.Title, "title", KbRules.MaxTitleFilter, errors);
        errors.ThrowIfInvalid();

        var q = db.KbArticles.AsNoTracking();
        if (language is not null)
        {
            q = q.Where(a => a.Language == language);
        }

        if (status is { } s)
        {
            q = q.Where(a => a.Status == s);
        }

        if (visibility is { } v)
        {
            q = q.Where(a => a.Visibility == v);
        }

        if (query.CategoryId is { } categoryId)
        {
            // A category and its subcategories (one level).
            var ids = await db.KbCategories.AsNoTracking().Where(c => c.ParentId == categoryId).Select(c => c.Id).ToListAsync(ct);
            ids.Add(categoryId);
            q = q.Where(a => a.CategoryId != null && ids.Contains(a.CategoryId.Value));
        }

        if (title is not null)
        {
            var lower = title.ToLowerInvariant();
            q = q.Where(a => a.Title.ToLower().Contains(lower));
        }

        if (after is { } c)
        {
            q = q.Where(a => a.UpdatedAt < c.At || (a.UpdatedAt == c.At && a.Id < c.Id));
        }

        var rows = await q.OrderByDescending(a => a.UpdatedAt).ThenByDescending(a => a.Id).Take(limit + 1)
            .Select(a => new
            {
                a.Id, a.Language, a.TranslationGroupId, a.CategoryId, a.ExternalId, a.Title, a.Status, a.Visibility, a.AuthorName,
                a.UpdatedAt, a.PublishedAt, a.HelpfulYes, a.HelpfulNo, a.ViewCount, a.UseCount, a.Version,
            })
            .ToListAsync(ct);
        var hasMore = rows.Count > limit;
        rows = rows.Take(limit).ToList();
        var categories = await CategoryNames(rows.Select(r => r.CategoryId), ct);
        var items = rows.Select(r =>
        {
            var category = r.CategoryId is { } id && categories.TryGetValue(id, out var n) ? n : default;
            return new KbArticleSummary(r.Id, r.Language, r.TranslationGroupId, r.CategoryId, category.Es, category.En, r.ExternalId, r.Title,
                r.Status, r.Visibility, r.AuthorName, r.UpdatedAt, r.PublishedAt, r.HelpfulYes, r.HelpfulNo, r.ViewCount, r.UseCount, r.Version);
        }).ToList();
        return new Page<KbArticleSummary>(items, hasMore ? CommerceInput.TimeCursor(rows[^1].UpdatedAt, rows[^1].Id) : null);
    }

    /// <summary>Replaces title, body, category, visibility and external id; null when the article does not exist.</summary>
    /// <exception cref="PreconditionFailedException">The article changed since <paramref name="expectedVersion"/>.</exception>
    /// <exception cref="ConflictException">Another article of the language has the external id.</exception>
    public async Task<KbArticleDto?> Update(long id, KbArticleInput input, long? expectedVersion, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(actor);
        var article = await db.KbArticles.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (article is null)
        {
            return null;
        }

        KbRules.CheckVersion(article.Version, expectedVersion, "article");
        var errors = new ValidationErrors();
        var language = KbRules.Language(input.Language, "language", errors, required: false);
        if (language is not null && language != article.Language)
        {
            errors.Add("language", "The language of an article cannot change: write a translation instead.");
        }

        var fields = await Fields(input, errors, ct);
        errors.ThrowIfInvalid();
        if (fields.ExternalId is not null && fields.ExternalId != article.ExternalId)
        {
            await CheckExternalIdFree(article.Language, fields.ExternalId, id, ct);
        }

        var textChanged = article.Title != fields.Title || article.Body != fields.Body;
        var now = KbRules.Now(clock);
        article.Title = fields.Title;
        article.Body = fields.Body;
        article.CategoryId = fields.CategoryId;
        article.Visibility = fields.Visibility;
        article.ExternalId = fields.ExternalId;
        KbAnalysis.Apply(article);
        article.UpdatedAt = now;
        article.Version++;
        if (textChanged)
        {
            db.KbArticleVersions.Add(VersionOf(article, actor, now));
        }

        await Save(article.Language, article.ExternalId, id, ct);
        if (textChanged && article.Status == KbStatus.Published)
        {
            SearchChanged(article.Language);
        }

        return await ToDto(article, ct);
    }

    /// <summary>Publishes, unpublishes (back to draft) or archives; null when the article does not exist.</summary>
    /// <exception cref="KbTransitionConflictException">The article's status does not allow the move (409 with the allowed moves).</exception>
    /// <exception cref="PreconditionFailedException">The article changed since <paramref name="expectedVersion"/>.</exception>
    public async Task<KbArticleDto?> Transition(long id, KbAction action, long? expectedVersion, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var article = await db.KbArticles.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (article is null)
        {
            return null;
        }

        KbRules.CheckVersion(article.Version, expectedVersion, "article");
        if (!KbWorkflow.Can(article.Status, action))
        {
            throw new KbTransitionConflictException(article.Status, action, KbWorkflow.Allowed(article.Status));
        }

        var now = KbRules.Now(clock);
        var wasPublished = article.Status == KbStatus.Published;
        article.Status = KbWorkflow.Target(action);
        if (article.Status == KbStatus.Published)
        {
            // The search columns are what gets indexed: make sure they match the text (rows written by other means too).
            KbAnalysis.Apply(article);
            article.PublishedAt = now;
        }

        article.UpdatedAt = now;
        article.Version++;
        db.KbArticleVersions.Add(VersionOf(article, actor, now));
        await Saves.Save(db, "article", null, null, ct);
        if (wasPublished || article.Status == KbStatus.Published)
        {
            SearchChanged(article.Language);
        }

        return await ToDto(article, ct);
    }

    /// <summary>Deletes the article with its versions, feedback and usage. False when it does not exist.</summary>
    /// <exception cref="PreconditionFailedException">The article changed since <paramref name="expectedVersion"/>.</exception>
    public async Task<bool> Delete(long id, long? expectedVersion, CancellationToken ct = default)
    {
        var article = await db.KbArticles.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (article is null)
        {
            return false;
        }

        KbRules.CheckVersion(article.Version, expectedVersion, "article");
        db.KbArticles.Remove(article);
        await Saves.Save(db, "article", null, null, ct);
        if (article.Status == KbStatus.Published)
        {
            SearchChanged(article.Language);
        }

        return true;
    }

    /// <summary>The article's versions, newest first; null when the article does not exist.</summary>
    public async Task<Page<KbVersionSummary>?> Versions(long id, KbVersionQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, DefaultLimit);
        var after = ReadNumberCursor(query.Cursor, errors);
        errors.ThrowIfInvalid();
        if (!await db.KbArticles.AnyAsync(a => a.Id == id, ct))
        {
            return null;
        }

        var q = db.KbArticleVersions.AsNoTracking().Where(v => v.ArticleId == id);
        if (after is { } n)
        {
            q = q.Where(v => v.Number < n);
        }

        var rows = await q.OrderByDescending(v => v.Number).Take(limit + 1)
            .Select(v => new KbVersionSummary(v.Number, v.Title, v.Status, v.AuthorId, v.AuthorName, v.CreatedAt))
            .ToListAsync(ct);
        var hasMore = rows.Count > limit;
        var items = rows.Take(limit).ToList();
        return new Page<KbVersionSummary>(items, hasMore ? NumberCursor(items[^1].Number) : null);
    }

    /// <summary>One saved version; null when the article or the version does not exist.</summary>
    public async Task<KbVersionDto?> Version(long id, long number, CancellationToken ct = default)
    {
        var v = await db.KbArticleVersions.AsNoTracking().FirstOrDefaultAsync(x => x.ArticleId == id && x.Number == number, ct);
        return v is null ? null : new KbVersionDto(v.ArticleId, v.Number, v.Title, v.Body, KbMarkdown.ToHtml(v.Body), v.Status, v.AuthorId, v.AuthorName, v.CreatedAt);
    }

    /// <summary>
    /// Writes a saved version's title and body back as a new version (the status stays); null when the article or the
    /// version does not exist.
    /// </summary>
    /// <exception cref="PreconditionFailedException">The article changed since <paramref name="expectedVersion"/>.</exception>
    public async Task<KbArticleDto?> Restore(long id, long number, long? expectedVersion, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var article = await db.KbArticles.FirstOrDefaultAsync(a => a.Id == id, ct);
        var saved = await db.KbArticleVersions.AsNoTracking().FirstOrDefaultAsync(v => v.ArticleId == id && v.Number == number, ct);
        if (article is null || saved is null)
        {
            return null;
        }

        KbRules.CheckVersion(article.Version, expectedVersion, "article");
        var now = KbRules.Now(clock);
        article.Title = saved.Title;
        article.Body = saved.Body;
        KbAnalysis.Apply(article);
        article.UpdatedAt = now;
        article.Version++;
        db.KbArticleVersions.Add(VersionOf(article, actor, now));
        await Saves.Save(db, "article", null, null, ct);
        if (article.Status == KbStatus.Published)
        {
            SearchChanged(article.Language);
        }

        return await ToDto(article, ct);
    }

    /// <summary>The other languages' articles of the article's translation group; null when the article does not exist.</summary>
    public async Task<IReadOnlyList<KbTranslationDto>?> Translations(long id, CancellationToken ct = default)
    {
        var article = await db.KbArticles.AsNoTracking().Where(a => a.Id == id).Select(a => new { a.Id, a.TranslationGroupId }).FirstOrDefaultAsync(ct);
        if (article is null)
        {
            return null;
        }

        if (article.TranslationGroupId is not { } group)
        {
            return [];
        }

        return await db.KbArticles.AsNoTracking()
            .Where(a => a.TranslationGroupId == group && a.Id != id)
            .OrderBy(a => a.Language).ThenBy(a => a.Id)
            .Select(a => new KbTranslationDto(a.Id, a.Language, a.Title, a.Status, a.Visibility, a.Version))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Writes the translation of article <paramref name="id"/> into the other language, as a draft in the same translation
    /// group (whose id is the first article's). Category and visibility default to the original's. Null when the article
    /// does not exist.
    /// </summary>
    /// <exception cref="ConflictException">The group already has an article in that language, or the external id is taken.</exception>
    public async Task<KbArticleDto?> CreateTranslation(long id, KbArticleInput input, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(actor);
        var source = await db.KbArticles.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (source is null)
        {
            return null;
        }

        var errors = new ValidationErrors();
        var language = KbRules.Language(input.Language, "language", errors, required: false) ?? KbRules.Other(source.Language);
        if (language == source.Language)
        {
            errors.Add("language", "A translation is in the other language.");
        }

        var defaults = input with
        {
            CategoryId = input.CategoryId ?? source.CategoryId,
            Visibility = string.IsNullOrWhiteSpace(input.Visibility) ? EnumText.Camel(source.Visibility) : input.Visibility,
        };
        var fields = await Fields(defaults, errors, ct);
        errors.ThrowIfInvalid();

        var group = source.TranslationGroupId ?? source.Id;
        if (await db.KbArticles.AnyAsync(a => (a.TranslationGroupId == group || a.Id == group) && a.Language == language, ct))
        {
            throw new ConflictException(
                $"This article already has a translation in {(language == "en" ? "English" : "Spanish")}: edit that one instead.");
        }

        await CheckExternalIdFree(language, fields.ExternalId, null, ct);
        return await Insert(language, group, fields, actor, ct);
    }

    /// <summary>The HTML of a Markdown text as an article shows it (for the editor's preview).</summary>
    public static string Preview(string? markdown) => KbMarkdown.ToHtml(markdown);

    /// <summary>Validated fields other than the language.</summary>
    private sealed record ArticleFields(string Title, string Body, long? CategoryId, KbVisibility Visibility, string? ExternalId);

    private async Task<ArticleFields> Fields(KbArticleInput input, ValidationErrors errors, CancellationToken ct)
    {
        var title = KbRules.Text(input.Title, "title", KbRules.MaxTitle, errors, required: true);
        var body = KbRules.Body(input.Body, errors);
        var visibility = KbRules.Enum(input.Visibility, "visibility", KbVisibility.Internal, errors);
        var externalId = KbRules.Text(input.ExternalId, "externalId", KbRules.MaxExternalId, errors);
        if (input.CategoryId is not { } categoryId)
        {
            errors.Add("categoryId", "Required.");
        }
        else if (!await db.KbCategories.AnyAsync(c => c.Id == categoryId, ct))
        {
            errors.Add("categoryId", "No category has this id.");
        }

        return new ArticleFields(title ?? "", body ?? "", input.CategoryId, visibility, externalId);
    }

    private async Task<KbArticleDto> Insert(string language, long? group, ArticleFields fields, Actor actor, CancellationToken ct)
    {
        var now = KbRules.Now(clock);
        var article = new KbArticle
        {
            Language = language,
            TranslationGroupId = group,
            CategoryId = fields.CategoryId,
            ExternalId = fields.ExternalId,
            Title = fields.Title,
            Body = fields.Body,
            Status = KbStatus.Draft,
            Visibility = fields.Visibility,
            AuthorId = actor.UserId.Length == 0 ? null : actor.UserId,
            AuthorName = actor.Name.Length == 0 ? null : actor.Name,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        KbAnalysis.Apply(article);

        // The version row needs the article's id: two statements, one transaction.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (group is { } g)
        {
            // The first article of a new group is the group's id.
            await db.KbArticles.Where(a => a.Id == g && a.TranslationGroupId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.TranslationGroupId, g), ct);
        }

        db.KbArticles.Add(article);
        await Save(language, article.ExternalId, null, ct);
        db.KbArticleVersions.Add(VersionOf(article, actor, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ToDto(article, ct);
    }

    private static KbArticleVersion VersionOf(KbArticle article, Actor actor, DateTime now) => new()
    {
        ArticleId = article.Id,
        Number = article.Version,
        Title = article.Title,
        Body = article.Body,
        Status = article.Status,
        AuthorId = actor.UserId.Length == 0 ? null : actor.UserId,
        AuthorName = actor.Name.Length == 0 ? null : actor.Name,
        CreatedAt = now,
    };

    private async Task<KbArticleDto> ToDto(KbArticle a, CancellationToken ct)
    {
        var names = await CategoryNames([a.CategoryId], ct);
        var category = a.CategoryId is { } id && names.TryGetValue(id, out var n) ? n : default;
        return new KbArticleDto(
            a.Id, a.Language, a.TranslationGroupId, a.CategoryId, category.Es, category.En, a.ExternalId, a.Title, a.Body, KbMarkdown.ToHtml(a.Body),
            a.Status, a.Visibility, a.AuthorId, a.AuthorName, a.CreatedAt, a.UpdatedAt, a.PublishedAt, a.HelpfulYes, a.HelpfulNo, a.ViewCount,
            a.UseCount, a.Version, KbWorkflow.Allowed(a.Status));
    }

    private async Task<Dictionary<long, (string Es, string En)>> CategoryNames(IEnumerable<long?> ids, CancellationToken ct)
    {
        var wanted = ids.OfType<long>().Distinct().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        return (await db.KbCategories.AsNoTracking().Where(c => wanted.Contains(c.Id)).Select(c => new { c.Id, c.NameEs, c.NameEn }).ToListAsync(ct))
            .ToDictionary(c => c.Id, c => (c.NameEs, c.NameEn));
    }

    private async Task CheckExternalIdFree(string language, string? externalId, long? exceptId, CancellationToken ct)
    {
        if (externalId is not null && await ExternalIdTaken(language, externalId, exceptId, ct))
        {
            throw new ConflictException(KbRules.ExternalIdTaken(language, externalId));
        }
    }

    private Task<bool> ExternalIdTaken(string language, string externalId, long? exceptId, CancellationToken ct) =>
        db.KbArticles.AnyAsync(a => a.Language == language && a.ExternalId == externalId && a.Id != exceptId, ct);

    private Task Save(string language, string? externalId, long? exceptId, CancellationToken ct) =>
        externalId is null
            ? Saves.Save(db, "article", null, null, ct)
            : Saves.Save(db, "article", () => ExternalIdTaken(language, externalId, exceptId, ct), KbRules.ExternalIdTaken(language, externalId), ct);

    private static string NumberCursor(long number) => Cursor.Encode(number.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static long? ReadNumberCursor(string? cursor, ValidationErrors errors)
    {
        if (Cursor.TryDecode(cursor) is not { } raw)
        {
            return null;
        }

        if (long.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }

        errors.Add("cursor", "The cursor is not valid; use the nextCursor of a previous page.");
        return null;
    }

    /// <summary>What search finds changed (an article entered or left the index, or its text changed): its cache re-reads.</summary>
    private void SearchChanged(string language) => searchCache.Invalidate(language);
}
