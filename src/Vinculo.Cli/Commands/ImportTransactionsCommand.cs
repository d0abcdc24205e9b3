using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Vinculo.Core.Commerce.Import;
using Vinculo.Core.ImportExport;

namespace Vinculo.Cli.Commands;

/// <summary>
/// <c>vinculo import transactions</c>: orders, order lines, returns, customers and products from a sales file, either
/// the UCI Online Retail layout or any CSV described by a JSON mapping. Plain or gzip input.
/// </summary>
internal static class ImportTransactionsCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "The transactions file: CSV, plain or gzip-compressed (found from its first bytes)." };
        var format = new Option<string?>("--format")
        {
            Description = "online-retail: the UCI Online Retail columns (InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, " +
                          "CustomerID, Country). csv: any CSV described by --mapping. Default: csv with --mapping, else online-retail.",
        };
        format.AcceptOnlyFromAmong("online-retail", "csv");
        var mappingFile = new Option<FileInfo?>("--mapping")
        {
            Description = "JSON file naming the CSV column of each field (orderNumber, sku, description, quantity, date, unitPrice, discount, " +
                          "customerExternalId, country, currency) and the source, dateFormat, timeZone, decimalSeparator, delimiter, currency, cancellationPrefix.",
        };
        var mode = new Option<string?>("--mode")
        {
            Description = "all-or-nothing: write nothing if any row is invalid. skip-invalid: write the valid rows, report the rest. " +
                          "Default: skip-invalid for --format online-retail (the published file has 1,375 stock write-offs and adjustments " +
                          "that are not sales), all-or-nothing for --format csv.",
        };
        mode.AcceptOnlyFromAmong("all-or-nothing", "skip-invalid");
        var report = new Option<FileInfo?>("--report") { Description = "Write every rejected row's errors to this CSV file (row, column, message)." };

        var command = new Command("transactions",
            "Import sales and cancellations: one order per order number, one return per cancellation line, customers by their id in the source, products by SKU. " +
            "Importing the same file again adds nothing twice.")
        {
            file, format, mappingFile, mode, report,
        };
        command.SetAction((parse, ct) =>
        {
            var ui = context.Io.Ui;
            var input = parse.GetValue(file)!;
            var map = parse.GetValue(mappingFile);
            var kind = parse.GetValue(format) ?? (map is null ? "online-retail" : "csv");
            var chosenMode = parse.GetValue(mode) ?? (kind == "online-retail" ? "skip-invalid" : "all-or-nothing");
            if (!input.Exists)
            {
                ui.MarkupLineInterpolated($"[red]Error:[/] file not found: {input.FullName}");
                return Task.FromResult(VinculoCli.Failed);
            }

            if (kind == "csv" && map is null)
            {
                ui.MarkupLine("[red]Error:[/] --format csv needs --mapping MAP.json.");
                return Task.FromResult(VinculoCli.Failed);
            }

            if (kind == "online-retail" && map is not null)
            {
                ui.MarkupLine("[red]Error:[/] --mapping goes with --format csv; the online-retail format has its own.");
                return Task.FromResult(VinculoCli.Failed);
            }

            if (map is { Exists: false })
            {
                ui.MarkupLineInterpolated($"[red]Error:[/] mapping file not found: {map.FullName}");
                return Task.FromResult(VinculoCli.Failed);
            }

            return context.Guard(parse, ui, async settings =>
            {
                TransactionMapping mapping;
                if (map is null)
                {
                    mapping = TransactionMapping.OnlineRetail;
                }
                else
                {
                    await using var json = map.OpenRead();
                    mapping = await TransactionMapping.Load(json, ct);
                }

                var options = new TransactionImportOptions
                {
                    Mode = chosenMode == "skip-invalid" ? ImportMode.SkipInvalid : ImportMode.AllOrNothing,
                    MaxReportedErrors = parse.GetValue(report) is null ? 10_000 : 1_000_000,
                };
                ui.MarkupLineInterpolated($"Importing transactions ({kind}, source {mapping.Source}) from {input.Name} into {settings.Describe()} ({chosenMode})");
                TransactionImportResult result;
                try
                {
                    await using var stream = new FileStream(input.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                    result = await ui.Progress()
                        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                        .StartAsync(async progress =>
                        {
                            var task = progress.AddTask($"Reading {input.Name}", maxValue: Math.Max(1, stream.Length));
                            var bridge = new InlineProgress<ImportProgress>(p =>
                            {
                                task.Value = Math.Min(p.BytesRead, task.MaxValue);
                                task.Description = $"{p.RowsRead:N0} lines read, {p.RowsRejected:N0} rejected";
                            });
                            var done = await TransactionImport.Run(settings, stream, mapping, options with { Progress = bridge }, ct);
                            task.Value = task.MaxValue;
                            return done;
                        });
                }
                catch (InvalidDataException e)
                {
                    // A damaged gzip file: the import's transaction was rolled back.
                    ui.MarkupLineInterpolated($"[red]Error:[/] {input.Name} cannot be decompressed: {e.Message.TrimEnd('.')}. Nothing was written.");
                    return VinculoCli.Failed;
                }

                Print(ui, result, parse.GetValue(report) is null);
                if (parse.GetValue(report) is { } reportFile && result.ErrorCount > 0)
                {
                    await ImportCommands.WriteReport(reportFile, result.Errors, ct);
                    ui.MarkupLineInterpolated($"Error report: {reportFile.FullName} ({result.Errors.Count:N0} errors)");
                }

                return result.AllWritten ? VinculoCli.Ok : VinculoCli.RowsRejected;
            });
        });
        return command;
    }

    private static void Print(IAnsiConsole ui, TransactionImportResult result, bool suggestReport)
    {
        ImportCommands.PrintErrors(ui, result.Errors, result.ErrorCount, suggestReport);
        if (!result.Committed)
        {
            if (result.LinesRead == 0)
            {
                ui.MarkupLine("[red]Nothing was written:[/] the file's columns are not right.");
            }
            else
            {
                ui.MarkupLineInterpolated(
                    $"[red]Nothing was written:[/] {result.RowsRejected:N0} of {result.LinesRead:N0} lines have errors (all-or-nothing). Fix them, or use --mode skip-invalid to import the valid lines.");
            }

            return;
        }

        var seconds = result.Elapsed.TotalSeconds;
        var table = new Table().AddColumn("").AddColumn(new TableColumn("Count").RightAligned());
        void Row(string what, long count) => table.AddRow(what, count.ToString("N0", CultureInfo.InvariantCulture));
        Row("Lines read", result.LinesRead);
        Row("Lines rejected", result.RowsRejected);
        Row("Orders", result.Orders);
        Row("  of which guest orders", result.GuestOrders);
        Row("Order lines", result.OrderLines);
        Row("Returns", result.Returns);
        Row("  linked to an order line", result.ReturnsLinked);
        Row("Customers created", result.CustomersCreated);
        Row("Products created", result.ProductsCreated);
        Row("Products updated", result.ProductsUpdated);
        Row("Orders already imported (left as they are)", result.OrdersAlreadyImported);
        Row("Returns already imported (left as they are)", result.ReturnsAlreadyImported);
        ui.Write(table);
        var rate = seconds > 0 ? result.LinesRead / seconds : 0;
        if (result.AllWritten)
        {
            ui.MarkupLineInterpolated($"[green]Imported {result.LinesRead:N0} lines[/] in {seconds:N1} s ({rate:N0} lines/s).");
        }
        else
        {
            ui.MarkupLineInterpolated($"[yellow]Imported the valid lines; {result.RowsRejected:N0} of {result.LinesRead:N0} rejected[/] in {seconds:N1} s ({rate:N0} lines/s).");
        }
    }
}
