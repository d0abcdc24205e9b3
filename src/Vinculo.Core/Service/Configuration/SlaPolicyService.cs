using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Common;
using Vinculo.Core.Storage;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Service.Configuration;

/// <summary>
/// SLA policies: list, read, create, replace (also to deactivate), delete. The scopes and their precedence are those of
/// <see cref="SlaPolicyResolver"/>: contract &gt; customer tier &gt; customer segment &gt; case type &gt; team &gt; corporate,
/// per target; two active policies may not share a scope and key (409).
/// </summary>
/// <remarks>
/// A change that can affect cases (an active policy, or one that was active) is committed first and then the SLA of every
/// active case is recomputed in the same request (<see cref="SlaRecomputation.RecomputeActive"/>); the count is returned
/// with the change. If the recomputation fails the change stays, and the next change or recomputation brings the cases up
/// to date.
/// </remarks>
public sealed class SlaPolicyService(VinculoDb db, TimeProvider clock, SlaRecomputation recomputation)
{
    /// <summary>The longest target: 366 days of business minutes.</summary>
    public const int MaxTargetMinutes = 366 * 24 * 60;

    public const int MaxEscalations = 20;

    public async Task<ConfigChange<PolicyDto>> Create(PolicyInput input, CancellationToken ct = default)
    {
        var now = ConfigRules.Now(clock);
        var policy = new ServicePolicy { CreatedAt = now, Version = 1 };
        await Apply(input, policy, ct);
        policy.UpdatedAt = now;
        db.ServicePolicies.Add(policy);
        await Saves.Save(db, "policy", null, null, ct);
        var recomputed = policy.Active ? (await recomputation.RecomputeActive(null, ct)).Cases : 0;
        db.ChangeTracker.Clear();
        return new ConfigChange<PolicyDto>((await Get(policy.Id, ct))!, recomputed);
    }

    public async Task<PolicyDto?> Get(long id, CancellationToken ct = default)
    {
        var row = await db.ServicePolicies.AsNoTracking()
            .Join(db.ServiceCalendars, p => p.CalendarId, c => c.Id, (p, c) => new { Policy = p, Calendar = c.Name })
            .FirstOrDefaultAsync(x => x.Policy.Id == id, ct);
        return row is null ? null : ToDto(row.Policy, row.Calendar);
    }

    /// <summary>Replaces the policy (send active false to deactivate it); null when it does not exist.</summary>
    /// <exception cref="PreconditionFailedException">When <paramref name="expectedVersion"/> is not the current version.</exception>
    public async Task<ConfigChange<PolicyDto>?> Update(long id, PolicyInput input, long? expectedVersion, CancellationToken ct = default)
    {
        var policy = await db.ServicePolicies.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (policy is null)
        {
            return null;
        }

        ConfigRules.CheckVersion(policy.Version, expectedVersion, "policy");
        var wasActive = policy.Active;
        await Apply(input, policy, ct);
        policy.UpdatedAt = ConfigRules.Now(clock);
        policy.Version++;
        await Saves.Save(db, "policy", null, null, ct);
        var recomputed = wasActive || policy.Active ? (await recomputation.RecomputeActive(null, ct)).Cases : 0;
        db.ChangeTracker.Clear();
        return new ConfigChange<PolicyDto>((await Get(id, ct))!, recomputed);
    }

    /// <summary>
    /// Deletes the policy for good. Cases keep the id of the policy that supplied each target, so a policy that supplied a
    /// target to any case cannot be deleted (409): deactivate it instead.
    /// </summary>
    public async Task<ConfigDelete> Delete(long id, long? expectedVersion, CancellationToken ct = default)
    {
        var policy = await db.ServicePolicies.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (policy is null)
        {
            return ConfigDelete.NotFound;
        }

        ConfigRules.CheckVersion(policy.Version, expectedVersion, "policy");
        long? key = id;
        if (await db.Cases.AnyAsync(c => c.FrPolicyId == key || c.NrPolicyId == key || c.ResPolicyId == key, ct))
        {
            throw new ConflictException(
                $"Cases were measured against the policy '{policy.Name}' and keep it in their history. Deactivate it instead.");
        }

        var wasActive = policy.Active;
        db.ServicePolicies.Remove(policy);
        await Saves.Save(db, "policy", null, null, ct);
        var recomputed = wasActive ? (await recomputation.RecomputeActive(null, ct)).Cases : 0;
        db.ChangeTracker.Clear();
        return new ConfigDelete(true, recomputed);
    }

