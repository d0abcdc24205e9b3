using System.Text;

namespace Vinculo.Domain.Analytics.Segmentation;

/// <summary>Settings of <see cref="CustomerSegmentation.Run"/>.</summary>
public sealed record SegmentationOptions
{
    /// <summary>Smallest k tried.</summary>
    public int MinK { get; init; } = 2;

    /// <summary>Largest k tried.</summary>
    public int MaxK { get; init; } = 8;

    /// <summary>Names of the features to transform with signed log1p before the z-score (skewed money and counts).</summary>
    public IReadOnlyCollection<string> Log1pFeatures { get; init; } = [];

    /// <summary>
    /// Points the k-selection fits run on: with more points, a deterministic uniform sample of this size is
    /// clustered for every k, and only the chosen k is fitted on all points.
    /// </summary>
    public int SelectionSampleSize { get; init; } = 100_000;

    /// <summary>Points the silhouette of each k is computed on (exact silhouette is O(n²)).</summary>
    public int SilhouetteSampleSize { get; init; } = 3_000;

    /// <summary>|z| of a cluster's feature mean at or above which the feature is "high" or "low" for that cluster.</summary>
    public double LevelThreshold { get; init; } = 0.5;

    /// <summary>k-means settings (initialisations, iterations, tolerance, seed) for every fit.</summary>
    public KMeansOptions KMeans { get; init; } = new();
}

/// <summary>A cluster's level of a feature relative to the whole population.</summary>
public enum FeatureLevel
{
    Low = 1,
    Average = 2,
    High = 3,
}

/// <summary>
/// One cluster: its size, share, the mean of each feature in original units, the z of each feature's mean
/// (the cluster's mean of the scaled feature, so in population standard deviations after the optional log1p),
/// each feature's level and a machine-readable label the UI translates.
/// </summary>
public sealed record SegmentProfile(
    int Cluster,
    int Customers,
    double Share,
    IReadOnlyList<double> FeatureMeans,
    IReadOnlyList<double> ZScores,
    IReadOnlyList<FeatureLevel> Levels,
    string Label)
{
    public ClusterProfile ToClusterProfile() => new(Cluster, Customers, FeatureMeans, Label);
}

/// <summary>The outcome of <see cref="CustomerSegmentation.Run"/>.</summary>
public sealed class SegmentationResult
{
    internal SegmentationResult(
        IReadOnlyList<string> features,
        FeatureScaler scaler,
        KMeansModel model,
        IReadOnlyList<SilhouetteScore> silhouettes,
        IReadOnlyList<SegmentProfile> profiles)
    {
        Features = features;
        Scaler = scaler;
        Model = model;
        Silhouettes = silhouettes;
        Profiles = profiles;
    }

    public int K => Model.K;

    public IReadOnlyList<string> Features { get; }

    /// <summary>The scaler fitted on all points; scale new points with it before <see cref="KMeansModel.Predict(ReadOnlySpan{double})"/>.</summary>
    public FeatureScaler Scaler { get; }

    /// <summary>The k-means model of the chosen k, fitted on all (scaled) points.</summary>
    public KMeansModel Model { get; }

    /// <summary>The cluster of each input point (0 = largest cluster).</summary>
    public int[] Assignments => Model.Assignments;

    /// <summary>The silhouette of every k tried, in increasing k.</summary>
    public IReadOnlyList<SilhouetteScore> Silhouettes { get; }

    public IReadOnlyList<SegmentProfile> Profiles { get; }

    /// <summary>The dashboard's view of the clustering.</summary>
    public ClusteringSummary ToSummary()
    {
        var clusters = new ClusterProfile[Profiles.Count];
        for (var c = 0; c < clusters.Length; c++)
        {
            clusters[c] = Profiles[c].ToClusterProfile();
        }

        return new ClusteringSummary(K, Features, Silhouettes, clusters);
    }
}

