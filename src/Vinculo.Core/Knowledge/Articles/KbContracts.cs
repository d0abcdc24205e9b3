using Vinculo.Domain.Knowledge;

namespace Vinculo.Core.Knowledge.Articles;

/// <summary>
/// An article as written by the API and the forms. On create: language (es or en) is required, visibility is internal
/// when omitted. On replace (PUT) every field is written again; the language cannot change (create a translation).
/// </summary>
public sealed record KbArticleInput
{
    /// <summary>"es" or "en".</summary>
    public string? Language { get; init; }
    /// <summary>1 to 200 characters.</summary>
    public string? Title { get; init; }
    /// <summary>Markdown, at most 100,000 characters; raw HTML in it is shown as text.</summary>
    public string? Body { get; init; }
    public long? CategoryId { get; init; }
    /// <summary>An identifier from another system, unique per language.</summary>
    public string? ExternalId { get; init; }
    /// <summary>internal (agents only, the default) or public.</summary>
    public string? Visibility { get; init; }
}

/// <summary>An article with its body as Markdown and as sanitized HTML, its counters and the moves its status allows.</summary>
public sealed record KbArticleDto(
    long Id,
    string Language,
    long? TranslationGroupId,
    long? CategoryId,
    string? CategoryNameEs,
    string? CategoryNameEn,
    string? ExternalId,
    string Title,
    string Body,
    string BodyHtml,
    KbStatus Status,
    KbVisibility Visibility,
    string? AuthorId,
    string? AuthorName,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? PublishedAt,
    int HelpfulYes,
    int HelpfulNo,
    long ViewCount,
    long UseCount,
    long Version,
    IReadOnlyList<KbAction> Actions)
{
    public string? CategoryName(string language) => language == "en" ? CategoryNameEn : CategoryNameEs;
}

/// <summary>An article in a list: no body.</summary>
public sealed record KbArticleSummary(
    long Id,
    string Language,
    long? TranslationGroupId,
    long? CategoryId,
    string? CategoryNameEs,
    string? CategoryNameEn,
    string? ExternalId,
    string Title,
    KbStatus Status,
    KbVisibility Visibility,
    string? AuthorName,
    DateTime UpdatedAt,
    DateTime? PublishedAt,
    int HelpfulYes,
    int HelpfulNo,
    long ViewCount,
    long UseCount,
    long Version)
{
    public string? CategoryName(string language) => language == "en" ? CategoryNameEn : CategoryNameEs;
}

/// <summary>
/// The article list, most recently updated first. Filters: language (es, en), status (draft, published, archived),
/// category (that category and its subcategories), visibility (internal, public), and title (contains the text,
/// ignoring letter case). Not the full-text search.
/// </summary>
public sealed record KbArticleQuery(
    string? Language = null,
    string? Status = null,
    long? CategoryId = null,
    string? Visibility = null,
    string? Title = null,
    string? Cursor = null,
    int? Limit = null);

/// <summary>The status moves of an article.</summary>
public enum KbAction
{
    /// <summary>Draft → published: the article is indexed and found by search.</summary>
    Publish,
    /// <summary>Published or archived → draft.</summary>
    Unpublish,
    /// <summary>Draft or published → archived.</summary>
    Archive,
}

/// <summary>A saved version of an article (without the body in lists).</summary>
public sealed record KbVersionSummary(long Number, string Title, KbStatus Status, string? AuthorId, string? AuthorName, DateTime CreatedAt);

/// <summary>A saved version of an article with its body as Markdown and as sanitized HTML.</summary>
public sealed record KbVersionDto(
    long ArticleId, long Number, string Title, string Body, string BodyHtml, KbStatus Status, string? AuthorId, string? AuthorName, DateTime CreatedAt);

public sealed record KbVersionQuery(string? Cursor = null, int? Limit = null);

/// <summary>Another language's article of the same translation group.</summary>
public sealed record KbTranslationDto(long Id, string Language, string Title, KbStatus Status, KbVisibility Visibility, long Version);

/// <summary>A knowledge-base category (one level of subcategories), named in both languages.</summary>
public sealed record KbCategoryInput
{
    public string? NameEs { get; init; }
    public string? NameEn { get; init; }
    /// <summary>The parent category, which must itself be a top-level category.</summary>
    public long? ParentId { get; init; }
    /// <summary>Order among its siblings (smaller first; 0 when omitted), then by name.</summary>
    public int? Position { get; init; }
}

public sealed record KbCategoryDto(
    long Id, long? ParentId, string NameEs, string NameEn, int Position, int ArticleCount, int ChildCount, DateTime CreatedAt, DateTime UpdatedAt, long Version)
{
    public string Name(string language) => language == "en" ? NameEn : NameEs;
}

/// <summary>Categories by position, then name in <paramref name="Language"/> (es when omitted).</summary>
public sealed record KbCategoryQuery(string? Language = null, string? Cursor = null, int? Limit = null);

/// <summary>"Was this helpful?": yes or no, with an optional comment (at most 1,000 characters).</summary>
public sealed record KbFeedbackInput
{
    public bool? Helpful { get; init; }
    public string? Comment { get; init; }
}

public sealed record KbFeedbackDto(long Id, long ArticleId, bool Helpful, string? Comment, string? UserId, string? UserName, DateTime CreatedAt);

public sealed record KbFeedbackQuery(string? Cursor = null, int? Limit = null);

/// <summary>An article used on a case and/or for a customer (at least one; a case's customer is filled in from the case).</summary>
public sealed record KbUsageInput
{
    public long? CaseId { get; init; }
    public long? CustomerId { get; init; }
}

public sealed record KbUsageDto(long Id, long ArticleId, long? CaseId, long? CustomerId, string? UserId, DateTime CreatedAt);

/// <summary>An article's counters.</summary>
public sealed record KbCounters(long ArticleId, int HelpfulYes, int HelpfulNo, long ViewCount, long UseCount);

/// <summary>The status move is not allowed from the article's status (409, naming the allowed moves).</summary>
public sealed class KbTransitionConflictException(KbStatus from, KbAction action, IReadOnlyList<KbAction> allowed)
    : Exception($"An article that is {Camel(from)} cannot be {Done(action)}. Allowed: {string.Join(", ", allowed.Select(Camel))}.")
{
    public KbStatus From { get; } = from;
    public KbAction Action { get; } = action;
    public IReadOnlyList<KbAction> Allowed { get; } = allowed;

    private static string Done(KbAction action) => action switch
    {
        KbAction.Publish => "published",
        KbAction.Unpublish => "moved back to draft",
        _ => "archived",
    };

    private static string Camel<T>(T value) where T : struct, Enum => Vinculo.Core.Common.EnumText.Camel(value);
}
