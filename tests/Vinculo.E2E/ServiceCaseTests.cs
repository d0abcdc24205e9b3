using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using Vinculo.Core.Auth;
using Vinculo.Core.Interactions;
using Vinculo.Core.Service.Cases;
using Vinculo.Core.Service.Configuration;
using Vinculo.Domain.Service;
using Vinculo.E2E.Infrastructure;
using Vinculo.Web;
using Vinculo.Web.Components.Service.Cases;
using static Microsoft.Playwright.Assertions;

namespace Vinculo.E2E;

/// <summary>The service desk's agent pages: the queues with live SLA timers, a case's page and its actions, the new-case form.</summary>
public sealed partial class ServiceCaseTests(E2EFixture fixture) : IClassFixture<E2EFixture>
{
    private const string AgentEmail = "agent@e2e.local";

    [ChromiumFact]
    public async Task Agent_opens_a_case_from_the_360_answers_it_and_resolves_it()
    {
        await Prepare();
        var customer = fixture.Customer.Id;
        var page = await fixture.NewPage();
        await fixture.SignIn(page, $"/customers/{customer}", AgentEmail);

        // The 360 has a cases section with the button to open one.
        var section = page.Locator("section.customer-cases");
        await Expect(section.Locator("h2")).ToHaveTextAsync("Casos");
        await section.GetByRole(AriaRole.Link, new() { Name = "Abrir caso" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($@"/cases/new\?customerId={customer}$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Nuevo caso de Íñigo Peñalver Ibáñez");

        // A missing subject is refused next to its field, keeping what was typed.
        await page.Locator("#f-type").SelectOptionAsync("incident");
        await page.Locator("#f-description").FillAsync("El router se reinicia varias veces al día.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Abrir caso" }).ClickAsync();
        await Expect(page.Locator("#e-subject")).ToHaveTextAsync("Obligatorio.");
        await Expect(page.Locator("#f-subject")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#f-description")).ToHaveValueAsync("El router se reinicia varias veces al día.");
        await page.Locator("#f-subject").FillAsync("El router se reinicia");
        await page.Locator("#f-tags").FillAsync("router, Fibra");
        await page.GetByRole(AriaRole.Button, new() { Name = "Abrir caso" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/cases/\d+\?done=created$"));
        var id = long.Parse(Regex.Match(page.Url, @"/cases/(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);

        // The case: facts, the customer's handling guidance, a running SLA.
        await Expect(page.Locator(".alert-success")).ToHaveTextAsync("Caso abierto.");
        await Expect(page.Locator("h1")).ToHaveTextAsync("El router se reinicia");
        await Expect(page.Locator(".case-head [data-status]")).ToHaveTextAsync("Nuevo");
        await Expect(page.Locator(".temperament")).ToContainTextAsync("Quejumbroso crónico");
        await Expect(page.Locator(".case-tags .chip")).ToHaveTextAsync(["fibra", "router"]);
        await Expect(page.Locator(".case-assignee")).ToHaveTextAsync("Sin asignar");
        var firstResponse = page.Locator(".sla-table tr[data-target=firstResponse]");
        await Expect(firstResponse.Locator(".sla-text")).ToHaveTextAsync(new Regex(@"^vence en (29|30) min \d\d s$"));
        await Expect(firstResponse).ToContainTextAsync("30 min");
        await Expect(firstResponse).ToContainTextAsync("Corporativa E2E");
        await Expect(page.Locator(".sla-panel[data-ready=true]")).ToBeVisibleAsync();
        await Ticks(firstResponse.Locator(".sla-text"));
        await SaveScreenshot(page, "case-new");

        // Not assigned yet: in the unassigned queue, with a ticking timer; not in "mine".
        await page.GotoAsync("/cases?view=unassigned");
        await Expect(page.Locator(".case-tabs [aria-current=page]")).ToHaveTextAsync("Sin asignar");
        var row = page.Locator($"table.cases-table tr[data-case='{id}']");
        await Expect(row).ToContainTextAsync("El router se reinicia");
        await Expect(row).ToContainTextAsync("Íñigo Peñalver Ibáñez");
        await Expect(row).ToContainTextAsync("Incidencia");
        await Expect(row.Locator(".sla")).ToContainTextAsync("Primera respuesta");
        await Expect(page.Locator(".case-queue[data-ready=true]")).ToBeVisibleAsync();
        await Ticks(row.Locator(".sla-text"));
        await SaveScreenshot(page, "queue");
        await page.GotoAsync("/cases?view=mine");
        await Expect(page.Locator($"table.cases-table tr[data-case='{id}']")).ToHaveCountAsync(0);

        // The agent takes it: now it is in "mine".
        await page.GotoAsync($"/cases/{id}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Asignármelo" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToHaveTextAsync("Asignación guardada.");
        await Expect(page.Locator(".case-assignee")).ToHaveTextAsync("Laura Gómez");
        await page.GotoAsync("/cases?view=mine");
        await Expect(page.Locator($"table.cases-table tr[data-case='{id}']")).ToContainTextAsync("Laura Gómez");
        await page.GotoAsync($"/cases/{id}");

        // An empty reply is refused; a public reply meets the first response and opens the case.
        await page.GetByRole(AriaRole.Button, new() { Name = "Enviar respuesta" }).ClickAsync();
        await Expect(page.Locator("#e-reply-body")).ToHaveTextAsync("Obligatorio.");
        await page.Locator("#f-reply-body").FillAsync("Hola Íñigo: vamos a revisar el router de forma remota esta tarde.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enviar respuesta" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToHaveTextAsync("Respuesta enviada y registrada en la cronología del cliente.");
        await Expect(firstResponse).ToHaveAttributeAsync("data-state", "met");
        await Expect(firstResponse.Locator(".sla-text")).ToHaveTextAsync("cumplido");
        await Expect(page.Locator(".case-head [data-status]")).ToHaveTextAsync("Abierto");

        // An internal note, told apart from the public reply in the history.
        await page.Locator("#f-note-body").FillAsync("El cliente es quejumbroso: llamar por la tarde.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Añadir nota" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToHaveTextAsync("Nota interna añadida.");
        var reply = page.Locator(".case-history [data-kind=agentReply]");
        await Expect(reply.Locator(".badge")).ToHaveTextAsync("Pública");
        await Expect(reply).ToContainTextAsync("vamos a revisar el router");
        var note = page.Locator(".case-history [data-kind=internalNote]");
        await Expect(note.Locator(".badge")).ToHaveTextAsync("Interna");
        await Expect(note).ToContainTextAsync("llamar por la tarde");

        // Waiting on the customer pauses the resolution clock; then it is resolved.
        await page.GetByRole(AriaRole.Button, new() { Name = "Pendiente del cliente" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToHaveTextAsync("El caso ahora está: Pendiente del cliente.");
        await Expect(page.Locator(".sla-table tr[data-target=resolution] .sla-text")).ToHaveTextAsync("en pausa");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resolver" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToHaveTextAsync("El caso ahora está: Resuelto.");
        await Expect(page.Locator(".sla-table tr[data-target=resolution]")).ToHaveAttributeAsync("data-state", "met");
        await Expect(page.Locator(".case-history [data-kind=statusChanged]").Last).ToContainTextAsync("Pendiente del cliente → Resuelto");
        await SaveScreenshot(page, "case-resolved");

        // Closing asks first.
        await page.GetByRole(AriaRole.Link, new() { Name = "Cerrar el caso" }).ClickAsync();
        await Expect(page.Locator("#status .alert-warning")).ToContainTextAsync($"¿Cerrar el caso n.º {id}?");
        await page.GetByRole(AriaRole.Link, new() { Name = "No, mantenerlo" }).ClickAsync();
        await Expect(page.Locator(".case-head [data-status]")).ToHaveTextAsync("Resuelto");

        // The 360 lists the case; the reply is on the customer's timeline.
        await page.GotoAsync($"/customers/{customer}");
        await Expect(page.Locator($"section.customer-cases tr[data-case='{id}']")).ToContainTextAsync("Resuelto");
        await Expect(page.Locator(".timeline .tl-subject", new() { HasText = $"[#{id}] El router se reinicia" })).ToHaveCountAsync(1);

        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var c = await scope.ServiceProvider.GetRequiredService<CaseService>().Get(id);
            Assert.NotNull(c);
            Assert.Equal(CaseStatus.Resolved, c.Status);
            Assert.Equal(SlaClockState.Met, c.Sla.FirstResponse.State);
            Assert.Equal("incident", c.Type);
        }

        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task A_change_based_on_an_old_version_is_refused_and_the_case_reloaded()
    {
        await Prepare();
        var id = await NewCase("Factura duplicada");
        var page = await fixture.NewPage();
        await fixture.SignIn(page, $"/cases/{id}", AgentEmail);
        var stale = await page.Context.NewPageAsync();
        await stale.GotoAsync($"/cases/{id}");

        await page.Locator("#f-priority-priority").SelectOptionAsync("urgent");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cambiar prioridad" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToHaveTextAsync("Prioridad cambiada.");
        await Expect(page.Locator(".case-head .case-priority")).ToHaveTextAsync("Prioridad: Urgente");

        // The other tab still shows the old version: its change is refused and it shows the case as it is now.
        await stale.GetByRole(AriaRole.Button, new() { Name = "Resolver" }).ClickAsync();
        await Expect(stale.Locator(".alert-error")).ToContainTextAsync("Otra persona ha cambiado este caso");
        await Expect(stale.Locator(".case-head .case-priority")).ToHaveTextAsync("Prioridad: Urgente");
        await Expect(stale.Locator(".case-head [data-status]")).ToHaveTextAsync("Nuevo");

        // Retried on the fresh page, it works.
        await stale.GetByRole(AriaRole.Button, new() { Name = "Resolver" }).ClickAsync();
        await Expect(stale.Locator(".alert-success")).ToHaveTextAsync("El caso ahora está: Resuelto.");
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task The_queue_speaks_the_users_language()
    {
        await Prepare();
        var id = await NewCase("Consulta de cobertura", priority: "high");
        var page = await fixture.NewPage();
        await fixture.SignIn(page, "/cases?view=all", AgentEmail);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Casos");
        await Expect(page.Locator(".case-tabs a")).ToHaveTextAsync(["Mi cola", "Mis equipos", "Sin asignar", "Todos"]);
        await Expect(page.Locator("table.cases-table thead th")).ToHaveTextAsync(
            ["Asunto", "Cliente", "Tipo", "Prioridad", "Estado", "Equipo", "Agente", "SLA"]);
        var row = page.Locator($"table.cases-table tr[data-case='{id}']");
        await Expect(row).ToContainTextAsync("Consulta");
        await Expect(row).ToContainTextAsync("Alta");
        await Expect(row).ToContainTextAsync("Nuevo");
        await Expect(row.Locator(".sla-text")).ToHaveTextAsync(new Regex(@"^vence en \d+ min \d\d s$"));
        await Expect(page.Locator(".result-status")).ToHaveTextAsync(new Regex(@"^Mostrando \d+ de \d+ casos\.$"));

        // Timers in warning and breached say so in words, not only in colour.
        var warned = await NewCase("Aviso de prueba", openedMinutesAgo: 26);
        var late = await NewCase("Retraso de prueba", openedMinutesAgo: 40);
        await page.GotoAsync("/cases?view=all");
        var warnedTimer = page.Locator($"table.cases-table tr[data-case='{warned}'] .sla");
        await Expect(warnedTimer).ToHaveAttributeAsync("data-look", "warning");
        await Expect(warnedTimer.Locator(".sla-state")).ToHaveTextAsync(new Regex(@"^Aviso ·"));
        await Expect(warnedTimer.Locator(".sla-text")).ToHaveTextAsync(new Regex(@"^vence en [34] min \d\d s$"));
        var lateTimer = page.Locator($"table.cases-table tr[data-case='{late}'] .sla");
        await Expect(lateTimer).ToHaveAttributeAsync("data-look", "breached");
        await Expect(lateTimer.Locator(".sla-state")).ToHaveTextAsync(new Regex(@"^Incumplido ·"));
        await Expect(lateTimer.Locator(".sla-text")).ToHaveTextAsync(new Regex(@"^vencido hace (9|10) min \d\d s$"));

        // Filters: by priority and text.
        await page.Locator("#case-priority").SelectOptionAsync("high");
        await page.Locator("#case-q").FillAsync("cobertura");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrar" }).ClickAsync();
        await Expect(page.Locator("table.cases-table tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator(".result-status")).ToHaveTextAsync("Mostrando 1 de 1 casos.");

        // In English.
        await page.GotoAsync("/culture/en?returnUrl=%2Fcases%3Fview%3Dall");
        await Expect(page.Locator(".case-tabs a")).ToHaveTextAsync(["Mine", "My teams", "Unassigned", "All"]);
        // The live circuit keeps the user's language as it ticks.
        await Expect(page.Locator(".case-queue[data-ready=true]")).ToBeVisibleAsync();
        var englishTimer = page.Locator($"table.cases-table tr[data-case='{id}'] .sla-text");
        await Ticks(englishTimer);
        await Expect(englishTimer).ToHaveTextAsync(new Regex(@"^due in \d+ min \d\d s$"));
        await Expect(page.Locator($"table.cases-table tr[data-case='{late}'] .sla-state")).ToHaveTextAsync(new Regex(@"^Breached ·"));
        await page.GotoAsync($"/cases/{id}");
        await Expect(page.Locator("#sla-title")).ToHaveTextAsync("Service level (SLA)");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send reply" })).ToBeVisibleAsync();
        await page.GotoAsync("/culture/es?returnUrl=%2Fcases");
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task The_queue_and_the_sla_panel_read_the_case_again_by_themselves()
    {
        await Prepare();
        var id = await NewCase("Cambio de titular");
        var queue = await fixture.NewPage();
        await fixture.SignIn(queue, "/cases?view=all", AgentEmail);
        var row = queue.Locator($"table.cases-table tr[data-case='{id}']");
        await Expect(row.Locator(".case-priority")).ToHaveTextAsync("Normal");
        await Expect(queue.Locator(".case-queue[data-ready=true]")).ToBeVisibleAsync();
        var panel = await queue.Context.NewPageAsync();
        await panel.GotoAsync($"/cases/{id}");
        var firstResponse = panel.Locator(".sla-table tr[data-target=firstResponse]");
        await Expect(firstResponse).ToHaveAttributeAsync("data-state", "running");
        await Expect(panel.Locator(".sla-panel[data-ready=true]")).ToBeVisibleAsync();

        // Someone else raises the priority and answers the customer; both pages show it within half a minute.
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var cases = scope.ServiceProvider.GetRequiredService<CaseService>();
            var actor = new Actor("other", "Otra agente");
            await cases.Update(id, new CaseUpdateInput { Priority = "urgent" }, null, actor);
            await cases.Reply(id, new CaseReplyInput { Body = "Le llamamos mañana." }, actor);
        }

        await Expect(row.Locator(".case-priority")).ToHaveTextAsync("Urgente", new() { Timeout = 40_000 });
        await Expect(firstResponse).ToHaveAttributeAsync("data-state", "met", new() { Timeout = 40_000 });
        await queue.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task An_analyst_reads_a_case_but_cannot_act_on_it()
    {
        await Prepare();
        var id = await NewCase("Devolución de un terminal");
        var analyst = await fixture.NewPage();
        await fixture.SignIn(analyst, $"/cases/{id}", E2EFixture.AnalystEmail);
        await Expect(analyst.Locator("h1")).ToHaveTextAsync("Devolución de un terminal");
        await Expect(analyst.Locator(".sla-table tr[data-target=firstResponse] .sla-text")).ToHaveTextAsync(new Regex("^vence en"));
        await Expect(analyst.Locator(".case-history [data-kind=created]")).ToHaveCountAsync(1);
        await Expect(analyst.Locator("form[method=post]").Filter(new() { Has = analyst.Locator("textarea, select") })).ToHaveCountAsync(0);
        await Expect(analyst.GetByRole(AriaRole.Button, new() { Name = "Resolver" })).ToHaveCountAsync(0);

        // A crafted post (with the analyst's own antiforgery token) changes nothing: the page renders no such form for
        // them, so the framework refuses it (400) before any handler runs; the handlers also check the role (403).
        var token = await analyst.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        Assert.False(string.IsNullOrEmpty(token));
        var response = await analyst.APIRequest.PostAsync($"/cases/{id}", new()
        {
            Form = analyst.Context.APIRequest.CreateFormData()
                .Set("_handler", "note").Set("__RequestVerificationToken", token!).Set("NoteModel.Body", "No debería guardarse"),
        });
        Assert.Contains(response.Status, new[] { 400, 403 });
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var history = await scope.ServiceProvider.GetRequiredService<CaseService>().History(id, new CaseHistoryQuery());
            Assert.DoesNotContain(history!.Items, e => e.Kind == CaseEventKind.InternalNote);
        }

        // No new-case form and no "open case" button for them.
        await analyst.GotoAsync("/cases/new");
        await Expect(analyst).ToHaveURLAsync(new Regex("/denied"));
        await analyst.GotoAsync($"/customers/{fixture.Customer.Id}");
        await Expect(analyst.Locator("section.customer-cases")).ToBeVisibleAsync();
        await Expect(analyst.Locator("section.customer-cases").GetByRole(AriaRole.Link, new() { Name = "Abrir caso" })).ToHaveCountAsync(0);
        await analyst.Context.CloseAsync();
    }

    [Fact]
    public void The_case_texts_exist_in_both_languages_for_every_key_and_value_used()
    {
        var web = Path.Combine(RepositoryRoot(), "src", "Vinculo.Web");
        var english = Read(Path.Combine(web, "Resources", "CaseResource.resx"));
        var spanish = Read(Path.Combine(web, "Resources", "CaseResource.es.resx"));
        Assert.Empty(english.Keys.Except(spanish.Keys));
        Assert.Empty(spanish.Keys.Except(english.Keys));
        Assert.Empty(english.Concat(spanish).Where(kv => string.IsNullOrWhiteSpace(kv.Value)).Select(kv => kv.Key));

        var used = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(web, "Components", "Service", "Cases")))
        {
            used.AddRange(UsedKey().Matches(File.ReadAllText(file)).Select(m => m.Groups["key"].Value));
        }

        used.AddRange(Enum.GetNames<CaseStatus>().Select(n => "CaseStatus." + n));
        used.AddRange(Enum.GetNames<CaseStatus>().Where(n => n != nameof(CaseStatus.New)).Select(n => "Move." + n));
        used.AddRange(Enum.GetNames<CasePriority>().Select(n => "Priority." + n));
        used.AddRange(Enum.GetNames<SlaTarget>().Select(n => "Target." + n));
        used.AddRange(Enum.GetNames<SlaClockState>().Select(n => "SlaState." + n));
        used.AddRange(Enum.GetNames<CaseEventKind>().Select(n => "Event." + n));
        used.AddRange(Enum.GetNames<CaseView>().Select(n => "View." + n));
        used.AddRange(Enum.GetNames<SlaLook>().Select(n => "SlaLook." + n));
        var missing = used.Distinct().Where(k => !english.ContainsKey(k)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Countdowns_read_in_words_in_both_languages()
    {
        var now = new DateTime(2025, 3, 5, 10, 0, 0, DateTimeKind.Utc);
        var due = now.AddHours(1).AddMinutes(12);
        Assert.Equal(new SlaReading(SlaLook.Ok, due - now), SlaCountdown.Read(SlaClockState.Running, due, now.AddMinutes(30), now));
        Assert.Equal(SlaLook.Warning, SlaCountdown.Read(SlaClockState.Running, due, now.AddMinutes(-1), now).Look);
        Assert.Equal(SlaLook.Breached, SlaCountdown.Read(SlaClockState.Running, now.AddSeconds(-185), null, now).Look);
        Assert.Equal(SlaLook.Breached, SlaCountdown.Read(SlaClockState.Breached, null, null, now).Look);
        Assert.Equal(new SlaReading(SlaLook.Paused, null), SlaCountdown.Read(SlaClockState.Paused, null, null, now));
        Assert.Equal(SlaLook.Met, SlaCountdown.Read(SlaClockState.Met, null, null, now).Look);
        Assert.Equal(SlaLook.None, SlaCountdown.Read(SlaClockState.NotApplicable, null, null, now).Look);

        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);
        var texts = factory.Create(typeof(CaseResource));
        string Text(SlaReading reading, string culture)
        {
            var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
            try
            {
                return SlaCountdown.Text(texts, reading);
            }
            finally
            {
                (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
            }
        }

        Assert.Equal("vence en 1 h 12 min", Text(new(SlaLook.Ok, TimeSpan.FromMinutes(72.5)), "es-ES"));
        Assert.Equal("due in 1 h 12 min", Text(new(SlaLook.Ok, TimeSpan.FromMinutes(72.5)), "en-GB"));
        Assert.Equal("vencido hace 3 min 05 s", Text(new(SlaLook.Breached, TimeSpan.FromSeconds(-185)), "es-ES"));
        Assert.Equal("overdue by 2 d 3 h", Text(new(SlaLook.Breached, -TimeSpan.FromHours(51)), "en-GB"));
        Assert.Equal("vence en 40 s", Text(new(SlaLook.Warning, TimeSpan.FromSeconds(40)), "es-ES"));
        Assert.Equal("en pausa", Text(new(SlaLook.Paused, null), "es-ES"));
        Assert.Equal("met", Text(new(SlaLook.Met, null), "en-GB"));
    }

    /// <summary>The SLA setup (a 24×7 calendar and a corporate policy) and an agent, once per app.</summary>
    private async Task Prepare()
    {
        await fixture.Start();
        await Gate.WaitAsync();
        try
        {
            await using var scope = fixture.App.Services.CreateAsyncScope();
            var policies = scope.ServiceProvider.GetRequiredService<SlaPolicyService>();
            if ((await policies.List(new PolicyQuery())).Items.Any(p => p.Name == "Corporativa E2E"))
            {
                return;
            }

            var calendar = await scope.ServiceProvider.GetRequiredService<CalendarService>().Create(new CalendarInput
            {
                Name = "Siempre abierto",
                TimeZone = "Europe/Madrid",
                Weekly = Enum.GetNames<DayOfWeek>().Select(d => new WeeklyHoursInput(d.ToLowerInvariant(), "00:00", "24:00")).ToList(),
            });
            var priorities = new TargetInput(FirstResponse: 30, NextResponse: 60, Resolution: 480);
            await policies.Create(new PolicyInput
            {
                Name = "Corporativa E2E",
                Scope = "corporate",
                CalendarId = calendar.Item.Id,
                Targets = new PolicyTargetsInput(priorities, priorities, priorities, priorities),
            });
            await scope.ServiceProvider.GetRequiredService<UserAdministration>().Create(AgentEmail, WebApp.AdminPassword, Roles.Agent, "Laura Gómez");
        }
        finally
        {
            Gate.Release();
        }
    }

    private static readonly SemaphoreSlim Gate = new(1, 1);

    private async Task<long> NewCase(string subject, string priority = "normal", int openedMinutesAgo = 0)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<CaseService>().Create(new CaseInput
        {
            CustomerId = fixture.Customer.Id, Type = "question", Channel = "phone", Subject = subject, Priority = priority,
            OccurredAt = openedMinutesAgo == 0 ? null : DateTime.UtcNow.AddMinutes(-openedMinutesAgo),
        }, new Actor("seed", "Semilla"));
        return created.Id;
    }

    /// <summary>The countdown moves: its text changes within a couple of seconds.</summary>
    private static async Task Ticks(ILocator timer)
    {
        var before = await timer.InnerTextAsync();
        await Expect(timer).Not.ToHaveTextAsync(before, new() { Timeout = 4_000 });
    }

    private static Dictionary<string, string> Read(string path) =>
        XDocument.Load(path).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vinculo.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Vinculo.slnx not found above " + AppContext.BaseDirectory);
    }

    private static async Task SaveScreenshot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("VINCULO_E2E_SCREENSHOTS") is not { Length: > 0 } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "service-" + name + ".png"), FullPage = true });
    }

    // S["Key"], Labels.Format(S, "Key", ...), F(s, "Key", ...), s["Key"]: identifier-like keys only.
    [GeneratedRegex(""""(?:\bS\[|\bs\[|Format\(S, |\bF\(s, |\? |: )"(?<key>[A-Z][A-Za-z]+\.[A-Za-z0-9.]+)"""")]
    private static partial Regex UsedKey();
}
