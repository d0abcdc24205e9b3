using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Common;
using Vinculo.Core.Interactions;
using Vinculo.Core.Service.Cases;
using Vinculo.Core.Storage;
using Vinculo.Domain.Analytics;

namespace Vinculo.Core.Analytics.Scores;

/// <summary>
/// Payment-default alerts for supervisors: the list (open ones first, then the handled ones, newest first within each),
/// opening a proactive service case from an alert (the case and the alert change in one transaction) and dismissing an
/// alert with a reason. Only an open alert can be acted on (409 otherwise).
/// </summary>
public sealed class DefaultAlertService(VinculoDb db, CaseService cases, TimeProvider clock)
{
    public const int DefaultLimit = 50;
    public const int MaxReason = 500;

    /// <summary>Tags of the proactive cases opened from an alert.</summary>
    public static readonly IReadOnlyList<string> CaseTags = ["proactive", "default-risk"];

    private DateTime Now() => Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);

    /// <summary>One alert; null when it does not exist.</summary>
    public async Task<DefaultAlertDto?> Get(long id, CancellationToken ct = default) =>
        (await Rows(db, db.DefaultAlerts.AsNoTracking().Where(a => a.Id == id)).FirstOrDefaultAsync(ct))?.ToDto();

    /// <summary>A page of alerts: with no status, the open ones first; newest first within a status group.</summary>
    public async Task<Page<DefaultAlertDto>> List(DefaultAlertQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, DefaultLimit);
        DefaultAlertStatus? status = null;
        if (!string.IsNullOrWhiteSpace(query.Status))
        {
            if (EnumText.TryParse<DefaultAlertStatus>(query.Status, out var parsed))
            {
                status = parsed;
            }
            else
            {
                errors.Add("status", $"Unknown status; use one of: {EnumText.Allowed<DefaultAlertStatus>()}.");
            }
        }

        // Cursor: "o:<id>" inside the open group, "h:<id>" inside the handled one.
        (bool Open, long Id)? after = null;
        if (Cursor.TryDecode(query.Cursor) is { } raw)
        {
            var parts = raw.Split(':');
            if (parts.Length == 2 && parts[0] is "o" or "h" && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                after = (parts[0] == "o", id);
            }
            else
            {
                errors.Add("cursor", "The cursor is not valid; use the nextCursor of a previous page.");
            }
        }

        errors.ThrowIfInvalid();

        var all = db.DefaultAlerts.AsNoTracking();
        var rows = new List<AlertRow>(limit + 1);
        var wantOpen = status is null or DefaultAlertStatus.Open;
        if (wantOpen && after is not { Open: false })
        {
            var open = all.Where(a => a.Status == DefaultAlertStatus.Open);
            if (after is { } a)
            {
                var id = a.Id;
                open = open.Where(x => x.Id < id);
            }

            rows.AddRange(await Rows(db, open.OrderByDescending(x => x.Id).Take(limit + 1)).ToListAsync(ct));
        }

        if (status != DefaultAlertStatus.Open && rows.Count <= limit)
        {
            var handled = status is { } s ? all.Where(a => a.Status == s) : all.Where(a => a.Status != DefaultAlertStatus.Open);
            if (after is { Open: false } a)
            {
                var id = a.Id;
                handled = handled.Where(x => x.Id < id);
            }

            rows.AddRange(await Rows(db, handled.OrderByDescending(x => x.Id).Take(limit + 1 - rows.Count)).ToListAsync(ct));
        }

        var hasMore = rows.Count > limit;
        if (hasMore)
        {
            rows.RemoveRange(limit, rows.Count - limit);
        }

        var next = hasMore
            ? Cursor.Encode((rows[^1].Status == DefaultAlertStatus.Open ? "o:" : "h:") + rows[^1].Id.ToString(CultureInfo.InvariantCulture))
            : null;
        return new Page<DefaultAlertDto>([.. rows.Select(r => r.ToDto())], next);
    }

    /// <summary>
    /// Opens a proactive case for the alert's customer through the service desk and links it to the alert (status
    /// caseOpened), in one transaction. Null when no such alert; 409 when it is not open; 400 for a bad case field.
    /// </summary>
    public async Task<DefaultAlertDto?> OpenCase(long id, AlertCaseInput input, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(actor);
        var alert = await db.DefaultAlerts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (alert is null)
        {
            return null;
        }

        if (alert.Status != DefaultAlertStatus.Open)
        {
            throw new ConflictException($"The alert is {EnumText.Camel(alert.Status)}, not open.");
        }

        var language = await db.Customers.AsNoTracking().Where(c => c.Id == alert.CustomerId).Select(c => c.PreferredLanguage).FirstOrDefaultAsync(ct);
        var probability = alert.CurrentProbability ?? alert.Probability;
        var percent = Math.Round(probability * 100).ToString("0", CultureInfo.InvariantCulture);
        var subject = string.IsNullOrWhiteSpace(input.Subject)
            ? language == "en" ? $"Proactive contact: {percent} % payment-default risk" : $"Contacto proactivo: riesgo de impago del {percent} %"
            : input.Subject;
        var description = string.IsNullOrWhiteSpace(input.Description)
            ? language == "en"
                ? $"Opened from payment-default alert {id}: the analytics estimate a {percent} % probability of default."
                : $"Abierto desde la alerta de impago {id}: la analítica estima una probabilidad de impago del {percent} %."
            : input.Description;

        var now = Now();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var kase = await cases.Create(new CaseInput
            {
                CustomerId = alert.CustomerId,
                Type = string.IsNullOrWhiteSpace(input.Type) ? Domain.Service.CaseType.Request.Code : input.Type,
                Channel = string.IsNullOrWhiteSpace(input.Channel) ? "phone" : input.Channel,
                Priority = string.IsNullOrWhiteSpace(input.Priority) ? "high" : input.Priority,
                Subject = subject,
                Description = description,
                TeamId = input.TeamId,
                AssigneeId = input.AssigneeId,
                Tags = [.. CaseTags],
            }, actor, ct);
            var userId = actor.UserId.Length == 0 ? null : actor.UserId;
            var changed = await db.DefaultAlerts.Where(a => a.Id == id && a.Status == DefaultAlertStatus.Open)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(a => a.Status, DefaultAlertStatus.CaseOpened)
                    .SetProperty(a => a.CaseId, kase.Id)
                    .SetProperty(a => a.HandledBy, userId)
                    .SetProperty(a => a.HandledByName, actor.Name)
                    .SetProperty(a => a.HandledAt, now), ct);
            if (changed == 0)
            {
                throw new ConflictException("The alert was handled meanwhile.");
            }

            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
            return await Get(id, ct);
        });
    }

    /// <summary>Dismisses an open alert with a reason. Null when no such alert; 409 when it is not open; 400 without a reason.</summary>
    public async Task<DefaultAlertDto?> Dismiss(long id, AlertDismissInput input, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(actor);
        var reason = input.Reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            throw ValidationException.For("reason", "Required.");
        }

        if (reason.Length > MaxReason)
        {
            throw ValidationException.For("reason", $"At most {MaxReason} characters.");
        }

        var status = await db.DefaultAlerts.AsNoTracking().Where(a => a.Id == id).Select(a => (DefaultAlertStatus?)a.Status).FirstOrDefaultAsync(ct);
        if (status is null)
        {
            return null;
        }

        var now = Now();
        var userId = actor.UserId.Length == 0 ? null : actor.UserId;
        var changed = status == DefaultAlertStatus.Open
            ? await db.DefaultAlerts.Where(a => a.Id == id && a.Status == DefaultAlertStatus.Open)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(a => a.Status, DefaultAlertStatus.Dismissed)
                    .SetProperty(a => a.Reason, reason)
                    .SetProperty(a => a.HandledBy, userId)
                    .SetProperty(a => a.HandledByName, actor.Name)
                    .SetProperty(a => a.HandledAt, now), ct)
            : 0;
        if (changed == 0)
        {
            throw new ConflictException("The alert is not open.");
        }

        return await Get(id, ct);
    }

    /// <summary>Alerts with their customer's name, as rows the DTO is built from.</summary>
    internal static IQueryable<AlertRow> Rows(VinculoDb db, IQueryable<DefaultAlert> q) => q.Select(a => new AlertRow
    {
        Id = a.Id,
        CustomerId = a.CustomerId,
        CustomerName = db.Customers.Where(c => c.Id == a.CustomerId).Select(c => c.DisplayName).FirstOrDefault(),
        RunId = a.RunId,
        Probability = a.Probability,
        CurrentProbability = a.CurrentProbability,
        Threshold = a.Threshold,
        RaisedAt = a.RaisedAt,
        Status = a.Status,
        CaseId = a.CaseId,
        HandledByName = a.HandledByName,
        HandledAt = a.HandledAt,
        Reason = a.Reason,
    });

    internal sealed class AlertRow
    {
        public long Id { get; init; }
        public long CustomerId { get; init; }
        public string? CustomerName { get; init; }
        public long RunId { get; init; }
        public double Probability { get; init; }
        public double? CurrentProbability { get; init; }
        public double Threshold { get; init; }
        public DateTime RaisedAt { get; init; }
        public DefaultAlertStatus Status { get; init; }
        public long? CaseId { get; init; }
        public string? HandledByName { get; init; }
        public DateTime? HandledAt { get; init; }
        public string? Reason { get; init; }

        public DefaultAlertDto ToDto() => new(Id, CustomerId, CustomerName ?? "", RunId, Probability, CurrentProbability, Threshold, RaisedAt, Status,
            CaseId, HandledByName, HandledAt, Reason);
    }
}
