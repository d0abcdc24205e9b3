using Vinculo.Domain.Analytics.Segmentation;

namespace Vinculo.Domain.Tests.Analytics.Segmentation;

public class SilhouetteTests
{
    [Fact]
    public void Tiny_case_by_hand()
    {
        // {0, 1} and {10, 11}. Point 0: a = 1, b = (10 + 11) / 2 = 10.5 → 9.5 / 10.5. Point 1: a = 1, b = (9 + 10) / 2 = 9.5 → 8.5 / 9.5.
        // Points 10 and 11 mirror them.
        var samples = Silhouette.Samples([0, 1, 10, 11], 1, [0, 0, 1, 1], 2);

        Assert.Equal(9.5 / 10.5, samples[0], 12);
        Assert.Equal(8.5 / 9.5, samples[1], 12);
        Assert.Equal(8.5 / 9.5, samples[2], 12);
        Assert.Equal(9.5 / 10.5, samples[3], 12);
        Assert.Equal((9.5 / 10.5 + 8.5 / 9.5) / 2, Silhouette.Score([0, 1, 10, 11], 1, [0, 0, 1, 1], 2), 12);
    }

    [Fact]
    public void A_point_alone_in_its_cluster_scores_zero()
    {
        var samples = Silhouette.Samples([0, 1, 10], 1, [0, 0, 1], 2);
        Assert.Equal(0.0, samples[2]);
    }

    [Fact]
    public void Matches_scikit_learn_for_fixed_labels()
    {
        var thirds = SegmentationTestData.Thirds();
        Assert.Equal(SegmentationTestData.SklearnSilhouetteOfThirds, Silhouette.Score(SegmentationTestData.Points, 2, thirds, 3), 10);

        var withSingleton = SegmentationTestData.Thirds();
        withSingleton[0] = 3;
        Assert.Equal(SegmentationTestData.SklearnSilhouetteWithSingleton, Silhouette.Score(SegmentationTestData.Points, 2, withSingleton, 4), 10);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Matches_scikit_learn_for_the_k_means_labels(int k)
    {
        var model = KMeans.Fit(SegmentationTestData.Points, 2, k, new KMeansOptions { Initializations = 10 });

        Assert.Equal(SegmentationTestData.SklearnSilhouette[k], Silhouette.Score(SegmentationTestData.Points, 2, model.Assignments, k), 10);
    }

    [Fact]
    public void Needs_at_least_two_clusters()
        => Assert.Throws<ArgumentException>(() => Silhouette.Score([0, 1, 2], 1, [0, 0, 0], 1));
}
