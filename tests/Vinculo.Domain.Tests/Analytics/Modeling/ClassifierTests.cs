using Vinculo.Domain.Analytics.Modeling;

namespace Vinculo.Domain.Tests.Analytics.Modeling;

public sealed class ClassifierTests
{
    // 10 rows: a numeric column, a three-category column and a label (not separable).
    private static readonly double[] X = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    private static readonly string[] C = ["a", "b", "a", "c", "b", "c", "a", "b", "c", "c"];
    private static readonly bool[] Y = [false, false, true, false, false, true, true, false, true, true];

    private static TabularDataset Tiny() => new TabularDatasetBuilder().Numeric("x", X).Categorical("c", C).Build();

    [Fact]
    public void Logistic_regression_matches_scikit_learn_on_a_tiny_table()
    {
        // scikit-learn 1.2.1: LogisticRegression(C=1.0, tol=1e-10) on StandardScaler(x) + OneHotEncoder(c) (all levels):
        // coef [0.8154166999, 0.5281295538, -0.8503296817, 0.3222004096], intercept -0.0386000538, and these probabilities.
        double[] expected = [0.3126019332, 0.132096189, 0.4451714548, 0.4645005483, 0.2629143932, 0.6048096382, 0.7140971568, 0.4553193555, 0.7819763834, 0.8265129753];
        var data = Tiny();
        var frame = FeatureFrame.Align([new FeatureColumn("x", ColumnKind.Numeric, []), new FeatureColumn("c", ColumnKind.Categorical, data["c"].Categories)], data);

        var model = LogisticRegressionModel.Fit(frame, Y, Enumerable.Range(0, 10).ToArray(), lambda: 1);
        var raw = model.Raw(frame);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(expected[i], PlattCalibration.Sigmoid(raw[i]), 6);
        }

