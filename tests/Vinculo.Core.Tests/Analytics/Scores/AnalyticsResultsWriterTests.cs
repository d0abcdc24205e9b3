using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Analytics.Scores;
using Vinculo.Core.Common;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Analytics;
using static Vinculo.Core.Tests.Analytics.Scores.ScoreWorld;

namespace Vinculo.Core.Tests.Analytics.Scores;

public sealed class AnalyticsResultsWriterTests
{
    [Theory, SqliteData, PostgresData]
    public async Task A_write_replaces_the_scores_affinities_and_propensities_and_finishes_the_run(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = Services(db);
        var ids = await NewCustomers(app, 3);
        var (fibre, tv) = await FibreAndTv(app);

        var runId = await app.Run<AnalyticsResultsWriter, long>(w => w.StartRunAsync("incremental"));
        var factors = new[] { new ScoreFactor("overdueInvoices", "2", 0.81), new ScoreFactor("tenureDays", "1200", -0.3) };
        var first = Results(
            [Score(ids[0], churn: 0.7, value: 300m, churnFactors: factors), Score(ids[1], "atRisk", churn: null, value: 100m), Score(ids[2], value: null),
                Score(987654, value: 5m)],
            [new ProductAffinity(fibre, tv, 12, 0.1, 0.6, 2.5), new ProductAffinity(fibre, 999999, 1, 0.1, 0.1, 1)],
            [new ProductPropensity(ids[0], tv, 1, 0.42, fibre), new ProductPropensity(ids[0], fibre, 2, 0.1, null), new ProductPropensity(987654, tv, 1, 0.5, null)],
            Summary("incremental", [new SegmentSummary("champions", 2, 501m, 400m)]));
        var result = await app.Run<AnalyticsResultsWriter, AnalyticsWriteResult>(w => w.WriteAsync(runId, first));
        Assert.Equal((runId, 3, 1, 2, 1, 1, 1), (result.RunId, result.Scores, result.Affinities, result.Propensities, result.SkippedScores,
            result.SkippedAffinities, result.SkippedPropensities));

        await using (var context = db.CreateDbContext())
        {
            var run = await context.AnalyticsRuns.SingleAsync();
            Assert.Equal((AnalyticsRunStatus.Succeeded, "incremental", Now.UtcDateTime), (run.Status, run.Mode, run.FinishedAt!.Value));
            var summary = JsonDocument.Parse(run.Summary!).RootElement;
            Assert.Equal("champions", summary.GetProperty("rfmSegments")[0].GetProperty("segment").GetString());
            Assert.Equal("incremental", summary.GetProperty("mode").GetString());
            Assert.Equal(JsonSerializer.Serialize(first.Summary, new JsonSerializerOptions(JsonSerializerDefaults.Web)), run.Summary);

            var scores = await context.CustomerScores.OrderBy(s => s.CustomerId).ToListAsync();
            Assert.Equal(ids, scores.Select(s => s.CustomerId));
            var a = scores[0];
            Assert.Equal((runId, Now.UtcDateTime, 12, 4, 250.5m, "champions", 1), (a.RunId, a.ComputedAt, a.RecencyDays!.Value, a.Frequency, a.Monetary, a.RfmSegment, a.Cluster!.Value));
            Assert.Equal((0.7, 0.1, 2.5, 0.9, 60.25m, 300m), (a.ChurnProbability!.Value, a.DefaultProbability!.Value, a.ExpectedPurchases!.Value, a.ProbabilityAlive!.Value,
                a.ExpectedAverageSpend!.Value, a.LifetimeValue!.Value));
            Assert.Equal(factors, FactorJson.Read(a.ChurnFactors));
            Assert.Equal("[]", a.DefaultFactors);
            // Percentiles among the customers with a lifetime value: 100 → 1/2, 300 → 2/2; none without one.
            Assert.Equal((1.0, 0.5, (double?)null), (a.ValuePercentile!.Value, scores[1].ValuePercentile!.Value, scores[2].ValuePercentile));
            Assert.Null(scores[1].ChurnProbability);
            Assert.Equal((fibre, tv, 12, 2.5), (await context.ProductAffinities.SingleAsync()) is var r ? (r.AntecedentProductId, r.ConsequentProductId, r.Count, r.Lift) : default);
            var next = await context.CustomerPropensities.OrderBy(p => p.Rank).ToListAsync();
            Assert.Equal([(tv, 0.42, (long?)fibre), (fibre, 0.1, null)], next.Select(p => (p.ProductId, p.Score, p.BecauseOfProductId)));
        }

        // The next run replaces everything: one customer scored, no rules, no next products.
        var second = await Write(app, Results([Score(ids[1], "lost", churn: 0.9)]));
        Assert.NotEqual(runId, second.RunId);
        await using (var context = db.CreateDbContext())
        {
            Assert.Equal([(ids[1], "lost", second.RunId)], (await context.CustomerScores.ToListAsync()).Select(s => (s.CustomerId, s.RfmSegment, s.RunId)));
            Assert.Equal(0, await context.ProductAffinities.CountAsync());
            Assert.Equal(0, await context.CustomerPropensities.CountAsync());
            Assert.Equal(2, await context.AnalyticsRuns.CountAsync(r => r.Status == AnalyticsRunStatus.Succeeded));
        }

        // Deleting a customer deletes their scores.
        await using (var context = db.CreateDbContext())
        {
            await context.Customers.Where(c => c.Id == ids[1]).ExecuteDeleteAsync();
            Assert.Equal(0, await context.CustomerScores.CountAsync());
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_failed_run_keeps_the_scores_and_bad_results_write_nothing(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = Services(db);
        var ids = await NewCustomers(app, 2);
        await Write(app, Results([Score(ids[0], "loyal")]));

        var runId = await app.Run<AnalyticsResultsWriter, long>(w => w.StartRunAsync("full"));
        Assert.True(await app.Run<AnalyticsResultsWriter, bool>(w => w.FailRunAsync(runId, "The warehouse file is locked.")));
        await Assert.ThrowsAsync<ConflictException>(() => app.Run<AnalyticsResultsWriter, bool>(w => w.FailRunAsync(runId, "again")));
        await Assert.ThrowsAsync<ConflictException>(() => app.Run<AnalyticsResultsWriter, AnalyticsWriteResult>(w => w.WriteAsync(runId, Results([Score(ids[1])]))));
        Assert.False(await app.Run<AnalyticsResultsWriter, bool>(w => w.FailRunAsync(424242, "nope")));
        await Assert.ThrowsAsync<ValidationException>(() => app.Run<AnalyticsResultsWriter, long>(w => w.StartRunAsync("weekly")));

        var bad = await Assert.ThrowsAsync<ValidationException>(() => Write(app,
            Results([Score(ids[1], churn: 1.5), Score(ids[1], risk: double.NaN)], propensities: [new ProductPropensity(ids[1], 1, 0, 0.5, null)])));
        Assert.Contains("scores[0].churnProbability", bad.Errors.Keys);
        Assert.Contains("scores[1].customerId", bad.Errors.Keys);
        Assert.Contains("scores[1].defaultProbability", bad.Errors.Keys);
        Assert.Contains("propensities[0].rank", bad.Errors.Keys);

        await using var context = db.CreateDbContext();
        var failed = await context.AnalyticsRuns.SingleAsync(r => r.Id == runId);
        Assert.Equal((AnalyticsRunStatus.Failed, "The warehouse file is locked."), (failed.Status, failed.Error));
        Assert.NotNull(failed.FinishedAt);
        Assert.Equal([(ids[0], "loyal")], (await context.CustomerScores.ToListAsync()).Select(s => (s.CustomerId, s.RfmSegment)));
        Assert.Equal(2, await context.AnalyticsRuns.CountAsync());
    }

    [Theory, SqliteData, PostgresData]
    public async Task Alerts_are_raised_once_per_customer_stay_open_below_the_threshold_and_respect_the_quiet_days(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = Services(db);
        var ids = await NewCustomers(app, 4);
        var (ana, bruno, carla, dario) = (ids[0], ids[1], ids[2], ids[3]);

        // Threshold 0.5 (inclusive): Ana 0.7 and Carla exactly 0.5 get alerts; Bruno 0.4 and Darío (not computed) do not.
        var first = await Write(app, Results([Score(ana, risk: 0.7), Score(bruno, risk: 0.4), Score(carla, risk: 0.5), Score(dario, risk: null)]));
        Assert.Equal((2, 2), (first.AlertsRaised, first.AlertsOpen));

        // Next run: Ana falls to 0.3 (her alert stays open and shows it), Bruno rises to 0.8 (new alert), Carla unscored.
        var second = await Write(app, Results([Score(ana, risk: 0.3), Score(bruno, risk: 0.8)]));
        Assert.Equal((1, 3), (second.AlertsRaised, second.AlertsOpen));
        await using (var context = db.CreateDbContext())
        {
            var alerts = await context.DefaultAlerts.OrderBy(a => a.Id).ToListAsync();
            Assert.Equal([(ana, 0.7, (double?)0.3, first.RunId), (carla, 0.5, null, first.RunId), (bruno, 0.8, 0.8, second.RunId)],
                alerts.Select(a => (a.CustomerId, a.Probability, a.CurrentProbability, a.RunId)));
            Assert.All(alerts, a => Assert.Equal((DefaultAlertStatus.Open, 0.5, Now.UtcDateTime), (a.Status, a.Threshold, a.RaisedAt)));
        }

        // Bruno's alert is dismissed: the next run does not raise it again within the quiet days.
        var brunoAlert = await Use(app, async sp => (await sp.GetRequiredService<VinculoDb>().DefaultAlerts.SingleAsync(a => a.CustomerId == bruno)).Id);
        await app.Run<DefaultAlertService, DefaultAlertDto?>(s => s.Dismiss(brunoAlert, new AlertDismissInput("Pagará el lunes; acordado por teléfono."),
            new Vinculo.Core.Interactions.Actor("u1", "Sara")));
        var third = await Write(app, Results([Score(ana, risk: 0.9), Score(bruno, risk: 0.95)]));
        Assert.Equal((0, 2), (third.AlertsRaised, third.AlertsOpen));

        // Only one open alert per customer, whatever writes it.
        await using (var context = db.CreateDbContext())
        {
            context.DefaultAlerts.Add(new DefaultAlert { CustomerId = ana, RunId = third.RunId, Probability = 0.9, Threshold = 0.5, RaisedAt = Now.UtcDateTime });
            await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync());
        }
    }

    [Fact]
    public void Value_percentiles_share_the_highest_position_among_ties()
    {
        var p = AnalyticsResultsWriter.ValuePercentiles([Score(1, value: 10m), Score(2, value: null), Score(3, value: 30m), Score(4, value: 10m), Score(5, value: 20m)]);
        Assert.Equal(0.5, p[0]);
        Assert.True(double.IsNaN(p[1]));
        Assert.Equal([1.0, 0.5, 0.75], new[] { p[2], p[3], p[4] });
    }
}
