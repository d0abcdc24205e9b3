using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Vinculo.Core.Analytics.Files;

namespace Vinculo.Cli.Commands;

/// <summary>
/// <c>vinculo analytics clv</c>: BG/NBD + Gamma-Gamma customer lifetime value from a transaction file, without a
/// database. Messages go to stderr; the CSV goes to --out (written whole or not at all) or to stdout.
/// </summary>
internal static class AnalyticsClvCommand
{
    public static Command Create(CliContext context)
    {
        var transactions = AnalyticsRfmCommand.TransactionsOption();
        var format = AnalyticsRfmCommand.FormatOption();
        var calibrationEnd = new Option<string?>("--calibration-end")
        {
            Description = "Last day of the calibration period (yyyy-MM-dd); later purchases are ignored. Default: the file's last purchase day.",
        };
        var output = new Option<FileInfo?>("--out") { Description = $"The CSV to write ({ClvFile.Header}), one row per customer in ascending id. Default: stdout." };
        var parameters = new Option<FileInfo?>("--params-out") { Description = "Write the fitted parameters, log-likelihoods, customers, calibration end and time unit as JSON." };
        var horizon = new Option<int>("--horizon-weeks") { Description = "Weeks after the calibration end that expected purchases and lifetime value cover.", DefaultValueFactory = _ => 52 };
        var discount = new Option<double>("--discount-rate") { Description = "Annual discount rate of the lifetime value (0.10 = 10 %).", DefaultValueFactory = _ => 0.10 };
        var unit = new Option<string>("--time-unit") { Description = "The models' time unit: frequency, recency and T are in it, and so are the parameters.", DefaultValueFactory = _ => "weeks" };
        unit.AcceptOnlyFromAmong("weeks", "days");
        var command = new Command("clv",
            "Customer lifetime value of a transaction file, no database: BG/NBD (expected purchases, P(alive)) and Gamma-Gamma (spend per purchase) " +
            "fitted by maximum likelihood on the calibration period; purchases on the same day count as one. A malformed row stops the command (exit 1).")
        {
            transactions, format, calibrationEnd, output, parameters, horizon, discount, unit,
        };
        command.SetAction((parse, ct) =>
        {
            var ui = context.Io.ErrorUi;
            var clock = Stopwatch.StartNew();
            var input = parse.GetValue(transactions)!;
            var outFile = parse.GetValue(output);
            var paramsFile = parse.GetValue(parameters);
            return Task.FromResult(AnalyticsRfmCommand.Guard(ui, input, () =>
            {
                DateOnly? end = null;
                if (parse.GetValue(calibrationEnd) is { Length: > 0 } text)
                {
                    if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                    {
                        ui.MarkupLineInterpolated($"[red]Error:[/] --calibration-end '{text}' is not a date (yyyy-MM-dd).");
                        return VinculoCli.Failed;
                    }

                    end = day;
                }

                var weeks = parse.GetValue(horizon);
                var rate = parse.GetValue(discount);
                if (weeks is < 0 or > 5200 || !(rate > -1) || !double.IsFinite(rate))
                {
                    ui.MarkupLine("[red]Error:[/] --horizon-weeks must be 0–5200 and --discount-rate above -1.");
                    return VinculoCli.Failed;
                }

                var log = TransactionFileReader.Read(input.FullName, AnalyticsRfmCommand.ParseFormat(parse.GetValue(format)), ct);
                var result = ClvFile.Run(log, end, parse.GetValue(unit)!, weeks * 7, rate);
                if (outFile is null)
                {
                    ClvFile.WriteCsv(context.Io.Data, result);
                    context.Io.Data.Flush();
                }
                else
                {
                    AtomicFile.WriteText(outFile.FullName, w => ClvFile.WriteCsv(w, result));
                }

                if (paramsFile is not null)
                {
                    AtomicFile.WriteText(paramsFile.FullName, w => ClvFile.WriteParameters(w, result));
                }

                var bg = result.Purchases;
                var gg = result.Spend;
                ui.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{result.Customers.Length:N0} customers, calibration to {result.CalibrationEnd:yyyy-MM-dd} in {result.TimeUnit}. BG/NBD r={bg.R:G4}, alpha={bg.Alpha:G4}, a={bg.A:G4}, b={bg.B:G4} (LL {bg.LogLikelihood:0.##}); Gamma-Gamma p={gg.P:G4}, q={gg.Q:G4}, v={gg.V:G4} on {gg.Customers:N0} repeat customers (LL {gg.LogLikelihood:0.##}). Written to {(outFile is null ? "stdout" : outFile.FullName)} in {clock.Elapsed.TotalSeconds:N2} s."));
                return VinculoCli.Ok;
            }));
        });
        return command;
    }
}
