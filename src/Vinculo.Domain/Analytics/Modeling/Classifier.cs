using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vinculo.Domain.Analytics.Modeling;

/// <summary>Which model family the trainer fits: chosen by cross-validated AUC, or forced.</summary>
public enum ClassifierAlgorithm
{
    Auto,
    Logistic,
    Boosting,
    Blend,
}

/// <summary>Training settings. The defaults are the same for every table; only <see cref="Seed"/> usually changes.</summary>
public sealed record ClassifierOptions
{
    public int Seed { get; init; } = 42;

    public ClassifierAlgorithm Algorithm { get; init; } = ClassifierAlgorithm.Auto;

    /// <summary>Folds of the internal cross-validation that chooses the algorithm and fits the calibration.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>
    /// The cross-validation runs on a stratified sample of at most this many training rows (the final models are fitted
    /// on all rows): it bounds the training time on millions of rows.
    /// </summary>
    public int MaxSelectionRows { get; init; } = 100_000;

    /// <summary>λ of the logistic regression's L2 penalty on the summed log-loss (1 = scikit-learn's C = 1).</summary>
    public double LogisticL2 { get; init; } = 1.0;

    public BoostingOptions Boosting { get; init; } = new();
}

/// <summary>One candidate's out-of-fold quality in the internal cross-validation (probabilities after Platt scaling).</summary>
public sealed record CandidateScore(string Algorithm, double RocAuc, double Brier);

/// <summary>The internal cross-validation: on how many training rows (a stratified sample when there are many), how many folds, each candidate's score.</summary>
public sealed record ValidationSummary(int Rows, int Folds, IReadOnlyList<CandidateScore> Candidates);

/// <summary>
/// Trains a binary classifier on a <see cref="TabularDataset"/>: logistic regression, gradient-boosted trees, or their
/// blend (the average of their Platt-scaled log-odds), whichever has the best out-of-fold ROC AUC in a stratified k-fold
/// cross-validation of the training rows (never any test row). The final calibration is Platt scaling of the chosen
/// model's out-of-fold log-odds (as scikit-learn's CalibratedClassifierCV with ensemble=False), and the final models
/// are refitted on all training rows. Deterministic: the same table, labels and seed give the same model, byte for byte.
/// </summary>
public static class ClassifierTrainer
{
    /// <summary>The logistic regression's shares of the blend that the cross-validation tries.</summary>
    private static readonly double[] BlendWeights = [0.2, 0.35, 0.5, 0.65, 0.8];

