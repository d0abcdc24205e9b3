using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Common;
using Vinculo.Core.Storage;
using Vinculo.Domain.Knowledge;

namespace Vinculo.Core.Knowledge.Articles;

/// <summary>
/// Knowledge-base categories: named in Spanish and English, ordered by position then name, with one level of
/// subcategories. A category is deleted only while no article uses it and it has no subcategories.
/// </summary>
public sealed class KbCategoryService(VinculoDb db, TimeProvider clock)
{
    public const int DefaultLimit = 50;
    public const int MaxCategories = 1000;

    public async Task<KbCategoryDto> Create(KbCategoryInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var category = new KbCategory();
        await Apply(input, category, ct);
        var now = KbRules.Now(clock);
        category.CreatedAt = now;
        category.UpdatedAt = now;
        category.Version = 1;
        db.KbCategories.Add(category);
        await Saves.Save(db, "category", null, null, ct);
        return (await Get(category.Id, ct))!;
    }

    public async Task<KbCategoryDto?> Get(long id, CancellationToken ct = default) =>
        (await WithCounts(db.KbCategories.AsNoTracking().Where(c => c.Id == id), ct)).FirstOrDefault();

    /// <summary>Replaces names, parent and position; null when the category does not exist.</summary>
    /// <exception cref="PreconditionFailedException">The category changed since <paramref name="expectedVersion"/>.</exception>
    public async Task<KbCategoryDto?> Update(long id, KbCategoryInput input, long? expectedVersion, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var category = await db.KbCategories.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (category is null)
        {
            return null;
        }

        KbRules.CheckVersion(category.Version, expectedVersion, "category");
        await Apply(input, category, ct);
        category.UpdatedAt = KbRules.Now(clock);
        category.Version++;
        await Saves.Save(db, "category", null, null, ct);
        return await Get(id, ct);
    }

    /// <summary>Deletes an unused category without subcategories. False when it does not exist.</summary>
    /// <exception cref="ConflictException">Articles are in the category, or it has subcategories.</exception>
    /// <exception cref="PreconditionFailedException">The category changed since <paramref name="expectedVersion"/>.</exception>
    public async Task<bool> Delete(long id, long? expectedVersion, CancellationToken ct = default)
    {
        var category = await db.KbCategories.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (category is null)
        {
            return false;
        }

        KbRules.CheckVersion(category.Version, expectedVersion, "category");
        var articles = await db.KbArticles.CountAsync(a => a.CategoryId == id, ct);
        if (articles > 0)
        {
            throw new ConflictException(
                $"{articles.ToString(CultureInfo.InvariantCulture)} article(s) are in this category. Move them to another category first.");
        }

        if (await db.KbCategories.AnyAsync(c => c.ParentId == id, ct))
        {
            throw new ConflictException("This category has subcategories. Delete or move them first.");
        }

        db.KbCategories.Remove(category);
        await Saves.Save(db, "category", null, null, ct);
        return true;
    }

    /// <summary>Categories by position, then name in the query's language, then id. Keyset pagination.</summary>
    public async Task<Page<KbCategoryDto>> List(KbCategoryQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, DefaultLimit);
        var language = KbRules.Language(query.Language, "language", errors, required: false) ?? "es";
        var after = ReadCursor(query.Cursor, errors);
        errors.ThrowIfInvalid();

        var q = db.KbCategories.AsNoTracking();
        var english = language == "en";
        if (after is { } a)
        {
            q = english
                ? q.Where(c => c.Position > a.Position
                    || (c.Position == a.Position && (string.Compare(c.NameEn, a.Name) > 0 || (c.NameEn == a.Name && c.Id > a.Id))))
                : q.Where(c => c.Position > a.Position
                    || (c.Position == a.Position && (string.Compare(c.NameEs, a.Name) > 0 || (c.NameEs == a.Name && c.Id > a.Id))));
        }

