using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;
using Vinculo.Core.Common;
using Vinculo.Core.Service.Cases;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Service;
using Vinculo.Web.Components.Shared;

namespace Vinculo.Web.Components.Service.Cases;

/// <summary>
/// The details of a history entry in words, read from its JSON data: from/to values, changed fields, the SLA target of a
/// warning or breach, what an escalation did. Unknown shapes give no details rather than failing.
/// </summary>
public static class CaseEventText
{
    /// <summary>The look of an entry: a class for its colour and kind, so replies, notes and system events differ.</summary>
    public static string ItemClass(CaseEventKind kind) => kind switch
    {
        CaseEventKind.AgentReply => "case-event case-reply ch-phone",
        CaseEventKind.CustomerReply => "case-event case-customer-reply ch-chat",
        CaseEventKind.InternalNote => "case-event case-note ch-inPerson",
        CaseEventKind.SlaWarning => "case-event case-system ch-inPerson",
        CaseEventKind.SlaBreach or CaseEventKind.Escalated => "case-event case-system ch-social",
        CaseEventKind.SlaRecomputed => "case-event case-system",
        _ => "case-event case-change",
    };

    /// <summary>A badge for the entries that carry text, telling public from internal.</summary>
    public static (string Key, string Class)? Badge(CaseEventKind kind) => kind switch
    {
        CaseEventKind.AgentReply => ("History.Public", "inv-open"),
        CaseEventKind.CustomerReply => ("History.FromCustomer", "lifecycle-active"),
        CaseEventKind.InternalNote => ("History.Internal", "lifecycle-prospect"),
        CaseEventKind.SlaWarning or CaseEventKind.SlaBreach or CaseEventKind.Escalated or CaseEventKind.SlaRecomputed => ("History.System", "badge-neutral"),
        _ => null,
    };

    public static IReadOnlyList<string> Details(
        IStringLocalizer s, IStringLocalizer shared, CaseEventDto e, IReadOnlyDictionary<string, string>? typeNames, TimeZoneInfo zone)
    {
        var lines = new List<string>();
        if (e.Data is not { ValueKind: JsonValueKind.Object } data)
        {
            if (e.Kind is CaseEventKind.Created or CaseEventKind.PriorityChanged && e.Priority is { } p)
            {
                lines.Add(F(s, "History.Priority", s.Priority(p)));
            }

            return lines;
        }

        switch (e.Kind)
        {
            case CaseEventKind.Created:
                if (Str(data, "type") is { } type)
                {
                    lines.Add(F(s, "History.Type", CaseText.TypeName(typeNames, type)));
                }

                if (Enum<Channel>(data, "channel") is { } channel)
                {
                    lines.Add(F(s, "History.Channel", shared.Channel(channel)));
                }

                if (Enum<CasePriority>(data, "priority") is { } priority)
                {
                    lines.Add(F(s, "History.Priority", s.Priority(priority)));
                }

                if (Array(data, "tags") is { Count: > 0 } tags)
                {
                    lines.Add(F(s, "History.Tags", string.Join(", ", tags)));
                }

                break;
            case CaseEventKind.StatusChanged:
                lines.Add(F(s, "History.FromTo", StatusText(s, data, "from"), StatusText(s, data, "to")));
                if (Str(data, "cause") is { } cause && !s[$"History.Cause.{cause}"].ResourceNotFound)
                {
                    lines.Add(s[$"History.Cause.{cause}"]);
                }

                break;
            case CaseEventKind.AgentReply or CaseEventKind.CustomerReply:
                if (Enum<Channel>(data, "channel") is { } replyChannel)
                {
                    lines.Add(F(s, "History.Channel", shared.Channel(replyChannel)));
                }

                break;
            case CaseEventKind.Assigned:
                lines.Add(Str(data, "to") is null
                    ? s["History.Unassigned"]
                    : F(s, "History.AssignedTo", Str(data, "toName") ?? Str(data, "to")));
                if (Bool(data, "auto") || Str(data, "reason") == "auto")
                {
                    lines.Add(s["History.Automatic"]);
                }

                Reason(s, data, lines);
                break;
            case CaseEventKind.TeamChanged:
                lines.Add(Str(data, "to") is null && Num(data, "to") is null
                    ? s["History.NoTeam"]
                    : F(s, "History.MovedToTeam", Str(data, "toName") ?? Num(data, "to")?.ToString(CultureInfo.CurrentCulture)));
                Reason(s, data, lines);
                break;
            case CaseEventKind.PriorityChanged:
                lines.Add(F(s, "History.FromTo", PriorityText(s, data, "from"), PriorityText(s, data, "to")));
                Reason(s, data, lines);
                break;
            case CaseEventKind.Updated:
                if (data.TryGetProperty("fields", out var fields) && fields.ValueKind == JsonValueKind.Object)
                {
                    foreach (var field in fields.EnumerateObject())
                    {
                        lines.Add(FieldChange(s, typeNames, field));
                    }
                }

                break;
            case CaseEventKind.TagsChanged:
                var added = Array(data, "added") ?? [];
                var removed = Array(data, "removed") ?? [];
                if (added.Count > 0)
                {
                    lines.Add(F(s, "History.TagsAdded", string.Join(", ", added)));
                }

                if (removed.Count > 0)
                {
                    lines.Add(F(s, "History.TagsRemoved", string.Join(", ", removed)));
                }

                break;
            case CaseEventKind.SlaWarning or CaseEventKind.SlaBreach:
                if (Enum<SlaTarget>(data, "target") is { } target)
                {
                    lines.Add(target == SlaTarget.NextResponse
                        ? F(s, "History.TargetCycle", s.Target(target), Int(data, "cycle") ?? 1)
                        : F(s, "History.Target", s.Target(target)));
                }

                if (Date(data, "at") is { } at)
                {
                    lines.Add(F(s, e.Kind == CaseEventKind.SlaWarning ? "History.WarningReached" : "History.BreachedAt", UserTime.Short(at, zone)));
                }

                if (data.TryGetProperty("actionable", out var actionable) && actionable.ValueKind == JsonValueKind.False)
                {
                    lines.Add(s["History.NotActionable"]);
                }

                break;
            case CaseEventKind.Escalated:
                if (Str(data, "action") is { } action)
                {
                    lines.Add(s[$"Escalation.{action}"].ResourceNotFound ? action : s[$"Escalation.{action}"]);
                }

                if (Enum<SlaTarget>(data, "target") is { } escalatedTarget)
                {
                    var on = Str(data, "on") == "warning" ? s["History.OnWarning"] : s["History.OnBreach"];
                    lines.Add(F(s, "History.Trigger", on, s.Target(escalatedTarget)));
                }

                if (Enum<CasePriority>(data, "fromPriority") is { } fromPriority && Enum<CasePriority>(data, "toPriority") is { } toPriority)
                {
                    lines.Add(F(s, "History.PriorityFromTo", s.Priority(fromPriority), s.Priority(toPriority)));
                }

                if (Array(data, "notified") is { Count: > 0 } notified)
                {
                    lines.Add(F(s, "History.Notified", notified.Count));
                }

                break;
        }

        return lines;
    }

