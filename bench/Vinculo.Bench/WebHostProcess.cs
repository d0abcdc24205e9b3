using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Vinculo.Bench;

/// <summary>The built Vinculo.Web started as a child process on a free local port, against the bench database.</summary>
internal sealed class WebHostProcess : IAsyncDisposable
{
    public const string AdminEmail = "bench-admin@vinculo.local";
    public const string AdminPassword = "Bench-Admin-Password-1";

    private readonly Process _process;
    private readonly StreamWriter _log;

    private WebHostProcess(Process process, StreamWriter log, int port, string dll)
    {
        _process = process;
        _log = log;
        Port = port;
        Dll = dll;
    }

    public int Port { get; }

    public string Dll { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public int ProcessId => _process.Id;

    public static string FindDll(string repoRoot, string? explicitPath)
    {
        if (explicitPath is not null)
        {
            return Path.GetFullPath(explicitPath);
        }

        // The bench project references Vinculo.Web, so building the bench (any configuration) builds it too.
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Debug"
            : "Release";
        return Path.Combine(repoRoot, "src", "Vinculo.Web", "bin", configuration, "net10.0", "Vinculo.Web.dll");
    }

    public static async Task<WebHostProcess> Start(string dll, string connectionString, string logPath, IReadOnlyDictionary<string, string> extraEnvironment)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Vinculo.Web.dll not found at {dll}; build it (dotnet build -c Release src/Vinculo.Web) or pass --web-dll.", dll);
        }

        var port = FreePort();
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath ? hostPath : "dotnet";
        var info = new ProcessStartInfo(dotnet)
        {
            // Content root: the project folder when the dll is its build output (as `dotnet run` does), else the dll's.
            WorkingDirectory = ContentRoot(dll),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["VINCULO_DATABASE"] = connectionString;
        info.Environment["VINCULO_DEMO"] = "false";
        info.Environment["VINCULO_ADMIN_EMAIL"] = AdminEmail;
        info.Environment["VINCULO_ADMIN_PASSWORD"] = AdminPassword;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (key, value) in extraEnvironment)
        {
            info.Environment[key] = value;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {dotnet} {dll}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new WebHostProcess(process, log, port, dll);
        await host.WaitUntilHealthy(logPath);
        return host;
    }

    private static string ContentRoot(string dll)
    {
        var bin = Path.GetDirectoryName(dll)!;
        var project = Path.GetFullPath(Path.Combine(bin, "..", "..", ".."));
        return File.Exists(Path.Combine(project, "Vinculo.Web.csproj")) ? project : bin;
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    private async Task WaitUntilHealthy(string logPath)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Vinculo.Web exited with code {_process.ExitCode}; see {logPath}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri($"{BaseUrl}/health"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Vinculo.Web did not answer /health within 3 minutes; see {logPath}");
    }

    public async Task<string> Token()
    {
        using var client = new HttpClient();
        using var response = await client.PostAsJsonAsync(new Uri($"{BaseUrl}/api/v1/auth/token"), new { email = AdminEmail, password = AdminPassword });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"POST /api/v1/auth/token answered {(int)response.StatusCode}: {body}. " +
                $"(The bench database's administrator must be {AdminEmail}; delete the database or seed a fresh one.)");
        }

        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("accessToken").GetString()
               ?? throw new InvalidOperationException("The token response has no accessToken.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }
}
