using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core;
using Vinculo.Core.Storage;

namespace Vinculo.Bench;

/// <summary>
/// Vinculo's performance harness: seeds SQLite with demo data, then measures search, the customer 360 in-process
/// and over HTTP against a raw baseline; prints a table and writes JSON. See bench/README.md.
/// </summary>
internal static class Program
{
    public const double SeedTargetInteractionsPerSecond = 100_000;

    public static async Task<int> Main(string[] args)
    {
        try
        {
            return await Run(args);
        }
        catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or TimeoutException)
        {
            Console.Error.WriteLine($"Vinculo.Bench: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> Run(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;

        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(BenchOptions.Usage);
            return 2;
        }

        if (options.Help)
        {
            Console.WriteLine(BenchOptions.Usage);
            return 0;
        }

        var repoRoot = FindRepoRoot();
        var dbPath = options.DbPath(Path.GetTempPath());
        var settings = DatabaseSettings.Parse($"Data Source={dbPath}");
        var resultsDir = Path.Combine(repoRoot, "bench", "results");
        var outPath = options.Out is not null
            ? Path.GetFullPath(options.Out)
            : Path.Combine(resultsDir, $"{options.Name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");

        var report = new Report();
        report.CollectMachine(repoRoot);
        report.Parameters["provider"] = "SQLite";
        report.Parameters["customers"] = options.Customers;
        report.Parameters["interactionsPerCustomer"] = options.InteractionsPerCustomer;
        report.Parameters["orderLinesPerCustomer"] = options.OrderLinesPerCustomer;
        report.Parameters["dataSeed"] = options.DataSeed;
        report.Parameters["randomSeed"] = options.RandomSeed;
        report.Parameters["db"] = dbPath;
        report.Parameters["reuse"] = options.Reuse;
        report.Parameters["samples"] = options.Samples;
        report.Parameters["httpSeconds"] = options.HttpSeconds;
        report.Parameters["httpWarmupSeconds"] = options.HttpWarmupSeconds;
        report.Parameters["httpConnections"] = options.HttpConnections;
        var prewarm = options.Prewarm ?? report.Machine["pageCacheReclaim"] is null;
        report.Parameters["prewarmOsCache"] = prewarm;
        report.Parameters["quietWaitSeconds"] = options.QuietWaitSeconds;
        report.Parameters["only"] = options.Only;
        report.Parameters["webEnvironment"] = options.WebEnvironment;
        Measure.QuietWait = options.QuietWait;
        report.Parameters["commandLine"] = "dotnet run -c Release --project bench/Vinculo.Bench -- " + string.Join(' ', args);

        Console.WriteLine($"Vinculo.Bench on {report.Machine["cores"]} cores, {report.Machine["cpu"]}, {report.Machine["os"]}, {report.Machine["dotnet"]}; load average {report.Machine["loadAverageAtStart"]}");
        Console.WriteLine($"Database: {dbPath} (free space in its folder: {FreeSpace(dbPath)})");
        if (report.Machine["pageCacheReclaim"] is string damon)
        {
            Console.WriteLine($"Note: page-cache reclaim is active ({damon}): pages not touched for that long are dropped, so the OS cache");
            Console.WriteLine("      only holds recently read pages; the \"repeat\" rows show the same calls with the pages just read.");
        }

        Console.WriteLine();

        // 0. Import of a real file (its own fresh database; independent of the seeded one).
        if (options.Runs("import"))
        {
            await ImportBench.Run(report, options, repoRoot, resultsDir);
            Console.WriteLine();
        }

        // 0b. The knowledge base: retrieval quality and search latency (its own fresh databases).
        if (options.Runs("kb"))
        {
            report.Parameters["kbArticles"] = options.KbArticles;
            await KbBench.Run(report, options, repoRoot);
            Console.WriteLine();
        }

        // 0c. RFM of a transaction file as a whole `vinculo analytics rfm` process, against the pandas reference.
        if (options.Runs("rfm-file"))
        {
            await RfmFileBench.Run(report, options, repoRoot);
            Console.WriteLine();
        }

        // 0d. Classifiers on the public tables against scikit-learn, and training time on a large generated table.
        if (options.Runs("models"))
        {
            ModelsBench.Run(report, options, repoRoot);
            Console.WriteLine();
        }

        if (!options.NeedsSeed)
        {
            return Finish(report, outPath);
        }

        // 1. Data.
        var (seed, seeded) = await Seeding.Ensure(options, settings, dbPath);
        report.SeededThisRun = seeded;
        report.AddSeed(seed, SeedTargetInteractionsPerSecond);
        var (minId, maxId) = DescribeDataset(report, settings, dbPath, seed);
        Console.WriteLine();
        if (options.SeedDiagRows > 0 && options.Runs("seed-diag"))
        {
            await SeedDiag.Run(report, settings, dbPath, options.SeedDiagRows);
            Console.WriteLine();
        }

        // 2. OS cache: after a fresh seed the file is hot anyway; after --reuse it may not be. Read it once so that
        //    runs compare like with like (the figures are warm-cache figures either way).
        if (prewarm)
        {
            Prewarm(dbPath);
        }

        // 3. In-process, through the same DI registrations the web host uses.
        await using (var provider = new ServiceCollection().AddLogging().AddVinculoCore(settings).BuildServiceProvider(validateScopes: true))
        {
            if (options.Runs("360"))
            {
                await InProcessBench.Run(report, settings, provider, options, minId, maxId);
                Console.WriteLine();
            }

            if (options.Runs("search"))
            {
                await SearchBench.Run(report, settings, provider, options, minId, maxId);
                Console.WriteLine();
            }
        }

        // 4. The service desk: queues, the compliance report and the SLA recomputation.
        if (options.Runs("service"))
        {
            await ServiceBench.Run(report, settings, options);
            Console.WriteLine();
        }

        // 4b. The analytics warehouse: full and incremental loads into DuckDB.
        if (options.Runs("warehouse"))
        {
            await WarehouseBench.Run(report, settings, dbPath);
            Console.WriteLine();
        }

        SqliteConnection.ClearAllPools();

        // 5. HTTP against the real host.
        if (options.Http && options.Runs("http"))
        {
            await HttpBench.Run(report, options, repoRoot, settings.ConnectionString, resultsDir, minId, maxId);
            Console.WriteLine();
        }

        Analyse(report);
        return Finish(report, outPath);
    }

