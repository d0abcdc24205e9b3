using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vinculo.Core.Interactions;
using Vinculo.Core.Service.Cases;
using Vinculo.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vinculo.E2E;

/// <summary>The macros pages through a real browser: write a macro, preview it filled in for a case, save it, delete it.</summary>
public sealed partial class MacroTests(E2EFixture fixture) : IClassFixture<E2EFixture>
{
    [ChromiumFact]
    public async Task A_macro_is_written_previewed_for_a_case_saved_and_deleted_after_confirmation()
    {
        await fixture.Start();
        long caseId;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            caseId = (await scope.ServiceProvider.GetRequiredService<CaseService>().Create(new CaseInput
            {
                CustomerId = fixture.Customer.Id, Type = "question", Channel = "phone", Subject = "Duda sobre la factura",
            }, new Actor("seed", "Semilla"))).Id;
        }

        var page = await fixture.NewPage();
        await fixture.SignIn(page, "/macros");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Macros");
        await Expect(page.Locator(".result-status")).ToHaveTextAsync("Ninguna macro coincide.");

        await page.GetByRole(AriaRole.Link, new() { Name = "Nueva macro" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Nueva macro");
        await Expect(page.Locator(".placeholder-help summary")).ToHaveTextAsync("Marcadores que puede usar");
        await page.GetByLabel("Nombre", new() { Exact = true }).FillAsync("Estado del caso");
        await page.GetByLabel("Categoría").FillAsync("Seguimiento");
        await page.GetByLabel("Etiquetas").FillAsync("estado, seguimiento");
        await page.GetByLabel("Texto de la respuesta").FillAsync("Hola, {{customer.firstName}}: su caso #{{case.id}} está {{case.status}}. Le atiende {{cliente.nombre}}.");

        // An unknown placeholder is named next to the text, which keeps what was typed.
        await page.GetByRole(AriaRole.Button, new() { Name = "Crear macro" }).ClickAsync();
        await Expect(page.Locator("#e-body")).ToContainTextAsync("Ningún dato rellena estos marcadores: {{cliente.nombre}}");
        await Expect(page.GetByLabel("Nombre", new() { Exact = true })).ToHaveValueAsync("Estado del caso");

        // The preview fills the text in for the case without saving; a placeholder without a value stays visible.
        await page.GetByLabel("Texto de la respuesta").FillAsync("Hola, {{customer.firstName}}: su caso #{{case.id}} está {{case.status}}. Equipo: {{case.team}}.");
        await page.GetByLabel("Número de caso").FillAsync(caseId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Vista previa" }).ClickAsync();
        await Expect(page.Locator(".preview-text")).ToHaveTextAsync($"Hola, Íñigo: su caso #{caseId} está recibido. Equipo: {{{{case.team}}}}.");
        await Expect(page.Locator(".macro-preview-result .alert-warning")).ToContainTextAsync("{{case.team}}");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Nueva macro");

        await page.GetByRole(AriaRole.Button, new() { Name = "Crear macro" }).ClickAsync();
        await page.WaitForURLAsync(SavedUrl());
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Macro guardada.");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Estado del caso");

        await page.GetByRole(AriaRole.Link, new() { Name = "Macros" }).First.ClickAsync();
        await Expect(page.Locator(".macros-table tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator(".macros-table tbody tr").First).ToContainTextAsync("Seguimiento");
        await page.GetByRole(AriaRole.Link, new() { Name = "Estado del caso" }).ClickAsync();

        // Deleting asks first.
        await page.GetByRole(AriaRole.Link, new() { Name = "Eliminar macro…" }).ClickAsync();
        await Expect(page.Locator("#delete .alert-warning")).ToContainTextAsync("¿Eliminar «Estado del caso»?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sí, eliminarla" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/macros\?deleted=true$"));
        await Expect(page.Locator(".alert-success")).ToHaveTextAsync("Macro eliminada.");
        await Expect(page.Locator(".result-status")).ToHaveTextAsync("Ninguna macro coincide.");
    }

    [GeneratedRegex(@"/macros/\d+\?saved=true$")]
    private static partial Regex SavedUrl();
}
