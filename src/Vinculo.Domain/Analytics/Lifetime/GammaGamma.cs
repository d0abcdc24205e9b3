namespace Vinculo.Domain.Analytics.Lifetime;

/// <summary>Fitted Gamma-Gamma spend parameters with the log-likelihood and the customers (with repeat purchases) they were fitted on.</summary>
public sealed record GammaGammaParameters(double P, double Q, double V, double LogLikelihood, int Customers)
{
    /// <summary>The population mean spend per purchase, p·v / (q − 1) (infinite when q ≤ 1).</summary>
    public double PopulationMeanSpend => Q > 1 ? P * V / (Q - 1) : double.PositiveInfinity;

    /// <summary>
    /// E[M | p, q, v, x, m̄]: the expected mean spend of a customer with x repeat purchases averaging m̄, a weighted mean of
    /// the population mean and m̄ (Fader, Hardie &amp; Lee 2005, "RFM and CLV", eq. 5). x = 0 gives the population mean.
    /// </summary>
    public double ConditionalExpectedAverageSpend(int frequency, double monetaryValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frequency);
        return frequency == 0 ? PopulationMeanSpend : P * (V + (frequency * monetaryValue)) / ((P * frequency) + Q - 1);
    }
}

/// <summary>
/// The Gamma-Gamma model of spend per purchase: each purchase's value is gamma(p, ν) with ν ~ gamma(q, v) across
/// customers, independent of the purchase process. Fitted by maximum likelihood on the customers with at least one
/// repeat purchase and a positive mean spend, over the log-parameters with <see cref="NelderMead"/>.
/// </summary>
public static class GammaGamma
{
    public static GammaGammaParameters Fit(ReadOnlySpan<LifetimeInput> customers)
    {
        var (x, m) = Usable(customers);
        if (x.Length == 0)
        {
            throw new ArgumentException("Gamma-Gamma needs at least one customer with a repeat purchase and a positive spend.", nameof(customers));
        }

        var result = NelderMead.Minimize(p => -LogLikelihood(x, m, Math.Exp(p[0]), Math.Exp(p[1]), Math.Exp(p[2])) / x.Length, [0, 0, 0]);
        double pp = Math.Exp(result.Point[0]), q = Math.Exp(result.Point[1]), v = Math.Exp(result.Point[2]);
        return new GammaGammaParameters(pp, q, v, LogLikelihood(x, m, pp, q, v), x.Length);
    }

    /// <summary>The log-likelihood over the customers with a repeat purchase and a positive mean spend.</summary>
    public static double LogLikelihood(ReadOnlySpan<LifetimeInput> customers, double p, double q, double v)
    {
        var (x, m) = Usable(customers);
        return LogLikelihood(x, m, p, q, v);
    }

    private static double LogLikelihood(double[] x, double[] m, double p, double q, double v)
    {
        var lgQ = SpecialFunctions.LogGamma(q);
        var qLogV = q * Math.Log(v);
        var sum = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            var px = p * x[i];
            sum += SpecialFunctions.LogGamma(px + q) - SpecialFunctions.LogGamma(px) - lgQ + qLogV
                   + ((px - 1) * Math.Log(m[i])) + (px * Math.Log(x[i])) - ((px + q) * Math.Log((x[i] * m[i]) + v));
        }

        return sum;
    }

    private static (double[] X, double[] M) Usable(ReadOnlySpan<LifetimeInput> customers)
    {
        var x = new List<double>();
        var m = new List<double>();
        foreach (var c in customers)
        {
            if (c.Frequency > 0 && c.MonetaryValue > 0)
            {
                x.Add(c.Frequency);
                m.Add((double)c.MonetaryValue);
            }
        }

        return ([.. x], [.. m]);
    }
}
