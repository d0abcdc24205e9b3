using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Analytics.Pipeline;
using Vinculo.Core.Analytics.Scores;
using Vinculo.Core.Analytics.Warehouse;
using Vinculo.Core.Commerce.Import;
using Vinculo.Core.Common;
using Vinculo.Core.Demo;
using Vinculo.Core.ImportExport;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Commerce.Import;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Analytics;

namespace Vinculo.Core.Tests.Analytics.Pipeline;

/// <summary>The whole refresh on a real database: import, warehouse, models, one write.</summary>
public sealed class AnalyticsRefreshTests
{
    /// <summary>The service container of the web host and the CLI, with the warehouse in a temporary file.</summary>
    private sealed class Pipeline : IAsyncDisposable
    {
        private readonly ServiceProvider _root;
        private readonly string _warehouse;

        public Pipeline(DatabaseSettings settings, Action<AnalyticsPipelineOptions>? configure = null)
        {
            _warehouse = Path.Combine(Path.GetTempPath(), "vinculo-tests", $"w-{Guid.NewGuid():N}.duckdb");
            var services = new ServiceCollection().AddLogging().AddVinculoCore(settings);
            services.AddSingleton(new AnalyticsWarehouse(_warehouse));
            if (configure is not null)
            {
                services.Configure(configure);
            }

            _root = services.BuildServiceProvider();
            Settings = settings;
        }

        public DatabaseSettings Settings { get; }

        public async Task<AnalyticsRefreshResult> Refresh(string mode = "full", IProgress<AnalyticsRefreshProgress>? progress = null, CancellationToken ct = default)
        {
            await using var scope = _root.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<AnalyticsRefresh>().RunAsync(mode, progress, ct);
        }

        public async ValueTask DisposeAsync()
        {
            await _root.DisposeAsync();
            foreach (var file in new[] { _warehouse, _warehouse + ".wal", _warehouse + ".lock" })
            {
                try
                {
                    File.Delete(file);
                }
                catch (IOException)
                {
                    // Left for the OS to clean.
                }
            }
        }
    }

    private static async Task ImportOnlineRetail(DatabaseSettings settings, string path)
    {
        await using var file = File.OpenRead(path);
        var result = await TransactionImport.Run(settings, file, TransactionMapping.OnlineRetail,
            new TransactionImportOptions { Mode = ImportMode.SkipInvalid }, default);
        Assert.True(result.Committed);
    }

