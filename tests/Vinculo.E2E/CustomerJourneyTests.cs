using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vinculo.Core.Customers;
using Vinculo.Core.Interactions;
using Vinculo.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vinculo.E2E;

/// <summary>What an agent does all day, through a real browser against the real app.</summary>
public sealed class CustomerJourneyTests(E2EFixture fixture) : IClassFixture<E2EFixture>
{
    [ChromiumFact]
    public async Task Agent_finds_a_customer_reads_the_360_logs_a_call_and_switches_language()
    {
        await fixture.Start();
        var page = await fixture.NewPage();
        await fixture.SignIn(page, "/customers");
        await Expect(page).ToHaveURLAsync(new Regex("/customers$"));
        await Expect(page.Locator("header .usermenu")).ToContainTextAsync("Administrator");

        // Results as you type, accents folded: "penal" finds "Peñalver".
        await Expect(page.Locator(".customer-search[data-ready=true]")).ToBeVisibleAsync();
        var search = Field(page, "Buscar un cliente");
        await search.PressSequentiallyAsync("penal", new() { Delay = 40 });
        var result = page.Locator(".results-table .row-link", new() { HasText = "Íñigo Peñalver Ibáñez" });
        await Expect(result).ToBeVisibleAsync();
        await Expect(page.Locator(".result-status")).ToContainTextAsync("penal");

        // Keyboard: ↓ moves into the results, Enter opens the customer.
        await search.PressAsync("ArrowDown");
        await Expect(result).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"**/customers/{fixture.Customer.Id}");

        // The 360: profile, handling guidance and the timeline, newest first.
        await Expect(page.Locator("h1")).ToHaveTextAsync("Íñigo Peñalver Ibáñez");
        await Expect(page.Locator(".temperament")).ToContainTextAsync("Quejumbroso crónico");
        await Expect(page.Locator(".temperament")).ToContainTextAsync("Prefiere que se le llame por la tarde.");
        await Expect(page.Locator("#profile-title + .facts")).ToContainTextAsync("inigo.penalver@example.com");
        await Expect(page.Locator("table", new() { HasText = "Correos comerciales" })).ToContainTextAsync("Concedido");
        var subjects = page.Locator(".timeline .tl-subject");
        await Expect(subjects).ToHaveCountAsync(4);
        await Expect(subjects.First).ToHaveTextAsync("Queja por el tiempo de espera");
        await Expect(subjects.Last).ToHaveTextAsync("Consulta sobre la tarifa de fibra");
        // Times are shown in the browser's time zone (Madrid here), in the UI culture's format.
        await Expect(page.Locator(".tl-item").First.Locator("time")).ToHaveTextAsync(await LocalTimeOfNewest(fixture));
        await Expect(page.Locator(".tl-item").Nth(1)).ToContainTextAsync("Teléfono");
        await Expect(page.Locator(".tl-item").Nth(1)).ToContainTextAsync("7 min");

        // Filter by channel, then back to all.
        await Expect(page.Locator(".timeline-area[data-ready=true]")).ToBeVisibleAsync();
        var phoneChip = page.Locator(".chip-button", new() { HasText = "Teléfono" });
        await Expect(phoneChip).ToContainTextAsync("2");
        await phoneChip.ClickAsync();
        await Expect(subjects).ToHaveCountAsync(2);
        await Expect(subjects.First).ToHaveTextAsync("Avería del router tras la instalación");
        await page.Locator(".chip-button", new() { HasText = "Todos" }).ClickAsync();
        await Expect(subjects).ToHaveCountAsync(4);