    public static ClassifierModel Train(TabularDataset data, IReadOnlyList<bool> label, ClassifierOptions? options = null)
    {
        options ??= new ClassifierOptions();
        var y = label.ToArray();
        if (y.Length != data.Rows)
        {
            throw new ArgumentException($"There are {y.Length} labels for {data.Rows} rows.", nameof(label));
        }

        var positives = y.Count(v => v);
        if (positives == 0 || positives == y.Length)
        {
            throw new ArgumentException(positives == 0 ? "No row is positive: there is nothing to learn." : "Every row is positive: there is nothing to learn.", nameof(label));
        }

        if (Math.Min(positives, y.Length - positives) < options.Folds)
        {
            throw new ArgumentException($"Each class needs at least {options.Folds} rows (one per cross-validation fold).", nameof(label));
        }

        var (schema, dropped) = Schema(data);
        if (schema.Count == 0)
        {
            throw new ArgumentException("No column is usable: every column is constant.", nameof(data));
        }

        var frame = FeatureFrame.Align(schema, data);
        var all = Enumerable.Range(0, data.Rows).ToArray();
        var binner = Binner.Learn(frame, all, options.Seed);
        var bins = binner.Bin(frame);

        // 1. Out-of-fold log-odds of each candidate on a stratified sample of the training rows.
        var needLogistic = options.Algorithm is ClassifierAlgorithm.Auto or ClassifierAlgorithm.Logistic or ClassifierAlgorithm.Blend;
        var needBoosting = options.Algorithm is ClassifierAlgorithm.Auto or ClassifierAlgorithm.Boosting or ClassifierAlgorithm.Blend;
        var selection = Sampling.StratifiedSample(all, y, options.MaxSelectionRows, options.Seed + 1);
        var fold = Sampling.StratifiedFolds(selection, y, options.Folds, options.Seed + 2);
        var ySel = selection.Select(r => y[r]).ToArray();
        var oofLogistic = needLogistic ? new double[selection.Length] : null;
        var oofBoosting = needBoosting ? new double[selection.Length] : null;
        var foldBoosting = new List<GradientBoostingModel>();
        for (var k = 0; k < options.Folds; k++)
        {
            var fit = new List<int>(selection.Length);
            var held = new List<int>(selection.Length / options.Folds + 1);
            for (var i = 0; i < selection.Length; i++)
            {
                (fold[i] == k ? held : fit).Add(i);
            }

            var fitRows = fit.Select(i => selection[i]).ToArray();
            var heldRows = held.Select(i => selection[i]).ToArray();
            if (oofLogistic is not null)
            {
                var model = LogisticRegressionModel.Fit(frame, y, fitRows, options.LogisticL2);
                var raw = model.Raw(frame, heldRows);
                for (var i = 0; i < held.Count; i++)
                {
                    oofLogistic[held[i]] = raw[i];
                }
            }

            if (oofBoosting is not null)
            {
                var model = GradientBoostingModel.Fit(binner, bins, y, fitRows, options.Boosting, options.Seed + 10 + k);
                foldBoosting.Add(model);
                var raw = model.Raw(bins, heldRows);
                for (var i = 0; i < held.Count; i++)
                {
                    oofBoosting[held[i]] = raw[i];
                }
            }
        }

        // 2. Candidates: each model alone, and the blend of their Platt-scaled log-odds.
        var candidates = new List<(string Name, ModelPart[] Parts, double[] Score)>();
        PlattCalibration? logisticScale = oofLogistic is null ? null : PlattCalibration.Fit(oofLogistic, ySel);
        PlattCalibration? boostingScale = oofBoosting is null ? null : PlattCalibration.Fit(oofBoosting, ySel);
        if (options.Algorithm is ClassifierAlgorithm.Auto or ClassifierAlgorithm.Logistic)
        {
            candidates.Add((ClassifierModel.Logistic, [new ModelPart(ClassifierModel.Logistic, 1, 1, 0)], oofLogistic!));
        }

        if (options.Algorithm is ClassifierAlgorithm.Auto or ClassifierAlgorithm.Boosting)
        {
            candidates.Add((ClassifierModel.Boosting, [new ModelPart(ClassifierModel.Boosting, 1, 1, 0)], oofBoosting!));
        }

        if (options.Algorithm is ClassifierAlgorithm.Auto or ClassifierAlgorithm.Blend)
        {
            // The logistic share of the blend: the best out-of-fold AUC among a few weights.
            ModelPart[]? bestParts = null;
            double[]? bestBlend = null;
            var bestBlendAuc = double.NegativeInfinity;
            foreach (var w in BlendWeights)
            {
                var parts = new[]
                {
                    new ModelPart(ClassifierModel.Logistic, w, logisticScale!.A, logisticScale.B),
                    new ModelPart(ClassifierModel.Boosting, 1 - w, boostingScale!.A, boostingScale.B),
                };
                var blend = new double[selection.Length];
                for (var i = 0; i < blend.Length; i++)
                {
                    blend[i] = parts[0].Apply(oofLogistic![i]) + parts[1].Apply(oofBoosting![i]);
                }

                var auc = ClassificationMetrics.RocAuc(blend, ySel);
                if (auc > bestBlendAuc)
                {
                    (bestBlendAuc, bestParts, bestBlend) = (auc, parts, blend);
                }
            }

            candidates.Add((ClassifierModel.Blend, bestParts!, bestBlend!));
        }

        var scores = new List<CandidateScore>();
        var best = -1;
        var bestAuc = double.NegativeInfinity;
        PlattCalibration? bestCalibration = null;
        for (var c = 0; c < candidates.Count; c++)
        {
            var calibration = PlattCalibration.Fit(candidates[c].Score, ySel);
            var probability = candidates[c].Score.Select(calibration.Probability).ToArray();
            var auc = ClassificationMetrics.RocAuc(candidates[c].Score, ySel);
            scores.Add(new CandidateScore(candidates[c].Name, auc, ClassificationMetrics.Brier(probability, ySel)));
            if (auc > bestAuc)
            {
                bestAuc = auc;
                best = c;
                bestCalibration = calibration;
            }
        }

        // 3. The chosen model's parts refitted on all training rows.
        var chosen = candidates[best];
        LogisticRegressionModel? logistic = null;
        GradientBoostingModel? boosting = null;
        if (chosen.Parts.Any(p => p.Model == ClassifierModel.Logistic))
        {
            logistic = LogisticRegressionModel.Fit(frame, y, all, options.LogisticL2);
        }

        if (chosen.Parts.Any(p => p.Model == ClassifierModel.Boosting))
        {
            // When the cross-validation used every training row, the fold models (each early-stopped on its own
            // hold-out share) are averaged: the calibration was fitted on exactly their out-of-fold log-odds. On a
            // sample of a large table, one model is fitted on all rows instead.
            boosting = selection.Length == all.Length
                ? GradientBoostingModel.Average(foldBoosting)
                : GradientBoostingModel.Fit(binner, bins, y, all, options.Boosting, options.Seed + 3);
        }

        var result = new ClassifierModel(schema, dropped, chosen.Name, chosen.Parts, logistic, boosting, bestCalibration!,
            new ValidationSummary(selection.Length, options.Folds, scores), new TrainingFacts(data.Rows, positives, options.Seed), []);
        var sample = Sampling.StratifiedSample(all, y, 5_000, options.Seed + 4);
        return result.WithImportances(result.Importances(frame, bins, sample));
    }

