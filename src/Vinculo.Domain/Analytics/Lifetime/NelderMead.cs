namespace Vinculo.Domain.Analytics.Lifetime;

/// <summary>The minimum found by <see cref="NelderMead.Minimize"/>.</summary>
public sealed record OptimizationResult(double[] Point, double Value, int Evaluations, int Restarts);

/// <summary>
/// Nelder–Mead downhill simplex (reflection 1, expansion 2, contraction ½, shrink ½), restarted from the best point
/// with a fresh simplex until a restart no longer improves the value: deterministic (no randomness), and robust to
/// the early collapse of the simplex. Non-finite function values count as +∞.
/// </summary>
public static class NelderMead
{
    public static OptimizationResult Minimize(Func<double[], double> f, double[] start, double step = 0.5,
        double tolerance = 1e-12, int maxEvaluations = 200_000)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(start);
        var n = start.Length;
        var evaluations = 0;
        double F(double[] x)
        {
            evaluations++;
            var v = f(x);
            return double.IsFinite(v) ? v : double.PositiveInfinity;
        }

        var best = (double[])start.Clone();
        var bestValue = F(best);
        var restarts = 0;
        while (true)
        {
            var simplex = new double[n + 1][];
            var values = new double[n + 1];
            simplex[0] = (double[])best.Clone();
            values[0] = bestValue;
            for (var i = 0; i < n; i++)
            {
                var p = (double[])best.Clone();
                p[i] += step;
                simplex[i + 1] = p;
                values[i + 1] = F(p);
            }

            Run(F, simplex, values, tolerance, maxEvaluations, ref evaluations);
            var improved = values[0] < bestValue - (tolerance * (1 + Math.Abs(bestValue)));
            if (values[0] <= bestValue)
            {
                best = simplex[0];
                bestValue = values[0];
            }

            if (!improved || evaluations >= maxEvaluations || restarts >= 50)
            {
                return new OptimizationResult(best, bestValue, evaluations, restarts);
            }

            restarts++;
            step = Math.Max(step * 0.5, 1e-3);
        }
    }

    private static void Run(Func<double[], double> f, double[][] simplex, double[] values, double tolerance, int maxEvaluations, ref int evaluations)
    {
        var n = simplex.Length - 1;
        var centroid = new double[n];
        var trial = new double[n];
        var trial2 = new double[n];
        while (evaluations < maxEvaluations)
        {
            Order(simplex, values);
            var spread = Math.Abs(values[n] - values[0]);
            var size = 0.0;
            for (var i = 1; i <= n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    size = Math.Max(size, Math.Abs(simplex[i][j] - simplex[0][j]));
                }
            }

            if (spread <= tolerance * (1 + Math.Abs(values[0])) && size <= 1e-9)
            {
                return;
            }

            if (size <= 1e-14)
            {
                return;
            }

            Array.Clear(centroid);
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    centroid[j] += simplex[i][j] / n;
                }
            }

            var worst = simplex[n];
            Along(centroid, worst, -1, trial);
            var reflected = f(trial);
            if (reflected < values[0])
            {
                Along(centroid, worst, -2, trial2);
                var expanded = f(trial2);
                if (expanded < reflected)
                {
                    Replace(simplex, values, n, trial2, expanded);
                }
                else
                {
                    Replace(simplex, values, n, trial, reflected);
                }

                continue;
            }

            if (reflected < values[n - 1])
            {
                Replace(simplex, values, n, trial, reflected);
                continue;
            }

            // Contraction: outside when the reflection beat the worst point, inside otherwise.
            var outside = reflected < values[n];
            Along(centroid, worst, outside ? -0.5 : 0.5, trial2);
            var contracted = f(trial2);
            if (contracted < (outside ? reflected : values[n]))
            {
                Replace(simplex, values, n, trial2, contracted);
                continue;
            }

            for (var i = 1; i <= n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    simplex[i][j] = simplex[0][j] + (0.5 * (simplex[i][j] - simplex[0][j]));
                }

                values[i] = f(simplex[i]);
            }
        }
    }

    /// <summary>centroid + t (point − centroid).</summary>
    private static void Along(double[] centroid, double[] point, double t, double[] into)
    {
        for (var j = 0; j < centroid.Length; j++)
        {
            into[j] = centroid[j] + (t * (point[j] - centroid[j]));
        }
    }

    private static void Replace(double[][] simplex, double[] values, int i, double[] point, double value)
    {
        Array.Copy(point, simplex[i], point.Length);
        values[i] = value;
    }

    /// <summary>Sorts by value, ties keeping their order (insertion sort: n is small).</summary>
    private static void Order(double[][] simplex, double[] values)
    {
        for (var i = 1; i < values.Length; i++)
        {
            var v = values[i];
            var p = simplex[i];
            var j = i - 1;
            while (j >= 0 && values[j] > v)
            {
                values[j + 1] = values[j];
                simplex[j + 1] = simplex[j];
                j--;
            }

            values[j + 1] = v;
            simplex[j + 1] = p;
        }
    }
}
