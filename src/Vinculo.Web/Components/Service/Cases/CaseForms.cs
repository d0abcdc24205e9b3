namespace Vinculo.Web.Components.Service.Cases;

// What the case page's and the new-case page's forms post. Every value is text (or a version) so that a wrong value
// becomes a field error from the use case, never a binding failure.

/// <summary>A public reply (from the agent, or the customer's reply being logged).</summary>
public sealed class CaseReplyForm
{
    public string? Body { get; set; }
    public string? Channel { get; set; }
}

/// <summary>An internal note.</summary>
public sealed class CaseNoteForm
{
    public string? Body { get; set; }
}

/// <summary>A status change, with the version the user saw.</summary>
public sealed class CaseStatusForm
{
    public string? To { get; set; }
    public long? Version { get; set; }
}

/// <summary>Team and agent; <see cref="Action"/> "me" assigns the case to the signed-in user.</summary>
public sealed class CaseAssignForm
{
    public string? TeamId { get; set; }
    public string? AssigneeId { get; set; }
    public string? Action { get; set; }
    public long? Version { get; set; }
}

/// <summary>A new priority.</summary>
public sealed class CasePriorityForm
{
    public string? Priority { get; set; }
    public long? Version { get; set; }
}

/// <summary>The case's tags, comma-separated.</summary>
public sealed class CaseTagsForm
{
    public string? Tags { get; set; }
    public long? Version { get; set; }
}

/// <summary>A new case.</summary>
public sealed class NewCaseForm
{
    public string? CustomerId { get; set; }
    public string? Type { get; set; }
    public string? Channel { get; set; }
    public string? Subject { get; set; }
    public string? Description { get; set; }
    public string? Priority { get; set; } = "normal";
    public string? TeamId { get; set; }
    public string? Tags { get; set; }
}
