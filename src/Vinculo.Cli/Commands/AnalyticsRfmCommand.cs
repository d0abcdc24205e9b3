using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Vinculo.Core.Analytics.Files;
using Vinculo.Domain.Analytics.Rfm;

namespace Vinculo.Cli.Commands;

/// <summary>
/// <c>vinculo analytics rfm</c>: recency, frequency and monetary scores and named segments from a transaction file,
/// without a database. Messages go to stderr; the CSV goes to --out (written whole or not at all) or to stdout.
/// </summary>
internal static class AnalyticsRfmCommand
{
    public static Command Create(CliContext context)
    {
        var transactions = TransactionsOption();
        var format = FormatOption();
        var output = new Option<FileInfo?>("--out")
        {
            Description = $"The CSV to write ({RfmFile.Header}), one row per customer in ascending customer id. Default: stdout.",
        };
        var command = new Command("rfm",
            "RFM of a transaction file, no database: per customer with a purchase (quantity > 0 and a customer id), recency = days from the last " +
            "purchase day to the day after the file's last purchase day, frequency = distinct invoices, monetary = Σ quantity × unit price; " +
            "1–5 quintile scores (ties broken by customer id) and the segment. A malformed row stops the command (exit 1) and nothing is written.")
        {
            transactions, format, output,
        };
        command.SetAction((parse, ct) =>
        {
            var ui = context.Io.ErrorUi;
            var clock = Stopwatch.StartNew();
            var input = parse.GetValue(transactions)!;
            var outFile = parse.GetValue(output);
            return Task.FromResult(Guard(ui, input, () =>
            {
                var log = TransactionFileReader.Read(input.FullName, ParseFormat(parse.GetValue(format)), ct);
                var scores = RfmScoring.Score(RfmFile.Measure(log));
                if (outFile is null)
                {
                    RfmFile.Write(context.Io.Data, scores);
                    context.Io.Data.Flush();
                }
                else
                {
                    AtomicFile.WriteText(outFile.FullName, w => RfmFile.Write(w, scores));
                }

                ui.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{log.Rows:N0} rows: {log.Count:N0} purchase lines on {log.InvoiceCount:N0} invoices by {scores.Length:N0} customers ({log.NotPurchases:N0} with quantity ≤ 0 and {log.WithoutCustomer:N0} without a customer left out); RFM written to {(outFile is null ? "stdout" : outFile.FullName)} in {clock.Elapsed.TotalSeconds:N2} s."));
                return VinculoCli.Ok;
            }));
        });
        return command;
    }

    internal static Option<FileInfo> TransactionsOption() => new("--transactions")
    {
        Description = "The transaction file, plain or gzip-compressed (found from its first bytes).",
        Required = true,
    };

    internal static Option<string> FormatOption()
    {
        var format = new Option<string>("--format")
        {
            Description = "online-retail: CSV with InvoiceNo, Quantity, InvoiceDate (yyyy-MM-dd HH:mm:ss or M/d/yyyy H:mm), UnitPrice, CustomerID " +
                          "(17850 or 17850.0; empty = no customer) among its columns. cdnow: the space-separated CDNOW files (sample: master id, " +
                          "sample id, yyyymmdd, CDs, dollars; master: header customer_id date number_of_cds dollar_value).",
            DefaultValueFactory = _ => "online-retail",
        };
        format.AcceptOnlyFromAmong("online-retail", "cdnow");
        return format;
    }

    internal static TransactionFileFormat ParseFormat(string? format) =>
        format == "cdnow" ? TransactionFileFormat.Cdnow : TransactionFileFormat.OnlineRetail;

    /// <summary>Runs a file-mode body and turns expected failures (bad rows, missing files, bad options) into one line on stderr and exit code 1.</summary>
    internal static int Guard(IAnsiConsole ui, FileInfo input, Func<int> body)
    {
        try
        {
            if (!input.Exists)
            {
                ui.MarkupLineInterpolated($"[red]Error:[/] file not found: {input.FullName}");
                return VinculoCli.Failed;
            }

            return body();
        }
        catch (TransactionFileException e)
        {
            ui.MarkupLineInterpolated($"[red]Error:[/] {input.Name}: {e.Message}. Nothing was written.");
            return VinculoCli.Failed;
        }
        catch (OperationCanceledException)
        {
            ui.MarkupLine("[yellow]Cancelled.[/] Nothing was written.");
            return VinculoCli.Failed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            ui.MarkupLineInterpolated($"[red]Error:[/] {e.Message}");
            return VinculoCli.Failed;
        }
    }
}
