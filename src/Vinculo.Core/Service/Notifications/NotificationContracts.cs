using System.Text.Json;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Service.Notifications;

/// <summary>
/// The details of a notification as stored in <see cref="Notification.Data"/> (JSON, camelCase): enough to render it in the
/// reader's language without reading the case again.
/// </summary>
/// <param name="Subject">The case's subject when the notification was written.</param>
/// <param name="Target">SLA warning or breach: the target.</param>
/// <param name="Cycle">SLA warning or breach: the cycle (next response counts them; 1 otherwise).</param>
/// <param name="At">SLA warning or breach: when the warning share was reached or the target was breached.</param>
/// <param name="DueAt">SLA warning: when the target falls due.</param>
/// <param name="Priority">The case's priority when the notification was written.</param>
/// <param name="Reason">Case assigned: why (<see cref="EscalationReason"/> when an SLA escalation moved it).</param>
/// <param name="Alarm">Case assigned by an escalation: whether a warning or a breach of <paramref name="Target"/> caused it.</param>
public sealed record NotificationData(
    string? Subject = null,
    SlaTarget? Target = null,
    int? Cycle = null,
    DateTime? At = null,
    DateTime? DueAt = null,
    CasePriority? Priority = null,
    string? Reason = null,
    SlaAlarmKind? Alarm = null)
{
    /// <summary>The <see cref="Reason"/> of a case assigned by an SLA escalation.</summary>
    public const string EscalationReason = "escalation";

    /// <summary>The JSON to store.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ServiceJson.Options);

    /// <summary>Reads stored JSON; unknown or broken JSON gives empty details rather than an error.</summary>
    public static NotificationData Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new();
        }

        try
        {
            return JsonSerializer.Deserialize<NotificationData>(json, ServiceJson.Options) ?? new();
        }
        catch (JsonException)
        {
            return new();
        }
    }
}

/// <summary>A notification of the signed-in user.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Kind">slaWarning, slaBreach or caseAssigned.</param>
/// <param name="CaseId">The case it is about, if any.</param>
/// <param name="Data">The details.</param>
/// <param name="CreatedAt">When it was written (UTC).</param>
/// <param name="ReadAt">When the user marked it read, or null while unread.</param>
public sealed record NotificationDto(long Id, NotificationKind Kind, long? CaseId, NotificationData Data, DateTime CreatedAt, DateTime? ReadAt);

/// <summary>A page of the user's notifications, newest first, with how many of all of them are unread.</summary>
public sealed record NotificationPage(IReadOnlyList<NotificationDto> Items, string? NextCursor, int Unread);

/// <summary>Which notifications to list: all (default) or only the unread ones.</summary>
public sealed record NotificationQuery(bool? Unread = null, string? Cursor = null, int? Limit = null);

/// <summary>How many notifications were marked read.</summary>
public sealed record MarkedRead(int Marked);

/// <summary>How many notifications of the user are unread.</summary>
public sealed record UnreadCount(int Unread);
