using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vinculo.Core.Analytics.Scores;
using Vinculo.Core.Customers;
using Vinculo.Domain.Analytics;
using Vinculo.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vinculo.E2E;

/// <summary>
/// Analytics scores through a real browser: a customer without scores says how to get them; after a run the 360 shows
/// the segment, the risks with their factors in words and the default alert; a supervisor opens a proactive case from
/// it after confirming, and the scored-customers list filters by segment.
/// </summary>
public sealed class AnalyticsScoresTests(E2EFixture fixture) : IClassFixture<E2EFixture>
{
    [ChromiumFact]
    public async Task The_360_shows_the_scores_and_the_alert_becomes_a_proactive_case()
    {
        await fixture.Start();
        long risky, quiet;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var customers = scope.ServiceProvider.GetRequiredService<CustomerService>();
            risky = (await customers.Create(new CustomerInput { FirstName = "Ramón", LastName = "Moroso", Lifecycle = "active" })).Id;
            quiet = (await customers.Create(new CustomerInput { FirstName = "Sofía", LastName = "Sinpuntos", Lifecycle = "active" })).Id;
        }

        var page = await fixture.NewPage();
        await fixture.SignIn(page, $"/customers/{quiet}");
        await Expect(page.Locator("#customer-scores .scores-empty")).ToContainTextAsync("vinculo analytics refresh");

        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var summary = new AnalyticsRunSummary(DateTime.UtcNow.AddMinutes(-2), DateTime.UtcNow, "full", [], [new SegmentSummary("atRisk", 1, 300m, 900m)],
                null, [], [], null, null, null, [], [], []);
            var score = new CustomerScore(risky, 200, 3, 300m, 1, 3, 3, "atRisk", 2, 0.82, [new ScoreFactor("complaints", "4", 0.9), new ScoreFactor("tenureDays", "2000", -0.4)],
                0.67, [new ScoreFactor("overdueInvoices", "2", 1.2), new ScoreFactor("brandNewFeature", "x", 0.1)], 1.2, 0.35, 45m, 880m);
            await scope.ServiceProvider.GetRequiredService<AnalyticsResultsWriter>().WriteAsync(new AnalyticsResults(summary, [score], [], []));
        }

        await page.GotoAsync($"/customers/{risky}");
        var panel = page.Locator("#customer-scores");
        await Expect(panel.Locator(".scores-segment")).ToHaveTextAsync("En riesgo");
        await Expect(panel.Locator("[data-risk=churn] .risk-value")).ToHaveTextAsync(new Regex(@"^82\s?%$"));
        await Expect(panel.Locator("[data-risk=churn] [data-feature=complaints]")).ToHaveTextAsync("Reclamaciones en el último año: 4 — aumenta el riesgo");
        await Expect(panel.Locator("[data-risk=churn] [data-feature=tenureDays]")).ToHaveTextAsync("Días como cliente: 2000 — reduce el riesgo");
        await Expect(panel.Locator("[data-risk=default] [data-feature=overdueInvoices]")).ToHaveTextAsync("Facturas vencidas: 2 — aumenta el riesgo");
        await Expect(panel.Locator("[data-risk=default] [data-feature=brandNewFeature]")).ToHaveTextAsync("brandNewFeature: x — aumenta el riesgo");
        await Expect(panel.Locator(".default-alert")).ToContainTextAsync("Alerta de impago");

        // The supervisor's action, with a confirmation step.
        await panel.GetByRole(AriaRole.Link, new() { Name = "Abrir un caso proactivo" }).ClickAsync();
        await Expect(page.Locator("#case [role=alert]")).ToContainTextAsync("¿Abrir un caso proactivo para Ramón Moroso?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sí, abrir el caso" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/analytics/alerts/\d+\?done=case"));
        await Expect(page.Locator("#alert-status")).ToHaveTextAsync("Caso abierto");
        await page.Locator("#alert-case").ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("Contacto proactivo: riesgo de impago del 67 %");

        // The scored customers, filtered by segment; the keyboard reaches the filters.
        await page.GotoAsync("/analytics/customers");
        await page.GetByLabel("Segmento RFM").SelectOptionAsync("atRisk");
        await page.GetByLabel("Riesgo de fuga mínimo (0–1)").FillAsync("0.5");
        await page.GetByLabel("Riesgo de fuga mínimo (0–1)").PressAsync("Enter");
        await Expect(page.Locator($".scored-table tr[data-customer='{risky}']")).ToContainTextAsync("Ramón Moroso");
        await page.GetByLabel("Riesgo de fuga mínimo (0–1)").FillAsync("2");
        await page.GetByLabel("Riesgo de fuga mínimo (0–1)").PressAsync("Enter");
        await Expect(page.Locator(".alert-error")).ToContainTextAsync("riesgo de fuga");
    }
}