        // Log a phone call: it appears at the top of the timeline.
        await Expect(Field(page, "Canal")).ToHaveValueAsync("phone");
        await page.Locator("#log-moment").SelectOptionAsync("postPurchase");
        await Field(page, "Asunto").FillAsync("Seguimiento de la visita técnica");
        await Field(page, "Notas o transcripción").FillAsync("El técnico cambió el router. El cliente confirma que ya funciona.");
        await Field(page, "Duración (minutos)").FillAsync("4");
        await Field(page, "Resultado").FillAsync("Resuelto");
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrar", Exact = true }).ClickAsync();
        await Expect(page.Locator(".log-card .form-status")).ToContainTextAsync("Interacción registrada");
        await Expect(subjects).ToHaveCountAsync(5);
        await Expect(subjects.First).ToHaveTextAsync("Seguimiento de la visita técnica");
        var newest = page.Locator(".tl-item").First;
        await Expect(newest).ToContainTextAsync("Teléfono");
        await Expect(newest).ToContainTextAsync("Entrante");
        await Expect(newest).ToContainTextAsync("Postcompra");
        await Expect(newest).ToContainTextAsync("4 min");
        await Expect(newest).ToContainTextAsync("Administrator");
        await Expect(phoneChip).ToContainTextAsync("3");

        // It was stored: a fresh page load shows it first too.
        await page.ReloadAsync();
        await Expect(subjects.First).ToHaveTextAsync("Seguimiento de la visita técnica");
        await Expect(page.Locator(".timeline-area[data-ready=true]")).ToBeVisibleAsync();
        await SaveScreenshot(page);

