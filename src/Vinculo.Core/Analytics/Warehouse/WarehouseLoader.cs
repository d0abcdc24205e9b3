using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Microsoft.Data.Sqlite;
using Npgsql;
using Vinculo.Core.Common;
using Vinculo.Core.Storage;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Service;
using static Vinculo.Core.Analytics.Warehouse.WarehouseSchema;

namespace Vinculo.Core.Analytics.Warehouse;

public enum WarehouseLoadMode
{
    Full,
    Incremental,
}

/// <summary>Progress of a load: rows read so far for a warehouse table, and an estimate of how many there will be.</summary>
public readonly record struct WarehouseProgress(string Table, long RowsDone, long RowsExpected);

/// <summary>The time one staging table took to read from the operational database and append to DuckDB.</summary>
public sealed record WarehouseStageTiming(string Stage, string Source, long Rows, double Seconds, int Parts);

/// <summary>What a load did.</summary>
/// <param name="Mode">The mode that ran (an incremental load with no warehouse yet runs a full one).</param>
/// <param name="Path">The warehouse file.</param>
/// <param name="Rows">Rows written per warehouse table by this load (a full load writes every row).</param>
/// <param name="TableRows">Rows in each warehouse table after the load.</param>
/// <param name="Elapsed">Wall time of the whole load.</param>
/// <param name="StagingSeconds">Wall time of reading the operational database into the staging tables.</param>
/// <param name="TransformSeconds">Wall time of building the warehouse tables from the staging tables.</param>
/// <param name="Stages">Per staging table: rows and time (summed over its parallel parts).</param>
/// <param name="FileBytes">Size of the warehouse file after the load.</param>
public sealed record WarehouseLoadResult(
    WarehouseLoadMode Mode, string Path, IReadOnlyDictionary<string, long> Rows, IReadOnlyDictionary<string, long> TableRows,
    TimeSpan Elapsed, double StagingSeconds, double TransformSeconds, IReadOnlyList<WarehouseStageTiming> Stages, long FileBytes);

/// <summary>
/// Loads the warehouse star schema from the operational database (SQLite or PostgreSQL). Every load — full or incremental —
/// writes a new file beside the warehouse and renames it over the old one once complete, so readers never see a partial
/// load and a failed load leaves the previous warehouse as it was. One load at a time per warehouse (a lock file); a
/// second one gets a <see cref="ConflictException"/>.
/// </summary>
public sealed class WarehouseLoader
{
    private const int ProgressEvery = 65_536;
    private const long RangeRows = 2_500_000;

    private readonly DatabaseSettings _settings;
    private readonly TimeProvider _clock;

    public WarehouseLoader(DatabaseSettings settings, string warehousePath, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _clock = clock ?? TimeProvider.System;
        Warehouse = new AnalyticsWarehouse(warehousePath);
    }

    public WarehouseLoader(DatabaseSettings settings, AnalyticsWarehouse warehouse, TimeProvider? clock = null)
        : this(settings, warehouse?.Path ?? throw new ArgumentNullException(nameof(warehouse)), clock)
    {
    }

    public AnalyticsWarehouse Warehouse { get; }

    /// <summary>Concurrent readers of the operational database during staging (default: the number of cores, at least 2).</summary>
    public int Parallelism { get; init; } = Math.Max(2, Environment.ProcessorCount);

    public Task<WarehouseLoadResult> LoadFull(IProgress<WarehouseProgress>? progress = null, CancellationToken ct = default) =>
        Load(WarehouseLoadMode.Full, progress, ct);

    /// <summary>Applies what changed since the last load; runs a full load when there is no warehouse yet.</summary>
    public Task<WarehouseLoadResult> LoadIncremental(IProgress<WarehouseProgress>? progress = null, CancellationToken ct = default) =>
        Load(WarehouseLoadMode.Incremental, progress, ct);

    public Task<WarehouseLoadResult> Load(WarehouseLoadMode mode, IProgress<WarehouseProgress>? progress = null, CancellationToken ct = default) =>
        Task.Run(() => Run(mode, progress, ct), ct);

