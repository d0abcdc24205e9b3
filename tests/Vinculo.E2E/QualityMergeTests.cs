using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vinculo.Core.Customers;
using Vinculo.Core.Storage;
using Vinculo.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vinculo.E2E;

/// <summary>A supervisor's data-quality round: the report, the duplicate list, comparing two records and merging them.</summary>
public sealed class QualityMergeTests(E2EFixture fixture) : IClassFixture<E2EFixture>
{
    [ChromiumFact]
    public async Task Admin_opens_the_quality_report_and_merges_a_duplicate_pair_after_confirming()
    {
        await fixture.Start();
        long survivorId, mergedId;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var customers = scope.ServiceProvider.GetRequiredService<CustomerService>();
            survivorId = (await customers.Create(new CustomerInput
            {
                FirstName = "Remedios",
                LastName = "Quiroga Llamas",
                Emails = [new EmailInput("remedios.quiroga@example.com")],
                Addresses = [new AddressInput("Calle Mayor 7", City: "Madrid", PostalCode: "28013", Country: "ES")],
            })).Id;
            mergedId = (await customers.Create(new CustomerInput
            {
                FirstName = "Remedios",
                LastName = "Quiroga",
                TaxId = "12345678Z",
                TaxIdCountry = "ES",
                Emails = [new EmailInput("Remedios.Quiroga@example.com")],
                Phones = [new PhoneInput("644 55 66 77")],
            })).Id;
        }

        var page = await fixture.NewPage();
        await fixture.SignIn(page, "/quality");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Calidad de datos");
        await Expect(page.Locator("header .mainnav a[aria-current=page]")).ToHaveTextAsync("Calidad de datos");

        // Scan again so the report includes the pair; the rules table shows the catalogue in Spanish.
        await page.GetByRole(AriaRole.Button, new() { Name = "Volver a analizar" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("El informe se ha vuelto a calcular.");
        await Expect(page.Locator("#reasons-title")).ToHaveTextAsync("Duplicados por motivo");
        await Expect(page.Locator("main")).ToContainTextAsync("Mismo correo");

        // The duplicate list: the pair, certain, with its reason; open it to compare.
        await page.Locator(".quality-tabs a", new() { HasText = "Duplicados" }).ClickAsync();
        await page.WaitForURLAsync("**/quality/duplicates");
        var row = page.Locator($"tr[data-pair='{survivorId}-{mergedId}']");
        await Expect(row).ToContainTextAsync("Seguro");
        await Expect(row).ToContainTextAsync("Mismo correo");
        await row.GetByRole(AriaRole.Link, new() { Name = "Comparar y fusionar" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/quality/merge\\?survivor={survivorId}&merged={mergedId}$"));

        // Side by side: who stays, who goes, and what the merge fills and moves.
        await Expect(page.Locator(".merge-survivor")).ToContainTextAsync("Remedios Quiroga Llamas");
        await Expect(page.Locator(".merge-survivor")).ToContainTextAsync("Se conserva");
        await Expect(page.Locator(".merge-merged")).ToContainTextAsync("Remedios Quiroga");
        await Expect(page.Locator(".merge-merged")).ToContainTextAsync("12345678Z");
        await Expect(page.Locator("main")).ToContainTextAsync("NIF");
        await Expect(page.Locator("main")).ToContainTextAsync("644 55 66 77");

        // Nothing happens before the confirmation.
        await page.GetByRole(AriaRole.Button, new() { Name = "Fusionar…" }).ClickAsync();
        var confirm = page.Locator(".merge-confirm");
        await Expect(confirm).ToContainTextAsync("«Remedios Quiroga»");
        await Expect(confirm).ToContainTextAsync("se eliminará");
        Assert.True(await Exists(mergedId));

        await confirm.GetByRole(AriaRole.Button, new() { Name = "Sí, fusionarlos" }).ClickAsync();
        await Expect(page.Locator(".merge-done")).ToContainTextAsync("«Remedios Quiroga» se ha fusionado con «Remedios Quiroga Llamas».");
        Assert.False(await Exists(mergedId));

        // The survivor now has the merged record's tax id and phone.
        await page.GetByRole(AriaRole.Link, new() { Name = "Abrir el cliente" }).ClickAsync();
        await page.WaitForURLAsync($"**/customers/{survivorId}");
        await Expect(page.Locator("main")).ToContainTextAsync("12345678Z");
        await Expect(page.Locator("main")).ToContainTextAsync("644 55 66 77");
    }

    private async Task<bool> Exists(long id)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<VinculoDb>().Customers.AnyAsync(c => c.Id == id);
    }
}