        var ordered = english
            ? q.OrderBy(c => c.Position).ThenBy(c => c.NameEn).ThenBy(c => c.Id)
            : q.OrderBy(c => c.Position).ThenBy(c => c.NameEs).ThenBy(c => c.Id);
        var rows = await WithCounts(ordered.Take(limit + 1), ct);
        var hasMore = rows.Count > limit;
        var items = rows.Take(limit).ToList();
        return new Page<KbCategoryDto>(items, hasMore ? WriteCursor(items[^1], language) : null);
    }

    /// <summary>
    /// Every category (at most <see cref="MaxCategories"/>), each top-level one followed by its subcategories, by
    /// position and name in <paramref name="language"/>: for choosing one.
    /// </summary>
    public async Task<IReadOnlyList<KbCategoryDto>> All(string language, CancellationToken ct = default)
    {
        var rows = await db.KbCategories.AsNoTracking().OrderBy(c => c.Id).Take(MaxCategories)
            .Select(c => new KbCategoryDto(c.Id, c.ParentId, c.NameEs, c.NameEn, c.Position, 0, 0, c.CreatedAt, c.UpdatedAt, c.Version))
            .ToListAsync(ct);
        var comparer = StringComparer.Create(CultureInfo.CurrentCulture, CompareOptions.IgnoreCase);
        IEnumerable<KbCategoryDto> Sorted(IEnumerable<KbCategoryDto> list) =>
            list.OrderBy(c => c.Position).ThenBy(c => c.Name(language), comparer).ThenBy(c => c.Id);
        var ids = rows.Select(r => r.Id).ToHashSet();
        var result = new List<KbCategoryDto>(rows.Count);
        foreach (var top in Sorted(rows.Where(r => r.ParentId is null || !ids.Contains(r.ParentId.Value))))
        {
            result.Add(top);
            result.AddRange(Sorted(rows.Where(r => r.ParentId == top.Id)));
        }

        return result;
    }

    private async Task Apply(KbCategoryInput input, KbCategory category, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var nameEs = KbRules.Text(input.NameEs, "nameEs", KbRules.MaxCategoryName, errors, required: true);
        var nameEn = KbRules.Text(input.NameEn, "nameEn", KbRules.MaxCategoryName, errors, required: true);
        var position = input.Position ?? 0;
        if (position is < 0 or > 100_000)
        {
            errors.Add("position", "Between 0 and 100000.");
        }

        if (input.ParentId is { } parentId)
        {
            var parent = await db.KbCategories.AsNoTracking().Where(c => c.Id == parentId).Select(c => new { c.Id, c.ParentId }).FirstOrDefaultAsync(ct);
            if (parent is null)
            {
                errors.Add("parentId", "No category has this id.");
            }
            else if (category.Id != 0 && parent.Id == category.Id)
            {
                errors.Add("parentId", "A category cannot be its own parent.");
            }
            else if (parent.ParentId is not null)
            {
                errors.Add("parentId", "The parent must be a top-level category (one level of subcategories).");
            }
            else if (category.Id != 0 && await db.KbCategories.AnyAsync(c => c.ParentId == category.Id, ct))
            {
                errors.Add("parentId", "This category has subcategories, so it must stay at the top level.");
            }
        }

        errors.ThrowIfInvalid();
        category.NameEs = nameEs!;
        category.NameEn = nameEn!;
        category.ParentId = input.ParentId;
        category.Position = position;
    }

    private async Task<List<KbCategoryDto>> WithCounts(IQueryable<KbCategory> categories, CancellationToken ct)
    {
        var rows = await categories.ToListAsync(ct);
        if (rows.Count == 0)
        {
            return [];
        }

        var ids = rows.Select(r => r.Id).ToList();
        var articles = await db.KbArticles.AsNoTracking().Where(a => a.CategoryId != null && ids.Contains(a.CategoryId.Value))
            .GroupBy(a => a.CategoryId!.Value).Select(g => new { Id = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Id, x => x.Count, ct);
        var children = await db.KbCategories.AsNoTracking().Where(c => c.ParentId != null && ids.Contains(c.ParentId.Value))
            .GroupBy(c => c.ParentId!.Value).Select(g => new { Id = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Id, x => x.Count, ct);
        return rows.Select(c => new KbCategoryDto(
            c.Id, c.ParentId, c.NameEs, c.NameEn, c.Position, articles.GetValueOrDefault(c.Id), children.GetValueOrDefault(c.Id),
            c.CreatedAt, c.UpdatedAt, c.Version)).ToList();
    }

    private static string WriteCursor(KbCategoryDto last, string language) => Cursor.Encode(string.Create(
        CultureInfo.InvariantCulture, $"{last.Position}\n{last.Id}\n{last.Name(language)}"));

    private static (int Position, long Id, string Name)? ReadCursor(string? cursor, ValidationErrors errors)
    {
        if (Cursor.TryDecode(cursor) is not { } raw)
        {
            return null;
        }

        var parts = raw.Split('\n', 3);
        if (parts.Length == 3
            && int.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var position)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return (position, id, parts[2]);
        }

        errors.Add("cursor", "The cursor is not valid; use the nextCursor of a previous page.");
        return null;
    }
}
