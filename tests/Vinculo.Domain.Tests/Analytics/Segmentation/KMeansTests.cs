using Vinculo.Domain.Analytics.Segmentation;

namespace Vinculo.Domain.Tests.Analytics.Segmentation;

public class KMeansTests
{
    [Fact]
    public void Tiny_one_dimensional_case_by_hand()
    {
        // {0, 1} and {10, 11}: centroids 0.5 and 10.5, inertia 4 × 0.5² = 1.
        var model = KMeans.Fit([0, 1, 10, 11], 1, 2);

        var centroids = model.Centroids.Order().ToArray();
        Assert.Equal(0.5, centroids[0], 12);
        Assert.Equal(10.5, centroids[1], 12);
        Assert.Equal(1.0, model.Inertia, 12);
        Assert.Equal(model.Assignments[0], model.Assignments[1]);
        Assert.Equal(model.Assignments[2], model.Assignments[3]);
        Assert.NotEqual(model.Assignments[0], model.Assignments[2]);
        Assert.Equal([2, 2], model.Sizes);
    }

    [Fact]
    public void Clusters_are_numbered_largest_first()
    {
        // Three points near 0, one at 100.
        var model = KMeans.Fit([0, 1, 2, 100], 1, 2);

        Assert.Equal([3, 1], model.Sizes);
        Assert.Equal([0, 0, 0, 1], model.Assignments);
        Assert.Equal(1.0, model.Centroids[0], 12);
        Assert.Equal(100.0, model.Centroids[1], 12);
        Assert.Equal(2.0, model.Inertia, 12); // 1 + 0 + 1 + 0
        Assert.Equal(1, model.Predict([70.0]));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Inertia_matches_scikit_learn_with_ten_initialisations(int k)
    {
        var model = KMeans.Fit(SegmentationTestData.Points, 2, k, new KMeansOptions { Initializations = 10 });

        // Same local optimum as sklearn's KMeans(n_init=10, random_state=0): relative difference below 1e-9.
        var expected = SegmentationTestData.SklearnInertia[k];
        Assert.True(Math.Abs(model.Inertia - expected) <= 1e-9 * expected, $"k={k}: {model.Inertia} vs scikit-learn {expected}");
    }

    [Fact]
    public void Inertia_equals_the_sum_of_squared_distances_to_the_centroids()
    {
        var data = SegmentationTestData.Points;
        var model = KMeans.Fit(data, 2, 3);

        var sum = 0.0;
        for (var i = 0; i < 60; i++)
        {
            var c = model.Assignments[i];
            var dx = data[2 * i] - model.Centroids[2 * c];
            var dy = data[2 * i + 1] - model.Centroids[2 * c + 1];
            sum += dx * dx + dy * dy;
        }

        Assert.Equal(sum, model.Inertia, 9);
    }

    [Fact]
    public void Same_seed_gives_the_same_model_and_parallel_equals_sequential()
    {
        var data = Blobs(20_000, 3, 4, seed: 3, spread: 1.5);

        var first = KMeans.Fit(data, 3, 4, new KMeansOptions { Seed = 11 });
        var second = KMeans.Fit(data, 3, 4, new KMeansOptions { Seed = 11 });
        var sequential = KMeans.Fit(data, 3, 4, new KMeansOptions { Seed = 11, Parallel = false });

        Assert.Equal(first.Centroids, second.Centroids);
        Assert.Equal(first.Assignments, second.Assignments);
        Assert.Equal(first.Inertia, second.Inertia);
        Assert.Equal(first.Centroids, sequential.Centroids);
        Assert.Equal(first.Inertia, sequential.Inertia);
    }

    [Fact]
    public void Duplicate_points_and_k_equal_to_n_do_not_fail()
    {
        var model = KMeans.Fit([5, 5, 5, 5], 1, 3);
        Assert.Equal(0.0, model.Inertia);
        Assert.Equal(4, model.Sizes.Sum());

        var exact = KMeans.Fit([1, 2, 3], 1, 3);
        Assert.Equal(0.0, exact.Inertia);
    }

    [Fact]
    public void Rejects_more_clusters_than_points()
        => Assert.Throws<ArgumentException>(() => KMeans.Fit([1, 2], 1, 3));

    /// <summary>n points around k centres spaced 10 apart on the diagonal, Gaussian noise of the given spread.</summary>
    internal static double[] Blobs(int n, int d, int k, int seed, double spread)
    {
        var random = new Random(seed);
        var data = new double[n * d];
        for (var i = 0; i < n; i++)
        {
            var c = i % k;
            for (var j = 0; j < d; j++)
            {
                var g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                data[i * d + j] = 10.0 * c * (j % 2 == 0 ? 1 : -1) + (j == 0 ? c * c : 0) + spread * g;
            }
        }

        return data;
    }
}
