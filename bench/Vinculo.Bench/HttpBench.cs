using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Vinculo.Bench;

/// <summary>
/// GET /api/v1/customers/{id}/360 against the real web host: C concurrent HttpClient loops over random ids for a
/// fixed duration after a warm-up; then the same load with wrk when it is installed.
/// </summary>
internal static partial class HttpBench
{
    public const string HarnessKey = "http360.harness";
    public const string WrkKey = "http360.wrk";
    public const string SingleKey = "http360.singleConnection";
    public const string HotKey = "http360.hotSet";
    public const double TargetP99Ms = 10.0;

    public static async Task Run(Report report, BenchOptions options, string repoRoot, string connectionString, string resultsDir, long minId, long maxId)
    {
        var dll = WebHostProcess.FindDll(repoRoot, options.WebDll);
        var logPath = Path.Combine(resultsDir, $"{options.Name}-web.log");
        Console.WriteLine($"HTTP: starting {dll} (log {logPath})");
        var started = Stopwatch.StartNew();
        await using var host = await WebHostProcess.Start(dll, connectionString, logPath, options.WebEnvironment);
        Console.WriteLine($"  Vinculo.Web (pid {host.ProcessId}) healthy at {host.BaseUrl} after {started.Elapsed.TotalSeconds:0.0} s");
        var token = await host.Token();

        var sample = (minId + maxId) / 2;
        var lua = Path.Combine(repoRoot, "bench", "wrk", "customer360.lua");
        var d = options.HttpSeconds;
        var c = options.HttpConnections;
        var tokenCommand =
            $"TOKEN=$(curl -s -X POST {host.BaseUrl}/api/v1/auth/token -H 'Content-Type: application/json' " +
            $"-d '{{\"email\":\"{WebHostProcess.AdminEmail}\",\"password\":\"{WebHostProcess.AdminPassword}\"}}' | sed -E 's/.*\"accessToken\":\"([^\"]+)\".*/\\1/')";
        var wrkOne = $"wrk -t2 -c{c} -d{d}s --latency -H \"Authorization: Bearer $TOKEN\" {host.BaseUrl}/api/v1/customers/{sample}/360";
        var wrkRotate = $"VINCULO_MIN_ID={minId} VINCULO_MAX_ID={maxId} wrk -t2 -c{c} -d{d}s --latency -s bench/wrk/customer360.lua " +
                        $"-H \"Authorization: Bearer $TOKEN\" {host.BaseUrl}/api/v1/customers/{sample}/360";
        Console.WriteLine("  Reproduce with wrk while this host runs (or start Vinculo.Web yourself, see bench/README.md):");
        Console.WriteLine($"    {tokenCommand}");
        Console.WriteLine($"    {wrkOne}");
        Console.WriteLine($"    {wrkRotate}");
        report.Commands["token"] = tokenCommand;
        report.Commands["wrkSingleId"] = wrkOne;
        report.Commands["wrkRotatingIds"] = wrkRotate;

        // The harness's own load: a warm-up, one connection (service time without queueing), then C connections.
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = c,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        using var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = new Uri(host.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        Console.WriteLine($"  harness: warm-up {options.HttpWarmupSeconds} s with {c} connections");
        await Phase(client, c, TimeSpan.FromSeconds(options.HttpWarmupSeconds), minId, maxId, options.RandomSeed + 300, host.ProcessId);

        await Quiet(options, host.ProcessId);
        var singleSeconds = Math.Clamp(d / 4, 3, 10);
        var single = await Phase(client, 1, TimeSpan.FromSeconds(singleSeconds), minId, maxId, options.RandomSeed + 250, host.ProcessId);
        report.AddHttp(SingleKey, "  diag: HTTP 360, 1 connection (no queueing)", single, null);
        Print("harness, 1 connection", single);

        await Quiet(options, host.ProcessId);
        var figures = await Phase(client, c, TimeSpan.FromSeconds(d), minId, maxId, options.RandomSeed + 200, host.ProcessId);
        report.AddHttp(HarnessKey, $"HTTP GET /customers/{{id}}/360, {c} conns, harness loops", figures, TargetP99Ms);
        Print($"harness, {c} connections", figures);

        // Diagnostic: the same load over a hot set of 5,000 random customers, touched once first and then every few
        // seconds, so their pages stay in the OS cache: the web stack's own limits, without storage reads.
        var hotSet = Measure.RandomIds(5_000, minId, maxId, options.RandomSeed + 400);
        var cursor = -1;
        await Phase(client, c, TimeSpan.FromSeconds(30), _ => () =>
        {
            var i = Interlocked.Increment(ref cursor);
            return i < hotSet.Length ? hotSet[i] : hotSet[i % hotSet.Length];
        }, host.ProcessId, stopAfter: hotSet.Length);
        var hot = await Phase(client, c, TimeSpan.FromSeconds(Math.Clamp(d / 2, 5, 20)), i =>
        {
#pragma warning disable CA5394 // Not security: reproducible benchmark ids.
            var random = new Random(options.RandomSeed + 500 + i);
            return () => hotSet[random.Next(hotSet.Length)];
#pragma warning restore CA5394
        }, host.ProcessId);
        report.AddHttp(HotKey, $"  diag: same, {c} conns over a hot set of 5,000 customers", hot, TargetP99Ms);
        Print($"harness, {c} connections, hot set", hot);

        // wrk, same load, if installed.
        var wrkPath = new[] { "/usr/bin/wrk", "/usr/local/bin/wrk" }.FirstOrDefault(File.Exists);
        if (options.Wrk && wrkPath is not null && File.Exists(lua))
        {
            await Quiet(options, host.ProcessId);
            var cpu = CpuUsage.Take(host.ProcessId);
            var web0 = CpuUsage.ProcessTicks(host.ProcessId);
            var disk0 = CpuUsage.DiskReadBytes(host.ProcessId);
            var own0 = CpuUsage.ProcessTicks(Environment.ProcessId);
            var wrk = await RunWrk(wrkPath, lua, host.BaseUrl, token, minId, maxId, c, d, sample);
            if (wrk is not null)
            {
                // wrk is our child: once reaped its CPU time counts in our cutime/cstime, so it is "ours", not "other".
                wrk.OtherCores = CpuUsage.OtherCores(cpu, CpuUsage.Take(host.ProcessId));
                wrk.ServerCpuMsPerRequest = CpuUsage.TicksToMs(CpuUsage.ProcessTicks(host.ProcessId) - web0) / wrk.Requests;
                wrk.ClientCpuMsPerRequest = CpuUsage.TicksToMs(CpuUsage.ProcessTicks(Environment.ProcessId) - own0) / wrk.Requests;
                wrk.ServerDiskKbPerRequest = (CpuUsage.DiskReadBytes(host.ProcessId) - disk0) / 1024.0 / wrk.Requests;
                report.AddHttp(WrkKey, $"HTTP GET /customers/{{id}}/360, {c} conns, wrk -t2", wrk, TargetP99Ms);
                Print("wrk -t2", wrk);
            }
        }
        else
        {
            Console.WriteLine(options.Wrk ? "  wrk not found: skipped." : "  wrk skipped (--no-wrk).");
        }
    }

    private static async Task Quiet(BenchOptions options, int webPid)
    {
        if (options.QuietWaitSeconds > 0)
        {
            await CpuUsage.WaitForQuiet(options.QuietWait, 0.25, webPid);
        }
    }

    private static void Print(string what, HttpFigures f) =>
        Console.WriteLine($"  {what}: {f.RequestsPerSecond:N0} req/s, p50 {f.Latency.P50Ms:0.000} ms, p99 {f.Latency.P99Ms:0.000} ms, " +
                          $"{f.Errors:N0} errors, {f.NotFound:N0} not found; CPU per request: server {f.ServerCpuMsPerRequest:0.000} ms, " +
                          $"client {f.ClientCpuMsPerRequest:0.000} ms; server disk reads {f.ServerDiskKbPerRequest:0.0} KiB/request; other processes {f.OtherCores:0.00} cores");

    internal sealed record HttpFigures(
        string Tool, int Connections, double Seconds, long Requests, double RequestsPerSecond, long Errors, long NotFound,
        LatencyStats Latency, double MegabytesPerSecond, string? Raw = null)
    {
        public double OtherCores { get; set; } = double.NaN;

        /// <summary>CPU time of the web host process per request (all its threads), from /proc.</summary>
        public double ServerCpuMsPerRequest { get; set; } = double.NaN;

        /// <summary>CPU time of the load generator per request (the harness's loops or wrk).</summary>
        public double ClientCpuMsPerRequest { get; set; } = double.NaN;

        /// <summary>KiB the web host read from storage (page-cache misses) per request.</summary>
        public double ServerDiskKbPerRequest { get; set; } = double.NaN;
    }

    /// <summary>C loops, each sending one request at a time over random ids, for a fixed duration.</summary>
    private static Task<HttpFigures> Phase(HttpClient client, int connections, TimeSpan duration, long minId, long maxId, int seed, int webPid) =>
        Phase(client, connections, duration, i => new IdStream(minId, maxId, seed + i).Next, webPid);

    private static async Task<HttpFigures> Phase(HttpClient client, int connections, TimeSpan duration, Func<int, Func<long>> idSource, int webPid, long stopAfter = long.MaxValue)
    {
        var cpu = CpuUsage.Take(webPid);
        var disk0 = CpuUsage.DiskReadBytes(webPid);
        var web0 = CpuUsage.ProcessTicks(webPid);
        var own0 = CpuUsage.ProcessTicks(Environment.ProcessId);
        var t0 = Stopwatch.GetTimestamp();
        var until = t0 + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long sent = 0;
        var loops = Enumerable.Range(0, connections).Select(i => Task.Run(() => Loop(i))).ToArray();
        var results = await Task.WhenAll(loops);
        var web1 = CpuUsage.ProcessTicks(webPid);
        var disk1 = CpuUsage.DiskReadBytes(webPid);
        var own1 = CpuUsage.ProcessTicks(Environment.ProcessId);
        var others = CpuUsage.OtherCores(cpu, CpuUsage.Take(webPid));

        var samples = results.SelectMany(r => r.Samples).ToList();
        var seconds = (double)(results.Max(r => r.LastEnd) - t0) / Stopwatch.Frequency;
        var bytes = results.Sum(r => r.Bytes);
        return new HttpFigures("harness", connections, seconds, samples.Count, samples.Count / seconds, results.Sum(r => r.Errors),
            results.Sum(r => r.NotFound), LatencyStats.FromTicks(samples), bytes / seconds / 1e6)
        {
            OtherCores = others,
            ServerCpuMsPerRequest = CpuUsage.TicksToMs(web1 - web0) / Math.Max(1, samples.Count),
            ClientCpuMsPerRequest = CpuUsage.TicksToMs(own1 - own0) / Math.Max(1, samples.Count),
            ServerDiskKbPerRequest = (disk1 - disk0) / 1024.0 / Math.Max(1, samples.Count),
        };

        async Task<LoopResult> Loop(int index)
        {
            var next = idSource(index);
            var result = new LoopResult();
            while (true)
            {
                var start = Stopwatch.GetTimestamp();
                if (start >= until || Interlocked.Increment(ref sent) > stopAfter)
                {
                    return result;
                }

                var id = next();
                try
                {
                    using var response = await client.GetAsync(new Uri($"/api/v1/customers/{id}/360", UriKind.Relative));
                    var body = await response.Content.ReadAsByteArrayAsync();
                    var end = Stopwatch.GetTimestamp();
                    result.Samples.Add(end - start);
                    result.LastEnd = end;
                    result.Bytes += body.Length;
                    if (response.StatusCode == HttpStatusCode.NotFound)
                    {
                        result.NotFound++;
                    }
                    else if (!response.IsSuccessStatusCode)
                    {
                        result.Errors++;
                    }
                }
                catch (HttpRequestException)
                {
                    result.Errors++;
                    result.LastEnd = Stopwatch.GetTimestamp();
                }
            }
        }
    }

    private sealed class LoopResult
    {
        public List<long> Samples { get; } = new(100_000);
        public long LastEnd { get; set; }
        public long Bytes { get; set; }
        public long Errors { get; set; }
        public long NotFound { get; set; }
    }

    private sealed class IdStream(long min, long max, int seed)
    {
#pragma warning disable CA5394 // Not security: reproducible benchmark ids.
        private readonly Random _random = new(seed);

        public long Next() => _random.NextInt64(min, max + 1);
#pragma warning restore CA5394
    }

    private static async Task<HttpFigures?> RunWrk(string wrk, string lua, string baseUrl, string token, long minId, long maxId, int connections, int seconds, long sample)
    {
        var info = new ProcessStartInfo(wrk)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "-t2", $"-c{connections}", $"-d{seconds}s", "--latency", "-s", lua, "-H", $"Authorization: Bearer {token}",
                     $"{baseUrl}/api/v1/customers/{sample}/360",
                 })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["VINCULO_MIN_ID"] = minId.ToString(CultureInfo.InvariantCulture);
        info.Environment["VINCULO_MAX_ID"] = maxId.ToString(CultureInfo.InvariantCulture);
        Console.WriteLine($"  wrk -t2 -c{connections} -d{seconds}s --latency -s {lua} (ids {minId}..{maxId})");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start wrk");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout;
        var errors = await stderr;
        if (process.ExitCode != 0)
        {
            Console.WriteLine($"  wrk failed ({process.ExitCode}): {errors}");
            return null;
        }

