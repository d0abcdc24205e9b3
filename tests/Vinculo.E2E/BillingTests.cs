using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vinculo.Core.Commerce.Billing;
using Vinculo.Core.Customers;
using Vinculo.Core.Storage;
using Vinculo.Domain.Commerce;
using Vinculo.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vinculo.E2E;

/// <summary>Collections and after-sales through a real browser: payments, credit notes, cancellation, receivables, returns.</summary>
public sealed class BillingTests(E2EFixture fixture) : IClassFixture<E2EFixture>
{
    [ChromiumFact]
    public async Task Agent_records_a_partial_payment_credits_and_cancels_invoices_and_sees_the_receivables()
    {
        await fixture.Start();
        var (customerId, overdue, upcoming) = await SeedInvoices();
        var page = await fixture.NewPage();
        await fixture.SignIn(page, $"/customers/{customerId}/invoices");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Facturas de Berta Cobros");
        var account = page.Locator("section[aria-labelledby=account-title]");
        await Expect(account.Locator(".account-balance")).ToHaveTextAsync("130,00 €");
        await Expect(account.Locator(".account-overdue")).ToHaveTextAsync("100,00 €");
        await Expect(account.Locator("table.aging")).ToContainTextAsync("31–60 días");
        var overdueRow = page.Locator($".invoice-row[data-invoice='{overdue.Id}']");
        await Expect(overdueRow).ToContainTextAsync("Vencida");
        await Expect(overdueRow).ToContainTextAsync("40 días de retraso");
        await Expect(page.Locator($".invoice-row[data-invoice='{upcoming.Id}']")).ToContainTextAsync("Pendiente");

        // A partial payment goes to the invoice due longest; the balance falls by it.
        var payment = page.Locator("#new-payment");
        await Expect(payment.GetByLabel("Factura")).ToHaveValueAsync(overdue.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await payment.GetByLabel("Importe").FillAsync("40");
        await payment.GetByLabel("Forma de pago").SelectOptionAsync("card");
        await payment.GetByLabel("Referencia").FillAsync("TPV-0042");
        await payment.GetByRole(AriaRole.Button, new() { Name = "Registrar pago" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToHaveTextAsync("Pago registrado.");
        await Expect(account.Locator(".account-balance")).ToHaveTextAsync("90,00 €");
        await Expect(account.Locator(".account-overdue")).ToHaveTextAsync("60,00 €");

        // Paying more than is owed is refused next to the field, saying what is owed.
        await payment.GetByLabel("Importe").FillAsync("61");
        await payment.GetByRole(AriaRole.Button, new() { Name = "Registrar pago" }).ClickAsync();
        await Expect(page.Locator("#new-payment .field-error")).ToContainTextAsync("La factura aún debe 60.00 EUR");
        await Expect(page.Locator("#f-pay-amount")).ToHaveAttributeAsync("aria-invalid", "true");

        // The invoice's page: the payment, then a credit note for part of what is left.
        await page.Locator($".invoice-row[data-invoice='{overdue.Id}'] a").First.ClickAsync();
        await page.WaitForURLAsync($"**/invoices/{overdue.Id}");
        await Expect(page.Locator(".invoice-outstanding")).ToHaveTextAsync("60,00 €");
        await Expect(page.Locator(".payments-table")).ToContainTextAsync("TPV-0042");
        await page.Locator("#credit").GetByLabel("Importe a abonar").FillAsync("10");
        await page.GetByRole(AriaRole.Button, new() { Name = "Emitir abono" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToHaveTextAsync("Abono emitido y aplicado.");
        await Expect(page.Locator(".invoice-outstanding")).ToHaveTextAsync("50,00 €");
        await Expect(page.Locator("#cancel")).ToHaveCountAsync(0);

        // Cancelling the untouched invoice asks first.
        await page.GotoAsync($"/invoices/{upcoming.Id}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Anular factura…" }).ClickAsync();
        await Expect(page.Locator("#cancel .alert-warning")).ToContainTextAsync(upcoming.Number);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sí, anularla" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToHaveTextAsync("Factura anulada.");
        await Expect(page.Locator(".customer-meta .invoice-status")).ToHaveTextAsync("Anulada");

        // The receivables list has the customer with what is still overdue, in the 31–60 bucket.
        await page.GetByRole(AriaRole.Link, new() { Name = "Cobros", Exact = true }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Cobros pendientes");
        await page.Locator("#rec-bucket").SelectOptionAsync("31-60");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrar" }).ClickAsync();
        var row = page.Locator(".receivables-table tbody tr", new() { HasText = "Berta Cobros" });
        await Expect(row).ToContainTextAsync("50,00 €");
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("40");
    }

    [ChromiumFact]
    public async Task Agent_opens_a_return_from_an_order_line_and_moves_it_on()
    {
        await fixture.Start();
        var (customerId, lineId) = await SeedPurchase();
        var page = await fixture.NewPage();
        await fixture.SignIn(page, $"/customers/{customerId}/returns");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Devoluciones y garantía de Teo Devoluciones");
        var line = page.Locator(".purchase-row", new() { HasText = "Cafetera E2E" });
        await Expect(line).ToContainTextAsync("Hasta el");
        await line.GetByRole(AriaRole.Link, new() { Name = "Devolver Cafetera E2E del pedido E2E-R-1" }).ClickAsync();

        await page.WaitForURLAsync(new Regex($@"line={lineId}"));
        var form = page.Locator("#new-return");
        await Expect(form.GetByLabel("Línea del pedido")).ToHaveValueAsync(lineId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(form.GetByLabel("Línea del pedido")).ToContainTextAsync("se pueden devolver 2");
        await form.GetByLabel("Unidades").FillAsync("3");
        await form.GetByLabel("Motivo").SelectOptionAsync("notAsDescribed");
        await form.GetByRole(AriaRole.Button, new() { Name = "Abrir devolución" }).ClickAsync();
        await Expect(form.Locator(".field-error")).ToContainTextAsync("De las 2 unidades de la línea solo se pueden devolver 2.");

        await form.GetByLabel("Unidades").FillAsync("1");
        await form.GetByLabel("Nota").FillAsync("La jarra llegó rajada.");
        await form.GetByRole(AriaRole.Button, new() { Name = "Abrir devolución" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/returns/\d+\?done=opened"));
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Devolución abierta");
        await Expect(page.Locator(".facts")).ToContainTextAsync("44,95 €");
        await Expect(page.Locator(".facts")).ToContainTextAsync("No es como se describía");

        await page.GetByRole(AriaRole.Button, new() { Name = "Aprobar" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToHaveTextAsync("Ahora: Aprobada.");
        await page.GetByRole(AriaRole.Link, new() { Name = "Rechazar…" }).ClickAsync();
        await Expect(page.Locator("#workflow .alert-warning")).ToContainTextAsync("Cafetera E2E");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sí, rechazarla" }).ClickAsync();
        await Expect(page.Locator(".customer-meta .return-status")).ToHaveTextAsync("Rechazada");
        await Expect(page.Locator("#workflow")).ToContainTextAsync("Esta devolución está cerrada.");

        // The return is on the list of all returns, and its units can be returned again.
        await page.GetByRole(AriaRole.Link, new() { Name = "Devoluciones", Exact = true }).ClickAsync();
        await page.Locator("#returns-status").SelectOptionAsync("rejected");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrar" }).ClickAsync();
        await Expect(page.Locator(".returns-table")).ToContainTextAsync("Teo Devoluciones");
        await page.GotoAsync($"/customers/{customerId}/returns");
        await Expect(page.Locator(".purchase-row", new() { HasText = "Cafetera E2E" }).Locator("td").Nth(2)).ToHaveTextAsync("0");
    }

    private async Task<(long CustomerId, InvoiceDto Overdue, InvoiceDto Upcoming)> SeedInvoices()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var customers = scope.ServiceProvider.GetRequiredService<CustomerService>();
        var invoices = scope.ServiceProvider.GetRequiredService<InvoiceService>();
        var c = await customers.Create(new CustomerInput { FirstName = "Berta", LastName = "Cobros", Lifecycle = "active" });
        var today = DateTime.UtcNow.Date;
        var overdue = await invoices.Create(new InvoiceInput { CustomerId = c.Id, Total = 100m, IssuedAt = today.AddDays(-70), DueAt = today.AddDays(-40) });
        var upcoming = await invoices.Create(new InvoiceInput { CustomerId = c.Id, Total = 30m, IssuedAt = today.AddDays(-2), DueAt = today.AddDays(28) });
        return (c.Id, overdue, upcoming);
    }

    private async Task<(long CustomerId, long LineId)> SeedPurchase()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var customers = scope.ServiceProvider.GetRequiredService<CustomerService>();
        var db = scope.ServiceProvider.GetRequiredService<VinculoDb>();
        var c = await customers.Create(new CustomerInput { FirstName = "Teo", LastName = "Devoluciones", Lifecycle = "active" });
        var now = Timestamps.Truncate(DateTime.UtcNow);
        var product = new Product
        {
            Sku = "E2E-CAF-" + c.Id, NameEs = "Cafetera E2E", NameEn = "Coffee maker E2E", ListPrice = 49.95m, WarrantyMonths = 36,
            SearchText = "cafetera e2e", CreatedAt = now, UpdatedAt = now, Version = 1,
        };
        db.Products.Add(product);
        await db.SaveChangesAsync();
        var order = new Order
        {
            CustomerId = c.Id, Number = "E2E-R-1", Source = "e2e-returns-" + c.Id, OrderedAt = now.AddDays(-12), Status = OrderStatus.Delivered,
            Total = 89.9m, LineCount = 1, CreatedAt = now, UpdatedAt = now, Version = 1,
        };
        // Two at 49.95 with 10.00 off the line: 44.95 each.
        order.Lines.Add(new OrderLine { CustomerId = c.Id, ProductId = product.Id, LineNo = 1, Quantity = 2, UnitPrice = 49.95m, Discount = 10m });
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        return (c.Id, order.Lines[0].Id);
    }
}
