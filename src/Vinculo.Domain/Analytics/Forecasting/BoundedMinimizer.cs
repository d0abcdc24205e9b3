namespace Vinculo.Domain.Analytics.Forecasting;

/// <summary>
/// Deterministic minimisation over the unit box [0, 1]^d (d ≤ 3 here): a grid of step 0.1 (11^d points), then
/// Nelder-Mead (reflection 1, expansion 2, contraction ½, shrink ½) from each of the best three grid points with
/// trial points projected onto the box; the lowest value found wins (ties to the earlier point).
/// </summary>
internal static class BoundedMinimizer
{
    private const int GridSteps = 10;
    private const int Starts = 3;
    private const int MaxEvaluations = 3000;

    public static double[] Minimize(Func<double[], double> objective, int dimensions)
    {
        var grid = new List<(double Value, double[] Point)>();
        var total = 1;
        for (var i = 0; i < dimensions; i++)
        {
            total *= GridSteps + 1;
        }

        for (var index = 0; index < total; index++)
        {
            var point = new double[dimensions];
            var rest = index;
            for (var i = 0; i < dimensions; i++)
            {
                point[i] = (double)(rest % (GridSteps + 1)) / GridSteps;
                rest /= GridSteps + 1;
            }

            grid.Add((objective(point), point));
        }

        // Stable order: value, then grid index.
        var order = new int[grid.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => grid[a].Value != grid[b].Value ? grid[a].Value.CompareTo(grid[b].Value) : a.CompareTo(b));

        var best = grid[order[0]].Point;
        var bestValue = grid[order[0]].Value;
        for (var s = 0; s < Math.Min(Starts, order.Length); s++)
        {
            var (point, value) = NelderMead(objective, grid[order[s]].Point);
            if (value < bestValue)
            {
                best = point;
                bestValue = value;
            }
        }

        return best;
    }

    private static (double[] Point, double Value) NelderMead(Func<double[], double> objective, double[] start)
    {
        var d = start.Length;
        var simplex = new double[d + 1][];
        var values = new double[d + 1];
        simplex[0] = (double[])start.Clone();
        for (var i = 0; i < d; i++)
        {
            var vertex = (double[])start.Clone();
            vertex[i] = vertex[i] + 0.05 <= 1 ? vertex[i] + 0.05 : vertex[i] - 0.05;
            simplex[i + 1] = vertex;
        }

        for (var i = 0; i <= d; i++)
        {
            values[i] = objective(simplex[i]);
        }

        var evaluations = d + 1;
        var centroid = new double[d];
        while (evaluations < MaxEvaluations)
        {
            // Sort vertices by value (insertion sort; stable).
            for (var i = 1; i <= d; i++)
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

            var spread = 0.0;
            for (var i = 1; i <= d; i++)
            {
                for (var k = 0; k < d; k++)
                {
                    spread = Math.Max(spread, Math.Abs(simplex[i][k] - simplex[0][k]));
                }
            }

            if (spread < 1e-10 || Math.Abs(values[d] - values[0]) <= 1e-14 * Math.Abs(values[0]) && spread < 1e-6)
            {
                break;
            }

            Array.Clear(centroid);
            for (var i = 0; i < d; i++)
            {
                for (var k = 0; k < d; k++)
                {
                    centroid[k] += simplex[i][k] / d;
                }
            }

            var reflected = Along(centroid, simplex[d], -1.0);
            var reflectedValue = objective(reflected);
            evaluations++;
            if (reflectedValue < values[0])
            {
                var expanded = Along(centroid, simplex[d], -2.0);
                var expandedValue = objective(expanded);
                evaluations++;
                (simplex[d], values[d]) = expandedValue < reflectedValue ? (expanded, expandedValue) : (reflected, reflectedValue);
            }
            else if (reflectedValue < values[d - 1])
            {
                (simplex[d], values[d]) = (reflected, reflectedValue);
            }
            else
            {
                var outside = reflectedValue < values[d];
                var contracted = Along(centroid, outside ? reflected : simplex[d], 0.5);
                var contractedValue = objective(contracted);
                evaluations++;
                if (contractedValue < Math.Min(reflectedValue, values[d]))
                {
                    (simplex[d], values[d]) = (contracted, contractedValue);
                }
                else
                {
                    for (var i = 1; i <= d; i++)
                    {
                        simplex[i] = Along(simplex[0], simplex[i], 0.5);
                        values[i] = objective(simplex[i]);
                        evaluations++;
                    }
                }
            }
        }

        var best = 0;
        for (var i = 1; i <= d; i++)
        {
            if (values[i] < values[best])
            {
                best = i;
            }
        }

        return (simplex[best], values[best]);
    }

    /// <summary>from + t·(to − from), projected onto [0, 1]^d.</summary>
    private static double[] Along(double[] from, double[] to, double t)
    {
        var result = new double[from.Length];
        for (var k = 0; k < from.Length; k++)
        {
            result[k] = Math.Clamp(from[k] + t * (to[k] - from[k]), 0.0, 1.0);
        }

        return result;
    }
}
