namespace Vinculo.Domain.Analytics.Modeling;

/// <summary>Settings of the gradient-boosted trees (the same for every table: nothing is tuned per data set).</summary>
public sealed record BoostingOptions
{
    public double LearningRate { get; init; } = 0.05;

    public int MaxIterations { get; init; } = 500;

    public int MaxLeafNodes { get; init; } = 31;

    public int MinSamplesLeaf { get; init; } = 20;

    public double L2 { get; init; } = 1.0;

    /// <summary>Share of the training rows held out (stratified) to stop early on their log-loss.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Stop when the validation log-loss has not improved for this many iterations.</summary>
    public int IterationsWithoutImprovement { get; init; } = 10;

    /// <summary>Early stopping is used when the training rows are at least this many (else all iterations run).</summary>
    public int MinRowsForEarlyStopping { get; init; } = 1_000;
}

/// <summary>
/// Maps column values to at most 255 bins (byte) per column, bin 255 holding missing values: numeric columns by
/// thresholds (midpoints between distinct values, or quantiles of a sample of up to 200,000 values when there are
/// more than 255), categorical columns by category (the 255 most frequent; rarer and unknown categories share the missing bin).
/// </summary>
internal sealed class Binner
{
    public const int MissingBin = 255;
    public const int MaxBins = 255;
    public const int SampleSize = 200_000;

    public Binner(double[]?[] edges, int[]?[] categoryBins)
    {
        Edges = edges;
        CategoryBins = categoryBins;
    }

    /// <summary>Numeric columns: bin i holds x ≤ Edges[i] (and above the previous edge); the last bin holds the rest.</summary>
    public double[]?[] Edges { get; }

    /// <summary>Categorical columns: the bin of each category code (255 = shares the missing bin).</summary>
    public int[]?[] CategoryBins { get; }

    public int Columns => Edges.Length;

    public bool IsCategorical(int j) => CategoryBins[j] is not null;

    public static Binner Learn(FeatureFrame frame, int[] rows, int seed)
    {
        var edges = new double[]?[frame.Schema.Count];
        var categoryBins = new int[]?[frame.Schema.Count];
        var sample = rows;
        if (rows.Length > SampleSize)
        {
            var random = new Random(seed);
            sample = (int[])rows.Clone();
            for (var i = 0; i < SampleSize; i++)
            {
                var k = i + random.Next(sample.Length - i);
                (sample[i], sample[k]) = (sample[k], sample[i]);
            }

            sample = sample[..SampleSize];
            Array.Sort(sample);
        }

        for (var j = 0; j < frame.Schema.Count; j++)
        {
            if (frame.Schema[j].Kind == ColumnKind.Numeric)
            {
                var x = frame.Numbers[j]!;
                var values = new List<double>(sample.Length);
                foreach (var r in sample)
                {
                    if (!double.IsNaN(x[r]))
                    {
                        values.Add(x[r]);
                    }
                }

                values.Sort();
                var distinct = new List<double>();
                foreach (var v in values)
                {
                    if (distinct.Count == 0 || distinct[^1] != v)
                    {
                        distinct.Add(v);
                    }
                }

                var e = new List<double>();
                if (distinct.Count <= MaxBins)
                {
                    for (var i = 0; i + 1 < distinct.Count; i++)
                    {
                        e.Add(distinct[i] + (distinct[i + 1] - distinct[i]) / 2);
                    }
                }
                else
                {
                    for (var q = 1; q < MaxBins; q++)
                    {
                        // The "midpoint" percentile of the sorted sample, as scikit-learn's binning does.
                        var position = q * (values.Count - 1) / (double)MaxBins;
                        var lo = (int)Math.Floor(position);
                        var hi = (int)Math.Ceiling(position);
                        var edge = values[lo] + (values[hi] - values[lo]) / 2;
                        if (e.Count == 0 || edge > e[^1])
                        {
                            e.Add(edge);
                        }
                    }

                    if (e.Count > 0 && e[^1] >= distinct[^1])
                    {
                        e.RemoveAt(e.Count - 1);
                    }
                }

                edges[j] = e.ToArray();
            }
            else
            {
                var codes = frame.Codes[j]!;
                var counts = new int[frame.Schema[j].Categories.Count];
                foreach (var r in rows)
                {
                    if (codes[r] >= 0)
                    {
                        counts[codes[r]]++;
                    }
                }

                var kept = Enumerable.Range(0, counts.Length).Where(c => counts[c] > 0)
                    .OrderByDescending(c => counts[c]).ThenBy(c => c).Take(MaxBins).OrderBy(c => c).ToArray();
                var map = new int[counts.Length];
                Array.Fill(map, MissingBin);
                for (var b = 0; b < kept.Length; b++)
                {
                    map[kept[b]] = b;
                }

                categoryBins[j] = map;
            }
        }

        return new Binner(edges, categoryBins);
    }

