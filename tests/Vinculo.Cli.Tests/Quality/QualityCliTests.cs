using System.Text.Json;
using Vinculo.Cli.Tests.Infrastructure;

namespace Vinculo.Cli.Tests.Quality;

/// <summary><c>vinculo quality report</c>, in-process.</summary>
public sealed class QualityCliTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _database = new(migrate: false);
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<int> Vinculo(params string[] args) =>
        await VinculoCli.Run([.. args, "--database", _database.ConnectionString], CliIo.ForWriters(_out, _error));

    [Fact]
    public async Task Quality_report_prints_tables_or_JSON_and_reuses_the_stored_report_when_asked()
    {
        Assert.Equal(0, await Vinculo("seed", "--customers", "40", "--interactions-per-customer", "0", "--seed", "3"));
        _out.GetStringBuilder().Clear();

        Assert.Equal(0, await Vinculo("quality", "report"));
        var text = _out.ToString();
        Assert.Contains("40 customers", text, StringComparison.Ordinal);
        Assert.Contains("Findings per rule", text, StringComparison.Ordinal);
        Assert.Contains("customer.email.invalid", text, StringComparison.Ordinal);
        Assert.Contains("Completeness (average", text, StringComparison.Ordinal);
        Assert.Contains("sameEmail", text, StringComparison.Ordinal);

        _out.GetStringBuilder().Clear();
        _error.GetStringBuilder().Clear();
        Assert.Equal(0, await Vinculo("quality", "report", "--json", "--cached", "--language", "es"));
        using var json = JsonDocument.Parse(_out.ToString());
        Assert.Equal(40, json.RootElement.GetProperty("customers").GetInt64());
        Assert.Equal(1, json.RootElement.GetProperty("runId").GetInt64()); // the stored report, not a new scan
        var rule = json.RootElement.GetProperty("rules").EnumerateArray().First(r => r.GetProperty("rule").GetString() == "customer.email.invalid");
        Assert.Equal("La dirección de correo electrónico no es válida.", rule.GetProperty("message").GetString());
        Assert.Equal("error", rule.GetProperty("severity").GetString());
        Assert.Equal(6, json.RootElement.GetProperty("completeness").GetProperty("buckets").GetArrayLength());
    }
}