    /// <summary>The columns to learn from: every column except the constant ones (fewer than two distinct values, missing counting as one).</summary>
    private static (List<FeatureColumn> Schema, List<DroppedColumn> Dropped) Schema(TabularDataset data)
    {
        var schema = new List<FeatureColumn>();
        var dropped = new List<DroppedColumn>();
        foreach (var column in data.Columns)
        {
            var distinct = 0;
            if (column.Kind == ColumnKind.Numeric)
            {
                var x = column.Numbers!;
                var missing = false;
                double? first = null;
                for (var i = 0; i < x.Length && distinct < 2; i++)
                {
                    if (double.IsNaN(x[i]))
                    {
                        missing = true;
                    }
                    else if (first is null)
                    {
                        first = x[i];
                    }
                    else if (x[i] != first)
                    {
                        distinct = 2;
                    }
                }

                distinct = Math.Max(distinct, (first is null ? 0 : 1) + (missing ? 1 : 0));
            }
            else
            {
                var codes = column.Codes!;
                var missing = false;
                var first = int.MinValue;
                for (var i = 0; i < codes.Length && distinct < 2; i++)
                {
                    if (codes[i] < 0)
                    {
                        missing = true;
                    }
                    else if (first == int.MinValue)
                    {
                        first = codes[i];
                    }
                    else if (codes[i] != first)
                    {
                        distinct = 2;
                    }
                }

                distinct = Math.Max(distinct, (first == int.MinValue ? 0 : 1) + (missing ? 1 : 0));
            }

            if (distinct < 2)
            {
                dropped.Add(new DroppedColumn(column.Name, "constant"));
            }
            else
            {
                schema.Add(new FeatureColumn(column.Name, column.Kind, column.Categories));
            }
        }

        return (schema, dropped);
    }
}

/// <summary>One model's share of the final log-odds: Weight × (Scale × its log-odds + Offset).</summary>
public sealed record ModelPart(string Model, double Weight, double Scale, double Offset)
{
    public double Apply(double raw) => Weight * (Scale * raw + Offset);
}

/// <summary>What the model was trained on.</summary>
public sealed record TrainingFacts(int Rows, int Positives, int Seed);

/// <summary>
/// A trained, calibrated binary classifier: probabilities, each row's top factors, global importances, quality on a
/// held-out table, and a versioned JSON form (<see cref="ToJson"/> / <see cref="FromJson"/>).
/// </summary>
public sealed class ClassifierModel
{
    public const string Logistic = "logistic";
    public const string Boosting = "boosting";
    public const string Blend = "blend";
    public const string Format = "vinculo.classifier";
    public const int Version = 1;

    internal ClassifierModel(IReadOnlyList<FeatureColumn> columns, IReadOnlyList<DroppedColumn> dropped, string algorithm, IReadOnlyList<ModelPart> parts,
        LogisticRegressionModel? logistic, GradientBoostingModel? boosting, PlattCalibration calibration, ValidationSummary validation, TrainingFacts training,
        IReadOnlyList<FeatureImportance> importances)
    {
        Columns = columns;
        Dropped = dropped;
        Algorithm = algorithm;
        Parts = parts;
        LogisticModel = logistic;
        BoostingModel = boosting;
        Calibration = calibration;
        Validation = validation;
        Training = training;
        TrainingImportances = importances;
    }

    /// <summary>The columns the model uses, in order, with their categories.</summary>
    public IReadOnlyList<FeatureColumn> Columns { get; }

    /// <summary>Columns of the training table the trainer left out, and why.</summary>
    public IReadOnlyList<DroppedColumn> Dropped { get; }

    /// <summary>"logistic", "boosting" or "blend".</summary>
    public string Algorithm { get; }

    public IReadOnlyList<ModelPart> Parts { get; }

