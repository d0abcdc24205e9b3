namespace Vinculo.Core.Macros;

/// <summary>A macro as the API and the forms write it (create and replace alike).</summary>
public sealed record MacroInput
{
    /// <summary>1 to 100 characters; unique (ignoring case and accents) per language among the shared macros, and within each user's own.</summary>
    public string? Name { get; init; }
    /// <summary>"es" or "en".</summary>
    public string? Language { get; init; }
    /// <summary>Plain text, at most 5,000 characters, with placeholders such as <c>{{customer.firstName}}</c> (see <see cref="MacroFacts.Names"/>).</summary>
    public string? Body { get; init; }
    /// <summary>Optional, at most 60 characters.</summary>
    public string? Category { get; init; }
    /// <summary>Optional, at most 10, each up to 40 characters without commas.</summary>
    public List<string?>? Tags { get; init; }
    /// <summary>On create only: true makes the macro personal (only its author sees it); false or omitted, shared.</summary>
    public bool? Personal { get; init; }
    /// <summary>On create only: the id of a macro in the other language that this one translates (they join one group).</summary>
    public long? TranslationOf { get; init; }
}

/// <param name="Personal">True when only its owner sees it (the owner is always the signed-in user here).</param>
/// <param name="Placeholders">The placeholder names the body uses, in order of first use.</param>
public sealed record MacroDto(
    long Id,
    string Name,
    string Language,
    long? TranslationGroupId,
    string Body,
    string? Category,
    IReadOnlyList<string> Tags,
    bool Personal,
    IReadOnlyList<string> Placeholders,
    long UseCount,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    long Version);

/// <summary>A macro in a list (without its body).</summary>
public sealed record MacroSummary(
    long Id,
    string Name,
    string Language,
    long? TranslationGroupId,
    string? Category,
    IReadOnlyList<string> Tags,
    bool Personal,
    long UseCount,
    DateTime UpdatedAt,
    long Version);

/// <param name="Language">es or en; omitted: both.</param>
/// <param name="Q">Words the name, category, tags or body contain (case and accents ignored).</param>
/// <param name="Scope">all (default), shared or personal.</param>
public sealed record MacroQuery(string? Language = null, string? Q = null, string? Scope = null, string? Cursor = null, int? Limit = null);

/// <summary>A macro filled in for a case.</summary>
/// <param name="MacroId">The macro, or null for a preview of unsaved text.</param>
/// <param name="Text">Plain text (encode it on output); a placeholder without a value stays as written, <c>{{name}}</c>.</param>
/// <param name="Missing">Placeholders without a value for this case, in order of first use.</param>
public sealed record MacroRendering(long? MacroId, long CaseId, string Language, string Text, IReadOnlyList<string> Missing);

/// <summary>The macros to choose from on a case: those in the customer's language first, then the others, each by name.</summary>
/// <param name="Language">The customer's preferred language.</param>
public sealed record MacroChoices(string Language, IReadOnlyList<MacroSummary> Items);
