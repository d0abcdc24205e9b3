using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Commerce.Catalog;
using Vinculo.Core.Common;
using Vinculo.Core.Interactions;
using Vinculo.Core.Storage;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Service;
using static Vinculo.Core.Service.Cases.CaseChanges;

namespace Vinculo.Core.Service.Cases;

/// <summary>Queues: keyset pages in <see cref="QueueOrder"/> served by the partial queue indexes, with a total count.</summary>
public sealed partial class CaseService
{
    /// <summary>
    /// A queue page in queue order (customer rank and priority highest first, nearest due time, oldest, id) with the total
    /// of the filtered queue. The views map onto the partial indexes of active cases: mine → ix_cases_queue_assignee,
    /// team (one team) → ix_cases_queue_team, unassigned → ix_cases_queue_unassigned (of a team:
    /// ix_cases_queue_team_unassigned), all → ix_cases_queue_all; the other
    /// filters narrow the range. A cursor page is the union of at most five index seeks (one per key column that may
    /// advance), so a deep page costs what the first one does.
    /// </summary>
    /// <remarks>A user in several teams asking for the team view without a team id gets the union of those queues, which
    /// the database sorts; with one team (or a team id) it is a plain index range.</remarks>
    public async Task<CaseQueuePage> List(CaseQuery query, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(actor);
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, DefaultLimit);
        var view = Enum(query.View, "view", CaseView.All, errors);
        var statuses = Statuses(query.Status, errors);

        // Without a state, the listed statuses decide: only active ones keep to the active queue (and its indexes).
        var state = Enum(query.State, "state",
            statuses.Count == 0 || statuses.All(CaseWorkflow.IsActive) ? CaseStateFilter.Active : CaseStateFilter.Any, errors);
        var priority = OptionalEnum<CasePriority>(query.Priority, "priority", errors);
        string? type = null;
        if (!string.IsNullOrWhiteSpace(query.Type))
        {
            if (Vinculo.Domain.Service.CaseType.TryParse(query.Type, out var parsed))
            {
                type = parsed.Code;
            }
            else
            {
                errors.Add("type", Vinculo.Domain.Service.CaseType.Problem(query.Type)!);
            }
        }

        var tag = string.IsNullOrWhiteSpace(query.Tag) ? null : query.Tag.Trim().ToLowerInvariant();
        var text = Text(query.Q, "q", MaxSubject, errors)?.ToLowerInvariant();
        var after = ReadQueueCursor(query.Cursor, errors);
        var rfmSegment = string.IsNullOrWhiteSpace(query.RfmSegment) ? null : query.RfmSegment.Trim();
        double? minChurn = null;
        if (!string.IsNullOrWhiteSpace(query.MinChurn))
        {
            if (double.TryParse(query.MinChurn, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var churn) && churn is >= 0 and <= 1)
            {
                minChurn = churn;
            }
            else
            {
                errors.Add("minChurn", "A probability between 0 and 1, such as 0.5.");
            }
        }

        errors.ThrowIfInvalid();

        var q = ByState(db.Cases.AsNoTracking(), state);
        switch (view)
        {
            case CaseView.Mine:
                var me = actor.UserId;
                q = q.Where(c => c.AssigneeId == me);
                break;
            case CaseView.Unassigned:
                q = q.Where(c => c.AssigneeId == null);
                break;
            case CaseView.Team when query.TeamId is null:
                var userId = actor.UserId;
                var teams = await db.TeamMembers.AsNoTracking().Where(m => m.UserId == userId).Select(m => m.TeamId).ToListAsync(ct);
                if (teams.Count == 0)
                {
                    return new CaseQueuePage([], null, 0);
                }

                if (teams.Count == 1)
                {
                    var only = teams[0];
                    q = q.Where(c => c.TeamId == only);
                }
                else
                {
                    q = q.Where(c => c.TeamId != null && teams.Contains(c.TeamId.Value));
                }

                break;
        }

        if (query.TeamId is { } teamId)
        {
            q = q.Where(c => c.TeamId == teamId);
        }

        if (statuses.Count == 1)
        {
            var status = statuses[0];
            q = q.Where(c => c.Status == status);
        }
        else if (statuses.Count > 1)
        {
            q = q.Where(c => statuses.Contains(c.Status));
        }

        if (priority is { } p)
        {
            q = q.Where(c => c.Priority == p);
        }

        if (type is not null)
        {
            q = q.Where(c => c.Type == type);
        }

        if (query.CustomerId is { } customerId)
        {
            q = q.Where(c => c.CustomerId == customerId);
        }

        if (tag is not null)
        {
            // As "id IN (cases with the tag)": the database may start from the tag index when the tag is rare.
            var tagged = db.CaseTags.Where(t => t.Tag == tag).Select(t => t.CaseId);
            q = q.Where(c => tagged.Contains(c.Id));
        }

        if (text is not null)
        {
            q = q.Where(c => c.Subject.ToLower().Contains(text));
        }

