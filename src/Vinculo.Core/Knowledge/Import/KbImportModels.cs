using Vinculo.Domain.Knowledge;

namespace Vinculo.Core.Knowledge.Import;

/// <summary>
/// One article to import: the identifier it has in the source (unique per language; re-importing the same identifier
/// updates the same article), its title and its body (Markdown).
/// </summary>
public sealed record KbImportArticle(string ExternalId, string Title, string Body);

public sealed record KbImportOptions
{
    /// <summary>"es" or "en": the language of every article of the import.</summary>
    public string Language { get; init; } = "en";

    /// <summary>Internal (agents only, the default) or public (may also be shown to customers).</summary>
    public KbVisibility Visibility { get; init; } = KbVisibility.Internal;

    /// <summary>The time written as created, updated and published; null means the clock.</summary>
    public DateTime? Now { get; init; }

    /// <summary>Reported after each batch written.</summary>
    public IProgress<KbImportProgress>? Progress { get; init; }
}

/// <summary>Articles of the source handled so far (created, updated or found unchanged), in the open transaction.</summary>
public sealed record KbImportProgress(long Written);

/// <summary>What an import did; all of it was committed together.</summary>
/// <param name="Read">Articles in the source.</param>
/// <param name="Created">New articles.</param>
/// <param name="Updated">Articles whose title, body, visibility or status changed: a new version each.</param>
/// <param name="Reindexed">Articles with the same text whose search terms were stale (the text analysis changed since).</param>
/// <param name="Unchanged">Articles already exactly as in the source: not written.</param>
public sealed record KbImportResult(long Read, long Created, long Updated, long Reindexed, long Unchanged, TimeSpan Elapsed)
{
    public double ArticlesPerSecond => Elapsed.TotalSeconds > 0 ? Read / Elapsed.TotalSeconds : 0;
}
