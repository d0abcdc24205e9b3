using System.Diagnostics;

namespace Vinculo.Bench;

/// <summary>A latency measurement: warm-up calls (discarded), then one timed call per id, sequentially.</summary>
internal static class Measure
{
    /// <param name="DiskKbPerCall">KiB read from storage (page-cache misses) per call, from /proc/self/io.</param>
    public sealed record Outcome(LatencyStats Stats, int Found, int Calls, double OtherCores, double DiskKbPerCall = double.NaN);

    /// <summary>Set from --quiet-wait: how long to wait for other processes to go quiet before each measurement.</summary>
    public static TimeSpan QuietWait { get; set; } = TimeSpan.FromSeconds(60);

    public static async Task<Outcome> Sequential<T>(string name, IReadOnlyList<T> warmup, IReadOnlyList<T> measured, Func<T, ValueTask<bool>> call) =>
        (await Run(name, warmup, measured, call, repeat: false)).First;

    /// <summary>
    /// Like <see cref="Sequential{T}"/>, and every chunk of calls is run a second time right after the first: the
    /// second pass finds the pages the first one just read in the OS page cache ("hot"), whatever the machine's
    /// page-cache policy, so the pair separates storage reads from CPU.
    /// </summary>
    public static async Task<(Outcome First, Outcome Repeat)> Twice<T>(string name, IReadOnlyList<T> warmup, IReadOnlyList<T> measured, Func<T, ValueTask<bool>> call)
    {
        var (first, repeat) = await Run(name, warmup, measured, call, repeat: true);
        return (first, repeat!);
    }

    private static async Task<(Outcome First, Outcome? Repeat)> Run<T>(string name, IReadOnlyList<T> warmup, IReadOnlyList<T> measured, Func<T, ValueTask<bool>> call, bool repeat)
    {
        if (QuietWait > TimeSpan.Zero)
        {
            await CpuUsage.WaitForQuiet(QuietWait);
        }

        var warmed = await Warmup(warmup, call);
        Console.Write($"  {name,-58} warm-up {warmed:N0}...");

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Console.Write($" measuring {measured.Count:N0}{(repeat ? " ×2" : "")}...");
        var passes = repeat ? 2 : 1;
        var ticks = new long[passes][];
        var found = new int[passes];
        var diskBytes = new long[passes];
        var quiet = new CpuUsage.QuietChunks[passes];
        for (var p = 0; p < passes; p++)
        {
            ticks[p] = new long[measured.Count];
            quiet[p] = new CpuUsage.QuietChunks(p == 0 ? QuietWait : TimeSpan.Zero);
        }

        var gcBefore = GC.CollectionCount(0);
        var wall = Stopwatch.StartNew();
        var pid = Environment.ProcessId;
        for (var chunk = 0; chunk < measured.Count; chunk += CpuUsage.QuietChunks.ChunkSize)
        {
            var end = Math.Min(measured.Count, chunk + CpuUsage.QuietChunks.ChunkSize);
            for (var p = 0; p < passes; p++)
            {
                await quiet[p].Before();
                var read0 = CpuUsage.DiskReadBytes(pid);
                for (var i = chunk; i < end; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    var ok = await call(measured[i]);
                    ticks[p][i] = Stopwatch.GetTimestamp() - start;
                    if (ok)
                    {
                        found[p]++;
                    }
                }

                diskBytes[p] += CpuUsage.DiskReadBytes(pid) - read0;
                quiet[p].After();
            }
        }

        wall.Stop();
        var outcomes = Enumerable.Range(0, passes).Select(p => new Outcome(
            LatencyStats.FromTicks(ticks[p]), found[p], measured.Count, quiet[p].OtherCores(), diskBytes[p] / 1024.0 / Math.Max(1, measured.Count))).ToArray();
        var first = outcomes[0];
        var waited = quiet.Aggregate(TimeSpan.Zero, (t, q) => t + q.Waited);
        Console.WriteLine($" p50 {first.Stats.P50Ms:0.000} ms  p99 {first.Stats.P99Ms:0.000} ms" +
                          (repeat ? $" (repeat: p50 {outcomes[1].Stats.P50Ms:0.000} ms  p99 {outcomes[1].Stats.P99Ms:0.000} ms)" : "") +
                          $"  ({first.Found:N0}/{measured.Count:N0} found, disk {first.DiskKbPerCall:0.0} KiB/call, {GC.CollectionCount(0) - gcBefore} gen0 GCs, " +
                          $"{(wall.Elapsed - waited).TotalSeconds:0.0} s + {waited.TotalSeconds:0} s waiting for quiet, other processes {first.OtherCores:0.00} cores)");
        return (first, repeat ? outcomes[1] : null);
    }

    /// <summary>
    /// Runs the warm-up items (cycling) until all ran once and at least <see cref="MinWarmup"/> passed, so tiered
    /// JIT has promoted the hot methods (tier-1 after 30 calls plus a background delay) before timing starts.
    /// </summary>
    public static async Task<int> Warmup<T>(IReadOnlyList<T> warmup, Func<T, ValueTask<bool>> call)
    {
        if (warmup.Count == 0)
        {
            return 0;
        }

        var watch = Stopwatch.StartNew();
        var calls = 0;
        while (calls < warmup.Count || (watch.Elapsed < MinWarmup && watch.Elapsed < MaxWarmup))
        {
            await call(warmup[calls % warmup.Count]);
            calls++;
        }

        return calls;
    }

    public static readonly TimeSpan MinWarmup = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan MaxWarmup = TimeSpan.FromSeconds(60);

    /// <summary>Uniform random ids in [min, max] from a fixed seed.</summary>
    public static long[] RandomIds(int count, long min, long max, int seed)
    {
#pragma warning disable CA5394 // Not security: reproducible benchmark ids.
        var random = new Random(seed);
        var ids = new long[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = random.NextInt64(min, max + 1);
        }
#pragma warning restore CA5394

        return ids;
    }
}
