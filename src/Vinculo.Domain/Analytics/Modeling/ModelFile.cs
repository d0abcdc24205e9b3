using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vinculo.Domain.Analytics.Modeling;

/// <summary>
/// The JSON form of a <see cref="ClassifierModel"/> (format "vinculo.classifier", version 1): the column schema with
/// categories, the dropped columns, the chosen algorithm and how its parts combine, each part's preprocessing and
/// parameters, the Platt calibration, the internal validation and the training facts.
/// </summary>
internal sealed class ModelFile
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public string Format { get; set; } = "";

    public int Version { get; set; }

    public string Algorithm { get; set; } = "";

    public TrainingFacts Training { get; set; } = new(0, 0, 0);

    public List<ColumnFile> Columns { get; set; } = [];

    public List<DroppedColumn> Dropped { get; set; } = [];

    public List<ModelPart> Parts { get; set; } = [];

    public PlattCalibration Calibration { get; set; } = PlattCalibration.Identity;

    public ValidationSummary Validation { get; set; } = new(0, 0, []);

    public List<FeatureImportance> Importances { get; set; } = [];

    public LogisticFile? Logistic { get; set; }

    public BoostingFile? Boosting { get; set; }

    public static ModelFile From(ClassifierModel model)
    {
        var file = new ModelFile
        {
            Format = ClassifierModel.Format,
            Version = ClassifierModel.Version,
            Algorithm = model.Algorithm,
            Training = model.Training,
            Columns = model.Columns.Select(c => new ColumnFile { Name = c.Name, Kind = c.Kind, Categories = c.Kind == ColumnKind.Categorical ? c.Categories.ToList() : null }).ToList(),
            Dropped = model.Dropped.ToList(),
            Parts = model.Parts.ToList(),
            Calibration = model.Calibration,
            Validation = model.Validation,
            Importances = model.TrainingImportances.ToList(),
        };
        if (model.LogisticModel is { } logistic)
        {
            var s = logistic.State;
            var e = s.Encoder;
            file.Logistic = new LogisticFile
            {
                Lambda = s.Lambda,
                Intercept = s.Intercept,
                Weights = s.Weights,
                Mean = e.Mean,
                Scale = e.Scale,
                ValueFeature = e.ValueFeature,
                MissingFeature = e.MissingFeature,
                LevelFeature = e.LevelFeature,
                FeatureMeans = e.Means,
                ColumnOf = e.ColumnOf,
            };
        }

        if (model.BoostingModel is { } boosting)
        {
            file.Boosting = new BoostingFile
            {
                Initial = boosting.Initial,
                ValidationRows = boosting.ValidationRows,
                ValidationLoss = boosting.ValidationLoss,
                Edges = boosting.Binner.Edges,
                CategoryBins = boosting.Binner.CategoryBins,
                Trees = boosting.Trees.Select(t => new TreeFile
                {
                    Feature = t.Feature,
                    Threshold = t.Threshold,
                    MissingLeft = t.MissingLeft,
                    CategoriesLeft = t.CategoriesLeft,
                    Left = t.Left,
                    Right = t.Right,
                    Value = t.Value,
                }).ToList(),
            };
        }

        return file;
    }

    public ClassifierModel ToModel()
    {
        var columns = Columns.Select(c => new FeatureColumn(c.Name, c.Kind, (IReadOnlyList<string>?)c.Categories ?? [])).ToArray();
        LogisticRegressionModel? logistic = null;
        if (Logistic is { } l)
        {
            var kinds = columns.Select(c => c.Kind).ToArray();
            var encoder = new LogisticEncoder(kinds, l.Mean, l.Scale, l.ValueFeature, l.MissingFeature, l.LevelFeature, l.FeatureMeans, l.ColumnOf);
            if (l.Weights.Length != encoder.Features || l.Mean.Length != columns.Length)
            {
                throw new FormatException("The model file's logistic part does not match its columns.");
            }

            logistic = new LogisticRegressionModel(new LogisticState(encoder, l.Weights, l.Intercept, l.Lambda));
        }

        GradientBoostingModel? boosting = null;
        if (Boosting is { } b)
        {
            if (b.Edges.Length != columns.Length || b.CategoryBins.Length != columns.Length)
            {
                throw new FormatException("The model file's boosting part does not match its columns.");
            }

            var trees = b.Trees.Select(t => new Tree(t.Feature, t.Threshold, t.MissingLeft, t.CategoriesLeft, t.Left, t.Right, t.Value)).ToList();
            boosting = new GradientBoostingModel(new Binner(b.Edges, b.CategoryBins), b.Initial, trees, b.ValidationRows, b.ValidationLoss);
        }

        foreach (var part in Parts)
        {
            if ((part.Model == ClassifierModel.Logistic && logistic is null) || (part.Model == ClassifierModel.Boosting && boosting is null) ||
                part.Model is not (ClassifierModel.Logistic or ClassifierModel.Boosting))
            {
                throw new FormatException($"The model file combines a '{part.Model}' part it does not hold.");
            }
        }

        return new ClassifierModel(columns, Dropped, Algorithm, Parts, logistic, boosting, Calibration, Validation, Training, Importances);
    }

    internal sealed class ColumnFile
    {
        public string Name { get; set; } = "";

        public ColumnKind Kind { get; set; }

        public List<string>? Categories { get; set; }
    }

    internal sealed class LogisticFile
    {
        public double Lambda { get; set; }

        public double Intercept { get; set; }

        public double[] Weights { get; set; } = [];

        public double[] Mean { get; set; } = [];

        public double[] Scale { get; set; } = [];

        public int[] ValueFeature { get; set; } = [];

        public int[] MissingFeature { get; set; } = [];

        public int[][] LevelFeature { get; set; } = [];

        public double[] FeatureMeans { get; set; } = [];

        public int[] ColumnOf { get; set; } = [];
    }

    internal sealed class BoostingFile
    {
        public double Initial { get; set; }

        public int ValidationRows { get; set; }

        public double? ValidationLoss { get; set; }

        public double[]?[] Edges { get; set; } = [];

        public int[]?[] CategoryBins { get; set; } = [];

        public List<TreeFile> Trees { get; set; } = [];
    }

    internal sealed class TreeFile
    {
        public int[] Feature { get; set; } = [];

        public int[] Threshold { get; set; } = [];

        public bool[] MissingLeft { get; set; } = [];

        public ulong[]?[] CategoriesLeft { get; set; } = [];

        public int[] Left { get; set; } = [];

        public int[] Right { get; set; } = [];

        public double[] Value { get; set; } = [];
    }
}
