using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core;
using Vinculo.Core.Auth;
using Vinculo.Core.Demo;
using Vinculo.Core.Storage;

namespace Vinculo.Bench;

/// <summary>
/// Seeds the bench database with DemoSeeder, or reuses it (--reuse) when a sidecar file written after a complete
/// seed says it holds the requested data. The sidecar keeps the seed figures so a reused run can still report them.
/// </summary>
internal static class Seeding
{
    public sealed record SeedRecord(
        int RequestedCustomers, int InteractionsPerCustomer, int DataSeed, DateTime Now,
        long Customers, long Interactions, long AllRows, Dictionary<string, long> RowsByTable,
        double ElapsedSeconds, double WallSeconds, DateTime FinishedUtc, double OtherCores = double.NaN,
        double OwnCores = double.NaN, long DiskReadBytes = 0, long DiskWriteBytes = 0, double GcPauseSeconds = double.NaN, int Gen2Collections = 0,
        int OrderLinesPerCustomer = 0, long OrderLines = 0, int CasesPerCustomer = 0, long Cases = 0, long CaseEvents = 0);

    /// <summary>Fixed "now" so that the same options always generate the same data.</summary>
    public static readonly DateTime FixedNow = new(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc);

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static async Task<(SeedRecord Record, bool Seeded)> Ensure(BenchOptions options, DatabaseSettings settings, string dbPath)
    {
        var sidecar = dbPath + ".seed.json";
        var marker = dbPath + ".seeding";
        if (options.Reuse && File.Exists(dbPath) && File.Exists(sidecar))
        {
            var previous = JsonSerializer.Deserialize<SeedRecord>(await File.ReadAllTextAsync(sidecar));
            if (previous is not null && previous.RequestedCustomers == options.Customers &&
                previous.InteractionsPerCustomer == options.InteractionsPerCustomer && previous.DataSeed == options.DataSeed &&
                previous.OrderLinesPerCustomer == options.OrderLinesPerCustomer && previous.CasesPerCustomer == options.CasesPerCustomer)
            {
                var customers = CountCustomers(settings);
                if (customers == previous.Customers)
                {
                    Console.WriteLine($"Reusing {dbPath}: {previous.Customers:N0} customers, {previous.Interactions:N0} interactions (seeded {previous.FinishedUtc:u}).");
                    return (previous, false);
                }

                Console.WriteLine($"--reuse: {dbPath} holds {customers:N0} customers, the seed record says {previous.Customers:N0}; seeding again.");
            }
            else
            {
                Console.WriteLine($"--reuse: {dbPath} was seeded with other options; seeding again.");
            }
        }
        else if (options.Reuse)
        {
            Console.WriteLine($"--reuse: no complete seed found at {dbPath}; seeding.");
        }

        if (File.Exists(dbPath) && !File.Exists(sidecar) && !File.Exists(marker))
        {
            // Never delete a database the harness did not create (e.g. --db data/vinculo.db by mistake).
            throw new InvalidOperationException(
                $"{dbPath} exists but has no {Path.GetFileName(sidecar)}, so the harness did not create it; delete it yourself or choose another --db.");
        }

        foreach (var file in new[] { dbPath, dbPath + "-wal", dbPath + "-shm", sidecar })
        {
            File.Delete(file);
        }

        SqliteConnection.ClearAllPools();
        Directory.CreateDirectory(Path.GetDirectoryName(dbPath)!);
        await File.WriteAllTextAsync(marker, "seeding in progress; an interrupted seed is deleted by the next run\n");
        var wall = Stopwatch.StartNew();
        var cpu = CpuUsage.Take();
        var own0 = CpuUsage.ProcessTicks(Environment.ProcessId);
        var read0 = CpuUsage.DiskReadBytes(Environment.ProcessId);
        var write0 = CpuUsage.DiskWriteBytes(Environment.ProcessId);
        var pause0 = GC.GetTotalPauseDuration();
        var gen20 = GC.CollectionCount(2);
        StorageSetup.Migrate(settings);
        if (options.CasesPerCustomer > 0)
        {
            await CreateServiceUsers(settings);
        }

        Console.WriteLine($"Seeding {options.Customers:N0} customers × {options.InteractionsPerCustomer} interactions × {options.OrderLinesPerCustomer} order lines × {options.CasesPerCustomer} cases (seed {options.DataSeed}) into {dbPath} ...");
        var result = await DemoSeeder.Seed(settings,
            new SeedOptions(options.Customers, options.InteractionsPerCustomer, options.DataSeed, FixedNow, options.OrderLinesPerCustomer, options.CasesPerCustomer),
            new ConsoleProgress(), CancellationToken.None);
        wall.Stop();
        var others = CpuUsage.OtherCores(cpu, CpuUsage.Take());
        var ownCores = CpuUsage.TicksToMs(CpuUsage.ProcessTicks(Environment.ProcessId) - own0) / wall.Elapsed.TotalMilliseconds;
        var read = CpuUsage.DiskReadBytes(Environment.ProcessId) - read0;
        var written = CpuUsage.DiskWriteBytes(Environment.ProcessId) - write0;
        var pause = (GC.GetTotalPauseDuration() - pause0).TotalSeconds;
        var gen2 = GC.CollectionCount(2) - gen20;
        Console.WriteLine($"Seeded {result.Customers:N0} customers, {result.Interactions:N0} interactions, {result.OrderLines:N0} order lines and {result.Cases:N0} cases with {result.CaseEvents:N0} events in {result.Elapsed.TotalSeconds:N1} s " +
                          $"({result.Interactions / result.Elapsed.TotalSeconds:N0} interactions/s); wall time with migration {wall.Elapsed.TotalSeconds:N1} s; this process used {ownCores:0.00} cores, other processes {others:0.00}; " +
                          $"storage read {read / 1e9:0.00} GB, written {written / 1e9:0.00} GB; GC pauses {pause:0.0} s ({gen2} gen2 collections).");

        var rows = CountRows(settings);
        var record = new SeedRecord(options.Customers, options.InteractionsPerCustomer, options.DataSeed, FixedNow,
            result.Customers, result.Interactions, rows.Values.Sum(), rows, result.Elapsed.TotalSeconds, wall.Elapsed.TotalSeconds, DateTime.UtcNow, others, ownCores, read, written, pause, gen2,
            options.OrderLinesPerCustomer, result.OrderLines, options.CasesPerCustomer, result.Cases, result.CaseEvents);
        await File.WriteAllTextAsync(sidecar, JsonSerializer.Serialize(record, Json));
        File.Delete(marker);
        return (record, true);
    }

