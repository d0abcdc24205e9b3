using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vinculo.Core.Auth;
using Vinculo.Core.Customers;
using Vinculo.Core.Interactions;

namespace Vinculo.E2E.Infrastructure;

/// <summary>
/// One running app and one browser for the browser tests, started on first use (so nothing starts when the tests
/// are skipped), with a customer whose timeline has a few interactions.
/// </summary>
public sealed class E2EFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private WebApp? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public WebApp App => _app ?? throw new InvalidOperationException("Call Start first.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Call Start first.");

    /// <summary>The customer seeded for the tests: "Íñigo Peñalver Ibáñez".</summary>
    public CustomerDto Customer { get; private set; } = default!;

    public async Task Start()
    {
        await _gate.WaitAsync();
        try
        {
            if (_browser is not null)
            {
                return;
            }

            _app = new WebApp();
            _app.Start();
            await Seed();
            Assertions.SetDefaultExpectTimeout(15_000);
            _playwright = await Playwright.CreateAsync();
            _browser = await Infrastructure.Browser.Launch(_playwright);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A fresh browser context (own cookies) in Spanish, in Madrid's time zone.</summary>
    public async Task<IPage> NewPage(string locale = "es-ES")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale,
            TimezoneId = "Europe/Madrid",
            ViewportSize = new ViewportSize { Width = 1440, Height = 1000 },
            BaseURL = App.BaseUrl,
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public const string AnalystEmail = "analyst@e2e.local";

    /// <summary>Signs in through the login page, starting from <paramref name="path"/> (which redirects there).</summary>
    public async Task SignIn(IPage page, string path = "/customers", string email = WebApp.AdminEmail)
    {
        await page.GotoAsync(path);
        await page.WaitForURLAsync(url => url.Contains("/login", StringComparison.Ordinal));
        await page.FillAsync("#login-email", email);
        await page.FillAsync("#login-password", WebApp.AdminPassword);
        await page.ClickAsync("form button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
    }

    private async Task Seed()
    {
        await using var scope = App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<UserAdministration>().Create(AnalystEmail, WebApp.AdminPassword, Roles.Analyst, "Ana Lista");
        var customers = scope.ServiceProvider.GetRequiredService<CustomerService>();
        var interactions = scope.ServiceProvider.GetRequiredService<InteractionService>();
        Customer = await customers.Create(new CustomerInput
        {
            Kind = "person",
            Lifecycle = "active",
            FirstName = "Íñigo",
            LastName = "Peñalver Ibáñez",
            TaxId = "12345678Z",
            TaxIdCountry = "ES",
            PreferredLanguage = "es",
            PreferredChannel = "phone",
            Temperament = "chronicComplainer",
            TemperamentNote = "Prefiere que se le llame por la tarde.",
            Emails = [new EmailInput("inigo.penalver@example.com", "personal", true)],
            Phones = [new PhoneInput("600 123 456", "móvil", true), new PhoneInput("91 555 12 34", "casa")],
            Addresses = [new AddressInput("Calle de Alcalá, 120", "3.º B", "Madrid", "Madrid", "28009", "ES", "casa")],
            Tags = ["fibra", "vip"],
            Attributes = new Dictionary<string, string> { ["segmento"] = "residencial", ["tarifa"] = "Fibra 1 Gb + móvil" },
            Consents = [new ConsentInput("marketingEmail", "granted", "formulario web"), new ConsentInput("sms", "withdrawn", "llamada")],
        });

        var agent = new Actor("seed-agent", "Laura Gómez");
        var now = DateTime.UtcNow;
        await interactions.Log(Customer.Id, new InteractionInput("email", "inbound", "Consulta sobre la tarifa de fibra",
            "Pregunta si puede subir a 1 Gb sin permanencia. Se le envía la comparativa de tarifas.", "research",
            now.AddDays(-12), null, "Información enviada"), agent);
        await interactions.Log(Customer.Id, new InteractionInput("phone", "outbound", "Bienvenida y activación del servicio",
            "Llamada de bienvenida. Se confirma la fecha de instalación y se explica la factura.", "purchase",
            now.AddDays(-9), 380, "Instalación confirmada"), agent);
        await interactions.Log(Customer.Id, new InteractionInput("phone", "inbound", "Avería del router tras la instalación",
            "El cliente indica que el router se reinicia varias veces al día. Pruebas remotas sin éxito.\nSe abre incidencia y se programa visita técnica.",
            "postPurchase", now.AddDays(-3), 420, "Técnico programado"), agent);
        await interactions.Log(Customer.Id, new InteractionInput("chat", "inbound", "Queja por el tiempo de espera",
            "No es normal esperar 40 minutos para que me atiendan.", "reaction", now.AddDays(-1), null, "Disculpas y seguimiento"), agent);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _gate.Dispose();
    }
}
