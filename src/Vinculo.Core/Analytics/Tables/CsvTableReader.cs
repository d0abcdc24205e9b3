using System.Globalization;
using System.Text;
using Vinculo.Domain.Analytics.Modeling;

namespace Vinculo.Core.Analytics.CsvTables;

/// <summary>What to learn from a CSV table: the label column, its positive value and the columns to leave out.</summary>
public sealed record TrainingTableOptions(string Label, string Positive)
{
    public IReadOnlyList<string> Drop { get; init; } = [];
}

/// <summary>A CSV table read for training: the features, the label of each row, and the columns left out with the reason.</summary>
public sealed record TrainingTable(TabularDataset Data, bool[] Label, IReadOnlyList<DroppedColumn> Dropped, int Positives, string NegativeValue);

/// <summary>
/// Reads CSV tables (UTF-8, comma-separated, a header row) into a <see cref="TabularDataset"/>.
/// <list type="bullet">
/// <item>Missing values: an empty or all-whitespace field, or NA, NaN, null, ? (any case).</item>
/// <item>A column is numeric when every present value is a number (invariant culture: 1234.5, -3, 1e-3), else categorical
/// (values trimmed, compared exactly).</item>
/// <item>Identifier-like columns are not learned from: with at least <see cref="IdentifierMinRows"/> rows, a column
/// with no missing value whose values are all distinct and either text or whole numbers (customerID, ID, a row index).
/// Distinct decimals (a measurement) are kept.</item>
/// <item>Training: the label column must hold exactly two values, one of them the positive value; an empty label or
/// a third value is an error with its row.</item>
/// <item>Scoring: a column the model reads as numbers must hold numbers or missing values (anything else is an error
/// with its row: it means the file is not the kind the model was trained on); a category the model never saw scores
/// as missing (trees) or as no category (logistic).</item>
/// </list>
/// Errors are <see cref="TableFileException"/> with the data row number (1 = the first row after the header).
/// </summary>
public static class CsvTableReader
{
    public const int IdentifierMinRows = 20;

    /// <summary>Reads a table to train on: two passes over the file (types, then values).</summary>
    public static TrainingTable ReadForTraining(string path, TrainingTableOptions options)
    {
        var header = ReadHeader(path);
        var labelIndex = Array.IndexOf(header, options.Label);
        if (labelIndex < 0)
        {
            throw new TableFileException($"The file has no column '{options.Label}' (the label). Its columns: {string.Join(", ", header)}.");
        }

        foreach (var name in options.Drop)
        {
            if (Array.IndexOf(header, name) < 0)
            {
                throw new TableFileException($"--drop names a column the file does not have: '{name}'.");
            }
        }

        var columns = header.Length;
        var numeric = Enumerable.Repeat(true, columns).ToArray();
        var whole = Enumerable.Repeat(true, columns).ToArray();
        var anyMissing = new bool[columns];
        var positive = options.Positive.Trim();
        string? negative = null;
        var rows = 0;

        // Pass 1: row count, column types, label values.
        using (var text = Open(path))
        {
            var csv = new CsvRecordReader(text);
            csv.Next();
            while (csv.Next())
            {
                rows++;
                CheckWidth(csv, columns, rows);
                for (var j = 0; j < columns; j++)
                {
                    var field = csv[j];
                    if (j == labelIndex)
                    {
                        var value = field.Trim();
                        if (IsMissing(value))
                        {
                            throw new TableFileException($"Row {rows} (line {csv.Line}): the label '{options.Label}' is empty.", rows, csv.Line);
                        }

                        if (!value.SequenceEqual(positive))
                        {
                            if (negative is null)
                            {
                                negative = value.ToString();
                            }
                            else if (!value.SequenceEqual(negative))
                            {
                                throw new TableFileException(
                                    $"Row {rows} (line {csv.Line}): the label '{options.Label}' is '{value.ToString()}', but the column already holds '{positive}' (positive) " +
                                    $"and '{negative}': a label takes exactly two values.", rows, csv.Line);
                            }
                        }

                        continue;
                    }

                    if (IsMissing(field))
                    {
                        anyMissing[j] = true;
                        continue;
                    }

                    if (numeric[j])
                    {
                        if (!TryNumber(field, out var v))
                        {
                            numeric[j] = false;
                        }
                        else if (whole[j] && (v != Math.Floor(v) || Math.Abs(v) > 1e15))
                        {
                            whole[j] = false;
                        }
                    }
                }
            }
        }

        if (rows == 0)
        {
            throw new TableFileException("The file has a header but no data rows.");
        }

        if (negative is null)
        {
            throw new TableFileException($"Every row's label '{options.Label}' is '{positive}': there is nothing to learn.");
        }

        // Pass 2: the values.
        var builder = new ColumnBuilders(header, numeric, rows, labelIndex);
        var label = new bool[rows];
        var positives = 0;
        var seen = false;
        using (var text = Open(path))
        {
            var csv = new CsvRecordReader(text);
            csv.Next();
            var row = 0;
            while (csv.Next())
            {
                label[row] = csv[labelIndex].Trim().SequenceEqual(positive);
                if (label[row])
                {
                    positives++;
                    seen = true;
                }

                builder.Add(csv, row, row + 1);
                row++;
            }
        }

        if (!seen)
        {
            throw new TableFileException($"No row's label '{options.Label}' is '{positive}' (the positive value); the label holds '{negative}'.");
        }

        var drop = new HashSet<string>(options.Drop, StringComparer.Ordinal);
        var dropped = new List<DroppedColumn>();
        var data = new TabularDatasetBuilder();
        for (var j = 0; j < columns; j++)
        {
            if (j == labelIndex)
            {
                continue;
            }

            if (drop.Contains(header[j]))
            {
                dropped.Add(new DroppedColumn(header[j], "dropped on request"));
                continue;
            }

            if (rows >= IdentifierMinRows && !anyMissing[j] && (!numeric[j] || whole[j]) && builder.AllDistinct(j))
            {
                dropped.Add(new DroppedColumn(header[j], $"identifier-like: all {rows:N0} values distinct"));
                continue;
            }

            builder.AddTo(data, j);
        }

        return new TrainingTable(data.Build(), label, dropped, positives, negative);
    }

