using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vinculo.Core.Demo;
using Vinculo.Core.Storage;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Customers;
using Vinculo.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vinculo.E2E;

/// <summary>The script runner through a real browser: the demo scripts lead a complaint with overdue invoices to a recorded run.</summary>
public sealed partial class ScriptRunnerTests(E2EFixture fixture) : IClassFixture<E2EFixture>
{
    [ChromiumFact]
    public async Task An_agent_runs_the_selected_script_answers_goes_back_finishes_and_finds_it_on_the_timeline()
    {
        await fixture.Start();
        long customerId;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<VinculoDb>();
            var now = Timestamps.Truncate(DateTime.UtcNow);
            var customer = new Customer
            {
                FirstName = "Marta", LastName = "Ruiz", DisplayName = "Marta Ruiz", SearchName = "marta ruiz", Tier = "gold",
                Lifecycle = Lifecycle.Active, PreferredLanguage = "es", CreatedAt = now, UpdatedAt = now, Version = 1,
            };
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
            db.Invoices.Add(new Invoice
            {
                CustomerId = customer.Id, Number = "E2E-1", IssuedAt = now.AddDays(-40), DueAt = now.AddDays(-10), Total = 75.5m,
                CreatedAt = now, UpdatedAt = now, Version = 1,
            });
            await db.SaveChangesAsync();
            await DemoScripts.SeedAsync(db, TimeProvider.System, CancellationToken.None);
            customerId = customer.Id;
        }

        var page = await fixture.NewPage();
        await fixture.SignIn(page, $"/scripts/run?customerId={customerId}&reason=complaint");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Ejecutar guion · Marta Ruiz");

        // The rules chose the payment plan because of the complaint and the overdue invoice, and say so.
        await Expect(page.Locator(".selected-script")).ToHaveTextAsync("Reclamación con facturas vencidas");
        await Expect(page.Locator(".selection-reason")).ToContainTextAsync("Queja con facturas vencidas: plan de pagos");
        await Expect(page.Locator(".selection-conditions")).ToContainTextAsync("invoices.overdueCount mayor que 0 — valor: 1");

        // The decision went on by itself (which fact decided is shown) and the question waits with the facts filled in.
        await Expect(page.Locator(".run-steps")).ToContainTextAsync("Tiene 1 facturas pendientes por 75.50 €.");
        await Expect(page.Locator(".run-steps")).ToContainTextAsync("No se cumplió ninguna condición");
        await Expect(page.Locator("#current")).ToHaveAttributeAsync("data-step", "offer");
        await Expect(page.Locator(".run-text")).ToHaveTextAsync("¿Quiere que le prepare un plan de pagos en tres cuotas mensuales?");

