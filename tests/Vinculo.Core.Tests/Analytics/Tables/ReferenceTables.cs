using Vinculo.Core.Analytics.CsvTables;
using Vinculo.Domain.Analytics.Modeling;

namespace Vinculo.Core.Tests.Analytics.Tables;

/// <summary>
/// The public tables the classifiers are checked on (../shared/datasets next to the repository), the committed 80/20
/// splits of bench/reference/sklearn_reference.py (tests/fixtures/splits) and the scikit-learn 1.2.1 figures that
/// script measured on them (bench/reference/sklearn_reference.json).
/// </summary>
public sealed record ReferenceTable(string Name, string RelativePath, string Label, string Positive, double LogisticAuc, double LogisticBrier, double BoostingAuc, double BoostingBrier)
{
    public static readonly ReferenceTable Telco = new("telco-churn", "telco-churn/Telco-Customer-Churn.csv", "Churn", "Yes", 0.8418, 0.1381, 0.8350, 0.1403);

    public static readonly ReferenceTable Credit = new("credit-default", "credit-default/default_of_credit_card_clients.csv", "default payment next month", "1", 0.7076, 0.1467, 0.7781, 0.1353);

    public static readonly ReferenceTable Airline = new("airline-satisfaction", "airline-satisfaction/airline_passenger_satisfaction_test.csv", "satisfaction", "satisfied", 0.9268, 0.0979, 0.9942, 0.0280);

    public static IReadOnlyList<ReferenceTable> All { get; } = [Telco, Credit, Airline];

    public static ReferenceTable Named(string name) => All.Single(t => t.Name == name);

    /// <summary>The better scikit-learn model's AUC and that model's Brier score.</summary>
    public (double Auc, double Brier) Target => LogisticAuc >= BoostingAuc ? (LogisticAuc, LogisticBrier) : (BoostingAuc, BoostingBrier);

    public string? Path
    {
        get
        {
            var path = System.IO.Path.Combine(RepositoryRoot(), "..", "shared", "datasets", RelativePath);
            return File.Exists(path) ? System.IO.Path.GetFullPath(path) : null;
        }
    }

    /// <summary>The test rows of the split (data row numbers from 1).</summary>
    public int[] TestRows() => File.ReadLines(System.IO.Path.Combine(RepositoryRoot(), "tests", "fixtures", "splits", Name + ".txt"))
        .Where(l => l.Length > 0 && l[0] != '#').Select(l => int.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Reads the table as the CLI does, trains on the 80% as the CLI does and scores the 20%.</summary>
    public Outcome TrainAndTest(ClassifierOptions? options = null)
    {
        var table = CsvTableReader.ReadForTraining(Path!, new TrainingTableOptions(Label, Positive));
        var test = TestRows().Select(r => r - 1).ToArray();
        var inTest = new bool[table.Data.Rows];
        foreach (var r in test)
        {
            inTest[r] = true;
        }

        var train = Enumerable.Range(0, table.Data.Rows).Where(r => !inTest[r]).ToArray();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var model = ClassifierTrainer.Train(table.Data.Select(train), train.Select(r => table.Label[r]).ToArray(), options);
        var seconds = watch.Elapsed.TotalSeconds;
        var testData = table.Data.Select(test);
        var testLabel = test.Select(r => table.Label[r]).ToArray();
        var quality = model.Evaluate(testData, testLabel, $"{Label} = {Positive}");
        return new Outcome(model, quality, seconds, table.Dropped);
    }

    public static string RepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "Vinculo.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("The repository root (with Vinculo.slnx) is not above the test's folder.");
    }

    public sealed record Outcome(ClassifierModel Model, Vinculo.Domain.Analytics.ModelQuality Quality, double TrainSeconds, IReadOnlyList<DroppedColumn> Dropped);
}

/// <summary>Runs a test on a public table; skipped, with the reason, when ../shared/datasets does not hold it.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReferenceTableFactAttribute : FactAttribute
{
    public ReferenceTableFactAttribute(string table)
    {
        var t = ReferenceTable.Named(table);
        if (t.Path is null)
        {
            Skip = $"The public table {t.RelativePath} is not in ../shared/datasets next to the repository.";
        }
    }
}