    /// <summary>
    /// Reads a table to score with a model: the model's columns by name (others are ignored), numeric columns as
    /// numbers (a value that is neither a number nor missing is an error with its row), categorical ones as text.
    /// </summary>
    public static TabularDataset ReadForScoring(string path, IReadOnlyList<FeatureColumn> schema)
    {
        var header = ReadHeader(path);
        var wanted = new bool[header.Length];
        var numeric = new bool[header.Length];
        foreach (var column in schema)
        {
            var j = Array.IndexOf(header, column.Name);
            if (j < 0)
            {
                throw new TableFileException($"The file has no column '{column.Name}', which the model uses. Its columns: {string.Join(", ", header)}.");
            }

            wanted[j] = true;
            numeric[j] = column.Kind == ColumnKind.Numeric;
        }

        var rows = 0;
        using (var text = Open(path))
        {
            var csv = new CsvRecordReader(text);
            csv.Next();
            while (csv.Next())
            {
                rows++;
                CheckWidth(csv, header.Length, rows);
                for (var j = 0; j < header.Length; j++)
                {
                    if (wanted[j] && numeric[j] && !IsMissing(csv[j]) && !TryNumber(csv[j], out _))
                    {
                        throw new TableFileException(
                            $"Row {rows} (line {csv.Line}), column '{header[j]}': '{csv[j].ToString()}' is not a number (the model reads this column as numbers).", rows, csv.Line);
                    }
                }
            }
        }

        var builder = new ColumnBuilders(header, numeric, rows, -1, wanted);
        using (var text = Open(path))
        {
            var csv = new CsvRecordReader(text);
            csv.Next();
            var row = 0;
            while (csv.Next())
            {
                builder.Add(csv, row, row + 1);
                row++;
            }
        }

        var data = new TabularDatasetBuilder();
        foreach (var column in schema)
        {
            builder.AddTo(data, Array.IndexOf(header, column.Name));
        }

        return data.Build();
    }

    /// <summary>Missing: empty or all whitespace, NA, NaN, null or ? (any case).</summary>
    public static bool IsMissing(ReadOnlySpan<char> field)
    {
        var v = field.Trim();
        return v.Length == 0 || v.Equals("NA", StringComparison.OrdinalIgnoreCase) || v.Equals("NaN", StringComparison.OrdinalIgnoreCase) ||
               v.Equals("null", StringComparison.OrdinalIgnoreCase) || v is "?";
    }