        Assert.Equal(-0.0386000538, model.State.Intercept, 6);
        Assert.Equal(0.8154166999, model.State.Weights[0], 6);
    }

    [Fact]
    public void Logistic_contributions_are_weight_times_centred_value_and_add_up_to_the_log_odds()
    {
        var data = Tiny();
        var frame = FeatureFrame.Align([new FeatureColumn("x", ColumnKind.Numeric, []), new FeatureColumn("c", ColumnKind.Categorical, data["c"].Categories)], data);
        var model = LogisticRegressionModel.Fit(frame, Y, Enumerable.Range(0, 10).ToArray(), lambda: 1);
        var raw = model.Raw(frame);
        Span<double> contribution = stackalloc double[2];
        for (var row = 0; row < 10; row++)
        {
            model.Contributions(frame, row, contribution);
            Assert.Equal(raw[row], model.Baseline() + contribution[0] + contribution[1], 10);
            // x is standardised: mean 4.5, population sd √8.25; its weight times the centred value.
            Assert.Equal(model.State.Weights[0] * (X[row] - 4.5) / Math.Sqrt(8.25), contribution[0], 10);
        }
    }

    [Fact]
    public void Logistic_regression_on_separable_data_stays_finite_and_ranks_perfectly()
    {
        var x = Enumerable.Range(0, 40).Select(i => (double)i).ToArray();
        var y = x.Select(v => v >= 20).ToArray();
        var data = new TabularDatasetBuilder().Numeric("x", x).Build();
        var frame = FeatureFrame.Align([new FeatureColumn("x", ColumnKind.Numeric, [])], data);

        var model = LogisticRegressionModel.Fit(frame, y, Enumerable.Range(0, 40).ToArray(), lambda: 1);
        var raw = model.Raw(frame);

        Assert.All(model.State.Weights, w => Assert.True(double.IsFinite(w) && w > 0));
        Assert.Equal(1.0, ClassificationMetrics.RocAuc(raw, y));
        // Symmetric data: the decision boundary sits between 19 and 20.
        Assert.True(raw[19] < 0 && raw[20] > 0);
    }

    [Fact]
    public void A_stump_splits_at_the_obvious_threshold()
    {
        var x = Enumerable.Range(0, 100).Select(i => (double)i).ToArray();
        var y = x.Select(v => v >= 60).ToArray();
        var (binner, bins) = Binned(new TabularDatasetBuilder().Numeric("x", x).Build());
        var options = new BoostingOptions { MaxLeafNodes = 2, MaxIterations = 1, MinSamplesLeaf = 1, MinRowsForEarlyStopping = int.MaxValue };

        var model = GradientBoostingModel.Fit(binner, bins, y, Enumerable.Range(0, 100).ToArray(), options, seed: 1);

        var tree = Assert.Single(model.Trees);
        Assert.Equal(0, tree.Feature[0]);
        Assert.Equal(59.5, binner.Edges[0]![tree.Threshold[0]]);
        Assert.True(tree.Value[tree.Left[0]] < 0 && tree.Value[tree.Right[0]] > 0);
    }

    [Fact]
    public void Missing_values_go_where_training_sent_them()
    {
        // x < 50 → negative, x ≥ 50 → positive, missing → positive: the split must send missing values right.
        var x = Enumerable.Range(0, 100).Select(i => (double)i).Concat(Enumerable.Repeat(double.NaN, 30)).ToArray();
        var y = x.Select(v => double.IsNaN(v) || v >= 50).ToArray();
        var (binner, bins) = Binned(new TabularDatasetBuilder().Numeric("x", x).Build());
        var options = new BoostingOptions { MaxLeafNodes = 2, MaxIterations = 1, MinSamplesLeaf = 1, MinRowsForEarlyStopping = int.MaxValue };

        var tree = Assert.Single(GradientBoostingModel.Fit(binner, bins, y, Enumerable.Range(0, x.Length).ToArray(), options, seed: 1).Trees);

        Assert.Equal(49.5, binner.Edges[0]![tree.Threshold[0]]);
        Assert.False(tree.MissingLeft[0]);
        Assert.Equal(tree.Right[0], tree.Leaf(bins, 120));

        // Trained without missing values, a missing value follows the larger side (here: 70 rows ≥ 30 go right).
        var x2 = Enumerable.Range(0, 100).Select(i => (double)i).ToArray();
        var (binner2, bins2) = Binned(new TabularDatasetBuilder().Numeric("x", x2).Build());
        var tree2 = Assert.Single(GradientBoostingModel.Fit(binner2, bins2, x2.Select(v => v >= 30).ToArray(), Enumerable.Range(0, 100).ToArray(), options, 1).Trees);
        Assert.False(tree2.MissingLeft[0]);
    }

    [Fact]
    public void Trees_split_categories_by_their_outcome_not_their_code_order()
    {
        // Categories b and d are positive, a and c negative: one split must separate {b, d} from {a, c}.
        string[] categories = ["a", "b", "c", "d"];
        var c = Enumerable.Range(0, 200).Select(i => categories[i % 4]).ToArray();
        var y = c.Select(v => v is "b" or "d").ToArray();
        var data = new TabularDatasetBuilder().Categorical("c", c).Build();
        var (binner, bins) = Binned(data);
        var options = new BoostingOptions { MaxLeafNodes = 2, MaxIterations = 1, MinSamplesLeaf = 1, MinRowsForEarlyStopping = int.MaxValue };

        var tree = Assert.Single(GradientBoostingModel.Fit(binner, bins, y, Enumerable.Range(0, 200).ToArray(), options, 1).Trees);

        for (var i = 0; i < 4; i++)
        {
            var leaf = tree.Leaf(bins, i);
            Assert.Equal(y[i], tree.Value[leaf] > 0);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_model_file_and_it_loads_back()
    {
        var (data, y) = Synthetic(3_000, 5);

        var first = ClassifierTrainer.Train(data, y, new ClassifierOptions { Seed = 7 });
        var second = ClassifierTrainer.Train(data, y, new ClassifierOptions { Seed = 7 });
        var json = first.ToJson();

        Assert.Equal(json, second.ToJson());
        var loaded = ClassifierModel.FromJson(json);
        Assert.Equal(json, loaded.ToJson());
        Assert.Equal(first.PredictProbabilities(data), loaded.PredictProbabilities(data));
        Assert.Contains("\"format\": \"vinculo.classifier\"", json, StringComparison.Ordinal);
        Assert.Contains("\"version\": 1", json, StringComparison.Ordinal);
        Assert.NotEqual(json, ClassifierTrainer.Train(data, y, new ClassifierOptions { Seed = 8 }).ToJson());
    }

    [Theory]
    [InlineData(ClassifierAlgorithm.Logistic)]
    [InlineData(ClassifierAlgorithm.Boosting)]
    [InlineData(ClassifierAlgorithm.Blend)]
    public void Every_algorithm_learns_and_its_factors_add_up_to_the_calibrated_log_odds(ClassifierAlgorithm algorithm)
    {
        var (data, y) = Synthetic(2_000, 11);
        var model = ClassifierTrainer.Train(data, y, new ClassifierOptions { Algorithm = algorithm });
        var p = model.PredictProbabilities(data);

        Assert.True(ClassificationMetrics.RocAuc(p, y) > 0.75);
        for (var row = 0; row < 20; row++)
        {
            var total = model.BaselineLogOdds + model.Contributions(data, row).Sum();
            Assert.Equal(Math.Log(p[row] / (1 - p[row])), total, 8);
            var factors = model.Explain(data, row, top: 2);
            Assert.Equal(2, factors.Count);
            Assert.True(Math.Abs(factors[0].Contribution) >= Math.Abs(factors[1].Contribution));
        }

        // The strongest driver of the synthetic label is "signal".
        Assert.Equal("signal", model.TrainingImportances[0].Feature);
        Assert.Equal(1.0, model.TrainingImportances.Sum(f => f.Importance), 6);
        var quality = model.Evaluate(data, y, "label = yes");
        Assert.Equal(10, quality.Lift.Count);
        Assert.Equal(1.0, quality.Lift[^1].CumulativeGain, 9);
        Assert.Equal(2_000, quality.Calibration.Sum(b => b.Count));
    }

    [Fact]
    public void A_categorical_value_never_seen_in_training_and_a_missing_column_are_handled()
    {
        var (data, y) = Synthetic(1_000, 3);
        var model = ClassifierTrainer.Train(data, y);
        var fresh = new TabularDatasetBuilder()
            .Numeric("signal", [0.5, double.NaN])
            .Numeric("noise", [0.1, 0.2])
            .Categorical("tier", ["platinum", null])
            .Build();

        var p = model.PredictProbabilities(fresh);

        Assert.All(p, v => Assert.InRange(v, 0, 1));
        Assert.Equal("", model.Explain(fresh, 1, 3).Single(f => f.Feature == "signal").Value);
        var missing = new TabularDatasetBuilder().Numeric("signal", [0.5]).Build();
        Assert.Throws<ArgumentException>(() => model.PredictProbabilities(missing));
    }

    [Fact]
    public void Constant_columns_are_left_out()
    {
        var (data, y) = Synthetic(500, 3);
        var withConstant = new TabularDatasetBuilder()
            .Numeric("signal", data["signal"].Numbers!)
            .Numeric("flat", Enumerable.Repeat(1.0, 500).ToArray())
            .Build();

        var model = ClassifierTrainer.Train(withConstant, y, new ClassifierOptions { Algorithm = ClassifierAlgorithm.Logistic });

        Assert.Equal(["signal"], model.Columns.Select(c => c.Name));
        Assert.Equal("flat", Assert.Single(model.Dropped).Name);
    }

    /// <summary>signal drives the label, noise does not, tier "gold" adds a little; 5% of signal missing (then mostly positive).</summary>
    internal static (TabularDataset Data, bool[] Label) Synthetic(int n, int seed)
    {
        var random = new Random(seed);
        var signal = new double[n];
        var noise = new double[n];
        var tier = new string?[n];
        var y = new bool[n];
        string[] tiers = ["bronze", "silver", "gold"];
        for (var i = 0; i < n; i++)
        {
            signal[i] = random.NextDouble() * 4 - 2;
            noise[i] = random.NextDouble();
            tier[i] = random.NextDouble() < 0.05 ? null : tiers[random.Next(3)];
            var z = 2 * signal[i] + (tier[i] == "gold" ? 0.7 : 0);
            if (random.NextDouble() < 0.05)
            {
                signal[i] = double.NaN;
                z = 1.5;
            }

            y[i] = random.NextDouble() < 1 / (1 + Math.Exp(-z));
        }

        return (new TabularDatasetBuilder().Numeric("signal", signal).Numeric("noise", noise).Categorical("tier", tier).Build(), y);
    }

    private static (Binner Binner, byte[][] Bins) Binned(TabularDataset data)
    {
        var schema = data.Columns.Select(c => new FeatureColumn(c.Name, c.Kind, c.Categories)).ToArray();
        var frame = FeatureFrame.Align(schema, data);
        var binner = Binner.Learn(frame, Enumerable.Range(0, data.Rows).ToArray(), 1);
        return (binner, binner.Bin(frame));
    }
}