    /// <summary>The binned table: one byte array per column.</summary>
    public byte[][] Bin(FeatureFrame frame)
    {
        var result = new byte[Columns][];
        Parallel.For(0, Columns, j =>
        {
            var bins = new byte[frame.Rows];
            if (CategoryBins[j] is { } map)
            {
                var codes = frame.Codes[j]!;
                for (var r = 0; r < bins.Length; r++)
                {
                    var c = codes[r];
                    bins[r] = (byte)(c >= 0 && c < map.Length ? map[c] : MissingBin);
                }
            }
            else
            {
                var x = frame.Numbers[j]!;
                var e = Edges[j]!;
                for (var r = 0; r < bins.Length; r++)
                {
                    bins[r] = BinOf(e, x[r]);
                }
            }

            result[j] = bins;
        });
        return result;
    }

    public int BinCount(int j) => CategoryBins[j] is { } map ? Math.Min(MaxBins, map.Count(b => b != MissingBin)) : Edges[j]!.Length + 1;

    private static byte BinOf(double[] edges, double x)
    {
        if (double.IsNaN(x))
        {
            return MissingBin;
        }

        int lo = 0, hi = edges.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (x <= edges[mid])
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return (byte)lo;
    }
}

/// <summary>One regression tree over bins. Node 0 is the root; a leaf has Feature = −1.</summary>
internal sealed class Tree
{
    public Tree(int[] feature, int[] threshold, bool[] missingLeft, ulong[]?[] categoriesLeft, int[] left, int[] right, double[] value)
    {
        Feature = feature;
        Threshold = threshold;
        MissingLeft = missingLeft;
        CategoriesLeft = categoriesLeft;
        Left = left;
        Right = right;
        Value = value;
    }

    public int[] Feature { get; }

    /// <summary>Numeric splits: bins ≤ Threshold go left.</summary>
    public int[] Threshold { get; }

    /// <summary>Numeric splits: where missing values (bin 255) go.</summary>
    public bool[] MissingLeft { get; }

    /// <summary>Categorical splits: the bins that go left, as a 256-bit set (4 words); null for numeric splits and leaves.</summary>
    public ulong[]?[] CategoriesLeft { get; }

    public int[] Left { get; }

    public int[] Right { get; }

    /// <summary>Every node's value (already shrunk): a leaf's output, or what the node would output as a leaf (for path contributions).</summary>
    public double[] Value { get; }

    public bool GoesLeft(int node, int bin)
    {
        if (CategoriesLeft[node] is { } set)
        {
            return (set[bin >> 6] & (1UL << (bin & 63))) != 0;
        }

        return bin == Binner.MissingBin ? MissingLeft[node] : bin <= Threshold[node];
    }

    /// <summary>The leaf of a row given as its bins, one per column.</summary>
    public int Leaf(ReadOnlySpan<byte> row)
    {
        var node = 0;
        while (Feature[node] >= 0)
        {
            node = GoesLeft(node, row[Feature[node]]) ? Left[node] : Right[node];
        }

        return node;
    }

    public int Leaf(byte[][] bins, int row)
    {
        var node = 0;
        while (Feature[node] >= 0)
        {
            node = GoesLeft(node, bins[Feature[node]][row]) ? Left[node] : Right[node];
        }

        return node;
    }
}

