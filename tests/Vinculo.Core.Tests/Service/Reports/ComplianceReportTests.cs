using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Common;
using Vinculo.Core.Service.Reports;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Service;
using static Vinculo.Core.Tests.Service.Reports.ReportScenario;

namespace Vinculo.Core.Tests.Service.Reports;

public sealed class ComplianceReportTests
{
    private static readonly DateTime Now = new(2026, 12, 5, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime November = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    private static async Task<T> Reports<T>(TestDatabase db, Func<ServiceReportService, Task<T>> work)
    {
        await using var app = new TestServices(db.Settings, new ManualClock(new DateTimeOffset(Now)));
        await using var scope = app.Scope();
        return await work(scope.ServiceProvider.GetRequiredService<ServiceReportService>());
    }

    private static async Task<(ReportScenario Scenario, Team A, Team B)> Scenario(TestDatabase database, Vinculo.Core.Storage.VinculoDb db)
    {
        var scenario = new ReportScenario(db);
        var (a, b) = await scenario.Setup();
        return (scenario, a, b);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Five_first_responses_against_60_minutes_are_80_percent_met_with_median_30_and_p90_200(string provider)
    {
        await using var database = await TestDatabase.Create(provider);
        await using (var db = database.CreateDbContext())
        {
            var (s, a, _) = await Scenario(database, db);
            var day = 0;
            foreach (var minutes in new[] { 10, 20, 30, 40, 200 })
            {
                await s.Case(November.AddDays(day++).AddHours(9), a, Ana, steps: [Reply(minutes), Resolve(minutes + 60)]);
            }
        }

        var report = await Reports(database, r => r.Compliance(new ComplianceQuery("2026-11")));

        var fr = report.Total.FirstResponse;
        Assert.Equal(5, report.Total.Cases);
        Assert.Equal((4, 1, 0, 0), (fr.Met, fr.Breached, fr.Pending, fr.NotApplicable));
        Assert.Equal(0.8, fr.ShareMet);
        Assert.Equal((5, 30.0, 200.0), (fr.Measured, fr.MedianMinutes, fr.P90Minutes));
        // Resolution 70, 80, 90, 100, 260 minutes against 480: all met.
        var res = report.Total.Resolution;
        Assert.Equal((5, 0, 1.0), (res.Met, res.Breached, res.ShareMet));
        Assert.Equal((90.0, 260.0), (res.MedianMinutes, res.P90Minutes));
        Assert.Equal(ComplianceDimension.Team, report.By);
        Assert.Equal(("2026-11", "UTC", November, November.AddMonths(1), Now), (report.Month, report.TimeZone, report.From, report.To, report.GeneratedAt));
        var group = Assert.Single(report.Groups);
        Assert.Equal("Atención", group.Label);
        Assert.Equal(report.Total with { Key = group.Key, Label = group.Label }, group);
    }

    /// <summary>
    /// Seven November cases (2026-11-01T00:00Z, the first instant, included) and two outside it, hand-computed:
    /// <code>
    /// #  team  agent  type       prio    first response           resolution              next response
    /// 1  A     Ana    question   normal  met 10                   met 100
    /// 2  A     Ana    complaint  normal  met 20                   met 300
    /// 3  A     Luis   question   high    met 30 (due 30)          breached, resolved 600
    /// 4  B     Luis   question   normal  met 40                   running past due: breached, not measured
    /// 5  B     —      incident   normal  breached, replied 200    breached, resolved 500  2 cycles (20 met, 100 breached)
    /// 6  —     —      question   normal  paused at 5: pending     paused: pending
    /// 7  —     Ana    question   normal  never answered: breached running past due: breached
    /// </code>
    /// </summary>
    private static async Task SevenCases(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        var (s, a, b) = await Scenario(database, db);
        var t = November;
        await s.Case(t, a, Ana, "question", steps: [Reply(10), Resolve(100)]);
        await s.Case(t.AddHours(30), a, Ana, "complaint", steps: [Reply(20), Note(50), Resolve(300)]);
        await s.Case(t.AddDays(3), a, Luis, "question", CasePriority.High, [Reply(30), Resolve(600)]);
        await s.Case(t.AddDays(8), b, Luis, "question", steps: [Open(1), Reply(40)]);
        await s.Case(t.AddDays(12), b, null, "incident", steps: [Reply(200), CustomerReply(210), Reply(230), CustomerReply(300), Reply(400), Resolve(500), Close(900)]);
        await s.Case(t.AddDays(20), null, null, "question", steps: [WaitCustomer(5)]);
        await s.Case(t.AddDays(29).AddHours(22), null, Ana, "question"); // 23:00 in Madrid
        // Outside November in UTC: the last second of October and the first instant of December.
        await s.Case(t.AddSeconds(-1), a, Ana, "question", steps: [Reply(5), Resolve(10)]);
        await s.Case(t.AddMonths(1), b, Ana, "question", steps: [Reply(5)]);
    }

    private static void AssertTarget(TargetFigures t, int met, int breached, int pending, double? share, int measured, double? median, double? p90)
    {
        Assert.Equal((met, breached, pending), (t.Met, t.Breached, t.Pending));
        Assert.Equal(share is null ? (double?)null : Math.Round(share.Value, 4), t.ShareMet is null ? (double?)null : Math.Round(t.ShareMet.Value, 4));
        Assert.Equal((measured, median, p90), (t.Measured, t.MedianMinutes, t.P90Minutes));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Groups_by_team_agent_type_and_priority_with_hand_computed_figures(string provider)
    {
        await using var database = await TestDatabase.Create(provider);
        await SevenCases(database);

        var byTeam = await Reports(database, r => r.Compliance(new ComplianceQuery("2026-11", "team")));
        Assert.Equal(7, byTeam.Total.Cases);
        AssertTarget(byTeam.Total.FirstResponse, 4, 2, 1, 4 / 6.0, 5, 30, 200);
        AssertTarget(byTeam.Total.Resolution, 2, 4, 1, 2 / 6.0, 4, 300, 600);
        Assert.Equal(new NextResponseFigures(2, 1), byTeam.Total.NextResponse);
        Assert.Equal(["Atención", "Bajas", null], byTeam.Groups.Select(g => g.Label));
        Assert.Null(byTeam.Groups[2].Key);
        var teamA = byTeam.Groups[0];
        Assert.Equal(3, teamA.Cases);
        AssertTarget(teamA.FirstResponse, 3, 0, 0, 1, 3, 20, 30);
        AssertTarget(teamA.Resolution, 2, 1, 0, 2 / 3.0, 3, 300, 600);
        var teamB = byTeam.Groups[1];
        AssertTarget(teamB.FirstResponse, 1, 1, 0, 0.5, 2, 40, 200);
        AssertTarget(teamB.Resolution, 0, 2, 0, 0, 1, 500, 500);
        Assert.Equal(new NextResponseFigures(2, 1), teamB.NextResponse);
        var noTeam = byTeam.Groups[2];
        AssertTarget(noTeam.FirstResponse, 0, 1, 1, 0, 0, null, null);
        AssertTarget(noTeam.Resolution, 0, 1, 1, 0, 0, null, null);

        var byAgent = await Reports(database, r => r.Compliance(new ComplianceQuery("2026-11", "agent")));
        Assert.Equal([("Ana Ruiz", Ana), ("Luis Gil", Luis), (null, null)], byAgent.Groups.Select(g => (g.Label, g.Key)));
        AssertTarget(byAgent.Groups[0].FirstResponse, 2, 1, 0, 2 / 3.0, 2, 10, 20);
        AssertTarget(byAgent.Groups[1].FirstResponse, 2, 0, 0, 1, 2, 30, 40);
        AssertTarget(byAgent.Groups[2].FirstResponse, 0, 1, 1, 0, 1, 200, 200);
        Assert.Equal([3, 2, 2], byAgent.Groups.Select(g => g.Cases));

        var byType = await Reports(database, r => r.Compliance(new ComplianceQuery("2026-11", "type", Language: "es")));
        Assert.Equal([("question", "Consulta"), ("incident", "Incidencia"), ("complaint", "Reclamación")], byType.Groups.Select(g => (g.Key!, g.Label!)));
        AssertTarget(byType.Groups[0].FirstResponse, 3, 1, 1, 0.75, 3, 30, 40);
        Assert.Equal(5, byType.Groups[0].Cases);
        var english = await Reports(database, r => r.Compliance(new ComplianceQuery("2026-11", "type", Language: "en")));
        Assert.Equal(["Complaint", "Incident", "Question"], english.Groups.Select(g => g.Label));

        var byPriority = await Reports(database, r => r.Compliance(new ComplianceQuery("2026-11", "priority")));
        Assert.Equal([("high", 1), ("normal", 6)], byPriority.Groups.Select(g => (g.Key!, g.Cases)));
        AssertTarget(byPriority.Groups[0].Resolution, 0, 1, 0, 0, 1, 600, 600);

        // Every grouping adds up to the same total.
        foreach (var report in new[] { byTeam, byAgent, byType, byPriority })
        {
            Assert.Equal(byTeam.Total, report.Total);
            Assert.Equal(7, report.Groups.Sum(g => g.Cases));
            Assert.Equal(4, report.Groups.Sum(g => g.FirstResponse.Met));
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task Months_are_UTC_unless_a_time_zone_is_asked_and_the_trend_has_every_month(string provider)
    {
        await using var database = await TestDatabase.Create(provider);
        await SevenCases(database);

        // Madrid's November runs from 2026-10-31T23:00Z to 2026-11-30T23:00Z: it takes the last second of October (UTC)
        // but not the first instant of December.
        var madrid = await Reports(database, r => r.Compliance(new ComplianceQuery("2026-11", TimeZone: "Europe/Madrid")));
        Assert.Equal(8, madrid.Total.Cases);
        Assert.Equal((new DateTime(2026, 10, 31, 23, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 30, 23, 0, 0, DateTimeKind.Utc)), (madrid.From, madrid.To));
        Assert.Equal("Europe/Madrid", madrid.TimeZone);
        Assert.Equal(1, (await Reports(database, r => r.Compliance(new ComplianceQuery("2026-10")))).Total.Cases);
        Assert.Equal(1, (await Reports(database, r => r.Compliance(new ComplianceQuery("2026-12")))).Total.Cases);
        // No month: the clock's (December 2026).
        Assert.Equal("2026-12", (await Reports(database, r => r.Compliance(new ComplianceQuery()))).Month);

        var trend = await Reports(database, r => r.Trend(new TrendQuery(To: "2026-11")));
        Assert.Equal(ComplianceDimension.Month, trend.By);
        Assert.Equal(12, trend.Groups.Count);
        Assert.Equal(("2025-12", "2026-11"), (trend.Groups[0].Key, trend.Groups[^1].Key));
        Assert.Equal([.. Enumerable.Repeat(0, 10), 1, 7], trend.Groups.Select(g => g.Cases));
        Assert.Equal(new DateTime(2025, 12, 1, 0, 0, 0, DateTimeKind.Utc), trend.From);
        Assert.Equal(8, trend.Total.Cases);
        Assert.Equal(4 / 6.0, trend.Groups[^1].FirstResponse.ShareMet!.Value, 6);
        Assert.Equal(1.0, trend.Groups[^2].FirstResponse.ShareMet);
        Assert.Null(trend.Groups[0].FirstResponse.ShareMet);

        // Without times, one aggregate query counts the same outcomes (the SQL mirrors SlaCompliance.Outcome).
        var counted = await Reports(database, r => r.Trend(new TrendQuery(To: "2026-11", Times: false)));
        static ComplianceGroup Counts(ComplianceGroup g) => g with
        {
            FirstResponse = g.FirstResponse with { Measured = 0, MedianMinutes = null, P90Minutes = null },
            Resolution = g.Resolution with { Measured = 0, MedianMinutes = null, P90Minutes = null },
        };
        Assert.Equal(trend.Groups.Select(Counts), counted.Groups);
        Assert.Equal(Counts(trend.Total), counted.Total);
        Assert.Equal((trend.From, trend.To, trend.Month), (counted.From, counted.To, counted.Month));

        var two = await Reports(database, r => r.Trend(new TrendQuery(2)));
        Assert.Equal([("2026-11", 7), ("2026-12", 1)], two.Groups.Select(g => (g.Key!, g.Cases)));
        var byMonth = await Reports(database, r => r.Compliance(new ComplianceQuery("2026-11", "month")));
        Assert.Equal(trend.Groups, byMonth.Groups);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Bad_months_dimensions_zones_and_counts_are_validation_errors(string provider)
    {
        await using var database = await TestDatabase.Create(provider);
        async Task<IDictionary<string, string[]>> Errors(Func<ServiceReportService, Task> work) =>
            (await Assert.ThrowsAsync<ValidationException>(() => Reports(database, async r => { await work(r); return 0; }))).Errors;

        foreach (var month in new[] { "2026-13", "2026-1", "26-11", "2026/11", "1999-12", "3000-01", "2026-00", "abcd-ef", " 2026-11x" })
        {
            Assert.Contains("month", (await Errors(r => r.Compliance(new ComplianceQuery(month)))).Keys);
        }

        Assert.Contains("by", (await Errors(r => r.Compliance(new ComplianceQuery("2026-11", "customer")))).Keys);
        Assert.Contains("timeZone", (await Errors(r => r.Compliance(new ComplianceQuery("2026-11", TimeZone: "Mars/Olympus")))).Keys);
        Assert.Contains("months", (await Errors(r => r.Trend(new TrendQuery(0)))).Keys);
        Assert.Contains("months", (await Errors(r => r.Trend(new TrendQuery(37)))).Keys);
        Assert.Contains("to", (await Errors(r => r.Trend(new TrendQuery(To: "2026-13")))).Keys);
        Assert.Contains("timeZone", (await Errors(r => r.Backlog("Nowhere/Town"))).Keys);
        Assert.Equal(0, (await Reports(database, r => r.Compliance(new ComplianceQuery(" 2026-11 ", "Priority")))).Total.Cases);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_CSV_has_a_header_one_row_per_group_and_the_total_with_invariant_numbers(string provider)
    {
        await using var database = await TestDatabase.Create(provider);
        await SevenCases(database);
        await using (var db = database.CreateDbContext())
        {
            // A team whose name needs quoting.
            var team = db.Teams.Single(t => t.Name == "Bajas");
            team.Name = "Bajas, \"retención\"";
            await db.SaveChangesAsync();
        }

        var text = new StringBuilder();
        var rows = await Reports(database, async r =>
        {
            await using var writer = new StringWriter(text);
            return await r.ExportComplianceCsv(new ComplianceQuery("2026-11", "team"), writer);
        });

        Assert.Equal(4, rows);
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            "dimension,key,label,month,cases,fr_met,fr_breached,fr_pending,fr_not_applicable,fr_share_met,fr_measured,fr_median_minutes,fr_p90_minutes,"
            + "res_met,res_breached,res_pending,res_not_applicable,res_share_met,res_measured,res_median_minutes,res_p90_minutes,nr_cycles,nr_breached_cycles",
            lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("team,", lines[1]);
        Assert.EndsWith(",Atención,2026-11,3,3,0,0,0,1,3,20,30,2,1,0,0,0.6667,3,300,600,0,0", lines[1]);
        Assert.EndsWith(",\"Bajas, \"\"retención\"\"\",2026-11,2,1,1,0,0,0.5,2,40,200,0,2,0,0,0,1,500,500,2,1", lines[2]);
        Assert.Equal("team,,,2026-11,2,0,1,1,0,0,0,,,0,1,1,0,0,0,,,0,0", lines[3]);
        Assert.Equal("total,,,2026-11,7,4,2,1,0,0.6667,5,30,200,2,4,1,0,0.3333,4,300,600,2,1", lines[4]);
    }
}
