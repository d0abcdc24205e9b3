using Vinculo.Domain.Analytics.Segmentation;

namespace Vinculo.Domain.Tests.Analytics.Segmentation;

public class FeatureScalerTests
{
    [Fact]
    public void Z_scores_use_the_population_deviation()
    {
        // Feature 0: 1, 2, 3 → mean 2, sd √(2/3). Feature 1: constant → sd kept as 1, values become 0.
        var scaler = FeatureScaler.Fit([1, 7, 2, 7, 3, 7], 2);
        var scaled = scaler.Transform([1, 7, 2, 7, 3, 7]);

        var sd = Math.Sqrt(2.0 / 3.0);
        Assert.Equal(-1 / sd, scaled[0], 12);
        Assert.Equal(0.0, scaled[2], 12);
        Assert.Equal(1 / sd, scaled[4], 12);
        Assert.Equal([0.0, 0.0, 0.0], new[] { scaled[1], scaled[3], scaled[5] });
        Assert.Equal(1.0, scaler.StandardDeviations[1]);
        Assert.Equal(3.0, scaler.Inverse(0, 1 / sd), 12);
    }

    [Fact]
    public void Log1p_is_applied_before_the_z_score()
    {
        // ln(1 + 0) = 0, ln(1 + e − 1) = 1, ln(1 + e² − 1) = 2 → mean 1, sd √(2/3).
        var e = Math.E;
        var scaler = FeatureScaler.Fit([0, e - 1, e * e - 1], 1, [true]);
        var scaled = scaler.Transform([0, e - 1, e * e - 1]);

        Assert.Equal(1.0, scaler.Means[0], 12);
        Assert.Equal(-1 / Math.Sqrt(2.0 / 3.0), scaled[0], 12);
        Assert.Equal(0.0, scaled[1], 12);
        Assert.Equal(e * e - 1, scaler.Inverse(0, scaled[2]), 9);
        Assert.Equal(-FeatureScaler.SignedLog1p(5), FeatureScaler.SignedLog1p(-5), 15);
    }

    [Fact]
    public void Rejects_non_finite_values()
        => Assert.Throws<ArgumentException>(() => FeatureScaler.Fit([1, double.NaN], 1));
}
