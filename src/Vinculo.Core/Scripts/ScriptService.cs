using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Core.Interactions;
using Vinculo.Core.Storage;
using Vinculo.Domain.Scripts;

namespace Vinculo.Core.Scripts;

/// <summary>
/// Agent scripts: list, read, create, replace, activate, archive, delete. A script is one language variant of a code;
/// its definition is checked in full before it is saved (the graph, known placeholders and facts), so a saved script can
/// always be run. New scripts are drafts; only active scripts are selected and recorded.
/// </summary>
public sealed class ScriptService(VinculoDb db, TimeProvider clock)
{
    public const int MaxName = 200;
    public const int MaxDescription = 1000;
    public const int MaxCode = 60;

    public async Task<ScriptDto> Create(ScriptInput input, Actor? author, CancellationToken ct = default)
    {
        var now = Now;
        var script = new AgentScript { Status = ScriptStatus.Draft, CreatedAt = now, Version = 1 };
        Apply(input, script);
        await CheckFree(script.Code, script.Language, null, ct);
        script.AuthorId = string.IsNullOrEmpty(author?.UserId) ? null : author.UserId;
        script.AuthorName = string.IsNullOrEmpty(author?.Name) ? null : author.Name;
        script.UpdatedAt = now;
        db.Scripts.Add(script);
        await Save(script.Code, script.Language, null, ct);
        return ToDto(script);
    }

