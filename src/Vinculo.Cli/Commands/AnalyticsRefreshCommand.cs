using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Vinculo.Core;
using Vinculo.Core.Analytics.Pipeline;
using Vinculo.Core.Analytics.Warehouse;
using Vinculo.Core.Common;
using Vinculo.Domain.Analytics;

namespace Vinculo.Cli.Commands;

/// <summary>
/// <c>vinculo analytics refresh [--mode full|incremental]</c>: loads the warehouse and recomputes every customer's
/// scores (RFM, segments, churn and payment-default risk, lifetime value, next products), cohorts and forecasts, with a
/// progress bar per stage and a summary at the end.
/// </summary>
internal static class AnalyticsRefreshCommand
{
    public static Command Create(CliContext context)
    {
        var mode = new Option<string>("--mode")
        {
            Description = "full: reload the whole warehouse. incremental: apply what changed since the last load. The models are always computed on everything.",
            DefaultValueFactory = _ => "full",
        };
        mode.AcceptOnlyFromAmong("full", "incremental");
        var warehouse = new Option<string?>("--warehouse")
        {
            Description = $"The warehouse file. Default: ${AnalyticsWarehouse.EnvironmentVariable}, else next to the database (x.db → x.warehouse.duckdb).",
        };

        var command = new Command("refresh",
            "Load the warehouse and recompute every customer's RFM segment, cluster, churn and payment-default risk with their factors, lifetime value and next products, " +
            "plus cohorts and contact forecasts; one write replaces the scores the CRM shows.")
        {
            mode, warehouse,
        };
        command.SetAction((parse, ct) => context.Guard(parse, context.Io.Ui, async settings =>
        {
            var ui = context.Io.Ui;
            var chosen = parse.GetValue(mode) ?? "full";
            var services = new ServiceCollection().AddLogging().AddVinculoCore(settings);
            if (parse.GetValue(warehouse) is { Length: > 0 } path)
            {
                services.AddSingleton(new AnalyticsWarehouse(path));
            }

            await using var provider = services.BuildServiceProvider();
            var file = provider.GetRequiredService<AnalyticsWarehouse>();
            ui.MarkupLineInterpolated($"Refreshing analytics ({chosen}) on {settings.Describe()}, warehouse {file.Path}");
            AnalyticsRefreshResult result;
            try
            {
                result = await ui.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .StartAsync(async progress =>
                    {
                        var tasks = AnalyticsStages.All.ToDictionary(s => s, s => progress.AddTask(StageName(s), autoStart: false, maxValue: 1));
                        var bridge = new InlineProgress<AnalyticsRefreshProgress>(p =>
                        {
                            if (!tasks.TryGetValue(p.Stage, out var task))
                            {
                                return;
                            }

                            if (!task.IsStarted)
                            {
                                task.StartTask();
                            }

                            task.Value = Math.Clamp(p.StageFraction, 0, 1);
                            task.Description = p.Detail is { Length: > 0 } detail && p.StageFraction < 1
                                ? $"{StageName(p.Stage)} [grey]({Markup.Escape(detail)})[/]"
                                : StageName(p.Stage);
                            if (p.StageFraction >= 1)
                            {
                                task.StopTask();
                            }
                        });
                        await using var scope = provider.CreateAsyncScope();
                        return await scope.ServiceProvider.GetRequiredService<AnalyticsRefresh>().RunAsync(chosen, bridge, ct);
                    });
            }
            catch (ConflictException e)
            {
                ui.MarkupLineInterpolated($"[red]Error:[/] {e.Message}");
                return VinculoCli.Failed;
            }

            Print(ui, result);
            return VinculoCli.Ok;
        }));
        return command;
    }

    /// <summary>The stage's name in the progress display.</summary>
    public static string StageName(string stage) => stage switch
    {
        AnalyticsStages.Warehouse => "Warehouse load",
        AnalyticsStages.Features => "Customer features",
        AnalyticsStages.Rfm => "RFM",
        AnalyticsStages.Segments => "Segments (k-means)",
        AnalyticsStages.Churn => "Churn model",
        AnalyticsStages.Default => "Payment-default model",
        AnalyticsStages.Lifetime => "Lifetime value",
        AnalyticsStages.Affinities => "Product affinities",
        AnalyticsStages.Cohorts => "Retention cohorts",
        AnalyticsStages.Forecasts => "Contact forecasts",
        AnalyticsStages.Write => "Write scores",
        _ => stage,
    };

    private static string F(double value, string format = "N3") => value.ToString(format, CultureInfo.InvariantCulture);

    private static void Print(IAnsiConsole ui, AnalyticsRefreshResult result)
    {
        var s = result.Summary;
        var table = new Table().AddColumn("").AddColumn(new TableColumn("Value").RightAligned());
        table.AddRow("Run", result.RunId.ToString(CultureInfo.InvariantCulture));
        table.AddRow("Reference date (latest event)", result.ReferenceDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        table.AddRow("Training cutoff", result.Cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        table.AddRow("Customers scored", result.CustomersScored.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("RFM segments", result.Segments.ToString(CultureInfo.InvariantCulture));
        table.AddRow("Clusters (k-means)", s.Clustering is { } k ? $"{k.K} (silhouette {F(k.Silhouettes.FirstOrDefault(x => x.K == k.K)?.Silhouette ?? double.NaN)})" : "—");
        table.AddRow("Churn model", Model(s.ChurnModel));
        table.AddRow("Payment-default model", Model(s.DefaultModel));
        table.AddRow("Lifetime value (BG/NBD + Gamma-Gamma)", s.Lifetime is { } l
            ? string.Create(CultureInfo.InvariantCulture, $"{l.Customers:N0} customers, {l.HorizonDays} days at {l.AnnualDiscountRate:P0}")
            : "—");
        table.AddRow("Product rules / next products", string.Create(CultureInfo.InvariantCulture, $"{result.Write.Affinities:N0} / {result.Write.Propensities:N0}"));
        table.AddRow("Cohorts / forecasts", string.Create(CultureInfo.InvariantCulture, $"{s.Cohorts.Count} / {s.Forecasts.Count}"));
        table.AddRow("Payment-default alerts raised (open)", string.Create(CultureInfo.InvariantCulture, $"{result.Write.AlertsRaised:N0} ({result.Write.AlertsOpen:N0})"));
        ui.Write(table);

        var timings = new Table().AddColumn("Stage").AddColumn(new TableColumn("Seconds").RightAligned());
        foreach (var t in result.Timings)
        {
            timings.AddRow(StageName(t.Stage), F(t.Seconds, "N2"));
        }

        timings.AddRow("[bold]Total[/]", $"[bold]{F(result.TotalSeconds, "N2")}[/]");
        ui.Write(timings);
        foreach (var note in s.Notes)
        {
            ui.MarkupLineInterpolated($"[yellow]Note:[/] {note}");
        }

        ui.MarkupLineInterpolated($"[green]Refreshed {result.CustomersScored:N0} customers[/] in {F(result.TotalSeconds, "N1")} s.");
    }

    private static string Model(ModelQuality? quality) => quality is null
        ? "not trained (see notes)"
        : string.Create(CultureInfo.InvariantCulture,
            $"{quality.Algorithm}: AUC {quality.RocAuc:N3}, Brier {quality.Brier:N3} ({quality.TrainRows:N0} train / {quality.TestRows:N0} held out, {quality.PositiveRate:P1} positive)");
}
