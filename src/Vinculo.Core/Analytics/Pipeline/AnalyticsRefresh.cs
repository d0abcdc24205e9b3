using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vinculo.Core.Analytics.Scores;
using Vinculo.Core.Analytics.Warehouse;
using Vinculo.Core.Common;
using Vinculo.Core.Storage;
using Vinculo.Domain.Analytics;
using Vinculo.Domain.Analytics.Affinity;
using Vinculo.Domain.Analytics.Cohorts;
using Vinculo.Domain.Analytics.Forecasting;
using Vinculo.Domain.Analytics.Modeling;
using Vinculo.Domain.Analytics.Rfm;
using Vinculo.Domain.Analytics.Segmentation;

namespace Vinculo.Core.Analytics.Pipeline;

/// <summary>
/// The analytics refresh (docs/analytics.md): load the warehouse, extract every customer's features, label the past,
/// train the churn and payment-default models, compute RFM, behavioural segments, lifetime value, product affinities
/// and next-product propensities, retention cohorts and contact forecasts, and write it all into the operational
/// database in one transaction. The run is recorded in <c>analytics_runs</c> as running, then succeeded with its summary
/// or failed with the error; the current scores are replaced only by a run that succeeded. One refresh at a time across
/// every process over the database (a lease, docs/decisions/0010): a second one is a <see cref="ConflictException"/>.
/// Deterministic: the same data and seed give the same scores.
/// </summary>
public sealed partial class AnalyticsRefresh(
    DatabaseSettings settings,
    AnalyticsWarehouse warehouse,
    AnalyticsResultsWriter writer,
    TimeProvider clock,
    IOptions<AnalyticsPipelineOptions> options)
{
    /// <summary>The lease every refresh holds while it runs.</summary>
    public const string LeaseName = "analytics-refresh";

    /// <summary>The RFM segment of customers who never bought (RFM scores 0).</summary>
    public const string NoPurchasesSegment = "noPurchases";

    /// <summary>How long the lease lasts without renewal; it is renewed every third of it while the refresh runs.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(3);

    /// <summary>Features the behavioural segmentation clusters on (signed-log-scaled, then standardised).</summary>
    public static readonly IReadOnlyList<string> SegmentationFeatures =
    [
        CustomerFeatureKeys.RecencyDays, CustomerFeatureKeys.Frequency, CustomerFeatureKeys.Monetary, CustomerFeatureKeys.TenureDays,
        CustomerFeatureKeys.Products, CustomerFeatureKeys.Interactions, CustomerFeatureKeys.Cases, CustomerFeatureKeys.OverdueInvoices,
    ];

    private AnalyticsPipelineOptions Settings => options.Value;

    /// <summary>
    /// Runs a refresh: <paramref name="mode"/> "full" reloads the whole warehouse, "incremental" applies what changed since
    /// the last load (the models are always computed on everything). Progress is reported per stage.
    /// </summary>
    /// <exception cref="ValidationException">The mode is neither "full" nor "incremental".</exception>
    /// <exception cref="ConflictException">Another refresh is running.</exception>
    public async Task<AnalyticsRefreshResult> RunAsync(string mode, IProgress<AnalyticsRefreshProgress>? progress, CancellationToken ct)
    {
        if (mode is not ("full" or "incremental"))
        {
            throw ValidationException.For("mode", "The mode is \"full\" or \"incremental\".");
        }

        var holder = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
        await using var lease = await RefreshLease.AcquireAsync(settings, holder, clock, ct)
            ?? throw new ConflictException("An analytics refresh is already running.");

        await FailAbandonedRuns(ct);
        var runId = await writer.StartRunAsync(mode, ct);
        try
        {
            return await Compute(runId, mode, progress, ct);
        }
        catch (Exception e)
        {
            var message = e is OperationCanceledException ? "Cancelled." : $"{e.GetType().Name}: {e.Message}";
            try
            {
                await writer.FailRunAsync(runId, message, CancellationToken.None);
            }
            catch (Exception inner) when (inner is DbException or ConflictException or InvalidOperationException)
            {
                // The run stays "running" until the next refresh marks it abandoned; the original error matters more.
            }

            throw;
        }
    }

    /// <summary>Runs left "running" by a process that died: only one refresh runs at a time and we hold the lease, so they are not running.</summary>
    private async Task FailAbandonedRuns(CancellationToken ct)
    {
        await using var db = StorageSetup.CreateDbContext(settings);
        var stale = await db.AnalyticsRuns.AsNoTracking().Where(r => r.Status == AnalyticsRunStatus.Running).Select(r => r.Id).ToListAsync(ct);
        foreach (var id in stale)
        {
            try
            {
                await writer.FailRunAsync(id, "Abandoned: the process running it stopped before it finished.", ct);
            }
            catch (ConflictException)
            {
                // Finished meanwhile.
            }
        }
    }

    private async Task<AnalyticsRefreshResult> Compute(long runId, string mode, IProgress<AnalyticsRefreshProgress>? progress, CancellationToken ct)
    {
        var startedAt = Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);
        var timings = new List<AnalyticsStageTiming>();
        var notes = new List<string>();
        var watch = Stopwatch.StartNew();
        void Report(string stage, double fraction, string? detail = null) => progress?.Report(new AnalyticsRefreshProgress(stage, fraction, detail));
        void Done(string stage)
        {
            timings.Add(new AnalyticsStageTiming(stage, watch.Elapsed.TotalSeconds));
            watch.Restart();
            Report(stage, 1);
        }

        // 1. Warehouse.
        Report(AnalyticsStages.Warehouse, 0);
        var loader = new WarehouseLoader(settings, warehouse, clock);
        var load = await loader.Load(mode == "full" ? WarehouseLoadMode.Full : WarehouseLoadMode.Incremental,
            new Relay<WarehouseProgress>(p => Report(AnalyticsStages.Warehouse,
                p.RowsExpected > 0 ? Math.Min(0.99, (double)p.RowsDone / p.RowsExpected) : 0.5, p.Table)), ct);
        var tables = load.TableRows.Where(t => WarehouseSchema.IsTable(t.Key) && t.Key != WarehouseSchema.Loads)
            .OrderBy(t => WarehouseSchema.Tables.ToList().IndexOf(t.Key))
            .Select(t => new WarehouseTableCount(t.Key, t.Value)).ToList();
        Done(AnalyticsStages.Warehouse);

        await using var read = warehouse.OpenRead();

        // 2. Features at the reference date and at the cutoff.
        Report(AnalyticsStages.Features, 0);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var reference = await AnalyticsLabels.ReferenceDateAsync(read, today, ct) ?? today;
        var cutoff = reference.AddDays(-Math.Max(1, Settings.HorizonDays));
        var current = await CustomerFeatures.ReadAsync(read, reference, ct);
        Report(AnalyticsStages.Features, 0.5);
        var past = await CustomerFeatures.ReadAsync(read, cutoff, ct);
        Done(AnalyticsStages.Features);

        // 3. RFM.
        Report(AnalyticsStages.Rfm, 0);
        var rfm = ScoreRfm(current);
        Done(AnalyticsStages.Rfm);

        // 4. Behavioural segments.
        Report(AnalyticsStages.Segments, 0);
        var (clusters, clustering) = Segment(current, notes);
        Done(AnalyticsStages.Segments);

        // 5–6. Risk models.
        Report(AnalyticsStages.Churn, 0);
        var churnLabels = await AnalyticsLabels.ChurnAsync(read, cutoff, reference, ct);
        var churn = TrainAndScore("churn", churnLabels, past, current, AnalyticsLabels.ChurnDefinition(Settings.HorizonDays), notes,
            f => Report(AnalyticsStages.Churn, f));
        Done(AnalyticsStages.Churn);

        Report(AnalyticsStages.Default, 0);
        var defaultLabels = await AnalyticsLabels.DefaultAsync(read, cutoff, reference, ct);
        var payment = TrainAndScore("payment default", defaultLabels, past, current, AnalyticsLabels.DefaultDefinition(Settings.HorizonDays), notes,
            f => Report(AnalyticsStages.Default, f));
        Done(AnalyticsStages.Default);

        // 7. Lifetime value.
        Report(AnalyticsStages.Lifetime, 0);
        var purchases = await PipelineReads.DailyPurchasesAsync(read, reference, ct);
        var lifetime = EstimateLifetime(purchases, reference, notes);
        Done(AnalyticsStages.Lifetime);

        // 8. Affinities and next products.
        Report(AnalyticsStages.Affinities, 0);
        var (holders, held) = await PipelineReads.HoldingsAsync(read, reference, ct);
        var (affinities, propensities) = Affinities(holders, held, notes);
        Done(AnalyticsStages.Affinities);

        // 9. Retention cohorts.
        Report(AnalyticsStages.Cohorts, 0);
        var cohorts = Cohorts(purchases, reference);
        Done(AnalyticsStages.Cohorts);

        // 10. Contact forecasts.
        Report(AnalyticsStages.Forecasts, 0);
        var volumes = await PipelineReads.ContactVolumesAsync(read, reference, Math.Max(Settings.ForecastSeason * 2, Settings.ForecastHistoryDays), ct);
        var forecasts = Forecasts(volumes, notes);
        Done(AnalyticsStages.Forecasts);

        // 11. One write.
        Report(AnalyticsStages.Write, 0);
        var scores = Assemble(current, rfm, clusters, churn, payment, lifetime);
        var summary = new AnalyticsRunSummary(
            startedAt,
            Timestamps.Truncate(clock.GetUtcNow().UtcDateTime),
            mode,
            tables,
            SegmentSummaries(scores),
            clustering,
            Histogram(scores.Select(s => s.ChurnProbability)),
            Histogram(scores.Select(s => s.DefaultProbability)),
            churn?.Quality,
            payment?.Quality,
            lifetime?.Summary,
            cohorts,
            forecasts,
            notes);
        var results = new AnalyticsResults(summary, scores, affinities, propensities);
        var written = await writer.WriteAsync(runId, results, ct);
        Done(AnalyticsStages.Write);

        var segments = scores.Select(s => s.RfmSegment).Distinct(StringComparer.Ordinal).Count();
        return new AnalyticsRefreshResult(runId, reference, cutoff, written.Scores, segments, summary, written, timings);
    }

    private static Dictionary<long, RfmScore> ScoreRfm(CustomerFeatureTable current)
    {
        var frequency = current.Column(CustomerFeatureKeys.Frequency);
        var recency = current.Column(CustomerFeatureKeys.RecencyDays);
        var input = new List<RfmInput>(current.Count);
        for (var i = 0; i < current.Count; i++)
        {
            if (frequency[i] > 0 && !double.IsNaN(recency[i]))
            {
                input.Add(new RfmInput(current.CustomerIds[i], (int)recency[i], (int)frequency[i], current.Monetary[i]));
            }
        }

        var scored = RfmScoring.Score(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(input));
        var byCustomer = new Dictionary<long, RfmScore>(scored.Length);
        foreach (var s in scored)
        {
            byCustomer[s.CustomerId] = s;
        }

        return byCustomer;
    }

    /// <summary>k-means on the customers who bought; null assignments and summary (with a note) when fewer than three did.</summary>
    private (Dictionary<long, int> Clusters, ClusteringSummary? Summary) Segment(CustomerFeatureTable current, List<string> notes)
    {
        var frequency = current.Column(CustomerFeatureKeys.Frequency);
        var rows = new List<int>(current.Count);
        for (var i = 0; i < current.Count; i++)
        {
            if (frequency[i] > 0)
            {
                rows.Add(i);
            }
        }

        var result = new Dictionary<long, int>(rows.Count);
        // Features that vary among them (a constant one, such as contacts in a file of sales only, says nothing).
        var columns = SegmentationFeatures.Select(current.Column).ToArray();
        var names = new List<string>();
        var used = new List<double[]>();
        for (var f = 0; f < columns.Length; f++)
        {
            var first = rows.Count > 0 ? columns[f][rows[0]] : 0;
            if (rows.Any(r => columns[f][r] != first))
            {
                names.Add(SegmentationFeatures[f]);
                used.Add(columns[f]);
            }
        }

        if (rows.Count < 10 || names.Count == 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"Segments: not computed, {rows.Count} customers with purchases (at least 10 with varying behaviour are needed)."));
            return (result, null);
        }

        var d = names.Count;
        var data = new double[rows.Count * d];
        for (var r = 0; r < rows.Count; r++)
        {
            for (var f = 0; f < d; f++)
            {
                data[(r * d) + f] = used[f][rows[r]];
            }
        }

        var segmentation = CustomerSegmentation.Run(data, names, new SegmentationOptions
        {
            Log1pFeatures = names,
            KMeans = new KMeansOptions { Seed = (ulong)Settings.Seed },
        });
        var assignments = segmentation.Assignments;
        for (var r = 0; r < rows.Count; r++)
        {
            result[current.CustomerIds[rows[r]]] = assignments[r];
        }

        return (result, segmentation.ToSummary());
    }

    /// <summary>A trained risk model's probabilities and factors for every customer (rows of the current features), and its held-out quality.</summary>
    private sealed record RiskScores(double[] Probabilities, IReadOnlyList<ScoreFactor>[] Factors, ModelQuality Quality);

    private RiskScores? TrainAndScore(string what, LabelSet labels, CustomerFeatureTable past, CustomerFeatureTable current, string definition,
        List<string> notes, Action<double> report)
    {
        var positives = labels.Positives;
        var negatives = labels.Count - positives;
        // At least three of each class: one held out, two kept (the cross-validation needs a row of each class per fold).
        var minimum = Math.Max(3, Settings.MinExamplesPerClass);
        if (positives < minimum || negatives < minimum)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"The {what} model was not trained: {labels.Count} labelled customers, {positives} positive and {negatives} negative (at least {minimum} of each are needed); its probabilities are left empty."));
            return null;
        }

        // Training rows: the labelled customers' features as of the cutoff.
        var index = new int[labels.Count];
        for (var i = 0; i < labels.Count; i++)
        {
            index[i] = past.IndexOf(labels.CustomerIds[i]);
        }

        var training = Dataset(past, index);
        var all = Enumerable.Range(0, labels.Count).ToArray();
        var (kept, heldOut) = Sampling.StratifiedHoldOut(all, labels.Positive, Math.Clamp(Settings.HoldOutFraction, 0.05, 0.5), Settings.Seed);
        report(0.1);
        var keptLabels = kept.Select(r => labels.Positive[r]).ToArray();
        var keptPositives = keptLabels.Count(p => p);
        var folds = Math.Clamp(Math.Min(keptPositives, keptLabels.Length - keptPositives), 2, 5);
        var model = ClassifierTrainer.Train(training.Select(kept), keptLabels, new ClassifierOptions { Seed = Settings.Seed, Folds = folds });
        report(0.6);
        var quality = model.Evaluate(training.Select(heldOut), heldOut.Select(r => labels.Positive[r]).ToArray(), definition);
        report(0.7);

        // Scoring: every customer's features as of the reference date.
        var scoring = Dataset(current, null);
        var probabilities = model.PredictProbabilities(scoring);
        var factors = model.ExplainAll(scoring, Math.Max(1, Settings.TopFactors));
        return new RiskScores(probabilities, factors, quality);
    }

    /// <summary>The features as a model table (every key a numeric column; NaN = missing), of the given rows or all.</summary>
    private static TabularDataset Dataset(CustomerFeatureTable table, int[]? rows)
    {
        var builder = new TabularDatasetBuilder();
        for (var f = 0; f < CustomerFeatureKeys.All.Count; f++)
        {
            var column = table.Columns[f];
            if (rows is not null)
            {
                var picked = new double[rows.Length];
                for (var r = 0; r < rows.Length; r++)
                {
                    picked[r] = column[rows[r]];
                }

                column = picked;
            }

            builder.Numeric(CustomerFeatureKeys.All[f], column);
        }

        return builder.Build();
    }

    private (IReadOnlyList<ProductAffinity> Affinities, IReadOnlyList<ProductPropensity> Propensities) Affinities(long[] customers, long[] products, List<string> notes)
    {
        if (customers.Length == 0)
        {
            notes.Add("Product affinities: no customer has bought or contracted anything yet.");
            return ([], []);
        }

        var baskets = BasketSet.FromPairs(customers, products);
        var rules = AssociationRules.Mine(baskets, new AssociationRuleOptions
        {
            MinSupport = Settings.AffinityMinSupport,
            MinConfidence = Settings.AffinityMinConfidence,
        });
        var table = ProductPropensities.Score(baskets, rules, new PropensityOptions { TopN = Math.Max(1, Settings.TopProducts) });
        if (rules.Rules.Count == 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"Product affinities: no pair of products is bought together often enough in {baskets.Count} customers' product sets; no next products."));
        }

        // The rules come grouped by antecedent, most confident first: keep the best of each product.
        var kept = new List<ProductAffinity>(Math.Min(rules.Rules.Count, 100_000));
        var perProduct = Math.Max(1, Settings.MaxRulesPerProduct);
        var run = 0;
        for (var i = 0; i < rules.Rules.Count; i++)
        {
            run = i > 0 && rules.Rules[i].AntecedentProductId == rules.Rules[i - 1].AntecedentProductId ? run + 1 : 0;
            if (run < perProduct)
            {
                kept.Add(rules.Rules[i]);
            }
        }

        return (kept, table.AsRecords().ToList());
    }

    private IReadOnlyList<RetentionCohort> Cohorts(DailyPurchases purchases, DateOnly reference)
    {
        if (purchases.Count == 0)
        {
            return [];
        }

        var at = new DateTime[purchases.Count];
        for (var i = 0; i < at.Length; i++)
        {
            at[i] = purchases.Days[i].ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        }

        var months = Math.Max(1, Settings.CohortMonths);
        var firstMonth = new DateOnly(reference.Year, reference.Month, 1).AddMonths(1 - months);
        return RetentionCohorts.Compute(purchases.CustomerIds, at, reference, months - 1, firstMonth);
    }

    private List<ChannelForecast> Forecasts(IReadOnlyList<ChannelSeries> volumes, List<string> notes)
    {
        var season = Math.Max(2, Settings.ForecastSeason);
        var ahead = Math.Max(1, Settings.ForecastDays);
        var forecasts = new List<ChannelForecast>();
        if (volumes.Count == 0)
        {
            notes.Add("Contact forecasts: no interactions in the warehouse.");
            return forecasts;
        }

        foreach (var series in volumes)
        {
            if (series.Values.Length < 2 * season)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"Contact forecast for {series.Channel}: {series.Values.Length} days of history, at least {2 * season} (two seasons) are needed."));
                continue;
            }

            var model = HoltWinters.Fit(series.Values, season);
            var history = new List<DatedValue>(series.Values.Length);
            for (var i = 0; i < series.Values.Length; i++)
            {
                history.Add(new DatedValue(series.First.AddDays(i), series.Values[i]));
            }

            var last = series.First.AddDays(series.Values.Length - 1);
            var points = model.Forecast(ahead).Select(p => new ForecastPoint(last.AddDays(p.Step),
                Math.Max(0, p.Value), Math.Max(0, p.Lower), Math.Max(0, p.Upper))).ToList();
            forecasts.Add(new ChannelForecast(series.Channel, history, points, model.Alpha, model.Beta, model.Gamma, season));
        }

        return forecasts;
    }

    private static List<CustomerScore> Assemble(CustomerFeatureTable current, Dictionary<long, RfmScore> rfm, Dictionary<long, int> clusters,
        RiskScores? churn, RiskScores? payment, LifetimeScores? lifetime)
    {
        var scores = new List<CustomerScore>(current.Count);
        var recency = current.Column(CustomerFeatureKeys.RecencyDays);
        var frequency = current.Column(CustomerFeatureKeys.Frequency);
        for (var i = 0; i < current.Count; i++)
        {
            var id = current.CustomerIds[i];
            var bought = rfm.TryGetValue(id, out var r);
            int? cluster = clusters.TryGetValue(id, out var c) ? c : null;
            var value = lifetime?.For(id);
            scores.Add(new CustomerScore(
                id,
                double.IsNaN(recency[i]) ? null : (int)recency[i],
                (int)frequency[i],
                current.Monetary[i],
                bought ? r.R : 0,
                bought ? r.F : 0,
                bought ? r.M : 0,
                bought ? r.Segment : NoPurchasesSegment,
                cluster,
                churn?.Probabilities[i],
                churn is null ? [] : churn.Factors[i],
                payment?.Probabilities[i],
                payment is null ? [] : payment.Factors[i],
                value?.ExpectedPurchases,
                value?.ProbabilityAlive,
                value?.ExpectedAverageSpend,
                value?.LifetimeValue));
        }

        return scores;
    }

    private static List<SegmentSummary> SegmentSummaries(List<CustomerScore> scores)
    {
        var order = RfmSegments.All.Append(NoPurchasesSegment).ToList();
        return scores.GroupBy(s => s.RfmSegment, StringComparer.Ordinal)
            .Select(g => new SegmentSummary(
                g.Key,
                g.Count(),
                g.Sum(s => s.Monetary),
                g.Any(s => s.LifetimeValue is not null) ? g.Sum(s => s.LifetimeValue ?? 0) : null))
            .OrderBy(s => order.IndexOf(s.Segment) is var i and >= 0 ? i : int.MaxValue)
            .ThenBy(s => s.Segment, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Ten bins of width 0.1 over the probabilities present (the last bin includes 1).</summary>
    internal static List<HistogramBin> Histogram(IEnumerable<double?> probabilities)
    {
        var counts = new int[10];
        var any = false;
        foreach (var p in probabilities)
        {
            if (p is { } v && double.IsFinite(v))
            {
                any = true;
                counts[Math.Clamp((int)(v * 10), 0, 9)]++;
            }
        }

        if (!any)
        {
            return [];
        }

        var bins = new List<HistogramBin>(10);
        for (var b = 0; b < 10; b++)
        {
            bins.Add(new HistogramBin(b / 10.0, (b + 1) / 10.0, counts[b]));
        }

        return bins;
    }
}
