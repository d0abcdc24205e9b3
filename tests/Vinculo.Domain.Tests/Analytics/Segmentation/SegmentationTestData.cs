namespace Vinculo.Domain.Tests.Analytics.Segmentation;

/// <summary>
/// A fixed 2-D point set with reference figures from scikit-learn 1.2.1 (/usr/bin/python3 on Debian), computed by:
/// <code>
/// rng = np.random.default_rng(7)
/// centers = np.array([[0,0],[4,1],[2,4]])
/// X = np.vstack([rng.normal(c, 1.0, size=(20,2)) for c in centers]).round(1)
/// km = KMeans(n_clusters=k, n_init=10, random_state=0).fit(X); km.inertia_; silhouette_score(X, km.labels_)
/// silhouette_score(X, [0]*20 + [1]*20 + [2]*20)
/// </code>
/// </summary>
internal static class SegmentationTestData
{
    public static readonly double[] Points =
    [
        0.0, 0.3, -0.3, -0.9, -0.5, -1.0, 0.1, 1.3, -0.5, -0.6, 0.5, 0.4, 0.1, -0.9, -0.0, 0.7, -1.3, -0.5, -1.9, -1.3,
        -1.8, -0.2, -1.3, 0.3, 0.2, -0.2, -2.5, -0.5, -0.0, 0.1, -1.5, -0.5, -1.0, -0.8, 1.1, -0.8, -0.0, 0.9, -0.6, -0.1,
        4.1, 1.1, 2.8, 1.1, 5.4, -0.5, 4.9, 1.1, 3.4, 3.0, 4.8, -0.2, 4.1, 1.6, 3.8, 1.7, 3.9, 1.7, 5.4, 0.3,
        4.2, 0.5, 4.1, -0.2, 3.4, 0.8, 4.9, 2.1, 2.7, 0.2, 4.6, -1.0, 3.5, 0.9, 5.3, 1.7, 3.7, 0.6, 3.7, 2.5,
        1.6, 3.7, 2.4, 3.9, 1.8, 2.9, 2.0, 3.6, 3.2, 4.7, 2.0, 4.7, 1.7, 5.1, 2.0, 4.6, 0.7, 4.3, 0.3, 2.0,
        1.7, 3.1, 2.2, 6.2, 1.2, 3.4, 2.2, 4.5, 1.8, 3.8, 2.7, 4.5, 1.0, 3.9, 2.0, 2.9, 2.3, 3.1, 3.0, 4.2,
    ];

    /// <summary>KMeans(n_init=10, random_state=0).inertia_ for k = 2, 3, 4.</summary>
    public static readonly Dictionary<int, double> SklearnInertia = new()
    {
        [2] = 222.0576556777,
        [3] = 80.4326340852,
        [4] = 64.9657690058,
    };

    /// <summary>silhouette_score(X, km.labels_) for the same fits.</summary>
    public static readonly Dictionary<int, double> SklearnSilhouette = new()
    {
        [2] = 0.519046319557,
        [3] = 0.622244552819,
        [4] = 0.525914671274,
    };

    /// <summary>silhouette_score(X, [0]*20 + [1]*20 + [2]*20).</summary>
    public const double SklearnSilhouetteOfThirds = 0.609440610272;

    /// <summary>silhouette_score with the thirds labels but point 0 alone in a fourth cluster.</summary>
    public const double SklearnSilhouetteWithSingleton = 0.307934137654;

    public static int[] Thirds()
    {
        var labels = new int[60];
        for (var i = 0; i < 60; i++)
        {
            labels[i] = i / 20;
        }

        return labels;
    }
}