        // The analytics' scores of the customer (customer_scores, one row per customer by primary key).
        if (rfmSegment is not null)
        {
            q = q.Where(c => db.CustomerScores.Any(s => s.CustomerId == c.CustomerId && s.RfmSegment == rfmSegment));
        }

        if (minChurn is { } minimum)
        {
            q = q.Where(c => db.CustomerScores.Any(s => s.CustomerId == c.CustomerId && s.ChurnProbability >= minimum));
        }

        var total = await q.LongCountAsync(ct);
        IQueryable<ServiceCase> page;
        if (after is { } key)
        {
            var ids = Seek(q, key, limit + 1);
            page = Ordered(db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id))).Take(limit + 1);
        }
        else
        {
            page = Ordered(q).Take(limit + 1);
        }

        var rows = await Rows(page).ToListAsync(ct);
        var hasMore = rows.Count > limit;
        rows = rows.Take(limit).ToList();
        var next = hasMore ? QueueCursor(rows[^1]) : null;
        return new CaseQueuePage(rows.Select(ToItem).ToList(), next, total);
    }

    /// <summary>A customer's cases, newest first (any state unless filtered); null when no such customer.</summary>
    public async Task<Page<CaseListItem>?> ForCustomer(long customerId, CustomerCaseQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, DefaultLimit);
        var state = Enum(query.State, "state", CaseStateFilter.Any, errors);
        var after = CommerceInput.ReadTimeCursor(query.Cursor, errors);
        errors.ThrowIfInvalid();
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct))
        {
            return null;
        }

        var q = ByState(db.Cases.AsNoTracking().Where(c => c.CustomerId == customerId), state);
        if (after is { } a)
        {
            q = q.Where(c => c.CreatedAt < a.At || (c.CreatedAt == a.At && c.Id < a.Id));
        }

        var rows = await Rows(q.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Take(limit + 1)).ToListAsync(ct);
        var hasMore = rows.Count > limit;
        rows = rows.Take(limit).ToList();
        return new Page<CaseListItem>(rows.Select(ToItem).ToList(), hasMore ? CommerceInput.TimeCursor(rows[^1].CreatedAt, rows[^1].Id) : null);
    }

    private static IQueryable<ServiceCase> ByState(IQueryable<ServiceCase> q, CaseStateFilter state) => state switch
    {
        CaseStateFilter.Active => q.Where(c => c.IsActive),
        CaseStateFilter.Resolved => q.Where(c => c.Status == CaseStatus.Resolved),
        CaseStateFilter.Closed => q.Where(c => c.Status == CaseStatus.Closed),
        _ => q,
    };

    /// <summary>The queue order: <see cref="QueueOrder"/> as the indexes hold it.</summary>
    private static IQueryable<ServiceCase> Ordered(IQueryable<ServiceCase> q) =>
        q.OrderByDescending(c => c.CustomerRank).ThenByDescending(c => c.Priority).ThenBy(c => c.QueueDueAt).ThenBy(c => c.CreatedAt).ThenBy(c => c.Id);

    /// <summary>
    /// The <paramref name="n"/> cases after <paramref name="k"/> in queue order. The order mixes descending and ascending
    /// columns, so no single row comparison expresses "after"; it is split into five disjoint ranges, each an equality prefix
    /// plus one inequality (an index seek), taken in order and limited, then merged. Only the ids travel through the union
    /// (read from the index alone); the page's rows are then read by primary key.
    /// </summary>
    private static IQueryable<long> Seek(IQueryable<ServiceCase> q, QueueKey k, int n)
    {
        var (rank, priority, due, created, id) = (k.Rank, k.Priority, k.Due, k.Created, k.Id);
        var legs = Ordered(q.Where(c => c.CustomerRank == rank && c.Priority == priority && c.QueueDueAt == due && c.CreatedAt == created && c.Id > id)).Take(n)
            .Concat(Ordered(q.Where(c => c.CustomerRank == rank && c.Priority == priority && c.QueueDueAt == due && c.CreatedAt > created)).Take(n))
            .Concat(Ordered(q.Where(c => c.CustomerRank == rank && c.Priority == priority && c.QueueDueAt > due)).Take(n))
            .Concat(Ordered(q.Where(c => c.CustomerRank == rank && c.Priority < priority)).Take(n))
            .Concat(Ordered(q.Where(c => c.CustomerRank < rank)).Take(n));
        return Ordered(legs).Take(n).Select(c => c.Id);
    }

    private IQueryable<QueueRow> Rows(IQueryable<ServiceCase> page) => page.Select(c => new QueueRow
    {
        Id = c.Id,
        Subject = c.Subject,
        CustomerId = c.CustomerId,
        CustomerName = db.Customers.Where(x => x.Id == c.CustomerId).Select(x => x.DisplayName).FirstOrDefault(),
        CustomerTier = db.Customers.Where(x => x.Id == c.CustomerId).Select(x => x.Tier).FirstOrDefault(),
        CustomerRank = c.CustomerRank,
        Type = c.Type,
        Channel = c.Channel,
        Priority = c.Priority,
        Status = c.Status,
        TeamId = c.TeamId,
        TeamName = db.Teams.Where(t => t.Id == c.TeamId).Select(t => t.Name).FirstOrDefault(),
        AssigneeId = c.AssigneeId,
        AssigneeName = db.Users.Where(u => u.Id == c.AssigneeId).Select(u => u.DisplayName != "" ? u.DisplayName : u.UserName).FirstOrDefault(),
        CreatedAt = c.CreatedAt,
        UpdatedAt = c.UpdatedAt,
        SlaDueAt = c.SlaDueAt,
        QueueDueAt = c.QueueDueAt,
        FrState = c.FrState,
        FrDueAt = c.FrDueAt,
        FrWarningAt = c.FrWarningAt,
        NrState = c.NrState,
        NrDueAt = c.NrDueAt,
        NrWarningAt = c.NrWarningAt,
        ResState = c.ResState,
        ResDueAt = c.ResDueAt,
        ResWarningAt = c.ResWarningAt,
        Version = c.Version,
    });

    private static CaseListItem ToItem(QueueRow r) => new(
        r.Id, r.Subject, r.CustomerId, r.CustomerName ?? "", r.CustomerTier, r.CustomerRank, r.Type, r.Channel, r.Priority, r.Status,
        r.TeamId, r.TeamName, r.AssigneeId, r.AssigneeName, r.CreatedAt, r.UpdatedAt, r.SlaDueAt,
        new CaseTargetBrief(r.FrState, r.FrDueAt, r.FrWarningAt),
        new CaseTargetBrief(r.NrState, r.NrDueAt, r.NrWarningAt),
        new CaseTargetBrief(r.ResState, r.ResDueAt, r.ResWarningAt),
        r.Version);

    private static List<CaseStatus> Statuses(IReadOnlyList<string>? given, ValidationErrors errors)
    {
        var result = new List<CaseStatus>();
        foreach (var text in (given ?? []).SelectMany(s => (s ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var status = Enum(text, "status", CaseStatus.New, errors);
            if (!result.Contains(status))
            {
                result.Add(status);
            }
        }

        return result;
    }

    private static string QueueCursor(QueueRow r) => Cursor.Encode(string.Join(':',
        r.CustomerRank.ToString(CultureInfo.InvariantCulture),
        ((int)r.Priority).ToString(CultureInfo.InvariantCulture),
        Timestamps.ToMicroseconds(r.QueueDueAt).ToString(CultureInfo.InvariantCulture),
        Timestamps.ToMicroseconds(r.CreatedAt).ToString(CultureInfo.InvariantCulture),
        r.Id.ToString(CultureInfo.InvariantCulture)));

    private static QueueKey? ReadQueueCursor(string? cursor, ValidationErrors errors)
    {
        if (Cursor.TryDecode(cursor) is not { } raw)
        {
            return null;
        }

        const long MinMicros = -62_135_596_800_000_000;
        const long MaxMicros = 253_402_300_800_000_000;
        var parts = raw.Split(':');
        if (parts.Length == 5
            && int.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var rank)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var priority)
            && System.Enum.IsDefined((CasePriority)priority)
            && long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var due) && due is > MinMicros and < MaxMicros
            && long.TryParse(parts[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var created) && created is > MinMicros and < MaxMicros
            && long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return new QueueKey(rank, (CasePriority)priority, Timestamps.FromMicroseconds(due), Timestamps.FromMicroseconds(created), id);
        }

        errors.Add("cursor", "The cursor is not valid; use the nextCursor of a previous page.");
        return null;
    }

    private readonly record struct QueueKey(int Rank, CasePriority Priority, DateTime Due, DateTime Created, long Id);

    private sealed class QueueRow
    {
        public long Id { get; init; }
        public string Subject { get; init; } = "";
        public long CustomerId { get; init; }
        public string? CustomerName { get; init; }
        public string? CustomerTier { get; init; }
        public int CustomerRank { get; init; }
        public string Type { get; init; } = "";
        public Channel Channel { get; init; }
        public CasePriority Priority { get; init; }
        public CaseStatus Status { get; init; }
        public long? TeamId { get; init; }
        public string? TeamName { get; init; }
        public string? AssigneeId { get; init; }
        public string? AssigneeName { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime UpdatedAt { get; init; }
        public DateTime? SlaDueAt { get; init; }
        public DateTime QueueDueAt { get; init; }
        public SlaClockState FrState { get; init; }
        public DateTime? FrDueAt { get; init; }
        public DateTime? FrWarningAt { get; init; }
        public SlaClockState NrState { get; init; }
        public DateTime? NrDueAt { get; init; }
        public DateTime? NrWarningAt { get; init; }
        public SlaClockState ResState { get; init; }
        public DateTime? ResDueAt { get; init; }
        public DateTime? ResWarningAt { get; init; }
        public long Version { get; init; }
    }
}
