using System.Diagnostics;
using System.Globalization;

namespace Vinculo.Bench;

/// <summary>
/// `vinculo analytics rfm` on the full Online Retail file as a whole process (start to exit), N times, against the
/// pandas script with the same definitions (bench/reference/rfm_pandas.py) when /usr/bin/python3 has pandas; checks
/// that both write the same CSV. Target: at most half the pandas time the team measured on this machine (1.47 s).
/// </summary>
internal static class RfmFileBench
{
    public const int Runs = 7;
    public const double PandasReferenceSeconds = 1.47;
    public const double TargetSeconds = PandasReferenceSeconds / 2;
    private const string Python = "/usr/bin/python3";

    public static async Task Run(Report report, BenchOptions options, string repoRoot)
    {
        var file = options.OnlineRetail ?? Path.Combine(repoRoot, "..", "shared", "datasets", "online-retail", "online_retail.csv.gz");
        var cli = Path.Combine(repoRoot, "src", "Vinculo.Cli", "bin", "Release", "net10.0", "vinculo");
        if (!File.Exists(file) || !File.Exists(cli))
        {
            Console.WriteLine($"RFM on a file: {(File.Exists(file) ? cli + " (build it with `dotnet build -c Release src/Vinculo.Cli`)" : file)} not found; skipped.");
            report.Notes.Add("rfm-file skipped: the Online Retail file or the Release CLI was not found.");
            return;
        }

        file = Path.GetFullPath(file);
        var folder = Path.Combine(Path.GetTempPath(), "vinculo-bench-rfm");
        Directory.CreateDirectory(folder);
        var ours = Path.Combine(folder, "rfm-vinculo.csv");
        var theirs = Path.Combine(folder, "rfm-pandas.csv");
        Console.WriteLine($"RFM of {file} as a whole process, {Runs} runs each (plus one warm-up run not counted):");

        var vinculo = await Time("vinculo", cli, ["analytics", "rfm", "--transactions", file, "--format", "online-retail", "--out", ours], options);
        var entry = new Dictionary<string, object?>
        {
            ["file"] = file,
            ["runs"] = Runs,
            ["command"] = $"{cli} analytics rfm --transactions {file} --format online-retail --out rfm.csv",
            ["vinculo"] = vinculo,
            ["targetSeconds"] = TargetSeconds,
            ["pandasReferenceSeconds"] = PandasReferenceSeconds,
            ["met"] = vinculo.MedianSeconds <= TargetSeconds,
        };

        var script = Path.Combine(repoRoot, "bench", "reference", "rfm_pandas.py");
        if (File.Exists(Python) && await Succeeds(Python, ["-c", "import pandas"]))
        {
            var pandas = await Time("pandas", Python, [script, file, theirs], options);
            var same = File.ReadAllBytes(ours).AsSpan().SequenceEqual(File.ReadAllBytes(theirs));
            entry["pandas"] = pandas;
            entry["pandasCommand"] = $"{Python} bench/reference/rfm_pandas.py {file} rfm.csv";
            entry["sameCsvAsPandas"] = same;
            entry["customers"] = File.ReadLines(ours).Count() - 1;
            entry["ratioToPandasMeasuredNow"] = vinculo.MedianSeconds / pandas.MedianSeconds;
            report.Rows.Add(new Report.Row("rfm-file.pandas", "RFM on Online Retail, pandas reference script (whole process)",
                pandas.MedianSeconds * 1000, null, pandas.MaxSeconds * 1000,
                $"min {pandas.MinSeconds:0.000} s, CPU {pandas.MedianCpuSeconds:0.000} s; same CSV as vinculo: {(same ? "yes" : "NO")}", "reference", null));
            if (!same)
            {
                report.Notes.Add("rfm-file: the vinculo CSV differs from the pandas script's.");
            }
        }
        else
        {
            report.Notes.Add("rfm-file: /usr/bin/python3 with pandas not found; the pandas reference was not timed.");
        }

        report.Rows.Add(new Report.Row("rfm-file.vinculo", "RFM on Online Retail, `vinculo analytics rfm` (whole process)",
            vinculo.MedianSeconds * 1000, null, vinculo.MaxSeconds * 1000,
            $"min {vinculo.MinSeconds:0.000} s, CPU {vinculo.MedianCpuSeconds:0.000} s, others {vinculo.OtherCores:0.0} cores",
            $"median ≤ {TargetSeconds * 1000:0} ms", vinculo.MedianSeconds <= TargetSeconds));
        report.Files["rfm-file"] = entry;
    }

    /// <summary>Wall time (start to exit) and CPU time (user + system of the reaped child, from /proc/self/stat's cutime and cstime) of each run.</summary>
    public sealed record Timing(double MedianSeconds, double MinSeconds, double MaxSeconds, double MedianCpuSeconds, double OtherCores, double[] WallSeconds, double[] CpuSeconds);

    private static async Task<Timing> Time(string label, string program, string[] arguments, BenchOptions options)
    {
        var wall = new List<double>();
        var cpu = new List<double>();
        var others = new List<double>();
        for (var i = 0; i <= Runs; i++)
        {
            await CpuUsage.WaitForQuiet(options.QuietWait);
            var before = ChildrenCpuSeconds();
            var load = CpuUsage.Take();
            var stopwatch = Stopwatch.StartNew();
            var (exit, errors) = await RunProcess(program, arguments);
            stopwatch.Stop();
            var other = CpuUsage.OtherCores(load, CpuUsage.Take());
            var used = ChildrenCpuSeconds() - before;
            if (exit != 0)
            {
                throw new InvalidOperationException($"{label} exited with {exit}: {errors}");
            }

            if (i == 0)
            {
                Console.WriteLine($"  {label} warm-up: {stopwatch.Elapsed.TotalSeconds:0.000} s");
                continue;
            }

            wall.Add(stopwatch.Elapsed.TotalSeconds);
            cpu.Add(used);
            others.Add(other);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {label} run {i}: {stopwatch.Elapsed.TotalSeconds:0.000} s wall, {used:0.000} s CPU (other processes {other:0.0} cores)"));
        }

        static double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);
        return new Timing(Median(wall), wall.Min(), wall.Max(), Median(cpu), Median(others), [.. wall], [.. cpu]);
    }

    private static async Task<(int Exit, string Errors)> RunProcess(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        _ = await stdout;
        return (process.ExitCode, await stderr);
    }

    private static async Task<bool> Succeeds(string program, string[] arguments)
    {
        try
        {
            return (await RunProcess(program, arguments)).Exit == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>CPU seconds of this process's terminated and waited-for children (RUSAGE_CHILDREN); 0 where not available.</summary>
    private static double ChildrenCpuSeconds()
    {
        if (!File.Exists("/proc/self/stat"))
        {
            return 0;
        }

        // Fields after the command name: state is field 3, cutime and cstime are fields 16 and 17 (clock ticks).
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        return CpuUsage.TicksToMs(ticks) / 1000;
    }
}
