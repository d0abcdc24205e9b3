using System.Diagnostics;
using System.Threading.Channels;
using Vinculo.Core.Common;
using Vinculo.Core.Storage;
using Vinculo.Domain.Knowledge;

namespace Vinculo.Core.Knowledge.Import;

/// <summary>
/// Imports knowledge-base articles from any source (a SQuAD file through <see cref="SquadReader"/>, a FAQ file through
/// <see cref="FaqCsvReader"/>, generated content), as published articles of one language: an upsert on (language,
/// external id), so importing the same source again updates the same articles and never duplicates one.
/// </summary>
/// <remarks>
/// <para>
/// All or nothing: the whole import is one database transaction. An invalid article (empty external id, title or
/// body; an external id used twice in the source), an article changed by someone else meanwhile, a cancellation or a
/// database error roll everything back. On SQLite the transaction holds the write lock from its first statement, so
/// other writers wait for the import (up to their busy timeout).
/// </para>
/// <para>
/// The text analysis (<see cref="KbAnalysis.IndexTerms"/>, the most CPU of an import) runs on its own thread and hands
/// batches of <see cref="BatchSize"/> analysed articles to the database writes through a short queue, so the two
/// overlap; memory holds at most a few batches besides what the source itself keeps.
/// </para>
/// </remarks>
public static class KbImport
{
    /// <summary>Articles analysed, looked up and written at a time.</summary>
    public const int BatchSize = 500;

    public static async Task<KbImportResult> Run(DatabaseSettings settings, IEnumerable<KbImportArticle> articles, KbImportOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(articles);
        ArgumentNullException.ThrowIfNull(options);
        if (!KbAnalysis.IsLanguage(options.Language))
        {
            throw ValidationException.For("language", $"Unknown language \"{options.Language}\": use {string.Join(" or ", KbAnalysis.Languages)}.");
        }

        if (!Enum.IsDefined(options.Visibility))
        {
            throw ValidationException.For("visibility", "Unknown visibility: use internal or public.");
        }

        var stopwatch = Stopwatch.StartNew();
        var now = Timestamps.Truncate(ToUtc(options.Now ?? DateTime.UtcNow));
        await using var writer = await KbArticleWriter.Open(settings, ct);
        await writer.Begin(ct);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var batches = Channel.CreateBounded<List<PreparedArticle>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var preparing = Task.Run(() => Prepare(articles, options.Language, batches.Writer, stop.Token), stop.Token);
        long written = 0, created = 0, updated = 0, reindexed = 0, unchanged = 0;
        try
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(stop.Token))
            {
                var outcome = await writer.Write(batch, options.Language, options.Visibility, now, stop.Token);
                created += outcome.Created;
                updated += outcome.Updated;
                reindexed += outcome.Reindexed;
                unchanged += outcome.Unchanged;
                written += batch.Count;
                options.Progress?.Report(new KbImportProgress(written));
            }

            await preparing;
        }
        catch
        {
            await stop.CancelAsync();
            try
            {
                await preparing;
            }
            catch (Exception)
            {
                // Either the failure being reported (it ended the queue) or the cancellation it caused.
            }

            throw; // disposing the writer rolls the transaction back
        }

        await writer.Commit(ct);
        return new KbImportResult(written, created, updated, reindexed, unchanged, stopwatch.Elapsed);
    }

    private static async Task Prepare(IEnumerable<KbImportArticle> articles, string language, ChannelWriter<List<PreparedArticle>> output, CancellationToken ct)
    {
        try
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var batch = new List<PreparedArticle>(BatchSize);
            var position = 0;
            foreach (var article in articles)
            {
                ct.ThrowIfCancellationRequested();
                position++;
                Validate(article, position);
                if (!seen.Add(article.ExternalId))
                {
                    throw ValidationException.For("file", $"article {position}: the external id \"{article.ExternalId}\" is used twice in the source.");
                }

                batch.Add(new PreparedArticle(article, KbAnalysis.IndexTerms(article.Title, article.Body, language)));
                if (batch.Count == BatchSize)
                {
                    await output.WriteAsync(batch, ct);
                    batch = new List<PreparedArticle>(BatchSize);
                }
            }

            if (batch.Count > 0)
            {
                await output.WriteAsync(batch, ct);
            }

            output.Complete();
        }
        catch (Exception e)
        {
            output.TryComplete(e);
            throw;
        }
    }

    private static void Validate(KbImportArticle article, int position)
    {
        if (article is null)
        {
            throw ValidationException.For("file", $"article {position} is missing.");
        }

        string? problem = string.IsNullOrWhiteSpace(article.ExternalId) ? "has no external id"
            : article.ExternalId.Trim().Length != article.ExternalId.Length ? "has an external id with spaces around it"
            : string.IsNullOrWhiteSpace(article.Title) ? "has no title"
            : string.IsNullOrWhiteSpace(article.Body) ? "has no body"
            : null;
        if (problem is not null)
        {
            var name = string.IsNullOrWhiteSpace(article.ExternalId) ? "" : $" (\"{article.ExternalId}\")";
            throw ValidationException.For("file", $"article {position}{name} {problem}.");
        }
    }

    private static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
