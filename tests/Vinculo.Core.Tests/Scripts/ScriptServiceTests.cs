using Vinculo.Core.Common;
using Vinculo.Core.Interactions;
using Vinculo.Core.Scripts;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Scripts;

namespace Vinculo.Core.Tests.Scripts;

/// <summary>Scripts and rules: checks by field path, uniqueness, versions, statuses and pages, on both databases.</summary>
public sealed class ScriptServiceTests
{
    private static readonly DateTime Now = new(2026, 6, 15, 10, 0, 0, DateTimeKind.Utc);

    public static ScriptDefinition Simple(string greeting = "Hola {{customer.firstName}}") => new("hi",
    [
        new("hi", ScriptStepKind.Say, greeting, Next: "q"),
        new("q", ScriptStepKind.Ask, "¿Todo bien?", Choices: [new("yes", "bye", "Sí"), new("no", "sorry")]),
        new("sorry", ScriptStepKind.Say, "Vaya. Usted dijo {{answers.q}}.", Next: "bye"),
        new("bye", ScriptStepKind.End, "Adiós."),
    ]);

    private static ScriptInput Input(string code = "simple", string language = "es", ScriptDefinition? definition = null) => new()
    {
        Code = code, Language = language, Name = "Sencillo " + language, Description = "Prueba", Definition = definition ?? Simple(),
    };

