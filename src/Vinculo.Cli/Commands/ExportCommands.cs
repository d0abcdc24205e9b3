using System.CommandLine;
using System.Text;
using Spectre.Console;
using Vinculo.Core.ImportExport;
using Vinculo.Core.Storage;

namespace Vinculo.Cli.Commands;

internal static class ExportCommands
{
    public static Command Create(CliContext context) => new("export", "Export customers or interactions as CSV (the columns import reads).")
    {
        Subcommand(context, "customers", CsvExport.Customers),
        Subcommand(context, "interactions", CsvExport.Interactions),
    };

    private static Command Subcommand(
        CliContext context, string what, Func<DatabaseSettings, TextWriter, IProgress<ExportProgress>?, CancellationToken, Task<long>> export)
    {
        var output = new Option<FileInfo?>("--out") { Description = "The CSV file to write; standard output when omitted." };
        var command = new Command(what, $"Export every {what.TrimEnd('s')} as CSV.") { output };
        command.SetAction((parse, ct) =>
        {
            var file = parse.GetValue(output);
            // With CSV on stdout, every message goes to stderr so a pipe or redirect only gets the data.
            var ui = file is null ? context.Io.ErrorUi : context.Io.Ui;
            return context.Guard(parse, ui, async settings =>
            {
                long rows;
                if (file is null)
                {
                    rows = await export(settings, context.Io.Data, null, ct);
                    await context.Io.Data.FlushAsync(ct);
                }
                else
                {
                    if (file.Directory is { Exists: false } directory)
                    {
                        directory.Create();
                    }

                    await using var writer = new StreamWriter(file.FullName, append: false, new UTF8Encoding(false), 1 << 16);
                    rows = await ui.Progress()
                        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                        .StartAsync(async progress =>
                        {
                            var task = progress.AddTask($"Exporting {what}", maxValue: 1);
                            var bridge = new InlineProgress<ExportProgress>(p =>
                            {
                                task.MaxValue = Math.Max(1, p.RowsTotal);
                                task.Value = p.RowsWritten;
                            });
                            return await export(settings, writer, bridge, ct);
                        });
                }

                ui.MarkupLineInterpolated($"Exported {rows:N0} {what}{(file is null ? "" : $" to {file.FullName}")}.");
                return VinculoCli.Ok;
            });
        });
        return command;
    }
}
