using Vinculo.Core.Macros;

namespace Vinculo.Web.Components.Macros;

/// <summary>What the macro form posts: tags comma separated, the case number for a preview, and which button was pressed.</summary>
public sealed class MacroForm
{
    public const string PreviewAction = "preview";

    public string? Name { get; set; }
    public string? Language { get; set; } = "es";
    public string? Category { get; set; }
    public string? Tags { get; set; }
    public string? Body { get; set; }
    public bool Personal { get; set; }
    public long? TranslationOf { get; set; }
    public long? Version { get; set; }
    /// <summary>The case a preview fills the text in for (typed by the user, so text).</summary>
    public string? PreviewCaseId { get; set; }
    /// <summary>"preview" when the preview button sent the form; otherwise it is a save.</summary>
    public string? Action { get; set; }

    public bool IsPreview => Action == PreviewAction;

    public static MacroForm From(MacroDto m) => new()
    {
        Name = m.Name, Language = m.Language, Category = m.Category, Tags = string.Join(", ", m.Tags), Body = m.Body,
        Personal = m.Personal, Version = m.Version,
    };

    public MacroInput ToInput() => new()
    {
        Name = Name,
        Language = Language,
        Category = Category,
        Tags = [.. (Tags ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        Body = Body,
        Personal = Personal,
        TranslationOf = TranslationOf,
    };
}

/// <summary>The read-only view's preview: only the case number.</summary>
public sealed class MacroPreviewForm
{
    public string? CaseId { get; set; }
}
