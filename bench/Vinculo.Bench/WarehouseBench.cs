using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Vinculo.Core.Analytics.Warehouse;
using Vinculo.Core.Storage;

namespace Vinculo.Bench;

/// <summary>
/// The analytics warehouse (section <c>warehouse</c>): a full load of the bench database into DuckDB, an incremental load
/// with nothing changed, and one after a few thousand new rows (removed again afterwards, so the bench database stays as
/// seeded). Per staging table: rows and rows/s; the final file size.
/// </summary>
internal static class WarehouseBench
{
    public const double FullLoadTargetSeconds = 30;
    private const int NewInteractions = 5_000;
    private const int NewPayments = 2_000;

    public static async Task Run(Report report, DatabaseSettings settings, string dbPath)
    {
        // A database seeded before the newer migrations lacks columns the warehouse reads (tier, segment, cases).
        StorageSetup.Migrate(settings);
        var path = AnalyticsWarehouse.Locate(settings);
        var loader = new WarehouseLoader(settings, path);
        Console.WriteLine($"Warehouse: {dbPath} → {path} ({Environment.ProcessorCount} cores, {loader.Parallelism} readers)");

        var full = await Timed(report, "full", "Warehouse full load", () => loader.LoadFull(ConsoleProgress()), FullLoadTargetSeconds);
        var nothing = await Timed(report, "incrementalNothing", "Warehouse incremental load, nothing changed", () => loader.LoadIncremental(), null);

        var (maxInteraction, maxPayment) = AddRows(settings);
        try
        {
            await Timed(report, "incrementalNewRows", $"Warehouse incremental load, {NewInteractions:N0} new interactions + {NewPayments:N0} new payments",
                () => loader.LoadIncremental(), null);
        }
        finally
        {
            RemoveRows(settings, maxInteraction, maxPayment);
        }

        report.Warehouse["fileBytes"] = full.FileBytes;
        report.Warehouse["path"] = path;
        report.Notes.Add(
            $"Warehouse full load {full.Elapsed.TotalSeconds:0.0} s: staging (read + append, {loader.Parallelism} readers) {full.StagingSeconds:0.0} s, " +
            $"building the star tables in DuckDB {full.TransformSeconds:0.0} s; file {full.FileBytes / 1e9:0.00} GB. " +
            $"Incremental with nothing changed {nothing.Elapsed.TotalSeconds:0.0} s (copying the file {CopySeconds(nothing):0.0} s of it).");
    }

    private static double CopySeconds(WarehouseLoadResult r) => r.Elapsed.TotalSeconds - r.StagingSeconds - r.TransformSeconds;

