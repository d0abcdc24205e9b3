using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Auth;
using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Core.Storage;

namespace Vinculo.Core.Service.Configuration;

/// <summary>Checks and storage steps shared by the service configuration use cases.</summary>
internal static class ConfigRules
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 500;
    public const int MaxCodeLength = 40;

    /// <summary>Roles whose users may work cases (team members).</summary>
    public static readonly string[] WorkingRoles = [Roles.Agent, Roles.Supervisor, Roles.Admin];

    /// <summary>Roles whose users may supervise a team.</summary>
    public static readonly string[] SupervisingRoles = [Roles.Supervisor, Roles.Admin];

    public static DateTime Now(TimeProvider clock) => Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);

    public static string? Text(string? value, string field, int max, ValidationErrors errors, bool required = false)
    {
        var text = CustomerInputMapper.Text(value, field, max, errors);
        if (text is null && required)
        {
            errors.Add(field, "Required.");
        }

        return text;
    }

    /// <summary>A free-text code (segment, tier, skill): trimmed, lower-cased, at most <paramref name="max"/> characters; null when blank.</summary>
    public static string? Code(string? value, string field, ValidationErrors errors, int max = MaxCodeLength)
    {
        var text = CustomerInputMapper.Text(value, field, max, errors);
        return text?.ToLowerInvariant();
    }

    public static T Enum<T>(string? text, string field, T fallback, ValidationErrors errors, bool required = false) where T : struct, Enum =>
        CustomerInputMapper.ParseEnum(text, field, fallback, errors, required);

    /// <summary>Lower-cased skills without duplicates; each 1 to 40 characters, no commas (they are stored comma separated).</summary>
    public static List<string> Skills(IEnumerable<string?>? values, string field, ValidationErrors errors)
    {
        var skills = new List<string>();
        foreach (var (value, i) in (values ?? []).Select((v, i) => (v, i)))
        {
            var skill = value?.Trim().ToLowerInvariant();
            if (string.IsNullOrEmpty(skill))
            {
                continue;
            }

            if (skill.Length > MaxCodeLength || skill.Contains(',', StringComparison.Ordinal))
            {
                errors.Add($"{field}[{i}]", $"A skill has 1 to {MaxCodeLength} characters and no commas.");
            }
            else if (!skills.Contains(skill))
            {
                skills.Add(skill);
            }
        }

        if (skills.Count > 50)
        {
            errors.Add(field, "At most 50 skills.");
        }

        return skills;
    }

    public static string JoinSkills(IEnumerable<string> skills) => string.Join(',', skills);

    public static IReadOnlyList<string> SplitSkills(string skills) =>
        skills.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static void CheckVersion(long current, long? expected, string what)
    {
        if (expected is not null && expected != current)
        {
            throw new PreconditionFailedException(
                $"The {what} was changed by someone else (version {current}, you sent {expected}). Reload it and try again.");
        }
    }

    /// <summary>A keyset cursor over (number, id) or (text, id).</summary>
    public static string KeyCursor(string key, long id) =>
        Cursor.Encode(key + "\n" + id.ToString(CultureInfo.InvariantCulture));

    public static (string Key, long Id)? ReadKeyCursor(string? cursor, ValidationErrors errors)
    {
        if (Cursor.TryDecode(cursor) is not { } raw)
        {
            return null;
        }

        var cut = raw.LastIndexOf('\n');
        if (cut >= 0 && long.TryParse(raw.AsSpan(cut + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return (raw[..cut], id);
        }

        errors.Add("cursor", "The cursor is not valid; use the nextCursor of a previous page.");
        return null;
    }

    /// <summary>The users among <paramref name="ids"/> with their display name, e-mail and roles.</summary>
    public static async Task<Dictionary<string, (string DisplayName, string? Email, List<string> Roles)>> Users(
        VinculoDb db, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(ct);
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId)
                           select new { ur.UserId, r.Name }).AsNoTracking().ToListAsync(ct);
        return users.ToDictionary(
            u => u.Id,
            u => (u.DisplayName, u.Email, roles.Where(r => r.UserId == u.Id && r.Name != null).Select(r => r.Name!).ToList()),
            StringComparer.Ordinal);
    }

    /// <summary>Adds an error at <paramref name="field"/> unless <paramref name="userId"/> is a user in one of <paramref name="allowed"/>.</summary>
    public static void CheckUser(
        string userId, string field, IReadOnlyDictionary<string, (string DisplayName, string? Email, List<string> Roles)> users,
        IReadOnlyList<string> allowed, ValidationErrors errors)
    {
        if (!users.TryGetValue(userId, out var user))
        {
            errors.Add(field, "No user has this id.");
        }
        else if (!user.Roles.Any(r => allowed.Contains(r, StringComparer.OrdinalIgnoreCase)))
        {
            errors.Add(field, $"The user must have one of the roles: {string.Join(", ", allowed)}.");
        }
    }
}
