using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Vinculo.Core.Analytics.Warehouse;

namespace Vinculo.Cli.Commands;

/// <summary>
/// <c>vinculo analytics tables</c> (the warehouse tables with their row counts) and <c>vinculo analytics export --table NAME
/// --format parquet|csv --out FILE</c>. Both only read the warehouse file (docs/warehouse.md); neither opens the
/// operational database, which is only used to find the warehouse next to it.
/// </summary>
internal static class AnalyticsWarehouseCommands
{
    public static void AddTo(Command analytics, CliContext context)
    {
        analytics.Subcommands.Add(CreateTables(context));
        analytics.Subcommands.Add(CreateExport(context));
    }

    private static Option<string?> WarehouseOption() => new("--warehouse")
    {
        Description = $"The warehouse file. Default: ${AnalyticsWarehouse.EnvironmentVariable}, else next to the database (x.db → x.warehouse.duckdb).",
    };

    public static Command CreateTables(CliContext context)
    {
        var warehouse = WarehouseOption();
        var command = new Command("tables", "List the analytics warehouse tables with their row counts.") { warehouse };
        command.SetAction(parse => Guard(context.Io.ErrorUi, () =>
        {
            var store = Locate(context, parse, warehouse);
            var table = new Table().AddColumn("Table").AddColumn(new TableColumn("Rows").RightAligned());
            foreach (var t in store.ListTables())
            {
                table.AddRow(t.Name, t.Rows.ToString("N0", CultureInfo.InvariantCulture));
            }

            context.Io.Ui.MarkupLineInterpolated($"{store.Path} ({new FileInfo(store.Path).Length / 1e6:0.0} MB)");
            context.Io.Ui.Write(table);
            return Task.FromResult(VinculoCli.Ok);
        }));
        return command;
    }

    public static Command CreateExport(CliContext context)
    {
        var warehouse = WarehouseOption();
        var tableOption = new Option<string>("--table") { Description = $"The table: {string.Join(", ", WarehouseSchema.Tables)}.", Required = true };
        var format = new Option<string>("--format") { Description = "parquet or csv.", DefaultValueFactory = _ => "parquet" };
        format.AcceptOnlyFromAmong("parquet", "csv");
        var output = new Option<string>("--out") { Description = "The file to write (replaced when it exists).", Required = true };
        var command = new Command("export", "Export one analytics warehouse table to a Parquet or CSV file.") { tableOption, format, output, warehouse };
        command.SetAction((parse, ct) => Guard(context.Io.ErrorUi, async () =>
        {
            var name = parse.GetValue(tableOption)!;
            if (!WarehouseSchema.IsTable(name))
            {
                context.Io.ErrorUi.MarkupLineInterpolated($"[red]Error:[/] unknown table '{name}'; use one of {string.Join(", ", WarehouseSchema.Tables)}.");
                return VinculoCli.Failed;
            }

            var store = Locate(context, parse, warehouse);
            var kind = parse.GetValue(format) == "csv" ? WarehouseExportFormat.Csv : WarehouseExportFormat.Parquet;
            var target = Path.GetFullPath(parse.GetValue(output)!);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await store.ExportAsync(name, kind, target, ct);
            context.Io.ErrorUi.MarkupLineInterpolated(
                $"Wrote {name} to {target} ({new FileInfo(target).Length / 1e6:0.0} MB) in {watch.Elapsed.TotalSeconds:0.0} s.");
            return VinculoCli.Ok;
        }));
        return command;
    }

    private static AnalyticsWarehouse Locate(CliContext context, ParseResult parse, Option<string?> warehouse) =>
        parse.GetValue(warehouse) is { Length: > 0 } path ? new AnalyticsWarehouse(path) : AnalyticsWarehouse.For(context.Settings(parse));

    private static async Task<int> Guard(IAnsiConsole messages, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (OperationCanceledException)
        {
            messages.MarkupLine("[yellow]Cancelled.[/]");
            return VinculoCli.Failed;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or ArgumentException
                                       or System.Data.Common.DbException)
        {
            messages.MarkupLineInterpolated($"[red]Error:[/] {e.Message}");
            return VinculoCli.Failed;
        }
    }
}
