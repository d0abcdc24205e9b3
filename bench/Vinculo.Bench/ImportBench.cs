using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Vinculo.Core.Commerce.Import;
using Vinculo.Core.ImportExport;
using Vinculo.Core.Storage;

namespace Vinculo.Bench;

/// <summary>
/// Imports the full UCI Online Retail file (541,909 lines) into a fresh SQLite database: in-process through
/// <see cref="TransactionImport"/> (lines/s), and as a whole `vinculo import transactions` process (start-up, migration,
/// import, exit) timed from outside.
/// </summary>
internal static class ImportBench
{
    public const int Runs = 3;

    public static async Task Run(Report report, BenchOptions options, string repoRoot, string resultsDir)
    {
        var file = options.OnlineRetail ?? Path.Combine(repoRoot, "..", "shared", "datasets", "online-retail", "online_retail.csv.gz");
        if (!File.Exists(file))
        {
            Console.WriteLine($"Import: {file} not found (--online-retail PATH); skipped.");
            report.Notes.Add("Import benchmark skipped: the Online Retail file was not found.");
            return;
        }

        file = Path.GetFullPath(file);
        Console.WriteLine($"Import of {file} ({new FileInfo(file).Length / 1e6:0.0} MB) into a fresh SQLite database, {Runs} runs each:");
        var db = Path.Combine(resultsDir, "import-bench.db");

        var inProcess = new List<(double Seconds, TransactionImportResult Result)>();
        for (var i = 0; i < Runs; i++)
        {
            Fresh(db);
            var settings = DatabaseSettings.Parse($"Data Source={db}");
            StorageSetup.Migrate(settings);
            await CpuUsage.WaitForQuiet(Measure.QuietWait);
            var cpu = CpuUsage.Take();
            await using var input = File.OpenRead(file);
            var result = await TransactionImport.Run(settings, input, TransactionMapping.OnlineRetail,
                new TransactionImportOptions { Mode = ImportMode.SkipInvalid }, CancellationToken.None);
            var others = CpuUsage.OtherCores(cpu, CpuUsage.Take());
            inProcess.Add((result.Elapsed.TotalSeconds, result));
            Console.WriteLine($"  in-process run {i + 1}: {result.LinesRead:N0} lines in {result.Elapsed.TotalSeconds:0.00} s " +
                              $"({result.LinesRead / result.Elapsed.TotalSeconds:N0} lines/s; {result.Orders:N0} orders, {result.OrderLines:N0} lines, " +
                              $"{result.Returns:N0} returns, {result.RowsRejected:N0} rejected; other processes {others:0.0} cores)");
        }

        var median = inProcess.OrderBy(r => r.Seconds).ElementAt(Runs / 2);
        report.AddImport("import.inProcess", "Import Online Retail in-process (TransactionImport, SQLite)", median.Result.LinesRead / median.Seconds,
            median.Seconds, $"median of {Runs}; {median.Result.Orders:N0} orders, {median.Result.OrderLines:N0} order lines, {median.Result.Returns:N0} returns, {median.Result.RowsRejected:N0} rows rejected");

        var cli = Path.Combine(repoRoot, "src", "Vinculo.Cli", "bin", "Release", "net10.0", "vinculo.dll");
        if (!File.Exists(cli))
        {
            Console.WriteLine($"  {cli} not found: build it with `dotnet build -c Release src/Vinculo.Cli` to time the whole process.");
            report.Notes.Add("Whole-process import not timed: the Release CLI was not built.");
            Fresh(db);
            return;
        }

        var wall = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            Fresh(db);
            await CpuUsage.WaitForQuiet(Measure.QuietWait);
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { cli, "import", "transactions", "--format", "online-retail", file, "--mode", "skip-invalid" })
            {
                start.ArgumentList.Add(a);
            }

            start.Environment["VINCULO_DATABASE"] = $"Data Source={db}";
            var stopwatch = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            stopwatch.Stop();
            _ = await stdout;
            var errors = await stderr;
            // Exit code 2 means "rows were rejected", which the real file has (stock write-offs, bank charges).
            if (process.ExitCode is not (0 or 2))
            {
                throw new InvalidOperationException($"vinculo import exited with {process.ExitCode}: {errors}");
            }

            wall.Add(stopwatch.Elapsed.TotalSeconds);
            Console.WriteLine($"  whole process run {i + 1}: {stopwatch.Elapsed.TotalSeconds:0.00} s (exit code {process.ExitCode})");
        }

        var wallMedian = wall.Order().ElementAt(Runs / 2);
        report.AddImport("import.process", "Import Online Retail, whole `vinculo import transactions` process", median.Result.LinesRead / wallMedian,
            wallMedian, $"median of {Runs}; start-up, migration of an empty database, import and exit");
        Fresh(db);
    }

    private static void Fresh(string db)
    {
        SqliteConnection.ClearAllPools();
        HotReads.ClearPool($"Data Source={db}");
        foreach (var f in new[] { db, db + "-wal", db + "-shm" })
        {
            File.Delete(f);
        }
    }
}
