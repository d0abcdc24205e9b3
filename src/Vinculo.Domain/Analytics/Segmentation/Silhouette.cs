namespace Vinculo.Domain.Analytics.Segmentation;

/// <summary>
/// The silhouette coefficient with Euclidean distance, as scikit-learn's silhouette_score: for each point,
/// a = mean distance to the other points of its cluster, b = lowest mean distance to the points of another
/// cluster, s = (b − a) / max(a, b), and s = 0 for a point alone in its cluster. Exact, O(n²·d) time and O(n·k)
/// extra memory, so callers sample large sets (see <see cref="CustomerSegmentation"/>).
/// </summary>
public static class Silhouette
{
    /// <summary>The mean silhouette of all points. Needs 2 ≤ number of distinct labels ≤ n − 1.</summary>
    public static double Score(double[] data, int dimensions, int[] labels, int k)
    {
        var samples = Samples(data, dimensions, labels, k);
        var sum = 0.0;
        foreach (var s in samples)
        {
            sum += s;
        }

        return sum / samples.Length;
    }

    /// <summary>The silhouette of every point.</summary>
    public static double[] Samples(double[] data, int dimensions, int[] labels, int k)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        var n = data.Length / dimensions;
        if (labels.Length != n)
        {
            throw new ArgumentException("One label per point is required.", nameof(labels));
        }

        var sizes = new int[k];
        foreach (var label in labels)
        {
            if ((uint)label >= (uint)k)
            {
                throw new ArgumentException($"Label {label} is outside 0..{k - 1}.", nameof(labels));
            }

            sizes[label]++;
        }

        var used = 0;
        foreach (var size in sizes)
        {
            if (size > 0)
            {
                used++;
            }
        }

        if (used < 2 || used > n - 1)
        {
            throw new ArgumentException($"The silhouette needs 2 to n − 1 clusters; there are {used} for {n} points.", nameof(labels));
        }

        var result = new double[n];
        System.Threading.Tasks.Parallel.For(0, n, () => new double[k], (i, _, sums) =>
        {
            Array.Clear(sums);
            var origin = i * dimensions;
            for (int other = 0, offset = 0; other < n; other++, offset += dimensions)
            {
                var squared = 0.0;
                for (var j = 0; j < dimensions; j++)
                {
                    var diff = data[origin + j] - data[offset + j];
                    squared += diff * diff;
                }

                sums[labels[other]] += Math.Sqrt(squared);
            }

            var own = labels[i];
            if (sizes[own] <= 1)
            {
                result[i] = 0;
                return sums;
            }

            var a = sums[own] / (sizes[own] - 1);
            var b = double.PositiveInfinity;
            for (var c = 0; c < k; c++)
            {
                if (c != own && sizes[c] > 0)
                {
                    b = Math.Min(b, sums[c] / sizes[c]);
                }
            }

            var denominator = Math.Max(a, b);
            result[i] = denominator > 0 ? (b - a) / denominator : 0;
            return sums;
        }, _ => { });

        return result;
    }
}
