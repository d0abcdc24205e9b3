using System.Globalization;
using Vinculo.Core.Common;
using Vinculo.Core.Knowledge.Articles;

namespace Vinculo.Web.Components.Knowledge.Articles;

// What the knowledge-base pages' forms post. Ids are text so that a wrong value becomes a field error from the use
// case, never a binding failure.

/// <summary>The article editor: <see cref="Intent"/> "preview" renders the Markdown without saving.</summary>
public sealed class KbArticleForm
{
    public long Version { get; set; }
    public string? Language { get; set; } = "es";
    public string? Title { get; set; }
    public string? Body { get; set; }
    public string? CategoryId { get; set; }
    public string? Visibility { get; set; } = "internal";
    public string? ExternalId { get; set; }
    public string? Intent { get; set; }

    public bool IsPreview => Intent == "preview";

    public static KbArticleForm From(KbArticleDto a) => new()
    {
        Version = a.Version,
        Language = a.Language,
        Title = a.Title,
        Body = a.Body,
        CategoryId = a.CategoryId?.ToString(CultureInfo.InvariantCulture),
        Visibility = EnumText.Camel(a.Visibility),
        ExternalId = a.ExternalId,
    };

    public KbArticleInput ToInput() => new()
    {
        Language = Language,
        Title = Title,
        Body = Body,
        CategoryId = KbForms.Id(CategoryId),
        Visibility = Visibility,
        ExternalId = ExternalId,
    };
}

/// <summary>"Was this helpful?": yes or no (the button pressed) and an optional comment.</summary>
public sealed class KbFeedbackForm
{
    public string? Helpful { get; set; }
    public string? Comment { get; set; }

    public KbFeedbackInput ToInput() => new()
    {
        Helpful = Helpful switch { "yes" => true, "no" => false, _ => null },
        Comment = Comment,
    };
}

/// <summary>A status move, with the version the user saw.</summary>
public sealed class KbMoveForm
{
    public string? Action { get; set; }
    public long? Version { get; set; }
}

/// <summary>A confirmed deletion or restore, with the version the user saw.</summary>
public sealed class KbConfirmForm
{
    public bool Confirmed { get; set; }
    public long? Version { get; set; }
}

/// <summary>A category's names, parent and position.</summary>
public sealed class KbCategoryForm
{
    public long Version { get; set; }
    public string? NameEs { get; set; }
    public string? NameEn { get; set; }
    public string? ParentId { get; set; }
    public int? Position { get; set; }

    public static KbCategoryForm From(KbCategoryDto c) => new()
    {
        Version = c.Version,
        NameEs = c.NameEs,
        NameEn = c.NameEn,
        ParentId = c.ParentId?.ToString(CultureInfo.InvariantCulture),
        Position = c.Position,
    };

    public KbCategoryInput ToInput() => new() { NameEs = NameEs, NameEn = NameEn, ParentId = KbForms.Id(ParentId), Position = Position };
}

internal static class KbForms
{
    public static long? Id(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