    public PlattCalibration Calibration { get; }

    public ValidationSummary Validation { get; }

    public TrainingFacts Training { get; }

    /// <summary>The share of the mean absolute contribution of each column on a sample of training rows (sums to 1).</summary>
    public IReadOnlyList<FeatureImportance> TrainingImportances { get; }

    /// <summary>The out-of-fold ROC AUC of the chosen algorithm.</summary>
    public double InternalAuc => Validation.Candidates.First(c => c.Algorithm == Algorithm).RocAuc;

    /// <summary>The number of trees of the boosting part (null without one).</summary>
    public int? BoostingTrees => BoostingModel?.Iterations;

    internal LogisticRegressionModel? LogisticModel { get; }

    internal GradientBoostingModel? BoostingModel { get; }

    /// <summary>Calibrated probabilities of every row of <paramref name="data"/>, which must hold the model's columns (matched by name; categories by text; other columns are ignored).</summary>
    public double[] PredictProbabilities(TabularDataset data)
    {
        var frame = FeatureFrame.Align(Columns, data);
        var bins = BoostingModel?.Binner.Bin(frame);
        var raw = LogOdds(frame, bins);
        for (var i = 0; i < raw.Length; i++)
        {
            raw[i] = Calibration.Probability(raw[i]);
        }

        return raw;
    }

    /// <summary>The top <paramref name="top"/> factors of one row (by absolute contribution to the calibrated log-odds).</summary>
    public IReadOnlyList<ScoreFactor> Explain(TabularDataset data, int row, int top = 3)
    {
        var frame = FeatureFrame.Align(Columns, data);
        var bins = BoostingModel?.Binner.Bin(frame);
        return Factors(frame, bins, row, top, new double[Columns.Count], new double[Columns.Count]);
    }

    /// <summary>The top factors of every row (by absolute contribution to the calibrated log-odds, largest first; zero contributions left out).</summary>
    public IReadOnlyList<ScoreFactor>[] ExplainAll(TabularDataset data, int top = 3)
    {
        var frame = FeatureFrame.Align(Columns, data);
        var bins = BoostingModel?.Binner.Bin(frame);
        var result = new IReadOnlyList<ScoreFactor>[data.Rows];
        var chunks = LogisticRegressionModel.Chunks(data.Rows);
        Parallel.For(0, chunks, chunk =>
        {
            var total = new double[Columns.Count];
            var part = new double[Columns.Count];
            var (from, to) = LogisticRegressionModel.Range(data.Rows, chunks, chunk);
            for (var r = from; r < to; r++)
            {
                result[r] = Factors(frame, bins, r, top, total, part);
            }
        });
        return result;
    }

    /// <summary>
    /// Every column's contribution to one row's calibrated log-odds (the order of <see cref="Columns"/>): logistic
    /// weight × centred value summed over the column's encoded parts; path contributions (Saabas) for trees; weighted
    /// and scaled as the model combines them. They add up to the log-odds minus <see cref="BaselineLogOdds"/>.
    /// </summary>
    public double[] Contributions(TabularDataset data, int row)
    {
        var frame = FeatureFrame.Align(Columns, data);
        var bins = BoostingModel?.Binner.Bin(frame);
        var total = new double[Columns.Count];
        Contributions(frame, bins, row, total, new double[Columns.Count]);
        return total;
    }

    /// <summary>The calibrated log-odds of a row whose every contribution is zero.</summary>
    public double BaselineLogOdds
    {
        get
        {
            var z = 0.0;
            foreach (var part in Parts)
            {
                z += part.Apply(part.Model == Logistic ? LogisticModel!.Baseline() : BoostingModel!.Baseline());
            }

            return Calibration.A * z + Calibration.B;
        }
    }

    /// <summary>Quality on a held-out table: AUC, Brier, ROC curve, calibration bins, lift by decile and the importances on those rows.</summary>
    public ModelQuality Evaluate(TabularDataset test, IReadOnlyList<bool> label, string labelDefinition)
    {
        var y = label.ToArray();
        if (y.Length != test.Rows)
        {
            throw new ArgumentException($"There are {y.Length} labels for {test.Rows} rows.", nameof(label));
        }

        var frame = FeatureFrame.Align(Columns, test);
        var bins = BoostingModel?.Binner.Bin(frame);
        var p = LogOdds(frame, bins);
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = Calibration.Probability(p[i]);
        }

