using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Vinculo.Core.Analytics.CsvTables;
using Vinculo.Domain.Analytics.Modeling;

namespace Vinculo.Bench;

/// <summary>
/// The classifiers (<c>--only models</c>): (a) on the public tables, the same 80/20 stratified split as
/// bench/reference/sklearn_reference.py (tests/fixtures/splits): training and scoring time, test ROC AUC and Brier
/// against the better scikit-learn 1.2.1 model (targets: AUC ≥ it, Brier ≤ its Brier); (b) training, scoring and
/// explaining time on a generated table of <c>--model-rows</c> rows × 20 columns (15 numeric with 5% missing, 5
/// categorical), the size the analytics pipeline trains on.
/// </summary>
internal static class ModelsBench
{
    public const double TrainTargetSeconds = 300;

    private static readonly (string Name, string File, string Label, string Positive)[] Tables =
    [
        ("telco-churn", "telco-churn/Telco-Customer-Churn.csv", "Churn", "Yes"),
        ("credit-default", "credit-default/default_of_credit_card_clients.csv", "default payment next month", "1"),
        ("airline-satisfaction", "airline-satisfaction/airline_passenger_satisfaction_test.csv", "satisfaction", "satisfied"),
    ];

    public static void Run(Report report, BenchOptions options, string repoRoot)
    {
        var datasets = Path.GetFullPath(options.Datasets ?? Path.Combine(repoRoot, "..", "shared", "datasets"));
        using var references = JsonDocument.Parse(File.ReadAllText(Path.Combine(repoRoot, "bench", "reference", "sklearn_reference.json")));
        Console.WriteLine("Classifiers: public tables (80/20 split of bench/reference/sklearn_reference.py) and a generated table");
        foreach (var (name, file, label, positive) in Tables)
        {
            var path = Path.Combine(datasets, file);
            if (!File.Exists(path))
            {
                Console.WriteLine($"  {name}: {path} not found; skipped.");
                report.Notes.Add($"Models: {name} skipped (file not found).");
                continue;
            }

            var reference = references.RootElement.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("table").GetString() == name);
            PublicTable(report, repoRoot, name, path, label, positive, reference);
        }

