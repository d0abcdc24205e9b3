using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Customers;
using Vinculo.Core.Storage;
using Vinculo.Domain.Commerce;
using Vinculo.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vinculo.E2E;

/// <summary>The agent sees at once what the customer has contracted, bought, owes and sent back.</summary>
public sealed class Customer360CommerceTests(E2EFixture fixture) : IClassFixture<E2EFixture>
{
    [ChromiumFact]
    public async Task The_360_shows_balance_aging_contracts_orders_and_returns_in_both_languages()
    {
        await fixture.Start();
        var customer = await SeedCommerce();
        var page = await fixture.NewPage();
        await fixture.SignIn(page, $"/customers/{customer.Id}");

        // Only a name was given: 15 of the 95 points a person can earn, 16 %; the missing data is listed.
        await Expect(page.Locator(".completeness")).ToHaveAttributeAsync("data-score", "16");
        await Expect(page.Locator(".completeness")).ToContainTextAsync("Falta: correo válido, teléfono válido");

        var account = page.Locator("section[aria-labelledby=account-title]");
        await Expect(account.Locator("h2")).ToHaveTextAsync("Cuenta");
        await Expect(account).ToContainTextAsync("Saldo");
        await Expect(account).ToContainTextAsync("150,50 €");     // 100 + 50,50 owed
        await Expect(account).ToContainTextAsync("Días de retraso");
        await Expect(account.Locator(".figure-late")).ToHaveTextAsync("100,00 €");
        await Expect(account.Locator("table.aging")).ToContainTextAsync("31–60 días");

        var contracts = page.Locator("section[aria-labelledby=contracts-title]");
        await Expect(contracts).ToContainTextAsync("Fibra 1 Gb E2E");
        await Expect(contracts).ToContainTextAsync("39,90 €");

        var orders = page.Locator("section[aria-labelledby=orders-title]");
        await Expect(orders.Locator("a", new() { HasText = "E2E-P-1" })).ToHaveAttributeAsync("href", "orders/" + customer.OrderId);
        await Expect(orders).ToContainTextAsync("Entregado");

        var returns = page.Locator("section[aria-labelledby=returns-title]");
        await Expect(returns).ToContainTextAsync("Devolución de 1 × Sábanas E2E");
        await Expect(returns).ToContainTextAsync("Dañado");

        // The same section in English, with English product names.
        await page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(account.Locator("h2")).ToHaveTextAsync("Account");
        await Expect(account).ToContainTextAsync("€150.50");
        await Expect(contracts).ToContainTextAsync("Fibre 1 Gb E2E");
        await Expect(returns).ToContainTextAsync("Return of 1 × Sheets E2E");
    }

    private sealed record Seeded(long Id, long OrderId);

    private async Task<Seeded> SeedCommerce()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var customers = scope.ServiceProvider.GetRequiredService<CustomerService>();
        var db = scope.ServiceProvider.GetRequiredService<VinculoDb>();
        var c = await customers.Create(new CustomerInput { FirstName = "Rocío", LastName = "Comercio Prueba", Lifecycle = "active" });
        var now = DateTime.UtcNow;
        var fibre = new Product { Sku = "E2E-FIB-" + c.Id, NameEs = "Fibra 1 Gb E2E", NameEn = "Fibre 1 Gb E2E", ListPrice = 39.9m, CreatedAt = now, UpdatedAt = now };
        var sheets = new Product { Sku = "E2E-SAB-" + c.Id, NameEs = "Sábanas E2E", NameEn = "Sheets E2E", ListPrice = 20m, CreatedAt = now, UpdatedAt = now };
        db.Products.AddRange(fibre, sheets);
        await db.SaveChangesAsync();
        db.Contracts.Add(new Contract { CustomerId = c.Id, ProductId = fibre.Id, Price = 39.9m, StartedAt = now.AddMonths(-3), CreatedAt = now, UpdatedAt = now });
        var order = new Order
        {
            CustomerId = c.Id, Number = "E2E-P-1", Source = "e2e-" + c.Id, OrderedAt = now.AddDays(-50), Status = OrderStatus.Delivered,
            Total = 40m, LineCount = 1, CreatedAt = now, UpdatedAt = now,
        };
        order.Lines.Add(new OrderLine { CustomerId = c.Id, ProductId = sheets.Id, LineNo = 1, Quantity = 2, UnitPrice = 20m });
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        db.Invoices.AddRange(
            new Invoice { CustomerId = c.Id, Number = "E2E-F1-" + c.Id, IssuedAt = now.AddDays(-75), DueAt = now.AddDays(-45), Total = 100m, CreatedAt = now, UpdatedAt = now },
            new Invoice { CustomerId = c.Id, Number = "E2E-F2-" + c.Id, IssuedAt = now.AddDays(-5), DueAt = now.AddDays(25), Total = 50.5m, CreatedAt = now, UpdatedAt = now });
        db.Returns.Add(new ProductReturn
        {
            CustomerId = c.Id, OrderId = order.Id, OrderLineId = order.Lines[0].Id, ProductId = sheets.Id, Quantity = 1, Reason = ReturnReason.Damaged,
            RefundAmount = 20m, RequestedAt = now.AddDays(-40), CreatedAt = now, UpdatedAt = now,
        });
        await db.SaveChangesAsync();
        return new Seeded(c.Id, order.Id);
    }
}
