using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Core.Interactions;
using Vinculo.Core.Service.Notifications;
using Vinculo.Core.Storage;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Service.Cases;

/// <summary>
/// The building blocks every case change shares: events, touching the row, automatic assignment, notifications and the
/// SLA recomputation from all the case's clock events.
/// </summary>
internal static class CaseChanges
{
    public static readonly DateTime Epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>A new event of <paramref name="c"/> (not yet added to the context).</summary>
    public static CaseEvent Event(
        ServiceCase c, CaseEventKind kind, SlaEventKind? sla, DateTime at, DateTime now, Actor? actor,
        object? data = null, string? body = null, CasePriority? priority = null) => new()
        {
            CaseId = c.Id,
            Kind = kind,
            SlaKind = sla,
            OccurredAt = at,
            RecordedAt = now,
            ActorId = actor?.UserId,
            ActorName = actor?.Name,
            Body = body,
            Priority = priority,
            Data = data is null ? null : JsonSerializer.Serialize(data, ServiceJson.Options),
        };

    /// <summary>A new version of the row: version, update time and the latest event time.</summary>
    public static void Touch(ServiceCase c, DateTime at, DateTime now)
    {
        c.Version++;
        c.UpdatedAt = now;
        if (at > c.LastEventAt)
        {
            c.LastEventAt = at;
        }
    }

    /// <summary>The case's stored events that feed the SLA clock, in time order (occurred_at, id).</summary>
    public static Task<List<CaseEvent>> SlaEvents(VinculoDb db, long caseId, CancellationToken ct) =>
        db.CaseEvents.AsNoTracking()
            .Where(e => e.CaseId == caseId && e.SlaKind != null)
            .OrderBy(e => e.OccurredAt).ThenBy(e => e.Id)
            .ToListAsync(ct);

    /// <summary>The customer's segment and tier, which pick SLA policies.</summary>
    public static async Task<(string? Segment, string? Tier)> CustomerFacts(VinculoDb db, long customerId, CancellationToken ct)
    {
        var row = await db.Customers.AsNoTracking().Where(x => x.Id == customerId)
            .Select(x => new { x.Segment, x.Tier }).FirstOrDefaultAsync(ct);
        return (row?.Segment, row?.Tier);
    }

    /// <summary>
    /// Replays <paramref name="stored"/> followed by <paramref name="added"/> (both in time order; the added events are not
    /// earlier than the stored ones) and writes the SLA columns of <paramref name="c"/>.
    /// </summary>
    /// <exception cref="ConflictException">The SLA policies matching the case are ambiguous.</exception>
    public static SlaSnapshot Recompute(
        SlaConfiguration configuration, ServiceCase c, IEnumerable<CaseEvent> stored, IEnumerable<CaseEvent> added,
        string? segment, string? tier, DateTime now)
    {
        var events = stored.Concat(added.Where(e => e.SlaKind is not null)).OrderBy(e => e.OccurredAt).ToList();
        return Guard(() => configuration.Recompute(c, events, segment, tier, now));
    }

    /// <summary>Runs an SLA computation, turning an ambiguous configuration into a 409 that says what to fix.</summary>
    public static T Guard<T>(Func<T> compute)
    {
        try
        {
            return compute();
        }
        catch (SlaConfigurationException e)
        {
            throw new ConflictException($"The SLA policies that match this case are ambiguous: {e.Message} Fix the service configuration.");
        }
    }

    /// <summary>
    /// Picks an agent of team <paramref name="teamId"/> with <paramref name="strategy"/>: candidates are the team's members
    /// (skills from their comma-separated list, open cases = active cases assigned to them, availability, last
    /// assignment); the required skills are those of the case type. Marks the chosen member as assigned now. Null when no
    /// member fits.
    /// </summary>
    public static async Task<string?> AutoAssign(
        VinculoDb db, long teamId, AssignmentStrategy strategy, string caseType, DateTime now, CancellationToken ct)
    {
        var members = await db.TeamMembers.Where(m => m.TeamId == teamId).ToListAsync(ct);
        if (members.Count == 0)
        {
            return null;
        }

        // Candidates are numbered in user-id order, so ties resolve the same way whatever order the rows come in.
        members.Sort((a, b) => string.CompareOrdinal(a.UserId, b.UserId));
        var ids = members.Select(m => m.UserId).ToList();
        var open = await db.Cases.AsNoTracking()
            .Where(x => x.IsActive && x.AssigneeId != null && ids.Contains(x.AssigneeId))
            .GroupBy(x => x.AssigneeId!)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var required = strategy == AssignmentStrategy.BySkill
            ? await db.CaseTypes.AsNoTracking().Where(t => t.Code == caseType).Select(t => t.Skills).FirstOrDefaultAsync(ct)
            : null;
        var candidates = members.Select((m, i) => new AgentCandidate(
            i, teamId, Skills(m.Skills), open.GetValueOrDefault(m.UserId), m.Available, m.LastAssignedAt)).ToList();
        var chosen = Assignment.Choose(strategy, candidates, Skills(required));
        if (chosen is null)
        {
            return null;
        }

        var member = members[(int)chosen.AgentId];
        member.LastAssignedAt = now;
        return member.UserId;
    }

