using System.Globalization;
using Microsoft.Extensions.Localization;
using Vinculo.Core.Service.Notifications;
using Vinculo.Domain.Service;
using Vinculo.Web.Components.Shared;

namespace Vinculo.Web.Components.Notifications;

/// <summary>A notification's sentence in the reader's language and time zone, from its stored details.</summary>
public static class NotificationText
{
    /// <summary>
    /// "First response of case #12 'Invoice' breached on 05/03/2026 14:30." The subject is plain text: Razor encodes it
    /// when the sentence is rendered.
    /// </summary>
    public static string Describe(IStringLocalizer<NotificationResource> text, NotificationDto n, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(n);
        if (n.CaseId is not { } caseId)
        {
            return text["Text.NoCase"];
        }

        var d = n.Data;
        var number = caseId.ToString(CultureInfo.CurrentCulture);
        var subject = d.Subject ?? "";
        var target = Target(text, d.Target, d.Cycle);
        return n.Kind switch
        {
            NotificationKind.SlaWarning => text.Format("Text.SlaWarning", target, number, subject, When(d.DueAt ?? d.At, n.CreatedAt, zone)),
            NotificationKind.SlaBreach => text.Format("Text.SlaBreach", target, number, subject, When(d.At, n.CreatedAt, zone)),
            NotificationKind.CaseAssigned when d.Reason == NotificationData.EscalationReason && d.Target is not null =>
                text.Format(d.Alarm == SlaAlarmKind.Warning ? "Text.CaseEscalatedWarning" : "Text.CaseEscalated", number, subject, Lower(target)),
            _ => text.Format("Text.CaseAssigned", number, subject),
        };
    }

    /// <summary>The kind as a short label ("SLA breach").</summary>
    public static string Kind(IStringLocalizer<NotificationResource> text, NotificationKind kind) => text[$"Kind.{kind}"];

    /// <summary>The target's name as the subject of a sentence ("First response", "Next response no. 2").</summary>
    public static string Target(IStringLocalizer<NotificationResource> text, SlaTarget? target, int? cycle) => target switch
    {
        SlaTarget.NextResponse when cycle > 1 => text.Format("Target.NextResponseCycle", cycle.Value.ToString(CultureInfo.CurrentCulture)),
        { } t => text[$"Target.{t}"],
        null => "",
    };

    private static string When(DateTime? at, DateTime fallback, TimeZoneInfo zone) => UserTime.Short(at ?? fallback, zone);

    private static string Lower(string text) =>
        text.Length > 0 ? char.ToLower(text[0], CultureInfo.CurrentCulture) + text[1..] : text;
}
