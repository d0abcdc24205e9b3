using Vinculo.Core.Analytics.Files;

namespace Vinculo.Core.Tests.Analytics.Files;

public sealed class ClvFileTests
{
    private static readonly DateOnly CalibrationEnd = new(1997, 9, 30);

    private static void Within(double expected, double actual, double relative) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected), $"expected {expected} ± {relative:P1}, got {actual}");

    [CdnowSampleFact]
    public void The_cdnow_sample_gives_the_papers_bg_nbd_estimates_and_the_lifetimes_gamma_gamma_ones()
    {
        var log = TransactionFileReader.Read(CdnowFiles.Sample!, TransactionFileFormat.Cdnow);

        var result = ClvFile.Run(log, CalibrationEnd, "weeks", 364, 0.10);

        Assert.Equal(2357, result.Customers.Length);
        // Fader, Hardie & Lee (2005): r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4.
        Within(0.243, result.Purchases.R, 0.01);
        Within(4.414, result.Purchases.Alpha, 0.01);
        Within(0.793, result.Purchases.A, 0.01);
        Within(2.426, result.Purchases.B, 0.01);
        Assert.Equal(-9582.4, result.Purchases.LogLikelihood, 0.1);
        // lifetimes' documented Gamma-Gamma example on the same customers: p ≈ 6.25, q ≈ 3.74, v ≈ 15.45 (946 repeat customers).
        Assert.Equal(946, result.Spend.Customers);
        Within(6.25, result.Spend.P, 0.01);
        Within(3.74, result.Spend.Q, 0.01);
        Within(15.45, result.Spend.V, 0.01);
        // Repeat purchase periods: same-day records collapse (2,457 repeat days in the calibration period).
        Assert.Equal(2457, result.Customers.Sum(c => c.Frequency));
    }

    [Fact]
    public void The_committed_cdnow_slice_fits_as_scipy_does()
    {
        var log = TransactionFileReader.Read(CdnowFiles.Slice, TransactionFileFormat.Cdnow);

        var result = ClvFile.Run(log, CalibrationEnd, "weeks", 364, 0.10);

        // scipy 1.10 (Nelder–Mead then BFGS on the same likelihoods in numpy) on the same 150 customers.
        Assert.Equal(150, result.Customers.Length);
        Within(0.2446761, result.Purchases.R, 1e-4);
        Within(4.98017844, result.Purchases.Alpha, 1e-4);
        Within(0.19794254, result.Purchases.A, 1e-4);
        Within(0.45877293, result.Purchases.B, 1e-4);
        Assert.Equal(-673.1051491182614, result.Purchases.LogLikelihood, 1e-6);
        Assert.Equal(61, result.Spend.Customers);
        Within(6.47598303, result.Spend.P, 1e-4);
        Within(4.10587848, result.Spend.Q, 1e-4);
        Within(16.23431788, result.Spend.V, 1e-4);
        Assert.Equal(-258.54484383759734, result.Spend.LogLikelihood, 1e-6);

        var zero = Array.FindIndex(result.Customers, c => c.Frequency == 0);
        Assert.Equal(1.0, result.Estimates[zero].ProbabilityAlive);
        Assert.Equal(result.Spend.PopulationMeanSpend, result.Estimates[zero].ExpectedAverageSpend, 1e-12);
    }

    [Fact]
    public void The_output_is_the_same_bytes_every_time()
    {
        string Once()
        {
            var result = ClvFile.Run(TransactionFileReader.Read(CdnowFiles.Slice, TransactionFileFormat.Cdnow), CalibrationEnd, "weeks", 364, 0.10);
            var csv = new StringWriter();
            ClvFile.WriteCsv(csv, result);
            var json = new StringWriter();
            ClvFile.WriteParameters(json, result);
            return csv + json.ToString();
        }

        var first = Once();
        Assert.Equal(first, Once());
        Assert.StartsWith(ClvFile.Header + "\n4,2,30.428571,38.857143,22.345,", first, StringComparison.Ordinal);
        Assert.Contains("\"calibrationEnd\": \"1997-09-30\"", first, StringComparison.Ordinal);
        Assert.Contains("\"timeUnit\": \"weeks\"", first, StringComparison.Ordinal);
    }

    [Fact]
    public void Days_as_the_time_unit_scale_the_rate_parameter_only()
    {
        var log = TransactionFileReader.Read(CdnowFiles.Slice, TransactionFileFormat.Cdnow);
        var weeks = ClvFile.Run(log, CalibrationEnd, "weeks", 364, 0.10);
        var days = ClvFile.Run(log, CalibrationEnd, "days", 364, 0.10);

        Within(weeks.Purchases.Alpha * 7, days.Purchases.Alpha, 1e-4);
        Within(weeks.Purchases.R, days.Purchases.R, 1e-4);
        Within(weeks.Estimates[0].LifetimeValue, days.Estimates[0].LifetimeValue, 1e-4);
    }
}