    /// <summary>The skills of a comma-separated list: trimmed, lower case, no blanks.</summary>
    public static IReadOnlyList<string> Skills(string? list) =>
        string.IsNullOrWhiteSpace(list)
            ? []
            : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => s.ToLowerInvariant()).Distinct().ToList();

    /// <summary>Tells <paramref name="userId"/> a case was assigned to them (unless they did it themselves).</summary>
    public static void NotifyAssigned(VinculoDb db, ServiceCase c, string? userId, string? actorId, DateTime now, string? reason)
    {
        if (userId is null || userId == actorId)
        {
            return;
        }

        db.Notifications.Add(new Notification
        {
            UserId = userId,
            CaseId = c.Id,
            Kind = NotificationKind.CaseAssigned,
            Data = new NotificationData(Subject: c.Subject, Priority: c.Priority, Reason: reason).ToJson(),
            CreatedAt = now,
        });
    }

    /// <summary>The user's display name (or user name), or null when there is no such user.</summary>
    public static async Task<string?> UserName(VinculoDb db, string? userId, CancellationToken ct) =>
        userId is null
            ? null
            : await db.Users.AsNoTracking().Where(u => u.Id == userId)
                .Select(u => u.DisplayName != "" ? u.DisplayName : u.UserName).FirstOrDefaultAsync(ct);

    /// <summary>
    /// The moment of a change: now (never before the case's latest event), or the given back-dated moment, which may be
    /// neither in the future nor before the case's latest event.
    /// </summary>
    public static DateTime When(DateTime? given, ServiceCase? c, DateTime now, ValidationErrors errors)
    {
        var floor = c?.LastEventAt ?? Epoch;
        if (given is null)
        {
            return now < floor ? floor : now;
        }

        var at = Moment(given.Value);
        if (at > now)
        {
            errors.Add("occurredAt", "Cannot be in the future.");
        }
        else if (at < Epoch)
        {
            errors.Add("occurredAt", "Too far in the past.");
        }
        else if (at < floor)
        {
            errors.Add("occurredAt", string.Create(CultureInfo.InvariantCulture,
                $"Cannot be before the case's latest event ({floor:yyyy-MM-ddTHH:mm:ss.ffffffZ})."));
        }

        return at;
    }

    /// <summary>A moment given by the client, in UTC, truncated to what both databases keep.</summary>
    public static DateTime Moment(DateTime value) => Timestamps.Truncate(value.Kind == DateTimeKind.Unspecified
        ? DateTime.SpecifyKind(value, DateTimeKind.Utc)
        : value.ToUniversalTime());

    /// <summary>Tags lower-cased, trimmed and de-duplicated (first occurrence order); null when not given.</summary>
    public static List<string>? Tags(IReadOnlyList<string>? tags, ValidationErrors errors)
    {
        if (tags is null)
        {
            return null;
        }

        var result = new List<string>();
        for (var i = 0; i < tags.Count; i++)
        {
            var tag = tags[i]?.Trim().ToLowerInvariant();
            if (string.IsNullOrEmpty(tag))
            {
                errors.Add($"tags[{i}]", "A tag cannot be empty.");
            }
            else if (tag.Length > CaseService.MaxTagLength)
            {
                errors.Add($"tags[{i}]", $"At most {CaseService.MaxTagLength} characters.");
            }
            else if (!result.Contains(tag))
            {
                result.Add(tag);
            }
        }

        if (result.Count > CaseService.MaxTags)
        {
            errors.Add("tags", $"At most {CaseService.MaxTags} tags.");
        }

        return result;
    }

    /// <summary>A required or optional free text, trimmed, at most <paramref name="max"/> characters.</summary>
    public static string? Text(string? value, string field, int max, ValidationErrors errors, bool required = false)
    {
        var text = CustomerInputMapper.Text(value, field, max, errors);
        if (text is null && required)
        {
            errors.Add(field, "Required.");
        }

        return text;
    }

    /// <summary>An enum given as text; null when blank and not required.</summary>
    public static T? OptionalEnum<T>(string? text, string field, ValidationErrors errors) where T : struct, Enum =>
        string.IsNullOrWhiteSpace(text) ? null : CustomerInputMapper.ParseEnum(text, field, default(T), errors);

    /// <summary>An enum given as text, with a default when blank.</summary>
    public static T Enum<T>(string? text, string field, T fallback, ValidationErrors errors, bool required = false) where T : struct, Enum =>
        CustomerInputMapper.ParseEnum(text, field, fallback, errors, required);

    /// <summary>The case type code if it is valid, known and active; null otherwise (with the error added).</summary>
    public static async Task<string?> CaseType(VinculoDb db, string? code, string field, ValidationErrors errors, CancellationToken ct)
    {
        if (Vinculo.Domain.Service.CaseType.Problem(code) is { } problem)
        {
            errors.Add(field, problem);
            return null;
        }

        var normalized = Vinculo.Domain.Service.CaseType.Parse(code).Code;
        var active = await db.CaseTypes.AsNoTracking().Where(t => t.Code == normalized).Select(t => (bool?)t.Active).FirstOrDefaultAsync(ct);
        if (active is null)
        {
            errors.Add(field, $"No case type has the code '{normalized}'.");
            return null;
        }

        if (active == false)
        {
            errors.Add(field, $"The case type '{normalized}' is no longer active.");
            return null;
        }

        return normalized;
    }

    /// <summary>
    /// Checks that the order, invoice or contract <paramref name="id"/> exists and belongs to <paramref name="customerId"/>.
    /// </summary>
    public static async Task CheckLink(VinculoDb db, string field, long? id, long customerId, ValidationErrors errors, CancellationToken ct)
    {
        if (id is not { } value)
        {
            return;
        }

        var (what, owner) = field switch
        {
            "orderId" => ("order", await db.Orders.AsNoTracking().Where(x => x.Id == value).Select(x => new { Owner = x.CustomerId }).FirstOrDefaultAsync(ct) is { } o ? (long?)(o.Owner ?? -1) : null),
            "invoiceId" => ("invoice", await db.Invoices.AsNoTracking().Where(x => x.Id == value).Select(x => (long?)x.CustomerId).FirstOrDefaultAsync(ct)),
            "contractId" => ("contract", await db.Contracts.AsNoTracking().Where(x => x.Id == value).Select(x => (long?)x.CustomerId).FirstOrDefaultAsync(ct)),
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown link."),
        };
        if (owner is null)
        {
            errors.Add(field, $"No {what} has this id.");
        }
        else if (owner != customerId)
        {
            errors.Add(field, $"The {what} belongs to another customer.");
        }
    }

    /// <summary>
    /// Applies a change the system makes (escalation) to a tracked case: the events carry no actor. Does not save.
    /// </summary>
    public static async Task<IReadOnlyList<CaseEvent>> ApplySystem(
        VinculoDb db, ServiceCase c, SystemCaseChange change, DateTime now, SlaConfiguration configuration, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(configuration);
        if (c.Status == CaseStatus.Closed)
        {
            return [];
        }

        var at = now < c.LastEventAt ? c.LastEventAt : now;
        var added = new List<CaseEvent>();
        var reason = change.Reason;
        if (change.Priority is { } priority && priority != c.Priority)
        {
            added.Add(Event(c, CaseEventKind.PriorityChanged, SlaEventKind.PriorityChanged, at, now, null,
                new { from = c.Priority, to = priority, reason }, priority: priority));
            c.Priority = priority;
        }

        var assignee = c.AssigneeId;
        var assignReason = "escalation";
        if (change.TeamId is { } teamId && teamId != c.TeamId)
        {
            var team = await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == teamId, ct);
            if (team is not null)
            {
                added.Add(Event(c, CaseEventKind.TeamChanged, SlaEventKind.Updated, at, now, null,
                    new { from = c.TeamId, to = teamId, toName = team.Name, reason }));
                c.TeamId = teamId;
                if (change.AssigneeId is null)
                {
                    // The case lands in the new team: auto-assigned when the team assigns automatically, else unassigned
                    // (a current agent who is a member of the new team keeps it).
                    var isMember = assignee is not null && await db.TeamMembers.AnyAsync(m => m.TeamId == teamId && m.UserId == assignee, ct);
                    if (!isMember)
                    {
                        assignee = team.Strategy is { } strategy
                            ? await AutoAssign(db, teamId, strategy, c.Type, now, ct)
                            : null;
                    }
                }
            }
        }

        if (change.AssigneeId is { } userId && await db.Users.AnyAsync(u => u.Id == userId, ct))
        {
            assignee = userId;
        }

        if (assignee != c.AssigneeId)
        {
            added.Add(Event(c, CaseEventKind.Assigned, SlaEventKind.Updated, at, now, null, new
            {
                from = c.AssigneeId,
                fromName = await UserName(db, c.AssigneeId, ct),
                to = assignee,
                toName = await UserName(db, assignee, ct),
                reason,
            }));
            c.AssigneeId = assignee;
            NotifyAssigned(db, c, assignee, null, now, assignReason);
        }

        if (added.Count == 0)
        {
            return [];
        }

        Touch(c, at, now);
        db.CaseEvents.AddRange(added);
        var (segment, tier) = await CustomerFacts(db, c.CustomerId, ct);
        var stored = await SlaEvents(db, c.Id, ct);

        // Events of this case added earlier in the same unit of work (another rule that fired) count too.
        var pending = db.ChangeTracker.Entries<CaseEvent>()
            .Where(e => e.State == EntityState.Added && e.Entity.CaseId == c.Id)
            .Select(e => e.Entity)
            .ToList();
        Recompute(configuration, c, stored, pending, segment, tier, now);
        return added;
    }
}
