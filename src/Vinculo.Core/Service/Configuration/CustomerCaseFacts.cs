using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Storage;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Service.Configuration;

/// <summary>
/// Keeps a customer's active cases in line with the customer's tier and segment: a new tier changes their queue rank
/// (<see cref="ServiceCase.CustomerRank"/> = <see cref="CustomerValue.TierRank"/>), and a new tier or segment may pick
/// other SLA policies, so their SLA is recomputed. Resolved and closed cases keep what they finished with.
/// </summary>
public static class CustomerCaseFacts
{
    /// <summary>
    /// Changes the tracked active cases of <paramref name="customer"/> after its tier or segment changed from
    /// <paramref name="oldTier"/> / <paramref name="oldSegment"/>; the caller saves them with the customer (one transaction).
    /// Returns how many cases were changed.
    /// </summary>
    public static async Task<int> Follow(
        VinculoDb db, Customer customer, string? oldTier, string? oldSegment, DateTime now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(customer);
        var tierChanged = !string.Equals(oldTier, customer.Tier, StringComparison.Ordinal);
        var segmentChanged = !string.Equals(oldSegment, customer.Segment, StringComparison.Ordinal);
        if (customer.Id == 0 || (!tierChanged && !segmentChanged))
        {
            return 0;
        }

        var cases = await db.Cases.Where(c => c.CustomerId == customer.Id && c.IsActive).OrderBy(c => c.Id).ToListAsync(ct);
        if (cases.Count == 0)
        {
            return 0;
        }

        var rank = CustomerValue.TierRank(customer.Tier);
        var ids = cases.Select(c => c.Id).ToList();
        var events = (await db.CaseEvents.AsNoTracking().Where(e => ids.Contains(e.CaseId) && e.SlaKind != null)
                .OrderBy(e => e.CaseId).ThenBy(e => e.OccurredAt).ThenBy(e => e.Id).ToListAsync(ct))
            .ToLookup(e => e.CaseId);
        var config = await SlaConfiguration.Load(db, ct);
        foreach (var c in cases)
        {
            c.CustomerRank = rank;
            config.Recompute(c, events[c.Id], customer.Segment, customer.Tier, now);
        }

        return cases.Count;
    }
}
