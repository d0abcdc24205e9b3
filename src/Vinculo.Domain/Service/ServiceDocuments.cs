using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vinculo.Domain.Service;

/// <summary>The JSON options of the service documents (camelCase names and enum values).</summary>
public static class ServiceJson
{
    /// <summary>Options for calendar definitions, policy targets, escalation rules and event data.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>One weekly opening interval as stored: day name and "HH:mm" times.</summary>
/// <param name="Day">Day of week (monday … sunday).</param>
/// <param name="Start">Local start, "HH:mm".</param>
/// <param name="End">Local end, "HH:mm" ("24:00" allowed).</param>
/// <param name="EndsNextDay">The interval crosses midnight (a night shift) and ends the next day at <paramref name="End"/>.</param>
public sealed record WeeklyHoursDocument(DayOfWeek Day, string Start, string End, bool EndsNextDay = false);

/// <summary>Special hours of one date as stored.</summary>
public sealed record SpecialHoursDocument(DateOnly Date, string Start, string End);

/// <summary>A calendar definition as stored in <see cref="ServiceCalendar.Definition"/>.</summary>
public sealed record CalendarDefinition(
    IReadOnlyList<WeeklyHoursDocument> Weekly,
    IReadOnlyList<DateOnly>? Holidays = null,
    IReadOnlyList<SpecialHoursDocument>? Special = null)
{
    /// <summary>Parses the stored JSON.</summary>
    public static CalendarDefinition Parse(string json) =>
        JsonSerializer.Deserialize<CalendarDefinition>(json, ServiceJson.Options)
        ?? throw new JsonException("The calendar definition is empty.");

    /// <summary>The JSON to store.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ServiceJson.Options);

    /// <summary>
    /// Problems as field path → messages (empty when valid): times that are not HH:mm plus
    /// <see cref="BusinessCalendar.Validate"/>'s (paths <c>timeZone</c>, <c>weekly[i]</c>, <c>holidays[i]</c>, <c>special[i]</c>).
    /// </summary>
    public IReadOnlyDictionary<string, string[]> Validate(string timeZone)
    {
        var errors = new Dictionary<string, string[]>();
        var weekly = new List<WeeklyInterval>();
        for (var i = 0; i < (Weekly?.Count ?? 0); i++)
        {
            var w = Weekly![i];
            if (w is null || !TryTime(w.Start, out var start) || !TryTime(w.End, out var end))
            {
                errors[$"weekly[{i}]"] = ["Times must be written HH:mm."];
                continue;
            }

            weekly.Add(new WeeklyInterval(w.Day, start, end, w.EndsNextDay));
        }

        var special = new List<SpecialHours>();
        for (var i = 0; i < (Special?.Count ?? 0); i++)
        {
            var s = Special![i];
            if (s is null || !TryTime(s.Start, out var start) || !TryTime(s.End, out var end))
            {
                errors[$"special[{i}]"] = ["Times must be written HH:mm."];
                continue;
            }

            special.Add(new SpecialHours(s.Date, start, end));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        foreach (var (path, messages) in BusinessCalendar.Validate(timeZone, weekly, Holidays, special))
        {
            var renamed = path.Replace("timeZoneId", "timeZone", StringComparison.Ordinal)
                .Replace("weeklyHours", "weekly", StringComparison.Ordinal)
                .Replace("specialHours", "special", StringComparison.Ordinal);
            errors[renamed] = messages;
        }

        return errors;
    }

    /// <summary>The calendar in <paramref name="timeZone"/>.</summary>
    /// <exception cref="BusinessCalendarException">The definition is invalid.</exception>
    /// <exception cref="FormatException">A time is not HH:mm.</exception>
    public BusinessCalendar ToCalendar(string timeZone) => new(
        timeZone,
        (Weekly ?? []).Select(w => new WeeklyInterval(w.Day, WeeklyInterval.ParseTime(w.Start), WeeklyInterval.ParseTime(w.End), w.EndsNextDay)),
        Holidays,
        (Special ?? []).Select(s => SpecialHours.Of(s.Date, s.Start, s.End)));

    /// <summary>Monday to Friday 09:00–17:00 with no holidays.</summary>
    public static CalendarDefinition OfficeHours { get; } = new(
        [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(d => new WeeklyHoursDocument(d, "09:00", "17:00"))]);

    private static bool TryTime(string? text, out TimeSpan value)
    {
        try
        {
            value = WeeklyInterval.ParseTime(text ?? string.Empty);
            return true;
        }
        catch (FormatException)
        {
            value = default;
            return false;
        }
    }
}

/// <summary>Target business minutes of one priority as stored; null sets no target.</summary>
public sealed record TargetMinutes(int? FirstResponse = null, int? NextResponse = null, int? Resolution = null)
{
    /// <summary>As target durations.</summary>
    public SlaTargetTimes ToTimes() => new(
        FirstResponse is { } f ? TimeSpan.FromMinutes(f) : null,
        NextResponse is { } n ? TimeSpan.FromMinutes(n) : null,
        Resolution is { } r ? TimeSpan.FromMinutes(r) : null);
}

/// <summary>Policy targets per priority as stored in <see cref="ServicePolicy.Targets"/>.</summary>
public static class PolicyTargets
{
    /// <summary>Parses the stored JSON (keys are priorities: low, normal, high, urgent).</summary>
    public static IReadOnlyDictionary<CasePriority, TargetMinutes> Parse(string json) =>
        JsonSerializer.Deserialize<Dictionary<CasePriority, TargetMinutes>>(json, ServiceJson.Options) ?? [];

    /// <summary>The JSON to store.</summary>
    public static string ToJson(IReadOnlyDictionary<CasePriority, TargetMinutes> targets) =>
        JsonSerializer.Serialize(targets, ServiceJson.Options);

    /// <summary>The stored policy as the domain's <see cref="SlaPolicy"/>.</summary>
    public static SlaPolicy ToDomain(ServicePolicy p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new SlaPolicy(p.Id, p.Name, p.Scope, p.ScopeKey, p.CalendarId,
            Parse(p.Targets).ToDictionary(kv => kv.Key, kv => kv.Value.ToTimes()), p.WarningShare);
    }

    /// <summary>The scope key text of a numeric key (team or contract id).</summary>
    public static string Key(long id) => id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Which alarm of a target.</summary>
public enum SlaAlarmKind
{
    /// <summary>The warning share of the target was reached.</summary>
    Warning,

    /// <summary>The target was breached.</summary>
    Breach,
}

/// <summary>What an escalation does.</summary>
public enum EscalationAction
{
    /// <summary>Notify the team's supervisor (every supervisor when the team has none).</summary>
    NotifySupervisor,

    /// <summary>Raise the case priority one step (urgent stays urgent); the targets are re-resolved.</summary>
    RaisePriority,

    /// <summary>Move the case to another team and/or agent.</summary>
    Reassign,
}

/// <summary>An escalation rule of a policy: on an alarm of a target (any target when null), do an action.</summary>
/// <param name="On">Warning or breach.</param>
/// <param name="Target">The target, or null for any.</param>
/// <param name="Action">What to do.</param>
/// <param name="TeamId">Reassign: the new team (null keeps the team).</param>
/// <param name="UserId">Reassign: the new agent (null leaves the case unassigned in the team, or auto-assigned when the team assigns automatically).</param>
public sealed record EscalationRule(SlaAlarmKind On, SlaTarget? Target, EscalationAction Action, long? TeamId = null, string? UserId = null)
{
    /// <summary>Parses the stored JSON array.</summary>
    public static IReadOnlyList<EscalationRule> ParseAll(string json) =>
        JsonSerializer.Deserialize<List<EscalationRule>>(json, ServiceJson.Options) ?? [];

    /// <summary>The JSON to store.</summary>
    public static string ToJson(IEnumerable<EscalationRule> rules) =>
        JsonSerializer.Serialize(rules.ToList(), ServiceJson.Options);

    /// <summary>Whether the rule applies to <paramref name="alarm"/>.</summary>
    public bool Matches(SlaAlarm alarm) =>
        alarm is not null && alarm.Kind == On && (Target is null || Target == alarm.Target);
}
