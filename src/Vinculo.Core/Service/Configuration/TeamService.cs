using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Common;
using Vinculo.Core.Storage;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Service.Configuration;

/// <summary>
/// Teams (departments) and their agents: list, read, create, replace, delete. Deleting a team leaves its cases without a
/// team (their history keeps the team changes); it is refused while an SLA policy is scoped to the team or reassigns to it.
/// </summary>
public sealed class TeamService(VinculoDb db, TimeProvider clock)
{
    public const int MaxMembers = 500;

    public async Task<TeamDto> Create(TeamInput input, CancellationToken ct = default)
    {
        var now = ConfigRules.Now(clock);
        var team = new Team { CreatedAt = now, Version = 1 };
        var name = await Apply(input, team, null, ct);
        team.UpdatedAt = now;
        db.Teams.Add(team);
        await Save(name, null, ct);
        return (await Get(team.Id, ct))!;
    }

    public async Task<TeamDto?> Get(long id, CancellationToken ct = default)
    {
        var team = await db.Teams.AsNoTracking().Include(t => t.Members).FirstOrDefaultAsync(t => t.Id == id, ct);
        if (team is null)
        {
            return null;
        }

        var ids = team.Members.Select(m => m.UserId).Append(team.SupervisorId).OfType<string>().Distinct().ToList();
        var users = await ConfigRules.Users(db, ids, ct);
        string Name(string userId) => users.TryGetValue(userId, out var u) ? u.DisplayName : userId;
        var members = team.Members
            .Select(m => new TeamMemberDto(m.UserId, Name(m.UserId), users.TryGetValue(m.UserId, out var u) ? u.Email : null,
                ConfigRules.SplitSkills(m.Skills), m.Available, m.LastAssignedAt))
            .OrderBy(m => m.DisplayName, StringComparer.CurrentCultureIgnoreCase).ThenBy(m => m.UserId, StringComparer.Ordinal)
            .ToList();
        return new TeamDto(team.Id, team.Name, team.Description, team.Strategy, team.SupervisorId,
            team.SupervisorId is null ? null : Name(team.SupervisorId), members, team.CreatedAt, team.UpdatedAt, team.Version);
    }

    /// <summary>Replaces the team and its member list (members who stay keep when they were last assigned); null when it does not exist.</summary>
    /// <exception cref="PreconditionFailedException">When <paramref name="expectedVersion"/> is not the current version.</exception>
    public async Task<TeamDto?> Update(long id, TeamInput input, long? expectedVersion, CancellationToken ct = default)
    {
        var team = await db.Teams.Include(t => t.Members).FirstOrDefaultAsync(t => t.Id == id, ct);
        if (team is null)
        {
            return null;
        }

        ConfigRules.CheckVersion(team.Version, expectedVersion, "team");
        var name = await Apply(input, team, id, ct);
        team.UpdatedAt = ConfigRules.Now(clock);
        team.Version++;
        await Save(name, id, ct);
        db.ChangeTracker.Clear();
        return await Get(id, ct);
    }

    /// <summary>Deletes the team; its cases stay, without a team. False when it does not exist.</summary>
    /// <exception cref="ConflictException">An SLA policy is scoped to the team or reassigns cases to it.</exception>
    public async Task<bool> Delete(long id, long? expectedVersion, CancellationToken ct = default)
    {
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (team is null)
        {
            return false;
        }

        ConfigRules.CheckVersion(team.Version, expectedVersion, "team");
        var key = PolicyTargets.Key(id);
        var policies = await db.ServicePolicies.AsNoTracking().Select(p => new { p.Name, p.Scope, p.ScopeKey, p.Escalations }).ToListAsync(ct);
        var users = policies
            .Where(p => (p.Scope == SlaScope.Team && p.ScopeKey == key) || EscalationRule.ParseAll(p.Escalations).Any(r => r.TeamId == id))
            .Select(p => p.Name).Take(5).ToList();
        if (users.Count > 0)
        {
            throw new ConflictException(
                $"The SLA policies {string.Join(", ", users.Select(n => $"'{n}'"))} refer to the team. Change or delete them first.");
        }

        db.Teams.Remove(team);
        await Saves.Save(db, "team", null, null, ct);
        return true;
    }

    public async Task<Page<TeamSummary>> List(TeamQuery query, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, 50);
        var after = ConfigRules.ReadKeyCursor(query.Cursor, errors);
        errors.ThrowIfInvalid();
        var q = db.Teams.AsNoTracking();
        if (after is { } a)
        {
            q = q.Where(t => string.Compare(t.Name, a.Key) > 0 || (t.Name == a.Key && t.Id > a.Id));
        }