    /// <summary>
    /// The slice covers eight days of December 2010 and 19 buyers, so the labels look four days ahead instead of ninety
    /// (12 labelled customers: 7 churned, 5 not) and a model is trained on so few.
    /// </summary>
    private static void SliceHorizon(AnalyticsPipelineOptions o)
    {
        o.HorizonDays = 4;
        o.MinExamplesPerClass = 5;
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_new_user_imports_Online_Retail_runs_one_refresh_and_sees_segments_risks_and_lifetime_values_on_every_customer(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await ImportOnlineRetail(db.Settings, OnlineRetailFile.Slice);
        await using var pipeline = new Pipeline(db.Settings, SliceHorizon);

        var progress = new List<AnalyticsRefreshProgress>();
        var result = await pipeline.Refresh("full", new SyncProgress(progress));

        Assert.Equal(new DateOnly(2010, 12, 8), result.ReferenceDate);
        Assert.Equal(AnalyticsStages.All, progress.Select(p => p.Stage).Distinct().ToList());
        Assert.Equal(1, progress[^1].Overall);
        Assert.Equal(AnalyticsStages.All, result.Timings.Select(t => t.Stage).ToList());

        await using var c = db.CreateDbContext();
        var customers = await c.Customers.AsNoTracking().Select(x => x.Id).OrderBy(x => x).ToListAsync();
        var buyers = await c.Orders.AsNoTracking().Where(o => o.CustomerId != null).Select(o => o.CustomerId!.Value).Distinct().ToListAsync();
        var scores = await c.CustomerScores.AsNoTracking().OrderBy(s => s.CustomerId).ToListAsync();
        Assert.Equal(customers, scores.Select(s => s.CustomerId).ToList());
        Assert.Equal(customers.Count, result.CustomersScored);
        Assert.NotEmpty(buyers);
        foreach (var s in scores)
        {
            Assert.NotNull(s.ChurnProbability);
            Assert.NotEmpty(FactorJson.Read(s.ChurnFactors));
            if (buyers.Contains(s.CustomerId))
            {
                Assert.Contains(s.RfmSegment, Vinculo.Domain.Analytics.Rfm.RfmSegments.All);
                Assert.InRange(s.R, 1, 5);
                Assert.NotNull(s.LifetimeValue);
                Assert.NotNull(s.ProbabilityAlive);
                Assert.NotNull(s.Cluster);
            }
            else
            {
                Assert.Equal(AnalyticsRefresh.NoPurchasesSegment, s.RfmSegment);
            }

            // Online Retail has no invoices: no default model, and the summary says why.
            Assert.Null(s.DefaultProbability);
        }

        var summary = result.Summary;
        Assert.NotNull(summary.ChurnModel);
        Assert.Null(summary.DefaultModel);
        Assert.Contains(summary.Notes, n => n.Contains("payment default model was not trained", StringComparison.Ordinal));
        Assert.Contains(summary.Notes, n => n.StartsWith("Contact forecasts", StringComparison.Ordinal));
        Assert.NotNull(summary.Lifetime);
        Assert.NotNull(summary.Clustering);
        Assert.NotEmpty(summary.RfmSegments);
        Assert.NotEmpty(summary.Cohorts);
        Assert.Contains(summary.WarehouseTables, t => t.Table == WarehouseSchema.FactOrderLine && t.Rows > 0);
        Assert.Equal(scores.Count, summary.ChurnDistribution.Sum(b => b.Customers));

        var run = await c.AnalyticsRuns.AsNoTracking().SingleAsync();
        Assert.Equal((AnalyticsRunStatus.Succeeded, "full", result.RunId), (run.Status, run.Mode, run.Id));

        // Deterministic: the same data give the same scores (an incremental refresh has nothing new to load).
        var again = await pipeline.Refresh("incremental");
        await using var c2 = db.CreateDbContext();
        var second = await c2.CustomerScores.AsNoTracking().OrderBy(s => s.CustomerId).ToListAsync();
        Assert.Equal(scores.Select(s => (s.CustomerId, s.ChurnProbability, s.LifetimeValue, s.RfmSegment, s.Cluster)),
            second.Select(s => (s.CustomerId, s.ChurnProbability, s.LifetimeValue, s.RfmSegment, s.Cluster)));
        Assert.Equal(again.RunId, second[0].RunId);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_failed_refresh_records_its_error_and_leaves_the_previous_scores(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await ImportOnlineRetail(db.Settings, OnlineRetailFile.Slice);
        await using var pipeline = new Pipeline(db.Settings, SliceHorizon);
        var first = await pipeline.Refresh();

        using var cancel = new CancellationTokenSource();
        var progress = new SyncProgress([], p =>
        {
            if (p.Stage == AnalyticsStages.Lifetime)
            {
                cancel.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pipeline.Refresh("full", progress, cancel.Token));

        await using var c = db.CreateDbContext();
        var runs = await c.AnalyticsRuns.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
        Assert.Equal([AnalyticsRunStatus.Succeeded, AnalyticsRunStatus.Failed], runs.Select(r => r.Status).ToList());
        Assert.Equal("Cancelled.", runs[1].Error);
        Assert.NotNull(runs[1].FinishedAt);
        Assert.All(await c.CustomerScores.AsNoTracking().ToListAsync(), s => Assert.Equal(first.RunId, s.RunId));
        Assert.Null(await JobLeases.Holder(c, AnalyticsRefresh.LeaseName, DateTime.UtcNow));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Only_one_refresh_runs_at_a_time(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var pipeline = new Pipeline(db.Settings);
        await using (var c = db.CreateDbContext())
        {
            Assert.True(await JobLeases.TryAcquire(c, AnalyticsRefresh.LeaseName, "another-node", DateTime.UtcNow, TimeSpan.FromMinutes(5)));
        }

        await Assert.ThrowsAsync<ConflictException>(() => pipeline.Refresh());
        await Assert.ThrowsAsync<ValidationException>(() => pipeline.Refresh("sometimes"));
        await using var check = db.CreateDbContext();
        Assert.Empty(await check.AnalyticsRuns.ToListAsync());
    }

    [Theory, SqliteData]
    public async Task Demo_data_get_both_risk_models_and_every_score(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await DemoSeeder.Seed(db.Settings, new SeedOptions(400, 6, 42, OrderLinesPerCustomer: 8, CasesPerCustomer: 1), null, default);
        await using var pipeline = new Pipeline(db.Settings);

        var result = await pipeline.Refresh();

        await using var c = db.CreateDbContext();
        Assert.Equal(await c.Customers.CountAsync(), result.CustomersScored);
        Assert.NotNull(result.Summary.ChurnModel);
        var scores = await c.CustomerScores.AsNoTracking().ToListAsync();
        Assert.All(scores, s => Assert.NotNull(s.ChurnProbability));
        Assert.All(scores.Where(s => s.Frequency > 0), s => Assert.NotNull(s.LifetimeValue));
        Assert.NotEmpty(result.Summary.Forecasts);
    }

    [Theory, OnlineRetailFullFile("sqlite")]
    public async Task The_whole_Online_Retail_file_trains_a_churn_model_that_ranks_well(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await ImportOnlineRetail(db.Settings, OnlineRetailFile.Full!);
        await using var pipeline = new Pipeline(db.Settings);

        var result = await pipeline.Refresh();

        Assert.Equal(new DateOnly(2011, 12, 9), result.ReferenceDate);
        Assert.NotNull(result.Summary.ChurnModel);
        Assert.InRange(result.Summary.ChurnModel!.RocAuc, 0.70, 1);
        Assert.Null(result.Summary.DefaultModel);
        await using var c = db.CreateDbContext();
        Assert.Equal(0, await c.CustomerScores.CountAsync(s => s.ChurnProbability == null));
    }

    /// <summary>Collects progress synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SyncProgress(List<AnalyticsRefreshProgress> seen, Action<AnalyticsRefreshProgress>? also = null) : IProgress<AnalyticsRefreshProgress>
    {
        public void Report(AnalyticsRefreshProgress value)
        {
            lock (seen)
            {
                seen.Add(value);
            }

            also?.Invoke(value);
        }
    }
}