    private WarehouseLoadResult Run(WarehouseLoadMode mode, IProgress<WarehouseProgress>? progress, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var path = Warehouse.Path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        using var gate = AcquireLock(path);
        if (mode == WarehouseLoadMode.Incremental && !File.Exists(path))
        {
            mode = WarehouseLoadMode.Full;
        }

        var temp = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, $".{System.IO.Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            if (mode == WarehouseLoadMode.Incremental)
            {
                File.Copy(path, temp);
            }

            var run = new LoadRun(this, mode, temp, progress, ct);
            run.Execute();
            ct.ThrowIfCancellationRequested();
            File.Move(temp, path, overwrite: true);
            return run.Result(path, watch.Elapsed, new FileInfo(path).Length);
        }
        finally
        {
            File.Delete(temp);
            File.Delete(temp + ".wal");
        }
    }

    private static FileStream AcquireLock(string path)
    {
        try
        {
            return new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new ConflictException($"A load of the analytics warehouse {path} is already running.");
        }
    }

    private DbConnection OpenSource()
    {
        if (_settings.IsSqlite)
        {
            var connection = new SqliteConnection(_settings.ConnectionString);
            connection.Open();
            using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA cache_size=-16384; PRAGMA temp_store=MEMORY;";
            pragma.ExecuteNonQuery();
            return connection;
        }

        var pg = new NpgsqlConnection(_settings.ConnectionString);
        pg.Open();
        return pg;
    }

    /// <summary>One load into one new file.</summary>
    private sealed class LoadRun(WarehouseLoader loader, WarehouseLoadMode mode, string file, IProgress<WarehouseProgress>? progress, CancellationToken ct)
    {
        private readonly Dictionary<string, long> _rows = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _tableRows = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, long> _done = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _expected = new(StringComparer.Ordinal);
        private readonly List<WarehouseStageTiming> _timings = [];
        private Dictionary<string, long> _watermarks = new(StringComparer.Ordinal);
        private double _stagingSeconds;
        private double _transformSeconds;

        private bool Full => mode == WarehouseLoadMode.Full;

        public void Execute()
        {
            using var duck = new DuckDBConnection($"Data Source={file}");
            duck.Open();
            var stages = WarehouseStages.For(loader._settings.IsSqlite)
                .Where(s => Full ? s.Full.Length > 0 : s.Incremental is not null)
                .ToList();
            if (Full)
            {
                Exec(duck, Ddl);
            }
            else
            {
                _watermarks = ReadWatermarks(duck);
            }

            foreach (var stage in stages)
            {
                Exec(duck, $"DROP TABLE IF EXISTS {stage.Name}; {stage.CreateSql}");
            }

            var watch = Stopwatch.StartNew();
            // The customer id list must be read after the changed customers, or a customer created in between would look deleted.
            var last = stages.Where(s => s.Name == "stg_customer_ids").ToList();
            StageAll(duck, stages.Except(last).ToList());
            StageAll(duck, last);
            _stagingSeconds = watch.Elapsed.TotalSeconds;

            watch.Restart();
            if (Full)
            {
                Exec(duck, """
                    CREATE VIEW stg_order_line AS
                    SELECT l.*, o.ordered_at, o.channel, o.status, o.currency, o.updated_at AS order_updated_at
                    FROM stg_ol l JOIN stg_order o ON o.id = l.order_id
                    """);
            }

            Transform(duck);
            UpdateWatermarks(duck);
            WriteLoads(duck);
            if (Full)
            {
                Exec(duck, "DROP VIEW stg_order_line");
            }
            foreach (var stage in stages)
            {
                Exec(duck, $"DROP TABLE IF EXISTS {stage.Name}");
            }

            Exec(duck, "CHECKPOINT");
            _transformSeconds = watch.Elapsed.TotalSeconds;
        }

        public WarehouseLoadResult Result(string path, TimeSpan elapsed, long bytes) =>
            new(mode, path, _rows, _tableRows, elapsed, _stagingSeconds, _transformSeconds, _timings, bytes);

        // ---- staging -------------------------------------------------------------------------------------------------

        private sealed record Part(Stage Stage, string Sql, (long Lo, long Hi)? Range);

        private void StageAll(DuckDBConnection duck, List<Stage> stages)
        {
            if (stages.Count == 0)
            {
                return;
            }

            var parts = new List<Part>();
            using (var source = loader.OpenSource())
            {
                foreach (var stage in stages)
                {
                    if (!Full)
                    {
                        parts.Add(new Part(stage, stage.Incremental!, null));
                        continue;
                    }

                    if (!IsRanged(stage))
                    {
                        parts.Add(new Part(stage, stage.Full, null));
                        continue;
                    }

                    var (min, max) = IdRange(source, stage.Source);
                    var expected = max >= min ? max - min + 1 : 0;
                    _expected[stage.Target] = _expected.GetValueOrDefault(stage.Target) + expected;
                    var pieces = (int)Math.Clamp(expected / RangeRows, 1, 64);
                    if (pieces == 1)
                    {
                        parts.Add(new Part(stage, stage.Full, null));
                        continue;
                    }

                    var step = (expected + pieces - 1) / pieces;
                    for (var lo = min; lo <= max; lo += step)
                    {
                        parts.Add(new Part(stage, stage.Full, (lo, Math.Min(max + 1, lo + step))));
                    }
                }
            }

            // Largest first, so the long reads start at once and the small ones fill the gaps.
            parts.Sort((a, b) => Size(b).CompareTo(Size(a)));
            var queue = new ConcurrentQueue<Part>(parts);
            var timings = new ConcurrentBag<(Stage Stage, long Rows, double Seconds)>();
            var workers = Math.Min(loader.Parallelism, parts.Count);
            var errors = new ConcurrentQueue<Exception>();
            using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var threads = new Thread[workers];
            for (var w = 0; w < workers; w++)
            {
                threads[w] = new Thread(() =>
                {
                    try
                    {
                        // Another connection to the same database instance (DuckDB shares one instance per file in a process).
                        using var connection = new DuckDBConnection(duck.ConnectionString);
                        connection.Open();

                        using var source = loader.OpenSource();
                        while (!failed.IsCancellationRequested && queue.TryDequeue(out var part))
                        {
                            var watch = Stopwatch.StartNew();
                            var rows = Copy(source, connection, part, failed.Token);
                            timings.Add((part.Stage, rows, watch.Elapsed.TotalSeconds));
                        }
                    }
                    catch (Exception e)
                    {
                        errors.Enqueue(e);
                        failed.Cancel();
                    }
                })
                { IsBackground = true, Name = $"warehouse-stage-{w}" };
                threads[w].Start();
            }

            foreach (var thread in threads)
            {
                thread.Join();
            }

            ct.ThrowIfCancellationRequested();
            if (!errors.IsEmpty)
            {
                var first = errors.FirstOrDefault(e => e is not OperationCanceledException) ?? errors.First();
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
            }

            foreach (var g in timings.GroupBy(t => t.Stage))
            {
                _timings.Add(new WarehouseStageTiming(g.Key.Name, g.Key.Source, g.Sum(t => t.Rows), g.Sum(t => t.Seconds), g.Count()));
            }

            long Size(Part p) => p.Range is { } r ? r.Hi - r.Lo : _expected.GetValueOrDefault(p.Stage.Target);
        }

        /// <summary>Stages read from one table by id, which a full load splits into id ranges read in parallel.</summary>
        private static bool IsRanged(Stage stage) =>
            stage.Name is "stg_customer" or "stg_ol" or "stg_order" or "stg_invoice" or "stg_payment" or "stg_interaction" or "stg_case"
                or "stg_contract" or "stg_return";

        private static (long Min, long Max) IdRange(DbConnection source, string table)
        {
            using var command = source.CreateCommand();
            command.CommandText = $"SELECT MIN(id), MAX(id) FROM {table}";
            using var reader = command.ExecuteReader();
            reader.Read();
            return reader.IsDBNull(0) ? (1, 0) : (reader.GetInt64(0), reader.GetInt64(1));
        }

        private long Copy(DbConnection source, DuckDBConnection duck, Part part, CancellationToken token)
        {
            var stage = part.Stage;
            using var command = source.CreateCommand();
            command.CommandTimeout = 0;
            command.CommandText = part.Range is null ? part.Sql : part.Sql + " WHERE id >= @lo AND id < @hi";
            if (part.Range is { } range)
            {
                command.Add("@lo", range.Lo);
                command.Add("@hi", range.Hi);
            }

            if (!Full)
            {
                BindWatermarks(command, stage);
            }

            var columns = stage.Columns;
            var types = new StageType[columns.Length];
            for (var i = 0; i < types.Length; i++)
            {
                types[i] = columns[i].Type;
            }

            long rows = 0;
            using var registration = token.Register(() =>
            {
                try
                {
                    command.Cancel();
                }
                catch (InvalidOperationException)
                {
                }
            });
            using var appender = duck.CreateAppender(stage.Name);
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    var row = appender.CreateRow();
                    for (var i = 0; i < types.Length; i++)
                    {
                        switch (types[i])
                        {
                            case StageType.Int64:
                                row.AppendValue(reader.GetInt64(i));
                                break;
                            case StageType.Int32:
                                row.AppendValue(reader.GetInt32(i));
                                break;
                            case StageType.Int64Null:
                                if (reader.IsDBNull(i))
                                {
                                    row.AppendNullValue();
                                }
                                else
                                {
                                    row.AppendValue(reader.GetInt64(i));
                                }

                                break;
                            case StageType.Int32Null:
                                if (reader.IsDBNull(i))
                                {
                                    row.AppendNullValue();
                                }
                                else
                                {
                                    row.AppendValue(reader.GetInt32(i));
                                }

                                break;
                            case StageType.Text:
                                row.AppendValue(reader.GetString(i));
                                break;
                            case StageType.TextNull:
                                row.AppendValue(reader.IsDBNull(i) ? null : reader.GetString(i));
                                break;
                            default:
                                row.AppendValue(reader.GetBoolean(i));
                                break;
                        }
                    }

                    row.EndRow();
                    if (++rows % ProgressEvery == 0)
                    {
                        token.ThrowIfCancellationRequested();
                        Report(stage.Target, ProgressEvery);
                    }
                }
            }

            appender.Close();
            Report(stage.Target, rows % ProgressEvery);
            return rows;
        }

        private void Report(string table, long rows)
        {
            var done = _done.AddOrUpdate(table, rows, (_, v) => v + rows);
            progress?.Report(new WarehouseProgress(table, done, Math.Max(done, _expected.GetValueOrDefault(table))));
        }

        // ---- watermarks ----------------------------------------------------------------------------------------------

        private static readonly (string Key, string Stage, string Expression)[] WatermarkSources =
        [
            ("customers.updated_at", "stg_customer", "MAX(updated_at)"),
            ("order_lines.id", "stg_order_line", "MAX(id)"),
            ("orders.updated_at", "stg_order_line", "MAX(order_updated_at)"),
            ("invoices.updated_at", "stg_invoice", "MAX(updated_at)"),
            ("payments.id", "stg_payment", "MAX(id)"),
            ("interactions.id", "stg_interaction", "MAX(id)"),
            ("cases.updated_at", "stg_case", "MAX(updated_at)"),
            ("contracts.updated_at", "stg_contract", "MAX(updated_at)"),
            ("returns.updated_at", "stg_return", "MAX(updated_at)"),
        ];

        private static Dictionary<string, long> ReadWatermarks(DuckDBConnection duck)
        {
            var result = new Dictionary<string, long>(StringComparer.Ordinal);
            using var command = duck.CreateCommand();
            command.CommandText = "SELECT source, value FROM warehouse_watermarks";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                result[reader.GetString(0)] = reader.GetInt64(1);
            }

            return result;
        }

        private void BindWatermarks(DbCommand command, Stage stage)
        {
            void Bind(string name, string key)
            {
                if (command.CommandText.Contains(name, StringComparison.Ordinal))
                {
                    command.Add(name, _watermarks.GetValueOrDefault(key));
                }
            }

            var table = stage.Name switch
            {
                "stg_customer" or "stg_address" or "stg_external" => "customers",
                "stg_invoice" => "invoices",
                "stg_case" => "cases",
                "stg_contract" => "contracts",
                "stg_return" => "returns",
                _ => null,
            };
            if (table is not null)
            {
                Bind("@ts", table + ".updated_at");
            }

            var id = stage.Name switch
            {
                "stg_order_line" => "order_lines.id",
                "stg_payment" => "payments.id",
                "stg_interaction" => "interactions.id",
                _ => null,
            };
            if (id is not null)
            {
                Bind("@id", id);
            }

            Bind("@ts_orders", "orders.updated_at");
            Bind("@ts_returns", "returns.updated_at");
            Bind("@id_payments", "payments.id");
        }

        private void UpdateWatermarks(DuckDBConnection duck)
        {
            foreach (var (key, stage, expression) in WatermarkSources)
            {
                var seen = Scalar(duck, $"SELECT {expression} FROM {stage}");
                var value = seen is null or DBNull ? 0 : Convert.ToInt64(seen, CultureInfo.InvariantCulture);
                _watermarks[key] = Math.Max(value, _watermarks.GetValueOrDefault(key));
            }

            Exec(duck, "DELETE FROM warehouse_watermarks");
            using var appender = duck.CreateAppender("warehouse_watermarks");
            foreach (var (key, value) in _watermarks)
            {
                appender.CreateRow().AppendValue(key).AppendValue(value).EndRow();
            }
        }

        private void WriteLoads(DuckDBConnection duck)
        {
            var now = loader._clock.GetUtcNow().UtcDateTime;
            var modeText = Full ? "full" : "incremental";
            string? Mark(params string[] keys) =>
                string.Join(";", keys.Where(_watermarks.ContainsKey).Select(k =>
                    k.EndsWith(".id", StringComparison.Ordinal)
                        ? $"{k}={_watermarks[k].ToString(CultureInfo.InvariantCulture)}"
                        : $"{k}={Timestamps.FromMicroseconds(_watermarks[k]).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)}"));
            var marks = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                [DimCustomer] = Mark("customers.updated_at"),
                [FactOrderLine] = Mark("order_lines.id", "orders.updated_at", "returns.updated_at"),
                [FactInvoice] = Mark("invoices.updated_at", "payments.id"),
                [FactPayment] = Mark("payments.id"),
                [FactInteraction] = Mark("interactions.id"),
                [FactCase] = Mark("cases.updated_at"),
                [FactContract] = Mark("contracts.updated_at"),
                [FactReturn] = Mark("returns.updated_at"),
            };
            foreach (var table in Tables)
            {
                if (table == Loads)
                {
                    continue;
                }

                _tableRows[table] = Convert.ToInt64(Scalar(duck, $"SELECT COUNT(*) FROM {table}"), CultureInfo.InvariantCulture);
            }

            using (var appender = duck.CreateAppender(Loads))
            {
                foreach (var table in Tables)
                {
                    if (table == Loads)
                    {
                        continue;
                    }

                    var mark = marks.GetValueOrDefault(table);
                    appender.CreateRow().AppendValue(table).AppendValue(modeText).AppendValue(_rows.GetValueOrDefault(table))
                        .AppendValue(string.IsNullOrEmpty(mark) ? null : mark).AppendValue(now).EndRow();
                }
            }

            _tableRows[Loads] = Convert.ToInt64(Scalar(duck, $"SELECT COUNT(*) FROM {Loads}"), CultureInfo.InvariantCulture);
        }

        // ---- transforms ----------------------------------------------------------------------------------------------

        private void Transform(DuckDBConnection duck)
        {
            // Dimensions. Products are few: always replaced whole, which also drops deleted ones.
            Exec(duck, "DELETE FROM dim_product");
            _rows[DimProduct] = Exec(duck, $"""
                INSERT INTO dim_product
                SELECT id, sku, name_es, name_en, category, {Money("list_price")}, currency, active FROM stg_product
                """);

            Upsert(duck, DimCustomer, "customer_key", "stg_customer", $"""
                SELECT c.id, c.display_name, {Enum<CustomerKind>("c.kind")}, {Enum<Lifecycle>("c.lifecycle")}, c.tier, c.segment,
                       c.preferred_language, {Enum<Channel>("c.preferred_channel")}, a.country, {Ts("c.created_at")}, e.source
                FROM stg_customer c
                LEFT JOIN (SELECT customer_id, arg_min(country, id) AS country FROM stg_address GROUP BY customer_id) a ON a.customer_id = c.id
                LEFT JOIN (SELECT customer_id, MIN(source) AS source FROM stg_external GROUP BY customer_id) e ON e.customer_id = c.id
                """);

            // Facts.
            Upsert(duck, FactPayment, "payment_id", "stg_payment", $"""
                SELECT id, customer_id, invoice_id, {DateKey("paid_at")}, {Ts("paid_at")}, {Enum<PaymentMethod>("method")},
                       {Money("amount")}, currency
                FROM stg_payment
                """);

            // Settled: a (non-cancelled) invoice whose settled amount reaches its total; settled_at is its last payment.
            // days_late counts whole days from the due date to that payment (0 when on time) and is null until settled.
            var settled = $"i.kind = {(int)InvoiceKind.Invoice} AND i.status <> {(int)InvoiceStatus.Cancelled} AND i.settled >= i.total AND p.last_paid IS NOT NULL";
            Upsert(duck, FactInvoice, "invoice_id", "stg_invoice", $"""
                SELECT i.id, i.customer_id, {DateKey("i.issued_at")}, {Ts("i.issued_at")}, {Ts("i.due_at")},
                       {Enum<InvoiceKind>("i.kind")}, {Enum<InvoiceStatus>("i.status")}, {Money("i.total")}, {Money("i.settled")}, i.currency,
                       CASE WHEN {settled} THEN p.last_paid END,
                       CASE WHEN {settled} THEN CAST(greatest(0, date_diff('day', {Ts("i.due_at")}, p.last_paid)) AS INTEGER) END
                FROM stg_invoice i
                LEFT JOIN (
                    SELECT invoice_id, MAX(paid_at) AS last_paid FROM fact_payment
                    WHERE invoice_id IN (SELECT id FROM stg_invoice) GROUP BY invoice_id
                ) p ON p.invoice_id = i.id
                """);

            Upsert(duck, FactOrderLine, "order_line_id", "stg_order_line", $"""
                SELECT id, order_id, customer_id, product_id, {DateKey("ordered_at")}, {Ts("ordered_at")}, {Enum<Channel>("channel")},
                       {Enum<OrderStatus>("status")}, quantity, {Money("unit_price")}, {Money("discount")},
                       {Money("quantity * unit_price - discount")}, returned_quantity, currency
                FROM stg_order_line
                """);

            Upsert(duck, FactInteraction, "interaction_id", "stg_interaction", $"""
                SELECT id, customer_id, {DateKey("occurred_at")}, {Ts("occurred_at")}, {Enum<Channel>("channel")},
                       {Enum<Direction>("direction")}, duration_seconds
                FROM stg_interaction
                """);

            Upsert(duck, FactCase, "case_id", "stg_case", $"""
                SELECT id, customer_id, {DateKey("created_at")}, {Ts("created_at")}, {Ts("resolved_at")}, {Ts("closed_at")}, type,
                       {Enum<Channel>("channel")}, {Enum<CasePriority>("priority")}, {Enum<CaseStatus>("status")}, sla_breached <> 0
                FROM stg_case
                """);

            Upsert(duck, FactContract, "contract_id", "stg_contract", $"""
                SELECT id, customer_id, product_id, {Ts("started_at")}, {Ts("cancelled_at")}, {Enum<ContractStatus>("status")},
                       {Money("price")}, {Enum<BillingPeriod>("billing_period")}, currency
                FROM stg_contract
                """);

            Upsert(duck, FactReturn, "return_id", "stg_return", $"""
                SELECT id, customer_id, product_id, {DateKey("requested_at")}, {Ts("requested_at")}, quantity, {Enum<ReturnReason>("reason")},
                       {Money("refund_amount")}, {Enum<ReturnStatus>("status")}, currency
                FROM stg_return
                """);

            if (!Full)
            {
                // Customers deleted since the last load: gone from the dimension and, with them, their facts (the
                // operational database deletes them by cascade).
                Exec(duck, """
                    CREATE TEMP TABLE deleted_customers AS
                    SELECT customer_key FROM dim_customer WHERE customer_key NOT IN (SELECT id FROM stg_customer_ids)
                    """);
                var deleted = Convert.ToInt64(Scalar(duck, "SELECT COUNT(*) FROM deleted_customers"), CultureInfo.InvariantCulture);
                if (deleted > 0)
                {
                    foreach (var table in new[] { DimCustomer, FactOrderLine, FactInvoice, FactPayment, FactInteraction, FactCase, FactContract, FactReturn })
                    {
                        Exec(duck, $"DELETE FROM {table} WHERE customer_key IN (SELECT customer_key FROM deleted_customers)");
                    }
                }

                Exec(duck, "DROP TABLE deleted_customers");
            }

            BuildDates(duck);
        }

        /// <summary>Replaces the rows of <paramref name="table"/> whose key is staged (none in a full load) with the staged ones.</summary>
        private void Upsert(DuckDBConnection duck, string table, string key, string stage, string select)
        {
            ct.ThrowIfCancellationRequested();
            if (!Full)
            {
                Exec(duck, $"DELETE FROM {table} WHERE {key} IN (SELECT id FROM {stage})");
            }

            _rows[table] = Exec(duck, $"INSERT INTO {table} {select}");
        }

        /// <summary>One row per day from the earliest date any fact or customer refers to until the later of today and the latest.</summary>
        private void BuildDates(DuckDBConnection duck)
        {
            var today = loader._clock.GetUtcNow().UtcDateTime.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            Exec(duck, "DELETE FROM dim_date");
            _rows[DimDate] = Exec(duck, $"""
                INSERT INTO dim_date
                WITH bounds AS (
                    SELECT MIN(lo) AS lo, greatest(MAX(hi), DATE '{today}') AS hi FROM (
                        SELECT MIN(created_at)::DATE AS lo, MAX(created_at)::DATE AS hi FROM dim_customer
                        UNION ALL SELECT MIN(ordered_at)::DATE, MAX(ordered_at)::DATE FROM fact_order_line
                        UNION ALL SELECT MIN(issued_at)::DATE, MAX(due_at)::DATE FROM fact_invoice
                        UNION ALL SELECT MIN(paid_at)::DATE, MAX(paid_at)::DATE FROM fact_payment
                        UNION ALL SELECT MIN(occurred_at)::DATE, MAX(occurred_at)::DATE FROM fact_interaction
                        UNION ALL SELECT MIN(created_at)::DATE, MAX(greatest(created_at, resolved_at, closed_at))::DATE FROM fact_case
                        UNION ALL SELECT MIN(started_at)::DATE, MAX(greatest(started_at, cancelled_at))::DATE FROM fact_contract
                        UNION ALL SELECT MIN(requested_at)::DATE, MAX(requested_at)::DATE FROM fact_return)
                ),
                days AS (SELECT CAST(unnest(generate_series(CAST(COALESCE(lo, DATE '{today}') AS TIMESTAMP), CAST(hi AS TIMESTAMP), INTERVAL 1 DAY)) AS DATE) AS d FROM bounds)
                SELECT CAST(year(d) * 10000 + month(d) * 100 + day(d) AS INTEGER), d, year(d), quarter(d), month(d), day(d),
                       weekofyear(d), isodow(d), isodow(d) >= 6
                FROM days ORDER BY d
                """);
        }

        private static long Exec(DuckDBConnection duck, string sql)
        {
            using var command = duck.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteNonQuery();
        }

        private static object? Scalar(DuckDBConnection duck, string sql)
        {
            using var command = duck.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteScalar();
        }
    }
}
