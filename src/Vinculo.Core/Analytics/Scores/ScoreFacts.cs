using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Storage;

namespace Vinculo.Core.Analytics.Scores;

/// <summary>
/// The <c>scores.*</c> facts of agent scripts and macros, from the customer's current scores: churn and default risk
/// and P(alive) (0–1, invariant text such as 0.73), RFM segment, cluster, lifetime value (an amount such as 1234.50),
/// value (the lifetime value percentile, 0–1) and propensity (the best next product's score). A fact the latest run did
/// not compute stays missing (null).
/// </summary>
public static class ScoreFacts
{
    public const string ChurnRisk = "scores.churnRisk";
    public const string DefaultRisk = "scores.defaultRisk";
    public const string RfmSegment = "scores.rfmSegment";
    public const string Cluster = "scores.cluster";
    public const string LifetimeValue = "scores.lifetimeValue";
    public const string PAlive = "scores.pAlive";
    public const string Value = "scores.value";
    public const string Propensity = "scores.propensity";

    /// <summary>Every score fact name.</summary>
    public static IReadOnlyList<string> Names { get; } = [ChurnRisk, DefaultRisk, RfmSegment, Cluster, LifetimeValue, PAlive, Value, Propensity];

    /// <summary>Sets the score facts of <paramref name="customerId"/> in <paramref name="facts"/> (null when not scored).</summary>
    public static async Task AddAsync(VinculoDb db, long customerId, IDictionary<string, string?> facts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(facts);
        foreach (var name in Names)
        {
            facts[name] = null;
        }

        var s = await db.CustomerScores.AsNoTracking().Where(x => x.CustomerId == customerId)
            .Select(x => new { x.ChurnProbability, x.DefaultProbability, x.RfmSegment, x.Cluster, x.LifetimeValue, x.ProbabilityAlive, x.ValuePercentile })
            .FirstOrDefaultAsync(ct);
        if (s is null)
        {
            return;
        }

        facts[ChurnRisk] = Share(s.ChurnProbability);
        facts[DefaultRisk] = Share(s.DefaultProbability);
        facts[RfmSegment] = s.RfmSegment.Length == 0 ? null : s.RfmSegment;
        facts[Cluster] = s.Cluster?.ToString(CultureInfo.InvariantCulture);
        facts[LifetimeValue] = s.LifetimeValue?.ToString("0.00", CultureInfo.InvariantCulture);
        facts[PAlive] = Share(s.ProbabilityAlive);
        facts[Value] = Share(s.ValuePercentile);
        var best = await db.CustomerPropensities.AsNoTracking().Where(p => p.CustomerId == customerId)
            .OrderBy(p => p.Rank).Select(p => (double?)p.Score).FirstOrDefaultAsync(ct);
        facts[Propensity] = Share(best);
    }

    private static string? Share(double? value) =>
        value is { } v && double.IsFinite(v) ? Math.Round(v, 4).ToString("0.####", CultureInfo.InvariantCulture) : null;
}
