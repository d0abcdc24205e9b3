using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Vinculo.Core;
using Vinculo.Core.Common;
using Vinculo.Core.Quality;
using Vinculo.Domain.Quality;

namespace Vinculo.Cli.Commands;

internal static class QualityCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static Command Create(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Write the report as JSON on standard output instead of tables." };
        var cached = new Option<bool>("--cached") { Description = "Print the last stored report instead of scanning again (scans when there is none)." };
        var language = new Option<string>("--language") { Description = "Language of the rule messages: en or es.", DefaultValueFactory = _ => "en" };

        var report = new Command("report", "Scan the whole database for data-quality problems and print the report: findings per rule, completeness, duplicates.")
        {
            json, cached, language,
        };
        report.SetAction((parse, ct) =>
        {
            var asJson = parse.GetValue(json);
            // With JSON on stdout, messages go to stderr so a pipe only gets the data.
            var ui = asJson ? context.Io.ErrorUi : context.Io.Ui;
            return context.Guard(parse, ui, async settings =>
            {
                var lang = parse.GetValue(language) is "es" ? "es" : "en";
                await using var services = new ServiceCollection().AddLogging().AddVinculoCore(settings).BuildServiceProvider();
                await using var scope = services.CreateAsyncScope();
                var quality = scope.ServiceProvider.GetRequiredService<QualityService>();

                QualityReport result;
                if (parse.GetValue(cached))
                {
                    result = await quality.Report(lang, ct);
                }
                else
                {
                    ui.MarkupLineInterpolated($"Scanning {settings.Describe()}…");
                    var watch = System.Diagnostics.Stopwatch.StartNew();
                    var progress = new InlineProgress<ScanProgress>(p => ui.MarkupLineInterpolated(
                        $"  {watch.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture),6} s  {p.Stage}: {p.Done.ToString("N0", CultureInfo.InvariantCulture)}"));
                    result = await quality.Refresh(lang, progress, ct);
                }

                if (asJson)
                {
                    await context.Io.Data.WriteLineAsync(JsonSerializer.Serialize(result, Json));
                    await context.Io.Data.FlushAsync(ct);
                }
                else
                {
                    Print(context.Io.Ui, result);
                }

                return VinculoCli.Ok;
            });
        });

        return new Command("quality", "Data quality: rule findings, completeness and duplicates.") { report };
    }

    private static void Print(IAnsiConsole ui, QualityReport report)
    {
        static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

        ui.MarkupLineInterpolated(
            $"Report {report.RunId}: {N(report.Customers)} customers, {N(report.Issues)} findings, scanned in {report.Seconds.ToString("0.##", CultureInfo.InvariantCulture)} s.");

        var rules = new Table().Title("Findings per rule").AddColumn("Rule").AddColumn("Severity").AddColumn(new TableColumn("Count").RightAligned());
        foreach (var rule in report.Rules.OrderByDescending(r => r.Count).ThenBy(r => r.Rule, StringComparer.Ordinal))
        {
            rules.AddRow(Markup.Escape(rule.Rule), rule.Severity == QualitySeverity.Error ? "error" : "warning", N(rule.Count));
        }

        ui.Write(rules);

        var completeness = new Table()
            .Title($"Completeness (average {report.Completeness.Average.ToString("0.0", CultureInfo.InvariantCulture)})")
            .AddColumn("Score").AddColumn(new TableColumn("Customers").RightAligned());
        foreach (var bucket in report.Completeness.Buckets)
        {
            completeness.AddRow(bucket.Label, N(bucket.Customers));
        }

        ui.Write(completeness);

        var duplicates = new Table()
            .Title($"Duplicates: {N(report.Duplicates.Pairs)} pairs ({N(report.Duplicates.CertainPairs)} certain, {N(report.Duplicates.ProbablePairs)} probable) in {N(report.Duplicates.Groups)} groups")
            .AddColumn("Reason").AddColumn(new TableColumn("Pairs").RightAligned()).AddColumn(new TableColumn("Groups").RightAligned());
        foreach (var reason in report.Duplicates.ByReason)
        {
            duplicates.AddRow(EnumText.Camel(reason.Reason), N(reason.Pairs), N(reason.Groups));
        }

        ui.Write(duplicates);
    }
}