    private static void Reason(IStringLocalizer s, JsonElement data, List<string> lines)
    {
        if (Str(data, "reason") is { } reason && reason != "auto")
        {
            lines.Add(F(s, "History.Reason", reason));
        }
    }

    private static string FieldChange(IStringLocalizer s, IReadOnlyDictionary<string, string>? typeNames, JsonProperty field)
    {
        var name = s[$"Field.{field.Name}"].ResourceNotFound ? field.Name : s[$"Field.{field.Name}"].Value;
        if (field.Name == "description")
        {
            return F(s, Bool(field.Value, "cleared") ? "History.FieldCleared" : "History.FieldChanged", name);
        }

        string Value(string side)
        {
            var text = Str(field.Value, side) ?? Num(field.Value, side)?.ToString(CultureInfo.CurrentCulture);
            if (text is null)
            {
                return "—";
            }

            return field.Name == "type" ? CaseText.TypeName(typeNames, text) : field.Name.EndsWith("Id", StringComparison.Ordinal) ? "#" + text : text;
        }

        return F(s, "History.FieldFromTo", name, Value("from"), Value("to"));
    }

    private static string StatusText(IStringLocalizer s, JsonElement data, string name) =>
        Enum<CaseStatus>(data, name) is { } status ? s.Status(status) : "—";

    private static string PriorityText(IStringLocalizer s, JsonElement data, string name) =>
        Enum<CasePriority>(data, name) is { } priority ? s.Priority(priority) : "—";

    private static string F(IStringLocalizer s, string key, params object?[] args) => string.Format(CultureInfo.CurrentCulture, s[key], args);

    private static string? Str(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Num(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    private static int? Int(JsonElement data, string name) => Num(data, name) is { } n and >= int.MinValue and <= int.MaxValue ? (int)n : null;

    private static bool Bool(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static DateTime? Date(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.TryGetDateTime(out var d)
            ? d.Kind == DateTimeKind.Local ? d.ToUniversalTime() : d
            : null;

    private static T? Enum<T>(JsonElement data, string name) where T : struct, System.Enum =>
        Str(data, name) is { } text && EnumText.TryParse<T>(text, out var value) ? value : null;

    private static List<string>? Array(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() ?? "" : x.ToString()).ToList()
            : null;
}
