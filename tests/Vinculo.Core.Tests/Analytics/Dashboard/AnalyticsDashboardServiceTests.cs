using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Analytics.Dashboard;
using Vinculo.Core.Common;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Analytics;

namespace Vinculo.Core.Tests.Analytics.Dashboard;

public sealed class AnalyticsDashboardServiceTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Nothing_to_show_before_the_first_run(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings);
        Assert.Null(await app.Run<AnalyticsDashboardService, AnalyticsRunDetail?>(s => s.Latest()));
        Assert.Null(await app.Run<AnalyticsDashboardService, AnalyticsRunDetail?>(s => s.Get(1)));
        var page = await app.Run<AnalyticsDashboardService, Page<AnalyticsRunDto>>(s => s.Runs(new AnalyticsRunQuery()));
        Assert.Empty(page.Items);
        Assert.Null(page.NextCursor);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_latest_succeeded_run_is_read_with_its_summary_round_tripped(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings);
        long older, latest, failed, running;
        await using (var scope = app.Scope())
        {
            var store = scope.ServiceProvider.GetRequiredService<VinculoDb>();
            older = await SampleSummary.Store(store, AnalyticsRunStatus.Succeeded, SampleSummary.Create(note: "older"), SampleSummary.Started.AddDays(-1));
            latest = await SampleSummary.Store(store, AnalyticsRunStatus.Succeeded, SampleSummary.Create("incremental"), mode: "incremental");
            failed = await SampleSummary.Store(store, AnalyticsRunStatus.Failed, started: SampleSummary.Started.AddHours(1), error: "DuckDB: out of memory");
            running = await SampleSummary.Store(store, AnalyticsRunStatus.Running, started: SampleSummary.Started.AddHours(2));
        }

        var detail = (await app.Run<AnalyticsDashboardService, AnalyticsRunDetail?>(s => s.Latest()))!;
        Assert.Equal(latest, detail.Run.Id);
        Assert.Equal(AnalyticsRunStatus.Succeeded, detail.Run.Status);
        Assert.Equal("incremental", detail.Run.Mode);
        Assert.Equal(200, detail.Run.DurationSeconds);
        Assert.Equal(DateTimeKind.Utc, detail.Run.StartedAt.Kind);
        Assert.Equal(SampleSummary.Started, detail.Run.StartedAt);
        Assert.False(detail.SummaryUnreadable);
        var expected = SampleSummary.Create("incremental");
        var summary = detail.Summary!;
        Assert.Equal(AnalyticsSummaryJson.Write(expected), AnalyticsSummaryJson.Write(summary));
        Assert.Equal(new DateOnly(2026, 8, 1), summary.Cohorts[0].Month);
        Assert.Equal(0.5, summary.ChurnModel!.Roc[2].FalsePositiveRate);
        Assert.Equal(98000.25m, summary.RfmSegments[1].Monetary);

        var failedRun = (await app.Run<AnalyticsDashboardService, AnalyticsRunDetail?>(s => s.Get(failed)))!;
        Assert.Null(failedRun.Summary);
        Assert.False(failedRun.SummaryUnreadable);
        Assert.Equal("DuckDB: out of memory", failedRun.Run.Error);
        var runningRun = (await app.Run<AnalyticsDashboardService, AnalyticsRunDetail?>(s => s.Get(running)))!;
        Assert.Null(runningRun.Run.FinishedAt);
        Assert.Null(runningRun.Run.DurationSeconds);
        Assert.Equal("older", (await app.Run<AnalyticsDashboardService, AnalyticsRunDetail?>(s => s.Get(older)))!.Summary!.Notes[0]);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_summary_that_cannot_be_read_is_reported_not_thrown(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings);
        long id;
        await using (var scope = app.Scope())
        {
            id = await SampleSummary.Store(scope.ServiceProvider.GetRequiredService<VinculoDb>(), AnalyticsRunStatus.Succeeded, rawSummary: "{\"startedAt\": 12");
        }

        var detail = (await app.Run<AnalyticsDashboardService, AnalyticsRunDetail?>(s => s.Latest()))!;
        Assert.Equal(id, detail.Run.Id);
        Assert.Null(detail.Summary);
        Assert.True(detail.SummaryUnreadable);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_history_pages_newest_first_and_filters_by_status(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings);
        var ids = new List<long>();
        await using (var scope = app.Scope())
        {
            var store = scope.ServiceProvider.GetRequiredService<VinculoDb>();
            for (var i = 0; i < 5; i++)
            {
                var status = i == 2 ? AnalyticsRunStatus.Failed : AnalyticsRunStatus.Succeeded;
                ids.Add(await SampleSummary.Store(store, status, status == AnalyticsRunStatus.Succeeded ? SampleSummary.Create() : null,
                    SampleSummary.Started.AddDays(i), status == AnalyticsRunStatus.Failed ? "boom" : null));
            }
        }

        ids.Reverse();
        var first = await app.Run<AnalyticsDashboardService, Page<AnalyticsRunDto>>(s => s.Runs(new AnalyticsRunQuery(Limit: 2)));
        Assert.Equal(ids[..2], first.Items.Select(r => r.Id));
        var second = await app.Run<AnalyticsDashboardService, Page<AnalyticsRunDto>>(s => s.Runs(new AnalyticsRunQuery(Cursor: first.NextCursor, Limit: 2)));
        Assert.Equal(ids[2..4], second.Items.Select(r => r.Id));
        var third = await app.Run<AnalyticsDashboardService, Page<AnalyticsRunDto>>(s => s.Runs(new AnalyticsRunQuery(Cursor: second.NextCursor, Limit: 2)));
        Assert.Equal(ids[4..], third.Items.Select(r => r.Id));
        Assert.Null(third.NextCursor);

        var failed = await app.Run<AnalyticsDashboardService, Page<AnalyticsRunDto>>(s => s.Runs(new AnalyticsRunQuery("FAILED")));
        var only = Assert.Single(failed.Items);
        Assert.Equal("boom", only.Error);
        Assert.Equal(AnalyticsRunStatus.Failed, only.Status);
    }

    [Theory, SqliteData]
    public async Task Bad_history_queries_are_validation_errors(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings);
        async Task<IDictionary<string, string[]>> Errors(AnalyticsRunQuery query) =>
            (await Assert.ThrowsAsync<ValidationException>(() => app.Run<AnalyticsDashboardService, Page<AnalyticsRunDto>>(s => s.Runs(query)))).Errors;

        Assert.Contains("limit", (await Errors(new AnalyticsRunQuery(Limit: 0))).Keys);
        Assert.Contains("limit", (await Errors(new AnalyticsRunQuery(Limit: 201))).Keys);
        Assert.Contains("cursor", (await Errors(new AnalyticsRunQuery(Cursor: "!!"))).Keys);
        Assert.Contains("cursor", (await Errors(new AnalyticsRunQuery(Cursor: Cursor.Encode("abc")))).Keys);
        Assert.Contains("status", (await Errors(new AnalyticsRunQuery("done"))).Keys);
    }
}
