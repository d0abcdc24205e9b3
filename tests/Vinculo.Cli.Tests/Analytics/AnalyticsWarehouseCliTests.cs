using DuckDB.NET.Data;
using Vinculo.Cli.Tests.Infrastructure;
using Vinculo.Core.Analytics.Warehouse;
using Vinculo.Core.Demo;

namespace Vinculo.Cli.Tests.Analytics;

/// <summary><c>vinculo analytics tables</c> and <c>vinculo analytics export</c> on a loaded warehouse.</summary>
public sealed class AnalyticsWarehouseCliTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _database = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vinculo-cli-tests", Guid.NewGuid().ToString("N"));
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private string Warehouse => Path.Combine(_folder, "w.duckdb");

    private async Task<int> Vinculo(params string[] args) =>
        await VinculoCli.Run([.. args, "--database", _database.ConnectionString], CliIo.ForWriters(_out, _error));

    // Spectre wraps long lines at the console width.
    private string Output => System.Text.RegularExpressions.Regex.Replace(_out + _error.ToString(), @"\s+", " ");

    [Fact]
    public async Task Tables_lists_row_counts_and_export_writes_parquet_and_csv()
    {
        Assert.Equal(1, await Vinculo("analytics", "tables", "--warehouse", Warehouse));
        Assert.Contains("does not exist yet", Output, StringComparison.Ordinal);

        await DemoSeeder.Seed(_database.Settings, new SeedOptions(25, 3, 5, new DateTime(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc), OrderLinesPerCustomer: 2), null, default);
        var loaded = await new WarehouseLoader(_database.Settings, Warehouse).LoadFull();

        Assert.Equal(0, await Vinculo("analytics", "tables", "--warehouse", Warehouse));
        Assert.Contains("fact_interaction", Output, StringComparison.Ordinal);
        Assert.Contains(loaded.TableRows["fact_interaction"].ToString("N0", System.Globalization.CultureInfo.InvariantCulture), Output, StringComparison.Ordinal);

        var parquet = Path.Combine(_folder, "out", "i.parquet");
        var csv = Path.Combine(_folder, "out", "i.csv");
        Assert.Equal(0, await Vinculo("analytics", "export", "--table", "fact_interaction", "--out", parquet, "--warehouse", Warehouse));
        Assert.Equal(0, await Vinculo("analytics", "export", "--table", "fact_interaction", "--format", "csv", "--out", csv, "--warehouse", Warehouse));
        using (var duck = new DuckDBConnection("Data Source=:memory:"))
        {
            duck.Open();
            using var command = duck.CreateCommand();
            command.CommandText = $"SELECT (SELECT COUNT(*) FROM read_parquet('{parquet}')), (SELECT COUNT(*) FROM read_csv('{csv}', header = true))";
            using var reader = command.ExecuteReader();
            Assert.True(reader.Read());
            Assert.Equal(loaded.TableRows["fact_interaction"], reader.GetInt64(0));
            Assert.Equal(loaded.TableRows["fact_interaction"], reader.GetInt64(1));
        }

        Assert.Equal(1, await Vinculo("analytics", "export", "--table", "customers", "--out", csv, "--warehouse", Warehouse));
        Assert.Contains("unknown table 'customers'", Output, StringComparison.Ordinal);
        Assert.NotEqual(0, await Vinculo("analytics", "export", "--table", "fact_case", "--format", "xlsx", "--out", csv, "--warehouse", Warehouse));
    }
}
