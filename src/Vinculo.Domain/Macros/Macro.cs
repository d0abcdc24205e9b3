namespace Vinculo.Domain.Macros;

/// <summary>
/// A canned reply for case replies, in one language, with placeholders such as <c>{{customer.firstName}}</c> that are
/// filled from the customer's, the case's and the agent's facts. Translations share <see cref="TranslationGroupId"/>
/// (the id of the first macro of the group). A macro without <see cref="OwnerId"/> is shared by everybody; one with an
/// owner is personal and only its owner sees it.
/// </summary>
public sealed class Macro
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>Lower-case, accent-folded <see cref="Name"/>: unique per language and owner, and the list order.</summary>
    public string NameKey { get; set; } = "";
    /// <summary>"es" or "en".</summary>
    public string Language { get; set; } = "es";
    public long? TranslationGroupId { get; set; }
    /// <summary>Plain text with placeholders (see Vinculo.Domain.Scripts.ScriptTemplate).</summary>
    public string Body { get; set; } = "";
    public string? Category { get; set; }
    /// <summary>Lower-case tags, comma separated ("" when none).</summary>
    public string Tags { get; set; } = "";
    /// <summary>Folded name, category, tags and body: what the list's text filter looks in.</summary>
    public string SearchText { get; set; } = "";
    /// <summary>The user a personal macro belongs to; null for a shared macro.</summary>
    public string? OwnerId { get; set; }
    /// <summary>How many times the macro was filled in for a case reply.</summary>
    public long UseCount { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public long Version { get; set; }
}
