namespace Vinculo.Domain.Analytics.Modeling;

/// <summary>Whether a column holds numbers or categories.</summary>
public enum ColumnKind
{
    Numeric,
    Categorical,
}

/// <summary>
/// One column of a <see cref="TabularDataset"/>. Numeric columns hold doubles (NaN = missing); categorical columns hold
/// codes into <see cref="Categories"/> (<see cref="TabularDataset.MissingCode"/> = missing).
/// </summary>
public sealed class TabularColumn
{
    private TabularColumn(string name, ColumnKind kind, double[]? numbers, int[]? codes, IReadOnlyList<string> categories)
    {
        Name = name;
        Kind = kind;
        Numbers = numbers;
        Codes = codes;
        Categories = categories;
    }

    public string Name { get; }

    public ColumnKind Kind { get; }

    /// <summary>The values of a numeric column (NaN = missing); null for a categorical column.</summary>
    public double[]? Numbers { get; }

    /// <summary>The codes of a categorical column (−1 = missing); null for a numeric column.</summary>
    public int[]? Codes { get; }

    /// <summary>The category of each code of a categorical column; empty for a numeric column.</summary>
    public IReadOnlyList<string> Categories { get; }

    public int Length => Numbers?.Length ?? Codes!.Length;

    public bool IsMissing(int row) => Kind == ColumnKind.Numeric ? double.IsNaN(Numbers![row]) : Codes![row] < 0;

    /// <summary>The value of a row as text: the number (invariant, up to 6 significant digits) or the category; "" when missing.</summary>
    public string Text(int row)
    {
        if (Kind == ColumnKind.Numeric)
        {
            var v = Numbers![row];
            return double.IsNaN(v) ? "" : v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
        }

        var c = Codes![row];
        return c < 0 ? "" : Categories[c];
    }

    internal static TabularColumn Numeric(string name, double[] values) => new(name, ColumnKind.Numeric, values, null, []);

    internal static TabularColumn Categorical(string name, int[] codes, IReadOnlyList<string> categories) =>
        new(name, ColumnKind.Categorical, null, codes, categories);

    internal TabularColumn Select(int[] rows)
    {
        if (Kind == ColumnKind.Numeric)
        {
            var values = new double[rows.Length];
            for (var i = 0; i < rows.Length; i++)
            {
                values[i] = Numbers![rows[i]];
            }

            return Numeric(Name, values);
        }

        var codes = new int[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            codes[i] = Codes![rows[i]];
        }

        return Categorical(Name, codes, Categories);
    }
}

/// <summary>
/// A table of feature columns, all the same length: what the classifiers learn from and score. Build one with
/// <see cref="TabularDatasetBuilder"/> (in memory) or read one from a CSV file (Vinculo.Core.Analytics.Tables).
/// </summary>
public sealed class TabularDataset
{
    /// <summary>The code of a missing value in a categorical column.</summary>
    public const int MissingCode = -1;

    private readonly Dictionary<string, int> _byName;

    internal TabularDataset(IReadOnlyList<TabularColumn> columns, int rows)
    {
        Columns = columns;
        Rows = rows;
        _byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
        {
            _byName[columns[i].Name] = i;
        }
    }

    public IReadOnlyList<TabularColumn> Columns { get; }

    public int Rows { get; }

    public TabularColumn? Find(string name) => _byName.TryGetValue(name, out var i) ? Columns[i] : null;

    public TabularColumn this[string name] => Find(name) ?? throw new KeyNotFoundException($"The table has no column '{name}'.");

    /// <summary>A new table with the given rows (in that order) of every column.</summary>
    public TabularDataset Select(int[] rows)
    {
        var columns = new TabularColumn[Columns.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = Columns[i].Select(rows);
        }

        return new TabularDataset(columns, rows.Length);
    }

    /// <summary>A new table without the named columns.</summary>
    public TabularDataset Without(IEnumerable<string> names)
    {
        var drop = new HashSet<string>(names, StringComparer.Ordinal);
        return new TabularDataset(Columns.Where(c => !drop.Contains(c.Name)).ToArray(), Rows);
    }
}

/// <summary>
/// Builds a <see cref="TabularDataset"/> column by column. Every column must have the same number of rows.
/// <code>
/// var data = new TabularDatasetBuilder()
///     .Numeric("tenureDays", tenure)                 // double[], NaN = missing
///     .Categorical("tier", tiers)                    // string?[], null/"" = missing
///     .Build();
/// </code>
/// </summary>
public sealed class TabularDatasetBuilder
{
    private readonly List<TabularColumn> _columns = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _rows = -1;

    /// <summary>A numeric column; NaN means missing. The array is kept, not copied.</summary>
    public TabularDatasetBuilder Numeric(string name, double[] values)
    {
        Add(TabularColumn.Numeric(name, values));
        return this;
    }

    /// <summary>A numeric column from nullable values (null = missing).</summary>
    public TabularDatasetBuilder Numeric(string name, IReadOnlyList<double?> values)
    {
        var numbers = new double[values.Count];
        for (var i = 0; i < numbers.Length; i++)
        {
            numbers[i] = values[i] ?? double.NaN;
        }

        return Numeric(name, numbers);
    }

    /// <summary>A categorical column from text: null or empty = missing; categories are coded in order of first appearance.</summary>
    public TabularDatasetBuilder Categorical(string name, IReadOnlyList<string?> values)
    {
        var codes = new int[values.Count];
        var categories = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < codes.Length; i++)
        {
            var v = values[i];
            if (string.IsNullOrEmpty(v))
            {
                codes[i] = TabularDataset.MissingCode;
                continue;
            }

            if (!index.TryGetValue(v, out var code))
            {
                code = categories.Count;
                index[v] = code;
                categories.Add(v);
            }

            codes[i] = code;
        }

        return Categorical(name, codes, categories);
    }

    /// <summary>A categorical column from codes into <paramref name="categories"/> (−1 = missing). The array is kept, not copied.</summary>
    public TabularDatasetBuilder Categorical(string name, int[] codes, IReadOnlyList<string> categories)
    {
        for (var i = 0; i < codes.Length; i++)
        {
            if (codes[i] < TabularDataset.MissingCode || codes[i] >= categories.Count)
            {
                throw new ArgumentException($"Column '{name}', row {i + 1}: code {codes[i]} is not −1 or a category index (0..{categories.Count - 1}).", nameof(codes));
            }
        }

        Add(TabularColumn.Categorical(name, codes, categories.ToArray()));
        return this;
    }

    public TabularDataset Build() => new(_columns.ToArray(), Math.Max(0, _rows));

    private void Add(TabularColumn column)
    {
        if (!_names.Add(column.Name))
        {
            throw new ArgumentException($"Column '{column.Name}' is added twice.", nameof(column));
        }

        if (_rows >= 0 && column.Length != _rows)
        {
            throw new ArgumentException($"Column '{column.Name}' has {column.Length} rows; the others have {_rows}.", nameof(column));
        }

        _rows = column.Length;
        _columns.Add(column);
    }
}
