using System.CommandLine;
using CsvHelper;
using Spectre.Console;
using Vinculo.Core.ImportExport;
using Vinculo.Core.Storage;

namespace Vinculo.Cli.Commands;

internal static class ImportCommands
{
    /// <summary>Errors shown in the terminal; the --report file gets all of them.</summary>
    private const int ShownErrors = 50;

    public static Command Create(CliContext context) => new("import", "Import customers or interactions from a CSV file.")
    {
        Subcommand(context, "customers", "Import customers. Columns: " + string.Join(", ", CsvColumns.Customer) + ".", CsvImport.Customers),
        Subcommand(context, "interactions", "Import interactions. Columns: " + string.Join(", ", CsvColumns.Interaction) + ".", CsvImport.Interactions),
        ImportTransactionsCommand.Create(context),
    };

    private static Command Subcommand(
        CliContext context, string what, string description,
        Func<DatabaseSettings, Stream, ImportOptions, CancellationToken, Task<ImportResult>> import)
    {
        var file = new Argument<FileInfo>("file") { Description = "The CSV file (UTF-8, first line = column names)." };
        var mode = new Option<string>("--mode")
        {
            Description = "all-or-nothing: write nothing if any row is invalid. skip-invalid: write the valid rows, report the rest.",
            DefaultValueFactory = _ => "all-or-nothing",
        };
        mode.AcceptOnlyFromAmong("all-or-nothing", "skip-invalid");
        var report = new Option<FileInfo?>("--report") { Description = "Write every rejected row's errors to this CSV file (row, column, message)." };

        var command = new Command(what, description) { file, mode, report };
        command.SetAction((parse, ct) =>
        {
            var ui = context.Io.Ui;
            var csv = parse.GetValue(file)!;
            if (!csv.Exists)
            {
                ui.MarkupLineInterpolated($"[red]Error:[/] file not found: {csv.FullName}");
                return Task.FromResult(VinculoCli.Failed);
            }

            return context.Guard(parse, ui, async settings =>
            {
                var options = new ImportOptions
                {
                    Mode = parse.GetValue(mode) == "skip-invalid" ? ImportMode.SkipInvalid : ImportMode.AllOrNothing,
                    MaxReportedErrors = parse.GetValue(report) is null ? 10_000 : 1_000_000,
                };
                ui.MarkupLineInterpolated($"Importing {what} from {csv.Name} into {settings.Describe()} ({parse.GetValue(mode)})");
                ImportResult result;
                await using (var stream = new FileStream(csv.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
                {
                    result = await ui.Progress()
                        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                        .StartAsync(async progress =>
                        {
                            var task = progress.AddTask($"Reading {csv.Name}", maxValue: Math.Max(1, stream.Length));
                            var bridge = new InlineProgress<ImportProgress>(p =>
                            {
                                task.Value = Math.Min(p.BytesRead, task.MaxValue);
                                task.Description = $"{p.RowsRead:N0} rows read, {p.RowsRejected:N0} rejected";
                            });
                            var done = await import(settings, stream, options with { Progress = bridge }, ct);
                            task.Value = task.MaxValue;
                            return done;
                        });
                }

                Print(ui, result, options.Mode, parse.GetValue(report) is null);
                if (parse.GetValue(report) is { } reportFile && result.ErrorCount > 0)
                {
                    await WriteReport(reportFile, result.Errors, ct);
                    ui.MarkupLineInterpolated($"Error report: {reportFile.FullName} ({result.Errors.Count:N0} errors)");
                }

                return result.AllWritten ? VinculoCli.Ok : VinculoCli.RowsRejected;
            });
        });
        return command;
    }

    private static void Print(IAnsiConsole ui, ImportResult result, ImportMode mode, bool suggestReport)
    {
        PrintErrors(ui, result.Errors, result.ErrorCount, suggestReport);
        if (result.AllWritten)
        {
            ui.MarkupLineInterpolated($"[green]Imported {result.RowsWritten:N0} of {result.RowsRead:N0} rows[/] in {result.Elapsed.TotalSeconds:N1} s.");
        }
        else if (result.Committed)
        {
            ui.MarkupLineInterpolated($"[yellow]Imported {result.RowsWritten:N0} of {result.RowsRead:N0} rows; {result.RowsRejected:N0} rejected.[/]");
        }
        else if (result.RowsRead == 0)
        {
            ui.MarkupLine("[red]Nothing was written: the file's columns are not right.[/]");
        }
        else
        {
            ui.MarkupLineInterpolated(
                $"[red]Nothing was written:[/] {result.RowsRejected:N0} of {result.RowsRead:N0} rows have errors ({EnumName(mode)}). Fix them, or use --mode skip-invalid to import the valid rows.");
        }
    }

    /// <summary>The first errors as a table (row, column, message), and how many more there are.</summary>
    internal static void PrintErrors(IAnsiConsole ui, IReadOnlyList<ImportError> errors, long errorCount, bool suggestReport)
    {
        if (errors.Count > 0)
        {
            var table = new Table().AddColumn("Row").AddColumn("Column").AddColumn("Message");
            foreach (var e in errors.Take(ShownErrors))
            {
                table.AddRow(Markup.Escape(e.Row.ToString(System.Globalization.CultureInfo.InvariantCulture)), Markup.Escape(e.Column), Markup.Escape(e.Message));
            }

            ui.Write(table);
            if (errorCount > ShownErrors)
            {
                ui.MarkupLineInterpolated($"… and {errorCount - ShownErrors:N0} more errors{(suggestReport ? " (use --report FILE to get them all)" : "")}.");
            }
        }
    }

    private static string EnumName(ImportMode mode) => mode == ImportMode.SkipInvalid ? "skip-invalid" : "all-or-nothing";

    /// <summary>Writes errors as CSV (row, column, message).</summary>
    internal static async Task WriteReport(FileInfo file, IReadOnlyList<ImportError> errors, CancellationToken ct)
    {
        await using var writer = new StreamWriter(file.FullName, append: false, new System.Text.UTF8Encoding(false));
        await using var csv = CsvWriter.Create(writer, CsvWriterOptions.Default with { NewLine = "\n" }, leaveOpen: true);
        csv.WriteHeader(["row", "column", "message"]);
        foreach (var e in errors)
        {
            csv.WriteField(e.Row.ToString(System.Globalization.CultureInfo.InvariantCulture));
            csv.WriteField(e.Column);
            csv.WriteField(e.Message);
            csv.EndRecord();
        }

        await csv.FlushAsync(ct);
    }
}
