using System.Diagnostics;

namespace Vinculo.Bench;

/// <summary>Latency figures computed exactly from every sample (sorted; nearest-rank percentiles), in milliseconds.</summary>
internal sealed record LatencyStats(int Count, double MeanMs, double MinMs, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs)
{
    public static LatencyStats FromTicks(IReadOnlyCollection<long> stopwatchTicks)
    {
        if (stopwatchTicks.Count == 0)
        {
            return new LatencyStats(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var sorted = stopwatchTicks.ToArray();
        Array.Sort(sorted);
        var toMs = 1000.0 / Stopwatch.Frequency;
        double At(double p)
        {
            // Nearest rank: the smallest sample such that at least p% of samples are ≤ it.
            var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
            return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)] * toMs;
        }

        var mean = sorted.Average(t => (double)t) * toMs;
        return new LatencyStats(sorted.Length, mean, sorted[0] * toMs, At(50), At(90), At(99), At(99.9), sorted[^1] * toMs);
    }

    /// <summary>From figures already in milliseconds (wrk reports percentiles, not samples).</summary>
    public static LatencyStats FromReported(int count, double meanMs, double p50, double p90, double p99, double maxMs) =>
        new(count, meanMs, double.NaN, p50, p90, p99, double.NaN, maxMs);
}