/// <summary>
/// Behavioural segmentation: scale the features, fit k-means for every k in [MinK, MaxK], keep the k with the
/// highest silhouette (ties to the smaller k), refit it on all points and profile the clusters.
/// </summary>
public static class CustomerSegmentation
{
    /// <summary>
    /// Segments n points of <c>featureNames.Count</c> features stored row-major in <paramref name="features"/>
    /// (point i's feature j at i × d + j, original units). Fewer than three points give a single cluster; no points
    /// is an error.
    /// </summary>
    public static SegmentationResult Run(double[] features, IReadOnlyList<string> featureNames, SegmentationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(featureNames);
        options ??= new SegmentationOptions();
        var d = featureNames.Count;
        ArgumentOutOfRangeException.ThrowIfLessThan(d, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinK, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxK, options.MinK);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SilhouetteSampleSize, 3);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SelectionSampleSize, 3);
        if (features.Length % d != 0)
        {
            throw new ArgumentException("The data length is not a multiple of the number of features.", nameof(features));
        }

        foreach (var name in options.Log1pFeatures)
        {
            if (!featureNames.Contains(name))
            {
                throw new ArgumentException($"Unknown log1p feature '{name}'.", nameof(options));
            }
        }

        var log1p = new bool[d];
        for (var j = 0; j < d; j++)
        {
            log1p[j] = options.Log1pFeatures.Contains(featureNames[j]);
        }

        var n = features.Length / d;
        if (n == 0)
        {
            throw new ArgumentException("Segmentation needs at least one point.", nameof(features));
        }

        var scaler = FeatureScaler.Fit(features, d, log1p);
        var scaled = scaler.Transform(features);
        if (n < 3)
        {
            var single = KMeans.Fit(scaled, d, 1, options.KMeans with { Initializations = 1 });
            return new SegmentationResult(featureNames, scaler, single, [], Profile(features, scaled, featureNames, single, options.LevelThreshold));
        }

        // The selection sample and, inside it, the silhouette sample: fixed by the seed.
        var random = new SplitMix64(options.KMeans.Seed ^ 0x5EED5EED5EED5EEDUL);
        var selection = n > options.SelectionSampleSize ? Gather(scaled, d, random.SampleSorted(n, options.SelectionSampleSize)) : scaled;
        var selectionN = selection.Length / d;
        var silhouetteIndices = random.SampleSorted(selectionN, Math.Min(selectionN, options.SilhouetteSampleSize));
        var silhouettePoints = Gather(selection, d, silhouetteIndices);

        var maxK = Math.Min(options.MaxK, silhouetteIndices.Length - 1);
        var silhouettes = new List<SilhouetteScore>();
        KMeansModel? bestSelectionModel = null;
        var bestK = 0;
        var bestScore = double.NegativeInfinity;
        for (var k = options.MinK; k <= maxK; k++)
        {
            var model = KMeans.Fit(selection, d, k, options.KMeans);
            var labels = new int[silhouetteIndices.Length];
            var used = new bool[k];
            var distinct = 0;
            for (var s = 0; s < labels.Length; s++)
            {
                labels[s] = model.Assignments[silhouetteIndices[s]];
                if (!used[labels[s]])
                {
                    used[labels[s]] = true;
                    distinct++;
                }
            }

            var score = distinct >= 2 ? Silhouette.Score(silhouettePoints, d, labels, k) : 0.0;
            silhouettes.Add(new SilhouetteScore(k, score));
            if (score > bestScore)
            {
                bestScore = score;
                bestK = k;
                bestSelectionModel = model;
            }
        }

        if (bestK == 0)
        {
            bestK = Math.Min(options.MinK, n);
        }

        var final = ReferenceEquals(selection, scaled) && bestSelectionModel is not null
            ? bestSelectionModel
            : KMeans.Fit(scaled, d, bestK, options.KMeans);
        return new SegmentationResult(featureNames, scaler, final, silhouettes, Profile(features, scaled, featureNames, final, options.LevelThreshold));
    }

    /// <summary>
    /// Profiles the clusters of an assignment: size, share, feature means in original units, z of the scaled means
    /// and levels. <paramref name="scaled"/> must be <paramref name="features"/> after the scaler.
    /// </summary>
    public static IReadOnlyList<SegmentProfile> Profile(
        double[] features,
        double[] scaled,
        IReadOnlyList<string> featureNames,
        KMeansModel model,
        double levelThreshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(scaled);
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(model);
        var d = featureNames.Count;
        var k = model.K;
        var n = features.Length / d;
        var means = new double[k * d];
        var z = new double[k * d];
        var sizes = new int[k];
        for (var i = 0; i < n; i++)
        {
            var c = model.Assignments[i];
            sizes[c]++;
            for (var j = 0; j < d; j++)
            {
                means[c * d + j] += features[i * d + j];
                z[c * d + j] += scaled[i * d + j];
            }
        }

        var profiles = new SegmentProfile[k];
        for (var c = 0; c < k; c++)
        {
            var featureMeans = new double[d];
            var zScores = new double[d];
            var levels = new FeatureLevel[d];
            for (var j = 0; j < d; j++)
            {
                featureMeans[j] = sizes[c] > 0 ? means[c * d + j] / sizes[c] : double.NaN;
                zScores[j] = sizes[c] > 0 ? z[c * d + j] / sizes[c] : 0;
                levels[j] = zScores[j] >= levelThreshold ? FeatureLevel.High
                    : zScores[j] <= -levelThreshold ? FeatureLevel.Low
                    : FeatureLevel.Average;
            }

            profiles[c] = new SegmentProfile(c, sizes[c], n > 0 ? (double)sizes[c] / n : 0, featureMeans, zScores, levels, Describe(featureNames, levels));
        }

        return profiles;
    }

    /// <summary>
    /// The label of a cluster: its non-average features as "feature=level" joined by commas in feature order,
    /// e.g. "frequency=high,recencyDays=low", or "average" when every feature is average. Stable keys the UI translates.
    /// </summary>
    public static string Describe(IReadOnlyList<string> featureNames, IReadOnlyList<FeatureLevel> levels)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(levels);
        var builder = new StringBuilder();
        for (var j = 0; j < levels.Count; j++)
        {
            if (levels[j] == FeatureLevel.Average)
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(featureNames[j]).Append('=').Append(levels[j] == FeatureLevel.High ? "high" : "low");
        }

        return builder.Length == 0 ? "average" : builder.ToString();
    }

    private static double[] Gather(double[] data, int d, int[] indices)
    {
        var result = new double[indices.Length * d];
        for (var s = 0; s < indices.Length; s++)
        {
            Array.Copy(data, indices[s] * d, result, s * d, d);
        }

        return result;
    }
}
