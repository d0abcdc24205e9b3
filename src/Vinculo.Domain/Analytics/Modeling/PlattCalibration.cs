namespace Vinculo.Domain.Analytics.Modeling;

/// <summary>
/// Platt scaling: probability = σ(A·score + B), fitted by Newton's method on held-out (out-of-fold) scores with
/// Platt's smoothed targets ((N₊+1)/(N₊+2) and 1/(N₋+2)), as scikit-learn's sigmoid calibration does. Being a
/// monotone map of the log-odds it keeps the ranking (AUC) and lets each factor's contribution be scaled by A.
/// </summary>
public sealed record PlattCalibration(double A, double B)
{
    public static PlattCalibration Identity { get; } = new(1, 0);

    public double Probability(double score) => Sigmoid(A * score + B);

    public static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    public static PlattCalibration Fit(ReadOnlySpan<double> scores, ReadOnlySpan<bool> label)
    {
        double positives = 0;
        foreach (var y in label)
        {
            positives += y ? 1 : 0;
        }

        var negatives = label.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return Identity;
        }

        var hi = (positives + 1) / (positives + 2);
        var lo = 1 / (negatives + 2);
        double a = 1, b = 0;
        var loss = Loss(scores, label, a, b, hi, lo);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double gA = 0, gB = 0, hAA = 1e-12, hAB = 0, hBB = 1e-12;
            for (var i = 0; i < scores.Length; i++)
            {
                var p = Sigmoid(a * scores[i] + b);
                var t = label[i] ? hi : lo;
                var d = p - t;
                var w = Math.Max(p * (1 - p), 1e-12);
                gA += d * scores[i];
                gB += d;
                hAA += w * scores[i] * scores[i];
                hAB += w * scores[i];
                hBB += w;
            }

            var det = hAA * hBB - hAB * hAB;
            if (det <= 0)
            {
                break;
            }

            var dA = (hBB * gA - hAB * gB) / det;
            var dB = (hAA * gB - hAB * gA) / det;
            var step = 1.0;
            double na = a, nb = b, newLoss = loss;
            for (var halving = 0; halving < 40; halving++)
            {
                na = a - step * dA;
                nb = b - step * dB;
                newLoss = Loss(scores, label, na, nb, hi, lo);
                if (newLoss <= loss)
                {
                    break;
                }

                step /= 2;
            }

            if (newLoss > loss)
            {
                break;
            }

            var moved = Math.Max(Math.Abs(na - a), Math.Abs(nb - b));
            (a, b, loss) = (na, nb, newLoss);
            if (moved < 1e-10)
            {
                break;
            }
        }

        return new PlattCalibration(a, b);
    }

    private static double Loss(ReadOnlySpan<double> scores, ReadOnlySpan<bool> label, double a, double b, double hi, double lo)
    {
        var sum = 0.0;
        for (var i = 0; i < scores.Length; i++)
        {
            var z = a * scores[i] + b;
            var t = label[i] ? hi : lo;
            var softplus = z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z));
            sum += softplus - t * z;
        }

        return sum;
    }
}
