using System.Text.Json;
using Vinculo.Core.Tests.Analytics.Files;
using Vinculo.Core.Tests.Commerce.Import;

namespace Vinculo.Cli.Tests.Analytics;

/// <summary><c>vinculo analytics rfm</c> and <c>clv</c> on files, in-process through the parser; no database anywhere.</summary>
public sealed class AnalyticsFileCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vinculo-cli-tests", Guid.NewGuid().ToString("N"));
    private StringWriter _out = new();
    private StringWriter _error = new();

    public AnalyticsFileCommandTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
        _out.Dispose();
        _error.Dispose();
    }

    private async Task<int> Vinculo(params string[] args)
    {
        _out = new StringWriter();
        _error = new StringWriter();
        // No --database: file mode never opens one.
        return await VinculoCli.Run(args, CliIo.ForWriters(_out, _error));
    }

    private string Path_(string name) => Path.Combine(_folder, name);

    [Fact]
    public async Task Rfm_writes_one_sorted_row_per_customer_and_the_same_bytes_every_time()
    {
        var out1 = Path_("rfm1.csv");
        var out2 = Path_("rfm2.csv");

        Assert.Equal(0, await Vinculo("analytics", "rfm", "--transactions", OnlineRetailFile.Slice, "--format", "online-retail", "--out", out1));
        Assert.Contains("RFM written to", _error.ToString(), StringComparison.Ordinal);
        Assert.Equal("", _out.ToString());
        Assert.Equal(0, await Vinculo("analytics", "rfm", "--transactions", OnlineRetailFile.Slice, "--out", out2));

        var lines = File.ReadAllLines(out1);
        Assert.Equal("customer,recency_days,frequency,monetary,r,f,m,segment", lines[0]);
        var customers = OnlineRetailFile.Raw(OnlineRetailFile.Slice).Where(r => r.Quantity > 0 && r.Customer.Length > 0).Select(r => long.Parse(r.Customer)).Distinct().Order().ToList();
        Assert.Equal(customers, lines.Skip(1).Select(l => long.Parse(l.Split(',')[0])));
        Assert.Equal(File.ReadAllBytes(out1), File.ReadAllBytes(out2));
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public async Task Rfm_without_out_writes_the_csv_to_stdout()
    {
        Assert.Equal(0, await Vinculo("analytics", "rfm", "--transactions", CdnowFiles.Slice, "--format", "cdnow"));
        Assert.StartsWith("customer,recency_days,frequency,monetary,r,f,m,segment\n4,", _out.ToString(), StringComparison.Ordinal);
        Assert.Equal(151, _out.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task A_bad_row_exits_1_naming_the_row_and_writes_nothing()
    {
        var input = Path_("bad.csv");
        await File.WriteAllTextAsync(input, """
            InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
            536365,85123A,"HEART, WHITE",6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom
            536366,85123A,HEART,6,2010-12-01 08:26:00,2,55,17850.0,United Kingdom

            """);
        var output = Path_("rfm.csv");
        await File.WriteAllTextAsync(output, "previous");

        Assert.Equal(1, await Vinculo("analytics", "rfm", "--transactions", input, "--out", output));
        Assert.Contains("row 3: expected 8 fields, found 9", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Nothing was written", _error.ToString(), StringComparison.Ordinal);
        Assert.Equal("previous", await File.ReadAllTextAsync(output));

        Assert.Equal(1, await Vinculo("analytics", "clv", "--transactions", input, "--out", Path_("clv.csv")));
        Assert.Contains("row 3:", _error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path_("clv.csv")));
        Assert.Single(Directory.GetFiles(_folder, "*.csv"), f => !f.EndsWith("bad.csv", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_file_exits_1()
    {
        Assert.Equal(1, await Vinculo("analytics", "rfm", "--transactions", Path_("nope.csv")));
        Assert.Contains("file not found", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clv_writes_the_csv_and_the_parameters_deterministically()
    {
        var csv1 = Path_("clv1.csv");
        var csv2 = Path_("clv2.csv");
        var json1 = Path_("params1.json");
        var json2 = Path_("params2.json");
        string[] Args(string csv, string json) =>
            ["analytics", "clv", "--transactions", CdnowFiles.Slice, "--format", "cdnow", "--calibration-end", "1997-09-30", "--out", csv, "--params-out", json];

        Assert.Equal(0, await Vinculo(Args(csv1, json1)));
        Assert.Equal(0, await Vinculo(Args(csv2, json2)));

        Assert.Equal(File.ReadAllBytes(csv1), File.ReadAllBytes(csv2));
        Assert.Equal(File.ReadAllBytes(json1), File.ReadAllBytes(json2));
        var lines = File.ReadAllLines(csv1);
        Assert.Equal("customer,frequency,recency,T,monetary_value,expected_purchases,p_alive,expected_average_spend,clv", lines[0]);
        Assert.Equal(151, lines.Length);
        using var json = JsonDocument.Parse(File.ReadAllText(json1));
        Assert.Equal("1997-09-30", json.RootElement.GetProperty("calibrationEnd").GetString());
        Assert.Equal("weeks", json.RootElement.GetProperty("timeUnit").GetString());
        Assert.Equal(150, json.RootElement.GetProperty("customers").GetInt32());
        Assert.Equal(0.2447, json.RootElement.GetProperty("bgNbd").GetProperty("r").GetDouble(), 0.0001);
        Assert.True(json.RootElement.GetProperty("gammaGamma").GetProperty("logLikelihood").GetDouble() < 0);
        Assert.Equal(364, json.RootElement.GetProperty("lifetimeValue").GetProperty("horizonDays").GetInt32());
    }

    [Fact]
    public async Task Clv_refuses_a_bad_calibration_date()
    {
        Assert.Equal(1, await Vinculo("analytics", "clv", "--transactions", CdnowFiles.Slice, "--format", "cdnow", "--calibration-end", "30/09/1997"));
        Assert.Contains("--calibration-end '30/09/1997' is not a date", _error.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, await Vinculo("analytics", "clv", "--transactions", CdnowFiles.Slice, "--format", "cdnow", "--calibration-end", "1990-01-01"));
        Assert.Contains("No purchase on or before", _error.ToString(), StringComparison.Ordinal);
    }
}