    private static int Finish(Report report, string outPath)
    {
        Console.WriteLine(report.Table());
        foreach (var note in report.Notes)
        {
            Console.WriteLine("* " + note);
        }

        report.WriteJson(outPath);
        Console.WriteLine();
        Console.WriteLine($"Results written to {outPath}");
        return 0;
    }

    private static (long MinId, long MaxId) DescribeDataset(Report report, DatabaseSettings settings, string dbPath, Seeding.SeedRecord seed)
    {
        using var connection = new SqliteConnection(settings.ConnectionString);
        connection.Open();
        object? Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteScalar();
        }

        var minId = Convert.ToInt64(Scalar("SELECT MIN(id) FROM customers"), CultureInfo.InvariantCulture);
        var maxId = Convert.ToInt64(Scalar("SELECT MAX(id) FROM customers"), CultureInfo.InvariantCulture);
        var fileBytes = new FileInfo(dbPath).Length;
        var walBytes = File.Exists(dbPath + "-wal") ? new FileInfo(dbPath + "-wal").Length : 0;
        report.Dataset["customers"] = seed.Customers;
        report.Dataset["interactions"] = seed.Interactions;
        report.Dataset["rowsByTable"] = seed.RowsByTable;
        report.Dataset["customerIdRange"] = new[] { minId, maxId };
        report.Dataset["fileBytes"] = fileBytes;
        report.Dataset["walBytes"] = walBytes;
        report.Dataset["sqliteVersion"] = Scalar("SELECT sqlite_version()");
        report.Dataset["pageSize"] = Scalar("PRAGMA page_size");
        report.Dataset["journalMode"] = Scalar("PRAGMA journal_mode");
        report.Dataset["analyzed"] = Convert.ToInt64(Scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"), CultureInfo.InvariantCulture) > 0;
        Console.WriteLine($"Dataset: {seed.Customers:N0} customers (ids {minId:N0}..{maxId:N0}), {seed.Interactions:N0} interactions, " +
                          $"file {fileBytes / 1e9:0.00} GB + WAL {walBytes / 1e6:0.0} MB, SQLite {report.Dataset["sqliteVersion"]}");
        return (minId, maxId);
    }

