namespace Vinculo.Domain.Analytics.Segmentation;

/// <summary>
/// Puts features on one scale before clustering: an optional signed log1p (sign(x)·ln(1 + |x|)) for skewed money
/// and counts, then a z-score with the population mean and standard deviation (divisor n, as scikit-learn's
/// StandardScaler). A feature with no spread keeps its standard deviation as 1, so it becomes all zeros.
/// Points are stored row-major in a flat array: point i's feature j is <c>data[i * Dimensions + j]</c>.
/// </summary>
public sealed class FeatureScaler
{
    private readonly bool[] _log1p;
    private readonly double[] _means;
    private readonly double[] _deviations;

    private FeatureScaler(bool[] log1p, double[] means, double[] deviations)
    {
        _log1p = log1p;
        _means = means;
        _deviations = deviations;
    }

    public int Dimensions => _means.Length;

    /// <summary>Whether feature j is log1p-transformed before the z-score.</summary>
    public IReadOnlyList<bool> Log1p => _log1p;

    /// <summary>Mean of each feature after the optional log1p.</summary>
    public IReadOnlyList<double> Means => _means;

    /// <summary>Population standard deviation of each feature after the optional log1p (1 when it has no spread).</summary>
    public IReadOnlyList<double> StandardDeviations => _deviations;

    /// <summary>Learns the means and deviations. Every value must be finite.</summary>
    public static FeatureScaler Fit(ReadOnlySpan<double> data, int dimensions, IReadOnlyList<bool>? log1p = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        if (data.Length % dimensions != 0)
        {
            throw new ArgumentException("The data length is not a multiple of the number of dimensions.", nameof(data));
        }

        if (log1p is not null && log1p.Count != dimensions)
        {
            throw new ArgumentException("One log1p flag per dimension is required.", nameof(log1p));
        }

        var flags = new bool[dimensions];
        for (var j = 0; j < dimensions; j++)
        {
            flags[j] = log1p is not null && log1p[j];
        }

        var n = data.Length / dimensions;
        var means = new double[dimensions];
        var deviations = new double[dimensions];
        if (n == 0)
        {
            Array.Fill(deviations, 1.0);
            return new FeatureScaler(flags, means, deviations);
        }

        // Two passes (mean, then squared deviations) keep the variance accurate for large magnitudes.
        for (var i = 0; i < n; i++)
        {
            var row = data.Slice(i * dimensions, dimensions);
            for (var j = 0; j < dimensions; j++)
            {
                var v = row[j];
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException($"Point {i} has a non-finite value in feature {j}.", nameof(data));
                }

                means[j] += flags[j] ? SignedLog1p(v) : v;
            }
        }

        for (var j = 0; j < dimensions; j++)
        {
            means[j] /= n;
        }

        for (var i = 0; i < n; i++)
        {
            var row = data.Slice(i * dimensions, dimensions);
            for (var j = 0; j < dimensions; j++)
            {
                var d = (flags[j] ? SignedLog1p(row[j]) : row[j]) - means[j];
                deviations[j] += d * d;
            }
        }

        for (var j = 0; j < dimensions; j++)
        {
            var sd = Math.Sqrt(deviations[j] / n);
            deviations[j] = sd > 1e-12 * Math.Max(1.0, Math.Abs(means[j])) ? sd : 1.0;
        }

        return new FeatureScaler(flags, means, deviations);
    }

    /// <summary>A scaled copy of <paramref name="data"/>.</summary>
    public double[] Transform(ReadOnlySpan<double> data)
    {
        var result = data.ToArray();
        TransformInPlace(result);
        return result;
    }

    /// <summary>Scales <paramref name="data"/> in place.</summary>
    public void TransformInPlace(Span<double> data)
    {
        var d = _means.Length;
        if (data.Length % d != 0)
        {
            throw new ArgumentException("The data length is not a multiple of the number of dimensions.", nameof(data));
        }

        for (var start = 0; start < data.Length; start += d)
        {
            var row = data.Slice(start, d);
            for (var j = 0; j < d; j++)
            {
                var v = _log1p[j] ? SignedLog1p(row[j]) : row[j];
                row[j] = (v - _means[j]) / _deviations[j];
            }
        }
    }

    /// <summary>Maps one scaled value of feature <paramref name="feature"/> back to original units.</summary>
    public double Inverse(int feature, double scaled)
    {
        var v = scaled * _deviations[feature] + _means[feature];
        return _log1p[feature] ? SignedExpm1(v) : v;
    }

    /// <summary>sign(x) · ln(1 + |x|): log1p for non-negative values, mirrored for negative ones.</summary>
    public static double SignedLog1p(double x) => x >= 0 ? double.LogP1(x) : -double.LogP1(-x);

    /// <summary>The inverse of <see cref="SignedLog1p"/>.</summary>
    public static double SignedExpm1(double y) => y >= 0 ? double.ExpM1(y) : -double.ExpM1(-y);
}
