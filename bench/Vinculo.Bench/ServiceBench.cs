using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core;
using Vinculo.Core.Interactions;
using Vinculo.Core.Service;
using Vinculo.Core.Service.Cases;
using Vinculo.Core.Service.Reports;
using Vinculo.Core.Storage;
using Vinculo.Domain.Service;

namespace Vinculo.Bench;

/// <summary>
/// The service desk at scale: queue pages with their totals through <see cref="CaseService.List"/>, the month's SLA
/// compliance report through <see cref="ServiceReportService.Compliance"/>, and <see cref="SlaRecomputation.RecomputeActive"/>
/// after a calendar change. Everything runs with the clock fixed at the seed's "now", through the same DI registrations
/// as the web host, a fresh scope per call.
/// </summary>
internal static class ServiceBench
{
    public const double QueueTargetP99Ms = 20;
    public const double ReportTargetMs = 1_000;
    public const double RecomputeTargetPerSecond = 100_000;
    private const int DeepPage = 10;

    public static async Task Run(Report report, DatabaseSettings settings, BenchOptions options)
    {
        if (options.CasesPerCustomer == 0)
        {
            Console.WriteLine("Service desk: skipped (the database has no cases; seed with --cases-per-customer 1 or more).");
            report.Notes.Add("The service section was skipped: no cases (use --cases-per-customer).");
            return;
        }

        var services = new ServiceCollection().AddLogging().AddVinculoCore(settings);
        services.AddSingleton<TimeProvider>(new FixedClock(Seeding.FixedNow));
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        var shape = await Describe(report, settings, provider);
        await Queues(report, provider, options, shape);
        Console.WriteLine();
        await Compliance(report, provider, options);
        Console.WriteLine();
        await Recompute(report, provider);
    }

    private sealed record Shape(IReadOnlyList<(string Id, string Name)> Agents, IReadOnlyList<long> Teams, IReadOnlyList<string> Tags);

    private static async Task<Shape> Describe(Report report, DatabaseSettings settings, IServiceProvider provider)
    {
        await using var connection = new SqliteConnection(settings.ConnectionString);
        connection.Open();
        long Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        var cases = Scalar("SELECT COUNT(*) FROM cases");
        var active = Scalar("SELECT COUNT(*) FROM cases WHERE is_active");
        var unassigned = Scalar("SELECT COUNT(*) FROM cases WHERE is_active AND assignee_id IS NULL");
        var events = Scalar("SELECT COUNT(*) FROM case_events");
        report.Dataset["cases"] = cases;
        report.Dataset["activeCases"] = active;
        report.Dataset["unassignedActiveCases"] = unassigned;
        report.Dataset["caseEvents"] = events;
        Console.WriteLine($"Service desk: {cases:N0} cases ({active:N0} active, {unassigned:N0} of them unassigned), {events:N0} events ({events / (double)Math.Max(1, cases):0.00} per case)");

        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VinculoDb>();
        var agents = await (from m in db.TeamMembers
                            join u in db.Users on m.UserId equals u.Id
                            where u.Email!.StartsWith("bench-agent-")
                            orderby u.Id
                            select new { u.Id, u.DisplayName }).Distinct().ToListAsync();
        var teams = await db.Teams.OrderBy(t => t.Id).Select(t => t.Id).ToListAsync();
        var tags = await db.CaseTags.Select(t => t.Tag).Distinct().OrderBy(t => t).ToListAsync();
        return new Shape([.. agents.Select(a => (a.Id, a.DisplayName))], teams, tags);
    }

    private sealed record QueueCall(string Kind, CaseQuery Query, Actor Actor);

