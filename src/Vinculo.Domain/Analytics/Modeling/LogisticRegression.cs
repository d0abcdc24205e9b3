namespace Vinculo.Domain.Analytics.Modeling;

/// <summary>
/// L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least squares) with a
/// backtracking line search. Numeric columns are standardised (missing values imputed with the mean, plus a
/// missing-value indicator when training saw any); categorical columns are one-hot encoded over their most frequent
/// <see cref="MaxLevels"/> categories (others, and categories never seen, encode as all zeros), plus a missing indicator.
/// The penalty is λ/2·‖w‖² on the weights (not the intercept) added to the summed log-loss, so λ = 1 is
/// scikit-learn's C = 1.
/// </summary>
public sealed class LogisticRegressionModel
{
    public const int MaxLevels = 100;

    internal LogisticRegressionModel(LogisticState state) => State = state;

    internal LogisticState State { get; }

    /// <summary>Fits on the given rows of <paramref name="frame"/> (the encoding is learned from those rows too).</summary>
    internal static LogisticRegressionModel Fit(FeatureFrame frame, bool[] label, int[] rows, double lambda)
    {
        var encoder = LogisticEncoder.Learn(frame, rows);
        var p = encoder.Features;
        var weights = new double[p];
        var intercept = 0.0;
        {
            var positives = 0;
            foreach (var r in rows)
            {
                positives += label[r] ? 1 : 0;
            }

            var rate = Math.Clamp((positives + 0.5) / (rows.Length + 1.0), 1e-6, 1 - 1e-6);
            intercept = Math.Log(rate / (1 - rate));
        }

        var n = p + 1;
        var chunks = Math.Max(1, Math.Min(Chunks(rows.Length), 4_000_000 / (n * n)));
        var loss = Evaluate(frame, label, rows, encoder, weights, intercept, lambda, chunks, null, null);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            var gradient = new double[n];
            var hessian = new double[n * n];
            Evaluate(frame, label, rows, encoder, weights, intercept, lambda, chunks, gradient, hessian);
            var step = Solve(hessian, gradient, n);
            if (step is null)
            {
                break;
            }

            // Backtracking: halve the Newton step until the penalised loss does not increase.
            var t = 1.0;
            double newLoss = double.NaN;
            double[] candidate = new double[p];
            double candidateIntercept = intercept;
            for (var halving = 0; halving < 40; halving++)
            {
                for (var k = 0; k < p; k++)
                {
                    candidate[k] = weights[k] - t * step[k];
                }

                candidateIntercept = intercept - t * step[p];
                newLoss = Evaluate(frame, label, rows, encoder, candidate, candidateIntercept, lambda, chunks, null, null);
                if (newLoss <= loss + 1e-12 * Math.Abs(loss))
                {
                    break;
                }

                t /= 2;
            }

            if (!(newLoss <= loss + 1e-12 * Math.Abs(loss)))
            {
                break;
            }

            var largest = 0.0;
            for (var k = 0; k < n; k++)
            {
                largest = Math.Max(largest, Math.Abs(t * step[k]));
            }

            weights = candidate;
            intercept = candidateIntercept;
            var improvement = loss - newLoss;
            loss = newLoss;
            if (largest < 1e-8 || improvement <= 1e-13 * Math.Max(1, Math.Abs(loss)))
            {
                break;
            }
        }

