using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vinculo.Bench;

/// <summary>Collects every figure; prints the table and writes the JSON document.</summary>
internal sealed class Report
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public sealed record Row(string Key, string Figure, double? P50Ms, double? P99Ms, double? MaxMs, string Other, string Target, bool? Met);

    public sealed record LatencyEntry(string Label, LatencyStats Latency, int Calls, int Found, double? TargetP99Ms, bool? Met, string? Note, double OtherProcessesCores, double DiskKiBPerCall);

    public sealed record HttpEntry(string Label, HttpBench.HttpFigures Figures, double? TargetP99Ms, bool? Met);

    public DateTime StartedUtc { get; } = DateTime.UtcNow;

    public Dictionary<string, object?> Machine { get; } = new();

    public Dictionary<string, object?> Parameters { get; } = new();

    public Dictionary<string, object?> Dataset { get; } = new();

    public Seeding.SeedRecord? Seed { get; set; }

    public bool SeededThisRun { get; set; }

    public Dictionary<string, LatencyEntry> Latencies { get; } = new();

    public Dictionary<string, HttpEntry> Http { get; } = new();

    public Dictionary<string, string> Commands { get; } = new();

    public List<string> Notes { get; } = [];

    public List<Row> Rows { get; } = [];

    public void CollectMachine(string repoRoot)
    {
        Machine["cores"] = Environment.ProcessorCount;
        Machine["cpu"] = CpuModel();
        Machine["memoryGiB"] = Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024, 1);
        Machine["os"] = RuntimeInformation.OSDescription;
        Machine["architecture"] = RuntimeInformation.OSArchitecture.ToString();
        Machine["dotnet"] = RuntimeInformation.FrameworkDescription;
        Machine["runtimeIdentifier"] = RuntimeInformation.RuntimeIdentifier;
        Machine["serverGC"] = System.Runtime.GCSettings.IsServerGC;
        Machine["gitCommit"] = GitCommit(repoRoot);
        Machine["loadAverageAtStart"] = LoadAverage();
        Machine["pageCacheReclaim"] = DamonReclaim();
    }

    /// <summary>
    /// Some VMs run DAMON-based proactive reclaim, which drops page-cache pages untouched for a few tens of seconds:
    /// then a database larger than what a benchmark touches in that window is read from storage, whatever the RAM.
    /// </summary>
    public static string? DamonReclaim()
    {
        const string root = "/sys/kernel/mm/damon/admin/kdamonds";
        try
        {
            if (!Directory.Exists(root))
            {
                return null;
            }

            var parts = new List<string>();
            foreach (var kdamond in Directory.GetDirectories(root))
            {
                var state = Read(Path.Combine(kdamond, "state"));
                foreach (var context in Directory.GetDirectories(Path.Combine(kdamond, "contexts")))
                {
                    var aggregationUs = long.TryParse(Read(Path.Combine(context, "monitoring_attrs", "intervals", "aggr_us")), out var a) ? a : 0;
                    foreach (var scheme in Directory.GetDirectories(Path.Combine(context, "schemes")))
                    {
                        var action = Read(Path.Combine(scheme, "action"));
                        var minAge = long.TryParse(Read(Path.Combine(scheme, "access_pattern", "age", "min")), out var m) ? m : 0;
                        parts.Add($"DAMON {state}: {action} of {Read(Path.Combine(context, "operations"))} regions idle for ≥ {minAge * aggregationUs / 1e6:0} s");
                    }
                }
            }

            return parts.Count == 0 ? null : string.Join("; ", parts);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        static string? Read(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    /// <summary>/proc/loadavg: other work on the machine skews a 2-core benchmark, so record it.</summary>
    public static string? LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void AddSeed(Seeding.SeedRecord seed, double targetInteractionsPerSecond)
    {
        Seed = seed;
        if (seed.Interactions == 0 && seed.Cases > 0)
        {
            // A service-desk dataset: the interactions target does not apply.
            Rows.Add(new Row("seed", $"Seed {seed.Customers:N0} customers + {seed.Cases:N0} cases with {seed.CaseEvents:N0} events" + (SeededThisRun ? "" : " (earlier run, --reuse)"),
                null, null, null,
                $"{seed.Cases / seed.ElapsedSeconds:N0} cases/s, {seed.AllRows / seed.ElapsedSeconds:N0} rows/s all tables, {seed.ElapsedSeconds:N0} s, {(double.IsNaN(seed.OwnCores) ? "" : $"own {seed.OwnCores:0.0} cores, GC pauses {seed.GcPauseSeconds:0} s, written {seed.DiskWriteBytes / 1e9:0.0} GB, ")}others {seed.OtherCores:0.0} cores",
                "", null));
            return;
        }

        var rate = seed.Interactions / seed.ElapsedSeconds;
        var met = rate >= targetInteractionsPerSecond;
        var orderLines = seed.OrderLines > 0 ? $" + {seed.OrderLines:N0} order lines" : "";
        Rows.Add(new Row("seed", $"Seed {seed.Customers:N0} customers + {seed.Interactions:N0} interactions{orderLines}" + (SeededThisRun ? "" : " (earlier run, --reuse)"),
            null, null, null,
            $"{rate:N0} interactions/s, {seed.AllRows / seed.ElapsedSeconds:N0} rows/s all tables, {seed.ElapsedSeconds:N0} s, {(double.IsNaN(seed.OwnCores) ? "" : $"own {seed.OwnCores:0.0} cores, GC pauses {seed.GcPauseSeconds:0} s, written {seed.DiskWriteBytes / 1e9:0} GB, read {seed.DiskReadBytes / 1e9:0.0} GB, ")}others {seed.OtherCores:0.0} cores",
            $"≥ {targetInteractionsPerSecond:N0} interactions/s", met));
    }

    public Dictionary<string, object> Rates { get; } = new();

    public Dictionary<string, object> Imports { get; } = new();

    /// <summary>Service-desk figures that are not latencies (recomputation rates, dataset shape).</summary>
    public Dictionary<string, object> Service { get; } = new();

    /// <summary>File-mode analytics figures (rfm-file): whole-process timings against the pandas reference.</summary>
    public Dictionary<string, object> Files { get; } = new();

    /// <summary>Analytics warehouse loads (warehouse): full and incremental, per table.</summary>
    public Dictionary<string, object> Warehouse { get; } = new();

    /// <summary>Classifiers (models): training and scoring times, test AUC and Brier against the scikit-learn references.</summary>
    public Dictionary<string, object> Models { get; } = new();

    public void AddImport(string key, string label, double linesPerSecond, double seconds, string detail)
    {
        Imports[key] = new { label, linesPerSecond, seconds, detail };
        Rows.Add(new Row(key, label, null, null, null, $"{linesPerSecond:N0} lines/s, {seconds:0.00} s; {detail}", "", null));
    }

    public void AddRate(string key, string label, double perSecond, string detail)
    {
        Rates[key] = new { label = label.Trim(), interactionsPerSecond = perSecond, detail };
        Rows.Add(new Row(key, label, null, null, null, $"{perSecond:N0} interactions/s, {detail}", "", null));
    }

    public void AddLatency(string key, string label, Measure.Outcome outcome, double? targetP99Ms, string? note = null, string? reference = null)
    {
        bool? met = targetP99Ms is { } t ? outcome.Stats.P99Ms <= t : null;
        Latencies[key] = new LatencyEntry(label.Trim(), outcome.Stats, outcome.Calls, outcome.Found, targetP99Ms, met, note, outcome.OtherCores, outcome.DiskKbPerCall);
        var other = $"mean {outcome.Stats.MeanMs:0.000}, {outcome.Found:N0}/{outcome.Calls:N0} found, disk {outcome.DiskKbPerCall:0.0} KiB/call, others {outcome.OtherCores:0.0} cores";
        Rows.Add(new Row(key, label, outcome.Stats.P50Ms, outcome.Stats.P99Ms, outcome.Stats.MaxMs, other,
            targetP99Ms is { } target ? $"p99 ≤ {target:0.##} ms" : reference ?? "", met));
    }

    public void AddHttp(string key, string label, HttpBench.HttpFigures figures, double? targetP99Ms)
    {
        bool? met = targetP99Ms is { } t ? figures.Latency.P99Ms <= t && figures.Errors == 0 : null;
        Http[key] = new HttpEntry(label, figures, targetP99Ms, met);
        Rows.Add(new Row(key, label, figures.Latency.P50Ms, figures.Latency.P99Ms, figures.Latency.MaxMs,
            $"{figures.RequestsPerSecond:N0} req/s, {figures.Errors:N0} errors, CPU/req server {figures.ServerCpuMsPerRequest:0.00} + client {figures.ClientCpuMsPerRequest:0.00} ms, server disk {figures.ServerDiskKbPerRequest:0.0} KiB/req, others {figures.OtherCores:0.0} cores",
            targetP99Ms is { } target ? $"p99 ≤ {target:0.##} ms" : "", met));
    }

    public string Table()
    {
        static string Ms(double? v) => v is { } d && !double.IsNaN(d) ? d.ToString("0.000", CultureInfo.InvariantCulture) : "";
        var headers = new[] { "Figure", "p50 ms", "p99 ms", "max ms", "Other", "Target", "Result" };
        var cells = Rows.Select(r => new[]
        {
            r.Figure, Ms(r.P50Ms), Ms(r.P99Ms), Ms(r.MaxMs), r.Other, r.Target, r.Met switch { true => "met", false => "MISSED", null => "-" },
        }).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        var right = new[] { false, true, true, true, false, false, false };
        var sb = new StringBuilder();
        void Line(string[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                sb.Append(right[i] ? values[i].PadLeft(widths[i]) : values[i].PadRight(widths[i]));
                sb.Append(i == values.Length - 1 ? "" : "  ");
            }

            sb.AppendLine();
        }

        Line(headers);
        sb.AppendLine(new string('-', widths.Sum() + 2 * (widths.Length - 1)));
        foreach (var c in cells)
        {
            Line(c);
        }

        return sb.ToString();
    }

    public void WriteJson(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var document = new
        {
            harness = "Vinculo.Bench",
            startedUtc = StartedUtc,
            finishedUtc = DateTime.UtcNow,
            loadAverageAtEnd = LoadAverage(),
            machine = Machine,
            parameters = Parameters,
            dataset = Dataset,
            seed = Seed is null ? null : new
            {
                seededThisRun = SeededThisRun,
                Seed.Customers,
                Seed.Interactions,
                Seed.AllRows,
                Seed.ElapsedSeconds,
                Seed.WallSeconds,
                otherProcessesCores = Seed.OtherCores,
                ownCores = Seed.OwnCores,
                Seed.DiskReadBytes,
                Seed.DiskWriteBytes,
                Seed.GcPauseSeconds,
                Seed.Gen2Collections,
                interactionsPerSecond = Seed.Interactions / Seed.ElapsedSeconds,
                customersAndInteractionsPerSecond = (Seed.Customers + Seed.Interactions) / Seed.ElapsedSeconds,
                allRowsPerSecond = Seed.AllRows / Seed.ElapsedSeconds,
                Seed.CasesPerCustomer,
                Seed.Cases,
                Seed.CaseEvents,
                Seed.RowsByTable,
                Seed.FinishedUtc,
                targetInteractionsPerSecond = Program.SeedTargetInteractionsPerSecond,
                met = Seed.Interactions / Seed.ElapsedSeconds >= Program.SeedTargetInteractionsPerSecond,
            },
            seedDiagnostics = Rates,
            imports = Imports,
            service = Service.Count == 0 ? null : Service,
            analyticsFiles = Files.Count == 0 ? null : Files,
            warehouse = Warehouse.Count == 0 ? null : Warehouse,
            models = Models.Count == 0 ? null : Models,
            latencies = Latencies,
            http = Http.ToDictionary(kv => kv.Key, kv => new
            {
                kv.Value.Label,
                kv.Value.Figures.Tool,
                kv.Value.Figures.Connections,
                kv.Value.Figures.Seconds,
                kv.Value.Figures.Requests,
                kv.Value.Figures.RequestsPerSecond,
                kv.Value.Figures.Errors,
                kv.Value.Figures.NotFound,
                kv.Value.Figures.MegabytesPerSecond,
                otherProcessesCores = kv.Value.Figures.OtherCores,
                serverCpuMsPerRequest = kv.Value.Figures.ServerCpuMsPerRequest,
                clientCpuMsPerRequest = kv.Value.Figures.ClientCpuMsPerRequest,
                serverDiskKiBPerRequest = kv.Value.Figures.ServerDiskKbPerRequest,
                kv.Value.Figures.Latency,
                kv.Value.TargetP99Ms,
                kv.Value.Met,
                wrkOutput = kv.Value.Figures.Raw,
            }),
            commands = Commands,
            targets = Rows.Select(r => new { r.Key, r.Figure, r.P50Ms, r.P99Ms, r.Other, r.Target, r.Met }),
            notes = Notes,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(document, Json));
    }

    private static string? CpuModel()
    {
        try
        {
            return File.Exists("/proc/cpuinfo")
                ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string? GitCommit(string repoRoot)
    {
        try
        {
            var head = Path.Combine(repoRoot, ".git", "HEAD");
            if (!File.Exists(head))
            {
                return null;
            }

            var text = File.ReadAllText(head).Trim();
            if (!text.StartsWith("ref: ", StringComparison.Ordinal))
            {
                return text;
            }

            var reference = Path.Combine(repoRoot, ".git", text[5..]);
            return File.Exists(reference) ? File.ReadAllText(reference).Trim() : text[5..];
        }
        catch (IOException)
        {
            return null;
        }
    }
}
