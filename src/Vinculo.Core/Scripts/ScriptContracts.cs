using Vinculo.Domain.Scripts;

namespace Vinculo.Core.Scripts;

// Requests take enum values as text so that a wrong value becomes a named field error, not a parse failure.

// ---- scripts ----

/// <summary>A script as written by the API and the editor (create and replace alike).</summary>
public sealed record ScriptInput
{
    /// <summary>2-60 lower-case letters, digits and hyphens; shared by the language variants.</summary>
    public string? Code { get; init; }
    /// <summary>es or en.</summary>
    public string? Language { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }
    /// <summary>The step graph.</summary>
    public ScriptDefinition? Definition { get; init; }
}

public sealed record ScriptDto(
    long Id,
    string Code,
    string Language,
    string Name,
    string? Description,
    ScriptDefinition Definition,
    ScriptStatus Status,
    string? AuthorName,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    long Version);

public sealed record ScriptSummary(
    long Id, string Code, string Language, string Name, ScriptStatus Status, string? AuthorName, DateTime UpdatedAt, long Version);

/// <param name="Status">draft, active or archived.</param>
/// <param name="Language">es or en.</param>
/// <param name="Q">Words in the code or the name.</param>
public sealed record ScriptQuery(string? Status = null, string? Language = null, string? Q = null, string? Cursor = null, int? Limit = null);

// ---- rules ----

/// <param name="Fact">A fact name (see <see cref="CustomerFacts.All"/>).</param>
/// <param name="Operator">equals, notEquals, greaterThan, lessThan, exists, missing.</param>
/// <param name="Value">What the fact is compared with (a number for greaterThan and lessThan; none for exists and missing).</param>
public sealed record RuleConditionInput(string? Fact, string? Operator, string? Value = null);

/// <summary>A selection rule as written by the API and the rules page.</summary>
public sealed record ScriptRuleInput
{
    public string? Name { get; init; }
    /// <summary>Higher is tried first (-1,000,000 to 1,000,000); the default rule has no conditions and the lowest priority.</summary>
    public int? Priority { get; init; }
    public List<RuleConditionInput?>? Conditions { get; init; }
    /// <summary>The code of the script it chooses.</summary>
    public string? ScriptCode { get; init; }
    public bool? Active { get; init; }
}

public sealed record ScriptRuleDto(
    long Id,
    string Name,
    int Priority,
    IReadOnlyList<RuleCondition> Conditions,
    string ScriptCode,
    bool Active,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    long Version);

public sealed record ScriptRuleQuery(bool? Active = null, string? Cursor = null, int? Limit = null);

// ---- selection ----

/// <summary>The script variant chosen (or run).</summary>
public sealed record ScriptRef(long Id, string Code, string Language, string Name, long Version);

public sealed record RuleRef(long Id, string Name, int Priority);

/// <summary>A condition of a rule as evaluated: the fact's value then and whether it held.</summary>
public sealed record ConditionOutcomeDto(string Fact, ScriptOperator Operator, string? Value, string? FactValue, bool Held);

/// <summary>A rule as tried: chosen, not met (the failing condition is the last one listed), no script, or not reached.</summary>
public sealed record RuleOutcomeDto(
    long RuleId, string Name, int Priority, string ScriptCode, RuleVerdict Verdict, IReadOnlyList<ConditionOutcomeDto> Conditions);

/// <summary>
/// Which script a customer's conversation should follow and why: the chosen rule and its conditions, the rules passed over
/// before it, and the facts they were evaluated on. <see cref="Script"/> is null when no rule holds (no default rule).
/// </summary>
public sealed record ScriptSelectionDto(
    long CustomerId,
    long? CaseId,
    ScriptRef? Script,
    RuleRef? Rule,
    IReadOnlyList<RuleOutcomeDto> Rules,
    IReadOnlyDictionary<string, string?> Facts);

// ---- runs ----

/// <summary>Where a conversation stands (see <see cref="ScriptWalk"/>): the answers so far, with the facts.</summary>
/// <param name="ScriptId">The script run; null: the one the rules select.</param>
/// <param name="Reason">The contact reason the agent chose (overrides contact.reason).</param>
/// <param name="Answers">The answers so far, in order.</param>
public sealed record RunRequest(long CustomerId, long? CaseId = null, long? ScriptId = null, string? Reason = null, IReadOnlyList<ScriptAnswer>? Answers = null);

/// <summary>A step as shown to the agent.</summary>
/// <param name="Decision">Decide: the fact that decided, with its value; null when no condition held.</param>
public sealed record RunStepDto(
    string Id,
    ScriptStepKind Kind,
    string Text,
    IReadOnlyList<string> Missing,
    string? Answer,
    string? AnswerLabel,
    ConditionOutcomeDto? Decision,
    IReadOnlyList<RenderedChoice> Choices);

/// <summary>A conversation in progress: the script, why it was chosen, the steps so far and where it waits.</summary>
public sealed record RunView(
    ScriptRef Script,
    ScriptSelectionDto Selection,
    IReadOnlyList<RunStepDto> Steps,
    WalkState State,
    IReadOnlyList<ScriptAnswer> Answers)
{
    public RunStepDto Current => Steps[^1];
}

/// <summary>A finished conversation to record.</summary>
/// <param name="ScriptVersion">The version the agent ran (If-Match semantics: 412 when the script changed since).</param>
/// <param name="Path">The step ids the agent saw; when given and the facts now lead elsewhere, 409.</param>
/// <param name="StartedAt">When the conversation started; now when omitted.</param>
public sealed record FinishRunInput
{
    public long? CustomerId { get; init; }
    public long? CaseId { get; init; }
    public long? ScriptId { get; init; }
    public long? ScriptVersion { get; init; }
    public string? Reason { get; init; }
    public List<ScriptAnswer?>? Answers { get; init; }
    public List<string>? Path { get; init; }
    public DateTime? StartedAt { get; init; }
}

public sealed record ScriptRunDto(
    long Id,
    long ScriptId,
    string ScriptCode,
    string ScriptName,
    long ScriptVersion,
    long CustomerId,
    long? CaseId,
    long InteractionId,
    string? UserId,
    DateTime StartedAt,
    DateTime FinishedAt,
    long? RuleId,
    IReadOnlyList<string> Path,
    IReadOnlyList<ScriptAnswer> Answers,
    IReadOnlyDictionary<string, string?> Facts,
    string Transcript);

public sealed record ScriptRunQuery(string? Cursor = null, int? Limit = null);