    [Theory, SqliteData, PostgresData]
    public async Task Scripts_are_created_as_drafts_replaced_with_versions_activated_archived_and_deleted(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Now));
        var author = new Actor("u1", "Supervisora");
        var es = await app.Run<ScriptService, ScriptDto>(s => s.Create(Input(" Simple "), author));
        Assert.Equal(("simple", "es", ScriptStatus.Draft, 1L, "Supervisora"), (es.Code, es.Language, es.Status, es.Version, es.AuthorName));
        Assert.Equal("q", es.Definition.Steps[1].Id);
        Assert.Equal("Sí", es.Definition.Steps[1].Choices![0].Label);
        var en = await app.Run<ScriptService, ScriptDto>(s => s.Create(Input(language: "en"), author));

        // The same code and language again is a conflict; another language of the code is not.
        await Assert.ThrowsAsync<ConflictException>(() => app.Run<ScriptService, ScriptDto>(s => s.Create(Input(), author)));
        await Assert.ThrowsAsync<ConflictException>(() => app.Run<ScriptService, ScriptDto?>(s => s.Update(en.Id, Input(language: "es"), 1, author)));

        var updated = (await app.Run<ScriptService, ScriptDto?>(s => s.Update(es.Id, Input(definition: Simple("Buenas, {{customer.name}}")), 1, author)))!;
        Assert.Equal((2L, "Buenas, {{customer.name}}"), (updated.Version, updated.Definition.Steps[0].Text));
        await Assert.ThrowsAsync<PreconditionFailedException>(() => app.Run<ScriptService, ScriptDto?>(s => s.Update(es.Id, Input(), 1, author)));
        await Assert.ThrowsAsync<PreconditionFailedException>(() => app.Run<ScriptService, ScriptDto?>(s => s.SetStatus(es.Id, ScriptStatus.Active, 1)));

        var active = (await app.Run<ScriptService, ScriptDto?>(s => s.SetStatus(es.Id, ScriptStatus.Active, 2)))!;
        Assert.Equal((ScriptStatus.Active, 3L), (active.Status, active.Version));
        var archived = (await app.Run<ScriptService, ScriptDto?>(s => s.SetStatus(es.Id, ScriptStatus.Archived, null)))!;
        Assert.Equal(ScriptStatus.Archived, archived.Status);
        Assert.Null(await app.Run<ScriptService, ScriptDto?>(s => s.SetStatus(424242, ScriptStatus.Active, null)));

        // A rule chooses the code: the last variant cannot go, the other one can.
        await app.Run<ScriptRuleService, ScriptRuleDto>(r => r.Create(new ScriptRuleInput { Name = "Por defecto", Priority = 0, ScriptCode = "simple" }));
        Assert.True(await app.Run<ScriptService, bool>(s => s.Delete(en.Id, null)));
        await Assert.ThrowsAsync<ConflictException>(() => app.Run<ScriptService, bool>(s => s.Delete(es.Id, null)));
        Assert.False(await app.Run<ScriptService, bool>(s => s.Delete(en.Id, null)));
        Assert.Null(await app.Run<ScriptService, ScriptDto?>(s => s.Get(en.Id)));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Bad_scripts_are_reported_by_field_path(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Now));
        async Task<IDictionary<string, string[]>> Errors(ScriptInput input) =>
            (await Assert.ThrowsAsync<ValidationException>(() => app.Run<ScriptService, ScriptDto>(s => s.Create(input, null)))).Errors;

        var top = await Errors(new ScriptInput { Code = "No Vale", Language = "fr", Name = " " });
        Assert.Equal(["code", "definition", "language", "name"], top.Keys.Order());

        var dangling = Simple() with { Steps = [.. Simple().Steps.Select(s => s.Id == "sorry" ? s with { Next = "nowhere" } : s)] };
        Assert.Contains("definition.steps[2]", (await Errors(Input(definition: dangling))).Keys);

        var unknown = await Errors(Input(definition: Simple("Hola {{customer.nickname}} {{answers.hi}}")));
        Assert.Equal(2, unknown["definition.steps[0].text"].Length);

        var decide = new ScriptDefinition("d",
        [
            new("d", ScriptStepKind.Decide, Next: "e", Conditions:
            [
                new("invoices.overdueCount", ScriptOperator.GreaterThan, "1,5", "e"),
                new("nope.fact", ScriptOperator.Exists, null, "e"),
                new("customer.tier", ScriptOperator.Equals, null, "e"),
            ]),
            new("e", ScriptStepKind.End, "Fin"),
        ]);
        var errors = await Errors(Input(definition: decide));
        Assert.Equal(["definition.steps[0].conditions[0].value", "definition.steps[0].conditions[1].fact", "definition.steps[0].conditions[2].value"], errors.Keys.Order());

        var json = Assert.Throws<ValidationException>(() => ScriptJson.ParseDefinition("{\"start\": \"a\", \"steps\": [{\"id\": \"a\", \"kind\": \"shout\"}]}"));
        Assert.Contains("steps[0].kind", json.Errors["definition"][0], StringComparison.Ordinal);
        Assert.Throws<ValidationException>(() => ScriptJson.ParseDefinition("{"));
        var parsed = ScriptJson.ParseDefinition(ScriptJson.Write(Simple(), indented: true));
        Assert.Equal(ScriptJson.Write(Simple()), ScriptJson.Write(parsed));
        Assert.Contains("\"kind\": \"ask\"", ScriptJson.Write(Simple(), indented: true), StringComparison.Ordinal);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Scripts_page_by_code_and_language_and_filter_by_status_language_and_words(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Now));
        foreach (var code in new[] { "c-one", "a-two", "b-three" })
        {
            foreach (var language in new[] { "es", "en" })
            {
                await app.Run<ScriptService, ScriptDto>(s => s.Create(Input(code, language), null));
            }
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await app.Run<ScriptService, Page<ScriptSummary>>(s => s.List(new ScriptQuery(Cursor: cursor, Limit: 4)));
            seen.AddRange(page.Items.Select(i => i.Code + "/" + i.Language));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(["a-two/en", "a-two/es", "b-three/en", "b-three/es", "c-one/en", "c-one/es"], seen);
        var english = await app.Run<ScriptService, Page<ScriptSummary>>(s => s.List(new ScriptQuery(Language: "en", Q: "THREE")));
        Assert.Equal("b-three", Assert.Single(english.Items).Code);
        Assert.Empty((await app.Run<ScriptService, Page<ScriptSummary>>(s => s.List(new ScriptQuery(Status: "active")))).Items);
        var bad = await Assert.ThrowsAsync<ValidationException>(() => app.Run<ScriptService, Page<ScriptSummary>>(s => s.List(new ScriptQuery(Status: "gone", Language: "fr", Limit: 0))));
        Assert.Equal(["language", "limit", "status"], bad.Errors.Keys.Order());
    }

    [Theory, SqliteData, PostgresData]
    public async Task Rules_check_facts_operators_values_and_codes_and_list_by_priority(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Now));
        await app.Run<ScriptService, ScriptDto>(s => s.Create(Input("general"), null));
        await app.Run<ScriptService, ScriptDto>(s => s.Create(Input("billing"), null));

        var bad = await Assert.ThrowsAsync<ValidationException>(() => app.Run<ScriptRuleService, ScriptRuleDto>(r => r.Create(new ScriptRuleInput
        {
            Name = "",
            Priority = 5_000_000,
            ScriptCode = "missing",
            Conditions =
            [
                new("customer.shoeSize", "equals", "42"),
                new("invoices.overdueCount", "greaterThan", "mucho"),
                new("customer.tier", "sortOf", "gold"),
                new("customer.tier", "exists", "gold"),
                null,
            ],
        })));
        Assert.Equal(
            ["conditions[0].fact", "conditions[1].value", "conditions[2].operator", "conditions[3].value", "conditions[4].fact", "conditions[4].operator", "name", "priority", "scriptCode"],
            bad.Errors.Keys.Order(StringComparer.Ordinal));

        var fallback = await app.Run<ScriptRuleService, ScriptRuleDto>(r => r.Create(new ScriptRuleInput { Name = "Defecto", Priority = 0, ScriptCode = "general" }));
        var overdue = await app.Run<ScriptRuleService, ScriptRuleDto>(r => r.Create(new ScriptRuleInput
        {
            Name = "Vencidas", Priority = 10, ScriptCode = "BILLING", Conditions = [new(" invoices.overdueCount ", "GREATER_THAN", " 0 ")],
        }));
        Assert.Equal(new RuleCondition("invoices.overdueCount", ScriptOperator.GreaterThan, "0"), Assert.Single(overdue.Conditions));
        Assert.Equal("billing", overdue.ScriptCode);
        var same = await app.Run<ScriptRuleService, ScriptRuleDto>(r => r.Create(new ScriptRuleInput { Name = "Igual", Priority = 10, ScriptCode = "general", Active = false }));

        var page1 = await app.Run<ScriptRuleService, Page<ScriptRuleDto>>(r => r.List(new ScriptRuleQuery(Limit: 2)));
        var page2 = await app.Run<ScriptRuleService, Page<ScriptRuleDto>>(r => r.List(new ScriptRuleQuery(Cursor: page1.NextCursor)));
        Assert.Equal([overdue.Id, same.Id, fallback.Id], page1.Items.Concat(page2.Items).Select(r => r.Id));
        Assert.Null(page2.NextCursor);
        Assert.Equal([same.Id], (await app.Run<ScriptRuleService, Page<ScriptRuleDto>>(r => r.List(new ScriptRuleQuery(Active: false)))).Items.Select(r => r.Id));

        var changed = (await app.Run<ScriptRuleService, ScriptRuleDto?>(r => r.Update(same.Id, new ScriptRuleInput { Name = "Igual", Priority = -5, ScriptCode = "general" }, 1)))!;
        Assert.Equal((-5, true, 2L), (changed.Priority, changed.Active, changed.Version));
        await Assert.ThrowsAsync<PreconditionFailedException>(() => app.Run<ScriptRuleService, ScriptRuleDto?>(r => r.Update(same.Id, new ScriptRuleInput { Name = "x", Priority = 1, ScriptCode = "general" }, 1)));
        await Assert.ThrowsAsync<PreconditionFailedException>(() => app.Run<ScriptRuleService, bool>(r => r.Delete(same.Id, 1)));
        Assert.True(await app.Run<ScriptRuleService, bool>(r => r.Delete(same.Id, 2)));
        Assert.Null(await app.Run<ScriptRuleService, ScriptRuleDto?>(r => r.Get(same.Id)));
        Assert.Null(await app.Run<ScriptRuleService, ScriptRuleDto?>(r => r.Update(same.Id, new ScriptRuleInput { Name = "x", Priority = 1, ScriptCode = "general" }, null)));
    }
}