        // Answer, go back, answer again: the answer buttons are ordinary buttons, reachable with the keyboard.
        await page.GetByRole(AriaRole.Button, new() { Name = "No está de acuerdo con una factura" }).ClickAsync();
        await Expect(page.Locator("#current")).ToHaveAttributeAsync("data-step", "anything");
        await page.GetByRole(AriaRole.Button, new() { Name = "Atrás" }).ClickAsync();
        await Expect(page.Locator("#current")).ToHaveAttributeAsync("data-step", "offer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sí, acepta el plan" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#current")).ToHaveAttributeAsync("data-step", "anything");
        await Expect(page.Locator(".run-steps")).ToContainTextAsync("Sí, acepta el plan");
        await page.GetByRole(AriaRole.Button, new() { Name = "No", Exact = true }).ClickAsync();
        await Expect(page.Locator("#current")).ToHaveAttributeAsync("data-kind", "end");
        await Expect(page.Locator(".run-text")).ToHaveTextAsync("Gracias por su llamada, Marta Ruiz. Que tenga un buen día.");
        await SaveScreenshot(page, "runner");

        await page.GetByRole(AriaRole.Button, new() { Name = "Terminar y registrar" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/scripts/runs/\d+\?recorded=true"));
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("La conversación se ha registrado");
        await Expect(page.Locator(".run-transcript")).ToContainTextAsync("Respuesta: Sí, acepta el plan (yes)");
        await Expect(page.Locator(".run-transcript")).ToContainTextAsync("Recorrido: greet → check → pending → offer → plan → anything → bye");

        await page.GetByRole(AriaRole.Link, new() { Name = "Verla en la línea de tiempo" }).First.ClickAsync();
        await page.WaitForURLAsync(new Regex($@"/customers/{customerId}#interaction-\d+"));
        await Expect(page.Locator(".tl-subject").First).ToHaveTextAsync("Script: Reclamación con facturas vencidas");
        await SaveScreenshot(page, "timeline");
    }

    [ChromiumFact]
    public async Task A_supervisor_sees_the_graph_checks_an_edit_by_field_path_and_tests_the_rules_with_a_customer()
    {
        await fixture.Start();
        long customerId;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<VinculoDb>();
            var now = Timestamps.Truncate(DateTime.UtcNow);
            var customer = new Customer
            {
                FirstName = "Pablo", LastName = "Soto", DisplayName = "Pablo Soto", SearchName = "pablo soto", Tier = "platinum",
                Lifecycle = Lifecycle.Active, PreferredLanguage = "en", CreatedAt = now, UpdatedAt = now, Version = 1,
            };
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
            await DemoScripts.SeedAsync(db, TimeProvider.System, CancellationToken.None);
            customerId = customer.Id;
        }

        var page = await fixture.NewPage();
        await fixture.SignIn(page, "/scripts?language=es&q=alto valor");
        await page.GetByRole(AriaRole.Link, new() { Name = "Queja de cliente de alto valor" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Queja de cliente de alto valor");
        await Expect(page.Locator("[data-step=tier]")).ToContainTextAsync("si customer.tier es igual a platinum → upgrade-platinum");

        // A dangling arrow and an unknown placeholder, checked without saving: errors by field path, marked on the graph.
        await page.GetByRole(AriaRole.Link, new() { Name = "Editar" }).ClickAsync();
        var definition = page.Locator("#f-definition");
        var json = await definition.InputValueAsync();
        await definition.FillAsync(json.Replace("\"next\": \"solved\"", "\"next\": \"nowhere\"", StringComparison.Ordinal)
            .Replace("{{customer.name}}. Lamento", "{{customer.nickname}}. Lamento", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Comprobar y previsualizar" }).ClickAsync();
        await Expect(page.Locator(".definition-errors")).ToContainTextAsync("definition.steps[0]");
        await Expect(page.Locator(".definition-errors")).ToContainTextAsync("definition.steps[0].text");
        await Expect(page.Locator("[data-step=greet] [data-warning=dangling]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-step=solved] [data-warning=unreachable]")).ToBeVisibleAsync();
        await SaveScreenshot(page, "editor");

        // The rules page's tester: a platinum complaint chooses the upgrade, in the customer's language.
        await page.GotoAsync($"/scripts/rules?customerId={customerId}&reason=complaint#test");
        await Expect(page.Locator(".test-result .selected-script")).ToHaveTextAsync("Complaint from a high-value customer");
        await Expect(page.Locator(".test-result tr[data-verdict=chosen]")).ToContainTextAsync("Queja de cliente platinum: mejora gratuita");
        await Expect(page.Locator(".test-result tr[data-verdict=notMet]").First).ToContainTextAsync("invoices.overdueCount mayor que 0 — valor: 0");
        await SaveScreenshot(page, "rules");

        // A new rule: the second condition row without a value is refused on that row; then it is saved.
        await page.GetByRole(AriaRole.Link, new() { Name = "Nueva regla" }).ClickAsync();
        await page.Locator("#f-name").FillAsync("Plata y devolución");
        await page.Locator("#f-priority").FillAsync("150");
        await page.Locator("#f-scriptCode").SelectOptionAsync("product-return");
        await page.Locator("#f-conditions-1-fact").SelectOptionAsync("customer.tier");
        await page.GetByRole(AriaRole.Button, new() { Name = "Crear regla" }).ClickAsync();
        await Expect(page.Locator("#e-conditions-1-value")).ToBeVisibleAsync();
        await page.Locator("#f-conditions-1-value").FillAsync("silver");
        await page.GetByRole(AriaRole.Button, new() { Name = "Crear regla" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/scripts/rules/\d+\?saved=true"));
        await Expect(page.Locator("#f-conditions-0-fact")).ToHaveValueAsync("customer.tier");
        await Expect(page.Locator("#f-conditions-0-value")).ToHaveValueAsync("silver");
        await Expect(page.Locator("#f-active")).ToBeCheckedAsync();
    }

    private static async Task SaveScreenshot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("VINCULO_E2E_SCREENSHOTS") is not { Length: > 0 } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "scripts-" + name + ".png"), FullPage = true });
    }
}
