namespace Vinculo.Domain.Analytics.Segmentation;

/// <summary>Settings of one k-means fit.</summary>
public sealed record KMeansOptions
{
    /// <summary>Independent k-means++ initialisations; the fit with the lowest inertia wins (scikit-learn's n_init).</summary>
    public int Initializations { get; init; } = 3;

    /// <summary>Lloyd iterations per initialisation at most.</summary>
    public int MaxIterations { get; init; } = 300;

    /// <summary>
    /// Convergence when the summed squared centroid shift falls to Tolerance × the mean feature variance
    /// (scikit-learn's tol), or when no point changes cluster.
    /// </summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>Seed of the pseudo-random generator: the same data, k and seed always give the same result.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Use several cores. Results are identical either way (sums are reduced in a fixed chunk order).</summary>
    public bool Parallel { get; init; } = true;
}

/// <summary>
/// A fitted k-means model. Clusters are numbered by size, largest first (ties by centroid order), so the
/// numbering is stable. <see cref="Centroids"/> is row-major: centroid c's feature j is at c × Dimensions + j.
/// </summary>
public sealed class KMeansModel
{
    internal KMeansModel(int k, int dimensions, double[] centroids, int[] assignments, int[] sizes, double inertia, int iterations)
    {
        K = k;
        Dimensions = dimensions;
        Centroids = centroids;
        Assignments = assignments;
        Sizes = sizes;
        Inertia = inertia;
        Iterations = iterations;
    }

    public int K { get; }

    public int Dimensions { get; }

    public double[] Centroids { get; }

    /// <summary>The cluster of each point of the data the model was fitted on.</summary>
    public int[] Assignments { get; }

    public int[] Sizes { get; }

    /// <summary>Sum of squared distances of the points to their centroid.</summary>
    public double Inertia { get; }

    /// <summary>Lloyd iterations of the winning initialisation.</summary>
    public int Iterations { get; }

    /// <summary>The nearest centroid of a point (ties to the lower cluster number).</summary>
    public int Predict(ReadOnlySpan<double> point)
    {
        if (point.Length != Dimensions)
        {
            throw new ArgumentException("The point has the wrong number of dimensions.", nameof(point));
        }

        return KMeans.Nearest(point, Centroids, K, out _);
    }

    /// <summary>The nearest centroid of every point of a flat row-major array.</summary>
    public int[] Predict(double[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var n = data.Length / Dimensions;
        var result = new int[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = KMeans.Nearest(data.AsSpan(i * Dimensions, Dimensions), Centroids, K, out _);
        }

        return result;
    }
}

/// <summary>
/// k-means (Lloyd's algorithm) with greedy k-means++ seeding as scikit-learn does it (2 + ⌊ln k⌋ candidates per
/// centre, keeping the one that lowers the potential most), several initialisations and the lowest inertia kept.
/// Work is split into fixed chunks of points whose partial sums are combined in chunk order, so the result does
/// not depend on the number of cores. Cost: O(n·k·d) per iteration and per seeding step, memory O(n) beyond the data.
/// </summary>
public static class KMeans
{
    internal const int ChunkSize = 8192;

    /// <summary>Clusters <paramref name="data"/> (n points × <paramref name="dimensions"/>, row-major) into k clusters.</summary>
    public static KMeansModel Fit(double[] data, int dimensions, int k, KMeansOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (data.Length % dimensions != 0)
        {
            throw new ArgumentException("The data length is not a multiple of the number of dimensions.", nameof(data));
        }

        var n = data.Length / dimensions;
        if (n < k)
        {
            throw new ArgumentException($"k-means with k = {k} needs at least {k} points; there are {n}.", nameof(data));
        }

        options ??= new KMeansOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Initializations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxIterations, 1);

        var random = new SplitMix64(options.Seed);
        var tolerance = options.Tolerance * MeanVariance(data, dimensions);
        var work = new Workspace(data, dimensions, k, options.Parallel);

        double[]? bestCentroids = null;
        int[]? bestAssignments = null;
        var bestInertia = double.PositiveInfinity;
        var bestIterations = 0;
        for (var init = 0; init < options.Initializations; init++)
        {
            var centroids = SeedPlusPlus(work, random);
            var assignments = new int[n];
            var (inertia, iterations) = Lloyd(work, centroids, assignments, options.MaxIterations, tolerance);
            if (inertia < bestInertia)
            {
                bestInertia = inertia;
                bestCentroids = centroids;
                bestAssignments = assignments;
                bestIterations = iterations;
            }
        }

