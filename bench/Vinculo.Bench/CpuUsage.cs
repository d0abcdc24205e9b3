using System.Globalization;

namespace Vinculo.Bench;

/// <summary>
/// How much CPU other processes took while we measured (Linux /proc): on a 2-core machine a parallel build or test
/// run moves the tail latencies a lot, so every figure carries this next to it.
/// </summary>
internal static class CpuUsage
{
    public readonly record struct Snapshot(long TotalBusyTicks, long OursTicks, DateTime At);

    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>Busy ticks of the whole machine and of this process plus <paramref name="pids"/> (the web host).</summary>
    public static Snapshot Take(params int[] pids)
    {
        try
        {
            var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // user nice system idle iowait irq softirq steal ...
            long Field(int i) => i < cpu.Length ? long.Parse(cpu[i], CultureInfo.InvariantCulture) : 0;
            var busy = Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8);
            var ours = ProcessTicks(Environment.ProcessId) + pids.Sum(ProcessTicks);
            return new Snapshot(busy, ours, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return new Snapshot(0, 0, DateTime.UtcNow);
        }
    }

    /// <summary>
    /// Bytes the process (and its reaped children) really read from storage, i.e. page-cache misses, from
    /// /proc/PID/io; 0 when unknown.
    /// </summary>
    public static long DiskReadBytes(int pid) => IoField(pid, "read_bytes");

    public static long DiskWriteBytes(int pid) => IoField(pid, "write_bytes");

    private static long IoField(int pid, string name)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/io"))
            {
                if (line.StartsWith(name + ":", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(name.Length + 1).Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
        }

        return 0;
    }

    public static double TicksToMs(long ticks) => ticks * 1000.0 / TicksPerSecond;

    /// <summary>Average number of cores other processes kept busy between two snapshots (NaN when unknown).</summary>
    public static double OtherCores(Snapshot from, Snapshot to)
    {
        var seconds = (to.At - from.At).TotalSeconds;
        if (from.TotalBusyTicks == 0 || seconds <= 0)
        {
            return double.NaN;
        }

        var other = (to.TotalBusyTicks - from.TotalBusyTicks) - (to.OursTicks - from.OursTicks);
        return Math.Max(0, other / TicksPerSecond / seconds);
    }

    /// <summary>utime + stime + reaped children's, in clock ticks; 0 when unknown.</summary>
    public static long ProcessTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name "(...)": state is field 3; utime 14, stime 15, cutime 16, cstime 17.
            var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture) +
                   long.Parse(rest[13], CultureInfo.InvariantCulture) + long.Parse(rest[14], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }

    /// <summary>
    /// Waits (at most <paramref name="maxWait"/>) until other processes use less than <paramref name="threshold"/>
    /// cores over a 2-second window, so a parallel build does not land in the middle of a measurement.
    /// </summary>
    public static Task<double> WaitForQuiet(TimeSpan maxWait, double threshold = 0.25, params int[] pids) =>
        WaitForQuiet(maxWait, threshold, TimeSpan.FromSeconds(2), verbose: true, pids);

    public static async Task<double> WaitForQuiet(TimeSpan maxWait, double threshold, TimeSpan window, bool verbose, params int[] pids)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var announced = false;
        while (true)
        {
            var a = Take(pids);
            await Task.Delay(window);
            var others = OtherCores(a, Take(pids));
            if (double.IsNaN(others) || others < threshold || waited.Elapsed >= maxWait)
            {
                if (announced && verbose)
                {
                    Console.WriteLine($"    ...{(others < threshold ? "quiet" : "still busy, going on")} after {waited.Elapsed.TotalSeconds:0} s (other processes {others:0.00} cores)");
                }

                return others;
            }

            if (!announced && verbose)
            {
                Console.WriteLine($"    waiting up to {maxWait.TotalSeconds:0} s for other processes to go quiet (now {others:0.00} cores)...");
                announced = true;
            }
        }
    }

    /// <summary>
    /// Splits a measurement into chunks: before each chunk it waits (briefly, silently) for other processes to go
    /// quiet, and it accounts other processes' CPU only while chunks run.
    /// </summary>
    public sealed class QuietChunks(TimeSpan maxWait, params int[] pids)
    {
        public const int ChunkSize = 1000;

        private Snapshot _start;
        private double _coreSeconds;
        private double _seconds;

        public int Waits { get; private set; }

        public TimeSpan Waited { get; private set; }

        public async Task Before()
        {
            if (maxWait > TimeSpan.Zero)
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                await WaitForQuiet(maxWait, 0.25, TimeSpan.FromMilliseconds(500), verbose: false, pids);
                Waited += watch.Elapsed;
                Waits++;
            }

            _start = Take(pids);
        }

        public void After()
        {
            var end = Take(pids);
            var seconds = (end.At - _start.At).TotalSeconds;
            var cores = CpuUsage.OtherCores(_start, end);
            if (!double.IsNaN(cores))
            {
                _coreSeconds += cores * seconds;
                _seconds += seconds;
            }
        }

        public double OtherCores() => _seconds > 0 ? _coreSeconds / _seconds : double.NaN;
    }
}
