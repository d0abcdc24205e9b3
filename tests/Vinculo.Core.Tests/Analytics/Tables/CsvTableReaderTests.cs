using Vinculo.Core.Analytics.CsvTables;
using Vinculo.Domain.Analytics.Modeling;

namespace Vinculo.Core.Tests.Analytics.Tables;

public sealed class CsvTableReaderTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vinculo-table-tests", Guid.NewGuid().ToString("N"));

    public CsvTableReaderTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(params string[] lines)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    /// <summary>25 rows: an id, a number with a blank and an NA, a category with a quoted comma, a label.</summary>
    private string Sample()
    {
        var lines = new List<string> { "id,charges,plan,churn" };
        for (var i = 1; i <= 25; i++)
        {
            var charges = i switch { 3 => " ", 7 => "NA", _ => (i * 1.5).ToString(System.Globalization.CultureInfo.InvariantCulture) };
            var plan = i % 3 == 0 ? "\"basic, monthly\"" : i == 5 ? "?" : "premium";
            lines.Add($"C-{i:000},{charges},{plan},{(i % 4 == 0 ? "Yes" : "No")}");
        }

        return Write([.. lines]);
    }

    [Fact]
    public void Types_missing_values_identifiers_and_labels_are_detected()
    {
        var table = CsvTableReader.ReadForTraining(Sample(), new TrainingTableOptions("churn", "Yes"));

        Assert.Equal(25, table.Data.Rows);
        Assert.Equal(["charges", "plan"], table.Data.Columns.Select(c => c.Name));
        var charges = table.Data["charges"];
        Assert.Equal(ColumnKind.Numeric, charges.Kind);
        Assert.True(double.IsNaN(charges.Numbers![2]) && double.IsNaN(charges.Numbers[6]));
        Assert.Equal(1.5, charges.Numbers[0]);
        var plan = table.Data["plan"];
        Assert.Equal(ColumnKind.Categorical, plan.Kind);
        Assert.Equal(["premium", "basic, monthly"], plan.Categories);
        Assert.True(plan.IsMissing(4));
        Assert.Equal(6, table.Positives);
        Assert.Equal("No", table.NegativeValue);
        var id = Assert.Single(table.Dropped);
        Assert.Equal("id", id.Name);
        Assert.StartsWith("identifier-like", id.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Distinct_decimals_are_a_measurement_not_an_identifier_but_distinct_whole_numbers_are()
    {
        var lines = new List<string> { "row,amount,label" };
        for (var i = 1; i <= 30; i++)
        {
            lines.Add($"{i},{i * 1.25 + 0.01},{(i % 2 == 0 ? "1" : "0")}");
        }

        var table = CsvTableReader.ReadForTraining(Write([.. lines]), new TrainingTableOptions("label", "1") { Drop = [] });

        Assert.Equal(["amount"], table.Data.Columns.Select(c => c.Name));
        Assert.Equal("row", Assert.Single(table.Dropped).Name);
    }

    [Fact]
    public void Requested_drops_are_reported()
    {
        var table = CsvTableReader.ReadForTraining(Sample(), new TrainingTableOptions("churn", "Yes") { Drop = ["plan"] });

        Assert.Equal(["charges"], table.Data.Columns.Select(c => c.Name));
        Assert.Contains(table.Dropped, d => d.Name == "plan" && d.Reason == "dropped on request");
    }

    [Theory]
    [InlineData("a,b,label|1,x,Yes|2,y|3,z,No", "Row 2 (line 3) has 2 fields; the header has 3.", 2L)]
    [InlineData("a,b,label|1,x,Yes|2,y,No|3,z,Maybe", "Row 3 (line 4): the label 'label' is 'Maybe'", 3L)]
    [InlineData("a,b,label|1,x,Yes|2,y,|3,z,No", "Row 2 (line 3): the label 'label' is empty.", 2L)]
    [InlineData("a,b,class|1,x,Yes", "The file has no column 'label' (the label).", null)]
    [InlineData("a,b,label|1,x,No|2,y,No", "No row's label 'label' is 'Yes'", null)]
    [InlineData("a,b,label", "The file has a header but no data rows.", null)]
    [InlineData("a,a,label|1,2,Yes", "The header names column 'a' twice.", null)]
    [InlineData("a,b,label|1,\"x,Yes", "is not closed before the end of the file", null)]
    public void Bad_training_files_give_clear_errors_with_the_row(string content, string message, long? row)
    {
        var path = Write(content.Split('|'));

        var error = Assert.Throws<TableFileException>(() => CsvTableReader.ReadForTraining(path, new TrainingTableOptions("label", "Yes")));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(row, error.Row);
    }

    [Fact]
    public void Scoring_reads_the_model_columns_and_rejects_text_in_a_numeric_column_with_its_row()
    {
        FeatureColumn[] schema = [new("charges", ColumnKind.Numeric, []), new("plan", ColumnKind.Categorical, ["premium"])];
        var good = CsvTableReader.ReadForScoring(Write("plan,extra,charges", "premium,1,10.5", "gold,2,", "\"basic, monthly\",3,null"), schema);

        Assert.Equal(3, good.Rows);
        Assert.Equal([10.5, double.NaN, double.NaN], good["charges"].Numbers!);
        Assert.Equal("gold", good["plan"].Text(1));

        var bad = Assert.Throws<TableFileException>(() => CsvTableReader.ReadForScoring(Write("plan,charges", "premium,10", "basic,ten"), schema));
        Assert.Equal("Row 2 (line 3), column 'charges': 'ten' is not a number (the model reads this column as numbers).", bad.Message);
        Assert.Equal(2, bad.Row);

        var missing = Assert.Throws<TableFileException>(() => CsvTableReader.ReadForScoring(Write("plan", "premium"), schema));
        Assert.StartsWith("The file has no column 'charges', which the model uses.", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Crlf_line_ends_quotes_and_line_breaks_inside_quotes_are_read()
    {
        var path = Path.Combine(_folder, "crlf.csv");
        File.WriteAllText(path, "note,label\r\n\"two\nlines\",Yes\r\n\"say \"\"hi\"\"\",No\r\n");

        var table = CsvTableReader.ReadForTraining(path, new TrainingTableOptions("label", "Yes"));

        Assert.Equal(["two\nlines", "say \"hi\""], table.Data["note"].Categories);
    }

    [Fact]
    public void Score_files_are_written_whole()
    {
        var path = Path.Combine(_folder, "out", "scores.csv");

        TableFiles.WriteScores(path, [0.25, 0.5]);

        Assert.Equal("row,probability\n1,0.25\n2,0.5\n", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }
}
