using Vinculo.Cli.Tests.Infrastructure;
using Vinculo.Core.Tests.Commerce.Import;

namespace Vinculo.Cli.Tests.Analytics;

/// <summary><c>vinculo analytics refresh</c>, invoked in-process through the parser on a fresh SQLite database.</summary>
public sealed class AnalyticsRefreshCliTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _database = new(migrate: false);
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

    private string Output => _out + _error.ToString();

    [Fact]
    public async Task Import_then_one_refresh_scores_every_customer_and_prints_the_summary()
    {
        Assert.Equal(2, await Vinculo("import", "transactions", OnlineRetailFile.Slice));
        var customers = await Db.Count(_database.Settings, "SELECT COUNT(*) FROM customers");

        var exit = await Vinculo("analytics", "refresh", "--mode", "full", "--warehouse", Warehouse);

        Assert.True(exit == 0, Output);
        Assert.True(File.Exists(Warehouse));
        Assert.Equal(customers, await Db.Count(_database.Settings, "SELECT COUNT(*) FROM customer_scores"));
        Assert.Equal(1, await Db.Count(_database.Settings, "SELECT COUNT(*) FROM analytics_runs WHERE status = 'succeeded'"));
        foreach (var expected in new[] { "Customers scored", "RFM segments", "Churn model", "Payment-default model", "Write scores", "Total", "Note:", $"Refreshed {customers:N0} customers" })
        {
            Assert.Contains(expected, Output, StringComparison.Ordinal);
        }

        // Incremental: the warehouse is updated in place, the scores recomputed.
        Assert.Equal(0, await Vinculo("analytics", "refresh", "--mode", "incremental", "--warehouse", Warehouse));
        Assert.Equal(2, await Db.Count(_database.Settings, "SELECT COUNT(*) FROM analytics_runs WHERE status = 'succeeded'"));
    }

    [Fact]
    public async Task An_unknown_mode_is_a_usage_error()
    {
        Assert.Equal(1, await Vinculo("analytics", "refresh", "--mode", "sometimes", "--warehouse", Warehouse));
        Assert.False(File.Exists(Warehouse));
    }
}