        return new LogisticRegressionModel(new LogisticState(encoder, weights, intercept, lambda));
    }

    /// <summary>The log-odds of every row of the frame.</summary>
    internal double[] Raw(FeatureFrame frame) => Raw(frame, null);

    /// <summary>The log-odds of the given rows of the frame (all rows when null), in that order.</summary>
    internal double[] Raw(FeatureFrame frame, int[]? rows)
    {
        var count = rows?.Length ?? frame.Rows;
        var e = State.Encoder;
        var result = new double[count];
        Parallel.For(0, Chunks(count), chunk =>
        {
            Span<int> index = stackalloc int[e.MaxNonZero];
            Span<double> value = stackalloc double[e.MaxNonZero];
            var (from, to) = Range(count, Chunks(count), chunk);
            for (var i = from; i < to; i++)
            {
                var r = rows is null ? i : rows[i];
                var nnz = e.Encode(frame, r, index, value);
                var z = State.Intercept;
                for (var q = 0; q < nnz; q++)
                {
                    z += State.Weights[index[q]] * value[q];
                }

                result[i] = z;
            }
        });
        return result;
    }

    /// <summary>
    /// Each column's contribution to one row's log-odds: the weight times the centred value, summed over the column's
    /// encoded parts (standardised value and missing indicator, or one-hot levels and missing indicator).
    /// </summary>
    internal void Contributions(FeatureFrame frame, int row, Span<double> perColumn)
    {
        var e = State.Encoder;
        perColumn.Clear();
        for (var k = 0; k < e.Features; k++)
        {
            perColumn[e.ColumnOf[k]] -= State.Weights[k] * e.Means[k];
        }

        Span<int> index = stackalloc int[e.MaxNonZero];
        Span<double> value = stackalloc double[e.MaxNonZero];
        var nnz = e.Encode(frame, row, index, value);
        for (var q = 0; q < nnz; q++)
        {
            perColumn[e.ColumnOf[index[q]]] += State.Weights[index[q]] * value[q];
        }
    }

    /// <summary>The log-odds of a row whose every feature is at its training mean (the contributions' baseline).</summary>
    internal double Baseline()
    {
        var z = State.Intercept;
        for (var k = 0; k < State.Encoder.Features; k++)
        {
            z += State.Weights[k] * State.Encoder.Means[k];
        }

        return z;
    }

    internal static int Chunks(int rows) => Math.Clamp((rows + 8191) / 8192, 1, 16);

    internal static (int From, int To) Range(int count, int chunks, int chunk) =>
        ((int)((long)count * chunk / chunks), (int)((long)count * (chunk + 1) / chunks));

    private static double Evaluate(FeatureFrame frame, bool[] label, int[] rows, LogisticEncoder e, double[] w, double b, double lambda, int chunks,
        double[]? gradient, double[]? hessian)
    {
        var n = e.Features + 1;
        var losses = new double[chunks];
        var grads = gradient is null ? null : new double[chunks][];
        var hessians = hessian is null ? null : new double[chunks][];
        Parallel.For(0, chunks, chunk =>
        {
            Span<int> index = stackalloc int[e.MaxNonZero + 1];
            Span<double> value = stackalloc double[e.MaxNonZero + 1];
            var g = gradient is null ? null : new double[n];
            var h = hessian is null ? null : new double[n * n];
            var (from, to) = Range(rows.Length, chunks, chunk);
            var loss = 0.0;
            for (var i = from; i < to; i++)
            {
                var r = rows[i];
                var nnz = e.Encode(frame, r, index, value);
                var z = b;
                for (var q = 0; q < nnz; q++)
                {
                    z += w[index[q]] * value[q];
                }

                // log(1 + e^z) − y·z, computed stably.
                var y = label[r];
                loss += (z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z))) - (y ? z : 0);
                if (g is null)
                {
                    continue;
                }

                var mu = 1 / (1 + Math.Exp(-z));
                var residual = mu - (y ? 1 : 0);
                var s = Math.Max(mu * (1 - mu), 1e-12);
                index[nnz] = n - 1; // the intercept
                value[nnz] = 1;
                var m = nnz + 1;
                for (var q = 0; q < m; q++)
                {
                    var a = index[q];
                    var va = value[q];
                    g[a] += residual * va;
                    var sv = s * va;
                    var rowOffset = a * n;
                    for (var q2 = q; q2 < m; q2++)
                    {
                        var c = index[q2];
                        // Upper triangle only (symmetrised after the sum).
                        if (c >= a)
                        {
                            h![rowOffset + c] += sv * value[q2];
                        }
                        else
                        {
                            h![c * n + a] += sv * value[q2];
                        }
                    }
                }
            }

            losses[chunk] = loss;
            if (grads is not null)
            {
                grads[chunk] = g!;
                hessians![chunk] = h!;
            }
        });

        var total = 0.0;
        for (var c = 0; c < chunks; c++)
        {
            total += losses[c];
        }

        for (var k = 0; k < e.Features; k++)
        {
            total += 0.5 * lambda * w[k] * w[k];
        }

        if (gradient is null)
        {
            return total;
        }

        for (var c = 0; c < chunks; c++)
        {
            var g = grads![c];
            var h = hessians![c];
            for (var k = 0; k < n; k++)
            {
                gradient[k] += g[k];
            }

            for (var k = 0; k < h.Length; k++)
            {
                hessian![k] += h[k];
            }
        }

        for (var a = 0; a < n; a++)
        {
            for (var c = 0; c < a; c++)
            {
                hessian![a * n + c] = hessian[c * n + a];
            }
        }

        for (var k = 0; k < e.Features; k++)
        {
            gradient[k] += lambda * w[k];
            hessian![k * n + k] += lambda;
        }

        // A whisker of ridge on the intercept keeps the system solvable when one class is absent.
        hessian![(n - 1) * n + n - 1] += 1e-9;
        return total;
    }

    /// <summary>Solves H·x = g by Cholesky; null when H is not positive definite.</summary>
    private static double[]? Solve(double[] h, double[] g, int n)
    {
        var l = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = h[i * n + j];
                for (var k = 0; k < j; k++)
                {
                    sum -= l[i * n + k] * l[j * n + k];
                }

                if (i == j)
                {
                    if (sum <= 0 || double.IsNaN(sum))
                    {
                        return null;
                    }

                    l[i * n + i] = Math.Sqrt(sum);
                }
                else
                {
                    l[i * n + j] = sum / l[j * n + j];
                }
            }
        }

        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var sum = g[i];
            for (var k = 0; k < i; k++)
            {
                sum -= l[i * n + k] * y[k];
            }

            y[i] = sum / l[i * n + i];
        }

        var x = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = y[i];
            for (var k = i + 1; k < n; k++)
            {
                sum -= l[k * n + i] * x[k];
            }

            x[i] = sum / l[i * n + i];
        }

        return x;
    }
}

