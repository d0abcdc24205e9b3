using System.Buffers;
using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Customers;
using Vinculo.Core.Storage;
using Vinculo.Web.Hosting;

namespace Vinculo.Bench;

/// <summary>
/// The customer 360 in-process, as the product serves it (a fresh DI scope per call, like an HTTP request) and
/// decomposed into layers, against the raw Microsoft.Data.Sqlite baseline with three prepared statements.
/// </summary>
internal static class InProcessBench
{
    /// <summary>How many SQL statements the 360 runs (counted from the SQL itself).</summary>
    public static readonly int Statements = CustomerReader.ThreeSixtySql.Count(c => c == ';');

    public const string ServiceKey = "customer360.service";
    public const string RawKey = "customer360.rawPrepared";

    /// <summary>The baseline named in the issue: three prepared statements on one open connection.</summary>
    private const string CustomerRowSql = """
        SELECT id, kind, lifecycle, tax_id, first_name, last_name, company_name, display_name, preferred_language,
               preferred_channel, temperament, temperament_note, attributes, created_at, updated_at, version
        FROM customers WHERE id = $id
        """;

    private const string TimelineSql = """
        SELECT id, customer_id, channel, direction, moment, subject, body, agent_id, agent_name, occurred_at, duration_seconds, outcome
        FROM interactions WHERE customer_id = $id ORDER BY occurred_at DESC, id DESC LIMIT 50
        """;

    private const string CountsSql = "SELECT channel, COUNT(*) FROM interactions WHERE customer_id = $id GROUP BY channel";

    public static async Task Run(Report report, DatabaseSettings settings, IServiceProvider provider, BenchOptions options, long minId, long maxId)
    {
        var warmup = Measure.RandomIds(Math.Clamp(options.Samples / 5, 200, 5_000), minId, maxId, options.RandomSeed + 1);
        // Each variant gets its own random ids, so none finds pages another one just brought into the OS cache.
        long[] Ids(int variant) => Measure.RandomIds(options.Samples, minId, maxId, options.RandomSeed + 7919 * variant);
        var ids = Ids(0);
        Console.WriteLine($"Customer 360 in-process: {ids.Length:N0} random ids in [{minId:N0}, {maxId:N0}] per variant, one call at a time; " +
                          "\"repeat\" runs each chunk of 1,000 calls again at once (pages just read: hot OS cache)");

        // 1. The baseline: raw Microsoft.Data.Sqlite, three prepared statements, one open connection.
        using (var raw = new RawBaseline(settings))
        {
            var (r, hot) = await Measure.Twice("raw SQLite, 3 prepared statements (baseline)", warmup, ids, id => ValueTask.FromResult(raw.Run(id)));
            report.AddLatency(RawKey, "Customer 360: raw SQLite baseline, 3 prepared statements", r, targetP99Ms: null,
                note: "the issue's reference for this baseline: 0.09 ms p50 / 0.18 ms p99", reference: "issue: 0.09 / 0.18");
            report.AddLatency(RawKey + ".repeat", "  same ids again at once (hot OS cache)", hot, targetP99Ms: null, reference: "issue: 0.09 / 0.18");
        }

        // 2. Diagnostic: the 360's own statements through raw ADO.NET, a new (unprepared) command per call.
        await using (var connection = new SqliteConnection(settings.ConnectionString))
        {
            connection.Open();
            SqliteConnectionSetup.Apply(connection);
            var r = await Measure.Sequential($"raw SQLite, the 360's {Statements} statements, new command per call", warmup, Ids(1),
                id => ValueTask.FromResult(ReadAll(connection, CustomerReader.ThreeSixtySql, id)));
            report.AddLatency("customer360.rawSameSql", $"  diag: raw SQLite, the 360's {Statements} statements, unprepared", r, null,
                note: "same SQL as CustomerReader, one open connection, statements re-prepared each call");
        }

        // 3. Diagnostic: opening a pooled connection with the per-open PRAGMAs and closing it, nothing else.
        {
            var r = await Measure.Sequential("raw SQLite, pooled open + per-open PRAGMAs + close only", warmup, ids, _ =>
            {
                using var connection = new SqliteConnection(settings.ConnectionString);
                connection.Open();
                SqliteConnectionSetup.Apply(connection);
                return ValueTask.FromResult(true);
            });
            report.AddLatency("customer360.openClose", "  diag: pooled connection open + PRAGMAs + close only", r, null,
                note: "what the SqliteConnectionSetup interceptor adds to every OpenConnection");
        }

        // 4. Diagnostic: CustomerReader.Get360 on one long-lived VinculoDb (no DI scope, no context pool).
        await using (var db = StorageSetup.CreateDbContext(settings))
        {
            var r = await Measure.Sequential("CustomerReader.Get360 on one long-lived VinculoDb", warmup, Ids(2),
                async id => await CustomerReader.Get360(db, id, "es", DateTime.UtcNow) is not null);
            report.AddLatency("customer360.readerOneContext", "  diag: CustomerReader.Get360 on one long-lived VinculoDb", r, null,
                note: "EF connection open/close (with PRAGMA interceptor) + 16 statements + DTO building");
        }

        // 5. The product path: CustomerService.Get360 in a fresh DI scope per call, like an HTTP request.
        {
            var (r, hot) = await Measure.Twice("CustomerService.Get360(id, \"es\"), fresh DI scope per call", warmup, Ids(3), async id =>
            {
                await using var scope = provider.CreateAsyncScope();
                var service = scope.ServiceProvider.GetRequiredService<CustomerService>();
                return await service.Get360(id, "es") is not null;
            });
            report.AddLatency(ServiceKey, "Customer 360: CustomerService.Get360, fresh DI scope/call", r, targetP99Ms: 1.0);
            report.AddLatency(ServiceKey + ".repeat", "  same ids again at once (hot OS cache)", hot, targetP99Ms: 1.0);
        }

        // 6. Diagnostic: what the HTTP endpoint adds on top, serialising the 360 with the web host's JSON options.
        {
            var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
            VinculoWebSetup.ConfigureJson(json);
            var views = new List<Customer360>();
            await using (var scope = provider.CreateAsyncScope())
            {
                var service = scope.ServiceProvider.GetRequiredService<CustomerService>();
                foreach (var id in ids.Take(1000))
                {
                    if (await service.Get360(id, "es") is { } view)
                    {
                        views.Add(view);
                    }
                }
            }

            var buffer = new ArrayBufferWriter<byte>(64 * 1024);
            var averageBytes = views.Average(v => (double)JsonSerializer.SerializeToUtf8Bytes(v, json).Length);
            var items = Enumerable.Range(0, ids.Length).Select(i => views[i % views.Count]).ToList();
            var r = await Measure.Sequential("System.Text.Json serialisation of one 360 (web options)", items.Take(Math.Min(items.Count, 2000)).ToList(), items, view =>
            {
                buffer.ResetWrittenCount();
                using var writer = new Utf8JsonWriter(buffer);
                JsonSerializer.Serialize(writer, view, json);
                return ValueTask.FromResult(true);
            });
            report.AddLatency("customer360.json", "  diag: JSON serialisation of one 360 (web options)", r, null,
                note: $"reflection-based System.Text.Json with the web host's options; {averageBytes / 1024:0.0} KiB per 360 on average");
        }
    }

