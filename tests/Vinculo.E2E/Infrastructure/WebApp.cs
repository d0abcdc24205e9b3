using Vinculo.Core.Storage;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Vinculo.E2E.Infrastructure;

/// <summary>
/// The real Vinculo host on Kestrel, on a free loopback port, over a fresh SQLite file that is deleted afterwards.
/// </summary>
public sealed class WebApp : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@e2e.local";
    public const string AdminPassword = "E2e-Passw0rd!";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "vinculo-e2e-" + Guid.NewGuid().ToString("N"));

    public WebApp()
    {
        Directory.CreateDirectory(_directory);
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>The address the browser uses, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    public void Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().TrimEnd('/');
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("VINCULO_DATABASE", $"Data Source={Path.Combine(_directory, "vinculo.db")}");
        builder.UseSetting("VINCULO_DEMO", "false");
        builder.UseSetting("VINCULO_ADMIN_EMAIL", AdminEmail);
        builder.UseSetting("VINCULO_ADMIN_PASSWORD", AdminPassword);
        // Development serves the static web assets (CSS, blazor.web.js) from the project, as `dotnet run` does.
        builder.UseEnvironment("Development");
    }

    public T Service<T>(IServiceScope scope) where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        HotReads.ClearPool(DatabaseSettings.Parse($"Data Source={Path.Combine(_directory, "vinculo.db")}").ConnectionString);
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on some platform: the temporary folder is cleaned by the OS later.
        }
    }
}