    private static async Task<WarehouseLoadResult> Timed(Report report, string key, string label, Func<Task<WarehouseLoadResult>> load, double? targetSeconds)
    {
        var others0 = CpuUsage.Take();
        var own0 = CpuUsage.ProcessTicks(Environment.ProcessId);
        var read0 = CpuUsage.DiskReadBytes(Environment.ProcessId);
        var watch = Stopwatch.StartNew();
        var result = await load();
        watch.Stop();
        var ownCores = CpuUsage.TicksToMs(CpuUsage.ProcessTicks(Environment.ProcessId) - own0) / watch.Elapsed.TotalMilliseconds;
        var others = CpuUsage.OtherCores(others0, CpuUsage.Take());
        var diskRead = CpuUsage.DiskReadBytes(Environment.ProcessId) - read0;
        var stages = result.Stages.OrderByDescending(s => s.Rows).Select(s => new
        {
            s.Stage, s.Source, s.Rows, s.Parts, readerSeconds = s.Seconds, rowsPerReaderSecond = s.Seconds > 0 ? s.Rows / s.Seconds : 0,
        }).ToList();
        report.Warehouse[key] = new
        {
            label, mode = result.Mode.ToString(), seconds = watch.Elapsed.TotalSeconds, result.StagingSeconds, result.TransformSeconds,
            copyAndRenameSeconds = CopySeconds(result), result.FileBytes, rowsWritten = result.Rows, tableRows = result.TableRows,
            rowsPerSecond = result.Rows.Values.Sum() / watch.Elapsed.TotalSeconds, stages, ownCores, otherProcessesCores = others,
            diskReadBytes = diskRead, targetSeconds,
        };
        bool? met = targetSeconds is { } t ? watch.Elapsed.TotalSeconds <= t : null;
        var written = result.Rows.Values.Sum();
        report.Rows.Add(new Report.Row($"warehouse.{key}", label, null, null, null,
            $"{watch.Elapsed.TotalSeconds:0.0} s: {written:N0} rows written ({written / watch.Elapsed.TotalSeconds:N0} rows/s), staging {result.StagingSeconds:0.0} s, " +
            $"star tables {result.TransformSeconds:0.0} s, file {result.FileBytes / 1e6:N0} MB, own {ownCores:0.0} cores, others {others:0.0} cores, disk read {diskRead / 1e9:0.0} GB",
            targetSeconds is { } limit ? $"≤ {limit:0} s" : "", met));
        Console.WriteLine($"  {label}: {watch.Elapsed.TotalSeconds:0.0} s (staging {result.StagingSeconds:0.0} s, star tables {result.TransformSeconds:0.0} s), " +
                          $"own {ownCores:0.00} cores, others {others:0.00}, disk read {diskRead / 1e9:0.00} GB");
        foreach (var s in stages)
        {
            Console.WriteLine($"    {s.Stage,-18} {s.Rows,12:N0} rows in {s.Parts,2} parts, {s.readerSeconds,7:0.0} reader-s, {s.rowsPerReaderSecond,12:N0} rows/reader-s");
        }

        return result;
    }

    private static IProgress<WarehouseProgress> ConsoleProgress()
    {
        var last = Stopwatch.StartNew();
        var gate = new Lock();
        return new Progress(p =>
        {
            lock (gate)
            {
                if (last.Elapsed.TotalSeconds >= 5)
                {
                    last.Restart();
                    Console.WriteLine($"    … {p.Table}: {p.RowsDone:N0} / ~{p.RowsExpected:N0}");
                }
            }
        });
    }

    private sealed class Progress(Action<WarehouseProgress> report) : IProgress<WarehouseProgress>
    {
        public void Report(WarehouseProgress value) => report(value);
    }

    /// <summary>Copies the latest interactions and payments as new rows (new ids), so the incremental load has something to add.</summary>
    private static (long MaxInteraction, long MaxPayment) AddRows(DatabaseSettings settings)
    {
        using var connection = new SqliteConnection(settings.ConnectionString);
        connection.Open();
        using var tx = connection.BeginTransaction();
        long Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = sql;
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        var maxInteraction = Scalar("SELECT MAX(id) FROM interactions");
        var maxPayment = Scalar("SELECT MAX(id) FROM payments");
        Scalar($"""
            INSERT INTO interactions (customer_id, channel, direction, moment, subject, body, agent_id, agent_name, occurred_at, duration_seconds, outcome, search_terms, created_at)
            SELECT customer_id, channel, direction, moment, subject, body, agent_id, agent_name, occurred_at + 1, duration_seconds, outcome, search_terms, created_at
            FROM interactions WHERE id > {maxInteraction - NewInteractions} ORDER BY id;
            SELECT changes();
            """);
        Scalar($"""
            INSERT INTO payments (customer_id, invoice_id, method, paid_at, amount, currency, reference, created_at)
            SELECT customer_id, NULL, method, paid_at + 1, amount, currency, 'bench-warehouse', created_at
            FROM payments WHERE id > {maxPayment - NewPayments} ORDER BY id;
            SELECT changes();
            """);
        tx.Commit();
        return (maxInteraction, maxPayment);
    }

    private static void RemoveRows(DatabaseSettings settings, long maxInteraction, long maxPayment)
    {
        using var connection = new SqliteConnection(settings.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"DELETE FROM interactions WHERE id > {maxInteraction}; DELETE FROM payments WHERE id > {maxPayment};";
        command.ExecuteNonQuery();
    }
}
