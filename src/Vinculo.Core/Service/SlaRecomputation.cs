using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Storage;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Service;

/// <summary>The outcome of recomputing SLAs.</summary>
/// <param name="Cases">Cases recomputed.</param>
/// <param name="Elapsed">Wall-clock time taken.</param>
public sealed record SlaRecomputeResult(long Cases, TimeSpan Elapsed);

/// <summary>
/// Recomputes the persisted SLA of every active case from its events under the current configuration (after a calendar or
/// policy changes). Resolved and closed cases keep the SLA they finished with.
/// </summary>
public sealed class SlaRecomputation(VinculoDb db, TimeProvider clock)
{
    private const int Batch = 1000;

    /// <summary>Recomputes every active case, in id order, reporting the count done.</summary>
    public async Task<SlaRecomputeResult> RecomputeActive(IProgress<long>? progress = null, CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        var config = await SlaConfiguration.Load(db, ct);
        var now = Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);
        long done = 0;
        long after = 0;
        while (true)
        {
            var cases = await db.Cases.Where(c => c.IsActive && c.Id > after).OrderBy(c => c.Id).Take(Batch).ToListAsync(ct);
            if (cases.Count == 0)
            {
                break;
            }

            var ids = cases.Select(c => c.Id).ToList();
            var customerIds = cases.Select(c => c.CustomerId).Distinct().ToList();
            var facts = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id))
                .Select(c => new { c.Id, c.Segment, c.Tier }).ToDictionaryAsync(c => c.Id, ct);
            var events = (await db.CaseEvents.AsNoTracking().Where(e => ids.Contains(e.CaseId) && e.SlaKind != null)
                    .OrderBy(e => e.CaseId).ThenBy(e => e.OccurredAt).ThenBy(e => e.Id).ToListAsync(ct))
                .ToLookup(e => e.CaseId);
            foreach (var c in cases)
            {
                var customer = facts.GetValueOrDefault(c.CustomerId);
                config.Recompute(c, events[c.Id], customer?.Segment, customer?.Tier, now);
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            done += cases.Count;
            after = ids[^1];
            progress?.Report(done);
        }

        return new SlaRecomputeResult(done, watch.Elapsed);
    }
}