        // Language switch: English labels, on the server-rendered and the interactive parts alike.
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("#profile-title")).ToHaveTextAsync("Profile");
        await Expect(page.Locator(".mainnav")).ToContainTextAsync("Customers");
        await Expect(page.Locator(".timeline-area[data-ready=true]")).ToBeVisibleAsync();
        await Expect(page.Locator("#timeline-title")).ToHaveTextAsync("Interactions");
        await Expect(page.Locator(".chip-button", new() { HasText = "Phone" })).ToBeVisibleAsync();
        await Expect(Field(page, "Subject")).ToBeVisibleAsync();
        await Expect(page.Locator(".tl-item").First).ToContainTextAsync("Post-purchase");
        await page.Locator(".chip-button", new() { HasText = "Chat" }).ClickAsync();
        await Expect(subjects).ToHaveCountAsync(1);
        await Expect(page.Locator(".timeline-card .result-status")).ToContainTextAsync("Showing 1 of 1");

        // Full-text search over interactions links back to the customer.
        await page.GotoAsync("/interactions?q=router");
        await Expect(page.Locator(".hit").First).ToContainTextAsync("Íñigo Peñalver Ibáñez");
        await page.GetByRole(AriaRole.Link, new() { Name = "Español" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Buscar interacciones");

        // Sign out: back to the sign-in page, and pages need signing in again.
        await page.GetByRole(AriaRole.Button, new() { Name = "Cerrar sesión" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/login", StringComparison.Ordinal));
        await page.GotoAsync($"/customers/{fixture.Customer.Id}");
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?ReturnUrl="));
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Customer_form_shows_field_errors_saves_and_reports_a_concurrent_change()
    {
        await fixture.Start();
        var page = await fixture.NewPage();
        await fixture.SignIn(page, "/customers/new");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Nuevo cliente");

        await Field(page, "Nombre").FillAsync("Marta");
        await Field(page, "Apellidos").FillAsync("Ruiz Olmedo");
        await Field(page, "Correo 1").FillAsync("marta.ruiz@");
        await Field(page, "NIF").FillAsync("12345678A");
        await page.GetByRole(AriaRole.Button, new() { Name = "Crear cliente" }).ClickAsync();

        // Server-side validation: each message next to its field, in Spanish, and linked from the summary.
        var email = Field(page, "Correo 1");
        await Expect(email).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#e-emails-0-address")).ToHaveTextAsync(new Regex("No es una dirección de correo válida"));
        await Expect(page.Locator("#e-taxId")).ToContainTextAsync("DNI");
        await Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await Expect(Field(page, "Nombre")).ToHaveValueAsync("Marta");

        // Add a second phone row without saving, fix the errors and save.
        await page.GetByRole(AriaRole.Button, new() { Name = "Añadir teléfono" }).ClickAsync();
        await Expect(Field(page, "Teléfono 2")).ToBeVisibleAsync();
        await email.FillAsync("marta.ruiz@example.com");
        await Field(page, "NIF").FillAsync("12345678Z");
        await Field(page, "Teléfono 1").FillAsync("+34 612 345 678");
        await page.GetByRole(AriaRole.Button, new() { Name = "Crear cliente" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/customers/\d+\?saved=true$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Marta Ruiz Olmedo");
        await Expect(page.Locator(".alert-success")).ToHaveTextAsync("Cambios guardados.");
        var id = long.Parse(Regex.Match(page.Url, @"/customers/(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        // Someone else saves while this user edits: the save is refused with an explanation.
        await page.GetByRole(AriaRole.Link, new() { Name = "Editar", Exact = true }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Editar Marta Ruiz Olmedo");
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var customers = scope.ServiceProvider.GetRequiredService<CustomerService>();
            var current = (await customers.Get(id))!;
            await customers.Update(id, new CustomerInput
            {
                Kind = "person", FirstName = "Marta", LastName = "Ruiz Olmedo", Lifecycle = "active",
                Emails = [new EmailInput("marta.ruiz@example.com")],
            }, current.Version);
        }

        await Field(page, "Apellidos").FillAsync("Ruiz");
        await page.GetByRole(AriaRole.Button, new() { Name = "Guardar cambios" }).ClickAsync();
        await Expect(page.Locator(".alert-error")).ToContainTextAsync("Otra persona ha modificado este cliente");

        // Reload, then delete with a confirmation step.
        await page.GetByRole(AriaRole.Link, new() { Name = "Volver a cargar el cliente" }).ClickAsync();
        await Expect(Field(page, "Apellidos")).ToHaveValueAsync("Ruiz Olmedo");
        await page.GetByRole(AriaRole.Link, new() { Name = "Eliminar este cliente…" }).ClickAsync();
        await Expect(page.Locator("#delete .alert-warning")).ToContainTextAsync("Marta Ruiz Olmedo");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sí, eliminar definitivamente" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/customers\?deleted=true$"));
        await Expect(page.Locator(".alert-success")).ToHaveTextAsync("El cliente se ha eliminado.");
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<CustomerService>().Get(id));
        }

        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Agent_adds_edits_and_removes_the_contact_persons_of_a_company()
    {
        await fixture.Start();
        long id;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            id = (await scope.ServiceProvider.GetRequiredService<CustomerService>().Create(new CustomerInput
            {
                Kind = "company", CompanyName = "Ferretería Olmos S.L.", Lifecycle = "active",
            })).Id;
        }

        var page = await fixture.NewPage();
        await fixture.SignIn(page, $"/customers/{id}");
        var card = page.Locator(".contacts-card[data-ready=true]");
        await Expect(card).ToBeVisibleAsync();
        await Expect(card).ToContainTextAsync("No hay personas de contacto registradas.");
        var contacts = card.Locator(".contacts > li");

        // Add: the form opens on its first field; a bad e-mail is refused next to the field, in Spanish, and nothing is stored.
        await page.GetByRole(AriaRole.Button, new() { Name = "Añadir persona de contacto" }).ClickAsync();
        await Expect(Field(page, "Nombre")).ToBeFocusedAsync();
        await Field(page, "Nombre").FillAsync("Lucía");
        await Field(page, "Apellidos").FillAsync("Ferrer Soto");
        await Field(page, "Cargo").FillAsync("Responsable de compras");
        await Field(page, "Correo electrónico").FillAsync("lucia.ferrer@");
        await Field(page, "Teléfono").FillAsync("611 222 333");
        await page.GetByRole(AriaRole.Button, new() { Name = "Añadir contacto" }).ClickAsync();
        var email = Field(page, "Correo electrónico");
        await Expect(page.Locator("#e-contact-email")).ToHaveTextAsync(new Regex("No es una dirección de correo válida"));
        await Expect(email).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(email).ToHaveAttributeAsync("aria-describedby", "e-contact-email");
        await Expect(email).ToBeFocusedAsync();
        await Expect(Field(page, "Nombre")).ToHaveValueAsync("Lucía");
        Assert.Empty(await StoredContacts(id));
        await SaveScreenshot(page, "contacts-error");

        // Fix it and press Enter: saved, shown, announced; the first contact person is the main one.
        await email.FillAsync("lucia.ferrer@olmos.example");
        await email.PressAsync("Enter");
        await Expect(contacts).ToHaveCountAsync(1);
        await Expect(contacts.First).ToContainTextAsync("Lucía Ferrer Soto");
        await Expect(contacts.First).ToContainTextAsync("Responsable de compras");
        await Expect(contacts.First).ToContainTextAsync("Contacto principal");
        await Expect(card.Locator(".form-status")).ToHaveTextAsync("Lucía Ferrer Soto se ha añadido a las personas de contacto.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Añadir persona de contacto" })).ToBeFocusedAsync();
        Assert.Equal("lucia.ferrer@olmos.example", Assert.Single(await StoredContacts(id)).Email);

        // A second one, then make it the main contact: it moves to the top.
        await page.GetByRole(AriaRole.Button, new() { Name = "Añadir persona de contacto" }).ClickAsync();
        await Field(page, "Nombre").FillAsync("Jorge");
        await Field(page, "Apellidos").FillAsync("Olmos");
        await Field(page, "Apellidos").PressAsync("Enter");
        await Expect(contacts).ToHaveCountAsync(2);
        await Expect(contacts.Nth(1)).ToContainTextAsync("Jorge Olmos");
        await page.GetByRole(AriaRole.Button, new() { Name = "Hacer de Jorge Olmos el contacto principal" }).ClickAsync();
        await Expect(card.Locator(".form-status")).ToHaveTextAsync("Jorge Olmos es ahora el contacto principal.");
        await Expect(contacts.First).ToContainTextAsync("Jorge Olmos");
        await Expect(contacts.First.Locator(".badge")).ToHaveTextAsync("Contacto principal");
        await Expect(card.Locator(".badge")).ToHaveCountAsync(1);

        // Edit the role: Escape closes the form and gives the focus back; Enter saves.
        var edit = page.GetByRole(AriaRole.Button, new() { Name = "Editar a Lucía Ferrer Soto" });
        await edit.ClickAsync();
        await Expect(Field(page, "Nombre")).ToBeFocusedAsync();
        await Expect(Field(page, "Cargo")).ToHaveValueAsync("Responsable de compras");
        await page.Keyboard.PressAsync("Escape");
        await Expect(Field(page, "Cargo")).ToHaveCountAsync(0);
        await Expect(edit).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Field(page, "Cargo").FillAsync("Directora financiera");
        await Field(page, "Cargo").PressAsync("Enter");
        var lucia = contacts.Filter(new() { HasText = "Lucía Ferrer Soto" });
        await Expect(lucia).ToContainTextAsync("Directora financiera");
        await Expect(card.Locator(".form-status")).ToHaveTextAsync("Cambios de Lucía Ferrer Soto guardados.");
        await Expect(edit).ToBeFocusedAsync();
        Assert.Equal("Directora financiera", (await StoredContacts(id)).Single(c => c.FirstName == "Lucía").Role);
        await SaveScreenshot(page, "contacts-edited");

        // Remove: asks first; Escape keeps the contact, "Sí, quitar" removes it.
        var remove = page.GetByRole(AriaRole.Button, new() { Name = "Quitar a Lucía Ferrer Soto" });
        await remove.ClickAsync();
        await Expect(lucia.GetByRole(AriaRole.Alert)).ToHaveTextAsync("¿Quitar a Lucía Ferrer Soto de las personas de contacto? No se puede deshacer.");
        await Expect(lucia.GetByRole(AriaRole.Button, new() { Name = "Cancelar" })).ToBeFocusedAsync();
        await SaveScreenshot(page, "contacts-confirm");
        await page.Keyboard.PressAsync("Escape");
        await Expect(lucia.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await Expect(remove).ToBeFocusedAsync();
        Assert.Equal(2, (await StoredContacts(id)).Count);
        await remove.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sí, quitar" }).ClickAsync();
        await Expect(contacts).ToHaveCountAsync(1);
        await Expect(card.Locator(".form-status")).ToHaveTextAsync("Lucía Ferrer Soto se ha quitado de las personas de contacto.");
        Assert.Equal("Jorge", Assert.Single(await StoredContacts(id)).FirstName);

        // It was stored: a fresh page load shows the same.
        await page.ReloadAsync();
        await Expect(page.Locator(".contacts-card[data-ready=true] .contacts > li")).ToHaveCountAsync(1);
        await Expect(page.Locator(".contacts-card .contacts > li").First).ToContainTextAsync("Jorge Olmos");
        await SaveScreenshot(page, "contacts-final");
        await page.Context.CloseAsync();

        // A read-only role sees the contact persons without the controls.
        var analyst = await fixture.NewPage();
        await fixture.SignIn(analyst, $"/customers/{id}", E2EFixture.AnalystEmail);
        var readOnly = analyst.Locator(".contacts-card[data-ready=true]");
        await Expect(readOnly).ToContainTextAsync("Jorge Olmos");
        await Expect(readOnly.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await analyst.Context.CloseAsync();
    }

    private async Task<IReadOnlyList<ContactDto>> StoredContacts(long customerId)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<CustomerService>().Contacts(customerId))!;
    }

    [ChromiumFact]
    public async Task Sign_in_rejects_a_wrong_password_and_ignores_foreign_return_urls()
    {
        await fixture.Start();
        var page = await fixture.NewPage("en-US");
        await page.GotoAsync("/login?ReturnUrl=https%3A%2F%2Fevil.example%2F");
        await page.FillAsync("#login-email", WebApp.AdminEmail);
        await page.FillAsync("#login-password", "not-the-password");
        await page.ClickAsync("form button[type=submit]");
        await Expect(page.Locator("#login-error")).ToHaveTextAsync("The e-mail address or the password is not correct.");
        await page.FillAsync("#login-password", WebApp.AdminPassword);
        await page.ClickAsync("form button[type=submit]");
        await Expect(page).ToHaveURLAsync(fixture.App.BaseUrl + "/");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Customers");
        await page.Context.CloseAsync();
    }

    private static async Task<string> LocalTimeOfNewest(E2EFixture fixture)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var timeline = await scope.ServiceProvider.GetRequiredService<InteractionService>().Timeline(fixture.Customer.Id, new TimelineQuery(Limit: 1));
        var madrid = TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid");
        var utc = DateTime.SpecifyKind(timeline!.Items[0].OccurredAt, DateTimeKind.Utc);
        return TimeZoneInfo.ConvertTimeFromUtc(utc, madrid).ToString("g", new System.Globalization.CultureInfo("es"));
    }

    private static ILocator Field(IPage page, string label) => page.GetByLabel(label, new() { Exact = true });

    [ChromiumFact]
    public async Task A_read_only_role_sees_the_360_without_edit_or_log_controls()
    {
        await fixture.Start();
        var page = await fixture.NewPage();
        await fixture.SignIn(page, "/customers", E2EFixture.AnalystEmail);
        await Expect(page.Locator("header .usermenu")).ToContainTextAsync("Ana Lista");
        await Expect(page.Locator(".customer-search[data-ready=true]")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Nuevo cliente" })).ToHaveCountAsync(0);

        await page.GotoAsync($"/customers/{fixture.Customer.Id}");
        await Expect(page.Locator(".timeline-area[data-ready=true]")).ToBeVisibleAsync();
        await Expect(page.Locator(".timeline .tl-item").First).ToBeVisibleAsync();
        await Expect(page.Locator(".log-card")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Editar", Exact = true })).ToHaveCountAsync(0);

        // The pages themselves refuse, not only the hidden buttons.
        await page.GotoAsync($"/customers/{fixture.Customer.Id}/edit");
        await Expect(page.Locator("h1")).ToHaveTextAsync("No tiene acceso");
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Long_lists_load_more_on_demand()
    {
        await fixture.Start();
        long busiest;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var customers = scope.ServiceProvider.GetRequiredService<CustomerService>();
            var interactions = scope.ServiceProvider.GetRequiredService<InteractionService>();
            var ids = new List<long>();
            for (var i = 1; i <= 25; i++)
            {
                ids.Add((await customers.Create(new CustomerInput { FirstName = $"Cliente{i:00}", LastName = "Zubizarreta" })).Id);
            }

            busiest = ids[0];
            var start = DateTime.UtcNow.AddDays(-60);
            for (var i = 0; i < 45; i++)
            {
                // Text from customers may contain markup: it must be shown as text.
                var body = i == 44 ? "Escribe <b>en negrita</b> y <img src=x onerror=alert(1)> en el formulario." : null;
                await interactions.Log(busiest, new InteractionInput("web", "inbound", $"Visita web {i:00}", body, OccurredAt: start.AddHours(i)), null);
            }
        }

        var page = await fixture.NewPage();
        await fixture.SignIn(page, "/customers");
        await Expect(page.Locator(".customer-search[data-ready=true]")).ToBeVisibleAsync();
        await Field(page, "Buscar un cliente").PressSequentiallyAsync("zubiz", new() { Delay = 30 });
        var rows = page.Locator(".results-table tbody tr");
        await Expect(page.Locator(".result-status")).ToContainTextAsync("primeros 20 clientes que coinciden con «zubiz»");
        await Expect(rows).ToHaveCountAsync(20);
        // Rows kept from the previous list (at another position) still take the keyboard focus.
        await Field(page, "Buscar un cliente").PressAsync("ArrowDown");
        await Expect(page.Locator(".row-link", new() { HasText = "Cliente01 Zubizarreta" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(page.Locator(".row-link", new() { HasText = "Cliente02 Zubizarreta" })).ToBeFocusedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Cargar más" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(25);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cargar más" })).ToHaveCountAsync(0);

        await page.GotoAsync($"/customers/{busiest}");
        await Expect(page.Locator(".timeline-area[data-ready=true]")).ToBeVisibleAsync();
        var subjects = page.Locator(".timeline .tl-subject");
        await Expect(subjects).ToHaveCountAsync(20);
        await Expect(subjects.First).ToHaveTextAsync("Visita web 44");
        await Expect(page.Locator(".timeline .tl-body").First).ToHaveTextAsync("Escribe <b>en negrita</b> y <img src=x onerror=alert(1)> en el formulario.");
        await Expect(page.Locator(".timeline b, .timeline img")).ToHaveCountAsync(0);
        var more = page.Locator(".timeline-card").GetByRole(AriaRole.Button, new() { Name = "Cargar más" });
        await more.ClickAsync();
        await Expect(subjects).ToHaveCountAsync(40);
        await more.ClickAsync();
        await Expect(subjects).ToHaveCountAsync(45);
        await Expect(subjects.Last).ToHaveTextAsync("Visita web 00");
        await Expect(more).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    /// <summary>With VINCULO_E2E_SCREENSHOTS set to a folder, saves the page there as <c>name</c>.png (to look at the result).</summary>
    private static async Task SaveScreenshot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("VINCULO_E2E_SCREENSHOTS") is not { Length: > 0 } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    /// <summary>With VINCULO_SCREENSHOT=1, the 360 page is saved as docs/screenshot-360.png for the README.</summary>
    private static async Task SaveScreenshot(IPage page)
    {
        if (Environment.GetEnvironmentVariable("VINCULO_SCREENSHOT") != "1")
        {
            return;
        }

        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Vinculo.slnx")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException("Vinculo.slnx not found above " + AppContext.BaseDirectory);
        }

        var docs = Directory.CreateDirectory(Path.Combine(root.FullName, "docs"));
        // Tall enough to show the handling guidance, the profile, the log form and the start of the timeline.
        var size = page.ViewportSize;
        await page.SetViewportSizeAsync(1440, 1560);
        await page.Mouse.MoveAsync(0, 0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(docs.FullName, "screenshot-360.png") });
        if (size is not null)
        {
            await page.SetViewportSizeAsync(size.Width, size.Height);
        }
    }
}
