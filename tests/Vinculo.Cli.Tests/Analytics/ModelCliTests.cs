using System.Globalization;

namespace Vinculo.Cli.Tests.Analytics;

/// <summary><c>vinculo model train</c> and <c>vinculo model score</c> on generated CSV files (no database).</summary>
public sealed class ModelCliTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vinculo-cli-tests", Guid.NewGuid().ToString("N"));
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();

    public ModelCliTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<int> Vinculo(params string[] args) => VinculoCli.Run(args, CliIo.ForWriters(_out, _error));

    /// <summary>The messages with line wrapping undone (the console wraps long lines).</summary>
    private string Messages => System.Text.RegularExpressions.Regex.Replace(_error.ToString(), @"\s+", " ");

    private string File(string name) => Path.Combine(_folder, name);

    /// <summary>
    /// customer (an identifier), tenure (drives the label), plan (a category), charges (with blanks), churn Yes/No.
    /// </summary>
    private string Table(string name, int rows, int seed, bool withLabel = true)
    {
        var random = new Random(seed);
        var lines = new List<string> { withLabel ? "customer,tenure,plan,charges,churn" : "customer,tenure,plan,charges" };
        string[] plans = ["basic", "plus", "pro"];
        for (var i = 0; i < rows; i++)
        {
            var tenure = random.Next(0, 72);
            var plan = plans[random.Next(3)];
            var charges = random.NextDouble() < 0.05 ? "" : (20 + random.NextDouble() * 80).ToString("0.00", CultureInfo.InvariantCulture);
            var z = 1.5 - tenure / 15.0 + (plan == "basic" ? 0.8 : 0);
            var churn = random.NextDouble() < 1 / (1 + Math.Exp(-z)) ? "Yes" : "No";
            lines.Add($"C{seed}-{i:00000},{tenure},{plan},{charges}" + (withLabel ? $",{churn}" : ""));
        }

        var path = File(name);
        System.IO.File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public async Task Train_then_score_round_trip()
    {
        var train = Table("train.csv", 600, 1);
        var score = Table("score.csv", 50, 2, withLabel: false);
        var model = File("model.json");
        var scores = File("scores.csv");

        Assert.Equal(0, await Vinculo("model", "train", "--csv", train, "--label", "churn", "--positive", "Yes", "--seed", "3", "--out", model));
        var summary = Messages;
        Assert.Contains("Chosen: ", summary, StringComparison.Ordinal);
        Assert.Contains("internal AUC", summary, StringComparison.Ordinal);
        Assert.Contains("Column not used: customer (identifier-like: all 600 values distinct).", summary, StringComparison.Ordinal);
        Assert.Contains("Columns used: 3 (2 numeric, 1 categorical).", summary, StringComparison.Ordinal);
        Assert.Equal("", _out.ToString());

        Assert.Equal(0, await Vinculo("model", "score", "--model", model, "--csv", score, "--out", scores));
        var lines = System.IO.File.ReadAllLines(scores);
        Assert.Equal("row,probability", lines[0]);
        Assert.Equal(51, lines.Length);
        for (var i = 1; i < lines.Length; i++)
        {
            var parts = lines[i].Split(',');
            Assert.Equal(i.ToString(CultureInfo.InvariantCulture), parts[0]);
            Assert.InRange(double.Parse(parts[1], CultureInfo.InvariantCulture), 0, 1);
        }

        // The same seed gives the same model file.
        var again = File("again.json");
        Assert.Equal(0, await Vinculo("model", "train", "--csv", train, "--label", "churn", "--positive", "Yes", "--seed", "3", "--out", again));
        Assert.Equal(System.IO.File.ReadAllBytes(model), System.IO.File.ReadAllBytes(again));
    }

    [Fact]
    public async Task A_bad_training_file_fails_with_its_row_and_writes_nothing()
    {
        var path = Table("bad.csv", 100, 4);
        var lines = System.IO.File.ReadAllLines(path).ToList();
        lines[37] = "C4-x,12,plus";
        System.IO.File.WriteAllLines(path, lines);
        var model = File("model.json");

        Assert.Equal(1, await Vinculo("model", "train", "--csv", path, "--label", "churn", "--positive", "Yes", "--out", model));

        Assert.Contains("Row 37 (line 38) has 3 fields; the header has 5. Nothing was written.", Messages, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(model));
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public async Task A_missing_label_column_and_a_scoring_file_without_a_model_column_fail_clearly()
    {
        var train = Table("train.csv", 300, 5);
        Assert.Equal(1, await Vinculo("model", "train", "--csv", train, "--label", "cancelled", "--positive", "Yes", "--out", File("m.json")));
        Assert.Contains("The file has no column 'cancelled' (the label).", Messages, StringComparison.Ordinal);

        var model = File("model.json");
        Assert.Equal(0, await Vinculo("model", "train", "--csv", train, "--label", "churn", "--positive", "Yes", "--out", model));
        var score = File("score.csv");
        System.IO.File.WriteAllLines(score, ["customer,tenure,charges", "A,3,20.5"]);
        var scores = File("scores.csv");

        Assert.Equal(1, await Vinculo("model", "score", "--model", model, "--csv", score, "--out", scores));

        Assert.Contains("The file has no column 'plan', which the model uses.", Messages, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(scores));
    }
}
