using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Common;
using Vinculo.Core.Storage;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Service.Configuration;

/// <summary>
/// Case types (services): the six built-in ones and a company's own. Names (Spanish and English) and skills can be changed
/// on any; built-in types cannot be deactivated or deleted; a company's own types can be deactivated, and deleted while no
/// case or policy uses them.
/// </summary>
public sealed class CaseTypeService(VinculoDb db)
{
    public const int MaxNameLength = 100;

    public async Task<CaseTypeDto> Create(CaseTypeInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new ValidationErrors();
        string code = "";
        if (CaseType.Problem(input.Code) is { } problem)
        {
            errors.Add("code", problem);
        }
        else
        {
            code = input.Code!.Trim().ToLowerInvariant();
        }

        var type = new CaseTypeDefinition { Code = code, BuiltIn = false };
        Apply(input, type, errors);
        errors.ThrowIfInvalid();
        if (await db.CaseTypes.AnyAsync(t => t.Code == code, ct))
        {
            throw new ConflictException(Taken(code));
        }

        db.CaseTypes.Add(type);
        await Saves.Save(db, "case type", () => db.CaseTypes.AnyAsync(t => t.Code == code, ct), Taken(code), ct);
        return ToDto(type);
    }

    public async Task<CaseTypeDto?> Get(string code, CancellationToken ct = default)
    {
        var key = Key(code);
        return await db.CaseTypes.AsNoTracking().Where(t => t.Code == key).Select(t => ToDto(t)).FirstOrDefaultAsync(ct);
    }

    /// <summary>Changes the names, skills and active flag (the code stays); null when the type does not exist.</summary>
    public async Task<CaseTypeDto?> Update(string code, CaseTypeInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var key = Key(code);
        var type = await db.CaseTypes.FirstOrDefaultAsync(t => t.Code == key, ct);
        if (type is null)
        {
            return null;
        }

        var errors = new ValidationErrors();
        Apply(input, type, errors);
        errors.ThrowIfInvalid();
        await Saves.Save(db, "case type", null, null, ct);
        return ToDto(type);
    }

    /// <summary>Deletes a company's own case type nobody uses. False when it does not exist.</summary>
    /// <exception cref="ConflictException">The type is built in, or a case or a policy uses it.</exception>
    public async Task<bool> Delete(string code, CancellationToken ct = default)
    {
        var key = Key(code);
        var type = await db.CaseTypes.FirstOrDefaultAsync(t => t.Code == key, ct);
        if (type is null)
        {
            return false;
        }

        if (type.BuiltIn)
        {
            throw new ConflictException($"'{type.Code}' is a built-in case type; it cannot be deleted.");
        }

        if (await db.Cases.AnyAsync(c => c.Type == key, ct))
        {
            throw new ConflictException($"Cases of type '{type.Code}' exist. Deactivate the type instead.");
        }

        if (await db.ServicePolicies.AnyAsync(p => p.Scope == SlaScope.CaseType && p.ScopeKey == key, ct))
        {
            throw new ConflictException($"An SLA policy is scoped to the case type '{type.Code}'. Change or delete it first.");
        }

        db.CaseTypes.Remove(type);
        await Saves.Save(db, "case type", null, null, ct);
        return true;
    }

    public async Task<Page<CaseTypeDto>> List(CaseTypeQuery query, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, 50);
        var after = Cursor.TryDecode(query.Cursor);
        errors.ThrowIfInvalid();
        var q = db.CaseTypes.AsNoTracking();
        if (query.Active is { } active)
        {
            q = q.Where(t => t.Active == active);
        }

        if (after is not null)
        {
            q = q.Where(t => string.Compare(t.Code, after) > 0);
        }

        var rows = await q.OrderBy(t => t.Code).Take(limit + 1).ToListAsync(ct);
        var hasMore = rows.Count > limit;
        var items = rows.Take(limit).Select(ToDto).ToList();
        return new Page<CaseTypeDto>(items, hasMore ? Cursor.Encode(items[^1].Code) : null);
    }

    /// <summary>Every case type, built-in ones first in their display order, then the others by code (for choosing one).</summary>
    public async Task<IReadOnlyList<CaseTypeDto>> All(CancellationToken ct = default)
    {
        var rows = await db.CaseTypes.AsNoTracking().OrderBy(t => t.Code).Take(1000).ToListAsync(ct);
        var order = CaseType.BuiltIn.Select(t => t.Code).ToList();
        return rows.OrderBy(t => t.BuiltIn ? order.IndexOf(t.Code) : int.MaxValue).ThenBy(t => t.Code, StringComparer.Ordinal)
            .Select(ToDto).ToList();
    }

    private static void Apply(CaseTypeInput input, CaseTypeDefinition type, ValidationErrors errors)
    {
        var nameEs = ConfigRules.Text(input.NameEs, "nameEs", MaxNameLength, errors, required: true);
        var nameEn = ConfigRules.Text(input.NameEn, "nameEn", MaxNameLength, errors, required: true);
        var skills = ConfigRules.Skills(input.Skills, "skills", errors);
        var active = input.Active ?? true;
        if (type.BuiltIn && !active)
        {
            errors.Add("active", "A built-in case type cannot be deactivated.");
        }

        if (!errors.IsValid)
        {
            return;
        }

        type.NameEs = nameEs!;
        type.NameEn = nameEn!;
        type.Skills = ConfigRules.JoinSkills(skills);
        type.Active = active;
    }

    private static string Key(string code) => code.Trim().ToLowerInvariant();

    private static string Taken(string code) => $"The case type '{code}' already exists.";

    public static CaseTypeDto ToDto(CaseTypeDefinition t) =>
        new(t.Code, t.NameEs, t.NameEn, t.BuiltIn, t.Active, ConfigRules.SplitSkills(t.Skills));
}
