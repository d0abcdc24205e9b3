using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Vinculo.Core.Analytics.CsvTables;
using Vinculo.Domain.Analytics.Modeling;

namespace Vinculo.Cli.Commands;

/// <summary>
/// <c>vinculo model train</c> and <c>vinculo model score</c>: a calibrated classifier (logistic regression, gradient-boosted
/// trees or their blend, chosen by cross-validated AUC) trained on any CSV table and applied to another. No database.
/// See docs/analytics-models.md.
/// </summary>
internal static class ModelCommands
{
    public static Command CreateTrain(CliContext context)
    {
        var csv = new Option<FileInfo>("--csv") { Description = "The training table: CSV, comma-separated, a header row.", Required = true };
        var label = new Option<string>("--label") { Description = "The column to predict.", Required = true };
        var positive = new Option<string>("--positive") { Description = "The label value that counts as positive (e.g. Yes, 1).", Required = true };
        var drop = new Option<string?>("--drop") { Description = "Columns not to learn from, comma-separated." };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same table and seed give the same model file.", DefaultValueFactory = _ => 42 };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the model (JSON).", Required = true };
        var command = new Command("train",
            "Train a calibrated classifier on a CSV table: numeric and categorical columns are detected, identifier-like columns left out, " +
            "and logistic regression, gradient-boosted trees or their blend chosen by cross-validated ROC AUC.")
        {
            csv, label, positive, drop, seed, output,
        };
        command.SetAction(parse =>
        {
            var ui = context.Io.ErrorUi;
            var input = parse.GetValue(csv)!;
            var target = parse.GetValue(output)!;
            if (!input.Exists)
            {
                ui.MarkupLineInterpolated($"[red]Error:[/] file not found: {input.FullName}");
                return VinculoCli.Failed;
            }

            var options = new TrainingTableOptions(parse.GetValue(label)!, parse.GetValue(positive)!)
            {
                Drop = (parse.GetValue(drop) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            };
            try
            {
                var watch = Stopwatch.StartNew();
                var table = CsvTableReader.ReadForTraining(input.FullName, options);
                var read = watch.Elapsed;
                ui.MarkupLineInterpolated($"Read {table.Data.Rows:N0} rows × {table.Data.Columns.Count + table.Dropped.Count + 1} columns of {input.Name} in {read.TotalSeconds:0.0} s; training…");
                var model = ClassifierTrainer.Train(table.Data, table.Label, new ClassifierOptions { Seed = parse.GetValue(seed) });
                TableFiles.WriteAllText(target.FullName, model.ToJson());
                PrintSummary(ui, table, model, options, watch.Elapsed - read, target);
                return VinculoCli.Ok;
            }
            catch (TableFileException e)
            {
                ui.MarkupLineInterpolated($"[red]Error:[/] {input.Name}: {e.Message} Nothing was written.");
                return VinculoCli.Failed;
            }
            catch (ArgumentException e)
            {
                ui.MarkupLineInterpolated($"[red]Error:[/] {e.Message} Nothing was written.");
                return VinculoCli.Failed;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                ui.MarkupLineInterpolated($"[red]Error:[/] {e.Message} Nothing was written.");
                return VinculoCli.Failed;
            }
        });
        return command;
    }

    public static Command CreateScore(CliContext context)
    {
        var modelFile = new Option<FileInfo>("--model") { Description = "A model written by 'vinculo model train'.", Required = true };
        var csv = new Option<FileInfo>("--csv") { Description = "The table to score: it must have the model's columns (others are ignored).", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Where to write row,probability (row = data row number from 1, in input order).", Required = true };
        var command = new Command("score", "Score a CSV table with a trained model: one calibrated probability per row.")
        {
            modelFile, csv, output,
        };
        command.SetAction(parse =>
        {
            var ui = context.Io.ErrorUi;
            var modelInfo = parse.GetValue(modelFile)!;
            var input = parse.GetValue(csv)!;
            var target = parse.GetValue(output)!;
            foreach (var file in new[] { modelInfo, input })
            {
                if (!file.Exists)
                {
                    ui.MarkupLineInterpolated($"[red]Error:[/] file not found: {file.FullName}");
                    return VinculoCli.Failed;
                }
            }

            try
            {
                var watch = Stopwatch.StartNew();
                var model = ClassifierModel.FromJson(File.ReadAllText(modelInfo.FullName));
                var data = CsvTableReader.ReadForScoring(input.FullName, model.Columns);
                var probabilities = model.PredictProbabilities(data);
                TableFiles.WriteScores(target.FullName, probabilities);
                ui.MarkupLineInterpolated(
                    $"Scored {data.Rows:N0} rows of {input.Name} with a {model.Algorithm} model ({model.Columns.Count} columns) in {watch.Elapsed.TotalSeconds:0.0} s; mean probability {(probabilities.Length > 0 ? probabilities.Average() : 0):0.000}. Wrote {target.FullName}");
                return VinculoCli.Ok;
            }
            catch (FormatException e)
            {
                ui.MarkupLineInterpolated($"[red]Error:[/] {modelInfo.Name}: {e.Message}");
                return VinculoCli.Failed;
            }
            catch (TableFileException e)
            {
                ui.MarkupLineInterpolated($"[red]Error:[/] {input.Name}: {e.Message} Nothing was written.");
                return VinculoCli.Failed;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                ui.MarkupLineInterpolated($"[red]Error:[/] {e.Message} Nothing was written.");
                return VinculoCli.Failed;
            }
        });
        return command;
    }

    private static void PrintSummary(IAnsiConsole ui, TrainingTable table, ClassifierModel model, TrainingTableOptions options, TimeSpan took, FileInfo target)
    {
        var c = CultureInfo.InvariantCulture;
        ui.MarkupLineInterpolated(
            $"Label {options.Label}: {table.Positives:N0} '{options.Positive}' of {table.Data.Rows:N0} rows ({table.Positives / (double)table.Data.Rows:P1}); the rest '{table.NegativeValue}'.");
        var numeric = model.Columns.Count(x => x.Kind == ColumnKind.Numeric);
        ui.MarkupLineInterpolated($"Columns used: {model.Columns.Count} ({numeric} numeric, {model.Columns.Count - numeric} categorical).");
        foreach (var d in table.Dropped.Concat(model.Dropped))
        {
            ui.MarkupLineInterpolated($"Column not used: {d.Name} ({d.Reason}).");
        }

        var scores = string.Join(", ", model.Validation.Candidates.Select(x => $"{x.Algorithm} {x.RocAuc.ToString("0.0000", c)}"));
        ui.MarkupLineInterpolated(
            $"Chosen: {model.Algorithm}, internal AUC {model.InternalAuc.ToString("0.0000", c)} ({model.Validation.Folds}-fold cross-validation on {model.Validation.Rows:N0} rows: {scores}).");
        ui.MarkupLineInterpolated($"Top columns: {string.Join(", ", model.TrainingImportances.Take(5).Select(x => $"{x.Feature} {x.Importance.ToString("P0", c)}"))}.");
        ui.MarkupLineInterpolated($"Trained in {took.TotalSeconds:0.0} s. Wrote {target.FullName}");
    }
}