    private static async Task Queues(Report report, IServiceProvider provider, BenchOptions options, Shape shape)
    {
        if (shape.Agents.Count == 0)
        {
            throw new InvalidOperationException("The bench database has no bench agents in its teams: seed it again (delete it or drop --reuse).");
        }

        async Task<CaseQueuePage> List(QueueCall call)
        {
            await using var scope = provider.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<CaseService>().List(call.Query, call.Actor);
        }

        // The cursor of page DeepPage of each queue, found by walking the pages (not timed).
        var deep = new Dictionary<string, string?>(StringComparer.Ordinal);
        async Task<string?> DeepCursor(string key, CaseQuery query, Actor actor)
        {
            if (!deep.TryGetValue(key, out var cursor))
            {
                cursor = null;
                for (var page = 1; page < DeepPage; page++)
                {
                    cursor = (await List(new QueueCall("", query with { Cursor = cursor }, actor))).NextCursor;
                    if (cursor is null)
                    {
                        break;
                    }
                }

                deep[key] = cursor;
            }

            return cursor;
        }

#pragma warning disable CA5394 // Not security: reproducible benchmark choices.
        var random = new Random(options.RandomSeed + 31);
        var supervisor = new Actor("bench-supervisor", "Supervisor");
        var kinds = new (string Kind, Func<Task<QueueCall>> Make)[]
        {
            ("mine, page 1", () => Task.FromResult(Mine(null))),
            ($"mine, page {DeepPage}", async () =>
            {
                var call = Mine(null);
                return call with { Query = call.Query with { Cursor = await DeepCursor("mine:" + call.Actor.UserId, call.Query, call.Actor) } };
            }),
            ("team, page 1", () => Task.FromResult(Team())),
            ($"team, page {DeepPage}", async () =>
            {
                var call = Team();
                return call with { Query = call.Query with { Cursor = await DeepCursor("team:" + call.Query.TeamId, call.Query, call.Actor) } };
            }),
            ("unassigned, page 1", () => Task.FromResult(new QueueCall("", new CaseQuery(View: "unassigned"), supervisor))),
            ($"unassigned, page {DeepPage}", async () =>
                new QueueCall("", new CaseQuery(View: "unassigned", Cursor: await DeepCursor("unassigned", new CaseQuery(View: "unassigned"), supervisor)), supervisor)),
            ("all, page 1", () => Task.FromResult(new QueueCall("", new CaseQuery(View: "all"), supervisor))),
            ($"all, page {DeepPage}", async () =>
                new QueueCall("", new CaseQuery(View: "all", Cursor: await DeepCursor("all", new CaseQuery(View: "all"), supervisor)), supervisor)),
            ("all, priority + type", () => Task.FromResult(new QueueCall("",
                new CaseQuery(View: "all", Priority: Pick(["high", "urgent", "normal"]), Type: Pick(["incident", "question", "complaint", "return"])), supervisor))),
            ("all, status open + pending", () => Task.FromResult(new QueueCall("", new CaseQuery(View: "all", Status: ["open", "pendingCustomer"]), supervisor))),
            ("all, tag", () => Task.FromResult(new QueueCall("", new CaseQuery(View: "all", Tag: Pick(shape.Tags)), supervisor))),
            ("team, status new", () =>
            {
                var call = Team();
                return Task.FromResult(call with { Query = call.Query with { Status = ["new"] } });
            }),
        };

        QueueCall Mine(string? cursor)
        {
            var agent = shape.Agents[random.Next(shape.Agents.Count)];
            return new QueueCall("", new CaseQuery(View: "mine", Cursor: cursor), new Actor(agent.Id, agent.Name));
        }

        QueueCall Team() => new("", new CaseQuery(View: "team", TeamId: shape.Teams[random.Next(shape.Teams.Count)]), supervisor);

        T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

        async Task<List<QueueCall>> Calls(int count)
        {
            var calls = new List<QueueCall>(count);
            for (var i = 0; i < count; i++)
            {
                var (kind, make) = kinds[i % kinds.Length];
                calls.Add(await make() with { Kind = kind });
            }

            return calls.OrderBy(_ => random.Next()).ToList();
        }
#pragma warning restore CA5394

        Console.WriteLine($"Queues: CaseService.List (page of 50 with the total) over a mix of {kinds.Length} kinds of call; fresh DI scope per call");
        var warmup = (await Calls(Math.Clamp(options.Samples / 10, 120, 1_000))).Select(c => (Call: c, Timed: false)).ToList();
        var measured = (await Calls(options.Samples)).Select(c => (Call: c, Timed: true)).ToList();
        var perKind = kinds.ToDictionary(k => k.Kind, _ => new List<long>(), StringComparer.Ordinal);
        var foundPerKind = kinds.ToDictionary(k => k.Kind, _ => 0, StringComparer.Ordinal);
        var mix = await Measure.Sequential("queue pages, mixed views and filters", warmup, measured, async item =>
        {
            var start = Stopwatch.GetTimestamp();
            var page = await List(item.Call);
            if (item.Timed)
            {
                perKind[item.Call.Kind].Add(Stopwatch.GetTimestamp() - start);
                foundPerKind[item.Call.Kind] += page.Items.Count > 0 ? 1 : 0;
            }

            return page.Items.Count > 0;
        });
        report.AddLatency("service.queue.mix", "Service queues: mix of views, filters, page 1 and keyset page 10 (with total)", mix, QueueTargetP99Ms);
        foreach (var (kind, ticks) in perKind)
        {
            var outcome = new Measure.Outcome(LatencyStats.FromTicks(ticks), foundPerKind[kind], ticks.Count, mix.OtherCores, mix.DiskKbPerCall);
            report.AddLatency($"service.queue.{kind.Replace(' ', '-').Replace(",", "", StringComparison.Ordinal)}", $"  {kind}", outcome, QueueTargetP99Ms);
        }

        // Free text is a substring match on the subject over the active cases: no index serves it, so it is shown apart.
        var text = Enumerable.Range(0, Math.Clamp(options.Samples / 20, 50, 500))
            .Select(i => new QueueCall("text", new CaseQuery(View: "all", Q: new[] { "factura", "router", "devoluci", "garant", "pedido" }[i % 5]), supervisor)).ToList();
        var search = await Measure.Sequential("all, free text in the subject", text.Take(20).ToList(), text, async call => (await List(call)).Items.Count > 0);
        report.AddLatency("service.queue.text", "  all, free text in the subject (no index; not in the mix)", search, targetP99Ms: null);
    }