/// <summary>
/// Histogram-based gradient-boosted trees for binary log-loss, in the manner of scikit-learn's
/// HistGradientBoostingClassifier: ≤255 bins per column plus a missing bin whose direction each split learns, native
/// categorical splits (categories ordered by gradient/hessian ratio), best-first (leaf-wise) growth up to a number of
/// leaves, shrinkage, L2 on leaf values, a minimum of rows per leaf, and early stopping on a stratified validation share.
/// </summary>
public sealed class GradientBoostingModel
{
    private const double MinHessian = 1e-3;
    private const double CategorySmoothing = 10;

    internal GradientBoostingModel(Binner binner, double initial, IReadOnlyList<Tree> trees, int validationRows, double? validationLoss)
    {
        Binner = binner;
        Initial = initial;
        Trees = trees;
        ValidationRows = validationRows;
        ValidationLoss = validationLoss;
    }

    internal Binner Binner { get; }

    internal double Initial { get; }

    internal IReadOnlyList<Tree> Trees { get; }

    internal int ValidationRows { get; }

    internal double? ValidationLoss { get; }

    public int Iterations => Trees.Count;

    /// <summary>The average of models fitted on the same bins (a bag): every tree's values divided by their number.</summary>
    internal static GradientBoostingModel Average(IReadOnlyList<GradientBoostingModel> models)
    {
        var k = models.Count;
        var trees = new List<Tree>();
        foreach (var model in models)
        {
            foreach (var t in model.Trees)
            {
                trees.Add(new Tree(t.Feature, t.Threshold, t.MissingLeft, t.CategoriesLeft, t.Left, t.Right, t.Value.Select(v => v / k).ToArray()));
            }
        }

        return new GradientBoostingModel(models[0].Binner, models.Average(m => m.Initial), trees, models.Sum(m => m.ValidationRows),
            models.All(m => m.ValidationLoss is not null) ? models.Average(m => m.ValidationLoss!.Value) : null);
    }

    /// <summary>Fits on the given rows of an already binned table (<paramref name="bins"/> made by <paramref name="binner"/>).</summary>
    internal static GradientBoostingModel Fit(Binner binner, byte[][] bins, bool[] label, int[] rows, BoostingOptions options, int seed)
    {
        int[] train = rows;
        int[] valid = [];
        if (rows.Length >= options.MinRowsForEarlyStopping && options.ValidationFraction > 0)
        {
            (train, valid) = Sampling.StratifiedHoldOut(rows, label, options.ValidationFraction, seed);
        }

        var features = binner.Columns;
        var n = train.Length;
        // Contiguous copies of the training rows' bins (cache-friendly histograms).
        var trainBins = new byte[features][];
        Parallel.For(0, features, f =>
        {
            var src = bins[f];
            var dst = new byte[n];
            for (var i = 0; i < n; i++)
            {
                dst[i] = src[train[i]];
            }

            trainBins[f] = dst;
        });
        var validBins = new byte[features][];
        for (var f = 0; f < features; f++)
        {
            var src = bins[f];
            var dst = new byte[valid.Length];
            for (var i = 0; i < valid.Length; i++)
            {
                dst[i] = src[valid[i]];
            }

            validBins[f] = dst;
        }

        var y = new double[n];
        var positives = 0.0;
        for (var i = 0; i < n; i++)
        {
            y[i] = label[train[i]] ? 1 : 0;
            positives += y[i];
        }

        var rate = Math.Clamp(n > 0 ? positives / n : 0.5, 1e-6, 1 - 1e-6);
        var initial = Math.Log(rate / (1 - rate));
        var raw = new double[n];
        Array.Fill(raw, initial);
        var validRaw = new double[valid.Length];
        Array.Fill(validRaw, initial);
        var validY = new bool[valid.Length];
        for (var i = 0; i < valid.Length; i++)
        {
            validY[i] = label[valid[i]];
        }

        var isCategorical = new bool[features];
        var binCounts = new int[features];
        for (var f = 0; f < features; f++)
        {
            isCategorical[f] = binner.IsCategorical(f);
            binCounts[f] = binner.BinCount(f);
        }

        var grower = new TreeGrower(trainBins, isCategorical, binCounts, options);
        var gradient = new double[n];
        var hessian = new double[n];
        var trees = new List<Tree>();
        var bestLoss = valid.Length > 0 ? LogLoss(validRaw, validY) : double.PositiveInfinity;
        var bestCount = 0;
        var sinceBest = 0;
        for (var iteration = 0; iteration < options.MaxIterations; iteration++)
        {
            for (var i = 0; i < n; i++)
            {
                var p = 1 / (1 + Math.Exp(-raw[i]));
                gradient[i] = p - y[i];
                hessian[i] = Math.Max(p * (1 - p), 1e-16);
            }

            var tree = grower.Grow(gradient, hessian, raw);
            if (tree is null)
            {
                break;
            }

            trees.Add(tree);
            if (valid.Length == 0)
            {
                bestCount = trees.Count;
                continue;
            }

            for (var i = 0; i < valid.Length; i++)
            {
                validRaw[i] += tree.Value[tree.Leaf(validBins, i)];
            }

            var loss = LogLoss(validRaw, validY);
            if (loss < bestLoss - 1e-7)
            {
                bestLoss = loss;
                bestCount = trees.Count;
                sinceBest = 0;
            }
            else if (++sinceBest >= options.IterationsWithoutImprovement)
            {
                break;
            }
        }

        return new GradientBoostingModel(binner, initial, trees.GetRange(0, bestCount), valid.Length,
            valid.Length > 0 ? bestLoss : null);
    }

