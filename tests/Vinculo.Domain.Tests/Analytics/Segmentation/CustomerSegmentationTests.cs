using Vinculo.Domain.Analytics;
using Vinculo.Domain.Analytics.Segmentation;

namespace Vinculo.Domain.Tests.Analytics.Segmentation;

public class CustomerSegmentationTests
{
    private static readonly string[] Names = ["recencyDays", "frequency", "monetary"];

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Well_separated_blobs_recover_k(int k)
    {
        var data = KMeansTests.Blobs(1_200, 3, k, seed: k, spread: 1.0);

        var result = CustomerSegmentation.Run(data, Names);

        Assert.Equal(k, result.K);
        Assert.Equal(7, result.Silhouettes.Count); // k = 2..8
        Assert.Equal([2, 3, 4, 5, 6, 7, 8], result.Silhouettes.Select(s => s.K));
        Assert.Equal(result.Silhouettes.Max(s => s.Silhouette), result.Silhouettes.Single(s => s.K == k).Silhouette);
        Assert.All(result.Profiles, p => Assert.Equal(1_200 / k, p.Customers));
    }

    [Fact]
    public void Large_input_uses_samples_and_still_recovers_k()
    {
        var data = KMeansTests.Blobs(60_000, 3, 4, seed: 9, spread: 1.0);

        var result = CustomerSegmentation.Run(data, Names, new SegmentationOptions { SelectionSampleSize = 5_000, SilhouetteSampleSize = 1_000 });

        Assert.Equal(4, result.K);
        Assert.Equal(60_000, result.Assignments.Length);
        Assert.Equal(60_000, result.Profiles.Sum(p => p.Customers));
    }

    [Fact]
    public void Same_input_gives_the_same_result()
    {
        var data = KMeansTests.Blobs(4_000, 3, 3, seed: 5, spread: 4.0);
        var options = new SegmentationOptions { SelectionSampleSize = 2_000, SilhouetteSampleSize = 500, Log1pFeatures = [] };

        var first = CustomerSegmentation.Run(data, Names, options);
        var second = CustomerSegmentation.Run(data, Names, options);

        Assert.Equal(first.K, second.K);
        Assert.Equal(first.Assignments, second.Assignments);
        Assert.Equal(first.Silhouettes, second.Silhouettes);
        Assert.Equal(first.Model.Inertia, second.Model.Inertia);
    }

    [Fact]
    public void Profiles_give_sizes_means_in_original_units_and_levels()
    {
        // Two groups in original units: 6 customers with (recency 300, frequency 1, monetary 10) and
        // 2 with (10, 20, 1000). Frequency and monetary are log1p-scaled; the means are still in original units.
        var rows = new List<double>();
        for (var i = 0; i < 6; i++)
        {
            rows.AddRange([300, 1, 10]);
        }

        for (var i = 0; i < 2; i++)
        {
            rows.AddRange([10, 20, 1000]);
        }

        var result = CustomerSegmentation.Run(rows.ToArray(), Names, new SegmentationOptions { MaxK = 2, Log1pFeatures = ["frequency", "monetary"] });

        Assert.Equal(2, result.K);
        var big = result.Profiles[0];
        var small = result.Profiles[1];
        Assert.Equal(6, big.Customers);
        Assert.Equal(0.75, big.Share);
        Assert.Equal([300.0, 1.0, 10.0], big.FeatureMeans);
        Assert.Equal([10.0, 20.0, 1000.0], small.FeatureMeans);

        // Each feature takes two values with shares 3/4 and 1/4: the z of the group of 6 is −√(1/3) ≈ −0.577 or +0.577,
        // and of the group of 2 is ±√3 ≈ 1.732.
        Assert.Equal(Math.Sqrt(1.0 / 3.0), big.ZScores[0], 9);
        Assert.Equal(-Math.Sqrt(3.0), small.ZScores[0], 9);
        Assert.Equal([FeatureLevel.High, FeatureLevel.Low, FeatureLevel.Low], big.Levels);
        Assert.Equal("recencyDays=high,frequency=low,monetary=low", big.Label);
        Assert.Equal("recencyDays=low,frequency=high,monetary=high", small.Label);

        var summary = result.ToSummary();
        Assert.Equal(2, summary.K);
        Assert.Equal(Names, summary.Features);
        Assert.Equal([new SilhouetteScore(2, result.Silhouettes[0].Silhouette)], summary.Silhouettes);
        Assert.Equal(1.0, summary.Silhouettes[0].Silhouette, 12); // identical points within each group
        Assert.Equal(big.Label, summary.Clusters[0].Label);
        Assert.Equal(6, summary.Clusters[0].Customers);
    }

    [Fact]
    public void Describe_lists_only_non_average_features()
    {
        Assert.Equal("average", CustomerSegmentation.Describe(Names, [FeatureLevel.Average, FeatureLevel.Average, FeatureLevel.Average]));
        Assert.Equal("frequency=high", CustomerSegmentation.Describe(Names, [FeatureLevel.Average, FeatureLevel.High, FeatureLevel.Average]));
    }

    [Fact]
    public void Fewer_than_three_points_give_one_cluster()
    {
        var result = CustomerSegmentation.Run([1, 2, 3, 4, 5, 6], Names);

        Assert.Equal(1, result.K);
        Assert.Empty(result.Silhouettes);
        Assert.Equal(2, result.Profiles[0].Customers);
    }

    [Fact]
    public void No_points_is_rejected()
        => Assert.Throws<ArgumentException>(() => CustomerSegmentation.Run([], Names));

    [Fact]
    public void Unknown_log1p_feature_is_rejected()
        => Assert.Throws<ArgumentException>(() => CustomerSegmentation.Run([1, 2, 3], Names, new SegmentationOptions { Log1pFeatures = ["spend"] }));
}
