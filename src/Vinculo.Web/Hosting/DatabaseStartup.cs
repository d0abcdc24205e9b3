using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Auth;
using Vinculo.Core.Demo;
using Vinculo.Core.Storage;

namespace Vinculo.Web.Hosting;

/// <summary>
/// First-start work before the host listens: migrations, roles, the first administrator, and demo data on an empty
/// database (unless <c>VINCULO_DEMO=false</c>).
/// </summary>
public static class DatabaseStartup
{
    public static async Task PrepareDatabase(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<DatabaseSettings>();
        var config = app.Configuration;
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Vinculo.Startup");

        StorageSetup.Migrate(settings, app.Services.GetRequiredService<ILoggerFactory>());

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            await admin.EnsureRoles();
            if (!await admin.HasAdmin())
            {
                var email = config["VINCULO_ADMIN_EMAIL"] is { Length: > 0 } e ? e : "admin@vinculo.local";
                var password = config["VINCULO_ADMIN_PASSWORD"];
                var generated = string.IsNullOrEmpty(password);
                if (generated)
                {
                    password = UserAdministration.GeneratePassword();
                }

                await admin.Create(email, password!, Roles.Admin, "Administrator");
                // Printed once: the password is not stored anywhere but as a hash.
                Console.WriteLine(generated
                    ? $"Vinculo: created administrator {email} with password {password}  (shown only this once; change it after signing in)"
                    : $"Vinculo: created administrator {email} with the password from VINCULO_ADMIN_PASSWORD");
            }
        }

        var demo = !string.Equals(config["VINCULO_DEMO"], "false", StringComparison.OrdinalIgnoreCase);
        if (demo)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<VinculoDb>();
            if (!await db.Customers.AnyAsync())
            {
                var options = new SeedOptions(
                    config.GetValue("Vinculo:Demo:Customers", 2000),
                    config.GetValue("Vinculo:Demo:InteractionsPerCustomer", 12),
                    config.GetValue("Vinculo:Demo:Seed", 42),
                    OrderLinesPerCustomer: config.GetValue("Vinculo:Demo:OrderLinesPerCustomer", 10),
                    CasesPerCustomer: config.GetValue("Vinculo:Demo:CasesPerCustomer", 1));
                Console.WriteLine($"Vinculo: loading demo data ({options.Customers:N0} customers)...");
                var result = await DemoSeeder.Seed(settings, options, progress: null, CancellationToken.None);
                log.LogInformation("Demo data: {Customers} customers, {Interactions} interactions, {OrderLines} order lines in {Elapsed}",
                    result.Customers, result.Interactions, result.OrderLines, result.Elapsed);

                // The contact-center content: knowledge base with synonyms, macros, agent scripts and their rules.
                var clock = app.Services.GetRequiredService<TimeProvider>();
                var contentAt = clock.GetUtcNow().UtcDateTime;
                var knowledge = await DemoKnowledge.SeedAsync(db, contentAt, CancellationToken.None);
                var macros = await DemoMacros.SeedAsync(db, contentAt, CancellationToken.None);
                await DemoScripts.SeedAsync(db, clock, CancellationToken.None);
                await DemoOffers.SeedAsync(db, clock, CancellationToken.None);
                log.LogInformation("Demo content: {Articles} articles, {Macros} macros", knowledge.Articles, macros);
                AnalyticsHosting.RefreshDemoInBackground(app, log);
            }
        }

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var url in app.Urls)
            {
                Console.WriteLine($"Vinculo is running at {url}  ({settings.Describe()})");
            }
        });
    }
}
