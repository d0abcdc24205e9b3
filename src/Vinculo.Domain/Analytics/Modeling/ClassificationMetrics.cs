namespace Vinculo.Domain.Analytics.Modeling;

/// <summary>How well probabilities rank and match binary outcomes: ROC AUC, Brier score, ROC curve, calibration and lift.</summary>
public static class ClassificationMetrics
{
    /// <summary>The area under the ROC curve (ties count one half); NaN when one class is absent.</summary>
    public static double RocAuc(ReadOnlySpan<double> score, ReadOnlySpan<bool> label)
    {
        var order = SortedAscending(score);
        double positives = 0, rankSum = 0;
        var i = 0;
        while (i < order.Length)
        {
            var j = i;
            while (j + 1 < order.Length && score[order[j + 1]] == score[order[i]])
            {
                j++;
            }

            var averageRank = (i + j) / 2.0 + 1;
            for (var k = i; k <= j; k++)
            {
                if (label[order[k]])
                {
                    positives++;
                    rankSum += averageRank;
                }
            }

            i = j + 1;
        }

        var negatives = order.Length - positives;
        return positives == 0 || negatives == 0 ? double.NaN : (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }

    /// <summary>The mean squared difference between probability and outcome (0 or 1).</summary>
    public static double Brier(ReadOnlySpan<double> probability, ReadOnlySpan<bool> label)
    {
        var sum = 0.0;
        for (var i = 0; i < probability.Length; i++)
        {
            var d = probability[i] - (label[i] ? 1 : 0);
            sum += d * d;
        }

        return probability.Length > 0 ? sum / probability.Length : double.NaN;
    }

    /// <summary>The ROC curve from (0,0) to (1,1), one point per distinct score, thinned to at most <paramref name="maxPoints"/>.</summary>
    public static IReadOnlyList<RocPoint> RocCurve(ReadOnlySpan<double> score, ReadOnlySpan<bool> label, int maxPoints = 101)
    {
        var order = SortedAscending(score);
        Array.Reverse(order);
        double positives = 0;
        foreach (var y in label)
        {
            positives += y ? 1 : 0;
        }

        var negatives = label.Length - positives;
        var points = new List<RocPoint> { new(0, 0) };
        double tp = 0, fp = 0;
        for (var i = 0; i < order.Length; i++)
        {
            if (label[order[i]])
            {
                tp++;
            }
            else
            {
                fp++;
            }

            if (i + 1 == order.Length || score[order[i + 1]] != score[order[i]])
            {
                points.Add(new RocPoint(negatives > 0 ? fp / negatives : 0, positives > 0 ? tp / positives : 0));
            }
        }

        if (points.Count <= maxPoints)
        {
            return points;
        }

        var thinned = new List<RocPoint>(maxPoints);
        for (var k = 0; k < maxPoints; k++)
        {
            thinned.Add(points[(int)Math.Round(k * (points.Count - 1) / (double)(maxPoints - 1))]);
        }

        return thinned;
    }

    /// <summary>Equal-width probability bins ([0, 0.1), … [0.9, 1]); empty bins are left out.</summary>
    public static IReadOnlyList<CalibrationBin> Calibration(ReadOnlySpan<double> probability, ReadOnlySpan<bool> label, int bins = 10)
    {
        var sumP = new double[bins];
        var sumY = new double[bins];
        var count = new int[bins];
        for (var i = 0; i < probability.Length; i++)
        {
            var b = Math.Clamp((int)(probability[i] * bins), 0, bins - 1);
            sumP[b] += probability[i];
            sumY[b] += label[i] ? 1 : 0;
            count[b]++;
        }

        var result = new List<CalibrationBin>();
        for (var b = 0; b < bins; b++)
        {
            if (count[b] > 0)
            {
                result.Add(new CalibrationBin(sumP[b] / count[b], sumY[b] / count[b], count[b]));
            }
        }

        return result;
    }

    /// <summary>Deciles by descending score: each decile's positive rate over the overall rate, and the share of all positives found so far.</summary>
    public static IReadOnlyList<LiftPoint> Lift(ReadOnlySpan<double> score, ReadOnlySpan<bool> label)
    {
        var order = SortedAscending(score);
        Array.Reverse(order);
        double positives = 0;
        foreach (var y in label)
        {
            positives += y ? 1 : 0;
        }

        var n = order.Length;
        var overall = n > 0 ? positives / n : 0;
        var result = new List<LiftPoint>();
        double cumulative = 0;
        for (var d = 0; d < 10; d++)
        {
            var from = (int)((long)n * d / 10);
            var to = (int)((long)n * (d + 1) / 10);
            double found = 0;
            for (var i = from; i < to; i++)
            {
                found += label[order[i]] ? 1 : 0;
            }

            cumulative += found;
            var rate = to > from ? found / (to - from) : 0;
            result.Add(new LiftPoint(d + 1, overall > 0 ? rate / overall : 0, positives > 0 ? cumulative / positives : 0));
        }

        return result;
    }

    /// <summary>Row positions ordered by ascending score, ties by position (deterministic).</summary>
    private static int[] SortedAscending(ReadOnlySpan<double> score)
    {
        var order = new int[score.Length];
        var keys = score.ToArray();
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order);
        // Array.Sort is not stable: restore position order within equal scores.
        var start = 0;
        for (var i = 1; i <= keys.Length; i++)
        {
            if (i == keys.Length || keys[i] != keys[start])
            {
                if (i - start > 1)
                {
                    Array.Sort(order, start, i - start);
                }

                start = i;
            }
        }

        return order;
    }
}
