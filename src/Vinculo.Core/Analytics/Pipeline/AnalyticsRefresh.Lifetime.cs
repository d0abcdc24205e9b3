using System.Globalization;
using Vinculo.Domain.Analytics;
using Vinculo.Domain.Analytics.Lifetime;
using Vinculo.Domain.Commerce;

namespace Vinculo.Core.Analytics.Pipeline;

public sealed partial class AnalyticsRefresh
{
    /// <summary>One customer's lifetime figures; money null when it cannot be expressed (no spend model, or out of range).</summary>
    private readonly record struct LifetimeValues(double? ExpectedPurchases, double? ProbabilityAlive, decimal? ExpectedAverageSpend, decimal? LifetimeValue);

    private sealed class LifetimeScores(Dictionary<long, LifetimeValues> values, LifetimeSummary summary)
    {
        public LifetimeSummary Summary { get; } = summary;

        public LifetimeValues? For(long customerId) => values.TryGetValue(customerId, out var v) ? v : null;
    }

    /// <summary>
    /// BG/NBD on daily purchases (weeks as the time unit; calibration = all history to the reference date) and
    /// Gamma-Gamma on the repeat purchases' spend; the lifetime value covers <see cref="AnalyticsPipelineOptions.LifetimeWeeks"/>
    /// weeks discounted at <see cref="AnalyticsPipelineOptions.AnnualDiscountRate"/>. Null (with a note) when too few customers bought.
    /// </summary>
    private LifetimeScores? EstimateLifetime(DailyPurchases purchases, DateOnly reference, List<string> notes)
    {
        var dated = new DatedPurchase[purchases.Count];
        for (var i = 0; i < dated.Length; i++)
        {
            dated[i] = new DatedPurchase(purchases.CustomerIds[i], purchases.Days[i], purchases.Amounts[i]);
        }

        var input = RepeatPurchases.Summarise(dated, reference, 7);
        var repeaters = input.Count(c => c.Frequency > 0);
        if (input.Length < 10 || repeaters < 2)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"Lifetime value: not computed, {input.Length} customers bought and {repeaters} of them more than once (at least 10 and 2 are needed)."));
            return null;
        }

        var horizonDays = Math.Max(1, Settings.LifetimeWeeks) * 7;
        var purchasesModel = BgNbd.Fit(input);
        GammaGammaParameters? spend = null;
        try
        {
            spend = GammaGamma.Fit(input);
        }
        catch (ArgumentException e)
        {
            notes.Add("Lifetime value: the spend model could not be fitted (" + e.Message + "); expected purchases only.");
        }

        var values = new Dictionary<long, LifetimeValues>(input.Length);
        if (spend is not null)
        {
            var estimates = LifetimeValue.Estimate(purchasesModel, spend, input, new LifetimeValueOptions(horizonDays, Settings.AnnualDiscountRate));
            var approximated = 0;
            for (var i = 0; i < estimates.Length; i++)
            {
                var e = estimates[i];
                var expected = e.ExpectedPurchases;
                var value = e.LifetimeValue;
                if (!double.IsFinite(expected) || !double.IsFinite(value))
                {
                    (expected, value) = Approximate(purchasesModel, input[i], e.ProbabilityAlive, e.ExpectedAverageSpend, horizonDays);
                    approximated++;
                }

                values[e.CustomerId] = new LifetimeValues(Finite(expected), Probability(e.ProbabilityAlive), Money(e.ExpectedAverageSpend), Money(value));
            }

            if (approximated > 0)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"Lifetime value: the BG/NBD closed form did not give a finite value for {approximated} customers (dropout parameters a = {purchasesModel.A:G3}, b = {purchasesModel.B:G3}); their expected purchases assume no further dropout within the horizon: P(alive) × (r + x) / (α + T) per week."));
            }
        }
        else
        {
            foreach (var c in input)
            {
                var recency = c.Frequency == 0 ? 0 : c.Recency;
                values[c.CustomerId] = new LifetimeValues(
                    Finite(purchasesModel.ConditionalExpectedPurchases(c.Frequency, recency, c.T, horizonDays / 7.0)),
                    Probability(purchasesModel.ProbabilityAlive(c.Frequency, recency, c.T)), null, null);
            }
        }

        var summary = new LifetimeSummary(purchasesModel.R, purchasesModel.Alpha, purchasesModel.A, purchasesModel.B,
            spend?.P, spend?.Q, spend?.V, horizonDays, Settings.AnnualDiscountRate, input.Length);
        return new LifetimeScores(values, summary);
    }

    /// <summary>
    /// Expected purchases and discounted value when the closed form overflows (very large a and b: almost no
    /// heterogeneity in dropout): the customer is alive with P(alive) and, alive, buys at the posterior mean rate
    /// (r + x) / (α + T) per week, with no further dropout within the horizon; cash flows discounted weekly as
    /// <see cref="LifetimeValue"/> does.
    /// </summary>
    private (double Expected, double Value) Approximate(BgNbdParameters model, LifetimeInput customer, double alive, double spend, int horizonDays)
    {
        var weekly = (model.R + customer.Frequency) / (model.Alpha + customer.T);
        var aliveShare = double.IsFinite(alive) ? Math.Clamp(alive, 0, 1) : 1;
        var expected = 0.0;
        var value = 0.0;
        for (var day = 0; day < horizonDays;)
        {
            var next = Math.Min(day + LifetimeValueOptions.StepDays, horizonDays);
            var step = aliveShare * weekly * (next - day) / 7.0;
            expected += step;
            value += step * spend * Math.Pow(1 + Settings.AnnualDiscountRate, -next / 365.25);
            day = next;
        }

        return (expected, value);
    }

    private static double? Finite(double value) => double.IsFinite(value) && value >= 0 ? value : null;

    private static double? Probability(double value) => double.IsFinite(value) ? Math.Clamp(value, 0, 1) : null;

    private static decimal? Money(double value) =>
        double.IsFinite(value) && Math.Abs(value) < (double)Money4.Max / 2 ? Math.Round((decimal)value, 4, MidpointRounding.ToEven) : null;
}
