using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Core.Storage;
using Vinculo.Domain.Scripts;

namespace Vinculo.Core.Scripts;

/// <summary>
/// The rules that choose a script from the customer's facts: list (by priority, highest first), read, create, replace,
/// delete. Each condition names a known fact and a value that suits its operator; the script code must exist.
/// </summary>
public sealed class ScriptRuleService(VinculoDb db, TimeProvider clock)
{
    public const int MaxName = 200;
    public const int MinPriority = -1_000_000;
    public const int MaxPriority = 1_000_000;

    public async Task<ScriptRuleDto> Create(ScriptRuleInput input, CancellationToken ct = default)
    {
        var now = Now;
        var rule = new ScriptRule { CreatedAt = now, Version = 1 };
        await Apply(input, rule, ct);
        rule.UpdatedAt = now;
        db.ScriptRules.Add(rule);
        await Saves.Save(db, "rule", null, null, ct);
        return ToDto(rule);
    }

    public async Task<ScriptRuleDto?> Get(long id, CancellationToken ct = default) =>
        await db.ScriptRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) is { } r ? ToDto(r) : null;

    /// <exception cref="PreconditionFailedException">When <paramref name="expectedVersion"/> is not the current version.</exception>
    public async Task<ScriptRuleDto?> Update(long id, ScriptRuleInput input, long? expectedVersion, CancellationToken ct = default)
    {
        var rule = await db.ScriptRules.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (rule is null)
        {
            return null;
        }

        CheckVersion(rule.Version, expectedVersion);
        await Apply(input, rule, ct);
        rule.UpdatedAt = Now;
        rule.Version++;
        await Saves.Save(db, "rule", null, null, ct);
        return ToDto(rule);
    }

    /// <summary>Deletes a rule (recorded runs keep their facts and forget the rule); false when it does not exist.</summary>
    public async Task<bool> Delete(long id, long? expectedVersion, CancellationToken ct = default)
    {
        var rule = await db.ScriptRules.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (rule is null)
        {
            return false;
        }

        CheckVersion(rule.Version, expectedVersion);
        db.ScriptRules.Remove(rule);
        await Saves.Save(db, "rule", null, null, ct);
        return true;
    }

    /// <summary>Rules in the order they are tried (priority highest first, then id); keyset pages.</summary>
    public async Task<Page<ScriptRuleDto>> List(ScriptRuleQuery query, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, 50);
        (int Priority, long Id)? after = null;
        if (Cursor.TryDecode(query.Cursor) is { } raw)
        {
            var parts = raw.Split(':');
            if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var p)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var i))
            {
                after = (p, i);
            }
            else
            {
                errors.Add("cursor", "The cursor is not valid; use the nextCursor of a previous page.");
            }
        }

        errors.ThrowIfInvalid();
        var q = db.ScriptRules.AsNoTracking();
        if (query.Active is { } active)
        {
            q = q.Where(r => r.Active == active);
        }

        if (after is { } a)
        {
            q = q.Where(r => r.Priority < a.Priority || (r.Priority == a.Priority && r.Id > a.Id));
        }

        var rows = await q.OrderByDescending(r => r.Priority).ThenBy(r => r.Id).Take(limit + 1).ToListAsync(ct);
        var hasMore = rows.Count > limit;
        var items = rows.Take(limit).Select(ToDto).ToList();
        return new Page<ScriptRuleDto>(items, hasMore
            ? Cursor.Encode(string.Create(CultureInfo.InvariantCulture, $"{items[^1].Priority}:{items[^1].Id}"))
            : null);
    }

    /// <summary>Every active rule, as the selector takes them.</summary>
    public static async Task<IReadOnlyList<SelectionRule>> Active(VinculoDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.ScriptRules.AsNoTracking().Where(r => r.Active).ToListAsync(ct);
        return rows.Select(ToSelection).ToList();
    }

    public static SelectionRule ToSelection(ScriptRule r) =>
        new(r.Id, r.Name, r.Priority, Conditions(r.Conditions), r.ScriptCode, r.Active);

    public static ScriptRuleDto ToDto(ScriptRule r) =>
        new(r.Id, r.Name, r.Priority, Conditions(r.Conditions), r.ScriptCode, r.Active, r.CreatedAt, r.UpdatedAt, r.Version);

    private static IReadOnlyList<RuleCondition> Conditions(string json) => ScriptJson.Read<List<RuleCondition>>(json) ?? [];

    private DateTime Now => Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);

    private async Task Apply(ScriptRuleInput input, ScriptRule rule, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new ValidationErrors();
        var name = CustomerInputMapper.Text(input.Name, "name", MaxName, errors);
        if (name is null)
        {
            errors.Add("name", "Required.");
        }

        if (input.Priority is null)
        {
            errors.Add("priority", "Required: higher is tried first.");
        }
        else if (input.Priority is < MinPriority or > MaxPriority)
        {
            errors.Add("priority", $"Between {MinPriority} and {MaxPriority}.");
        }

        var conditions = new List<RuleCondition>();
        var given = input.Conditions ?? [];
        if (given.Count > ScriptChecks.MaxConditions)
        {
            errors.Add("conditions", $"At most {ScriptChecks.MaxConditions} conditions.");
        }
        else
        {
            for (var i = 0; i < given.Count; i++)
            {
                var c = given[i];
                var path = $"conditions[{i}]";
                var fact = c?.Fact?.Trim();
                if (string.IsNullOrEmpty(fact))
                {
                    errors.Add($"{path}.fact", "Required: the name of a customer fact.");
                }

                var op = CustomerInputMapper.ParseEnum(c?.Operator, $"{path}.operator", ScriptOperator.Exists, errors, required: true);
                var value = string.IsNullOrWhiteSpace(c?.Value) ? null : c.Value.Trim();
                if (fact is not null && (EnumText.TryParse<ScriptOperator>(c?.Operator, out var parsed) && Enum.IsDefined(parsed)))
                {
                    ScriptChecks.Condition(fact, op, value, path, null, errors);
                }

                conditions.Add(new RuleCondition(fact ?? "", op, value));
            }
        }

        var code = ScriptService.Code(input.ScriptCode, "scriptCode", errors);
        if (code is not null && !await db.Scripts.AnyAsync(s => s.Code == code, ct))
        {
            errors.Add("scriptCode", "No script has this code.");
        }

        errors.ThrowIfInvalid();
        rule.Name = name!;
        rule.Priority = input.Priority!.Value;
        rule.Conditions = ScriptJson.Write(conditions);
        rule.ScriptCode = code!;
        rule.Active = input.Active ?? true;
    }

    private static void CheckVersion(long current, long? expected)
    {
        if (expected is not null && expected != current)
        {
            throw new PreconditionFailedException(
                $"The rule was changed by someone else (version {current}, you sent {expected}). Reload it and try again.");
        }
    }
}