    /// <summary>Reads every column of every row of every result set, materialising values as the DTOs would.</summary>
    private static bool ReadAll(SqliteConnection connection, string sql, long id)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@id", id);
        using var reader = command.ExecuteReader();
        var found = false;
        var first = true;
        do
        {
            while (reader.Read())
            {
                if (first)
                {
                    found = true;
                }

                Consume(reader);
            }

            first = false;
        }
        while (reader.NextResult());

        return found;
    }

    internal static long Consume(DbDataReader reader)
    {
        long sink = 0;
        for (var i = 0; i < reader.FieldCount; i++)
        {
            if (!reader.IsDBNull(i))
            {
                sink += reader.GetValue(i) switch
                {
                    string s => s.Length,
                    long l => l,
                    _ => 1,
                };
            }
        }

        return sink;
    }

    /// <summary>The baseline: customer row, last 50 interactions, counts per channel; prepared once.</summary>
    private sealed class RawBaseline : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _customer;
        private readonly SqliteCommand _timeline;
        private readonly SqliteCommand _counts;

        public RawBaseline(DatabaseSettings settings)
        {
            _connection = new SqliteConnection(settings.ConnectionString);
            _connection.Open();
            SqliteConnectionSetup.Apply(_connection);
            _customer = Prepare(CustomerRowSql);
            _timeline = Prepare(TimelineSql);
            _counts = Prepare(CountsSql);
        }

        public long Sink { get; private set; }

        private SqliteCommand Prepare(string sql)
        {
            var command = _connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.Add("$id", SqliteType.Integer);
            command.Prepare();
            return command;
        }

        public bool Run(long id)
        {
            bool found;
            _customer.Parameters[0].Value = id;
            using (var reader = _customer.ExecuteReader())
            {
                found = reader.Read();
                if (found)
                {
                    Sink += Consume(reader);
                }
            }

            _timeline.Parameters[0].Value = id;
            using (var reader = _timeline.ExecuteReader())
            {
                while (reader.Read())
                {
                    Sink += Consume(reader);
                }
            }

            _counts.Parameters[0].Value = id;
            using (var reader = _counts.ExecuteReader())
            {
                while (reader.Read())
                {
                    Sink += reader.GetInt32(0) + reader.GetInt64(1);
                }
            }

            return found;
        }

        public void Dispose()
        {
            _customer.Dispose();
            _timeline.Dispose();
            _counts.Dispose();
            _connection.Dispose();
        }
    }
}
