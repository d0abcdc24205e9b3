namespace Vinculo.Domain.Analytics.Lifetime;

/// <summary>
/// How far ahead lifetime value looks and how it discounts: <see cref="HorizonDays"/> (default 364, 52 weeks), an
/// annual discount rate (default 10 %), and the length of the models' time unit in days (7 for weeks).
/// </summary>
public sealed record LifetimeValueOptions(int HorizonDays = 364, double AnnualDiscountRate = 0.10, double DaysPerUnit = 7)
{
    /// <summary>Cash flows are discounted at the end of each step of this many days (the last step may be shorter).</summary>
    public const int StepDays = 7;
}

/// <summary>A customer's expected purchases over the horizon, probability of being alive, expected spend per purchase and lifetime value.</summary>
public readonly record struct LifetimeEstimate(long CustomerId, double ExpectedPurchases, double ProbabilityAlive, double ExpectedAverageSpend, double LifetimeValue);

/// <summary>
/// Customer lifetime value from BG/NBD and Gamma-Gamma: the horizon is cut into weekly steps; each step's expected
/// purchases (E[Y(t_k)] − E[Y(t_{k−1})]) times the expected spend per purchase is discounted to the calibration end
/// by (1 + annual rate)^(−days/365.25) at the step's end, and the steps are summed.
/// </summary>
public static class LifetimeValue
{
    public static LifetimeEstimate Estimate(BgNbdParameters purchases, GammaGammaParameters spend, LifetimeInput customer, LifetimeValueOptions options)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(spend);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.HorizonDays);
        var x = customer.Frequency;
        var recency = x == 0 ? 0 : customer.Recency;
        var averageSpend = spend.ConditionalExpectedAverageSpend(x, (double)customer.MonetaryValue);
        var value = 0.0;
        var previous = 0.0;
        for (var day = 0; day < options.HorizonDays;)
        {
            day = Math.Min(day + LifetimeValueOptions.StepDays, options.HorizonDays);
            var expected = purchases.ConditionalExpectedPurchases(x, recency, customer.T, day / options.DaysPerUnit);
            value += (expected - previous) * averageSpend * Math.Pow(1 + options.AnnualDiscountRate, -day / 365.25);
            previous = expected;
        }

        return new LifetimeEstimate(customer.CustomerId, previous, purchases.ProbabilityAlive(x, recency, customer.T), averageSpend, value);
    }

    /// <summary>Every customer's estimate, in the input's order (computed in parallel; the result does not depend on it).</summary>
    public static LifetimeEstimate[] Estimate(BgNbdParameters purchases, GammaGammaParameters spend, ReadOnlySpan<LifetimeInput> customers, LifetimeValueOptions options)
    {
        var input = customers.ToArray();
        var result = new LifetimeEstimate[input.Length];
        Parallel.For(0, input.Length, i => result[i] = Estimate(purchases, spend, input[i], options));
        return result;
    }
}
