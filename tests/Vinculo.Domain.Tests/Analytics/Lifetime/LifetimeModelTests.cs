using Vinculo.Domain.Analytics.Lifetime;

namespace Vinculo.Domain.Tests.Analytics.Lifetime;

/// <summary>
/// Hand-checkable figures for BG/NBD, Gamma-Gamma and lifetime value. Reference values marked "scipy" were computed
/// with scipy 1.10 (scipy.special.hyp2f1 and gammaln) straight from the papers' formulas, not from this code.
/// </summary>
public sealed class LifetimeModelTests
{
    // Fader, Hardie & Lee (2005), CDNOW 1/10 sample, 39-week calibration.
    private static readonly BgNbdParameters Paper = new(0.243, 4.414, 0.793, 2.426, double.NaN, 2357);

    private static readonly BgNbdParameters Fitted = new(0.2425945277810555, 4.4136023765823404, 0.7929220541267251, 2.4259066160267735, double.NaN, 2357);

    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(2.0, 0.0)]
    [InlineData(0.5, 0.5723649429247001)] // ln √π
    [InlineData(10.0, 12.801827480081469)] // ln 9!
    [InlineData(0.1, 2.252712651734206)]
    [InlineData(171.5, 709.1431630309283)]
    public void Log_gamma(double x, double expected)
    {
        Assert.Equal(expected, SpecialFunctions.LogGamma(x), 1e-12 * Math.Max(1, Math.Abs(expected)));
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.99)]
    public void Hypergeometric_series_matches_closed_forms(double z)
    {
        // ₂F₁(1, 1; 2; z) = −ln(1 − z) / z and ₂F₁(a, b; b; z) = (1 − z)^(−a).
        Assert.Equal(-Math.Log(1 - z) / z, SpecialFunctions.Hypergeometric2F1(1, 1, 2, z), 1e-12);
        Assert.Equal(Math.Pow(1 - z, -0.7), SpecialFunctions.Hypergeometric2F1(0.7, 2.5, 2.5, z), 1e-10);
    }

    [Fact]
    public void A_customer_without_repeat_purchases_is_alive()
    {
        Assert.Equal(1.0, Paper.ProbabilityAlive(0, 0, 38.86));
        Assert.Equal(1.0, Paper.ProbabilityAlive(0, 0, 1));
    }

    [Fact]
    public void The_papers_worked_example_expects_1_226_purchases_in_the_next_39_weeks()
    {
        // FHL (2005): a customer with x = 2, t_x = 30.43, T = 38.86 is expected to make 1.226 purchases in weeks 40–78.
        Assert.Equal(1.226, Paper.ConditionalExpectedPurchases(2, 30.43, 38.86, 39), 0.0005);
        // scipy, same inputs with the fitted parameters: 1.2259067847360303.
        Assert.Equal(1.2259067847360303, Fitted.ConditionalExpectedPurchases(2, 30.43, 38.86, 39), 1e-9);
    }

    [Fact]
    public void Expectations_match_scipy()
    {
        Assert.Equal(1.1950099540957742, Fitted.ExpectedPurchases(39), 1e-9);
        Assert.Equal(1.8579582417030533, Fitted.ExpectedPurchases(78), 1e-9);
        Assert.Equal(1.558686163624167, Fitted.ConditionalExpectedPurchases(2, 30.428571428571427, 38.857142857142854, 52), 1e-9);
        Assert.Equal(0.2538933578751745, Fitted.ConditionalExpectedPurchases(0, 0, 38.428571428571429, 52), 1e-9);
        Assert.Equal(0.7266202937545261, Fitted.ProbabilityAlive(2, 30.428571428571427, 38.857142857142854), 1e-12);
        // Many repeat purchases: the series stays well behaved.
        Assert.Equal(41.72086768526561, Fitted.ConditionalExpectedPurchases(50, 38, 38.86, 52), 1e-7);
        Assert.Equal(0.0, Fitted.ExpectedPurchases(0));
    }

    [Fact]
    public void Expected_purchases_grow_with_time_and_a_long_silence_lowers_p_alive()
    {
        var previous = 0.0;
        for (var t = 1; t <= 104; t++)
        {
            var e = Fitted.ConditionalExpectedPurchases(3, 20, 38, t);
            Assert.True(e > previous);
            previous = e;
        }

        Assert.True(Fitted.ProbabilityAlive(3, 37, 38) > Fitted.ProbabilityAlive(3, 10, 38));
    }

    [Fact]
    public void Bg_nbd_fit_recovers_the_maximum_of_its_own_likelihood()
    {
        // Histories of the 150-customer CDNOW fixture are in the Core tests; here a small synthetic cohort: the fit must
        // beat nearby points on every axis.
        var customers = new List<LifetimeInput>();
        var id = 0;
        for (var x = 0; x <= 6; x++)
        {
            for (var k = 0; k < 12 - x; k++)
            {
                var tCal = 20 + k;
                customers.Add(new LifetimeInput(++id, x, x == 0 ? 0 : Math.Min(tCal, 2 + (x * 2.5) + k), tCal, x == 0 ? 0 : 10 + k));
            }
        }

        var fit = BgNbd.Fit(customers.ToArray());
        var best = BgNbd.LogLikelihood(customers.ToArray(), fit.R, fit.Alpha, fit.A, fit.B);
        Assert.Equal(best, fit.LogLikelihood, 1e-9);
        foreach (var (dr, dal, da, db) in new[] { (1.01, 1.0, 1.0, 1.0), (1.0, 1.01, 1.0, 1.0), (1.0, 1.0, 1.01, 1.0), (1.0, 1.0, 1.0, 1.01),
                     (0.99, 1.0, 1.0, 1.0), (1.0, 0.99, 1.0, 1.0), (1.0, 1.0, 0.99, 1.0), (1.0, 1.0, 1.0, 0.99) })
        {
            Assert.True(best >= BgNbd.LogLikelihood(customers.ToArray(), fit.R * dr, fit.Alpha * dal, fit.A * da, fit.B * db));
        }

        Assert.Equal(fit, BgNbd.Fit(customers.ToArray()));
    }

    [Fact]
    public void Gamma_gamma_expected_spend_is_a_weighted_mean_and_the_prior_mean_without_repeats()
    {
        var spend = new GammaGammaParameters(6.25, 3.74, 15.44, double.NaN, 946);
        var prior = 6.25 * 15.44 / 2.74;
        Assert.Equal(prior, spend.PopulationMeanSpend, 1e-12);
        Assert.Equal(prior, spend.ConditionalExpectedAverageSpend(0, 0), 1e-12);
        // x = 2, m̄ = 22.345: weights (q − 1)/(px + q − 1) and px/(px + q − 1).
        var expected = (2.74 / (12.5 + 2.74) * prior) + (12.5 / (12.5 + 2.74) * 22.345);
        Assert.Equal(expected, spend.ConditionalExpectedAverageSpend(2, 22.345), 1e-9);
    }

    [Fact]
    public void Lifetime_value_matches_the_discounted_weekly_sum_done_by_hand()
    {
        var spend = new GammaGammaParameters(6.249571597830659, 3.7442245396436893, 15.44352201269879, double.NaN, 946);
        var customer = new LifetimeInput(4, 2, 30.428571428571427, 38.857142857142854, 22.345m);

        var estimate = LifetimeValue.Estimate(Fitted, spend, customer, new LifetimeValueOptions());

        // scipy: Σ over 52 weeks of ΔE[Y] × 24.65391885663693 × 1.1^(−7k/365.25).
        Assert.Equal(24.65391885663693, estimate.ExpectedAverageSpend, 1e-9);
        Assert.Equal(36.749105398546284, estimate.LifetimeValue, 1e-7);
        Assert.Equal(1.558686163624167, estimate.ExpectedPurchases, 1e-9);
        Assert.Equal(0.7266202937545261, estimate.ProbabilityAlive, 1e-12);

        // No discount: CLV = E[Y(52)] × spend.
        var undiscounted = LifetimeValue.Estimate(Fitted, spend, customer, new LifetimeValueOptions(364, 0));
        Assert.Equal(undiscounted.ExpectedPurchases * undiscounted.ExpectedAverageSpend, undiscounted.LifetimeValue, 1e-9);
        Assert.Equal(0, LifetimeValue.Estimate(Fitted, spend, customer, new LifetimeValueOptions(0)).LifetimeValue);
    }

    [Fact]
    public void Repeat_purchases_collapse_same_day_purchases_and_ignore_the_holdout()
    {
        var end = new DateOnly(1997, 9, 30);
        DatedPurchase P(long id, string date, decimal amount) => new(id, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), amount);
        var purchases = new[]
        {
            P(7, "1997-01-08", 10m), P(7, "1997-01-08", 5m), // first day: not a repeat, its spend not counted
            P(7, "1997-02-05", 20m), P(7, "1997-02-05", 4m), // one repeat day, 24
            P(7, "1997-03-05", 12m),                           // a second repeat day
            P(7, "1997-10-01", 99m),                           // after the calibration end
            P(3, "1997-09-30", 8m),                            // first purchase on the last day
            P(9, "1997-10-02", 8m),                            // only after the calibration end: left out
        };

        var summary = RepeatPurchases.Summarise(purchases, end, 7);

        Assert.Equal([3L, 7], summary.Select(s => s.CustomerId));
        Assert.Equal(new LifetimeInput(3, 0, 0, 0, 0), summary[0]);
        Assert.Equal(2, summary[1].Frequency);
        Assert.Equal(8.0, summary[1].Recency, 12); // 56 days
        Assert.Equal(265 / 7.0, summary[1].T, 12);
        Assert.Equal(18m, summary[1].MonetaryValue);
    }

    [Fact]
    public void Nelder_mead_finds_the_rosenbrock_minimum_deterministically()
    {
        static double Rosenbrock(double[] p) => (100 * Math.Pow(p[1] - (p[0] * p[0]), 2)) + Math.Pow(1 - p[0], 2);
        var a = NelderMead.Minimize(Rosenbrock, [-1.2, 1]);
        var b = NelderMead.Minimize(Rosenbrock, [-1.2, 1]);
        Assert.Equal(1, a.Point[0], 1e-5);
        Assert.Equal(1, a.Point[1], 1e-5);
        Assert.Equal(a.Point, b.Point);
    }
}
