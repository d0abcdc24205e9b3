using System.Globalization;
using DuckDB.NET.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Vinculo.Core.Analytics.Warehouse;
using Vinculo.Core.Common;
using Vinculo.Core.Demo;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Interactions;

namespace Vinculo.Core.Tests.Analytics.Warehouse;

/// <summary>The warehouse loads the operational database exactly, on both databases, fully and incrementally.</summary>
public sealed class WarehouseLoaderTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc);

    private static readonly (string Warehouse, string Operational)[] Counted =
    [
        ("dim_customer", "customers"), ("dim_product", "products"), ("fact_order_line", "order_lines"), ("fact_invoice", "invoices"),
        ("fact_payment", "payments"), ("fact_interaction", "interactions"), ("fact_case", "cases"), ("fact_contract", "contracts"),
        ("fact_return", "returns"),
    ];

    private static async Task<TestDatabase> Seeded(string provider)
    {
        var db = await TestDatabase.Create(provider);
        await DemoSeeder.Seed(db.Settings, new SeedOptions(60, 4, 11, Now, OrderLinesPerCustomer: 5, CasesPerCustomer: 1), null, CancellationToken.None);
        return db;
    }

    private static string WarehousePath() =>
        Path.Combine(Path.GetTempPath(), "vinculo-tests", $"w-{Guid.NewGuid():N}.warehouse.duckdb");

    private static void DeleteWarehouse(string path)
    {
        foreach (var file in new[] { path, path + ".wal", path + ".lock" })
        {
            File.Delete(file);
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_full_load_holds_every_operational_row_with_exact_money_and_timestamps(string provider)
    {
        await using var db = await Seeded(provider);
        var path = WarehousePath();
        try
        {
            var reports = new List<WarehouseProgress>();
            var loader = new WarehouseLoader(db.Settings, path) { Parallelism = 2 };
            var result = await loader.LoadFull(new SyncProgress<WarehouseProgress>(reports.Add));

            Assert.Equal(WarehouseLoadMode.Full, result.Mode);
            Assert.True(result.FileBytes > 0);
            Assert.Contains(reports, r => r.Table == "fact_order_line" && r.RowsDone > 0);
            await AssertMatches(db, loader.Warehouse, result);

            using var duck = loader.Warehouse.OpenRead();
            Assert.Equal(10L, Scalar(duck, "SELECT COUNT(*) FROM warehouse_loads WHERE mode = 'full'"));
            Assert.Equal("DECIMAL(18,4)", Scalar(duck, "SELECT typeof(amount) FROM fact_order_line LIMIT 1"));
            Assert.Equal(0L, Scalar(duck, "SELECT COUNT(*) FROM duckdb_tables() WHERE table_name LIKE 'stg_%'"));
            // Every fact date has its row in the date dimension, with Monday = 1.
            Assert.Equal(0L, Scalar(duck, "SELECT COUNT(*) FROM fact_order_line f ANTI JOIN dim_date d USING (date_key)"));
            Assert.Equal(1L, Scalar(duck, "SELECT COUNT(*) FROM dim_date WHERE date = DATE '2026-11-23' AND day_of_week = 1 AND NOT is_weekend AND date_key = 20261123"));
            // Enums are camelCase names.
            Assert.Equal(0L, Scalar(duck, "SELECT COUNT(*) FROM fact_interaction WHERE channel NOT IN ('phone','email','chat','social','instantMessaging','inPerson','web','letter')"));
            var settled = (long)Scalar(duck, "SELECT COUNT(*) FROM fact_invoice WHERE settled_at IS NOT NULL AND days_late >= 0")!;
            Assert.True(settled > 0);
        }
        finally
        {
            DeleteWarehouse(path);
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task An_incremental_load_applies_new_changed_and_deleted_rows(string provider)
    {
        await using var db = await Seeded(provider);
        var path = WarehousePath();
        try
        {
            var loader = new WarehouseLoader(db.Settings, path) { Parallelism = 2 };
            await loader.LoadFull();

            var nothing = await loader.LoadIncremental();
            Assert.Equal(WarehouseLoadMode.Incremental, nothing.Mode);
            Assert.Equal(0, nothing.Rows["fact_interaction"]);
            Assert.Equal(0, nothing.Rows["fact_payment"]);

            long deletedCustomer, changedInvoice, changedCustomer;
            var later = Now.AddDays(2);
            await using (var context = db.CreateDbContext())
            {
                var customers = await context.Customers.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();
                deletedCustomer = customers[3];
                changedCustomer = customers[5];
                context.Interactions.Add(new Interaction
                {
                    CustomerId = customers[0], Channel = Channel.Chat, Direction = Direction.Inbound, Subject = "New", SearchTerms = "new",
                    OccurredAt = later.AddTicks(7), CreatedAt = later, DurationSeconds = 42,
                });
                var invoice = await context.Invoices.Where(i => i.Status == InvoiceStatus.Open && i.CustomerId != deletedCustomer).OrderBy(i => i.Id).FirstAsync();
                changedInvoice = invoice.Id;
                context.Payments.Add(new Payment
                {
                    CustomerId = invoice.CustomerId, InvoiceId = invoice.Id, Method = PaymentMethod.Transfer, PaidAt = later,
                    Amount = invoice.Total - invoice.Settled, Currency = invoice.Currency, CreatedAt = later,
                });
                invoice.Settled = invoice.Total;
                invoice.Status = InvoiceStatus.Paid;
                invoice.UpdatedAt = later;
                var customer = await context.Customers.SingleAsync(c => c.Id == changedCustomer);
                customer.Segment = "changed-segment";
                customer.UpdatedAt = later;
                await context.SaveChangesAsync();
                await context.Customers.Where(c => c.Id == deletedCustomer).ExecuteDeleteAsync();
            }

            var result = await loader.LoadIncremental();
            Assert.Equal(WarehouseLoadMode.Incremental, result.Mode);
            Assert.Equal(1, result.Rows["fact_interaction"]);
            Assert.Equal(1, result.Rows["fact_payment"]);
            await AssertMatches(db, loader.Warehouse, result);

            using var duck = loader.Warehouse.OpenRead();
            Assert.Equal(0L, Scalar(duck, $"SELECT COUNT(*) FROM dim_customer WHERE customer_key = {deletedCustomer}"));
            Assert.Equal(0L, Scalar(duck, $"SELECT COUNT(*) FROM fact_interaction WHERE customer_key = {deletedCustomer}"));
            Assert.Equal("changed-segment", Scalar(duck, $"SELECT segment FROM dim_customer WHERE customer_key = {changedCustomer}"));
            Assert.Equal("paid", Scalar(duck, $"SELECT status FROM fact_invoice WHERE invoice_id = {changedInvoice}"));
            Assert.Equal(Truncate(later), Scalar(duck, $"SELECT settled_at FROM fact_invoice WHERE invoice_id = {changedInvoice}"));
            Assert.Equal(42, Scalar(duck, "SELECT duration_seconds FROM fact_interaction ORDER BY interaction_id DESC LIMIT 1"));
            Assert.Equal(20L, Scalar(duck, "SELECT COUNT(*) FROM warehouse_loads WHERE mode = 'incremental'"));
        }
        finally
        {
            DeleteWarehouse(path);
        }
    }

    [Theory, SqliteData]
    public async Task Tables_export_to_parquet_and_csv_that_read_back(string provider)
    {
        await using var db = await Seeded(provider);
        var path = WarehousePath();
        var dir = Path.Combine(Path.GetTempPath(), "vinculo-tests", $"x-{Guid.NewGuid():N}");
        try
        {
            var loader = new WarehouseLoader(db.Settings, path);
            var result = await loader.LoadFull();
            var tables = loader.Warehouse.ListTables();
            Assert.Equal(WarehouseSchema.Tables, tables.Select(t => t.Name));
            Assert.Equal(result.TableRows["fact_order_line"], tables.Single(t => t.Name == "fact_order_line").Rows);

            var parquet = Path.Combine(dir, "lines.parquet");
            var csv = Path.Combine(dir, "lines.csv");
            await loader.Warehouse.ExportAsync("fact_order_line", WarehouseExportFormat.Parquet, parquet);
            await loader.Warehouse.ExportAsync("fact_order_line", WarehouseExportFormat.Csv, csv);
            Assert.Empty(Directory.GetFiles(dir, "*.partial"));

            using var duck = new DuckDBConnection("Data Source=:memory:");
            duck.Open();
            var expected = Scalar(loader.Warehouse.OpenRead(), "SELECT SUM(amount) FROM fact_order_line");
            Assert.Equal(result.TableRows["fact_order_line"], Scalar(duck, $"SELECT COUNT(*) FROM read_parquet('{parquet}')"));
            Assert.Equal(expected, Scalar(duck, $"SELECT SUM(amount) FROM read_parquet('{parquet}')"));
            Assert.Equal("DECIMAL(18,4)", Scalar(duck, $"SELECT typeof(amount) FROM read_parquet('{parquet}') LIMIT 1"));
            Assert.Equal(result.TableRows["fact_order_line"], Scalar(duck, $"SELECT COUNT(*) FROM read_csv('{csv}', header = true)"));
            Assert.Equal(expected, Scalar(duck, $"SELECT SUM(CAST(amount AS DECIMAL(18,4))) FROM read_csv('{csv}', header = true, all_varchar = true)"));

            await Assert.ThrowsAsync<ArgumentException>(() => loader.Warehouse.ExportAsync("customers; DROP TABLE x", WarehouseExportFormat.Csv, csv));
        }
        finally
        {
            DeleteWarehouse(path);
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Theory, SqliteData]
    public async Task A_reader_keeps_its_version_while_a_load_replaces_the_file(string provider)
    {
        await using var db = await Seeded(provider);
        var path = WarehousePath();
        try
        {
            var loader = new WarehouseLoader(db.Settings, path);
            var first = await loader.LoadFull();
            var before = first.TableRows["fact_interaction"];

            using (var reader = loader.Warehouse.OpenRead())
            {
                Assert.Equal(before, Scalar(reader, "SELECT COUNT(*) FROM fact_interaction"));
                await using (var context = db.CreateDbContext())
                {
                    var customer = await context.Customers.Select(c => c.Id).FirstAsync();
                    for (var i = 0; i < 3; i++)
                    {
                        context.Interactions.Add(new Interaction
                        {
                            CustomerId = customer, Channel = Channel.Email, Direction = Direction.Outbound, Subject = "x", SearchTerms = "x",
                            OccurredAt = Now, CreatedAt = Now,
                        });
                    }

                    await context.SaveChangesAsync();
                }

                // Both kinds of load replace the file while the reader is open; it goes on reading the version it opened.
                var incremental = await loader.LoadIncremental();
                Assert.Equal(3, incremental.Rows["fact_interaction"]);
                Assert.Equal(before, Scalar(reader, "SELECT COUNT(*) FROM fact_interaction"));
                await loader.LoadFull();
                Assert.Equal(before, Scalar(reader, "SELECT COUNT(*) FROM fact_interaction"));
                Assert.Equal(first.TableRows["dim_customer"], Scalar(reader, "SELECT COUNT(*) FROM dim_customer"));
            }

            // Once this process's readers are closed, the next one opens the new version.
            using var after = loader.Warehouse.OpenRead();
            Assert.Equal(before + 3, Scalar(after, "SELECT COUNT(*) FROM fact_interaction"));
            Assert.False(File.Exists(path + ".wal"));
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.*.tmp"));
        }
        finally
        {
            DeleteWarehouse(path);
        }
    }

    [Theory, SqliteData]
    public async Task Only_one_load_runs_at_a_time_and_a_cancelled_load_leaves_the_previous_file(string provider)
    {
        await using var db = await Seeded(provider);
        var path = WarehousePath();
        try
        {
            var loader = new WarehouseLoader(db.Settings, path);
            var first = await loader.LoadFull();
            using (new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
            {
                await Assert.ThrowsAsync<ConflictException>(() => loader.LoadFull());
            }

            using var cts = new CancellationTokenSource();
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loader.LoadFull(ct: cts.Token));
            Assert.Equal(first.TableRows, loader.Warehouse.ListTables().ToDictionary(t => t.Name, t => t.Rows));
        }
        finally
        {
            DeleteWarehouse(path);
        }
    }

    [Fact]
    public void The_warehouse_lives_next_to_a_sqlite_database_unless_configured()
    {
        var sqlite = DatabaseSettings.Parse("Data Source=/srv/vinculo/data/crm.db");
        Assert.Equal("/srv/vinculo/data/crm.warehouse.duckdb", AnalyticsWarehouse.Locate(sqlite));
        var postgres = DatabaseSettings.Parse("Host=db;Database=crm;Username=u;Password=p");
        Assert.Equal("/app/data/crm.warehouse.duckdb", AnalyticsWarehouse.Locate(postgres, contentRoot: "/app"));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [AnalyticsWarehouse.ConfigurationKey] = "/var/lib/w.duckdb" }).Build();
        Assert.Equal("/var/lib/w.duckdb", AnalyticsWarehouse.Locate(postgres, configuration));
    }

    // ---- helpers -----------------------------------------------------------------------------------------------------

    private static DateTime Truncate(DateTime value) => DateTime.SpecifyKind(Timestamps.Truncate(value), DateTimeKind.Unspecified);

    private static object? Scalar(DuckDBConnection duck, string sql)
    {
        using var command = duck.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>Counts per table, then money and timestamps row by row for orders, invoices, payments and interactions.</summary>
    private static async Task AssertMatches(TestDatabase db, AnalyticsWarehouse warehouse, WarehouseLoadResult result)
    {
        await using var context = db.CreateDbContext();
        var connection = context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync();
        using var duck = warehouse.OpenRead();
        foreach (var (w, o) in Counted)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM {o}";
            var operational = Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            Assert.True(operational > 0 || w == "fact_return", $"{o} is empty: the seed should fill it");
            Assert.Equal((w, operational), (w, (long)Scalar(duck, $"SELECT COUNT(*) FROM {w}")!));
            Assert.Equal((w, operational), (w, result.TableRows[w]));
        }

        var invoices = await context.Invoices.AsNoTracking().ToDictionaryAsync(i => i.Id);
        using (var command = duck.CreateCommand())
        {
            command.CommandText = "SELECT invoice_id, total, settled, issued_at, due_at, customer_key, kind, status FROM fact_invoice";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var i = invoices[reader.GetInt64(0)];
                Assert.Equal(i.Total, reader.GetDecimal(1));
                Assert.Equal(i.Settled, reader.GetDecimal(2));
                Assert.Equal(Truncate(i.IssuedAt), reader.GetDateTime(3));
                Assert.Equal(Truncate(i.DueAt), reader.GetDateTime(4));
                Assert.Equal(i.CustomerId, reader.GetInt64(5));
                Assert.Equal(EnumText.Camel(i.Kind), reader.GetString(6));
                Assert.Equal(EnumText.Camel(i.Status), reader.GetString(7));
            }
        }

        var orders = await context.Orders.AsNoTracking().ToDictionaryAsync(o => o.Id);
        var lines = await context.OrderLines.AsNoTracking().ToDictionaryAsync(l => l.Id);
        using (var command = duck.CreateCommand())
        {
            command.CommandText = "SELECT order_line_id, unit_price, discount, amount, ordered_at, date_key, order_status, channel, customer_key FROM fact_order_line";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var l = lines[reader.GetInt64(0)];
                var o = orders[l.OrderId];
                Assert.Equal(l.UnitPrice, reader.GetDecimal(1));
                Assert.Equal(l.Discount, reader.GetDecimal(2));
                Assert.Equal(l.Quantity * l.UnitPrice - l.Discount, reader.GetDecimal(3));
                Assert.Equal(Truncate(o.OrderedAt), reader.GetDateTime(4));
                Assert.Equal(int.Parse(o.OrderedAt.ToString("yyyyMMdd", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), reader.GetInt32(5));
                Assert.Equal(EnumText.Camel(o.Status), reader.GetString(6));
                Assert.Equal(EnumText.Camel(o.Channel), reader.GetString(7));
                Assert.Equal(l.CustomerId, reader.IsDBNull(8) ? null : reader.GetInt64(8));
            }
        }

        var payments = await context.Payments.AsNoTracking().ToDictionaryAsync(p => p.Id);
        using (var command = duck.CreateCommand())
        {
            command.CommandText = "SELECT payment_id, amount, paid_at, method, invoice_id FROM fact_payment";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var p = payments[reader.GetInt64(0)];
                Assert.Equal(p.Amount, reader.GetDecimal(1));
                Assert.Equal(Truncate(p.PaidAt), reader.GetDateTime(2));
                Assert.Equal(EnumText.Camel(p.Method), reader.GetString(3));
                Assert.Equal(p.InvoiceId, reader.IsDBNull(4) ? null : reader.GetInt64(4));
            }
        }

        var interactions = await context.Interactions.AsNoTracking().ToDictionaryAsync(i => i.Id);
        using (var command = duck.CreateCommand())
        {
            command.CommandText = "SELECT interaction_id, occurred_at, direction, duration_seconds FROM fact_interaction";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var i = interactions[reader.GetInt64(0)];
                Assert.Equal(Truncate(i.OccurredAt), reader.GetDateTime(1));
                Assert.Equal(EnumText.Camel(i.Direction), reader.GetString(2));
                Assert.Equal(i.DurationSeconds, reader.IsDBNull(3) ? null : reader.GetInt32(3));
            }
        }
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        private readonly Lock _gate = new();

        public void Report(T value)
        {
            lock (_gate)
            {
                report(value);
            }
        }
    }
}