        var all = Enumerable.Range(0, test.Rows).ToArray();
        var importances = Importances(frame, bins, Sampling.StratifiedSample(all, y, 5_000, Training.Seed + 5));
        return new ModelQuality(Algorithm, Training.Rows, test.Rows, y.Length > 0 ? y.Count(v => v) / (double)y.Length : 0,
            ClassificationMetrics.RocAuc(p, y), ClassificationMetrics.Brier(p, y), ClassificationMetrics.RocCurve(p, y),
            ClassificationMetrics.Calibration(p, y), ClassificationMetrics.Lift(p, y), importances, labelDefinition);
    }

    internal ClassifierModel WithImportances(IReadOnlyList<FeatureImportance> importances) =>
        new(Columns, Dropped, Algorithm, Parts, LogisticModel, BoostingModel, Calibration, Validation, Training, importances);

    internal IReadOnlyList<FeatureImportance> Importances(FeatureFrame frame, byte[][]? bins, int[] rows)
    {
        var sum = new double[Columns.Count];
        var total = new double[Columns.Count];
        var part = new double[Columns.Count];
        foreach (var r in rows)
        {
            Contributions(frame, bins, r, total, part);
            for (var j = 0; j < sum.Length; j++)
            {
                sum[j] += Math.Abs(total[j]);
            }
        }

        var grand = sum.Sum();
        return Enumerable.Range(0, Columns.Count)
            .Select(j => new FeatureImportance(Columns[j].Name, grand > 0 ? sum[j] / grand : 0))
            .OrderByDescending(f => f.Importance).ThenBy(f => f.Feature, StringComparer.Ordinal).ToArray();
    }

    private double[] LogOdds(FeatureFrame frame, byte[][]? bins)
    {
        var z = new double[frame.Rows];
        foreach (var part in Parts)
        {
            var raw = part.Model == Logistic ? LogisticModel!.Raw(frame) : BoostingModel!.Raw(bins!, frame.Rows);
            for (var i = 0; i < z.Length; i++)
            {
                z[i] += part.Apply(raw[i]);
            }
        }

        return z;
    }

    private void Contributions(FeatureFrame frame, byte[][]? bins, int row, double[] total, double[] part)
    {
        Array.Clear(total);
        foreach (var p in Parts)
        {
            if (p.Model == Logistic)
            {
                LogisticModel!.Contributions(frame, row, part);
            }
            else
            {
                BoostingModel!.Contributions(bins!, row, part);
            }

            var factor = p.Weight * p.Scale * Calibration.A;
            for (var j = 0; j < total.Length; j++)
            {
                total[j] += factor * part[j];
            }
        }
    }

    private ScoreFactor[] Factors(FeatureFrame frame, byte[][]? bins, int row, int top, double[] total, double[] part)
    {
        Contributions(frame, bins, row, total, part);
        Span<int> best = stackalloc int[Math.Max(0, Math.Min(top, total.Length))];
        var count = 0;
        for (var j = 0; j < total.Length; j++)
        {
            var a = Math.Abs(total[j]);
            if (a == 0)
            {
                continue;
            }

            // Insertion into the running top-k (ties keep the earlier column).
            var at = count;
            while (at > 0 && Math.Abs(total[best[at - 1]]) < a)
            {
                at--;
            }

            if (at >= best.Length)
            {
                continue;
            }

            for (var k = Math.Min(count, best.Length - 1); k > at; k--)
            {
                best[k] = best[k - 1];
            }

            best[at] = j;
            count = Math.Min(count + 1, best.Length);
        }

        var factors = new ScoreFactor[count];
        for (var k = 0; k < count; k++)
        {
            var j = best[k];
            factors[k] = new ScoreFactor(Columns[j].Name, frame.Text(j, row), total[j]);
        }

        return factors;
    }

    /// <summary>The model as versioned, indented JSON (UTF-8 text; the same model always gives the same bytes).</summary>
    public string ToJson() => JsonSerializer.Serialize(ModelFile.From(this), ModelFile.Options);

    /// <summary>Reads a model written by <see cref="ToJson"/>; a file of another format or a newer version is an error (<see cref="FormatException"/>).</summary>
    public static ClassifierModel FromJson(string json)
    {
        ModelFile? file;
        try
        {
            file = JsonSerializer.Deserialize<ModelFile>(json, ModelFile.Options);
        }
        catch (JsonException e)
        {
            throw new FormatException($"Not a model file: {e.Message}", e);
        }

        if (file is null || file.Format != Format)
        {
            throw new FormatException($"Not a model file (its format is not '{Format}').");
        }

        if (file.Version != Version)
        {
            throw new FormatException($"Model file version {file.Version} is not supported (this program reads version {Version}).");
        }

        return file.ToModel();
    }
}
