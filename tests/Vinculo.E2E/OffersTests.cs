using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vinculo.Core.Customers;
using Vinculo.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vinculo.E2E;

/// <summary>
/// Promotions through a real browser: a supervisor creates and activates a free upgrade for platinum customers; a
/// platinum customer's next best actions show it with its reason and record the acceptance; a gold customer's do not,
/// and the "why not" check says why.
/// </summary>
public sealed class OffersTests(E2EFixture fixture) : IClassFixture<E2EFixture>
{
    [ChromiumFact]
    public async Task A_new_promotion_reaches_the_eligible_customer_with_its_reason_and_not_the_ineligible_one()
    {
        await fixture.Start();
        long platinum, gold;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var customers = scope.ServiceProvider.GetRequiredService<CustomerService>();
            platinum = (await customers.Create(new CustomerInput { FirstName = "Paula", LastName = "Platino", Lifecycle = "active", Tier = "platinum" })).Id;
            gold = (await customers.Create(new CustomerInput { FirstName = "Gonzalo", LastName = "Oro", Lifecycle = "active", Tier = "gold" })).Id;
        }

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var last = today.AddDays(30);
        var page = await fixture.NewPage();
        await fixture.SignIn(page, "/offers/promotions");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Promociones");
        await page.GetByRole(AriaRole.Link, new() { Name = "Nueva promoción" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Nueva promoción");

        // Saving with the dates the wrong way round names the field and keeps what was typed.
        await page.GetByLabel("Código").FillAsync("platino-mejora");
        await page.GetByLabel("Nombre en español").FillAsync("Mejora gratuita platino");
        await page.GetByLabel("Nombre en inglés").FillAsync("Free platinum upgrade");
        await page.GetByLabel("Oferta en español").FillAsync("Le subimos gratis a Fibra 1 Gb durante 12 meses.");
        await page.GetByLabel("Oferta en inglés").FillAsync("We upgrade you to Fibre 1 Gb free for 12 months.");
        await page.GetByLabel("Primer día").FillAsync(last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByLabel("Último día").FillAsync(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByLabel("Niveles").SelectOptionAsync(["platinum"]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Crear promoción" }).ClickAsync();
        await Expect(page.Locator("#e-validTo")).ToHaveTextAsync("El último día no puede ser anterior al primero.");
        await Expect(page.GetByLabel("Código")).ToHaveValueAsync("platino-mejora");

        await page.GetByLabel("Primer día").FillAsync(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByLabel("Último día").FillAsync(last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Crear promoción" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/offers/promotions/\d+\?saved=true"));
        await Expect(page.Locator(".alert-success")).ToHaveTextAsync("Se ha guardado la promoción.");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Promoción PLATINO-MEJORA");
        await page.GetByRole(AriaRole.Button, new() { Name = "Activar" }).ClickAsync();
        await Expect(page.Locator("#promotion-status")).ToHaveTextAsync("Activa");

        // Why not the gold customer? The tier.
        await page.GetByLabel("Número de cliente").FillAsync(gold.ToString(CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Comprobar" }).ClickAsync();
        await Expect(page.Locator(".eligibility-result [data-rule=tier]")).ToHaveTextAsync("El nivel del cliente es gold; la promoción es para platinum.");
        await SaveScreenshot(page, "promotion");

        // The platinum customer sees it with its reason and records the acceptance.
        await page.GotoAsync($"/customers/{platinum}/next-best-actions?channel=phone");
        var action = page.Locator("[data-code='promotion:PLATINO-MEJORA']");
        await Expect(action.Locator(".nba-title")).ToHaveTextAsync("Mejora gratuita platino");
        await Expect(action.Locator(".nba-reason")).ToHaveTextAsync(
            $"Promoción vigente hasta el {last.ToString("d", CultureInfo.GetCultureInfo("es"))} para clientes de nivel platinum, como este cliente.");
        await Expect(action.Locator(".nba-detail")).ToContainTextAsync("Le subimos gratis a Fibra 1 Gb durante 12 meses.");
        await Expect(action.Locator(".nba-answer[data-ready=true]")).ToBeVisibleAsync();
        await SaveScreenshot(page, "next-best-actions");
        await action.GetByRole(AriaRole.Button, new() { Name = "Aceptada" }).ClickAsync();
        await Expect(action.Locator(".nba-answer [role=status]")).ToHaveTextAsync("Registrado: aceptada.");
        await page.ReloadAsync();
        await Expect(page.Locator("[data-code='promotion:PLATINO-MEJORA']")).ToHaveCountAsync(0);
        await Expect(page.Locator(".answers-table")).ToContainTextAsync("Mejora gratuita platino");

        // The gold customer does not.
        await page.GotoAsync($"/customers/{gold}/next-best-actions?channel=phone");
        await Expect(page.Locator("h1")).ToContainTextAsync("Gonzalo Oro");
        await Expect(page.Locator("[data-code='promotion:PLATINO-MEJORA']")).ToHaveCountAsync(0);
    }

    private static async Task SaveScreenshot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("VINCULO_E2E_SCREENSHOTS") is not { Length: > 0 } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "offers-" + name + ".png"), FullPage = true });
    }
}
