using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Core.Storage;
using Vinculo.Domain.Analytics;

namespace Vinculo.Core.Analytics.Dashboard;

/// <summary>
/// What the analytics dashboard reads: the latest succeeded run with its summary, any run by id, and the run history,
/// newest first, by keyset pages. Read-only; the pipeline writes the runs.
/// </summary>
public sealed class AnalyticsDashboardService(VinculoDb db)
{
    public const int DefaultLimit = 50;

    /// <summary>The most recent run that succeeded (highest id), with its summary; null when none has yet.</summary>
    public async Task<AnalyticsRunDetail?> Latest(CancellationToken ct = default)
    {
        var run = await db.AnalyticsRuns.AsNoTracking()
            .Where(r => r.Status == AnalyticsRunStatus.Succeeded)
            .OrderByDescending(r => r.Id)
            .FirstOrDefaultAsync(ct);
        return run is null ? null : Detail(run);
    }

    /// <summary>One run with its summary (when it has one); null when there is no such run.</summary>
    public async Task<AnalyticsRunDetail?> Get(long id, CancellationToken ct = default)
    {
        var run = await db.AnalyticsRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        return run is null ? null : Detail(run);
    }

    /// <summary>The runs, newest first (by id), optionally of one status. Keyset pagination; the summaries are not read.</summary>
    /// <exception cref="ValidationException">A bad status, cursor or limit.</exception>
    public async Task<Page<AnalyticsRunDto>> Runs(AnalyticsRunQuery query, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, DefaultLimit);
        long? before = null;
        if (Cursor.TryDecode(query.Cursor) is { } raw)
        {
            if (long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                before = id;
            }
            else
            {
                errors.Add("cursor", "The cursor is not valid; use the nextCursor of a previous page.");
            }
        }

        AnalyticsRunStatus? status = string.IsNullOrWhiteSpace(query.Status)
            ? null
            : CustomerInputMapper.ParseEnum(query.Status, "status", AnalyticsRunStatus.Succeeded, errors);
        errors.ThrowIfInvalid();

        var q = db.AnalyticsRuns.AsNoTracking();
        if (status is { } s)
        {
            q = q.Where(r => r.Status == s);
        }

        if (before is { } b)
        {
            q = q.Where(r => r.Id < b);
        }

        // The summary column can be large: the history never reads it.
        var rows = await q.OrderByDescending(r => r.Id).Take(limit + 1)
            .Select(r => new AnalyticsRun
            {
                Id = r.Id,
                StartedAt = r.StartedAt,
                FinishedAt = r.FinishedAt,
                Mode = r.Mode,
                Status = r.Status,
                Error = r.Error,
            })
            .ToListAsync(ct);
        var items = rows.Take(limit).Select(AnalyticsRunDto.From).ToList();
        var next = rows.Count > limit ? Cursor.Encode(items[^1].Id.ToString(CultureInfo.InvariantCulture)) : null;
        return new Page<AnalyticsRunDto>(items, next);
    }

    private static AnalyticsRunDetail Detail(AnalyticsRun run)
    {
        var summary = AnalyticsSummaryJson.TryRead(run.Summary);
        return new AnalyticsRunDetail(AnalyticsRunDto.From(run), summary, summary is null && !string.IsNullOrWhiteSpace(run.Summary));
    }
}