    /// <summary>The agents and supervisors of the bench service desk: the demo puts them in its teams and assigns cases to the agents.</summary>
    public const int BenchAgents = 30;

    public const string BenchAgentPassword = "Bench-Agent-Password-1";

    private static async Task CreateServiceUsers(DatabaseSettings settings)
    {
        await using var provider = new ServiceCollection().AddLogging().AddVinculoCore(settings).BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        for (var i = 1; i <= BenchAgents + 3; i++)
        {
            var supervisor = i > BenchAgents;
            var n = supervisor ? i - BenchAgents : i;
            await users.Create(supervisor ? $"bench-supervisor-{n:00}@vinculo.local" : $"bench-agent-{n:00}@vinculo.local", BenchAgentPassword,
                supervisor ? Roles.Supervisor : Roles.Agent, supervisor ? $"Supervisor {n:00}" : $"Agente {n:00}");
        }
    }

    private static long CountCustomers(DatabaseSettings settings)
    {
        using var connection = new SqliteConnection(settings.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM customers";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Rows in every ordinary table (not full-text shadow tables, not the migration journal).</summary>
    public static Dictionary<string, long> CountRows(DatabaseSettings settings)
    {
        using var connection = new SqliteConnection(settings.ConnectionString);
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = """
                SELECT name FROM sqlite_master
                WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' AND name <> 'VersionInfo' AND sql NOT LIKE 'CREATE VIRTUAL%'
                ORDER BY name
                """;
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var counts = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            var n = (long)count.ExecuteScalar()!;
            if (n > 0)
            {
                counts[table] = n;
            }
        }

        return counts;
    }

    /// <summary>Synchronous progress (Progress&lt;T&gt; would post to the thread pool), printed at most every 5 s.</summary>
    private sealed class ConsoleProgress : IProgress<SeedProgress>
    {
        private readonly Stopwatch _since = Stopwatch.StartNew();
        private TimeSpan? _last;

        public void Report(SeedProgress value)
        {
            var now = _since.Elapsed;
            if (_last is { } last && now - last < TimeSpan.FromSeconds(5))
            {
                return;
            }

            _last = now;
            Console.WriteLine($"  [{now.TotalSeconds,6:0} s] {value}");
        }
    }
}
