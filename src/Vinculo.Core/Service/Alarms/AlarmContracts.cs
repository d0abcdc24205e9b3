using System.Text.Json;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Service.Alarms;

/// <summary>What one run of the alarm job did.</summary>
/// <param name="Cases">Cases whose alarm time had come and that were examined.</param>
/// <param name="Warnings">SLA warnings recorded.</param>
/// <param name="Breaches">SLA breaches recorded.</param>
/// <param name="Escalations">Escalation actions carried out.</param>
/// <param name="Notifications">Notifications written.</param>
/// <param name="Conflicts">Cases changed by someone else meanwhile and done again from fresh data.</param>
/// <param name="Failed">Cases that could not be processed (logged; tried again later).</param>
/// <param name="More">The batch was full: more cases may be due.</param>
public sealed record AlarmRunResult(int Cases, int Warnings, int Breaches, int Escalations, int Notifications, int Conflicts, int Failed, bool More)
{
    /// <summary>Nothing happened.</summary>
    public static AlarmRunResult None { get; } = new(0, 0, 0, 0, 0, 0, 0, false);

    /// <summary>The sum of two runs (<see cref="More"/> from the later one).</summary>
    public AlarmRunResult Plus(AlarmRunResult later)
    {
        ArgumentNullException.ThrowIfNull(later);
        return new(Cases + later.Cases, Warnings + later.Warnings, Breaches + later.Breaches, Escalations + later.Escalations,
            Notifications + later.Notifications, Conflicts + later.Conflicts, Failed + later.Failed, later.More);
    }
}

/// <summary>
/// The details of an <see cref="CaseEventKind.SlaWarning"/> or <see cref="CaseEventKind.SlaBreach"/> event (JSON in
/// <see cref="CaseEvent.Data"/>).
/// </summary>
/// <param name="Target">The target.</param>
/// <param name="Cycle">The cycle (next response counts them; 1 otherwise).</param>
/// <param name="At">When the warning share was reached or the target was breached (the event's time is when it was recorded).</param>
/// <param name="Actionable">Whether the target was still awaited, so escalations ran; false when an agent had already answered or the case was resolved.</param>
public sealed record SlaAlarmEventData(SlaTarget Target, int Cycle, DateTime At, bool Actionable)
{
    /// <summary>The JSON to store.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ServiceJson.Options);
}

/// <summary>The details of an <see cref="CaseEventKind.Escalated"/> event (JSON in <see cref="CaseEvent.Data"/>).</summary>
/// <param name="Action">What was done.</param>
/// <param name="On">The alarm that triggered it: warning or breach.</param>
/// <param name="Target">The alarm's target.</param>
/// <param name="Cycle">The alarm's cycle.</param>
/// <param name="PolicyId">The policy whose rule asked for it.</param>
/// <param name="FromPriority">Raise priority: before.</param>
/// <param name="ToPriority">Raise priority: after.</param>
/// <param name="FromTeamId">Reassign: the team before.</param>
/// <param name="ToTeamId">Reassign: the team after.</param>
/// <param name="FromAssigneeId">Reassign: the agent before.</param>
/// <param name="ToAssigneeId">Reassign: the agent after (null: unassigned).</param>
/// <param name="Notified">Notify supervisor: the users told.</param>
public sealed record EscalatedEventData(
    EscalationAction Action,
    SlaAlarmKind On,
    SlaTarget Target,
    int Cycle,
    long? PolicyId,
    CasePriority? FromPriority = null,
    CasePriority? ToPriority = null,
    long? FromTeamId = null,
    long? ToTeamId = null,
    string? FromAssigneeId = null,
    string? ToAssigneeId = null,
    IReadOnlyList<string>? Notified = null)
{
    /// <summary>The JSON to store.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ServiceJson.Options);
}
