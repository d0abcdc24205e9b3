using Vinculo.Domain.Analytics.Cohorts;

namespace Vinculo.Domain.Tests.Analytics.Cohorts;

public class OnlineRetailCohortsTests
{
    // Reference computed with pandas 1.5 (/usr/bin/python3) on the same purchases: first month per customer, then
    // customers.nunique() per (cohort, month) / cohort size.
    [OnlineRetailFact]
    public void Cohorts_match_an_independent_pandas_computation()
    {
        var data = OnlineRetailPurchases.Data!;

        var cohorts = RetentionCohorts.Compute(data.Customers, data.Times);

        Assert.Equal(397_924, data.Customers.Length);
        Assert.Equal(13, cohorts.Count);
        var december = cohorts[0];
        Assert.Equal(new DateOnly(2010, 12, 1), december.Month);
        Assert.Equal(885, december.Customers);
        double[] expected =
        [
            1.0, 0.36610169491525424, 0.3231638418079096, 0.384180790960452, 0.36271186440677966, 0.3977401129943503,
            0.36271186440677966, 0.34915254237288135, 0.3536723163841808, 0.3954802259887006, 0.37401129943502825,
            0.5028248587570622, 0.2655367231638418,
        ];
        Assert.Equal(expected.Length, december.Retention.Count);
        for (var k = 0; k < expected.Length; k++)
        {
            Assert.Equal(expected[k], december.Retention[k], 14);
        }

        Assert.Equal(417, cohorts[1].Customers);
        Assert.Equal(0.22062350119904076, cohorts[1].Retention[1], 14);
        Assert.Equal([1.0], cohorts[^1].Retention);
    }
}
