using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Common;
using Vinculo.Core.Offers;
using Vinculo.Core.Storage;
using Vinculo.Domain.Analytics;

namespace Vinculo.Core.Analytics.Scores;

/// <summary>
/// Reads the current scores: one customer's for the 360, and the scored-customers list with filters and keyset pages
/// sorted by churn, default or lifetime value (highest first; customers without that figure after the others, by id).
/// </summary>
/// <remarks>
/// Each sort walks its (value, customer_id) index backwards: first the customers with a value, then — once those are
/// exhausted — the ones without, newest id first. The cursor says which part and where: <c>v:&lt;value&gt;:&lt;id&gt;</c>
/// or <c>n:&lt;id&gt;</c> (values as round-trip doubles; lifetime value as its stored ten-thousandths).
/// </remarks>
public sealed class CustomerScoreService(VinculoDb db)
{
    public const int DefaultLimit = 50;

    /// <summary>How many of a customer's next products the 360 shows.</summary>
    public const int NextProducts = 5;

    /// <summary>How many factors per risk the 360 shows.</summary>
    public const int TopFactors = 5;

    private static readonly ConcurrentDictionary<long, RunFacts> RunCache = new();

    /// <summary>The customer's scores; null when the customer does not exist; <see cref="CustomerScoresDto.Scored"/> false when no run scored it.</summary>
    public async Task<CustomerScoresDto?> ForCustomer(long customerId, CancellationToken ct = default)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct))
        {
            return null;
        }

        var score = await db.CustomerScores.AsNoTracking().FirstOrDefaultAsync(s => s.CustomerId == customerId, ct);
        var lastRunAt = await db.AnalyticsRuns.AsNoTracking()
            .Where(r => r.Status == AnalyticsRunStatus.Succeeded).OrderByDescending(r => r.Id).Select(r => r.FinishedAt).FirstOrDefaultAsync(ct);
        var alert = await OpenAlert(customerId, ct);
        if (score is null)
        {
            return new CustomerScoresDto(customerId, false, null, null, lastRunAt, null, null, null, null, null, [], alert);
        }

        var next = await db.CustomerPropensities.AsNoTracking().Where(p => p.CustomerId == customerId)
            .OrderBy(p => p.Rank).Take(NextProducts).ToListAsync(ct);
        var productIds = next.Select(p => p.ProductId).Concat(next.Where(p => p.BecauseOfProductId != null).Select(p => p.BecauseOfProductId!.Value))
            .Distinct().ToList();
        var products = productIds.Count == 0
            ? new Dictionary<long, ProductRef>()
            : await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id))
                .Select(p => new ProductRef(p.Id, p.Sku, p.NameEs, p.NameEn)).ToDictionaryAsync(p => p.Id, ct);
        ProductRef Product(long id) => products.TryGetValue(id, out var p) ? p : new ProductRef(id, "", "", "");

        var cluster = score.Cluster is { } number ? new ClusterDto(number, (await Facts(score.RunId, ct)).Label(number)) : null;
        return new CustomerScoresDto(
            customerId,
            true,
            score.RunId,
            score.ComputedAt,
            lastRunAt,
            new RfmDto(score.RfmSegment, score.R, score.F, score.M, score.RecencyDays, score.Frequency, score.Monetary),
            cluster,
            score.ChurnProbability is { } churn ? new RiskDto(churn, Top(score.ChurnFactors)) : null,
            score.DefaultProbability is { } risk ? new RiskDto(risk, Top(score.DefaultFactors)) : null,
            score.ExpectedPurchases is null && score.ProbabilityAlive is null && score.LifetimeValue is null && score.ExpectedAverageSpend is null
                ? null
                : new LifetimeDto(score.ExpectedPurchases, score.ProbabilityAlive, score.ExpectedAverageSpend, score.LifetimeValue, score.ValuePercentile),
            [.. next.Select(p => new NextProductDto(p.Rank, Product(p.ProductId), p.Score, p.BecauseOfProductId is { } b ? Product(b) : null))],
            alert);
    }

    /// <summary>The strongest factors first (by absolute contribution), at most <see cref="TopFactors"/>.</summary>
    private static IReadOnlyList<ScoreFactor> Top(string json) =>
        [.. FactorJson.Read(json).OrderByDescending(f => Math.Abs(f.Contribution)).Take(TopFactors)];

    private async Task<DefaultAlertDto?> OpenAlert(long customerId, CancellationToken ct)
    {
        var open = await DefaultAlertService.Rows(db, db.DefaultAlerts.AsNoTracking()
            .Where(a => a.CustomerId == customerId && a.Status == DefaultAlertStatus.Open)).FirstOrDefaultAsync(ct);
        return open?.ToDto();
    }

    /// <summary>The segments and clusters of the latest successful run (from its summary; from the scores when it has none).</summary>
    public async Task<ScoreChoices> Choices(CancellationToken ct = default)
    {
        var runId = await db.AnalyticsRuns.AsNoTracking().Where(r => r.Status == AnalyticsRunStatus.Succeeded)
            .OrderByDescending(r => r.Id).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
        if (runId is null)
        {
            return new ScoreChoices([], []);
        }

        var facts = await Facts(runId.Value, ct);
        var segments = facts.Segments.Count > 0
            ? facts.Segments
            : await db.CustomerScores.AsNoTracking().Select(s => s.RfmSegment).Distinct().OrderBy(s => s).Take(100).ToListAsync(ct);
        return new ScoreChoices(segments, [.. facts.Clusters.OrderBy(c => c.Key).Select(c => new ClusterDto(c.Key, c.Value))]);
    }

    /// <summary>A page of scored customers; 400 for a bad filter, sort, cursor or limit.</summary>
    public async Task<Page<ScoredCustomerItem>> List(ScoredCustomerQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, DefaultLimit);
        var sort = ScoreSort.Churn;
        if (!string.IsNullOrWhiteSpace(query.Sort) && !EnumText.TryParse(query.Sort, out sort))
        {
            errors.Add("sort", $"Unknown sort; use one of: {EnumText.Allowed<ScoreSort>()}.");
        }

        var segment = string.IsNullOrWhiteSpace(query.Segment) ? null : query.Segment.Trim();
        if (segment is { Length: > 40 })
        {
            errors.Add("segment", "At most 40 characters.");
        }

        int? cluster = null;
        if (!string.IsNullOrWhiteSpace(query.Cluster))
        {
            if (int.TryParse(query.Cluster, NumberStyles.None, CultureInfo.InvariantCulture, out var c))
            {
                cluster = c;
            }
            else
            {
                errors.Add("cluster", "A cluster is a whole number of at least 0.");
            }
        }

        var minChurn = Share(query.MinChurn, "minChurn", errors);
        var minDefault = Share(query.MinDefault, "minDefault", errors);
        long? minValue = null;
        if (!string.IsNullOrWhiteSpace(query.MinValue))
        {
            if (decimal.TryParse(query.MinValue, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
                && Domain.Commerce.Money4.IsStorable(decimal.Round(v, 4)))
            {
                minValue = Domain.Commerce.Money4.ToScaled(decimal.Round(v, 4));
            }
            else
            {
                errors.Add("minValue", "A lifetime value is an amount such as 150 or 150.50.");
            }
        }

        var after = ReadCursor(query.Cursor, sort, errors);
        errors.ThrowIfInvalid();

        var q = db.CustomerScores.AsNoTracking();
        if (segment is not null)
        {
            q = q.Where(s => s.RfmSegment == segment);
        }

        if (cluster is { } k)
        {
            q = q.Where(s => s.Cluster == k);
        }

        if (minChurn is { } mc)
        {
            q = q.Where(s => s.ChurnProbability >= mc);
        }

        if (minDefault is { } md)
        {
            q = q.Where(s => s.DefaultProbability >= md);
        }

        if (minValue is { } mv)
        {
            var amount = Domain.Commerce.Money4.FromScaled(mv);
            q = q.Where(s => s.LifetimeValue >= amount);
        }

        var rows = new List<Row>(limit + 1);
        if (after is not { Null: true })
        {
            var valued = Valued(q, sort, after);
            rows.AddRange(await Select(valued.Take(limit + 1)).ToListAsync(ct));
        }

        if (rows.Count <= limit)
        {
            var missing = Missing(q, sort);
            if (after is { Null: true } a)
            {
                var id = a.Id;
                missing = missing.Where(s => s.CustomerId < id);
            }

            rows.AddRange(await Select(missing.OrderByDescending(s => s.CustomerId).Take(limit + 1 - rows.Count)).ToListAsync(ct));
        }

        var hasMore = rows.Count > limit;
        if (hasMore)
        {
            rows.RemoveRange(limit, rows.Count - limit);
        }

        return new Page<ScoredCustomerItem>([.. rows.Select(r => r.ToItem())], hasMore ? WriteCursor(rows[^1], sort) : null);
    }

    private static IQueryable<CustomerScoreRecord> Valued(IQueryable<CustomerScoreRecord> q, ScoreSort sort, Key? after)
    {
        var id = after?.Id ?? 0;
        switch (sort)
        {
            case ScoreSort.Default:
                q = q.Where(s => s.DefaultProbability != null);
                if (after is { } d)
                {
                    var v = d.Value;
                    q = q.Where(s => s.DefaultProbability < v || (s.DefaultProbability == v && s.CustomerId < id));
                }

                return q.OrderByDescending(s => s.DefaultProbability).ThenByDescending(s => s.CustomerId);
            case ScoreSort.Value:
                q = q.Where(s => s.LifetimeValue != null);
                if (after is { } l)
                {
                    var v = Domain.Commerce.Money4.FromScaled(l.Scaled);
                    q = q.Where(s => s.LifetimeValue < v || (s.LifetimeValue == v && s.CustomerId < id));
                }

                return q.OrderByDescending(s => s.LifetimeValue).ThenByDescending(s => s.CustomerId);
            default:
                q = q.Where(s => s.ChurnProbability != null);
                if (after is { } c)
                {
                    var v = c.Value;
                    q = q.Where(s => s.ChurnProbability < v || (s.ChurnProbability == v && s.CustomerId < id));
                }

                return q.OrderByDescending(s => s.ChurnProbability).ThenByDescending(s => s.CustomerId);
        }
    }

    private static IQueryable<CustomerScoreRecord> Missing(IQueryable<CustomerScoreRecord> q, ScoreSort sort) => sort switch
    {
        ScoreSort.Default => q.Where(s => s.DefaultProbability == null),
        ScoreSort.Value => q.Where(s => s.LifetimeValue == null),
        _ => q.Where(s => s.ChurnProbability == null),
    };

    private IQueryable<Row> Select(IQueryable<CustomerScoreRecord> q) => q.Select(s => new Row
    {
        CustomerId = s.CustomerId,
        CustomerName = db.Customers.Where(c => c.Id == s.CustomerId).Select(c => c.DisplayName).FirstOrDefault(),
        Tier = db.Customers.Where(c => c.Id == s.CustomerId).Select(c => c.Tier).FirstOrDefault(),
        RfmSegment = s.RfmSegment,
        R = s.R,
        F = s.F,
        M = s.M,
        Cluster = s.Cluster,
        ChurnProbability = s.ChurnProbability,
        DefaultProbability = s.DefaultProbability,
        LifetimeValue = s.LifetimeValue,
        ProbabilityAlive = s.ProbabilityAlive,
        ComputedAt = s.ComputedAt,
    });

    private static double? Share(string? text, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1)
        {
            return value;
        }

        errors.Add(field, "A probability between 0 and 1, such as 0.5.");
        return null;
    }

    private static string WriteCursor(Row last, ScoreSort sort)
    {
        var id = last.CustomerId.ToString(CultureInfo.InvariantCulture);
        string? value = sort switch
        {
            ScoreSort.Default => last.DefaultProbability?.ToString("R", CultureInfo.InvariantCulture),
            ScoreSort.Value => last.LifetimeValue is { } v ? Domain.Commerce.Money4.ToScaled(v).ToString(CultureInfo.InvariantCulture) : null,
            _ => last.ChurnProbability?.ToString("R", CultureInfo.InvariantCulture),
        };
        return Cursor.Encode(value is null ? $"{Sort(sort)}:n:{id}" : $"{Sort(sort)}:v:{value}:{id}");
    }

    private static string Sort(ScoreSort sort) => EnumText.Camel(sort);

    private static Key? ReadCursor(string? cursor, ScoreSort sort, ValidationErrors errors)
    {
        if (Cursor.TryDecode(cursor) is not { } raw)
        {
            return null;
        }

        var parts = raw.Split(':');
        if (parts.Length >= 3 && parts[0] == Sort(sort))
        {
            if (parts is [_, "n", var nid] && long.TryParse(nid, NumberStyles.None, CultureInfo.InvariantCulture, out var nullId))
            {
                return new Key(true, 0, 0, nullId);
            }

            if (parts is [_, "v", var value, var vid] && long.TryParse(vid, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                if (sort == ScoreSort.Value && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var scaled))
                {
                    return new Key(false, 0, scaled, id);
                }

                if (sort != ScoreSort.Value && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
                {
                    return new Key(false, d, 0, id);
                }
            }
        }

        errors.Add("cursor", "The cursor is not valid; use the nextCursor of a previous page with the same sort.");
        return null;
    }

    /// <summary>Where a page starts: in the part without values (<see cref="Null"/>), or after a value and id.</summary>
    private readonly record struct Key(bool Null, double Value, long Scaled, long Id);

    private sealed class Row
    {
        public long CustomerId { get; init; }
        public string? CustomerName { get; init; }
        public string? Tier { get; init; }
        public string RfmSegment { get; init; } = "";
        public int R { get; init; }
        public int F { get; init; }
        public int M { get; init; }
        public int? Cluster { get; init; }
        public double? ChurnProbability { get; init; }
        public double? DefaultProbability { get; init; }
        public decimal? LifetimeValue { get; init; }
        public double? ProbabilityAlive { get; init; }
        public DateTime ComputedAt { get; init; }

        public ScoredCustomerItem ToItem() => new(CustomerId, CustomerName ?? "", Tier, RfmSegment, R, F, M, Cluster,
            ChurnProbability, DefaultProbability, LifetimeValue, ProbabilityAlive, ComputedAt);
    }

    /// <summary>What the 360 and the filters need from a run's summary: segment names and cluster labels (read once per run).</summary>
    private async Task<RunFacts> Facts(long runId, CancellationToken ct)
    {
        if (RunCache.TryGetValue(runId, out var known))
        {
            return known;
        }

        var json = await db.AnalyticsRuns.AsNoTracking().Where(r => r.Id == runId).Select(r => r.Summary).FirstOrDefaultAsync(ct);
        var facts = RunFacts.Parse(json);
        if (RunCache.Count > 32)
        {
            RunCache.Clear();
        }

        RunCache[runId] = facts;
        return facts;
    }

    private sealed record RunFacts(IReadOnlyList<string> Segments, IReadOnlyDictionary<int, string> Clusters)
    {
        public string? Label(int cluster) => Clusters.TryGetValue(cluster, out var label) && label.Length > 0 ? label : null;

        public static RunFacts Parse(string? json)
        {
            var segments = new List<string>();
            var clusters = new Dictionary<int, string>();
            if (string.IsNullOrWhiteSpace(json))
            {
                return new RunFacts(segments, clusters);
            }

            try
            {
                using var doc = JsonDocument.Parse(json);
                if (doc.RootElement.TryGetProperty("rfmSegments", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    foreach (var s in list.EnumerateArray())
                    {
                        if (s.TryGetProperty("segment", out var name) && name.GetString() is { Length: > 0 } text && !segments.Contains(text))
                        {
                            segments.Add(text);
                        }
                    }
                }

                if (doc.RootElement.TryGetProperty("clustering", out var clustering) && clustering.ValueKind == JsonValueKind.Object
                    && clustering.TryGetProperty("clusters", out var profiles) && profiles.ValueKind == JsonValueKind.Array)
                {
                    foreach (var p in profiles.EnumerateArray())
                    {
                        if (p.TryGetProperty("cluster", out var number) && number.TryGetInt32(out var n))
                        {
                            clusters[n] = p.TryGetProperty("label", out var label) ? label.GetString() ?? "" : "";
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // An unreadable summary only loses the names; the scores themselves are in their own columns.
            }

            return new RunFacts(segments, clusters);
        }
    }
}
