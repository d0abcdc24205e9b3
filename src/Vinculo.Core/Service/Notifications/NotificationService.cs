using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Auth;
using Vinculo.Core.Common;
using Vinculo.Core.Storage;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Service.Notifications;

/// <summary>
/// A user's notifications: list them newest first, count the unread ones, mark them read. Every method takes the user's id
/// and only ever touches that user's rows: someone else's notification does not exist for them.
/// </summary>
public sealed class NotificationService(VinculoDb db, TimeProvider clock)
{
    public const int DefaultLimit = 50;

    private DateTime Now => Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);

    /// <summary>The user's notifications, newest first (keyset on the id; index ix_notifications_user), with the unread count.</summary>
    public async Task<NotificationPage> List(string userId, NotificationQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, DefaultLimit);
        long? before = null;
        if (Cursor.TryDecode(query.Cursor) is { } text)
        {
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                before = id;
            }
            else
            {
                errors.Add("cursor", "The cursor is not valid; use the nextCursor of a previous page.");
            }
        }

        errors.ThrowIfInvalid();
        var q = Mine(userId);
        if (query.Unread == true)
        {
            q = q.Where(n => n.ReadAt == null);
        }

        if (before is { } b)
        {
            q = q.Where(n => n.Id < b);
        }

        var rows = await q.OrderByDescending(n => n.Id).Take(limit + 1).ToListAsync(ct);
        var items = rows.Take(limit).Select(Dto).ToList();
        var next = rows.Count > limit ? Cursor.Encode(items[^1].Id.ToString(CultureInfo.InvariantCulture)) : null;
        return new NotificationPage(items, next, await Unread(userId, ct));
    }

    /// <summary>One of the user's notifications, or null (none with this id, or someone else's).</summary>
    public async Task<NotificationDto?> Get(string userId, long id, CancellationToken ct = default) =>
        await Mine(userId).Where(n => n.Id == id).FirstOrDefaultAsync(ct) is { } row ? Dto(row) : null;

    /// <summary>How many of the user's notifications are unread.</summary>
    public Task<int> Unread(string userId, CancellationToken ct = default) =>
        Mine(userId).CountAsync(n => n.ReadAt == null, ct);

    /// <summary>Marks one of the user's notifications read (once: a second call keeps the first time); null when it is not theirs.</summary>
    public async Task<NotificationDto?> MarkRead(string userId, long id, CancellationToken ct = default)
    {
        var now = Now;
        await db.Notifications.Where(n => n.UserId == userId && n.Id == id && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        return await Get(userId, id, ct);
    }

    /// <summary>Marks every unread notification of the user read; returns how many.</summary>
    public async Task<int> MarkAllRead(string userId, CancellationToken ct = default)
    {
        var now = Now;
        return await db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }

    private IQueryable<Notification> Mine(string userId) =>
        db.Notifications.AsNoTracking().Where(n => n.UserId == (userId ?? ""));

    private static NotificationDto Dto(Notification n) =>
        new(n.Id, n.Kind, n.CaseId, NotificationData.Parse(n.Data), n.CreatedAt, n.ReadAt);
}

/// <summary>Writes notifications inside the caller's unit of work (the alarm job's case transaction).</summary>
public static class Notifier
{
    /// <summary>
    /// Who supervises team <paramref name="teamId"/>: its supervisor when it has one, else every user in the Supervisor
    /// role (also for a case without team).
    /// </summary>
    public static async Task<IReadOnlyList<string>> SupervisorsOf(VinculoDb db, long? teamId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (teamId is { } id && await db.Teams.AsNoTracking().Where(t => t.Id == id).Select(t => t.SupervisorId).FirstOrDefaultAsync(ct) is { } supervisor)
        {
            return [supervisor];
        }

        return await (from ur in db.UserRoles
                      join r in db.Roles on ur.RoleId equals r.Id
                      where r.Name == Roles.Supervisor
                      orderby ur.UserId
                      select ur.UserId).ToListAsync(ct);
    }

    /// <summary>Adds one notification per distinct user (not saved); returns how many.</summary>
    public static int Add(VinculoDb db, IEnumerable<string?> userIds, long? caseId, NotificationKind kind, NotificationData data, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(userIds);
        ArgumentNullException.ThrowIfNull(data);
        var json = data.ToJson();
        var count = 0;
        foreach (var user in userIds.Where(u => !string.IsNullOrEmpty(u)).Distinct(StringComparer.Ordinal))
        {
            db.Notifications.Add(new Notification { UserId = user!, CaseId = caseId, Kind = kind, Data = json, CreatedAt = now });
            count++;
        }

        return count;
    }
}