        var rows = await q.OrderBy(t => t.Name).ThenBy(t => t.Id).Take(limit + 1)
            .Select(t => new
            {
                t.Id, t.Name, t.Strategy, t.SupervisorId, t.Version,
                Members = t.Members.Count, Available = t.Members.Count(m => m.Available),
            })
            .ToListAsync(ct);
        var hasMore = rows.Count > limit;
        rows = rows.Take(limit).ToList();
        var supervisors = await ConfigRules.Users(db, rows.Select(r => r.SupervisorId).OfType<string>().Distinct().ToList(), ct);
        var items = rows.Select(r => new TeamSummary(r.Id, r.Name, r.Strategy,
            r.SupervisorId is null ? null : supervisors.TryGetValue(r.SupervisorId, out var s) ? s.DisplayName : r.SupervisorId,
            r.Members, r.Available, r.Version)).ToList();
        return new Page<TeamSummary>(items, hasMore ? ConfigRules.KeyCursor(rows[^1].Name, rows[^1].Id) : null);
    }

    /// <summary>Every team's id and name, by name (for choosing one).</summary>
    public async Task<IReadOnlyList<(long Id, string Name)>> Names(CancellationToken ct = default) =>
        (await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).Take(1000).ToListAsync(ct))
        .Select(t => (t.Id, t.Name)).ToList();

    /// <summary>The users who may work cases (roles Agent, Supervisor, Admin), by display name: the candidates for teams.</summary>
    public async Task<IReadOnlyList<StaffMember>> Staff(CancellationToken ct = default)
    {
        var rows = await (from u in db.Users
                          join ur in db.UserRoles on u.Id equals ur.UserId
                          join r in db.Roles on ur.RoleId equals r.Id
                          where r.Name != null && ConfigRules.WorkingRoles.Contains(r.Name)
                          select new { u.Id, u.DisplayName, u.Email, Role = r.Name! }).AsNoTracking().Take(5000).ToListAsync(ct);
        var rank = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { ["Admin"] = 0, ["Supervisor"] = 1, ["Agent"] = 2 };
        return rows.GroupBy(r => r.Id)
            .Select(g => g.OrderBy(r => rank.GetValueOrDefault(r.Role, 9)).First())
            .Select(r => new StaffMember(r.Id, r.DisplayName, r.Email, r.Role))
            .OrderBy(s => s.DisplayName, StringComparer.CurrentCultureIgnoreCase).ThenBy(s => s.UserId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Checks the input and writes it onto <paramref name="team"/>; returns the name.</summary>
    private async Task<string> Apply(TeamInput input, Team team, long? id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new ValidationErrors();
        var name = ConfigRules.Text(input.Name, "name", ConfigRules.MaxNameLength, errors, required: true);
        var description = ConfigRules.Text(input.Description, "description", ConfigRules.MaxDescriptionLength, errors);
        AssignmentStrategy? strategy = null;
        var strategyText = input.Strategy?.Trim();
        if (!string.IsNullOrEmpty(strategyText) && !strategyText.Equals("manual", StringComparison.OrdinalIgnoreCase))
        {
            if (EnumText.TryParse<AssignmentStrategy>(strategyText, out var parsed) && Enum.IsDefined(parsed))
            {
                strategy = parsed;
            }
            else
            {
                errors.Add("strategy", $"'{strategyText}' is not one of: manual, {EnumText.Allowed<AssignmentStrategy>()}.");
            }
        }

        var supervisorId = string.IsNullOrWhiteSpace(input.SupervisorId) ? null : input.SupervisorId.Trim();
        var members = input.Members ?? [];
        if (members.Count > MaxMembers)
        {
            errors.Add("members", $"At most {MaxMembers} members.");
            errors.ThrowIfInvalid();
        }

        var ids = members.Select(m => m?.UserId?.Trim()).Where(u => !string.IsNullOrEmpty(u)).Select(u => u!)
            .Append(supervisorId).OfType<string>().Distinct().ToList();
        var users = await ConfigRules.Users(db, ids, ct);
        if (supervisorId is not null)
        {
            ConfigRules.CheckUser(supervisorId, "supervisorId", users, ConfigRules.SupervisingRoles, errors);
        }

        var next = new List<TeamMember>();
        foreach (var (m, i) in members.Select((m, i) => (m, i)))
        {
            var userId = m?.UserId?.Trim();
            if (string.IsNullOrEmpty(userId))
            {
                errors.Add($"members[{i}].userId", "Required.");
                continue;
            }

            ConfigRules.CheckUser(userId, $"members[{i}].userId", users, ConfigRules.WorkingRoles, errors);
            var skills = ConfigRules.Skills(m!.Skills, $"members[{i}].skills", errors);
            if (next.Any(x => x.UserId == userId))
            {
                errors.Add($"members[{i}].userId", "This user is listed twice.");
                continue;
            }

            next.Add(new TeamMember { UserId = userId, Skills = ConfigRules.JoinSkills(skills), Available = m.Available ?? true });
        }

        errors.ThrowIfInvalid();
        await CheckNameFree(name!, id, ct);

        team.Name = name!;
        team.Description = description;
        team.Strategy = strategy;
        team.SupervisorId = supervisorId;
        team.Members.RemoveAll(m => next.All(x => x.UserId != m.UserId));
        foreach (var member in next)
        {
            if (team.Members.FirstOrDefault(m => m.UserId == member.UserId) is { } existing)
            {
                existing.Skills = member.Skills;
                existing.Available = member.Available;
            }
            else
            {
                member.TeamId = team.Id;
                team.Members.Add(member);
            }
        }

        return name!;
    }

    private async Task CheckNameFree(string name, long? exceptId, CancellationToken ct)
    {
        if (await NameTaken(name, exceptId, ct))
        {
            throw new ConflictException(NameTakenMessage(name));
        }
    }

    /// <summary>Names are compared ignoring case (accented letters too) in memory: the table is small and SQL lower() differs by provider.</summary>
    private async Task<bool> NameTaken(string name, long? exceptId, CancellationToken ct) =>
        (await db.Teams.AsNoTracking().Where(t => t.Id != exceptId).Select(t => t.Name).ToListAsync(ct))
        .Contains(name, StringComparer.OrdinalIgnoreCase);

    private Task Save(string name, long? exceptId, CancellationToken ct) =>
        Saves.Save(db, "team", () => NameTaken(name, exceptId, ct), NameTakenMessage(name), ct);

    private static string NameTakenMessage(string name) => $"Another team is already called '{name}'. Team names are unique.";
}