    private static void Prewarm(string dbPath)
    {
        var watch = Stopwatch.StartNew();
        long total = 0;
        var buffer = new byte[4 << 20];
        foreach (var file in new[] { dbPath, dbPath + "-wal" }.Where(File.Exists))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                total += read;
            }
        }

        Console.WriteLine($"Pre-warmed the OS cache: read {total / 1e9:0.00} GB in {watch.Elapsed.TotalSeconds:0.0} s");
        Console.WriteLine();
    }

    /// <summary>Where the time of the 360 goes, from the medians of the layered measurements.</summary>
    private static void Analyse(Report report)
    {
        double? P50(string key) => report.Latencies.TryGetValue(key, out var e) ? e.Latency.P50Ms : null;
        if (P50(InProcessBench.RawKey) is { } raw && P50("customer360.rawSameSql") is { } same &&
            P50("customer360.readerOneContext") is { } reader && P50(InProcessBench.ServiceKey) is { } service &&
            P50("customer360.openClose") is { } open)
        {
            report.Notes.Add(
                $"Customer 360 p50 breakdown (each on its own random ids, first touch): raw 3 prepared statements {raw:0.000} ms; the 360's {InProcessBench.Statements} statements unprepared on an open connection {same:0.000} ms ({same - raw:+0.000;-0.000}); " +
                $"CustomerReader.Get360 on one VinculoDb (EF connection open/close with per-open PRAGMAs + DTO building) {reader:0.000} ms ({reader - same:+0.000;-0.000}; pooled open+PRAGMAs+close alone {open:0.000}); " +
                $"fresh DI scope + pooled DbContext {service:0.000} ms ({service - reader:+0.000;-0.000}). Service/baseline = {service / raw:0.0}×.");
        }

        if (report.Latencies.TryGetValue(InProcessBench.ServiceKey, out var s1) && report.Latencies.TryGetValue(InProcessBench.ServiceKey + ".repeat", out var s2) &&
            report.Latencies.TryGetValue(InProcessBench.RawKey, out var r1) && report.Latencies.TryGetValue(InProcessBench.RawKey + ".repeat", out var r2))
        {
            report.Notes.Add(
                $"Storage vs CPU: first touch reads {s1.DiskKiBPerCall:0.0} KiB/call from storage for the service ({r1.DiskKiBPerCall:0.0} for the baseline); " +
                $"the same ids again at once read {s2.DiskKiBPerCall:0.0} ({r2.DiskKiBPerCall:0.0}). Service p50/p99 {s1.Latency.P50Ms:0.000}/{s1.Latency.P99Ms:0.000} ms → hot {s2.Latency.P50Ms:0.000}/{s2.Latency.P99Ms:0.000} ms; " +
                $"baseline {r1.Latency.P50Ms:0.000}/{r1.Latency.P99Ms:0.000} → hot {r2.Latency.P50Ms:0.000}/{r2.Latency.P99Ms:0.000} ms.");
        }

        if (report.Http.TryGetValue(HttpBench.HarnessKey, out var http) && P50(InProcessBench.ServiceKey) is { } inProcess)
        {
            var json = P50("customer360.json") ?? double.NaN;
            var single = report.Http.TryGetValue(HttpBench.SingleKey, out var one) ? one.Figures : null;
            var f = http.Figures;
            var cpuPerRequest = f.ServerCpuMsPerRequest + f.ClientCpuMsPerRequest;
            report.Notes.Add(
                $"HTTP 360: in-process service p50 {inProcess:0.000} ms + JSON serialisation p50 {json:0.000} ms; over HTTP with 1 connection p50 {single?.Latency.P50Ms:0.000} ms " +
                $"(server CPU {single?.ServerCpuMsPerRequest:0.000} ms/request). With {f.Connections} connections: server CPU {f.ServerCpuMsPerRequest:0.000} ms + " +
                $"load generator {f.ClientCpuMsPerRequest:0.000} ms per request = {cpuPerRequest:0.000} ms on {Environment.ProcessorCount} cores, so at most " +
                $"~{Environment.ProcessorCount / cpuPerRequest * 1000:N0} req/s; measured {f.RequestsPerSecond:N0} req/s, and by Little's law {f.Connections} in flight / " +
                $"{f.RequestsPerSecond:N0} req/s = {f.Connections / f.RequestsPerSecond * 1000:0.00} ms mean latency (measured {f.Latency.MeanMs:0.00}). " +
                $"The in-process work (service + JSON, p50) is {(inProcess + json) / f.ServerCpuMsPerRequest * 100:0}% of the server's CPU per request; the rest is the web stack.");
        }
    }

    private static string FreeSpace(string path)
    {
        try
        {
            var folder = Path.GetDirectoryName(path)!;
            Directory.CreateDirectory(folder);
            var drive = new DriveInfo(folder);
            return $"{drive.AvailableFreeSpace / 1e9:0.0} GB";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string FindRepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Vinculo.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
