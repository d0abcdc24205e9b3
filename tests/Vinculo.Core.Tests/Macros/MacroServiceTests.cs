using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Auth;
using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Core.Macros;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Commerce;
using static Vinculo.Core.Tests.Service.Configuration.ConfigSeed;

namespace Vinculo.Core.Tests.Macros;

public sealed class MacroServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    private static MacroInput Reminder(string name = "Recordatorio de pago") => new()
    {
        Name = name,
        Language = "es",
        Category = "Facturación",
        Tags = ["Factura", " impago ", "factura"],
        Body = "Hola, {{customer.firstName}}: tiene {{ invoices.overdueCount }} facturas vencidas por {{invoices.overdueAmount}} €. "
            + "Caso #{{case.id}} ({{case.type}}, {{case.status}}), equipo {{case.team}}. Un saludo, {{agent.firstName}}. \\{{literal}}",
    };

    private static Task<T> Run<T>(TestServices app, Func<MacroService, Task<T>> work) => app.Run(work);

    [Theory, SqliteData, PostgresData]
    public async Task Create_read_list_update_and_delete_with_versions_and_unique_names(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Now));
        var supervisor = await User(app, Roles.Supervisor);

        var created = await Run(app, s => s.Create(Reminder(), supervisor));
        Assert.Equal(("Recordatorio de pago", "es", "Facturación", 1L), (created.Name, created.Language, created.Category, created.Version));
        Assert.Equal(["factura", "impago"], created.Tags);
        Assert.False(created.Personal);
        Assert.Equal(["customer.firstName", "invoices.overdueCount", "invoices.overdueAmount", "case.id", "case.type", "case.status", "case.team", "agent.firstName"],
            created.Placeholders);
        Assert.Equal(Now.UtcDateTime, created.CreatedAt);
        SameJson(created, await Run(app, s => s.Get(created.Id, supervisor)));

        // Names are unique per language among the shared macros, ignoring case and accents; the other language is free.
        var taken = await Assert.ThrowsAsync<ConflictException>(() => Run(app, s => s.Create(Reminder("RECORDATORIO  de PAGÓ"), supervisor)));
        Assert.Contains("shared macro", taken.Message, StringComparison.Ordinal);
        await Run(app, s => s.Create(Reminder() with { Language = "en" }, supervisor));
        await Run(app, s => s.Create(Reminder("Saludo") with { Body = "Hola, {{customer.firstName}}." }, supervisor));

        var updated = await Run(app, s => s.Update(created.Id, Reminder("Aviso de impago") with { Tags = [] }, 1, supervisor));
        Assert.Equal(("Aviso de impago", 2L), (updated!.Name, updated.Version));
        Assert.Empty(updated.Tags);
        await Assert.ThrowsAsync<PreconditionFailedException>(() => Run(app, s => s.Update(created.Id, Reminder(), 1, supervisor)));
        await Assert.ThrowsAsync<ConflictException>(() => Run(app, s => s.Update(created.Id, Reminder("saludo"), 2, supervisor)));
        Assert.Null(await Run(app, s => s.Update(999_999, Reminder(), null, supervisor)));

        // Keyset pages by name; filters by language, words (any field, accents ignored) and scope.
        var page = await Run(app, s => s.List(new MacroQuery(Limit: 2), supervisor));
        Assert.Equal(["Aviso de impago", "Recordatorio de pago"], page.Items.Select(m => m.Name));
        page = await Run(app, s => s.List(new MacroQuery(Cursor: page.NextCursor, Limit: 2), supervisor));
        Assert.Equal(["Saludo"], page.Items.Select(m => m.Name));
        Assert.Null(page.NextCursor);
        Assert.Equal(["Recordatorio de pago"], (await Run(app, s => s.List(new MacroQuery(Language: "en"), supervisor))).Items.Select(m => m.Name));
        Assert.Equal(["Aviso de impago", "Recordatorio de pago"],
            (await Run(app, s => s.List(new MacroQuery(Q: "FACTURACION vencidas"), supervisor))).Items.Select(m => m.Name));
        Assert.Empty((await Run(app, s => s.List(new MacroQuery(Scope: "personal"), supervisor))).Items);
        var bad = await Assert.ThrowsAsync<ValidationException>(() => Run(app, s => s.List(new MacroQuery(Language: "fr", Scope: "mine", Limit: 500), supervisor)));
        Assert.Equal(["language", "limit", "scope"], bad.Errors.Keys.Order(StringComparer.Ordinal));

        await Assert.ThrowsAsync<PreconditionFailedException>(() => Run(app, s => s.Delete(created.Id, 1, supervisor)));
        Assert.True(await Run(app, s => s.Delete(created.Id, 2, supervisor)));
        Assert.Null(await Run(app, s => s.Get(created.Id, supervisor)));
        Assert.False(await Run(app, s => s.Delete(created.Id, null, supervisor)));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Bad_input_is_reported_by_field_and_placeholders_must_name_known_facts(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Now));
        var admin = await User(app, Roles.Admin);

        var errors = (await Assert.ThrowsAsync<ValidationException>(() => Run(app, s => s.Create(new MacroInput
        {
            Name = new string('x', 101), Language = "fr", Body = "   ", Category = new string('c', 61),
            Tags = [.. Enumerable.Range(0, 11).Select(i => $"t{i}"), new string('t', 41)],
        }, admin)))).Errors;
        Assert.Equal(["body", "category", "language", "name", "tags", "tags[11]"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["Required."], errors["body"]);

        errors = (await Assert.ThrowsAsync<ValidationException>(() => Run(app, s => s.Create(new MacroInput
        {
            Name = "Mala", Language = "es", Body = "Hola {{customer.nickname}} y {{agent.mood}}, {{customer.firstName}}",
        }, admin)))).Errors;
        Assert.Equal(["Unknown placeholders: {{customer.nickname}}, {{agent.mood}}."], errors["body"]);

        errors = (await Assert.ThrowsAsync<ValidationException>(() => Run(app, s => s.Create(new MacroInput
        {
            Name = "Mala", Language = "es", Body = "Hola {{customer.firstName",
        }, admin)))).Errors;
        Assert.Single(errors["body"]);

        errors = (await Assert.ThrowsAsync<ValidationException>(() => Run(app, s => s.Create(new MacroInput
        {
            Name = "Larga", Language = "es", Body = new string('a', 5_001),
        }, admin)))).Errors;
        Assert.Equal(["At most 5000 characters."], errors["body"]);

        // The analytical scores are for the agent only: a reply the customer reads may not name them.
        errors = (await Assert.ThrowsAsync<ValidationException>(() => Run(app, s => s.Create(new MacroInput
        {
            Name = "Riesgo", Language = "es", Body = "Su riesgo es {{scores.churnRisk}}",
        }, admin)))).Errors;
        Assert.Single(errors["body"]);
        Assert.DoesNotContain(MacroFacts.Names, n => n.StartsWith("scores.", StringComparison.Ordinal));

        // Every fact the list offers is accepted.
        var all = string.Join(' ', MacroFacts.Names.Select(n => "{{" + n + "}}"));
        var ok = await Run(app, s => s.Create(new MacroInput { Name = "Todo", Language = "es", Body = all }, admin));
        Assert.Contains("agent.name", ok.Placeholders);
        Assert.Contains("customer.firstName", MacroFacts.Names);
        Assert.Contains("invoices.overdueAmount", MacroFacts.Names);
        Assert.Contains("case.openedAt", MacroFacts.Names);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Personal_macros_are_visible_only_to_their_owner(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Now));
        var sara = await User(app, Roles.Supervisor, "Sara Supervisora");
        var admin = await User(app, Roles.Admin);
        var agent = await User(app, Roles.Agent);
        var customer = await Customer(app);
        var caseId = await Case(app, customer, Now.UtcDateTime.AddHours(-1));

        var mine = await Run(app, s => s.Create(new MacroInput { Name = "Mi firma", Language = "es", Body = "Un saludo, {{agent.name}}", Personal = true }, sara));
        Assert.True(mine.Personal);
        // The same name is free in another user's personal macros and among the shared ones, not twice in Sara's.
        await Run(app, s => s.Create(new MacroInput { Name = "Mi firma", Language = "es", Body = "Saludos", Personal = true }, admin));
        var shared = await Run(app, s => s.Create(new MacroInput { Name = "Mi firma", Language = "es", Body = "Atentamente, el equipo" }, admin));
        var again = await Assert.ThrowsAsync<ConflictException>(() =>
            Run(app, s => s.Create(new MacroInput { Name = "mi firma", Language = "es", Body = "x", Personal = true }, sara)));
        Assert.Contains("personal", again.Message, StringComparison.Ordinal);

        Assert.NotNull(await Run(app, s => s.Get(mine.Id, sara)));
        Assert.Null(await Run(app, s => s.Get(mine.Id, admin)));
        Assert.Null(await Run(app, s => s.Get(mine.Id, agent)));
        Assert.Null(await Run(app, s => s.Update(mine.Id, new MacroInput { Name = "X", Language = "es", Body = "x" }, null, admin)));
        Assert.False(await Run(app, s => s.Delete(mine.Id, null, admin)));
        Assert.Null(await Run(app, s => s.Translations(mine.Id, agent)));
        Assert.Null(await Run(app, s => s.RenderForCaseAsync(mine.Id, caseId, agent)));

        Assert.Equal([mine.Id, shared.Id], (await Run(app, s => s.List(new MacroQuery(), sara))).Items.Select(m => m.Id).Order());
        Assert.Equal([shared.Id], (await Run(app, s => s.List(new MacroQuery(), agent))).Items.Select(m => m.Id));
        Assert.Equal([mine.Id], (await Run(app, s => s.List(new MacroQuery(Scope: "personal"), sara))).Items.Select(m => m.Id));
        Assert.Equal([shared.Id], (await Run(app, s => s.Choices(caseId, agent)))!.Items.Select(m => m.Id));

        var rendered = await Run(app, s => s.RenderForCaseAsync(mine.Id, caseId, sara));
        Assert.Equal("Un saludo, Sara Supervisora", rendered!.Text);

        // A personal macro goes when its owner's account goes.
        await using (var scope = app.Scope())
        {
            var vdb = scope.ServiceProvider.GetRequiredService<VinculoDb>();
            await vdb.Users.Where(u => u.Id == sara).ExecuteDeleteAsync();
            Assert.False(await vdb.Macros.AnyAsync(m => m.Id == mine.Id));
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task Rendering_for_a_case_uses_the_customer_the_case_and_the_agent_and_counts_the_use(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Now));
        var agent = await User(app, Roles.Agent, "Laura Gómez Ruiz");
        var supervisor = await User(app, Roles.Supervisor);
        var customer = await Customer(app);
        var caseId = await Case(app, customer, new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc), type: "complaint");
        await using (var scope = app.Scope())
        {
            var vdb = scope.ServiceProvider.GetRequiredService<VinculoDb>();
            var issued = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            vdb.Invoices.AddRange(
                new Invoice { CustomerId = customer, Number = "F-1", IssuedAt = issued, DueAt = issued.AddDays(30), Total = 1000.5m, Settled = 100m, CreatedAt = issued, UpdatedAt = issued, Version = 1 },
                new Invoice { CustomerId = customer, Number = "F-2", IssuedAt = issued, DueAt = issued.AddDays(40), Total = 20m, CreatedAt = issued, UpdatedAt = issued, Version = 1 },
                new Invoice { CustomerId = customer, Number = "F-3", IssuedAt = issued, DueAt = Now.UtcDateTime.AddDays(5), Total = 99m, CreatedAt = issued, UpdatedAt = issued, Version = 1 });
            await vdb.SaveChangesAsync();
        }

        var macro = await Run(app, s => s.Create(Reminder(), supervisor));
        var rendered = await Run(app, s => s.RenderForCaseAsync(macro.Id, caseId, agent));
        Assert.Equal(
            $"Hola, Lucía: tiene 2 facturas vencidas por 920,50 €. Caso #{caseId} (reclamación, recibido), equipo {{{{case.team}}}}. Un saludo, Laura. {{{{literal}}}}",
            rendered!.Text);
        Assert.Equal(["case.team"], rendered.Missing);
        Assert.Equal(("es", (long?)macro.Id, caseId), (rendered.Language, rendered.MacroId, rendered.CaseId));

        // English: amounts and dates in English, the case type by its English name.
        var english = await Run(app, s => s.Create(new MacroInput
        {
            Name = "Reminder", Language = "en", TranslationOf = macro.Id,
            Body = "Hello {{customer.firstName}}, you owe €{{invoices.overdueAmount}}; case opened on {{case.openedAt}} ({{case.type}}, {{case.priority}}, by {{case.channel}}).",
        }, supervisor));
        var en = await Run(app, s => s.RenderForCaseAsync(english.Id, caseId, agent));
        Assert.Equal("Hello Lucía, you owe €920.50; case opened on 2 March 2026 (complaint, normal, by phone).", en!.Text);
        Assert.Empty(en.Missing);

        Assert.Equal(1, (await Run(app, s => s.Get(macro.Id, agent)))!.UseCount);
        Assert.Equal(1, (await Run(app, s => s.Get(macro.Id, agent)))!.Version);
        await Run(app, s => s.RenderForCaseAsync(macro.Id, caseId, agent));
        Assert.Equal(2, (await Run(app, s => s.Get(macro.Id, agent)))!.UseCount);

        // A preview of unsaved text checks it as a save does and counts nothing.
        var preview = await Run(app, s => s.PreviewForCaseAsync("Estimada {{customer.name}}: {{case.subject}} el {{case.openedAt}}.", "es", caseId, agent));
        Assert.Equal("Estimada Lucía Ortega: No funciona el router el 2 de marzo de 2026.", preview!.Text);
        Assert.Null(preview.MacroId);
        var invalid = await Assert.ThrowsAsync<ValidationException>(() => Run(app, s => s.PreviewForCaseAsync("{{nope}}", "xx", caseId, agent)));
        Assert.Equal(["body", "language"], invalid.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, (await Run(app, s => s.Get(macro.Id, agent)))!.UseCount);

        Assert.Null(await Run(app, s => s.RenderForCaseAsync(macro.Id, 999_999, agent)));
        Assert.Null(await Run(app, s => s.PreviewForCaseAsync("Hola", "es", 999_999, agent)));
        Assert.Null(await Run(app, s => s.RenderForCaseAsync(999_999, caseId, agent)));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Translations_join_one_group_and_the_picker_puts_the_customers_language_first(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Now));
        var admin = await User(app, Roles.Admin);
        var es = await Run(app, s => s.Create(new MacroInput { Name = "Cierre", Language = "es", Body = "Adiós" }, admin));
        var en = await Run(app, s => s.Create(new MacroInput { Name = "Closing", Language = "en", Body = "Bye", TranslationOf = es.Id }, admin));
        Assert.Equal(es.Id, en.TranslationGroupId);
        Assert.Equal(es.Id, (await Run(app, s => s.Get(es.Id, admin)))!.TranslationGroupId);
        Assert.Equal([en.Id], (await Run(app, s => s.Translations(es.Id, admin)))!.Select(t => t.Id));
        Assert.Equal([es.Id], (await Run(app, s => s.Translations(en.Id, admin)))!.Select(t => t.Id));

        await Assert.ThrowsAsync<ConflictException>(() =>
            Run(app, s => s.Create(new MacroInput { Name = "Goodbye", Language = "en", Body = "Bye", TranslationOf = es.Id }, admin)));
        var errors = (await Assert.ThrowsAsync<ValidationException>(() =>
            Run(app, s => s.Create(new MacroInput { Name = "Adiós", Language = "es", Body = "Adiós", TranslationOf = es.Id }, admin)))).Errors;
        Assert.Equal(["translationOf"], errors.Keys);
        errors = (await Assert.ThrowsAsync<ValidationException>(() =>
            Run(app, s => s.Create(new MacroInput { Name = "Adiós", Language = "en", Body = "Adiós", TranslationOf = 999_999 }, admin)))).Errors;
        Assert.Equal(["translationOf"], errors.Keys);
        // Moving a grouped macro to the language its translation has is a conflict too.
        await Assert.ThrowsAsync<ConflictException>(() => Run(app, s => s.Update(en.Id, new MacroInput { Name = "Closing", Language = "es", Body = "x" }, null, admin)));

        var alpha = await Run(app, s => s.Create(new MacroInput { Name = "Agradecimiento", Language = "es", Body = "Gracias" }, admin));
        var english = (await app.Run<CustomerService, CustomerDto>(s => s.Create(new CustomerInput
        {
            FirstName = "John", LastName = "Smith", Lifecycle = "active", PreferredLanguage = "en",
        }))).Id;
        var englishCase = await Case(app, english, Now.UtcDateTime);
        var spanishCase = await Case(app, await Customer(app), Now.UtcDateTime);

        var forEnglish = await Run(app, s => s.Choices(englishCase, admin));
        Assert.Equal("en", forEnglish!.Language);
        Assert.Equal([en.Id, alpha.Id, es.Id], forEnglish.Items.Select(m => m.Id));
        var forSpanish = await Run(app, s => s.Choices(spanishCase, admin));
        Assert.Equal([alpha.Id, es.Id, en.Id], forSpanish!.Items.Select(m => m.Id));
        Assert.Null(await Run(app, s => s.Choices(999_999, admin)));

        Assert.True(await Run(app, s => s.Delete(es.Id, null, admin)));
        Assert.Empty((await Run(app, s => s.Translations(en.Id, admin)))!);
    }
}
