using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Common;
using Vinculo.Core.Storage;
using Vinculo.Domain.Knowledge;
using Vinculo.Domain.Knowledge.Search;

namespace Vinculo.Core.Knowledge.Search;

/// <summary>A synonym group as read.</summary>
/// <param name="Terms">The entries joined by ", " (as stored).</param>
/// <param name="Entries">The entries one by one.</param>
public sealed record KbSynonymDto(
    long Id, string Language, string Terms, IReadOnlyList<string> Entries, DateTime CreatedAt, DateTime UpdatedAt, long Version);

/// <summary>A synonym group to create or replace.</summary>
/// <param name="Language">"es" or "en".</param>
/// <param name="Terms">Words or expressions separated by commas ("devolución, reembolso, abono").</param>
public sealed record KbSynonymInput(string? Language, string? Terms);

/// <summary>A page of synonym groups, optionally of one language, oldest first.</summary>
public sealed record KbSynonymQuery(string? Language = null, string? Cursor = null, int? Limit = null);

/// <summary>
/// The synonym groups of the knowledge-base search, per language: a query word in a group also searches the others.
/// Every write takes effect on this node's next search (the search cache is invalidated).
/// </summary>
public sealed class KbSynonymService(VinculoDb db, KbSearchCache cache, TimeProvider clock)
{
    public const int MaxTermsLength = 2000;

    public async Task<Page<KbSynonymDto>> List(KbSynonymQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, 50);
        var after = Cursor.TryDecode(query.Cursor);
        long afterId = 0;
        if (after is not null && !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out afterId))
        {
            errors.Add("cursor", "The cursor is not valid; use the nextCursor of a previous page.");
        }

        if (query.Language is not null && !KbAnalysis.IsLanguage(query.Language))
        {
            errors.Add("language", "The language must be \"es\" or \"en\".");
        }

        errors.ThrowIfInvalid();
        var q = db.KbSynonyms.AsNoTracking().Where(g => g.Id > afterId);
        if (query.Language is not null)
        {
            q = q.Where(g => g.Language == query.Language);
        }

        var rows = await q.OrderBy(g => g.Id).Take(limit + 1).ToListAsync(ct);
        var items = rows.Take(limit).Select(ToDto).ToList();
        return new Page<KbSynonymDto>(items,
            rows.Count > limit ? Cursor.Encode(items[^1].Id.ToString(CultureInfo.InvariantCulture)) : null);
    }

    public async Task<KbSynonymDto?> Get(long id, CancellationToken ct = default) =>
        await db.KbSynonyms.AsNoTracking().Where(g => g.Id == id).FirstOrDefaultAsync(ct) is { } group ? ToDto(group) : null;

    /// <exception cref="ValidationException">Unknown language, fewer than two entries, an entry of only stop words.</exception>
    public async Task<KbSynonymDto> Create(KbSynonymInput input, CancellationToken ct = default)
    {
        var (language, terms) = Validate(input);
        var now = Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);
        var group = new KbSynonymGroup { Language = language, Terms = terms, CreatedAt = now, UpdatedAt = now, Version = 1 };
        db.KbSynonyms.Add(group);
        await Saves.Save(db, "synonym group", null, null, ct);
        cache.Invalidate(language);
        return ToDto(group);
    }

    /// <summary>Replaces a group's language and entries; null when it does not exist.</summary>
    /// <exception cref="PreconditionFailedException">When <paramref name="expectedVersion"/> is not the current version.</exception>
    public async Task<KbSynonymDto?> Update(long id, KbSynonymInput input, long? expectedVersion, CancellationToken ct = default)
    {
        var group = await db.KbSynonyms.FirstOrDefaultAsync(g => g.Id == id, ct);
        if (group is null)
        {
            return null;
        }

        CheckVersion(group.Version, expectedVersion);
        var (language, terms) = Validate(input);
        var previousLanguage = group.Language;
        group.Language = language;
        group.Terms = terms;
        group.UpdatedAt = Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);
        group.Version++;
        await Saves.Save(db, "synonym group", null, null, ct);
        cache.Invalidate(previousLanguage);
        cache.Invalidate(language);
        return ToDto(group);
    }

    /// <summary>Deletes a group; false when it does not exist.</summary>
    /// <exception cref="PreconditionFailedException">When <paramref name="expectedVersion"/> is not the current version.</exception>
    public async Task<bool> Delete(long id, long? expectedVersion, CancellationToken ct = default)
    {
        var group = await db.KbSynonyms.FirstOrDefaultAsync(g => g.Id == id, ct);
        if (group is null)
        {
            return false;
        }

        CheckVersion(group.Version, expectedVersion);
        db.KbSynonyms.Remove(group);
        await Saves.Save(db, "synonym group", null, null, ct);
        cache.Invalidate(group.Language);
        return true;
    }

    private static (string Language, string Terms) Validate(KbSynonymInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new ValidationErrors();
        var language = input.Language?.Trim().ToLowerInvariant();
        if (!KbAnalysis.IsLanguage(language))
        {
            errors.Add("language", "The language must be \"es\" or \"en\".");
        }

        if (input.Terms is { Length: > MaxTermsLength })
        {
            errors.Add("terms", $"The words may be at most {MaxTermsLength} characters long.");
        }
        else if (language is not null && KbAnalysis.IsLanguage(language)
            && SynonymSet.Problem(input.Terms, KbAnalysis.TextLanguageOf(language)) is { } problem)
        {
            errors.Add("terms", problem);
        }
        else if (!KbAnalysis.IsLanguage(language) && SynonymSet.Split(input.Terms).Count < SynonymSet.MinEntries)
        {
            errors.Add("terms", $"Write at least {SynonymSet.MinEntries} words or expressions separated by commas.");
        }

        errors.ThrowIfInvalid();
        return (language!, string.Join(", ", SynonymSet.Split(input.Terms)));
    }

    private static void CheckVersion(long current, long? expected)
    {
        if (expected is not null && expected != current)
        {
            throw new PreconditionFailedException(
                $"The synonym group was changed by someone else (version {current}, you sent {expected}). Reload it and try again.");
        }
    }

    public static KbSynonymDto ToDto(KbSynonymGroup g) =>
        new(g.Id, g.Language, g.Terms, SynonymSet.Split(g.Terms), g.CreatedAt, g.UpdatedAt, g.Version);
}