    private static async Task Compliance(Report report, IServiceProvider provider, BenchOptions options)
    {
        var month = Seeding.FixedNow.AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var samples = Math.Clamp(options.Samples / 500, 10, 50);
        Console.WriteLine($"Compliance report: ServiceReportService.Compliance for {month} (the last full month), {samples} calls per grouping");
        foreach (var by in new[] { "team", "agent", "type" })
        {
            var query = new ComplianceQuery(Month: month, By: by, TimeZone: "Europe/Madrid");
            var calls = Enumerable.Repeat(query, samples).ToList();
            var cases = 0;
            var outcome = await Measure.Sequential($"compliance {month} by {by}", calls.Take(3).ToList(), calls, async q =>
            {
                await using var scope = provider.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<ServiceReportService>().Compliance(q);
                cases = result.Total.Cases;
                return result.Total.Cases > 0;
            });
            report.AddLatency($"service.compliance.{by}", $"Compliance report of {month} by {by} ({cases:N0} cases)", outcome, ReportTargetMs);
        }
    }

    private static async Task Recompute(Report report, IServiceProvider provider)
    {
        Console.WriteLine("SLA recomputation of every active case (RecomputeActive), clock at the seed's now");
        // The calendar of the corporate policy: the office hours most cases count on.
        string original;
        long officeId;
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<VinculoDb>();
            officeId = await db.ServicePolicies.Where(p => p.Scope == SlaScope.Corporate).Select(p => p.CalendarId).FirstAsync();
            original = (await db.ServiceCalendars.SingleAsync(c => c.Id == officeId)).Definition;
        }

