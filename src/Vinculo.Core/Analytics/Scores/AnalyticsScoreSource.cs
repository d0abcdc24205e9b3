using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Offers;
using Vinculo.Core.Storage;
using Vinculo.Domain.Offers;

namespace Vinculo.Core.Analytics.Scores;

/// <summary>
/// The analytics' scores for next best action: "churnRisk" (the churn probability), "value" (the customer's lifetime
/// value percentile among the scored customers, 0–1) and "propensity:&lt;productId&gt;" for each of the customer's
/// next products. Two primary-key reads; nothing when no run scored the customer.
/// </summary>
public sealed class AnalyticsScoreSource(VinculoDb db) : ICustomerScoreSource
{
    public async Task<IReadOnlyDictionary<string, double>> ScoresAsync(long customerId, CancellationToken ct)
    {
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        var row = await db.CustomerScores.AsNoTracking().Where(s => s.CustomerId == customerId)
            .Select(s => new { s.ChurnProbability, s.ValuePercentile }).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return scores;
        }

        if (row.ChurnProbability is { } churn)
        {
            scores[NextBestActionRanker.ChurnRiskScore] = churn;
        }

        if (row.ValuePercentile is { } value)
        {
            scores[NextBestActionRanker.ValueScore] = value;
        }

        var next = await db.CustomerPropensities.AsNoTracking().Where(p => p.CustomerId == customerId)
            .OrderBy(p => p.Rank).Select(p => new { p.ProductId, p.Score }).ToListAsync(ct);
        foreach (var p in next)
        {
            var key = NextBestActionRanker.PropensityPrefix + p.ProductId.ToString(CultureInfo.InvariantCulture);
            scores.TryAdd(key, Math.Clamp(p.Score, 0, 1));
        }

        return scores;
    }
}
