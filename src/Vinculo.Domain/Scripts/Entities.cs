namespace Vinculo.Domain.Scripts;

/// <summary>Where a script stands: only active scripts are selected and run.</summary>
public enum ScriptStatus
{
    Draft = 0,
    Active = 1,
    Archived = 2,
}

/// <summary>
/// An agent script in one language. The language variants of one script share <see cref="Code"/>; selection rules name
/// the code and the customer's language picks the variant.
/// </summary>
public sealed class AgentScript
{
    public long Id { get; set; }
    /// <summary>Lower-case code shared by the language variants, e.g. "billing-complaint".</summary>
    public string Code { get; set; } = "";
    /// <summary>"es" or "en".</summary>
    public string Language { get; set; } = "es";
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    /// <summary>The <see cref="ScriptDefinition"/> as JSON.</summary>
    public string Definition { get; set; } = "{}";
    public ScriptStatus Status { get; set; }
    public string? AuthorId { get; set; }
    public string? AuthorName { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public long Version { get; set; }
}

/// <summary>A stored selection rule (see <see cref="SelectionRule"/>); its conditions are a JSON list.</summary>
public sealed class ScriptRule
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>Higher is tried first.</summary>
    public int Priority { get; set; }
    /// <summary>The <see cref="RuleCondition"/> list as JSON; all must hold (an empty list always holds).</summary>
    public string Conditions { get; set; } = "[]";
    public string ScriptCode { get; set; } = "";
    public bool Active { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public long Version { get; set; }
}

/// <summary>A conversation led by a script, as recorded when the agent finished it.</summary>
public sealed class ScriptRun
{
    public long Id { get; set; }
    public long ScriptId { get; set; }
    /// <summary>The script's version the conversation followed.</summary>
    public long ScriptVersion { get; set; }
    public long CustomerId { get; set; }
    public long? CaseId { get; set; }
    /// <summary>The timeline entry written with the run.</summary>
    public long InteractionId { get; set; }
    public string? UserId { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime FinishedAt { get; set; }
    /// <summary>The rule that chose the script; null when the agent chose it by hand (or the rule is gone).</summary>
    public long? RuleId { get; set; }
    /// <summary>The step ids visited, in order, as a JSON list.</summary>
    public string Path { get; set; } = "[]";
    /// <summary>The answers in the order given, as a JSON list of {step, answer}.</summary>
    public string Answers { get; set; } = "[]";
    /// <summary>The facts the conversation used, as a JSON object.</summary>
    public string Facts { get; set; } = "{}";
    public string Transcript { get; set; } = "";
}
