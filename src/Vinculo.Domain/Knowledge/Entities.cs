namespace Vinculo.Domain.Knowledge;

/// <summary>Where an article stands: only published articles are indexed and found by search.</summary>
public enum KbStatus
{
    Draft = 0,
    Published = 1,
    Archived = 2,
}

/// <summary>Who may read an article: internal ones are for agents only; public ones may also go to customers.</summary>
public enum KbVisibility
{
    Internal = 0,
    Public = 1,
}

/// <summary>A knowledge-base category (one level of nesting through <see cref="ParentId"/>), named in both languages.</summary>
public sealed class KbCategory
{
    public long Id { get; set; }
    public long? ParentId { get; set; }
    public string NameEs { get; set; } = "";
    public string NameEn { get; set; } = "";
    public int Position { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public long Version { get; set; }
}

/// <summary>
/// A knowledge-base article in one language. Translations share <see cref="TranslationGroupId"/> (the id of the first
/// article of the group). The body is Markdown. <see cref="SearchTitle"/>, <see cref="SearchBody"/> and
/// <see cref="SearchLength"/> hold the analysed terms the search index is built from (see KbAnalysis); they are written
/// with the text, never by hand.
/// </summary>
public sealed class KbArticle
{
    public long Id { get; set; }
    /// <summary>"es" or "en".</summary>
    public string Language { get; set; } = "es";
    public long? TranslationGroupId { get; set; }
    public long? CategoryId { get; set; }
    /// <summary>An identifier from the system the article came from (unique per language), e.g. "Super_Bowl_50/0".</summary>
    public string? ExternalId { get; set; }
    public string Title { get; set; } = "";
    /// <summary>Markdown; raw HTML in it is never rendered.</summary>
    public string Body { get; set; } = "";
    public KbStatus Status { get; set; }
    public KbVisibility Visibility { get; set; }
    public string? AuthorId { get; set; }
    public string? AuthorName { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? PublishedAt { get; set; }
    public int HelpfulYes { get; set; }
    public int HelpfulNo { get; set; }
    public long ViewCount { get; set; }
    public long UseCount { get; set; }
    public string SearchTitle { get; set; } = "";
    public string SearchBody { get; set; } = "";
    /// <summary>Number of analysed terms in title and body (the document length BM25 uses).</summary>
    public int SearchLength { get; set; }
    /// <summary>Concurrency token and the number of the current version (see <see cref="KbArticleVersion"/>).</summary>
    public long Version { get; set; }
}

/// <summary>A saved version of an article: what it said, who wrote it and when.</summary>
public sealed class KbArticleVersion
{
    public long Id { get; set; }
    public long ArticleId { get; set; }
    public long Number { get; set; }
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public KbStatus Status { get; set; }
    public string? AuthorId { get; set; }
    public string? AuthorName { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>"Was this helpful?" from an agent or a customer, with an optional comment.</summary>
public sealed class KbFeedback
{
    public long Id { get; set; }
    public long ArticleId { get; set; }
    public bool Helpful { get; set; }
    public string? Comment { get; set; }
    public string? UserId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>An article used while serving a customer (opened from a case or inserted into a reply).</summary>
public sealed class KbUsage
{
    public long Id { get; set; }
    public long ArticleId { get; set; }
    public long? CaseId { get; set; }
    public long? CustomerId { get; set; }
    public string? UserId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// Words that mean the same for search in one language, e.g. "devolución, reembolso, abono". A query word in the group
/// also finds the others.
/// </summary>
public sealed class KbSynonymGroup
{
    public long Id { get; set; }
    public string Language { get; set; } = "es";
    /// <summary>The words, comma separated, as typed.</summary>
    public string Terms { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public long Version { get; set; }
}
