using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vinculo.Core.Auth;
using Vinculo.Core.Service.Configuration;
using Vinculo.E2E.Infrastructure;
using Vinculo.Domain.Service;
using static Microsoft.Playwright.Assertions;

namespace Vinculo.E2E;

/// <summary>The service settings pages through a real browser: a supervisor sets up hours and an SLA; an agent may not.</summary>
public sealed partial class ServiceSettingsTests(E2EFixture fixture) : IClassFixture<E2EFixture>
{
    private const string SupervisorEmail = "supervisora@e2e.local";
    private const string AgentEmail = "agente@e2e.local";

    [ChromiumFact]
    public async Task A_supervisor_creates_a_calendar_and_a_corporate_policy_and_an_agent_is_denied()
    {
        await fixture.Start();
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            await users.Create(SupervisorEmail, WebApp.AdminPassword, Roles.Supervisor, "Sara Supervisora");
            await users.Create(AgentEmail, WebApp.AdminPassword, Roles.Agent, "Álvaro Agente");
        }

        var page = await fixture.NewPage();
        await fixture.SignIn(page, "/service/settings", SupervisorEmail);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Configuración de servicio");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Configuración de servicio" })).ToBeVisibleAsync();
        await Expect(page.Locator(".result-status")).ToHaveTextAsync("Todavía no hay calendarios.");

        // A calendar: office hours Monday to Friday (the form's starting point) plus a Saturday night shift and a holiday.
        await page.GetByRole(AriaRole.Link, new() { Name = "Nuevo calendario" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Nuevo calendario");
        await Expect(page.Locator("#f-weekly-0-start")).ToHaveValueAsync("09:00");
        await Expect(page.Locator(".preview-text")).ToContainTextAsync("Un caso abierto ahora con un objetivo de 60 minutos vence el");
        await page.Locator("#f-weekly-5-day").SelectOptionAsync("saturday");
        await page.Locator("#f-weekly-5-start").FillAsync("22:00");
        await page.Locator("#f-weekly-5-end").FillAsync("06:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Crear calendario" }).ClickAsync();

        // Saving without a name names the field, keeps what was typed, and asks for the night-shift box.
        await Expect(page.Locator("#e-name")).ToHaveTextAsync("Obligatorio.");
        await Expect(page.Locator("#f-weekly-5-start")).ToHaveValueAsync("22:00");
        await page.Locator("#f-name").FillAsync("Horario de oficina");
        await page.GetByRole(AriaRole.Button, new() { Name = "Crear calendario" }).ClickAsync();
        await Expect(page.Locator("#e-weekly-5")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "El tramo 6 termina al día siguiente" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Añadir festivo" }).ClickAsync();
        await page.Locator("#f-holidays-0").FillAsync("2026-12-25");
        await page.GetByRole(AriaRole.Button, new() { Name = "Crear calendario" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/service/settings/calendars/\d+\?saved=true"));
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Calendario guardado.");
        await Expect(page.Locator("#f-holidays-0")).ToHaveValueAsync("2026-12-25");
        await SaveScreenshot(page, "calendar");

        // A corporate policy on it: the targets table comes filled in; one escalation rule is added.
        await page.GetByRole(AriaRole.Link, new() { Name = "Configuración de servicio" }).Last.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Políticas de ANS" }).ClickAsync();
        await Expect(page.Locator("#precedence-title")).ToHaveTextAsync("Qué política manda");
        await page.GetByRole(AriaRole.Link, new() { Name = "Nueva política" }).ClickAsync();
        await page.Locator("#f-name").FillAsync("Corporativa");
        await page.Locator("#f-calendarId").SelectOptionAsync(new SelectOptionValue { Label = "Horario de oficina" });
        await Expect(page.Locator("#f-targets-normal-firstResponse")).ToHaveValueAsync("240");
        await page.Locator("#f-targets-urgent-firstResponse").FillAsync("10");
        await page.GetByRole(AriaRole.Button, new() { Name = "Añadir regla" }).ClickAsync();
        await page.Locator("#f-escalations-0-on").SelectOptionAsync("warning");
        await page.Locator("#f-escalations-0-action").SelectOptionAsync("raisePriority");
        await Expect(page.Locator("#f-targets-urgent-firstResponse")).ToHaveValueAsync("10");
        await page.GetByRole(AriaRole.Button, new() { Name = "Crear política" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/service/settings/policies/\d+\?saved=true"));
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Política guardada.");
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Se ha recalculado el ANS de 0 casos activos.");
        await SaveScreenshot(page, "policy");

        // Both are listed.
        await page.GotoAsync("/service/settings/policies");
        var policy = page.Locator("table.policies-table tbody tr");
        await Expect(policy).ToHaveCountAsync(1);
        await Expect(policy.First).ToContainTextAsync("Corporativa");
        await Expect(policy.First).ToContainTextAsync("Horario de oficina");
        await Expect(policy.First).ToContainTextAsync("Activa");
        await page.GetByRole(AriaRole.Link, new() { Name = "Calendarios" }).ClickAsync();
        var calendar = page.Locator("table.calendars-table tbody tr");
        await Expect(calendar).ToHaveCountAsync(1);
        await Expect(calendar.First).ToContainTextAsync("Horario de oficina");
        await Expect(calendar.First).ToContainTextAsync("Europe/Madrid");
        await Expect(calendar.First.Locator("td").Last).ToHaveTextAsync("1");
        await SaveScreenshot(page, "settings");
        await page.Context.CloseAsync();

        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var saved = Assert.Single((await scope.ServiceProvider.GetRequiredService<SlaPolicyService>().List(new PolicyQuery())).Items);
            Assert.Equal((SlaScope.Corporate, 10), (saved.Scope, saved.Targets.Urgent!.FirstResponse));
            Assert.Equal(new EscalationRule(SlaAlarmKind.Warning, null, EscalationAction.RaisePriority), Assert.Single(saved.Escalations));
            var hours = Assert.Single((await scope.ServiceProvider.GetRequiredService<CalendarService>().List(new CalendarQuery())).Items);
            Assert.Equal(new WeeklyHoursDocument(DayOfWeek.Saturday, "22:00", "06:00", true), hours.Weekly[^1]);
        }

        // An agent has no menu entry and gets the denied page.
        var agent = await fixture.NewPage();
        await fixture.SignIn(agent, "/service/settings", AgentEmail);
        await Expect(agent).ToHaveURLAsync(new Regex("/denied"));
        await Expect(agent.Locator("h1")).ToHaveTextAsync("No tiene acceso");
        await Expect(agent.GetByRole(AriaRole.Link, new() { Name = "Configuración de servicio" })).ToHaveCountAsync(0);
        await agent.GotoAsync("/service/settings/policies/new");
        await Expect(agent).ToHaveURLAsync(new Regex("/denied"));
        await agent.Context.CloseAsync();
    }

    [Fact]
    public void Both_languages_have_every_key_the_settings_pages_use()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vinculo.slnx")))
        {
            dir = dir.Parent;
        }

        var web = Path.Combine(dir!.FullName, "src", "Vinculo.Web");
        Dictionary<string, string> Read(string file) => XDocument.Load(Path.Combine(web, "Resources", file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);
        var english = Read("ServiceSettingsResource.resx");
        var spanish = Read("ServiceSettingsResource.es.resx");
        Assert.Empty(english.Keys.Except(spanish.Keys));
        Assert.Empty(spanish.Keys.Except(english.Keys));
        var blank = english.Concat(spanish).Where(kv => string.IsNullOrWhiteSpace(kv.Value)).Select(kv => kv.Key).ToList();
        Assert.Empty(blank);

        var used = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(web, "Components", "Service", "Settings")))
        {
            used.AddRange(UsedKey().Matches(File.ReadAllText(file)).Select(m => m.Groups["key"].Value));
        }

        used.AddRange(Enum.GetNames<SlaScope>().Select(n => "Scope." + n));
        used.AddRange(Enum.GetNames<AssignmentStrategy>().Append("Manual").Select(n => "Strategy." + n));
        used.AddRange(Enum.GetNames<CasePriority>().Select(n => "Priority." + n));
        used.AddRange(Enum.GetNames<SlaTarget>().Append("Any").Select(n => "Target." + n));
        used.AddRange(Enum.GetNames<SlaTarget>().Select(n => "Target.Short." + n));
        used.AddRange(Enum.GetNames<SlaAlarmKind>().Select(n => "Alarm." + n));
        used.AddRange(Enum.GetNames<EscalationAction>().Select(n => "Action." + n));
        used.AddRange(Roles.All.Select(r => "Role." + r));
        Assert.NotEmpty(used);
        var missing = used.Distinct().Where(k => !english.ContainsKey(k)).ToList();
        Assert.Empty(missing);
    }

    // S["Key"], S.Format("Key", ...), s["Key"]: the settings pages' own keys.
    [GeneratedRegex("""\b[Ss](?:\[|\.Format\()"(?<key>[A-Za-z]+\.[A-Za-z0-9.]+)"[\],]""")]
    private static partial Regex UsedKey();

    private static async Task SaveScreenshot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("VINCULO_E2E_SCREENSHOTS") is not { Length: > 0 } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "service-settings-" + name + ".png"), FullPage = true });
    }
}
