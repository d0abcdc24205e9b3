using Vinculo.Cli.Tests.Infrastructure;

namespace Vinculo.Cli.Tests;

/// <summary>The <c>vinculo</c> command line, invoked in-process through its parser.</summary>
public sealed class CliTests : IAsyncLifetime
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

    private async Task<int> Vinculo(params string[] args) =>
        await VinculoCli.Run([.. args, "--database", _database.ConnectionString], CliIo.ForWriters(_out, _error));

    private string Output => _out + _error.ToString();

    [Fact]
    public async Task Seed_on_an_empty_database_migrates_and_writes_N_customers_and_N_times_M_interactions()
    {
        var exit = await Vinculo("seed", "--customers", "50", "--interactions-per-customer", "3", "--seed", "7");

        Assert.Equal(0, exit);
        Assert.Equal(50, await Db.Count(_database.Settings, "SELECT COUNT(*) FROM customers"));
        Assert.Equal(150, await Db.Count(_database.Settings, "SELECT COUNT(*) FROM interactions"));
        Assert.Contains("rows/s", Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Database_option_is_accepted_before_the_command_too()
    {
        var exit = await VinculoCli.Run(["--database", _database.ConnectionString, "seed", "--customers", "5", "--interactions-per-customer", "0"], CliIo.ForWriters(_out, _error));

        Assert.Equal(0, exit);
        Assert.Equal(5, await Db.Count(_database.Settings, "SELECT COUNT(*) FROM customers"));
    }

    [Fact]
    public async Task Migrate_creates_the_schema()
    {
        Assert.Equal(0, await Vinculo("migrate"));
        Assert.Equal(0, await Db.Count(_database.Settings, "SELECT COUNT(*) FROM customers"));
        Assert.Contains("Database ready", Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_of_a_missing_file_fails_with_a_clear_message()
    {
        var exit = await Vinculo("import", "customers", Path.Combine(_folder, "nope.csv"));

        Assert.Equal(1, exit);
        Assert.Contains("file not found", Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_with_bad_rows_exits_2_prints_the_rows_and_writes_the_report()
    {
        var csv = Path.Combine(_folder, "customers.csv");
        var report = Path.Combine(_folder, "report.csv");
        await File.WriteAllLinesAsync(csv, ["first_name,last_name,email", "Ana,García,ana@example.com", "Luis,Pérez,luis@@example"]);

        var exit = await Vinculo("import", "customers", csv, "--report", report);

        Assert.Equal(2, exit);
        Assert.Contains("Nothing was written", Output, StringComparison.Ordinal);
        Assert.Contains("luis@@example", Output, StringComparison.Ordinal);
        Assert.Equal(0, await Db.Count(_database.Settings, "SELECT COUNT(*) FROM customers"));
        var lines = await File.ReadAllLinesAsync(report);
        Assert.Equal("row,column,message", lines[0]);
        Assert.StartsWith("3,email,", lines[1], StringComparison.Ordinal);

        Assert.Equal(2, await Vinculo("import", "customers", csv, "--mode", "skip-invalid"));
        Assert.Equal(1, await Db.Count(_database.Settings, "SELECT COUNT(*) FROM customers"));
    }

    [Fact]
    public async Task Import_of_a_clean_file_exits_0()
    {
        var csv = Path.Combine(_folder, "customers.csv");
        await File.WriteAllLinesAsync(csv, ["First_Name,Last_Name,Email,Phone,Tags", "Ana,García,ana@example.com,612345678,vip;newsletter"]);

        Assert.Equal(0, await Vinculo("import", "customers", csv));
        Assert.Equal(["+34612345678"], await Db.Strings(_database.Settings, "SELECT e164 FROM customer_phones"));
    }

    [Fact]
    public async Task Unknown_mode_is_bad_usage()
    {
        var csv = Path.Combine(_folder, "customers.csv");
        await File.WriteAllLinesAsync(csv, ["first_name", "Ana"]);

        Assert.Equal(1, await Vinculo("import", "customers", csv, "--mode", "sometimes"));
    }

    [Fact]
    public async Task Export_writes_csv_to_stdout_or_to_a_file_and_it_imports_again()
    {
        Assert.Equal(0, await Vinculo("seed", "--customers", "20", "--interactions-per-customer", "2"));
        _out.GetStringBuilder().Clear();

        Assert.Equal(0, await Vinculo("export", "customers"));
        var lines = _out.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("kind,lifecycle,tax_id,", lines[0], StringComparison.Ordinal);
        Assert.Equal(21, lines.Length);
        Assert.Contains("Exported 20 customers", _error.ToString(), StringComparison.Ordinal);

        var file = Path.Combine(_folder, "out", "interactions.csv");
        Assert.Equal(0, await Vinculo("export", "interactions", "--out", file));
        Assert.Equal(41, (await File.ReadAllLinesAsync(file)).Length);

        // Re-importing into the same database duplicates the interactions of the same customers.
        Assert.Equal(0, await Vinculo("import", "interactions", file));
        Assert.Equal(80, await Db.Count(_database.Settings, "SELECT COUNT(*) FROM interactions"));
    }

    [Fact]
    public async Task User_add_creates_the_user_and_its_role()
    {
        Assert.Equal(0, await Vinculo("user", "add", "--email", "ana@example.com", "--password", "Secreto-123456", "--role", "supervisor", "--name", "Ana"));
        Assert.Equal(["Supervisor"], await Db.Strings(_database.Settings,
            "SELECT r.name FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id WHERE u.email = 'ana@example.com'"));

        Assert.Equal(1, await Vinculo("user", "add", "--email", "ana@example.com", "--password", "Secreto-123456", "--role", "Agent"));
        Assert.Contains("already exists", Output, StringComparison.Ordinal);
        Assert.Equal(1, await Vinculo("user", "add", "--email", "bob@example.com", "--password", "Secreto-123456", "--role", "Boss"));
        Assert.Equal(1, await Vinculo("user", "add", "--email", "bob@example.com"));
    }
}