    public async Task<ScriptDto?> Get(long id, CancellationToken ct = default) =>
        await db.Scripts.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) is { } s ? ToDto(s) : null;

    /// <summary>Replaces name, description, definition, and code or language (keeping them unique); null when it does not exist.</summary>
    /// <exception cref="PreconditionFailedException">When <paramref name="expectedVersion"/> is not the current version.</exception>
    public async Task<ScriptDto?> Update(long id, ScriptInput input, long? expectedVersion, Actor? author, CancellationToken ct = default)
    {
        var script = await db.Scripts.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (script is null)
        {
            return null;
        }

        CheckVersion(script.Version, expectedVersion);
        var oldCode = script.Code;
        Apply(input, script);
        await CheckFree(script.Code, script.Language, id, ct);
        if (oldCode != script.Code)
        {
            await CheckNotLastUsed(oldCode, id, "renamed", ct);
        }

        script.AuthorId = string.IsNullOrEmpty(author?.UserId) ? script.AuthorId : author.UserId;
        script.AuthorName = string.IsNullOrEmpty(author?.Name) ? script.AuthorName : author.Name;
        script.UpdatedAt = Now;
        script.Version++;
        await Save(script.Code, script.Language, id, ct);
        return ToDto(script);
    }

    /// <summary>Sets the status (activate, archive, back to draft); null when the script does not exist.</summary>
    public async Task<ScriptDto?> SetStatus(long id, ScriptStatus status, long? expectedVersion, CancellationToken ct = default)
    {
        if (!Enum.IsDefined(status))
        {
            throw ValidationException.For("status", $"Use one of: {EnumText.Allowed<ScriptStatus>()}.");
        }

        var script = await db.Scripts.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (script is null)
        {
            return null;
        }

        CheckVersion(script.Version, expectedVersion);
        if (script.Status == status)
        {
            return ToDto(script);
        }

        if (status == ScriptStatus.Active)
        {
            // Saved definitions were checked, but facts can be retired: check again before it goes live.
            var errors = new ValidationErrors();
            ScriptChecks.Definition(ScriptJson.Definition(script.Definition), errors);
            errors.ThrowIfInvalid();
        }

        script.Status = status;
        script.UpdatedAt = Now;
        script.Version++;
        await Saves.Save(db, "script", null, null, ct);
        return ToDto(script);
    }

    /// <summary>Deletes a script never run; false when it does not exist.</summary>
    /// <exception cref="ConflictException">Runs were recorded with it (archive it instead), or rules choose its code and it is the last variant.</exception>
    public async Task<bool> Delete(long id, long? expectedVersion, CancellationToken ct = default)
    {
        var script = await db.Scripts.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (script is null)
        {
            return false;
        }

        CheckVersion(script.Version, expectedVersion);
        if (await db.ScriptRuns.AnyAsync(r => r.ScriptId == id, ct))
        {
            throw new ConflictException("Conversations were recorded with this script, so it stays: archive it instead.");
        }

        await CheckNotLastUsed(script.Code, id, "deleted", ct);
        db.Scripts.Remove(script);
        await Saves.Save(db, "script", null, null, ct);
        return true;
    }

    /// <summary>Scripts by code and language, filtered by status, language and words of the code or name; keyset pages.</summary>
    public async Task<Page<ScriptSummary>> List(ScriptQuery query, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, 50);
        ScriptStatus? status = string.IsNullOrWhiteSpace(query.Status) ? null : CustomerInputMapper.ParseEnum(query.Status, "status", ScriptStatus.Draft, errors);
        var language = string.IsNullOrWhiteSpace(query.Language) ? null : Language(query.Language, "language", errors);
        var words = (query.Q ?? "").Trim().ToLowerInvariant();
        if (words.Length > 100)
        {
            errors.Add("q", "At most 100 characters.");
        }

        (string Code, string Language)? after = null;
        if (Cursor.TryDecode(query.Cursor) is { } raw)
        {
            var parts = raw.Split('\n');
            if (parts.Length == 2 && parts[1] is "es" or "en")
            {
                after = (parts[0], parts[1]);
            }
            else
            {
                errors.Add("cursor", "The cursor is not valid; use the nextCursor of a previous page.");
            }
        }

        errors.ThrowIfInvalid();
        var q = db.Scripts.AsNoTracking();
        if (status is not null)
        {
            q = q.Where(s => s.Status == status);
        }

        if (language is not null)
        {
            q = q.Where(s => s.Language == language);
        }

        foreach (var word in words.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(5))
        {
            q = q.Where(s => s.Code.Contains(word) || s.Name.ToLower().Contains(word));
        }

        if (after is { } a)
        {
            q = q.Where(s => string.Compare(s.Code, a.Code) > 0 || (s.Code == a.Code && string.Compare(s.Language, a.Language) > 0));
        }

        var rows = await q.OrderBy(s => s.Code).ThenBy(s => s.Language).Take(limit + 1)
            .Select(s => new ScriptSummary(s.Id, s.Code, s.Language, s.Name, s.Status, s.AuthorName, s.UpdatedAt, s.Version))
            .ToListAsync(ct);
        var hasMore = rows.Count > limit;
        rows = rows.Take(limit).ToList();
        return new Page<ScriptSummary>(rows, hasMore ? Cursor.Encode(rows[^1].Code + "\n" + rows[^1].Language) : null);
    }

    /// <summary>Every script code with the names of its variants (for choosing one in a rule).</summary>
    public async Task<IReadOnlyList<(string Code, string Name)>> Codes(CancellationToken ct = default) =>
        (await db.Scripts.AsNoTracking().OrderBy(s => s.Code).ThenBy(s => s.Language).Select(s => new { s.Code, s.Name }).Take(2000).ToListAsync(ct))
        .GroupBy(s => s.Code).Select(g => (g.Key, string.Join(" / ", g.Select(s => s.Name).Distinct()))).ToList();

    public static ScriptDto ToDto(AgentScript s) => new(
        s.Id, s.Code, s.Language, s.Name, s.Description, ScriptJson.Definition(s.Definition), s.Status, s.AuthorName, s.CreatedAt, s.UpdatedAt, s.Version);

    /// <summary>A code: 2-60 lower-case letters, digits and hyphens (trimmed and lower-cased first).</summary>
    public static string? Code(string? value, string field, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var code = value?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(code))
        {
            errors.Add(field, "Required.");
            return null;
        }

        if (code.Length is < 2 or > MaxCode || !code.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            errors.Add(field, $"2 to {MaxCode} lower-case letters, digits and hyphens.");
            return null;
        }

        return code;
    }

    private DateTime Now => Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);

    private static string? Language(string? value, string field, ValidationErrors errors)
    {
        var language = value?.Trim().ToLowerInvariant();
        if (language is "es" or "en")
        {
            return language;
        }

        errors.Add(field, string.IsNullOrEmpty(language) ? "Required: es or en." : "Use es or en.");
        return null;
    }

    private static void Apply(ScriptInput input, AgentScript script)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new ValidationErrors();
        var code = Code(input.Code, "code", errors);
        var language = Language(input.Language, "language", errors);
        var name = CustomerInputMapper.Text(input.Name, "name", MaxName, errors);
        if (name is null)
        {
            errors.Add("name", "Required.");
        }

        var description = CustomerInputMapper.Text(input.Description, "description", MaxDescription, errors);
        ScriptChecks.Definition(input.Definition, errors);
        errors.ThrowIfInvalid();
        script.Code = code!;
        script.Language = language!;
        script.Name = name!;
        script.Description = description;
        script.Definition = ScriptJson.Write(Normalize(input.Definition!));
    }

    /// <summary>Trims ids, answers and facts so the stored graph is exactly the one that was checked.</summary>
    private static ScriptDefinition Normalize(ScriptDefinition d) => d with
    {
        Start = d.Start.Trim(),
        Steps = d.Steps.Select(s => s with
        {
            Text = string.IsNullOrWhiteSpace(s.Text) ? null : s.Text,
            Choices = s.Choices is { Count: > 0 } ? s.Choices.Select(c => c with { Answer = c.Answer.Trim(), Label = string.IsNullOrWhiteSpace(c.Label) ? null : c.Label.Trim() }).ToList() : null,
            Conditions = s.Conditions is { Count: > 0 } ? s.Conditions.Select(c => c with { Value = string.IsNullOrWhiteSpace(c.Value) ? null : c.Value.Trim() }).ToList() : null,
        }).ToList(),
    };

    private static void CheckVersion(long current, long? expected)
    {
        if (expected is not null && expected != current)
        {
            throw new PreconditionFailedException(
                $"The script was changed by someone else (version {current}, you sent {expected}). Reload it and try again.");
        }
    }

    /// <summary>A code that rules choose must keep at least one script.</summary>
    private async Task CheckNotLastUsed(string code, long id, string what, CancellationToken ct)
    {
        if (await db.Scripts.AnyAsync(s => s.Code == code && s.Id != id, ct))
        {
            return;
        }

        var rules = await db.ScriptRules.AsNoTracking().Where(r => r.ScriptCode == code).OrderBy(r => r.Id).Select(r => r.Name).Take(5).ToListAsync(ct);
        if (rules.Count > 0)
        {
            throw new ConflictException(
                $"The rules {string.Join(", ", rules.Select(n => $"'{n}'"))} choose '{code}', and this is its last script, so it cannot be {what}. Change the rules first.");
        }
    }

    private async Task CheckFree(string code, string language, long? exceptId, CancellationToken ct)
    {
        if (await Taken(code, language, exceptId, ct))
        {
            throw new ConflictException(TakenMessage(code, language));
        }
    }

    private Task<bool> Taken(string code, string language, long? exceptId, CancellationToken ct) =>
        db.Scripts.AsNoTracking().AnyAsync(s => s.Code == code && s.Language == language && s.Id != exceptId, ct);

    private Task Save(string code, string language, long? exceptId, CancellationToken ct) =>
        Saves.Save(db, "script", () => Taken(code, language, exceptId, ct), TakenMessage(code, language), ct);

    private static string TakenMessage(string code, string language) =>
        string.Create(CultureInfo.InvariantCulture, $"The script '{code}' already has a '{language}' variant. Edit that one, or use another code.");
}