        if (options.ModelRows > 0)
        {
            Generated(report, options.ModelRows);
        }
    }

    private static void PublicTable(Report report, string repoRoot, string name, string path, string label, string positive, JsonElement reference)
    {
        var watch = Stopwatch.StartNew();
        var table = CsvTableReader.ReadForTraining(path, new TrainingTableOptions(label, positive));
        var readSeconds = watch.Elapsed.TotalSeconds;
        var test = File.ReadLines(Path.Combine(repoRoot, "tests", "fixtures", "splits", name + ".txt"))
            .Where(l => l.Length > 0 && l[0] != '#').Select(l => int.Parse(l, CultureInfo.InvariantCulture) - 1).ToArray();
        var inTest = new bool[table.Data.Rows];
        foreach (var r in test)
        {
            inTest[r] = true;
        }

        var train = Enumerable.Range(0, table.Data.Rows).Where(r => !inTest[r]).ToArray();
        var trainData = table.Data.Select(train);
        var trainLabel = train.Select(r => table.Label[r]).ToArray();
        var testData = table.Data.Select(test);
        var testLabel = test.Select(r => table.Label[r]).ToArray();

        var (model, trainSeconds, trainCpu) = Timed(() => ClassifierTrainer.Train(trainData, trainLabel));
        var (probability, scoreSeconds, _) = Timed(() => model.PredictProbabilities(testData));
        var auc = ClassificationMetrics.RocAuc(probability, testLabel);
        var brier = ClassificationMetrics.Brier(probability, testLabel);
        var lr = reference.GetProperty("logistic");
        var gb = reference.GetProperty("boosting");
        var (lrAuc, lrBrier, gbAuc, gbBrier) = (lr.GetProperty("auc").GetDouble(), lr.GetProperty("brier").GetDouble(), gb.GetProperty("auc").GetDouble(), gb.GetProperty("brier").GetDouble());
        var (bestName, bestAuc, bestBrier) = lrAuc >= gbAuc ? ("LogisticRegression", lrAuc, lrBrier) : ("HistGradientBoosting", gbAuc, gbBrier);
        var met = auc >= bestAuc && brier <= bestBrier;
        report.Models[name] = new
        {
            rows = table.Data.Rows,
            trainRows = train.Length,
            testRows = test.Length,
            columnsUsed = model.Columns.Count,
            dropped = table.Dropped.Concat(model.Dropped).Select(d => $"{d.Name} ({d.Reason})").ToArray(),
            algorithm = model.Algorithm,
            internalValidation = model.Validation,
            boostingTrees = model.BoostingTrees,
            readSeconds,
            trainSeconds,
            trainCpuSeconds = trainCpu,
            scoreSeconds,
            rocAuc = auc,
            brier,
            sklearn = new { logistic = new { auc = lrAuc, brier = lrBrier }, boosting = new { auc = gbAuc, brier = gbBrier }, best = bestName },
            met,
        };
        var label2 = $"model {name}";
        report.Rows.Add(new Report.Row($"models.{name}", label2, null, null, null,
            $"{model.Algorithm}: AUC {auc:0.0000}, Brier {brier:0.0000}; sklearn LR {lrAuc:0.0000}/{lrBrier:0.0000}, HGB {gbAuc:0.0000}/{gbBrier:0.0000}; " +
            $"train {trainSeconds:0.0} s ({train.Length:N0} rows), score {scoreSeconds * 1000:0} ms",
            $"AUC ≥ {bestAuc:0.0000}, Brier ≤ {bestBrier:0.0000}", name == "airline-satisfaction" ? null : met));
        Console.WriteLine($"  {name}: {model.Algorithm}, test AUC {auc:0.0000} (sklearn {bestName} {bestAuc:0.0000}), Brier {brier:0.0000} ({bestBrier:0.0000}); " +
                          $"internal AUC {model.InternalAuc:0.0000}; train {trainSeconds:0.0} s (CPU {trainCpu:0.0} s), score {scoreSeconds * 1000:0} ms");
    }

    private static void Generated(Report report, int rows)
    {
        var (data, label) = Generate(rows, 1);
        var (model, trainSeconds, trainCpu) = Timed(() => ClassifierTrainer.Train(data, label));
        var (probability, scoreSeconds, scoreCpu) = Timed(() => model.PredictProbabilities(data));
        var (_, explainSeconds, explainCpu) = Timed(() => model.ExplainAll(data, 3));
        var auc = ClassificationMetrics.RocAuc(probability, label);
        report.Models["generated"] = new
        {
            rows,
            columns = data.Columns.Count,
            algorithm = model.Algorithm,
            selectionRows = model.Validation.Rows,
            internalValidation = model.Validation,
            boostingTrees = model.BoostingTrees,
            trainSeconds,
            trainCpuSeconds = trainCpu,
            scoreSeconds,
            scoreCpuSeconds = scoreCpu,
            explainTop3Seconds = explainSeconds,
            explainCpuSeconds = explainCpu,
            trainingRocAuc = auc,
            modelJsonBytes = model.ToJson().Length,
            targetTrainSeconds = TrainTargetSeconds,
            met = trainSeconds <= TrainTargetSeconds,
        };
        report.Rows.Add(new Report.Row("models.generated", $"model train {rows:N0}×20", null, null, null,
            $"{model.Algorithm}, train {trainSeconds:0.0} s (CPU {trainCpu:0.0} s; choice on {model.Validation.Rows:N0} rows), score {scoreSeconds:0.0} s, top-3 factors {explainSeconds:0.0} s",
            $"train ≤ {TrainTargetSeconds:0} s", trainSeconds <= TrainTargetSeconds));
        Console.WriteLine($"  generated {rows:N0} × {data.Columns.Count}: {model.Algorithm}; train {trainSeconds:0.0} s (CPU {trainCpu:0.0} s), " +
                          $"score {scoreSeconds:0.0} s, top-3 factors {explainSeconds:0.0} s; internal AUC {model.InternalAuc:0.0000}");
    }

    private static (T Result, double Seconds, double CpuSeconds) Timed<T>(Func<T> body)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = body();
        var seconds = watch.Elapsed.TotalSeconds;
        process.Refresh();
        return (result, seconds, (process.TotalProcessorTime - cpu).TotalSeconds);
    }

    /// <summary>15 numeric columns (5% missing; 5 carry signal, one pair interacts) and 5 categorical ones (3 to 19 categories).</summary>
    private static (TabularDataset Data, bool[] Label) Generate(int n, int seed)
    {
        var random = new Random(seed);
        var numbers = new double[15][];
        for (var j = 0; j < numbers.Length; j++)
        {
            numbers[j] = new double[n];
        }

        var codes = new int[5][];
        for (var j = 0; j < codes.Length; j++)
        {
            codes[j] = new int[n];
        }

        var label = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var z = -1.0;
            for (var j = 0; j < numbers.Length; j++)
            {
                var v = random.NextDouble() * 2 - 1;
                var missing = random.NextDouble() < 0.05;
                numbers[j][i] = missing ? double.NaN : v;
                z += (j < 5 ? 0.8 : 0.1) * (missing ? 0.5 : v);
            }

            if (!double.IsNaN(numbers[0][i]) && !double.IsNaN(numbers[1][i]))
            {
                z += numbers[0][i] * numbers[1][i];
            }

            for (var j = 0; j < codes.Length; j++)
            {
                codes[j][i] = random.Next(3 + 4 * j);
                z += codes[j][i] % 3 == 0 ? 0.4 : 0;
            }

            label[i] = random.NextDouble() < 1 / (1 + Math.Exp(-z));
        }

        var builder = new TabularDatasetBuilder();
        for (var j = 0; j < numbers.Length; j++)
        {
            builder.Numeric($"n{j}", numbers[j]);
        }

        for (var j = 0; j < codes.Length; j++)
        {
            builder.Categorical($"c{j}", codes[j], Enumerable.Range(0, 3 + 4 * j).Select(k => $"v{k}").ToArray());
        }

        return (builder.Build(), label);
    }
}