    public async Task<Page<PolicyDto>> List(PolicyQuery query, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, 50);
        var after = ConfigRules.ReadKeyCursor(query.Cursor, errors);
        SlaScope? scope = string.IsNullOrWhiteSpace(query.Scope) ? null : ConfigRules.Enum(query.Scope, "scope", SlaScope.Corporate, errors);
        var afterScope = 0;
        if (after is { } a && !int.TryParse(a.Key, NumberStyles.None, CultureInfo.InvariantCulture, out afterScope))
        {
            errors.Add("cursor", "The cursor is not valid; use the nextCursor of a previous page.");
        }

        errors.ThrowIfInvalid();
        var q = db.ServicePolicies.AsNoTracking();
        if (query.Active is { } active)
        {
            q = q.Where(p => p.Active == active);
        }

        if (scope is { } s)
        {
            q = q.Where(p => p.Scope == s);
        }

        if (after is { } cursor)
        {
            var fromScope = (SlaScope)afterScope;
            q = q.Where(p => p.Scope > fromScope || (p.Scope == fromScope && p.Id > cursor.Id));
        }

        var rows = await q.OrderBy(p => p.Scope).ThenBy(p => p.Id).Take(limit + 1)
            .Join(db.ServiceCalendars, p => p.CalendarId, c => c.Id, (p, c) => new { Policy = p, Calendar = c.Name })
            .ToListAsync(ct);
        rows = rows.OrderBy(r => r.Policy.Scope).ThenBy(r => r.Policy.Id).ToList();
        var hasMore = rows.Count > limit;
        var items = rows.Take(limit).Select(r => ToDto(r.Policy, r.Calendar)).ToList();
        return new Page<PolicyDto>(items, hasMore
            ? ConfigRules.KeyCursor(((int)items[^1].Scope).ToString(CultureInfo.InvariantCulture), items[^1].Id)
            : null);
    }

    /// <summary>The scope keys used by active policies of <paramref name="scope"/> (suggestions for customer tiers and segments).</summary>
    public async Task<IReadOnlyList<string>> Keys(SlaScope scope, CancellationToken ct = default) =>
        await db.ServicePolicies.AsNoTracking().Where(p => p.Scope == scope && p.ScopeKey != null)
            .Select(p => p.ScopeKey!).Distinct().OrderBy(k => k).Take(200).ToListAsync(ct);

    /// <summary>Checks the input (400), then the duplicate scope (409), and writes it onto <paramref name="policy"/>.</summary>
    private async Task Apply(PolicyInput input, ServicePolicy policy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new ValidationErrors();
        var name = ConfigRules.Text(input.Name, "name", ConfigRules.MaxNameLength, errors, required: true);
        var scope = ConfigRules.Enum(input.Scope, "scope", SlaScope.Corporate, errors, required: true);
        var key = await ScopeKey(scope, input.ScopeKey, errors, ct);

        if (input.CalendarId is not { } calendarId)
        {
            errors.Add("calendarId", "Required.");
        }
        else if (!await db.ServiceCalendars.AnyAsync(c => c.Id == calendarId, ct))
        {
            errors.Add("calendarId", "No calendar has this id.");
        }

        var share = input.WarningShare ?? SlaPolicy.DefaultWarningShare;
        if (!(share > 0 && share < 1))
        {
            errors.Add("warningShare", "The warning share must be strictly between 0 and 1.");
        }

        var targets = Targets(input.Targets, errors);
        var escalations = await Escalations(input.Escalations, errors, ct);
        errors.ThrowIfInvalid();

        var active = input.Active ?? true;
        var candidate = new SlaPolicy(policy.Id, name!, scope, key, input.CalendarId!.Value,
            targets.ToDictionary(t => t.Key, t => t.Value.ToTimes()), share);
        if (active)
        {
            // The resolver's own rules, over the other active policies plus this one: a duplicate scope is a conflict.
            var others = (await db.ServicePolicies.AsNoTracking().Where(p => p.Active && p.Id != policy.Id).ToListAsync(ct))
                .Select(PolicyTargets.ToDomain).ToList();
            var problems = SlaPolicyResolver.Validate([.. others, candidate]);
            var path = $"policies[{others.Count}]";
            if (problems.ContainsKey(path))
            {
                throw new ConflictException(scope == SlaScope.Corporate
                    ? "There already is an active corporate policy; only one is allowed. Deactivate it or edit it instead."
                    : $"There already is an active {EnumText.Camel(scope)} policy for '{key}'. Deactivate it or edit it instead.");
            }

            foreach (var (field, messages) in problems.Where(p => p.Key.StartsWith(path + ".", StringComparison.Ordinal)))
            {
                foreach (var message in messages)
                {
                    errors.Add(field[(path.Length + 1)..], message);
                }
            }

            errors.ThrowIfInvalid();
        }

        policy.Name = name!;
        policy.Scope = scope;
        policy.ScopeKey = key;
        policy.CalendarId = input.CalendarId!.Value;
        policy.WarningShare = share;
        policy.Targets = PolicyTargets.ToJson(targets);
        policy.Escalations = EscalationRule.ToJson(escalations);
        policy.Active = active;
    }

    /// <summary>The stored scope key: null for corporate, an existing id for team and contract, an existing case type, a lower-case code.</summary>
    private async Task<string?> ScopeKey(SlaScope scope, string? text, ValidationErrors errors, CancellationToken ct)
    {
        var raw = text?.Trim();
        if (scope == SlaScope.Corporate)
        {
            if (!string.IsNullOrEmpty(raw))
            {
                errors.Add("scopeKey", "A corporate policy has no scope key.");
            }

            return null;
        }

        if (string.IsNullOrEmpty(raw))
        {
            errors.Add("scopeKey", $"A {EnumText.Camel(scope)} policy needs a scope key.");
            return null;
        }

        switch (scope)
        {
            case SlaScope.Team or SlaScope.Contract:
                if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    errors.Add("scopeKey", $"A {EnumText.Camel(scope)} policy's scope key must be an id.");
                    return null;
                }

                var exists = scope == SlaScope.Team
                    ? await db.Teams.AnyAsync(t => t.Id == id, ct)
                    : await db.Contracts.AnyAsync(c => c.Id == id, ct);
                if (!exists)
                {
                    errors.Add("scopeKey", scope == SlaScope.Team ? "No team has this id." : "No contract has this id.");
                }

                return PolicyTargets.Key(id);
            case SlaScope.CaseType:
                if (CaseType.Problem(raw) is { } problem)
                {
                    errors.Add("scopeKey", problem);
                    return null;
                }

                var code = raw.ToLowerInvariant();
                if (!await db.CaseTypes.AnyAsync(t => t.Code == code, ct))
                {
                    errors.Add("scopeKey", "No case type has this code.");
                }

                return code;
            default:
                return ConfigRules.Code(raw, "scopeKey", errors);
        }
    }

    private static Dictionary<CasePriority, TargetMinutes> Targets(PolicyTargetsInput? input, ValidationErrors errors)
    {
        var targets = new Dictionary<CasePriority, TargetMinutes>();
        void Add(CasePriority priority, TargetInput? t)
        {
            if (t is null || (t.FirstResponse is null && t.NextResponse is null && t.Resolution is null))
            {
                return;
            }

            var path = $"targets.{EnumText.Camel(priority)}";
            Check(t.FirstResponse, $"{path}.firstResponse");
            Check(t.NextResponse, $"{path}.nextResponse");
            Check(t.Resolution, $"{path}.resolution");
            targets[priority] = new TargetMinutes(t.FirstResponse, t.NextResponse, t.Resolution);
        }

        void Check(int? minutes, string field)
        {
            if (minutes is { } m && (m < 1 || m > MaxTargetMinutes))
            {
                errors.Add(field, $"Between 1 and {MaxTargetMinutes.ToString(CultureInfo.InvariantCulture)} minutes.");
            }
        }

        Add(CasePriority.Low, input?.Low);
        Add(CasePriority.Normal, input?.Normal);
        Add(CasePriority.High, input?.High);
        Add(CasePriority.Urgent, input?.Urgent);
        if (targets.Count == 0)
        {
            errors.Add("targets", "Set at least one target.");
        }

        return targets;
    }

    private async Task<List<EscalationRule>> Escalations(List<EscalationInput>? input, ValidationErrors errors, CancellationToken ct)
    {
        var rules = new List<EscalationRule>();
        var list = input ?? [];
        if (list.Count > MaxEscalations)
        {
            errors.Add("escalations", $"At most {MaxEscalations} escalation rules.");
            return rules;
        }

        var userIds = list.Select(e => e?.UserId?.Trim()).Where(u => !string.IsNullOrEmpty(u)).Select(u => u!).Distinct().ToList();
        var users = await ConfigRules.Users(db, userIds, ct);
        var teamIds = list.Select(e => e?.TeamId).OfType<long>().Distinct().ToList();
        var teams = teamIds.Count == 0 ? [] : await db.Teams.AsNoTracking().Where(t => teamIds.Contains(t.Id)).Select(t => t.Id).ToListAsync(ct);
        foreach (var (e, i) in list.Select((e, i) => (e, i)))
        {
            var path = $"escalations[{i}]";
            var on = ConfigRules.Enum(e?.On, $"{path}.on", SlaAlarmKind.Warning, errors, required: true);
            SlaTarget? target = string.IsNullOrWhiteSpace(e?.Target) ? null : ConfigRules.Enum(e.Target, $"{path}.target", SlaTarget.FirstResponse, errors);
            var action = ConfigRules.Enum(e?.Action, $"{path}.action", EscalationAction.NotifySupervisor, errors, required: true);
            var userId = string.IsNullOrWhiteSpace(e?.UserId) ? null : e.UserId.Trim();
            var teamId = e?.TeamId;
            if (action == EscalationAction.Reassign)
            {
                if (teamId is null && userId is null)
                {
                    errors.Add($"{path}.teamId", "A reassignment needs a team or an agent.");
                }

                if (teamId is { } t && !teams.Contains(t))
                {
                    errors.Add($"{path}.teamId", "No team has this id.");
                }

                if (userId is not null)
                {
                    ConfigRules.CheckUser(userId, $"{path}.userId", users, ConfigRules.WorkingRoles, errors);
                }
            }
            else if (teamId is not null || userId is not null)
            {
                errors.Add($"{path}.action", "Only a reassignment names a team or an agent.");
            }

            rules.Add(new EscalationRule(on, target, action, teamId, userId));
        }

        return rules;
    }

    public static PolicyDto ToDto(ServicePolicy p, string calendarName)
    {
        var targets = PolicyTargets.Parse(p.Targets);
        return new PolicyDto(p.Id, p.Name, p.Scope, p.ScopeKey, p.CalendarId, calendarName, p.WarningShare,
            new PolicyTargetsDto(targets.GetValueOrDefault(CasePriority.Low), targets.GetValueOrDefault(CasePriority.Normal),
                targets.GetValueOrDefault(CasePriority.High), targets.GetValueOrDefault(CasePriority.Urgent)),
            EscalationRule.ParseAll(p.Escalations), p.Active, p.CreatedAt, p.UpdatedAt, p.Version);
    }
}
