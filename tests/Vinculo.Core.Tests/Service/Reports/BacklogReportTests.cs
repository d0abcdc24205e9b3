using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Service.Reports;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Service;
using static Vinculo.Core.Tests.Service.Reports.ReportScenario;

namespace Vinculo.Core.Tests.Service.Reports;

public sealed class BacklogReportTests
{
    private static readonly DateTime Now = new(2026, 12, 5, 12, 0, 0, DateTimeKind.Utc);

    private static async Task<T> Reports<T>(TestDatabase db, DateTime now, Func<ServiceReportService, Task<T>> work)
    {
        await using var app = new TestServices(db.Settings, new ManualClock(new DateTimeOffset(now)));
        await using var scope = app.Scope();
        return await work(scope.ServiceProvider.GetRequiredService<ServiceReportService>());
    }

    /// <summary>
    /// Six active cases and a resolved one, at 2026-12-05T12:00Z (normal targets: first response 60, resolution 480, warning
    /// at 80 %):
    /// <code>
    /// a  A  Ana    open             created 2 h ago, replied      resolution due 18:00, warning 16:24   on track   &lt;1 day
    /// b  A  —      new              created 7 h ago, replied      resolution due 13:00, warned 11:24    at risk    &lt;1 day
    /// c  A  Luis   pendingCustomer  created 2 days ago            paused                                on track   1–3 days
    /// d  B  —      open             created 4 days ago, no reply  first response due 4 days ago         breached   3–7 days
    /// e  —  Ana    reopened         created 10 days ago           resolution running past due           breached   &gt;7 days
    /// g  B  Ana    new              created 20 h ago, replied     resolution due 00:00 today            breached   &lt;1 day
    /// f  A  Ana    resolved (not in the backlog)
    /// </code>
    /// </summary>
    private static async Task<(long A, long B, long Acase, long Bcase)> Backlog(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        var s = new ReportScenario(db);
        var (a, b) = await s.Setup();
        var caseA = await s.Case(Now.AddHours(-2), a, Ana, steps: [Open(1), Reply(5)]);
        var caseB = await s.Case(Now.AddHours(-7), a, null, steps: [Reply(10)]);
        await s.Case(Now.AddDays(-2), a, Luis, steps: [WaitCustomer(5)]);
        await s.Case(Now.AddDays(-4), b, null, steps: [Open(1)]);
        await s.Case(Now.AddDays(-10), null, Ana, steps: [Reply(10), Resolve(100), Reopen(200)]);
        await s.Case(Now.AddHours(-20), b, Ana, steps: [Reply(10)]);
        await s.Case(Now.AddDays(-1), a, Ana, steps: [Reply(5), Resolve(60)]);
        return (a.Id, b.Id, caseA.Id, caseB.Id);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_backlog_counts_active_cases_by_team_status_age_and_risk(string provider)
    {
        await using var database = await TestDatabase.Create(provider);
        var (a, b, _, _) = await Backlog(database);

        var report = await Reports(database, Now, r => r.Backlog());

        Assert.Equal((Now, new DateTime(2026, 12, 5, 0, 0, 0, DateTimeKind.Utc)), (report.GeneratedAt, report.TodayFrom));
        var total = report.Total;
        Assert.Equal((6, 2, new AgeCounts(3, 1, 1, 1), 1, 3, 1, 1),
            (total.Cases, total.Unassigned, total.Ages, total.AtRisk, total.Breached, total.BreachedToday, total.WarnedToday));
        Assert.Equal(
            [(CaseStatus.New, 2), (CaseStatus.Open, 2), (CaseStatus.PendingCustomer, 1), (CaseStatus.Reopened, 1)],
            total.Statuses.Select(s => (s.Status, s.Cases)));

        Assert.Equal([(a, "Atención"), (b, "Bajas"), (null, null)], report.Teams.Select(t => (t.TeamId, t.Team)));
        var teamA = report.Teams[0];
        Assert.Equal((3, 1, new AgeCounts(2, 1, 0, 0), 1, 0, 0, 1),
            (teamA.Cases, teamA.Unassigned, teamA.Ages, teamA.AtRisk, teamA.Breached, teamA.BreachedToday, teamA.WarnedToday));
        Assert.Equal(
            [
                new BacklogStatus(CaseStatus.New, 1, new AgeCounts(1, 0, 0, 0), 1, 0),
                new BacklogStatus(CaseStatus.Open, 1, new AgeCounts(1, 0, 0, 0), 0, 0),
                new BacklogStatus(CaseStatus.PendingCustomer, 1, new AgeCounts(0, 1, 0, 0), 0, 0),
            ],
            teamA.Statuses);
        var teamB = report.Teams[1];
        Assert.Equal((2, 1, new AgeCounts(1, 0, 1, 0), 0, 2, 1, 0),
            (teamB.Cases, teamB.Unassigned, teamB.Ages, teamB.AtRisk, teamB.Breached, teamB.BreachedToday, teamB.WarnedToday));
        var noTeam = report.Teams[2];
        Assert.Equal((1, 0, new AgeCounts(0, 0, 0, 1), 0, 1), (noTeam.Cases, noTeam.Unassigned, noTeam.Ages, noTeam.AtRisk, noTeam.Breached));
        Assert.Equal([new BacklogStatus(CaseStatus.Reopened, 1, new AgeCounts(0, 0, 0, 1), 0, 1)], noTeam.Statuses);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_dashboard_lists_the_cases_nearest_to_breach_and_agents_loads_and_moves_with_the_clock(string provider)
    {
        await using var database = await TestDatabase.Create(provider);
        var (_, _, caseA, caseB) = await Backlog(database);

        var dashboard = await Reports(database, Now, r => r.Dashboard());

        Assert.Equal((1, 1), (dashboard.BreachedToday, dashboard.WarnedToday));
        Assert.Equal(
            [(caseB, SlaTarget.Resolution, Now.AddHours(1), null, "Atención"), (caseA, SlaTarget.Resolution, Now.AddHours(6), "Ana Ruiz", "Atención")],
            dashboard.NearestToBreach.Select(c => (c.Id, c.Target, c.DueAt, c.Assignee, c.Team)));
        Assert.All(dashboard.NearestToBreach, c => Assert.Equal("Rocío Vidal", c.Customer));
        Assert.Equal(
            [
                (Ana, "Ana Ruiz", "Atención", true, 3, 0, 2),
                (Luis, "Luis Gil", "Atención", false, 1, 0, 0),
                (Marta, "Marta Sanz", "Bajas", true, 0, 0, 0),
            ],
            dashboard.Agents.Select(x => (x.UserId, x.Name, string.Join("|", x.Teams), x.Available, x.OpenCases, x.AtRisk, x.Breached)));

        // Ninety minutes later b is past its due time: breached today, and no longer "near" a breach.
        var later = await Reports(database, Now.AddMinutes(90), r => r.Dashboard());
        Assert.Equal((2, 0, 4), (later.BreachedToday, later.Backlog.Total.AtRisk, later.Backlog.Total.Breached));
        Assert.Equal([caseA], later.NearestToBreach.Select(c => c.Id));

        // "Today" in New York starts at 05:00Z: the breach at 00:00Z was yesterday there.
        var newYork = await Reports(database, Now, r => r.Dashboard("America/New_York"));
        Assert.Equal(new DateTime(2026, 12, 5, 5, 0, 0, DateTimeKind.Utc), newYork.Backlog.TodayFrom);
        Assert.Equal((0, 1), (newYork.BreachedToday, newYork.WarnedToday));

        // Two days on, the ages move up a bucket (a: 2 days 2 h, b: 2 days 7 h, g: 2 days 20 h, c: 4 days).
        var ages = await Reports(database, Now.AddDays(2), r => r.Backlog());
        Assert.Equal(new AgeCounts(0, 3, 2, 1), ages.Total.Ages);
    }
}