    private static bool TryNumber(ReadOnlySpan<char> field, out double value) =>
        double.TryParse(field.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static void CheckWidth(CsvRecordReader csv, int columns, int row)
    {
        if (csv.Count != columns)
        {
            throw new TableFileException($"Row {row} (line {csv.Line}) has {csv.Count} fields; the header has {columns}.", row, csv.Line);
        }
    }

    private static StreamReader Open(string path)
    {
        try
        {
            return new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan),
                new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TableFileException($"Cannot read {path}: {e.Message}", e);
        }
    }

    private static string[] ReadHeader(string path)
    {
        using var text = Open(path);
        var csv = new CsvRecordReader(text);
        if (!csv.Next() || (csv.Count == 1 && csv[0].Trim().Length == 0))
        {
            throw new TableFileException("The file is empty: the first line must name the columns.");
        }

        var names = new string[csv.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var j = 0; j < names.Length; j++)
        {
            var name = csv[j].Trim().ToString();
            names[j] = name.Length == 0 ? $"column{j + 1}" : name;
            if (!seen.Add(names[j]))
            {
                throw new TableFileException($"The header names column '{names[j]}' twice.");
            }
        }

        return names;
    }

    /// <summary>Per-column arrays filled row by row: numbers, or category codes through a dictionary looked up by span.</summary>
    private sealed class ColumnBuilders
    {
        private readonly string[] _header;
        private readonly bool[] _numeric;
        private readonly bool[] _wanted;
        private readonly double[]?[] _numbers;
        private readonly int[]?[] _codes;
        private readonly Dictionary<string, int>?[] _index;
        private readonly List<string>?[] _categories;

        public ColumnBuilders(string[] header, bool[] numeric, int rows, int skip, bool[]? wanted = null)
        {
            _header = header;
            _numeric = numeric;
            _wanted = wanted ?? Enumerable.Range(0, header.Length).Select(j => j != skip).ToArray();
            _numbers = new double[]?[header.Length];
            _codes = new int[]?[header.Length];
            _index = new Dictionary<string, int>?[header.Length];
            _categories = new List<string>?[header.Length];
            for (var j = 0; j < header.Length; j++)
            {
                if (!_wanted[j])
                {
                    continue;
                }

                if (numeric[j])
                {
                    _numbers[j] = new double[rows];
                }
                else
                {
                    _codes[j] = new int[rows];
                    _index[j] = new Dictionary<string, int>(StringComparer.Ordinal);
                    _categories[j] = [];
                }
            }
        }

        public void Add(CsvRecordReader csv, int row, int rowNumber)
        {
            if (csv.Count != _header.Length)
            {
                throw new TableFileException($"Row {rowNumber} (line {csv.Line}) has {csv.Count} fields; the header has {_header.Length}.", rowNumber, csv.Line);
            }

            for (var j = 0; j < _header.Length; j++)
            {
                if (!_wanted[j])
                {
                    continue;
                }

                var field = csv[j];
                if (_numeric[j])
                {
                    _numbers[j]![row] = IsMissing(field) ? double.NaN : TryNumber(field, out var v) ? v
                        : throw new TableFileException($"Row {rowNumber} (line {csv.Line}), column '{_header[j]}': '{field.ToString()}' is not a number.", rowNumber, csv.Line);
                    continue;
                }

                if (IsMissing(field))
                {
                    _codes[j]![row] = Vinculo.Domain.Analytics.Modeling.TabularDataset.MissingCode;
                    continue;
                }

                var lookup = _index[j]!.GetAlternateLookup<ReadOnlySpan<char>>();
                var value = field.Trim();
                if (!lookup.TryGetValue(value, out var code))
                {
                    code = _categories[j]!.Count;
                    var text = value.ToString();
                    _index[j]![text] = code;
                    _categories[j]!.Add(text);
                }

                _codes[j]![row] = code;
            }
        }

        public bool AllDistinct(int j)
        {
            if (_numeric[j])
            {
                var sorted = (double[])_numbers[j]!.Clone();
                Array.Sort(sorted);
                for (var i = 1; i < sorted.Length; i++)
                {
                    if (sorted[i] == sorted[i - 1])
                    {
                        return false;
                    }
                }

                return true;
            }

            return _categories[j]!.Count == _codes[j]!.Length;
        }

        public void AddTo(TabularDatasetBuilder data, int j)
        {
            if (_numeric[j])
            {
                data.Numeric(_header[j], _numbers[j]!);
            }
            else
            {
                data.Categorical(_header[j], _codes[j]!, _categories[j]!);
            }
        }
    }
}
