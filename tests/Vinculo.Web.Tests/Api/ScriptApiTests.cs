using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vinculo.Core.Auth;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Web.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Api;

/// <summary>
/// The scripts API. The API tests share one database per provider, so every code is unique, and rules are written for
/// a reason of their own (and a very high priority) so that no other test's rule gets in the way.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ScriptApiTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private static object Definition(string greeting = "Hola {{customer.firstName}}") => new
    {
        start = "hi",
        steps = new object[]
        {
            new { id = "hi", kind = "say", text = greeting, next = "check" },
            new { id = "check", kind = "decide", next = "q", conditions = new[] { new { fact = "invoices.overdueCount", @operator = "greaterThan", value = "0", next = "owe" } } },
            new { id = "owe", kind = "say", text = "Debe {{invoices.overdueAmount}} €.", next = "q" },
            new { id = "q", kind = "ask", text = "¿Todo bien?", choices = new[] { new { answer = "yes", label = "Sí", next = "bye" }, new { answer = "no", label = "No", next = "hi" } } },
            new { id = "bye", kind = "end", text = "Adiós, {{customer.name}}." },
        },
    };

    private static object Script(string code, string language = "es", object? definition = null) =>
        new { code, language, name = "Prueba " + code, description = "API", definition = definition ?? Definition() };

    private static HttpRequestMessage Send(HttpMethod method, string url, object? body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return request;
    }

    private static async Task<(long Id, string Code)> ActiveScript(HttpClient client, string? code = null)
    {
        code ??= Unique("t");
        var created = await client.PostAsJsonAsync("/api/v1/scripts", Script(code));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await Json(created)).GetProperty("id").GetInt64();
        var activated = await client.SendAsync(Send(HttpMethod.Post, $"/api/v1/scripts/{id}/activate", null, "\"1\""));
        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        return (id, code);
    }

    /// <summary>A rule of its own: chooses <paramref name="code"/> when the reason is <paramref name="reason"/>.</summary>
    private static async Task<long> Rule(HttpClient client, string code, string reason)
    {
        var created = await client.PostAsJsonAsync("/api/v1/scripts/rules", new
        {
            name = "Regla " + reason, priority = 900_000, scriptCode = code,
            conditions = new[] { new { fact = "contact.reason", @operator = "equals", value = reason } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await Json(created)).GetProperty("id").GetInt64();
    }

    [Theory, SqliteData, PostgresData]
    public async Task Scripts_are_created_read_replaced_activated_archived_and_deleted_with_etags(string provider)
    {
        var app = await App(provider);
        var supervisor = await app.Client(Roles.Supervisor);
        var code = Unique("crud");

        var created = await supervisor.PostAsJsonAsync("/api/v1/scripts", Script(code));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await Json(created);
        var id = body.GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/scripts/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        Assert.Equal("draft", body.GetProperty("status").GetString());
        Assert.Equal("ask", body.GetProperty("definition").GetProperty("steps")[3].GetProperty("kind").GetString());
        Assert.Equal("greaterThan", body.GetProperty("definition").GetProperty("steps")[1].GetProperty("conditions")[0].GetProperty("operator").GetString());

        var analyst = await app.Client(Roles.Analyst);
        var read = await analyst.GetAsync($"/api/v1/scripts/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("\"1\"", read.Headers.ETag!.Tag);
        var list = await Json(await analyst.GetAsync($"/api/v1/scripts?q={code}&status=draft&language=es"));
        Assert.Equal(id, Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
        var facts = await Json(await analyst.GetAsync("/api/v1/scripts/facts"));
        Assert.Contains(facts.EnumerateArray(), f => f.GetProperty("name").GetString() == "invoices.overdueAmount");

        await AssertProblem(await supervisor.SendAsync(Send(HttpMethod.Put, $"/api/v1/scripts/{id}", Script(code, definition: Definition("Buenas")), "\"9\"")), HttpStatusCode.PreconditionFailed);
        var updated = await supervisor.SendAsync(Send(HttpMethod.Put, $"/api/v1/scripts/{id}", Script(code, definition: Definition("Buenas")), "\"1\""));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("\"2\"", updated.Headers.ETag!.Tag);
        Assert.Equal("Buenas", (await Json(updated)).GetProperty("definition").GetProperty("steps")[0].GetProperty("text").GetString());

        await AssertProblem(await supervisor.SendAsync(Send(HttpMethod.Post, $"/api/v1/scripts/{id}/activate", null, "\"1\"")), HttpStatusCode.PreconditionFailed);
        var active = await supervisor.SendAsync(Send(HttpMethod.Post, $"/api/v1/scripts/{id}/activate", null, "\"2\""));
        Assert.Equal("active", (await Json(active)).GetProperty("status").GetString());
        var archived = await supervisor.SendAsync(Send(HttpMethod.Post, $"/api/v1/scripts/{id}/archive", null, null));
        Assert.Equal("archived", (await Json(archived)).GetProperty("status").GetString());
        Assert.Equal("\"4\"", archived.Headers.ETag!.Tag);

        // The same code in the same language is a conflict; in the other language it is the variant.
        await AssertProblem(await supervisor.PostAsJsonAsync("/api/v1/scripts", Script(code.ToUpperInvariant())), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.Created, (await supervisor.PostAsJsonAsync("/api/v1/scripts", Script(code, "en"))).StatusCode);

        await AssertProblem(await supervisor.SendAsync(Send(HttpMethod.Delete, $"/api/v1/scripts/{id}", null, "\"1\"")), HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.NoContent, (await supervisor.SendAsync(Send(HttpMethod.Delete, $"/api/v1/scripts/{id}", null, "\"4\""))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync($"/api/v1/scripts/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.SendAsync(Send(HttpMethod.Put, $"/api/v1/scripts/{id}", Script(code), null))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.SendAsync(Send(HttpMethod.Post, $"/api/v1/scripts/{id}/activate", null, null))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.SendAsync(Send(HttpMethod.Delete, $"/api/v1/scripts/{id}", null, null))).StatusCode);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Bad_scripts_are_400_by_field_path(string provider)
    {
        var app = await App(provider);
        var admin = await app.Client(Roles.Admin);

        var problem = await AssertProblem(await admin.PostAsJsonAsync("/api/v1/scripts", new { code = "Mal Código", language = "fr", name = "" }), HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "code", "language", "name", "definition" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }

        var dangling = new { start = "a", steps = new object[] { new { id = "a", kind = "say", text = "Hola {{customer.nickname}}", next = "nowhere" }, new { id = "e", kind = "end" } } };
        errors = (await AssertProblem(await admin.PostAsJsonAsync("/api/v1/scripts", Script(Unique("bad"), definition: dangling)), HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("definition.steps[0]", out _));
        Assert.True(errors.TryGetProperty("definition.steps[0].text", out _));

        var unknownKind = new { start = "a", steps = new object[] { new { id = "a", kind = "shout" } } };
        // A value of the wrong type is the framework's 400 (the body could not be read), never a 500.
        errors = (await AssertProblem(await admin.PostAsJsonAsync("/api/v1/scripts", Script(Unique("bad"), definition: unknownKind)), HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.Single(errors.EnumerateObject());
        await AssertProblem(await admin.PostAsync("/api/v1/scripts", new StringContent("{\"code\":", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        await AssertProblem(await admin.GetAsync("/api/v1/scripts?status=gone"), HttpStatusCode.BadRequest);
        await AssertProblem(await admin.GetAsync("/api/v1/scripts?limit=500"), HttpStatusCode.BadRequest);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Rules_are_listed_by_priority_and_checked_by_field(string provider)
    {
        var app = await App(provider);
        var supervisor = await app.Client(Roles.Supervisor);
        var (_, code) = await ActiveScript(supervisor);

        var problem = await AssertProblem(await supervisor.PostAsJsonAsync("/api/v1/scripts/rules", new
        {
            name = "", priority = 5_000_000, scriptCode = "no-such-script",
            conditions = new object[] { new { fact = "customer.shoeSize", @operator = "equals", value = "42" }, new { fact = "invoices.overdueCount", @operator = "greaterThan", value = "many" } },
        }), HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "name", "priority", "scriptCode", "conditions[0].fact", "conditions[1].value" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }

        var reason = Unique("why");
        var id = await Rule(supervisor, code, reason);
        var analyst = await app.Client(Roles.Analyst);
        var read = await analyst.GetAsync($"/api/v1/scripts/rules/{id}");
        Assert.Equal("\"1\"", read.Headers.ETag!.Tag);
        var rule = await Json(read);
        Assert.Equal(("contact.reason", "equals"), (rule.GetProperty("conditions")[0].GetProperty("fact").GetString(), rule.GetProperty("conditions")[0].GetProperty("operator").GetString()));

        var list = await Json(await analyst.GetAsync("/api/v1/scripts/rules?limit=200"));
        var priorities = list.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("priority").GetInt32()).ToList();
        Assert.Equal(priorities.OrderDescending(), priorities);
        await AssertProblem(await analyst.GetAsync("/api/v1/scripts/rules?cursor=bad!"), HttpStatusCode.BadRequest);

        var replacement = new { name = "Cambiada", priority = 900_001, scriptCode = code, active = false, conditions = Array.Empty<object>() };
        await AssertProblem(await supervisor.SendAsync(Send(HttpMethod.Put, $"/api/v1/scripts/rules/{id}", replacement, "\"5\"")), HttpStatusCode.PreconditionFailed);
        var updated = await supervisor.SendAsync(Send(HttpMethod.Put, $"/api/v1/scripts/rules/{id}", replacement, "\"1\""));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.False((await Json(updated)).GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, (await supervisor.SendAsync(Send(HttpMethod.Delete, $"/api/v1/scripts/rules/{id}", null, "\"2\""))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync($"/api/v1/scripts/rules/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.SendAsync(Send(HttpMethod.Put, $"/api/v1/scripts/rules/{id}", replacement, null))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.SendAsync(Send(HttpMethod.Delete, $"/api/v1/scripts/rules/{id}", null, null))).StatusCode);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_customer_gets_a_selection_with_its_reason_walks_the_script_and_records_the_run(string provider)
    {
        var app = await App(provider);
        var supervisor = await app.Client(Roles.Supervisor);
        var agent = await app.Client(Roles.Agent);
        var (scriptId, code) = await ActiveScript(supervisor);
        var reason = Unique("why");
        var ruleId = await Rule(supervisor, code, reason);
        var customer = await CreateCustomer(agent, NewCustomer("Lucía", "Prieto"));

        var selection = await Json(await agent.GetAsync($"/api/v1/customers/{customer}/script-selection?reason={reason}"));
        Assert.Equal(scriptId, selection.GetProperty("script").GetProperty("id").GetInt64());
        Assert.Equal(ruleId, selection.GetProperty("rule").GetProperty("id").GetInt64());
        var chosen = selection.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("verdict").GetString() == "chosen");
        Assert.Equal(reason, chosen.GetProperty("conditions")[0].GetProperty("factValue").GetString());
        Assert.Equal("Lucía", selection.GetProperty("facts").GetProperty("customer.firstName").GetString());

        var walk = await agent.PostAsJsonAsync("/api/v1/script-runs/walk", new { customerId = customer, reason });
        Assert.Equal(HttpStatusCode.OK, walk.StatusCode);
        var view = await Json(walk);
        Assert.Equal("waiting", view.GetProperty("state").GetString());
        Assert.Equal("Hola Lucía", view.GetProperty("steps")[0].GetProperty("text").GetString());
        Assert.Equal("q", view.GetProperty("current").GetProperty("id").GetString());

        var finish = new
        {
            customerId = customer, scriptId, scriptVersion = 2, reason,
            answers = new[] { new { step = "q", answer = "no" }, new { step = "q", answer = "yes" } },
            path = new[] { "hi", "check", "q", "hi", "check", "q", "bye" },
        };
        var recorded = await agent.PostAsJsonAsync("/api/v1/script-runs", finish);
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var run = await Json(recorded);
        var runId = run.GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/script-runs/{runId}", recorded.Headers.Location!.OriginalString);
        Assert.Equal(ruleId, run.GetProperty("ruleId").GetInt64());
        Assert.Contains("Adiós, Lucía Prieto.", run.GetProperty("transcript").GetString(), StringComparison.Ordinal);

        var analyst = await app.Client(Roles.Analyst);
        var runs = await Json(await analyst.GetAsync($"/api/v1/customers/{customer}/script-runs"));
        Assert.Equal(runId, Assert.Single(runs.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync($"/api/v1/script-runs/{runId}")).StatusCode);
        var timeline = await Json(await analyst.GetAsync($"/api/v1/customers/{customer}/interactions"));
        var entry = timeline.GetProperty("items")[0];
        Assert.Equal($"Script: Prueba {code}", entry.GetProperty("subject").GetString());
        Assert.Equal(run.GetProperty("interactionId").GetInt64(), entry.GetProperty("id").GetInt64());

        // A script with runs cannot be deleted; archiving it is the way.
        await AssertProblem(await supervisor.SendAsync(Send(HttpMethod.Delete, $"/api/v1/scripts/{scriptId}", null, null)), HttpStatusCode.Conflict);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Bad_runs_are_400_404_409_or_412(string provider)
    {
        var app = await App(provider);
        var supervisor = await app.Client(Roles.Supervisor);
        var agent = await app.Client(Roles.Agent);
        var (scriptId, code) = await ActiveScript(supervisor);
        var reason = Unique("why");
        await Rule(supervisor, code, reason);
        var customer = await CreateCustomer(agent);
        object Finish(object[] answers, long? version = 2, string[]? path = null, long? script = null, long? who = null) =>
            new { customerId = who ?? customer, scriptId = script ?? scriptId, scriptVersion = version, reason, answers, path };

        var unfinished = await AssertProblem(await agent.PostAsJsonAsync("/api/v1/script-runs", Finish([])), HttpStatusCode.BadRequest);
        Assert.True(unfinished.GetProperty("errors").TryGetProperty("answers", out _));
        var wrong = await AssertProblem(await agent.PostAsJsonAsync("/api/v1/script-runs", Finish([new { step = "q", answer = "maybe" }])), HttpStatusCode.BadRequest);
        Assert.True(wrong.GetProperty("errors").TryGetProperty("answers[0]", out _));
        await AssertProblem(await agent.PostAsJsonAsync("/api/v1/script-runs", new { answers = Array.Empty<object>() }), HttpStatusCode.BadRequest);
        await AssertProblem(await agent.PostAsJsonAsync("/api/v1/script-runs", Finish([new { step = "q", answer = "yes" }], version: 1)), HttpStatusCode.PreconditionFailed);
        await AssertProblem(await agent.PostAsJsonAsync("/api/v1/script-runs", Finish([new { step = "q", answer = "yes" }], path: ["hi", "check", "owe", "q", "bye"])), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.PostAsJsonAsync("/api/v1/script-runs", Finish([new { step = "q", answer = "yes" }], who: 987_654_321))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.PostAsJsonAsync("/api/v1/script-runs", Finish([new { step = "q", answer = "yes" }], script: 987_654_321))).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync("/api/v1/customers/987654321/script-selection")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync("/api/v1/customers/987654321/script-runs")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync("/api/v1/script-runs/987654321")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.PostAsJsonAsync("/api/v1/script-runs/walk", new { customerId = 987_654_321 })).StatusCode);
        var badCase = await AssertProblem(await agent.GetAsync($"/api/v1/customers/{customer}/script-selection?caseId=987654321"), HttpStatusCode.BadRequest);
        Assert.True(badCase.GetProperty("errors").TryGetProperty("caseId", out _));
        await AssertProblem(await agent.GetAsync($"/api/v1/customers/{customer}/script-runs?limit=0"), HttpStatusCode.BadRequest);
        await AssertProblem(await agent.PostAsJsonAsync("/api/v1/script-runs/walk", new { customerId = customer, reason, answers = new[] { new { step = "nope", answer = "x" } } }), HttpStatusCode.BadRequest);

        var archived = await supervisor.SendAsync(Send(HttpMethod.Post, $"/api/v1/scripts/{scriptId}/archive", null, null));
        Assert.Equal(HttpStatusCode.OK, archived.StatusCode);
        await AssertProblem(await agent.PostAsJsonAsync("/api/v1/script-runs", Finish([new { step = "q", answer = "yes" }], version: null)), HttpStatusCode.Conflict);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Every_endpoint_refuses_the_wrong_role(string provider)
    {
        var app = await App(provider);
        var supervisor = await app.Client(Roles.Supervisor);
        var (scriptId, code) = await ActiveScript(supervisor);
        var ruleId = await Rule(supervisor, code, Unique("why"));
        var agent = await app.Client(Roles.Agent);
        var analyst = await app.Client(Roles.Analyst);
        var customer = await CreateCustomer(agent);

        // Writing scripts and rules: supervisors and administrators only.
        foreach (var request in new Func<HttpRequestMessage>[]
                 {
                     () => Send(HttpMethod.Post, "/api/v1/scripts", Script(Unique("x"))),
                     () => Send(HttpMethod.Put, $"/api/v1/scripts/{scriptId}", Script(code)),
                     () => Send(HttpMethod.Post, $"/api/v1/scripts/{scriptId}/activate", null),
                     () => Send(HttpMethod.Post, $"/api/v1/scripts/{scriptId}/archive", null),
                     () => Send(HttpMethod.Delete, $"/api/v1/scripts/{scriptId}", null),
                     () => Send(HttpMethod.Post, "/api/v1/scripts/rules", new { name = "x", priority = 1, scriptCode = code }),
                     () => Send(HttpMethod.Put, $"/api/v1/scripts/rules/{ruleId}", new { name = "x", priority = 1, scriptCode = code }),
                     () => Send(HttpMethod.Delete, $"/api/v1/scripts/rules/{ruleId}", null),
                 })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await agent.SendAsync(request())).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await analyst.SendAsync(request())).StatusCode);
        }

        // Recording a run: the front line, not analysts.
        var run = new { customerId = customer, scriptId, answers = new[] { new { step = "q", answer = "yes" } } };
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync("/api/v1/script-runs", run)).StatusCode);

        // Reading is for everybody signed in; nobody else.
        var anonymous = await app.Client(null);
        foreach (var url in new[]
                 {
                     "/api/v1/scripts", $"/api/v1/scripts/{scriptId}", "/api/v1/scripts/facts", "/api/v1/scripts/rules", $"/api/v1/scripts/rules/{ruleId}",
                     $"/api/v1/customers/{customer}/script-selection", $"/api/v1/customers/{customer}/script-runs", "/api/v1/script-runs/1",
                 })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(url)).StatusCode);
            Assert.NotEqual(HttpStatusCode.Forbidden, (await analyst.GetAsync(url)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/script-runs", run)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/script-runs/walk", new { customerId = customer })).StatusCode);
    }
}