/// <summary>The fitted encoding and coefficients (what the model file keeps).</summary>
internal sealed record LogisticState(LogisticEncoder Encoder, double[] Weights, double Intercept, double Lambda);

/// <summary>
/// How each column becomes model features. Numeric column j: feature (x − mean)/sd with NaN → 0, and a missing indicator
/// if training saw a missing value. Categorical column j: one indicator per kept category, and a missing indicator.
/// </summary>
internal sealed class LogisticEncoder
{
    public LogisticEncoder(ColumnKind[] kinds, double[] mean, double[] scale, int[] valueFeature, int[] missingFeature, int[][] levelFeature, double[] means, int[] columnOf)
    {
        Kinds = kinds;
        Mean = mean;
        Scale = scale;
        ValueFeature = valueFeature;
        MissingFeature = missingFeature;
        LevelFeature = levelFeature;
        Means = means;
        ColumnOf = columnOf;
        Features = columnOf.Length;
        MaxNonZero = 2 * kinds.Length + 1;
    }

    public ColumnKind[] Kinds { get; }

    /// <summary>Numeric columns: the training mean of the present values (0 for categorical columns).</summary>
    public double[] Mean { get; }

    /// <summary>Numeric columns: the standard deviation of the present values (1 when it is 0).</summary>
    public double[] Scale { get; }

    /// <summary>Numeric columns: the feature index of the standardised value (−1 for categorical columns).</summary>
    public int[] ValueFeature { get; }

    /// <summary>The feature index of the missing indicator (−1 when training saw no missing value).</summary>
    public int[] MissingFeature { get; }

    /// <summary>Categorical columns: the feature index of each category code (−1 = not kept); empty for numeric columns.</summary>
    public int[][] LevelFeature { get; }

    /// <summary>The training mean of every feature (the centring of the contributions).</summary>
    public double[] Means { get; }

    /// <summary>The column each feature comes from.</summary>
    public int[] ColumnOf { get; }

    public int Features { get; }

    public int MaxNonZero { get; }

