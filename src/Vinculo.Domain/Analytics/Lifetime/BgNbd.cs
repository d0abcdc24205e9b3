namespace Vinculo.Domain.Analytics.Lifetime;

/// <summary>
/// A customer's purchase history in the calibration period, in model time units (weeks or days): Frequency = repeat
/// purchase periods (purchase days after the first), Recency = time from the first to the last purchase, T = time
/// from the first purchase to the end of the calibration period, MonetaryValue = the mean spend of the repeat
/// purchase days (0 without repeats).
/// </summary>
public readonly record struct LifetimeInput(long CustomerId, int Frequency, double Recency, double T, decimal MonetaryValue);

/// <summary>Fitted BG/NBD parameters (Fader, Hardie &amp; Lee 2005) with the log-likelihood and the customers they were fitted on.</summary>
public sealed record BgNbdParameters(double R, double Alpha, double A, double B, double LogLikelihood, int Customers)
{
    /// <summary>E[X(t)]: expected purchases in a period of length t by a customer picked at random at its start (paper eq. 9).</summary>
    public double ExpectedPurchases(double t)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        var z = t / (Alpha + t);
        return (A + B - 1) / (A - 1) * (1 - GaussFactor(z, 0));
    }

    /// <summary>
    /// E[Y(t) | x, t_x, T]: expected purchases in the next t by a customer with that history (paper eq. 10).
    /// </summary>
    public double ConditionalExpectedPurchases(int x, double recency, double tCal, double t)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        var z = t / (Alpha + tCal + t);
        var numerator = (A + B + x - 1) / (A - 1) * (1 - GaussFactor(z, x));
        return numerator / AliveDenominator(x, recency, tCal);
    }

    /// <summary>P(alive | x, t_x, T): 1 for a customer without repeat purchases.</summary>
    public double ProbabilityAlive(int x, double recency, double tCal) => 1 / AliveDenominator(x, recency, tCal);

    /// <summary>
    /// (1 − z)^(r+x) ₂F₁(r + x, b + x; a + b + x − 1; z), evaluated through Euler's transformation as
    /// (1 − z)^(a−1) ₂F₁(a + b − 1 − r, a − 1; a + b + x − 1; z), whose terms stay small for any x.
    /// </summary>
    private double GaussFactor(double z, int x) =>
        Math.Pow(1 - z, A - 1) * SpecialFunctions.Hypergeometric2F1(A + B - 1 - R, A - 1, A + B + x - 1, z);

    private double AliveDenominator(int x, double recency, double tCal) =>
        x == 0 ? 1 : 1 + (A / (B + x - 1) * Math.Exp((R + x) * (Math.Log(Alpha + tCal) - Math.Log(Alpha + recency))));
}

/// <summary>
/// The BG/NBD model of repeat buying: Poisson purchases with gamma(r, α) heterogeneity while alive, and a
/// beta(a, b) probability of dropping out after each purchase. Fitted by maximum likelihood (paper eq. 6, in log
/// space with log-gamma) over the log-parameters with <see cref="NelderMead"/>; deterministic.
/// </summary>
public static class BgNbd
{
    /// <summary>Fits the model; customers with the same (x, t_x, T) are evaluated once. Needs at least one customer.</summary>
    public static BgNbdParameters Fit(ReadOnlySpan<LifetimeInput> customers)
    {
        var data = Distinct(customers);
        if (data.Weight.Length == 0)
        {
            throw new ArgumentException("BG/NBD needs at least one customer.", nameof(customers));
        }

        var total = (double)customers.Length;
        var result = NelderMead.Minimize(p => -LogLikelihood(data, Math.Exp(p[0]), Math.Exp(p[1]), Math.Exp(p[2]), Math.Exp(p[3])) / total,
            [0, 0, 0, 0]);
        var x = result.Point;
        double r = Math.Exp(x[0]), alpha = Math.Exp(x[1]), a = Math.Exp(x[2]), b = Math.Exp(x[3]);
        return new BgNbdParameters(r, alpha, a, b, LogLikelihood(data, r, alpha, a, b), customers.Length);
    }

    /// <summary>The log-likelihood of the parameters over the customers (paper eq. 6, summed).</summary>
    public static double LogLikelihood(ReadOnlySpan<LifetimeInput> customers, double r, double alpha, double a, double b) =>
        LogLikelihood(Distinct(customers), r, alpha, a, b);

    private static double LogLikelihood(Histories data, double r, double alpha, double a, double b)
    {
        var lgR = SpecialFunctions.LogGamma(r);
        var lgAB = SpecialFunctions.LogGamma(a + b);
        var lgB = SpecialFunctions.LogGamma(b);
        var rLogAlpha = r * Math.Log(alpha);
        var logA = Math.Log(a);
        var sum = 0.0;
        var lastX = -1;
        var common = 0.0;
        for (var i = 0; i < data.Weight.Length; i++)
        {
            var x = data.X[i];
            if (x != lastX)
            {
                // Terms that depend on x only (the data are sorted by x).
                common = SpecialFunctions.LogGamma(r + x) - lgR + rLogAlpha
                         + lgAB + SpecialFunctions.LogGamma(b + x) - lgB - SpecialFunctions.LogGamma(a + b + x);
                lastX = x;
            }

            var a3 = -(r + x) * Math.Log(alpha + data.T[i]);
            double ll;
            if (x > 0)
            {
                var a4 = logA - Math.Log(b + x - 1) - ((r + x) * Math.Log(alpha + data.Recency[i]));
                var max = Math.Max(a3, a4);
                ll = common + max + Math.Log(Math.Exp(a3 - max) + Math.Exp(a4 - max));
            }
            else
            {
                ll = common + a3;
            }

            sum += data.Weight[i] * ll;
        }

        return sum;
    }

    private sealed record Histories(int[] X, double[] Recency, double[] T, double[] Weight);

    private static Histories Distinct(ReadOnlySpan<LifetimeInput> customers)
    {
        var keys = new (int X, double Recency, double T)[customers.Length];
        for (var i = 0; i < customers.Length; i++)
        {
            var c = customers[i];
            if (c.Frequency < 0 || c.Recency < 0 || c.T < c.Recency || !double.IsFinite(c.T))
            {
                throw new ArgumentException($"Customer {c.CustomerId}: needs frequency ≥ 0 and 0 ≤ recency ≤ T (got {c.Frequency}, {c.Recency}, {c.T}).",
                    nameof(customers));
            }

            keys[i] = (c.Frequency, c.Frequency == 0 ? 0 : c.Recency, c.T);
        }

        Array.Sort(keys);
        var x = new List<int>();
        var recency = new List<double>();
        var t = new List<double>();
        var weight = new List<double>();
        for (var i = 0; i < keys.Length; i++)
        {
            if (i > 0 && keys[i] == keys[i - 1])
            {
                weight[^1]++;
                continue;
            }

            x.Add(keys[i].X);
            recency.Add(keys[i].Recency);
            t.Add(keys[i].T);
            weight.Add(1);
        }

        return new Histories([.. x], [.. recency], [.. t], [.. weight]);
    }
}