        async Task SetOffice(string definition)
        {
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<VinculoDb>();
            var office = await db.ServiceCalendars.SingleAsync(c => c.Id == officeId);
            office.Definition = definition;
            office.Version++;
            await db.SaveChangesAsync();
        }

        var definition0 = CalendarDefinition.Parse(original);
        var changed = definition0 with { Weekly = [.. definition0.Weekly.Select(w => w with { Start = "08:00", End = "17:00" })] };
        // A day off three days ahead: only the clocks running past it move.
        var holiday = DateOnly.FromDateTime(Seeding.FixedNow).AddDays(3);
        var dayOff = definition0 with { Holidays = [.. definition0.Holidays ?? [], holiday] };
        (string Key, string Label, string? Definition)[] runs =
        [
            ("first", "first run, nothing changed (JIT and OS cache cold)", null),
            ("holiday", $"a holiday added ({holiday:yyyy-MM-dd}, three days ahead)", dayOff.ToJson()),
            ("changed", "after a calendar change (office hours 09–18 → 08–17)", changed.ToJson()),
            ("unchanged", "again, nothing changed (read + replay only)", null),
            ("restored", "calendar restored (written back)", original),
        ];
        foreach (var (key, label, definition) in runs)
        {
            if (definition is not null)
            {
                await SetOffice(definition);
            }

            if (Measure.QuietWait > TimeSpan.Zero)
            {
                await CpuUsage.WaitForQuiet(Measure.QuietWait);
            }

            GC.Collect();
            var cpu = CpuUsage.Take();
            var own = CpuUsage.ProcessTicks(Environment.ProcessId);
            SlaRecomputeResult result;
            await using (var scope = provider.CreateAsyncScope())
            {
                result = await scope.ServiceProvider.GetRequiredService<SlaRecomputation>().RecomputeActive();
            }

            var others = CpuUsage.OtherCores(cpu, CpuUsage.Take());
            var ownCores = CpuUsage.TicksToMs(CpuUsage.ProcessTicks(Environment.ProcessId) - own) / result.Elapsed.TotalMilliseconds;
            var rate = result.CasesPerSecond;
            Console.WriteLine($"  {label}: {result.Cases:N0} cases in {result.Elapsed.TotalSeconds:0.00} s = {rate:N0} cases/s; {result.Written:N0} written, " +
                              $"{result.Retried} retried, {result.Conflicts} conflicts, {result.Failed} failed; reading {result.Reading.TotalSeconds:0.00} s (overlapped), " +
                              $"replaying {result.Replaying.TotalSeconds:0.00} s, writing {result.Writing.TotalSeconds:0.00} s; own {ownCores:0.00} cores, others {others:0.00} cores");
            report.Service[$"recompute.{key}"] = new
            {
                label, result.Cases, result.Written, result.Retried, result.Conflicts, result.Failed, seconds = result.Elapsed.TotalSeconds,
                readingSeconds = result.Reading.TotalSeconds, replayingSeconds = result.Replaying.TotalSeconds, writingSeconds = result.Writing.TotalSeconds,
                casesPerSecond = rate, ownCores, otherProcessesCores = others, targetCasesPerSecond = RecomputeTargetPerSecond,
            };
            report.Rows.Add(new Report.Row($"service.recompute.{key}", $"SLA recompute, {label}", null, null, null,
                $"{rate:N0} cases/s: {result.Cases:N0} active cases in {result.Elapsed.TotalSeconds:0.00} s, {result.Written:N0} written, own {ownCores:0.0} cores, others {others:0.0} cores",
                $"≥ {RecomputeTargetPerSecond:N0} cases/s", rate >= RecomputeTargetPerSecond));
        }
    }

    /// <summary>The clock at a fixed instant: the data's "now".</summary>
    private sealed class FixedClock(DateTime now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(now);
    }
}
