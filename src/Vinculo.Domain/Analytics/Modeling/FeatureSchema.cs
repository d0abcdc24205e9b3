namespace Vinculo.Domain.Analytics.Modeling;

/// <summary>A column a model learned from: its name, kind and (for a categorical column) the categories seen in training.</summary>
public sealed record FeatureColumn(string Name, ColumnKind Kind, IReadOnlyList<string> Categories);

/// <summary>A column the trainer did not learn from, and why (constant, identifier-like, dropped on request…).</summary>
public sealed record DroppedColumn(string Name, string Reason);

/// <summary>
/// A table's columns aligned on a model's schema: numeric values as given, categorical values recoded to the
/// model's category codes (<see cref="TabularDataset.MissingCode"/> = missing, <see cref="UnknownCode"/> = a category
/// the model never saw).
/// </summary>
internal sealed class FeatureFrame
{
    public const int UnknownCode = -2;

    public FeatureFrame(IReadOnlyList<FeatureColumn> schema, double[]?[] numbers, int[]?[] codes, int rows)
    {
        Schema = schema;
        Numbers = numbers;
        Codes = codes;
        Rows = rows;
    }

    public IReadOnlyList<FeatureColumn> Schema { get; }

    public double[]?[] Numbers { get; }

    public int[]?[] Codes { get; }

    public int Rows { get; }

    public string Text(int column, int row)
    {
        if (Schema[column].Kind == ColumnKind.Numeric)
        {
            var v = Numbers[column]![row];
            return double.IsNaN(v) ? "" : v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
        }

        var c = Codes[column]![row];
        return c >= 0 ? Schema[column].Categories[c] : "";
    }

    /// <summary>Aligns <paramref name="data"/> on <paramref name="schema"/>; a missing column or a kind mismatch is an error.</summary>
    public static FeatureFrame Align(IReadOnlyList<FeatureColumn> schema, TabularDataset data)
    {
        var numbers = new double[]?[schema.Count];
        var codes = new int[]?[schema.Count];
        for (var j = 0; j < schema.Count; j++)
        {
            var want = schema[j];
            var column = data.Find(want.Name) ?? throw new ArgumentException($"The table has no column '{want.Name}', which the model uses.", nameof(data));
            if (want.Kind == ColumnKind.Numeric)
            {
                if (column.Kind != ColumnKind.Numeric)
                {
                    throw new ArgumentException($"Column '{want.Name}' is numeric in the model but holds categories in the table.", nameof(data));
                }

                numbers[j] = column.Numbers;
                continue;
            }

            if (column.Kind == ColumnKind.Categorical && ReferenceEquals(column.Categories, want.Categories))
            {
                codes[j] = column.Codes;
                continue;
            }

            // Recode by category text (a numeric column read from a file where the model saw categories is matched by its text).
            var index = new Dictionary<string, int>(want.Categories.Count, StringComparer.Ordinal);
            for (var c = 0; c < want.Categories.Count; c++)
            {
                index[want.Categories[c]] = c;
            }

            var recoded = new int[data.Rows];
            if (column.Kind == ColumnKind.Categorical)
            {
                var map = new int[column.Categories.Count];
                for (var c = 0; c < map.Length; c++)
                {
                    map[c] = index.TryGetValue(column.Categories[c], out var to) ? to : UnknownCode;
                }

                var src = column.Codes!;
                for (var i = 0; i < recoded.Length; i++)
                {
                    recoded[i] = src[i] < 0 ? TabularDataset.MissingCode : map[src[i]];
                }
            }
            else
            {
                for (var i = 0; i < recoded.Length; i++)
                {
                    var text = column.Text(i);
                    recoded[i] = text.Length == 0 ? TabularDataset.MissingCode : index.TryGetValue(text, out var to) ? to : UnknownCode;
                }
            }

            codes[j] = recoded;
        }

        return new FeatureFrame(schema, numbers, codes, data.Rows);
    }
}