    /// <summary>The log-odds of every row of a binned table.</summary>
    internal double[] Raw(byte[][] bins, int rows) => Raw(bins, rows, null);

    /// <summary>The log-odds of the given rows of a binned table (the first <paramref name="count"/> rows when null), in that order.</summary>
    internal double[] Raw(byte[][] bins, int[] rows) => Raw(bins, rows.Length, rows);

    private double[] Raw(byte[][] bins, int count, int[]? rows)
    {
        const int Block = 512;
        var result = new double[count];
        var features = bins.Length;
        var chunks = LogisticRegressionModel.Chunks(count);
        Parallel.For(0, chunks, chunk =>
        {
            // Rows in blocks, each block's bins copied row-major, trees outside rows: the tree and the block stay in cache.
            var block = new byte[Block * Math.Max(1, features)];
            var (from, to) = LogisticRegressionModel.Range(count, chunks, chunk);
            for (var start = from; start < to; start += Block)
            {
                var end = Math.Min(to, start + Block);
                for (var f = 0; f < features; f++)
                {
                    var column = bins[f];
                    for (var i = start; i < end; i++)
                    {
                        block[(i - start) * features + f] = column[rows is null ? i : rows[i]];
                    }
                }

                for (var i = start; i < end; i++)
                {
                    result[i] = Initial;
                }

                foreach (var tree in Trees)
                {
                    for (var i = start; i < end; i++)
                    {
                        result[i] += tree.Value[tree.Leaf(block.AsSpan((i - start) * features, features))];
                    }
                }
            }
        });
        return result;
    }

    /// <summary>
    /// Path contributions (Saabas): along each tree's path, the change of the node value is credited to the split's
    /// column. The contributions plus <see cref="Baseline"/> add up to the row's log-odds.
    /// </summary>
    internal void Contributions(byte[][] bins, int row, Span<double> perColumn)
    {
        perColumn.Clear();
        foreach (var tree in Trees)
        {
            var node = 0;
            while (tree.Feature[node] >= 0)
            {
                var f = tree.Feature[node];
                var next = tree.GoesLeft(node, bins[f][row]) ? tree.Left[node] : tree.Right[node];
                perColumn[f] += tree.Value[next] - tree.Value[node];
                node = next;
            }
        }
    }

    internal double Baseline()
    {
        var z = Initial;
        foreach (var tree in Trees)
        {
            z += tree.Value[0];
        }

        return z;
    }

