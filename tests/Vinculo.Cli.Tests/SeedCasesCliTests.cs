using Vinculo.Cli.Tests.Infrastructure;

namespace Vinculo.Cli.Tests;

/// <summary><c>vinculo seed --cases-per-customer</c>: the demo service desk and its cases.</summary>
public sealed class SeedCasesCliTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _database = new(migrate: false);
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<int> Vinculo(params string[] args) =>
        await VinculoCli.Run([.. args, "--database", _database.ConnectionString], CliIo.ForWriters(_out, _error));

    [Fact]
    public async Task Cases_per_customer_seeds_the_service_desk_and_that_many_cases_each()
    {
        var exit = await Vinculo("seed", "--customers", "30", "--interactions-per-customer", "0", "--order-lines-per-customer", "0",
            "--cases-per-customer", "2", "--seed", "3");

        Assert.Equal(0, exit);
        Assert.Equal(60, await Db.Count(_database.Settings, "SELECT COUNT(*) FROM cases"));
        Assert.Equal(60, await Db.Count(_database.Settings, "SELECT COUNT(DISTINCT case_id) FROM case_events WHERE kind = 1"));
        Assert.Equal(3, await Db.Count(_database.Settings, "SELECT COUNT(*) FROM teams"));
        Assert.Equal(4, await Db.Count(_database.Settings, "SELECT COUNT(*) FROM service_policies"));
        Assert.Equal(0, await Db.Count(_database.Settings, "SELECT COUNT(*) FROM customers WHERE tier IS NULL OR segment IS NULL"));
        Assert.Contains("60 cases", _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task By_default_no_cases_are_seeded()
    {
        Assert.Equal(0, await Vinculo("seed", "--customers", "10", "--interactions-per-customer", "0", "--order-lines-per-customer", "0"));

        Assert.Equal(0, await Db.Count(_database.Settings, "SELECT COUNT(*) FROM cases"));
        Assert.Equal(0, await Db.Count(_database.Settings, "SELECT COUNT(*) FROM teams"));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1001")]
    public async Task Out_of_range_cases_per_customer_is_bad_usage(string value)
    {
        Assert.NotEqual(0, await Vinculo("seed", "--customers", "10", "--cases-per-customer", value));

        Assert.Contains("--cases-per-customer must be between 0 and 1000", _out + _error.ToString(), StringComparison.Ordinal);
    }
}
