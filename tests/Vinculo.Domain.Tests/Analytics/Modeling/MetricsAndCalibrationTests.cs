using Vinculo.Domain.Analytics;
using Vinculo.Domain.Analytics.Modeling;

namespace Vinculo.Domain.Tests.Analytics.Modeling;

public sealed class MetricsAndCalibrationTests
{
    [Fact]
    public void Auc_and_brier_match_hand_computed_values()
    {
        // scikit-learn's roc_auc_score example: 3 of the 4 positive–negative pairs are ordered right.
        double[] score = [0.1, 0.4, 0.35, 0.8];
        bool[] label = [false, false, true, true];

        Assert.Equal(0.75, ClassificationMetrics.RocAuc(score, label), 12);
        Assert.Equal((0.01 + 0.16 + 0.4225 + 0.04) / 4, ClassificationMetrics.Brier(score, label), 12);
        // Ties count one half.
        Assert.Equal(0.5, ClassificationMetrics.RocAuc([0.5, 0.5], [false, true]), 12);
        Assert.True(double.IsNaN(ClassificationMetrics.RocAuc([0.1, 0.2], [true, true])));

        var roc = ClassificationMetrics.RocCurve(score, label);
        Assert.Equal(new RocPoint(0, 0), roc[0]);
        Assert.Equal(new RocPoint(1, 1), roc[^1]);
        Assert.Equal(5, roc.Count);
    }

    [Fact]
    public void Lift_by_decile_on_a_perfect_ranking()
    {
        // 100 rows, the 20 highest-scored positive: deciles 1–2 hold every positive (lift 5), the rest none.
        var score = Enumerable.Range(0, 100).Select(i => (double)i).ToArray();
        var label = score.Select(s => s >= 80).ToArray();

        var lift = ClassificationMetrics.Lift(score, label);

        Assert.Equal([5.0, 5.0, 0, 0, 0, 0, 0, 0, 0, 0], lift.Select(l => l.Lift));
        Assert.Equal(0.5, lift[0].CumulativeGain, 12);
        Assert.Equal(1.0, lift[1].CumulativeGain, 12);
    }

    [Fact]
    public void Platt_scaling_calibrates_a_deliberately_mis_scaled_score()
    {
        // True log-odds t; the "model" reports 3t − 1 (over-confident and shifted).
        var random = new Random(3);
        var n = 20_000;
        var score = new double[n];
        var label = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var t = random.NextDouble() * 4 - 2;
            score[i] = 3 * t - 1;
            label[i] = random.NextDouble() < PlattCalibration.Sigmoid(t);
        }

        var platt = PlattCalibration.Fit(score, label);
        var raw = score.Select(PlattCalibration.Sigmoid).ToArray();
        var calibrated = score.Select(platt.Probability).ToArray();

        Assert.InRange(platt.A, 0.30, 0.37);
        Assert.InRange(platt.B, 0.28, 0.39);
        Assert.True(ClassificationMetrics.Brier(calibrated, label) < ClassificationMetrics.Brier(raw, label) - 0.01);
        foreach (var bin in ClassificationMetrics.Calibration(calibrated, label).Where(b => b.Count > 500))
        {
            Assert.InRange(bin.MeanPredicted - bin.ObservedRate, -0.03, 0.03);
        }
    }

    [Fact]
    public void Stratified_folds_keep_the_positive_rate()
    {
        var rows = Enumerable.Range(0, 1_000).ToArray();
        var label = rows.Select(r => r % 5 == 0).ToArray();

        var folds = Sampling.StratifiedFolds(rows, label, 5, seed: 1);

        for (var k = 0; k < 5; k++)
        {
            Assert.Equal(200, folds.Count(f => f == k));
            Assert.Equal(40, rows.Count(r => folds[r] == k && label[r]));
        }

        Assert.Equal(folds, Sampling.StratifiedFolds(rows, label, 5, seed: 1));
    }
}
