using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Auth;
using Vinculo.Core.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Infrastructure;

/// <summary>The real web host over a fresh database of one provider, with one user per role.</summary>
public sealed class VinculoApp : WebApplicationFactory<Program>
{
    public const string Password = "Test-Passw0rd!";
    public const string AdminEmail = "admin@test.local";

    private readonly TestDatabase _db;
    private readonly Dictionary<string, string> _tokens = [];

    public VinculoApp(TestDatabase db) => _db = db;

    public string Provider => _db.Provider;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("VINCULO_DATABASE", _db.Settings.ConnectionString);
        builder.UseSetting("VINCULO_DEMO", "false");
        builder.UseSetting("VINCULO_ADMIN_EMAIL", AdminEmail);
        builder.UseSetting("VINCULO_ADMIN_PASSWORD", Password);
        builder.UseEnvironment("Testing");
    }

    public async Task CreateRoleUsers()
    {
        await using var scope = Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        foreach (var role in new[] { Roles.Supervisor, Roles.Agent, Roles.Analyst })
        {
            await admin.Create(EmailFor(role), Password, role);
        }
    }

    public static string EmailFor(string role) => role == Roles.Admin ? AdminEmail : $"{role.ToLowerInvariant()}@test.local";

    /// <summary>A client authenticated with a bearer token of a user in <paramref name="role"/>; null role = anonymous.</summary>
    public async Task<HttpClient> Client(string? role)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (role is null)
        {
            return client;
        }

        if (!_tokens.TryGetValue(role, out var token))
        {
            var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { email = EmailFor(role), password = Password });
            response.EnsureSuccessStatusCode();
            var json = await response.Content.ReadFromJsonAsync<JsonElement>();
            _tokens[role] = token = json.GetProperty("accessToken").GetString()!;
        }

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _db.DisposeAsync();
    }
}

/// <summary>One app per provider for the whole API test collection; PostgreSQL only when configured.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private readonly Dictionary<string, VinculoApp> _apps = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<VinculoApp> App(string provider)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_apps.TryGetValue(provider, out var app))
            {
                app = new VinculoApp(await TestDatabase.Create(provider, migrate: false));
                _ = app.Server; // starts the host: migrations, roles and the admin
                await app.CreateRoleUsers();
                _apps[provider] = app;
            }

            return app;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in _apps.Values)
        {
            await app.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