        return Relabel(k, dimensions, bestCentroids!, bestAssignments!, bestInertia, bestIterations);
    }

    internal static int Nearest(ReadOnlySpan<double> point, double[] centroids, int k, out double distance)
    {
        var d = point.Length;
        var best = 0;
        var bestDistance = double.PositiveInfinity;
        for (var c = 0; c < k; c++)
        {
            var centre = centroids.AsSpan(c * d, d);
            var sum = 0.0;
            for (var j = 0; j < d; j++)
            {
                var diff = point[j] - centre[j];
                sum += diff * diff;
            }

            if (sum < bestDistance)
            {
                bestDistance = sum;
                best = c;
            }
        }

        distance = bestDistance;
        return best;
    }

    internal static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        for (var j = 0; j < a.Length; j++)
        {
            var diff = a[j] - b[j];
            sum += diff * diff;
        }

        return sum;
    }

    private static double MeanVariance(double[] data, int d)
    {
        var n = data.Length / d;
        var mean = new double[d];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < d; j++)
            {
                mean[j] += data[i * d + j];
            }
        }

        for (var j = 0; j < d; j++)
        {
            mean[j] /= n;
        }

        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < d; j++)
            {
                var diff = data[i * d + j] - mean[j];
                total += diff * diff;
            }
        }

        return total / n / d;
    }

    private static double[] SeedPlusPlus(Workspace work, SplitMix64 random)
    {
        var (data, d, k, n) = (work.Data, work.Dimensions, work.K, work.Points);
        var centroids = new double[k * d];
        var closest = work.Closest;
        var candidateDistances = work.Candidate;
        var bestDistances = work.BestCandidate;
        var chunkSums = work.ChunkSums;
        var trials = 2 + (int)Math.Log(k);

        var first = random.NextInt(n);
        Array.Copy(data, first * d, centroids, 0, d);
        var potential = work.ForChunks((start, end) =>
        {
            var centre = centroids.AsSpan(0, d);
            var sum = 0.0;
            for (var i = start; i < end; i++)
            {
                var dist = SquaredDistance(data.AsSpan(i * d, d), centre);
                closest[i] = dist;
                sum += dist;
            }

            return sum;
        }, chunkSums);

        for (var c = 1; c < k; c++)
        {
            var bestCandidate = -1;
            var bestPotential = double.PositiveInfinity;
            var bestChunkSums = work.BestChunkSums;
            for (var t = 0; t < trials; t++)
            {
                var candidate = potential > 0 ? SampleByWeight(closest, chunkSums, potential * random.NextDouble()) : random.NextInt(n);
                var candidateStart = candidate * d;
                var trialSums = work.TrialChunkSums;
                var trialPotential = work.ForChunks((start, end) =>
                {
                    var centre = data.AsSpan(candidateStart, d);
                    var sum = 0.0;
                    for (var i = start; i < end; i++)
                    {
                        var dist = Math.Min(closest[i], SquaredDistance(data.AsSpan(i * d, d), centre));
                        candidateDistances[i] = dist;
                        sum += dist;
                    }

                    return sum;
                }, trialSums);

                if (trialPotential < bestPotential)
                {
                    bestPotential = trialPotential;
                    bestCandidate = candidate;
                    Array.Copy(candidateDistances, bestDistances, n);
                    Array.Copy(trialSums, bestChunkSums, trialSums.Length);
                }
            }

            Array.Copy(data, bestCandidate * d, centroids, c * d, d);
            Array.Copy(bestDistances, closest, n);
            Array.Copy(bestChunkSums, chunkSums, chunkSums.Length);
            potential = bestPotential;
        }

        return centroids;
    }

    private static int SampleByWeight(double[] weights, double[] chunkSums, double target)
    {
        var chunk = 0;
        while (chunk < chunkSums.Length - 1 && target >= chunkSums[chunk])
        {
            target -= chunkSums[chunk];
            chunk++;
        }

        var start = chunk * ChunkSize;
        var end = Math.Min(weights.Length, start + ChunkSize);
        var lastPositive = -1;
        for (var i = start; i < end; i++)
        {
            if (weights[i] > 0)
            {
                lastPositive = i;
                if (target < weights[i])
                {
                    return i;
                }

                target -= weights[i];
            }
        }

        if (lastPositive >= 0)
        {
            return lastPositive;
        }

        // Rounding left the target past a chunk with no weight: take the last point with any weight.
        for (var i = weights.Length - 1; i >= 0; i--)
        {
            if (weights[i] > 0)
            {
                return i;
            }
        }

        return 0;
    }

    private static (double Inertia, int Iterations) Lloyd(Workspace work, double[] centroids, int[] assignments, int maxIterations, double tolerance)
    {
        var (d, k) = (work.Dimensions, work.K);
        var updated = new double[k * d];
        var counts = new long[k];
        var iterations = 0;
        var first = true;
        while (true)
        {
            var (inertia, changes) = work.AssignAndAccumulate(centroids, assignments, updated, counts, first);
            first = false;
            if (iterations > 0 && changes == 0)
            {
                return (inertia, iterations);
            }

            if (iterations == maxIterations)
            {
                return (inertia, iterations);
            }

            iterations++;
            for (var c = 0; c < k; c++)
            {
                if (counts[c] == 0)
                {
                    continue;
                }

                for (var j = 0; j < d; j++)
                {
                    updated[c * d + j] /= counts[c];
                }
            }

            RelocateEmpty(work, centroids, assignments, updated, counts);
            var shift = 0.0;
            for (var i = 0; i < updated.Length; i++)
            {
                var diff = updated[i] - centroids[i];
                shift += diff * diff;
            }

            Array.Copy(updated, centroids, updated.Length);
            if (shift <= tolerance)
            {
                // Converged on the shift: one last assignment so labels and inertia match the final centroids.
                var (finalInertia, _) = work.AssignAndAccumulate(centroids, assignments, updated, counts, false);
                return (finalInertia, iterations);
            }
        }
    }

    private static void RelocateEmpty(Workspace work, double[] centroids, int[] assignments, double[] updated, long[] counts)
    {
        var (data, d, k, n) = (work.Data, work.Dimensions, work.K, work.Points);
        var empty = 0;
        for (var c = 0; c < k; c++)
        {
            if (counts[c] == 0)
            {
                empty++;
            }
        }

        if (empty == 0)
        {
            return;
        }

        // As scikit-learn: an empty cluster moves to the point farthest from its current centroid.
        var distances = work.Candidate;
        for (var i = 0; i < n; i++)
        {
            distances[i] = SquaredDistance(data.AsSpan(i * d, d), centroids.AsSpan(assignments[i] * d, d));
        }

        for (var c = 0; c < k; c++)
        {
            if (counts[c] != 0)
            {
                continue;
            }

            var far = 0;
            for (var i = 1; i < n; i++)
            {
                if (distances[i] > distances[far])
                {
                    far = i;
                }
            }

            Array.Copy(data, far * d, updated, c * d, d);
            distances[far] = -1;
        }
    }

    private static KMeansModel Relabel(int k, int d, double[] centroids, int[] assignments, double inertia, int iterations)
    {
        var sizes = new int[k];
        foreach (var a in assignments)
        {
            sizes[a]++;
        }

        var order = new int[k];
        for (var c = 0; c < k; c++)
        {
            order[c] = c;
        }

        Array.Sort(order, (a, b) => sizes[a] != sizes[b] ? sizes[b].CompareTo(sizes[a]) : a.CompareTo(b));
        var newIndex = new int[k];
        var newCentroids = new double[k * d];
        var newSizes = new int[k];
        for (var c = 0; c < k; c++)
        {
            newIndex[order[c]] = c;
            Array.Copy(centroids, order[c] * d, newCentroids, c * d, d);
            newSizes[c] = sizes[order[c]];
        }

        for (var i = 0; i < assignments.Length; i++)
        {
            assignments[i] = newIndex[assignments[i]];
        }

        return new KMeansModel(k, d, newCentroids, assignments, newSizes, inertia, iterations);
    }

    /// <summary>Buffers shared by the initialisations of one fit.</summary>
    private sealed class Workspace
    {
        private readonly bool _parallel;
        private readonly double[][] _chunkCentroidSums;
        private readonly long[][] _chunkCounts;
        private readonly double[] _chunkInertia;
        private readonly long[] _chunkChanges;

        public Workspace(double[] data, int dimensions, int k, bool parallel)
        {
            Data = data;
            Dimensions = dimensions;
            K = k;
            Points = data.Length / dimensions;
            _parallel = parallel;
            Chunks = (Points + ChunkSize - 1) / ChunkSize;
            Closest = new double[Points];
            Candidate = new double[Points];
            BestCandidate = new double[Points];
            ChunkSums = new double[Chunks];
            TrialChunkSums = new double[Chunks];
            BestChunkSums = new double[Chunks];
            _chunkCentroidSums = new double[Chunks][];
            _chunkCounts = new long[Chunks][];
            for (var c = 0; c < Chunks; c++)
            {
                _chunkCentroidSums[c] = new double[k * dimensions];
                _chunkCounts[c] = new long[k];
            }

            _chunkInertia = new double[Chunks];
            _chunkChanges = new long[Chunks];
        }

        public double[] Data { get; }

        public int Dimensions { get; }

        public int K { get; }

        public int Points { get; }

        public int Chunks { get; }

        public double[] Closest { get; }

        public double[] Candidate { get; }

        public double[] BestCandidate { get; }

        public double[] ChunkSums { get; }

        public double[] TrialChunkSums { get; }

        public double[] BestChunkSums { get; }

        /// <summary>Runs <paramref name="body"/> on every chunk, stores each chunk's result and returns their ordered sum.</summary>
        public double ForChunks(Func<int, int, double> body, double[] results)
        {
            void Run(int chunk)
            {
                var start = chunk * ChunkSize;
                results[chunk] = body(start, Math.Min(Points, start + ChunkSize));
            }

            if (_parallel && Chunks > 1)
            {
                System.Threading.Tasks.Parallel.For(0, Chunks, Run);
            }
            else
            {
                for (var chunk = 0; chunk < Chunks; chunk++)
                {
                    Run(chunk);
                }
            }

            var total = 0.0;
            for (var chunk = 0; chunk < Chunks; chunk++)
            {
                total += results[chunk];
            }

            return total;
        }

        /// <summary>
        /// Assigns every point to its nearest centroid and sums the points of each cluster into
        /// <paramref name="sums"/>/<paramref name="counts"/>. Returns the inertia and how many points changed cluster.
        /// </summary>
        public (double Inertia, long Changes) AssignAndAccumulate(double[] centroids, int[] assignments, double[] sums, long[] counts, bool first)
        {
            var (data, d, k) = (Data, Dimensions, K);

            void Run(int chunk)
            {
                var start = chunk * ChunkSize;
                var end = Math.Min(Points, start + ChunkSize);
                var chunkSums = _chunkCentroidSums[chunk];
                var chunkCounts = _chunkCounts[chunk];
                Array.Clear(chunkSums);
                Array.Clear(chunkCounts);
                var inertia = 0.0;
                long changes = 0;
                for (var i = start; i < end; i++)
                {
                    var point = data.AsSpan(i * d, d);
                    var best = Nearest(point, centroids, k, out var distance);
                    inertia += distance;
                    if (first || assignments[i] != best)
                    {
                        changes++;
                        assignments[i] = best;
                    }

                    chunkCounts[best]++;
                    var target = chunkSums.AsSpan(best * d, d);
                    for (var j = 0; j < d; j++)
                    {
                        target[j] += point[j];
                    }
                }

                _chunkInertia[chunk] = inertia;
                _chunkChanges[chunk] = changes;
            }

            if (_parallel && Chunks > 1)
            {
                System.Threading.Tasks.Parallel.For(0, Chunks, Run);
            }
            else
            {
                for (var chunk = 0; chunk < Chunks; chunk++)
                {
                    Run(chunk);
                }
            }

            Array.Clear(sums);
            Array.Clear(counts);
            var total = 0.0;
            long totalChanges = 0;
            for (var chunk = 0; chunk < Chunks; chunk++)
            {
                total += _chunkInertia[chunk];
                totalChanges += _chunkChanges[chunk];
                var chunkSums = _chunkCentroidSums[chunk];
                var chunkCounts = _chunkCounts[chunk];
                for (var i = 0; i < sums.Length; i++)
                {
                    sums[i] += chunkSums[i];
                }

                for (var c = 0; c < k; c++)
                {
                    counts[c] += chunkCounts[c];
                }
            }

            return (total, totalChanges);
        }
    }
}