    private static double LogLoss(double[] raw, bool[] y)
    {
        var sum = 0.0;
        for (var i = 0; i < raw.Length; i++)
        {
            var z = raw[i];
            sum += (z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z))) - (y[i] ? z : 0);
        }

        return raw.Length > 0 ? sum / raw.Length : 0;
    }

    /// <summary>Grows one tree best-first on the training rows' histograms.</summary>
    private sealed class TreeGrower
    {
        private const int Slots = 256;
        private readonly byte[][] _bins;
        private readonly bool[] _categorical;
        private readonly int[] _binCounts;
        private readonly BoostingOptions _options;
        private readonly int[] _indices;
        private readonly int[] _buffer;
        private readonly double[] _orderedG;
        private readonly double[] _orderedH;

        public TreeGrower(byte[][] bins, bool[] categorical, int[] binCounts, BoostingOptions options)
        {
            _bins = bins;
            _categorical = categorical;
            _binCounts = binCounts;
            _options = options;
            var n = bins.Length > 0 ? bins[0].Length : 0;
            _indices = new int[n];
            _buffer = new int[n];
            _orderedG = new double[n];
            _orderedH = new double[n];
        }

        private int Features => _bins.Length;

        public Tree? Grow(double[] gradient, double[] hessian, double[] raw)
        {
            var n = _indices.Length;
            if (n == 0 || Features == 0)
            {
                return null;
            }

            for (var i = 0; i < n; i++)
            {
                _indices[i] = i;
            }

            var feature = new List<int>();
            var threshold = new List<int>();
            var missingLeft = new List<bool>();
            var categories = new List<ulong[]?>();
            var left = new List<int>();
            var right = new List<int>();
            var value = new List<double>();
            int AddNode(double g, double h)
            {
                feature.Add(-1);
                threshold.Add(0);
                missingLeft.Add(false);
                categories.Add(null);
                left.Add(-1);
                right.Add(-1);
                value.Add(-_options.LearningRate * g / (h + _options.L2));
                return feature.Count - 1;
            }

            var root = new Leaf(0, n, AddNode(Sum(gradient), Sum(hessian)), Histogram(gradient, hessian, 0, n));
            root.G = Sum(gradient);
            root.H = Sum(hessian);
            FindSplit(root);
            var open = new List<Leaf> { root };
            var leaves = 1;
            while (leaves < _options.MaxLeafNodes)
            {
                Leaf? best = null;
                foreach (var leaf in open)
                {
                    if (leaf.Split is { } s && s.Gain > 1e-12 && (best is null || s.Gain > best.Split!.Gain))
                    {
                        best = leaf;
                    }
                }

                if (best is null)
                {
                    break;
                }

                var split = best.Split!;
                open.Remove(best);
                var middle = Partition(best, split);
                var leftLeaf = new Leaf(best.Start, middle, AddNode(split.LeftG, split.LeftH), null) { G = split.LeftG, H = split.LeftH };
                var rightLeaf = new Leaf(middle, best.End, AddNode(best.G - split.LeftG, best.H - split.LeftH), null)
                {
                    G = best.G - split.LeftG,
                    H = best.H - split.LeftH,
                };
                var node = best.Node;
                feature[node] = split.Feature;
                threshold[node] = split.Threshold;
                missingLeft[node] = split.MissingLeft;
                categories[node] = split.CategoriesLeft;
                left[node] = leftLeaf.Node;
                right[node] = rightLeaf.Node;

                // Histogram of the smaller child; the larger one's is the parent's minus it.
                var (small, large) = leftLeaf.Count <= rightLeaf.Count ? (leftLeaf, rightLeaf) : (rightLeaf, leftLeaf);
                small.Hist = Histogram(gradient, hessian, small.Start, small.End);
                large.Hist = best.Hist!.Subtract(small.Hist);
                best.Hist = null;
                FindSplit(leftLeaf);
                FindSplit(rightLeaf);
                open.Add(leftLeaf);
                open.Add(rightLeaf);
                leaves++;
            }

            // The rows' log-odds move by their leaf's value.
            foreach (var leaf in open)
            {
                var v = value[leaf.Node];
                for (var i = leaf.Start; i < leaf.End; i++)
                {
                    raw[_indices[i]] += v;
                }
            }

            return new Tree(feature.ToArray(), threshold.ToArray(), missingLeft.ToArray(), categories.ToArray(), left.ToArray(), right.ToArray(), value.ToArray());
        }

        private static double Sum(double[] values)
        {
            var s = 0.0;
            foreach (var v in values)
            {
                s += v;
            }

            return s;
        }

        private Hist Histogram(double[] gradient, double[] hessian, int start, int end)
        {
            var hist = new Hist(Features);
            var count = end - start;
            for (var i = start; i < end; i++)
            {
                var r = _indices[i];
                _orderedG[i] = gradient[r];
                _orderedH[i] = hessian[r];
            }

            void Build(int f)
            {
                var bins = _bins[f];
                var offset = f * Slots;
                var g = hist.G;
                var h = hist.H;
                var c = hist.C;
                for (var i = start; i < end; i++)
                {
                    var b = offset + bins[_indices[i]];
                    g[b] += _orderedG[i];
                    h[b] += _orderedH[i];
                    c[b]++;
                }
            }

            if ((long)count * Features >= 200_000)
            {
                Parallel.For(0, Features, Build);
            }
            else
            {
                for (var f = 0; f < Features; f++)
                {
                    Build(f);
                }
            }

            return hist;
        }

        private int Partition(Leaf leaf, SplitInfo split)
        {
            var bins = _bins[split.Feature];
            var l = leaf.Start;
            var r = 0;
            for (var i = leaf.Start; i < leaf.End; i++)
            {
                var row = _indices[i];
                if (GoesLeft(split, bins[row]))
                {
                    _indices[l++] = row;
                }
                else
                {
                    _buffer[r++] = row;
                }
            }

            Array.Copy(_buffer, 0, _indices, l, r);
            return l;
        }

        private static bool GoesLeft(SplitInfo split, int bin)
        {
            if (split.CategoriesLeft is { } set)
            {
                return (set[bin >> 6] & (1UL << (bin & 63))) != 0;
            }

            return bin == Binner.MissingBin ? split.MissingLeft : bin <= split.Threshold;
        }

        private void FindSplit(Leaf leaf)
        {
            leaf.Split = null;
            var minLeaf = _options.MinSamplesLeaf;
            if (leaf.Count < 2 * minLeaf)
            {
                return;
            }

            var lambda = _options.L2;
            var parentScore = leaf.G * leaf.G / (leaf.H + lambda);
            var splits = new SplitInfo?[Features];
            void Search(int f)
            {
                splits[f] = _categorical[f] ? Categorical(leaf, f, parentScore) : Numeric(leaf, f, parentScore);
            }

            if (leaf.Count * (long)Features >= 200_000)
            {
                Parallel.For(0, Features, Search);
            }
            else
            {
                for (var f = 0; f < Features; f++)
                {
                    Search(f);
                }
            }

            foreach (var s in splits)
            {
                if (s is not null && (leaf.Split is null || s.Gain > leaf.Split.Gain))
                {
                    leaf.Split = s;
                }
            }
        }

        private SplitInfo? Numeric(Leaf leaf, int f, double parentScore)
        {
            var hist = leaf.Hist!;
            var offset = f * Slots;
            var lambda = _options.L2;
            var minLeaf = _options.MinSamplesLeaf;
            var gm = hist.G[offset + Binner.MissingBin];
            var hm = hist.H[offset + Binner.MissingBin];
            var cm = hist.C[offset + Binner.MissingBin];
            var nb = _binCounts[f];
            SplitInfo? best = null;
            double gl = 0, hl = 0;
            var cl = 0;
            // Thresholds t: bins ≤ t go left. With missing values at the node, also try sending them left; t = nb − 1
            // (all present values left) with missing right separates missing from present.
            for (var t = 0; t < nb; t++)
            {
                gl += hist.G[offset + t];
                hl += hist.H[offset + t];
                cl += hist.C[offset + t];
                for (var withMissing = 0; withMissing < (cm > 0 ? 2 : 1); withMissing++)
                {
                    if (t == nb - 1 && (cm == 0 || withMissing == 1))
                    {
                        continue;
                    }

                    var lg = gl + (withMissing == 1 ? gm : 0);
                    var lh = hl + (withMissing == 1 ? hm : 0);
                    var lc = cl + (withMissing == 1 ? cm : 0);
                    var rc = leaf.Count - lc;
                    if (lc < minLeaf || rc < minLeaf)
                    {
                        continue;
                    }

                    var rg = leaf.G - lg;
                    var rh = leaf.H - lh;
                    if (lh < MinHessian || rh < MinHessian)
                    {
                        continue;
                    }

                    var gain = lg * lg / (lh + lambda) + rg * rg / (rh + lambda) - parentScore;
                    if (best is null || gain > best.Gain)
                    {
                        // Without missing values here, unseen missing values follow the larger child.
                        var missingLeft = cm > 0 ? withMissing == 1 : lc >= rc;
                        best = new SplitInfo(f, gain, t, missingLeft, null, lg, lh);
                    }
                }
            }

            return best;
        }

        private SplitInfo? Categorical(Leaf leaf, int f, double parentScore)
        {
            var hist = leaf.Hist!;
            var offset = f * Slots;
            var lambda = _options.L2;
            var minLeaf = _options.MinSamplesLeaf;
            Span<int> present = stackalloc int[Slots];
            Span<double> ratio = stackalloc double[Slots];
            var m = 0;
            for (var b = 0; b < Slots; b++)
            {
                if (hist.C[offset + b] > 0)
                {
                    present[m] = b;
                    ratio[m] = hist.G[offset + b] / (hist.H[offset + b] + CategorySmoothing);
                    m++;
                }
            }

            if (m < 2)
            {
                return null;
            }

            // Insertion sort by ratio, ties by bin (deterministic).
            for (var i = 1; i < m; i++)
            {
                var pb = present[i];
                var pr = ratio[i];
                var k = i - 1;
                while (k >= 0 && (ratio[k] > pr || (ratio[k] == pr && present[k] > pb)))
                {
                    present[k + 1] = present[k];
                    ratio[k + 1] = ratio[k];
                    k--;
                }

                present[k + 1] = pb;
                ratio[k + 1] = pr;
            }

            SplitInfo? best = null;
            var bestPrefix = 0;
            double gl = 0, hl = 0;
            var cl = 0;
            for (var i = 0; i < m - 1; i++)
            {
                var b = present[i];
                gl += hist.G[offset + b];
                hl += hist.H[offset + b];
                cl += hist.C[offset + b];
                var rc = leaf.Count - cl;
                if (cl < minLeaf || rc < minLeaf)
                {
                    continue;
                }

                var rg = leaf.G - gl;
                var rh = leaf.H - hl;
                if (hl < MinHessian || rh < MinHessian)
                {
                    continue;
                }

                var gain = gl * gl / (hl + lambda) + rg * rg / (rh + lambda) - parentScore;
                if (best is null || gain > best.Gain)
                {
                    best = new SplitInfo(f, gain, 0, false, null, gl, hl);
                    bestPrefix = i + 1;
                }
            }

            if (best is null)
            {
                return null;
            }

            var set = new ulong[4];
            for (var i = 0; i < bestPrefix; i++)
            {
                set[present[i] >> 6] |= 1UL << (present[i] & 63);
            }

            return best with { CategoriesLeft = set, MissingLeft = (set[3] & (1UL << 63)) != 0 };
        }

        private sealed class Leaf(int start, int end, int node, Hist? hist)
        {
            public int Start { get; } = start;

            public int End { get; } = end;

            public int Count => End - Start;

            public int Node { get; } = node;

            public Hist? Hist { get; set; } = hist;

            public double G { get; set; }

            public double H { get; set; }

            public SplitInfo? Split { get; set; }
        }

        private sealed class Hist(int features)
        {
            public double[] G { get; } = new double[features * Slots];

            public double[] H { get; } = new double[features * Slots];

            public int[] C { get; } = new int[features * Slots];

            public Hist Subtract(Hist other)
            {
                var result = new Hist(G.Length / Slots);
                for (var i = 0; i < G.Length; i++)
                {
                    result.G[i] = G[i] - other.G[i];
                    result.H[i] = H[i] - other.H[i];
                    result.C[i] = C[i] - other.C[i];
                }

                return result;
            }
        }

        private sealed record SplitInfo(int Feature, double Gain, int Threshold, bool MissingLeft, ulong[]? CategoriesLeft, double LeftG, double LeftH);
    }
}
