using System.Globalization;
using System.Text;
using System.Text.Json;
using Vinculo.Domain.Analytics.Lifetime;

namespace Vinculo.Core.Analytics.Files;

/// <summary>What <see cref="ClvFile.Run"/> computed: the per-customer rows and both models.</summary>
public sealed record ClvFileResult(
    LifetimeInput[] Customers,
    LifetimeEstimate[] Estimates,
    BgNbdParameters Purchases,
    GammaGammaParameters Spend,
    DateOnly CalibrationEnd,
    string TimeUnit,
    LifetimeValueOptions Options);

/// <summary>
/// Lifetime value of a transaction file, no database: the calibration summary (<see cref="RepeatPurchases"/>), BG/NBD
/// and Gamma-Gamma fitted by maximum likelihood, and each customer's expected purchases, P(alive), expected spend and
/// lifetime value (<see cref="LifetimeValue"/>).
/// </summary>
public static class ClvFile
{
    public const string Header = "customer,frequency,recency,T,monetary_value,expected_purchases,p_alive,expected_average_spend,clv";

    /// <param name="calibrationEnd">Purchases after this day are left out; null: the file's last purchase day.</param>
    /// <param name="timeUnit">"weeks" or "days".</param>
    public static ClvFileResult Run(PurchaseLog log, DateOnly? calibrationEnd, string timeUnit, int horizonDays, double annualDiscountRate)
    {
        if (log.Count == 0)
        {
            throw new InvalidOperationException("The file has no purchases (lines with a quantity above zero and a customer).");
        }

        var daysPerUnit = timeUnit switch
        {
            "weeks" => 7.0,
            "days" => 1.0,
            _ => throw new ArgumentException($"Unknown time unit '{timeUnit}': weeks or days.", nameof(timeUnit)),
        };
        var end = calibrationEnd ?? DateOnly.FromDayNumber(log.LastDay);
        var purchases = new DatedPurchase[log.Count];
        var ids = log.CustomerIds;
        var customer = log.Customer;
        var day = log.Day;
        var amount = log.Amount;
        for (var i = 0; i < purchases.Length; i++)
        {
            purchases[i] = new DatedPurchase(ids[customer[i]], DateOnly.FromDayNumber(day[i]), amount[i]);
        }

        var summary = RepeatPurchases.Summarise(purchases, end, daysPerUnit);
        if (summary.Length == 0)
        {
            throw new InvalidOperationException($"No purchase on or before the calibration end {end:yyyy-MM-dd}.");
        }

        var bgnbd = BgNbd.Fit(summary);
        GammaGammaParameters gammaGamma;
        try
        {
            gammaGamma = GammaGamma.Fit(summary);
        }
        catch (ArgumentException)
        {
            throw new InvalidOperationException("No customer has a repeat purchase with a positive spend before the calibration end: the spend model cannot be fitted.");
        }

        var options = new LifetimeValueOptions(horizonDays, annualDiscountRate, daysPerUnit);
        var estimates = LifetimeValue.Estimate(bgnbd, gammaGamma, summary, options);
        return new ClvFileResult(summary, estimates, bgnbd, gammaGamma, end, timeUnit, options);
    }

    /// <summary>One row per customer in ascending customer id; times in the model's unit; money rounded to 4 decimals, the rest to 6.</summary>
    public static void WriteCsv(TextWriter writer, ClvFileResult result)
    {
        writer.Write(Header);
        writer.Write('\n');
        var line = new StringBuilder(160);
        for (var i = 0; i < result.Customers.Length; i++)
        {
            var c = result.Customers[i];
            var e = result.Estimates[i];
            line.Clear();
            line.Append(c.CustomerId.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(c.Frequency.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Number(c.Recency, 6)).Append(',')
                .Append(Number(c.T, 6)).Append(',')
                .Append(Math.Round(c.MonetaryValue, 4, MidpointRounding.AwayFromZero).ToString("0.####", CultureInfo.InvariantCulture)).Append(',')
                .Append(Number(e.ExpectedPurchases, 6)).Append(',')
                .Append(Number(e.ProbabilityAlive, 6)).Append(',')
                .Append(Number(e.ExpectedAverageSpend, 4)).Append(',')
                .Append(Number(e.LifetimeValue, 4)).Append('\n');
            writer.Write(line);
        }
    }

    /// <summary>The fitted parameters, log-likelihoods, customers, calibration end, time unit and CLV options as JSON (camelCase).</summary>
    public static void WriteParameters(TextWriter writer, ClvFileResult result)
    {
        var document = new
        {
            calibrationEnd = result.CalibrationEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            timeUnit = result.TimeUnit,
            customers = result.Customers.Length,
            bgNbd = new
            {
                r = result.Purchases.R,
                alpha = result.Purchases.Alpha,
                a = result.Purchases.A,
                b = result.Purchases.B,
                logLikelihood = result.Purchases.LogLikelihood,
                customers = result.Purchases.Customers,
            },
            gammaGamma = new
            {
                p = result.Spend.P,
                q = result.Spend.Q,
                v = result.Spend.V,
                logLikelihood = result.Spend.LogLikelihood,
                customers = result.Spend.Customers,
                populationMeanSpend = result.Spend.PopulationMeanSpend,
            },
            lifetimeValue = new
            {
                horizonDays = result.Options.HorizonDays,
                annualDiscountRate = result.Options.AnnualDiscountRate,
                stepDays = LifetimeValueOptions.StepDays,
            },
        };
        writer.Write(JsonSerializer.Serialize(document, JsonOptions));
        writer.Write('\n');
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private static string Number(double value, int decimals) =>
        double.IsFinite(value)
            ? Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture)
            : "";
}
