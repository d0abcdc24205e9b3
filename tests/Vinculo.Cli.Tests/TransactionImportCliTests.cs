using Vinculo.Cli.Tests.Infrastructure;
using Vinculo.Core.Tests.Commerce.Import;

namespace Vinculo.Cli.Tests;

/// <summary><c>vinculo import transactions</c>, invoked in-process through the parser on a fresh SQLite database.</summary>
public sealed class TransactionImportCliTests : IAsyncLifetime
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
    public async Task Online_retail_file_imports_its_valid_lines_and_reports_the_rest_with_exit_code_2()
    {
        var report = Path.Combine(_folder, "rejected.csv");
        var raw = OnlineRetailFile.Raw(OnlineRetailFile.Slice);
        var rejected = raw.Count(r => !r.IsValid);
        var orders = raw.Where(r => r.IsValid && !r.IsCancellation).Select(r => r.Invoice).Distinct().Count();

        // The online-retail format skips invalid lines unless told otherwise: the published file always has some.
        var exit = await Vinculo("import", "transactions", "--format", "online-retail", OnlineRetailFile.Slice, "--report", report);

        Assert.Equal(2, exit);
        Assert.Equal(orders, await Db.Count(_database.Settings, "SELECT COUNT(*) FROM orders"));
        Assert.Contains($"{rejected:N0} of {raw.Count:N0} rejected", Output, StringComparison.Ordinal);
        Assert.Contains("lines/s", Output, StringComparison.Ordinal);
        Assert.Contains("negative quantity on a sale", Output, StringComparison.Ordinal);
        Assert.Equal(rejected + 1, File.ReadAllLines(report).Length);

        // All-or-nothing on a fresh look at the same file: the report, and nothing more written.
        Assert.Equal(2, await Vinculo("import", "transactions", OnlineRetailFile.Slice, "--mode", "all-or-nothing"));
        Assert.Contains("Nothing was written", Output, StringComparison.Ordinal);
        Assert.Equal(orders, await Db.Count(_database.Settings, "SELECT COUNT(*) FROM orders"));
    }

    [Fact]
    public async Task A_csv_with_a_mapping_imports_with_exit_code_0()
    {
        var csv = Path.Combine(_folder, "ventas.csv");
        var map = Path.Combine(_folder, "ventas.json");
        await File.WriteAllLinesAsync(csv,
        [
            "order;sku;name;qty;when;price;customer",
            "A-1;SOF-3;Sofá;1;2025-07-15T10:30:00Z;499,99;77",
            "A-1;COJ-1;Cojín;2;2025-07-15T10:30:00Z;12,5;77",
            "A-2;COJ-1;Cojín;-1;2025-07-16T10:30:00Z;12,5;77",
        ]);
        await File.WriteAllTextAsync(map, """
            { "source": "shop", "currency": "EUR", "decimalSeparator": ",",
              "columns": { "orderNumber": "order", "sku": "sku", "description": "name", "quantity": "qty", "date": "when", "unitPrice": "price", "customerExternalId": "customer" } }
            """);

        var exit = await Vinculo("import", "transactions", "--format", "csv", "--mapping", map, csv);

        Assert.Equal(0, exit);
        Assert.Contains("Imported 3 lines", Output, StringComparison.Ordinal);
        Assert.Equal(["A-1 524.99 EUR"], await Db.Strings(_database.Settings, "SELECT number || ' ' || (total / 10000.0) || ' ' || currency FROM orders"));
        Assert.Equal(1, await Db.Count(_database.Settings, "SELECT COUNT(*) FROM returns WHERE order_line_id IS NOT NULL AND source = 'shop'"));
    }

    [Fact]
    public async Task A_truncated_gzip_file_fails_with_a_message_and_writes_nothing()
    {
        // An interrupted download: the slice's first 64 KiB.
        var damaged = Path.Combine(_folder, "damaged.csv.gz");
        var whole = await File.ReadAllBytesAsync(OnlineRetailFile.Slice);
        await File.WriteAllBytesAsync(damaged, whole[..(whole.Length / 2)]);

        var exit = await Vinculo("import", "transactions", damaged, "--mode", "skip-invalid");

        Assert.Equal(1, exit);
        Assert.Contains("cannot be decompressed", Output, StringComparison.Ordinal);
        Assert.Equal(0, await Db.Count(_database.Settings, "SELECT COUNT(*) FROM orders"));
    }

    [Fact]
    public async Task Bad_usage_fails_with_a_clear_message()
    {
        var csv = Path.Combine(_folder, "x.csv");
        await File.WriteAllTextAsync(csv, "a,b\n1,2\n");
        var map = Path.Combine(_folder, "bad.json");
        await File.WriteAllTextAsync(map, """{ "source": "Bad Name" }""");

        Assert.Equal(1, await Vinculo("import", "transactions", "--format", "csv", csv));
        Assert.Contains("--format csv needs --mapping", Output, StringComparison.Ordinal);
        Assert.Equal(1, await Vinculo("import", "transactions", "--mapping", map, csv));
        Assert.Contains("mapping.source", Output, StringComparison.Ordinal);
        Assert.Equal(2, await Vinculo("import", "transactions", csv));
        Assert.Contains("Column missing", Output, StringComparison.Ordinal);
    }
}