        return ParseWrk(output, connections);
    }

    /// <summary>Reads wrk's summary: latency distribution (with --latency), request count, requests/s, non-2xx.</summary>
    internal static HttpFigures ParseWrk(string output, int connections)
    {
        double Ms(string value, string unit) =>
            double.Parse(value, CultureInfo.InvariantCulture) * unit switch { "us" => 0.001, "ms" => 1, "s" => 1000, "m" => 60_000, _ => double.NaN };

        var percentiles = PercentileLine().Matches(output).ToDictionary(m => m.Groups[1].Value, m => Ms(m.Groups[2].Value, m.Groups[3].Value));
        var latency = LatencyLine().Match(output);
        var requests = RequestsLine().Match(output);
        var rps = RpsLine().Match(output);
        var non2xx = Non2xxLine().Match(output);
        var errorsLine = SocketErrorsLine().Match(output);
        var transfer = TransferLine().Match(output);

        var count = requests.Success ? long.Parse(requests.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var secs = requests.Success ? Ms(requests.Groups[2].Value, requests.Groups[3].Value) / 1000 : double.NaN;
        var stats = LatencyStats.FromReported(
            (int)Math.Min(count, int.MaxValue),
            latency.Success ? Ms(latency.Groups[1].Value, latency.Groups[2].Value) : double.NaN,
            percentiles.GetValueOrDefault("50", double.NaN), percentiles.GetValueOrDefault("90", double.NaN),
            percentiles.GetValueOrDefault("99", double.NaN),
            latency.Success ? Ms(latency.Groups[5].Value, latency.Groups[6].Value) : double.NaN);
        var errors = (non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0)
                     + (errorsLine.Success ? errorsLine.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture)) : 0);
        var mb = transfer.Success
            ? double.Parse(transfer.Groups[1].Value, CultureInfo.InvariantCulture) * transfer.Groups[2].Value switch { "KB" => 1e-3 * 1.024, "MB" => 1.048576, "GB" => 1073.741824, _ => 1e-6 }
            : double.NaN;
        return new HttpFigures("wrk", connections, secs, count, rps.Success ? double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN,
            errors, 0, stats, mb, output);
    }

    [GeneratedRegex(@"^\s+(\d+)%\s+([\d.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline)]
    private static partial Regex PercentileLine();

    [GeneratedRegex(@"Latency\s+([\d.]+)(us|ms|s|m)\s+([\d.]+)(us|ms|s|m)\s+([\d.]+)(us|ms|s|m)")]
    private static partial Regex LatencyLine();

    [GeneratedRegex(@"(\d+) requests in ([\d.]+)(us|ms|s|m)")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RpsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xxLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorsLine();

    [GeneratedRegex(@"Transfer/sec:\s+([\d.]+)(B|KB|MB|GB)")]
    private static partial Regex TransferLine();
}