    public static LogisticEncoder Learn(FeatureFrame frame, int[] rows)
    {
        var columns = frame.Schema.Count;
        var kinds = new ColumnKind[columns];
        var mean = new double[columns];
        var scale = new double[columns];
        var valueFeature = new int[columns];
        var missingFeature = new int[columns];
        var levelFeature = new int[columns][];
        var columnOf = new List<int>();
        for (var j = 0; j < columns; j++)
        {
            kinds[j] = frame.Schema[j].Kind;
            valueFeature[j] = -1;
            missingFeature[j] = -1;
            levelFeature[j] = [];
            if (kinds[j] == ColumnKind.Numeric)
            {
                var x = frame.Numbers[j]!;
                double sum = 0, count = 0;
                var missing = false;
                foreach (var r in rows)
                {
                    var v = x[r];
                    if (double.IsNaN(v))
                    {
                        missing = true;
                        continue;
                    }

                    sum += v;
                    count++;
                }

                var m = count > 0 ? sum / count : 0;
                double ss = 0;
                foreach (var r in rows)
                {
                    var v = x[r];
                    if (!double.IsNaN(v))
                    {
                        ss += (v - m) * (v - m);
                    }
                }

                var sd = count > 1 ? Math.Sqrt(ss / count) : 0;
                mean[j] = m;
                scale[j] = sd > 1e-12 ? sd : 1;
                valueFeature[j] = columnOf.Count;
                columnOf.Add(j);
                if (missing)
                {
                    missingFeature[j] = columnOf.Count;
                    columnOf.Add(j);
                }
            }
            else
            {
                scale[j] = 1;
                var codes = frame.Codes[j]!;
                var counts = new int[frame.Schema[j].Categories.Count];
                var missing = false;
                foreach (var r in rows)
                {
                    var c = codes[r];
                    if (c >= 0)
                    {
                        counts[c]++;
                    }
                    else if (c == TabularDataset.MissingCode)
                    {
                        missing = true;
                    }
                }

                var order = Enumerable.Range(0, counts.Length).Where(c => counts[c] > 0)
                    .OrderByDescending(c => counts[c]).ThenBy(c => c).Take(LogisticRegressionModel.MaxLevels).OrderBy(c => c).ToArray();
                var map = new int[counts.Length];
                Array.Fill(map, -1);
                foreach (var c in order)
                {
                    map[c] = columnOf.Count;
                    columnOf.Add(j);
                }

                levelFeature[j] = map;
                if (missing)
                {
                    missingFeature[j] = columnOf.Count;
                    columnOf.Add(j);
                }
            }
        }

        var encoder = new LogisticEncoder(kinds, mean, scale, valueFeature, missingFeature, levelFeature, new double[columnOf.Count], columnOf.ToArray());
        Span<int> index = stackalloc int[encoder.MaxNonZero];
        Span<double> value = stackalloc double[encoder.MaxNonZero];
        var sums = new double[encoder.Features];
        foreach (var r in rows)
        {
            var nnz = encoder.Encode(frame, r, index, value);
            for (var q = 0; q < nnz; q++)
            {
                sums[index[q]] += value[q];
            }
        }

        for (var k = 0; k < sums.Length; k++)
        {
            encoder.Means[k] = rows.Length > 0 ? sums[k] / rows.Length : 0;
        }

        return encoder;
    }

    /// <summary>The non-zero features of a row, as (index, value) pairs; returns how many.</summary>
    public int Encode(FeatureFrame frame, int row, Span<int> index, Span<double> value)
    {
        var nnz = 0;
        for (var j = 0; j < Kinds.Length; j++)
        {
            if (Kinds[j] == ColumnKind.Numeric)
            {
                var v = frame.Numbers[j]![row];
                if (double.IsNaN(v))
                {
                    if (MissingFeature[j] >= 0)
                    {
                        index[nnz] = MissingFeature[j];
                        value[nnz++] = 1;
                    }
                }
                else
                {
                    var z = (v - Mean[j]) / Scale[j];
                    if (z != 0)
                    {
                        index[nnz] = ValueFeature[j];
                        value[nnz++] = z;
                    }
                }
            }
            else
            {
                var c = frame.Codes[j]![row];
                if (c >= 0)
                {
                    var levels = LevelFeature[j];
                    var f = c < levels.Length ? levels[c] : -1;
                    if (f >= 0)
                    {
                        index[nnz] = f;
                        value[nnz++] = 1;
                    }
                }
                else if (c == TabularDataset.MissingCode && MissingFeature[j] >= 0)
                {
                    index[nnz] = MissingFeature[j];
                    value[nnz++] = 1;
                }
            }
        }

        return nnz;
    }
}
