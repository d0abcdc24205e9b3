using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vinculo.Core.Commerce.Catalog;
using Vinculo.Core.Commerce.Contracts;
using Vinculo.Core.Commerce.Orders;
using Vinculo.E2E.Infrastructure;
using Vinculo.Domain.Commerce;
using static Microsoft.Playwright.Assertions;

namespace Vinculo.E2E;

/// <summary>The catalogue, a customer's contracts and orders, through a real browser against the real app.</summary>
public sealed class CommerceOrdersTests(E2EFixture fixture) : IClassFixture<E2EFixture>
{
    [ChromiumFact]
    public async Task Agent_signs_a_contract_cancels_it_with_confirmation_and_records_an_order()
    {
        await fixture.Start();
        var (fibre, router) = await Products("A");
        var customer = fixture.Customer.Id;
        var page = await fixture.NewPage();
        await fixture.SignIn(page, $"/customers/{customer}/contracts");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Contratos de Íñigo Peñalver Ibáñez");
        await Expect(page.Locator("#active-title + p")).ToHaveTextAsync("No tiene contratos activos.");

        // Sign-up: an unknown SKU is refused next to its field; the right one signs at the list price.
        await page.Locator("#f-signup-sku").FillAsync("NO-SUCH-SKU");
        await page.GetByRole(AriaRole.Button, new() { Name = "Dar de alta", Exact = true }).ClickAsync();
        await Expect(page.Locator("#e-signup-sku")).ToHaveTextAsync("No hay ningún producto con este SKU.");
        await page.Locator("#f-signup-sku").FillAsync(fibre.Sku);
        await page.Locator("#f-signup-billingPeriod").SelectOptionAsync("quarterly");
        await page.GetByRole(AriaRole.Button, new() { Name = "Dar de alta", Exact = true }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToHaveTextAsync("Contrato dado de alta.");
        var active = page.Locator("table.active-contracts tbody tr");
        await Expect(active).ToHaveCountAsync(1);
        await Expect(active.First).ToContainTextAsync("Fibra óptica 1 Gb");
        await Expect(active.First).ToContainTextAsync("39,90 € al trimestre");

        // Change of plan: a lower price, with a reason.
        await page.GetByRole(AriaRole.Link, new() { Name = "Modificar Fibra óptica 1 Gb" }).ClickAsync();
        await Expect(page.Locator("#modify-title")).ToHaveTextAsync("Cambiar el plan: Fibra óptica 1 Gb");
        await Expect(page.Locator("#f-modify-sku")).ToHaveValueAsync(fibre.Sku);
        await page.Locator("#f-modify-price").FillAsync("35");
        await page.Locator("#f-modify-reason").FillAsync("Oferta de retención");
        await page.GetByRole(AriaRole.Button, new() { Name = "Guardar el cambio" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToHaveTextAsync("Contrato modificado.");
        await Expect(active.First).ToContainTextAsync("35,00 € al trimestre");

        // Cancel: a confirmation step that names what is cancelled; the reason is required.
        await page.GetByRole(AriaRole.Link, new() { Name = "Dar de baja Fibra óptica 1 Gb" }).ClickAsync();
        await Expect(page.Locator("#cancel .alert-warning")).ToContainTextAsync("¿Dar de baja Fibra óptica 1 Gb de Íñigo Peñalver Ibáñez?");
        await SaveScreenshot(page, "contract-cancel-confirmation");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sí, dar de baja el contrato" }).ClickAsync();
        await Expect(page.Locator("#e-cancel-reason")).ToHaveTextAsync("Obligatorio.");
        await page.Locator("#f-cancel-reason").FillAsync("Se muda al extranjero");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sí, dar de baja el contrato" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToHaveTextAsync("Contrato dado de baja.");
        await Expect(active).ToHaveCountAsync(0);
        var past = page.Locator("table.past-contracts tbody tr");
        await Expect(past).ToHaveCountAsync(1);
        await Expect(past.First).ToContainTextAsync("Se muda al extranjero");

        // The contract's history: sign-up and cancellation, with the agent.
        await past.First.GetByRole(AriaRole.Link, new() { Name = "Fibra óptica 1 Gb" }).ClickAsync();
        var history = page.Locator("table.contract-history tbody tr");
        await Expect(history).ToHaveCountAsync(3);
        await Expect(history.Nth(0)).ToContainTextAsync("Alta");
        await Expect(history.Nth(1)).ToContainTextAsync("Modificación");
        await Expect(history.Nth(1).Locator("td.num")).ToHaveTextAsync(new Regex(@"^\s*39,90 €\s*→\s*cambia a 35,00 €\s*$"));
        await Expect(history.Nth(1)).ToContainTextAsync("Oferta de retención");
        await Expect(history.Nth(2)).ToContainTextAsync("Baja");
        await Expect(history.Nth(2)).ToContainTextAsync("Administrator");
        await SaveScreenshot(page, "contract-history");
        await Expect(page.Locator(".customer-meta .badge")).ToHaveTextAsync("De baja");

        // A new order with two lines; the second line is added without saving.
        await page.GotoAsync($"/customers/{customer}/orders");
        await Expect(page.Locator("#orders-title + p")).ToHaveTextAsync("Todavía no hay pedidos.");
        await page.Locator("#f-order-lines-0-sku").FillAsync(router.Sku);
        await page.Locator("#f-order-lines-0-quantity").FillAsync("2");
        await page.Locator("#f-order-lines-0-discount").FillAsync("10");
        await page.GetByRole(AriaRole.Button, new() { Name = "Añadir línea" }).ClickAsync();
        await Expect(page.Locator("#f-order-lines-1-sku")).ToBeVisibleAsync();
        await Expect(page.Locator("#f-order-lines-0-sku")).ToHaveValueAsync(router.Sku);
        await SaveScreenshot(page, "order-form");
        await page.Locator("#f-order-lines-1-sku").FillAsync(fibre.Sku);
        await page.Locator("#f-order-lines-1-unitPrice").FillAsync("35.5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Crear pedido" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/orders/\d+\?created=true$"));
        await Expect(page.Locator(".alert-success")).ToHaveTextAsync("Pedido creado.");
        await Expect(page.Locator("table.order-lines-table tbody tr")).ToHaveCountAsync(2);
        // 2 × 59,95 − 10 + 35,50 = 145,40
        await Expect(page.Locator(".order-total")).ToHaveTextAsync("145,40 €");
        await Expect(page.Locator(".customer-meta .order-status")).ToHaveTextAsync("Realizado");
        await SaveScreenshot(page, "order");
        var number = Regex.Match(await page.Locator("h1").InnerTextAsync(), @"Pedido (\S+)").Groups[1].Value;

        // Next step: paid; then cancelling asks first.
        await page.GetByRole(AriaRole.Button, new() { Name = "Marcar como pagado" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToHaveTextAsync("El pedido ahora está: Pagado.");
        await page.GetByRole(AriaRole.Link, new() { Name = "Cancelar el pedido" }).ClickAsync();
        await Expect(page.Locator("#status .alert-warning")).ToContainTextAsync($"¿Cancelar el pedido {number}?");
        await page.GetByRole(AriaRole.Link, new() { Name = "No, mantenerlo" }).ClickAsync();
        await Expect(page.Locator(".customer-meta .order-status")).ToHaveTextAsync("Pagado");

        // All orders, filtered by status: this one is listed, linked to its customer.
        await page.GetByRole(AriaRole.Link, new() { Name = "Pedidos", Exact = true }).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/orders$"));
        await page.Locator("#order-status").SelectOptionAsync("paid");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrar" }).ClickAsync();
        var rows = page.Locator("table.orders-table tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync(number);
        await Expect(rows.First).ToContainTextAsync("Íñigo Peñalver Ibáñez");
        await Expect(rows.First).ToContainTextAsync("145,40 €");
        await SaveScreenshot(page, "orders");
        await page.Locator("#order-status").SelectOptionAsync("delivered");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrar" }).ClickAsync();
        await Expect(page.Locator(".result-status")).ToHaveTextAsync("Ningún pedido coincide.");

        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var contracts = await scope.ServiceProvider.GetRequiredService<ContractService>().List(new ContractQuery(customer));
            Assert.Equal(ContractStatus.Cancelled, Assert.Single(contracts.Items).Status);
            var orders = await scope.ServiceProvider.GetRequiredService<OrderService>().List(new OrderQuery(customer));
            Assert.Equal(145.4m, Assert.Single(orders.Items).Total);
        }

        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task A_catalogue_manager_creates_a_product_and_an_analyst_only_reads_it()
    {
        await fixture.Start();
        var page = await fixture.NewPage();
        await fixture.SignIn(page, "/products");
        await page.GetByRole(AriaRole.Link, new() { Name = "Nuevo producto" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Nuevo producto");

        var sku = "TV-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        await page.Locator("#f-sku").FillAsync(sku);
        await page.Locator("#f-nameEs").FillAsync("Televisión 55 pulgadas");
        await page.Locator("#f-listPrice").FillAsync("499.9");
        await page.GetByRole(AriaRole.Button, new() { Name = "Crear producto" }).ClickAsync();
        await Expect(page.Locator("#e-nameEn")).ToHaveTextAsync("Obligatorio.");
        await Expect(page.Locator("#f-nameEn")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#f-nameEs")).ToHaveValueAsync("Televisión 55 pulgadas");
        await SaveScreenshot(page, "product-form-error");
        await page.Locator("#f-nameEn").FillAsync("55-inch television");
        await page.Locator("#f-category").FillAsync("Imagen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Crear producto" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/products/\d+\?saved=true$"));
        await Expect(page.Locator(".alert-success")).ToHaveTextAsync("Producto guardado.");
        var url = new Uri(page.Url).AbsolutePath;

        // Search without accents finds it; the list shows the price in the UI culture.
        await page.GotoAsync("/products?q=television");
        var row = page.Locator("table.products-table tbody tr", new() { HasText = sku });
        await Expect(row).ToContainTextAsync("Televisión 55 pulgadas");
        await Expect(row).ToContainTextAsync("499,90 €");
        await SaveScreenshot(page, "products");
        await page.Context.CloseAsync();

        // An analyst reads the product but gets no form and no "new product" button.
        var analyst = await fixture.NewPage();
        await fixture.SignIn(analyst, url, E2EFixture.AnalystEmail);
        await Expect(analyst.Locator("dl.facts")).ToContainTextAsync(sku);
        await Expect(analyst.Locator("form.product-form")).ToHaveCountAsync(0);
        await analyst.GotoAsync("/products");
        await Expect(analyst.GetByRole(AriaRole.Link, new() { Name = "Nuevo producto" })).ToHaveCountAsync(0);
        await analyst.GotoAsync("/products/new");
        await Expect(analyst).ToHaveURLAsync(new Regex("/denied"));
        await analyst.Context.CloseAsync();
    }

    private async Task<(ProductDto Fibre, ProductDto Router)> Products(string tag)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var products = scope.ServiceProvider.GetRequiredService<ProductService>();
        var fibre = await products.Create(new ProductInput
        {
            Sku = $"FIB-{tag}{Guid.NewGuid():N}"[..12], NameEs = "Fibra óptica 1 Gb", NameEn = "1 Gb fibre", Category = "Internet", ListPrice = 39.9m,
        });
        var router = await products.Create(new ProductInput
        {
            Sku = $"RT-{tag}{Guid.NewGuid():N}"[..12], NameEs = "Router wifi 6", NameEn = "Wi-Fi 6 router", Category = "Equipos", ListPrice = 59.95m,
        });
        return (fibre, router);
    }

    private static async Task SaveScreenshot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("VINCULO_E2E_SCREENSHOTS") is not { Length: > 0 } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "commerce-" + name + ".png"), FullPage = true });
    }
}
