using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Vinculo.Core.Common;
using Vinculo.Core.Service.Cases;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Service;
using static Vinculo.Core.Tests.Service.Cases.CaseWorld;

namespace Vinculo.Core.Tests.Service.Cases;

public sealed class CaseQueueTests
{
    private static readonly DateTime Monday10 = Madrid(2026, 3, 9, 10, 0);

    [Theory, SqliteData, PostgresData]
    public async Task Queues_put_valuable_customers_and_urgent_cases_first_then_the_nearest_due_time(string provider)
    {
        await using var w = await CaseWorld.Create(provider, start: Monday10);
        // A Support team policy with a 10-minute first response: a later case of the team falls due before an earlier one.
        await w.Policy("Support fast lane", SlaScope.Team, Vinculo.Domain.Service.PolicyTargets.Key(w.Support), new TargetMinutes(FirstResponse: 10));
        var a = await w.Open(w.Ana, "A");
        var b = await w.Open(w.Platinum, "B");
        var c = await w.Open(w.Ana, "C", priority: "urgent");
        var d = await w.Open(w.Gold, "D", priority: "low", tags: ["vip"]);
        var e = await w.Open(w.Platinum, "E", priority: "urgent", assignee: Agent1);
        w.Clock.Advance(TimeSpan.FromMinutes(5));
        var f = await w.Open(w.Ana, "F", team: w.Support);
        var g = await w.Open(w.Ana, "G");

        var all = await w.Cases(s => s.List(new CaseQuery(), Laura));
        Assert.Equal([e.Id, b.Id, d.Id, c.Id, f.Id, a.Id, g.Id], all.Items.Select(i => i.Id));
        Assert.Equal(7, all.Total);
        Assert.Null(all.NextCursor);
        var first = all.Items[0];
        Assert.Equal(("Platino SA", "platinum", 100, "Laura Gómez"), (first.CustomerName, first.CustomerTier, first.CustomerRank, first.AssigneeName));
        Assert.Equal(SlaClockState.Running, first.FirstResponse.State);
        Assert.Equal(first.FirstResponse.DueAt, first.SlaDueAt);
        Assert.Equal(Madrid(2026, 3, 9, 10, 15), all.Items.Single(i => i.Id == f.Id).SlaDueAt);
        Assert.Equal("Support", all.Items.Single(i => i.Id == f.Id).TeamName);

        var normal = await w.Cases(s => s.List(new CaseQuery(Priority: "normal"), Laura));
        Assert.Equal([b.Id, f.Id, a.Id, g.Id], normal.Items.Select(i => i.Id));
        Assert.Equal(4, normal.Total);
        var page = await w.Cases(s => s.List(new CaseQuery(CustomerId: w.Ana, Limit: 2), Laura));
        Assert.Equal([c.Id, f.Id], page.Items.Select(i => i.Id));
        Assert.Equal(4, page.Total);
        Assert.NotNull(page.NextCursor);
        Assert.Equal([d.Id], (await w.Cases(s => s.List(new CaseQuery(Tag: "VIP"), Laura))).Items.Select(i => i.Id));
        Assert.Equal([g.Id], (await w.Cases(s => s.List(new CaseQuery(Q: "g"), Laura))).Items.Select(i => i.Id));
        Assert.Equal([e.Id], (await w.Cases(s => s.List(new CaseQuery(View: "mine"), Laura))).Items.Select(i => i.Id));
        Assert.Empty((await w.Cases(s => s.List(new CaseQuery(View: "mine"), Pablo))).Items);
        Assert.Equal([f.Id], (await w.Cases(s => s.List(new CaseQuery(View: "team"), Pablo))).Items.Select(i => i.Id));
        Assert.Equal(6, (await w.Cases(s => s.List(new CaseQuery(View: "unassigned"), Laura))).Total);
        Assert.Equal([f.Id], (await w.Cases(s => s.List(new CaseQuery(View: "unassigned", TeamId: w.Support), Laura))).Items.Select(i => i.Id));
        Assert.Equal(0, (await w.Cases(s => s.List(new CaseQuery(View: "team"), Admin))).Total);

        // Resolved cases leave the active queue.
        await w.Cases(s => s.Transition(b.Id, new CaseStatusInput { Status = "resolved" }, null, Laura));
        await w.Cases(s => s.Reply(a.Id, new CaseReplyInput { Body = "Hola" }, Laura));
        Assert.Equal(6, (await w.Cases(s => s.List(new CaseQuery(), Laura))).Total);
        Assert.Equal([b.Id], (await w.Cases(s => s.List(new CaseQuery(State: "resolved"), Laura))).Items.Select(i => i.Id));
        Assert.Equal(7, (await w.Cases(s => s.List(new CaseQuery(State: "any"), Laura))).Total);
        Assert.Equal([a.Id], (await w.Cases(s => s.List(new CaseQuery(Status: ["open"]), Laura))).Items.Select(i => i.Id));
        // Statuses given without a state filter are taken as they are (a resolved status implies any state).
        Assert.Equal(7, (await w.Cases(s => s.List(new CaseQuery(Status: ["new,open", "resolved"]), Laura))).Total);

        var bad = await Assert.ThrowsAsync<ValidationException>(() => w.Cases(s => s.List(new CaseQuery(View: "everything", State: "gone", Limit: 500, Priority: "max", Type: "a b"), Laura)));
        Assert.Equal(["limit", "priority", "state", "type", "view"], bad.Errors.Keys.Order(StringComparer.Ordinal));
        await Assert.ThrowsAsync<ValidationException>(() => w.Cases(s => s.List(new CaseQuery(Cursor: "???"), Laura)));
        await Assert.ThrowsAsync<ValidationException>(() => w.Cases(s => s.List(new CaseQuery(Cursor: Cursor.Encode("1:2:3")), Laura)));

        var mine = await w.Cases(s => s.ForCustomer(w.Ana, new CustomerCaseQuery(Limit: 3)));
        Assert.Equal([g.Id, f.Id, c.Id], mine!.Items.Select(i => i.Id));
        var rest = await w.Cases(s => s.ForCustomer(w.Ana, new CustomerCaseQuery(Cursor: mine.NextCursor)));
        Assert.Equal([a.Id], rest!.Items.Select(i => i.Id));
        Assert.Null(await w.Cases(s => s.ForCustomer(999_999, new CustomerCaseQuery())));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Keyset_paging_returns_every_case_exactly_once_in_queue_order(string provider)
    {
        await using var w = await CaseWorld.Create(provider, start: Monday10);
        var customers = new[] { w.Ana, w.Gold, w.Platinum };
        var priorities = new[] { "low", "normal", "high", "urgent" };
        var ids = new List<long>();
        for (var i = 0; i < 29; i++)
        {
            // Several cases share the creation instant, the customer rank and the priority, so every key column ties somewhere.
            if (i % 4 == 0)
            {
                w.Clock.Advance(TimeSpan.FromMinutes(1));
            }

            var team = i % 3 == 0 ? w.Support : (long?)null;
            ids.Add((await w.Open(customers[i % 3], $"Caso {i}", priorities[i * 7 % 4], team: team, assignee: i % 5 == 0 ? Agent1 : null)).Id);
        }

        foreach (var (view, teamId) in new (string, long?)[] { ("all", null), ("unassigned", null), ("team", w.Support), ("mine", null) })
        {
            var whole = await w.Cases(s => s.List(new CaseQuery(View: view, TeamId: teamId, Limit: 200), Laura));
            var expected = whole.Items.Select(i => i.Id).ToList();
            var sorted = whole.Items
                .Select(i => new QueueEntry(i.Id, new CustomerValue(i.CustomerTier), i.Priority, i.SlaDueAt, i.CreatedAt))
                .Order(QueueOrder.Instance).Select(q => q.CaseId).ToList();
            Assert.Equal(sorted, expected);

            var seen = new List<long>();
            string? cursor = null;
            var pages = 0;
            do
            {
                var page = await w.Cases(s => s.List(new CaseQuery(View: view, TeamId: teamId, Cursor: cursor, Limit: 3), Laura));
                Assert.Equal(whole.Total, page.Total);
                seen.AddRange(page.Items.Select(i => i.Id));
                cursor = page.NextCursor;
                pages++;
            }
            while (cursor is not null && pages < 100);

            Assert.Equal(expected, seen);
            Assert.Equal(whole.Total, seen.Count);
        }

        Assert.Equal(29, (await w.Cases(s => s.List(new CaseQuery(Limit: 200), Laura))).Items.Count);
    }

    [Fact]
    public async Task The_queue_page_and_count_read_only_the_partial_queue_indexes_on_sqlite()
    {
        await using var w = await CaseWorld.Create("sqlite", start: Monday10);
        for (var i = 0; i < 16; i++)
        {
            await w.Open(i % 3 == 0 ? w.Ana : w.Platinum, $"Caso {i}", team: i % 2 == 0 ? w.Support : null, assignee: i % 4 == 0 ? Agent1 : null);
        }

        var expectations = new (CaseQuery Query, string Index)[]
        {
            (new CaseQuery(View: "mine"), "ix_cases_queue_assignee"),
            (new CaseQuery(View: "team", TeamId: w.Support), "ix_cases_queue_team"),
            (new CaseQuery(View: "unassigned"), "ix_cases_queue_unassigned"),
            (new CaseQuery(View: "unassigned", TeamId: w.Support), "ix_cases_queue_team_unassigned"),
            (new CaseQuery(View: "all"), "ix_cases_queue_all"),
        };
        foreach (var (query, index) in expectations)
        {
            var capture = new Capture();
            var options = StorageSetup.Configure(new DbContextOptionsBuilder<VinculoDb>(), w.Db.Settings).AddInterceptors(capture).Options;
            await using var db = new VinculoDb((DbContextOptions<VinculoDb>)options);
            var service = new CaseService(db, w.Clock);
            var first = await service.List(query with { Limit = 2 }, Laura);
            Assert.NotNull(first.NextCursor);
            await service.List(query with { Limit = 2, Cursor = first.NextCursor }, Laura);

            var statements = capture.Commands.Where(c => c.Sql.Contains("FROM \"cases\"", StringComparison.Ordinal)).ToList();
            Assert.Equal(4, statements.Count);
            foreach (var (sql, parameters) in statements)
            {
                var plan = await Explain(w.Db.Settings.ConnectionString, sql, parameters);
                var lines = plan.Split('\n');
                var because = $"{plan}\n{sql}";

                // The view's partial index; every other access is by primary key; never a scan of the table.
                // Both unassigned indexes hold exactly the active unassigned cases: either serves that count. Without
                // statistics (no ANALYZE) SQLite may also walk the all-cases index in order and skip the assigned ones.
                var accepted = index == "ix_cases_queue_unassigned" ? [index, "ix_cases_queue_team_unassigned", "ix_cases_queue_all"] : new[] { index };
                Assert.True(lines.Any(l => accepted.Any(a => l.Contains(a + " ", StringComparison.Ordinal) || l.EndsWith(a, StringComparison.Ordinal))), because);
                Assert.True(lines.Where(l => l.Contains(" USING ", StringComparison.Ordinal)).All(l =>
                    l.Contains("ix_cases_queue_", StringComparison.Ordinal) || l.Contains("PRIMARY KEY", StringComparison.Ordinal)
                    || l.Contains("sqlite_autoindex_users_1", StringComparison.Ordinal)), because);
                Assert.DoesNotContain("SCAN c", lines);

                // The first page and the count follow the index order; a cursor page sorts at most five times the limit.
                if (!sql.Contains("UNION ALL", StringComparison.Ordinal))
                {
                    Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
                }
            }
        }
    }

    private static async Task<string> Explain(string connectionString, string sql, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(3));
        }

        return string.Join('\n', lines);
    }

    private sealed class Capture : DbCommandInterceptor
    {
        public List<(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters)> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Commands.Add((command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToList()));
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
