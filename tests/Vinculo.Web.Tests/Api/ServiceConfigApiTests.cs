using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Auth;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Web.Api;
using Vinculo.Web.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Api;

/// <summary>
/// The service configuration API. The API tests share one database per provider, so every name and scope key here is
/// unique and no active corporate policy is created (other tests may have theirs).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ServiceConfigApiTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    private static string Unique(string prefix) => $"{prefix} {Guid.NewGuid():N}"[..(prefix.Length + 9)];

    private static object Calendar(string name, string start = "09:00") => new
    {
        name,
        timeZone = "Europe/Madrid",
        weekly = new[] { "monday", "tuesday", "wednesday", "thursday", "friday" }.Select(day => new { day, start, end = "17:00" }),
        holidays = new[] { "2026-12-25" },
        special = new[] { new { date = "2026-12-24", start = "09:00", end = "14:00" } },
    };

    private static object Policy(long calendarId, string scope, string? scopeKey, bool active = true, int firstResponse = 60, object[]? escalations = null) => new
    {
        name = "Política " + (scopeKey ?? scope),
        scope,
        scopeKey,
        calendarId,
        warningShare = 0.75,
        targets = new { normal = new { firstResponse, resolution = 2400 }, urgent = new { firstResponse = 15 } },
        escalations = escalations ?? [new { on = "breach", action = "notifySupervisor" }],
        active,
    };

    private static async Task<long> CreateCalendar(HttpClient client, string? name = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/service/calendars", Calendar(name ?? Unique("Calendario")));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json(response)).GetProperty("id").GetInt64();
    }

    private static HttpRequestMessage Put(string url, object body, string? etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }

        return request;
    }

    private static HttpRequestMessage Delete(string url, string? etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, url);
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }

        return request;
    }

    private static string Recomputed(HttpResponseMessage response) =>
        Assert.Single(response.Headers.GetValues(ServiceConfigEndpoints.RecomputedHeader));

    private static async Task<string> UserId(VinculoApp app, string role)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<VinculoUser>>();
        return (await users.FindByEmailAsync(VinculoApp.EmailFor(role)))!.Id;
    }

    [Theory, SqliteData, PostgresData]
    public async Task Calendars_are_created_read_previewed_and_replaced_with_etags(string provider)
    {
        var app = await App(provider);
        var client = await app.Client(Roles.Supervisor);
        var name = Unique("Oficina");

        var created = await client.PostAsJsonAsync("/api/v1/service/calendars", Calendar(name));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await Json(created);
        var id = body.GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/service/calendars/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        Assert.Equal("0", Recomputed(created));
        Assert.Equal("monday", body.GetProperty("weekly")[0].GetProperty("day").GetString());
        Assert.Equal("2026-12-25", body.GetProperty("holidays")[0].GetString());
        Assert.Equal(2400, body.GetProperty("weeklyMinutes").GetInt64());

        // Everybody reads, including the preview: Monday 2 March 2026 16:30 Madrid + 60 min = Tuesday 09:30 Madrid.
        var analyst = await app.Client(Roles.Analyst);
        var get = await analyst.GetAsync($"/api/v1/service/calendars/{id}");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("\"1\"", get.Headers.ETag!.Tag);
        var due = await Json(await analyst.GetAsync($"/api/v1/service/calendars/{id}/due?from=2026-03-02T15:30:00Z&minutes=60"));
        Assert.Equal(new DateTime(2026, 3, 3, 8, 30, 0, DateTimeKind.Utc), due.GetProperty("due").GetDateTime().ToUniversalTime());
        Assert.True(due.GetProperty("openAtStart").GetBoolean());
        var list = await Json(await analyst.GetAsync("/api/v1/service/calendars?limit=200"));
        Assert.Contains(list.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetInt64() == id);

        await AssertProblem(await client.SendAsync(Put($"/api/v1/service/calendars/{id}", Calendar(name, "10:00"), "\"7\"")), HttpStatusCode.PreconditionFailed);
        var updated = await client.SendAsync(Put($"/api/v1/service/calendars/{id}", Calendar(name, "10:00"), "\"1\""));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("\"2\"", updated.Headers.ETag!.Tag);
        Assert.Equal("0", Recomputed(updated));
        Assert.Equal("10:00", (await Json(updated)).GetProperty("weekly")[0].GetProperty("start").GetString());

        await AssertProblem(await client.SendAsync(Delete($"/api/v1/service/calendars/{id}", "\"1\"")), HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(Delete($"/api/v1/service/calendars/{id}", "\"2\""))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync($"/api/v1/service/calendars/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync($"/api/v1/service/calendars/{id}/due?minutes=60")).StatusCode);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Bad_calendars_are_400_by_field_duplicates_and_calendars_in_use_409(string provider)
    {
        var app = await App(provider);
        var client = await app.Client(Roles.Admin);

        var problem = await AssertProblem(await client.PostAsJsonAsync("/api/v1/service/calendars", new
        {
            name = "",
            timeZone = "Mars/Olympus",
            weekly = new[] { new { day = "funday", start = "09:00", end = "17:00" } },
        }), HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("weekly[0].day", out _));
        problem = await AssertProblem(await client.PostAsJsonAsync("/api/v1/service/calendars", new
        {
            name = Unique("Zona"), timeZone = "Mars/Olympus", weekly = new[] { new { day = "monday", start = "09:00", end = "17:00" } },
        }), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("timeZone", out _));
        await AssertProblem(await client.PostAsync("/api/v1/service/calendars", new StringContent("{\"name\":", System.Text.Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest);

        var name = Unique("Único");
        var id = await CreateCalendar(client, name);
        await AssertProblem(await client.PostAsJsonAsync("/api/v1/service/calendars", Calendar(name.ToUpperInvariant())), HttpStatusCode.Conflict);
        problem = await AssertProblem(await client.GetAsync($"/api/v1/service/calendars/{id}/due?minutes=0"), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("minutes", out _));
        await AssertProblem(await client.GetAsync("/api/v1/service/calendars?limit=500"), HttpStatusCode.BadRequest);

        var policy = await client.PostAsJsonAsync("/api/v1/service/policies", Policy(id, "corporate", null, active: false));
        Assert.Equal(HttpStatusCode.Created, policy.StatusCode);
        await AssertProblem(await client.DeleteAsync($"/api/v1/service/calendars/{id}"), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/api/v1/service/calendars/987654321")).StatusCode);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Policies_are_validated_and_two_active_ones_with_the_same_scope_are_409(string provider)
    {
        var app = await App(provider);
        var client = await app.Client(Roles.Supervisor);
        var calendar = await CreateCalendar(client);
        var segment = Guid.NewGuid().ToString("N")[..12];

        var created = await client.PostAsJsonAsync("/api/v1/service/policies", Policy(calendar, "customerSegment", segment.ToUpperInvariant()));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        Assert.True(long.Parse(Recomputed(created), System.Globalization.CultureInfo.InvariantCulture) >= 0);
        var body = await Json(created);
        var id = body.GetProperty("id").GetInt64();
        Assert.Equal("customerSegment", body.GetProperty("scope").GetString());
        Assert.Equal(segment, body.GetProperty("scopeKey").GetString());
        Assert.Equal(60, body.GetProperty("targets").GetProperty("normal").GetProperty("firstResponse").GetInt32());
        Assert.Equal("breach", body.GetProperty("escalations")[0].GetProperty("on").GetString());
        Assert.Equal("notifySupervisor", body.GetProperty("escalations")[0].GetProperty("action").GetString());

        await AssertProblem(await client.PostAsJsonAsync("/api/v1/service/policies", Policy(calendar, "customerSegment", segment)), HttpStatusCode.Conflict);
        var inactive = await client.PostAsJsonAsync("/api/v1/service/policies", Policy(calendar, "customerSegment", segment, active: false));
        Assert.Equal(HttpStatusCode.Created, inactive.StatusCode);
        var inactiveId = (await Json(inactive)).GetProperty("id").GetInt64();
        await AssertProblem(await client.SendAsync(Put($"/api/v1/service/policies/{inactiveId}", Policy(calendar, "customerSegment", segment), "\"1\"")),
            HttpStatusCode.Conflict);

        var problem = await AssertProblem(await client.PostAsJsonAsync("/api/v1/service/policies", new
        {
            name = "Mal",
            scope = "galaxy",
            calendarId = 987654321,
            warningShare = 1.5,
            targets = new { normal = new { firstResponse = -1 } },
            escalations = new[] { new { on = "breach", action = "reassign" } },
        }), HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "scope", "calendarId", "warningShare", "targets.normal.firstResponse", "escalations[0].teamId" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }

        problem = await AssertProblem(await client.PostAsJsonAsync("/api/v1/service/policies", Policy(calendar, "team", "987654321")), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("scopeKey", out _));

        // Read, filter, replace with If-Match, and delete one no case was measured against.
        var analyst = await app.Client(Roles.Analyst);
        var get = await analyst.GetAsync($"/api/v1/service/policies/{id}");
        Assert.Equal("\"1\"", get.Headers.ETag!.Tag);
        var page = await Json(await analyst.GetAsync("/api/v1/service/policies?scope=customerSegment&active=false&limit=200"));
        Assert.Contains(page.GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetInt64() == inactiveId);
        Assert.DoesNotContain(page.GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetInt64() == id);
        await AssertProblem(await analyst.GetAsync("/api/v1/service/policies?scope=galaxy"), HttpStatusCode.BadRequest);
        await AssertProblem(await client.SendAsync(Put($"/api/v1/service/policies/{id}", Policy(calendar, "customerSegment", segment, firstResponse: 30), "\"5\"")),
            HttpStatusCode.PreconditionFailed);
        var put = await client.SendAsync(Put($"/api/v1/service/policies/{id}", Policy(calendar, "customerSegment", segment, firstResponse: 30), "\"1\""));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("\"2\"", put.Headers.ETag!.Tag);
        Assert.NotNull(Recomputed(put));
        var deleted = await client.SendAsync(Delete($"/api/v1/service/policies/{inactiveId}", "\"1\""));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal("0", Recomputed(deleted));
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/v1/service/policies/{inactiveId}")).StatusCode);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Teams_take_agents_with_skills_and_a_supervisor(string provider)
    {
        var app = await App(provider);
        var client = await app.Client(Roles.Admin);
        var agent = await UserId(app, Roles.Agent);
        var supervisor = await UserId(app, Roles.Supervisor);
        var analyst = await UserId(app, Roles.Analyst);
        var name = Unique("Equipo");

        var created = await client.PostAsJsonAsync("/api/v1/service/teams", new
        {
            name,
            strategy = "leastLoaded",
            supervisorId = supervisor,
            members = new[] { new { userId = agent, skills = new[] { "Billing" }, available = true } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await Json(created);
        var id = body.GetProperty("id").GetInt64();
        Assert.Equal("leastLoaded", body.GetProperty("strategy").GetString());
        Assert.Equal("billing", body.GetProperty("members")[0].GetProperty("skills")[0].GetString());
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);

        var problem = await AssertProblem(await client.PostAsJsonAsync("/api/v1/service/teams", new
        {
            name = Unique("Otro"), strategy = "random", supervisorId = agent, members = new[] { new { userId = analyst } },
        }), HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "strategy", "supervisorId", "members[0].userId" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }

        await AssertProblem(await client.PostAsJsonAsync("/api/v1/service/teams", new { name = name.ToLowerInvariant() }), HttpStatusCode.Conflict);
        await AssertProblem(await client.SendAsync(Put($"/api/v1/service/teams/{id}", new { name, strategy = "manual" }, "\"3\"")), HttpStatusCode.PreconditionFailed);
        var put = await client.SendAsync(Put($"/api/v1/service/teams/{id}", new { name, strategy = "manual" }, "\"1\""));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var manual = await Json(put);
        Assert.Equal(JsonValueKind.Null, manual.GetProperty("strategy").ValueKind);
        Assert.Equal(0, manual.GetProperty("members").GetArrayLength());

        var read = await app.Client(Roles.Agent);
        var list = await Json(await read.GetAsync("/api/v1/service/teams?limit=200"));
        Assert.Contains(list.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetInt64() == id);

        // A policy reassigning to the team blocks its deletion.
        var calendar = await CreateCalendar(client);
        var policy = await client.PostAsJsonAsync("/api/v1/service/policies", Policy(calendar, "corporate", null, active: false,
            escalations: [new { on = "breach", action = "reassign", teamId = id }]));
        Assert.Equal(HttpStatusCode.Created, policy.StatusCode);
        await AssertProblem(await client.DeleteAsync($"/api/v1/service/teams/{id}"), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/service/policies/{(await Json(policy)).GetProperty("id").GetInt64()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(Delete($"/api/v1/service/teams/{id}", "\"2\""))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await read.GetAsync($"/api/v1/service/teams/{id}")).StatusCode);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Case_types_built_in_are_kept_custom_ones_come_and_go(string provider)
    {
        var app = await App(provider);
        var client = await app.Client(Roles.Supervisor);
        var code = "t-" + Guid.NewGuid().ToString("N")[..10];

        var builtIn = await Json(await client.GetAsync("/api/v1/service/case-types/question"));
        Assert.True(builtIn.GetProperty("builtIn").GetBoolean());
        var problem = await AssertProblem(await client.PutAsJsonAsync("/api/v1/service/case-types/question", new
        {
            nameEs = "Consulta", nameEn = "Question", active = false,
        }), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("active", out _));
        await AssertProblem(await client.DeleteAsync("/api/v1/service/case-types/question"), HttpStatusCode.Conflict);

        var created = await client.PostAsJsonAsync("/api/v1/service/case-types", new { code = code.ToUpperInvariant(), nameEs = "Portabilidad", nameEn = "Number porting" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/v1/service/case-types/{code}", created.Headers.Location!.OriginalString);
        await AssertProblem(await client.PostAsJsonAsync("/api/v1/service/case-types", new { code, nameEs = "x", nameEn = "y" }), HttpStatusCode.Conflict);
        problem = await AssertProblem(await client.PostAsJsonAsync("/api/v1/service/case-types", new { code = "no spaces" }), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("code", out _));

        var off = await client.PutAsJsonAsync($"/api/v1/service/case-types/{code}", new { nameEs = "Portabilidad", nameEn = "Number porting", skills = new[] { "porting" }, active = false });
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        Assert.False((await Json(off)).GetProperty("active").GetBoolean());
        var inactive = await Json(await client.GetAsync("/api/v1/service/case-types?active=false&limit=200"));
        Assert.Contains(inactive.GetProperty("items").EnumerateArray(), t => t.GetProperty("code").GetString() == code);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/service/case-types/{code}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/service/case-types/{code}")).StatusCode);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Customers_carry_a_tier_and_a_segment(string provider)
    {
        var app = await App(provider);
        var client = await app.Client(Roles.Agent);
        var created = await client.PostAsJsonAsync("/api/v1/customers", new
        {
            firstName = "Lucía", lastName = "Ortega", lifecycle = "active", tier = " Gold ", segment = "PYMES",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await Json(created);
        Assert.Equal(("gold", "pymes"), (body.GetProperty("tier").GetString(), body.GetProperty("segment").GetString()));
        var id = body.GetProperty("id").GetInt64();
        var view = await Json(await client.GetAsync($"/api/v1/customers/{id}/360"));
        Assert.Equal("gold", view.GetProperty("customer").GetProperty("tier").GetString());

        var problem = await AssertProblem(await client.PutAsJsonAsync($"/api/v1/customers/{id}", new
        {
            firstName = "Lucía", tier = new string('t', 41),
        }), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("tier", out _));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_retried_create_with_the_same_idempotency_key_creates_one_calendar(string provider)
    {
        var app = await App(provider);
        var client = await app.Client(Roles.Supervisor);
        var key = Guid.NewGuid().ToString("N");
        var body = Calendar(Unique("Reintento"));

        HttpRequestMessage Post()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/service/calendars") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }

        var first = await client.SendAsync(Post());
        var second = await client.SendAsync(Post());
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal("true", Assert.Single(second.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal((await Json(first)).GetProperty("id").GetInt64(), (await Json(second)).GetProperty("id").GetInt64());
    }

    [Theory, SqliteData, PostgresData]
    public async Task Agents_and_analysts_read_but_cannot_configure(string provider)
    {
        var app = await App(provider);
        var admin = await app.Client(Roles.Admin);
        var calendar = await CreateCalendar(admin);
        var policy = await Json(await admin.PostAsJsonAsync("/api/v1/service/policies", Policy(calendar, "corporate", null, active: false)));
        var policyId = policy.GetProperty("id").GetInt64();
        var team = (await Json(await admin.PostAsJsonAsync("/api/v1/service/teams", new { name = Unique("Permisos") }))).GetProperty("id").GetInt64();

        foreach (var role in new[] { Roles.Agent, Roles.Analyst })
        {
            var client = await app.Client(role);
            var writes = new List<HttpResponseMessage>
            {
                await client.PostAsJsonAsync("/api/v1/service/calendars", Calendar(Unique("X"))),
                await client.PutAsJsonAsync($"/api/v1/service/calendars/{calendar}", Calendar(Unique("X"))),
                await client.DeleteAsync($"/api/v1/service/calendars/{calendar}"),
                await client.PostAsJsonAsync("/api/v1/service/policies", Policy(calendar, "corporate", null, active: false)),
                await client.PutAsJsonAsync($"/api/v1/service/policies/{policyId}", Policy(calendar, "corporate", null, active: false)),
                await client.DeleteAsync($"/api/v1/service/policies/{policyId}"),
                await client.PostAsJsonAsync("/api/v1/service/teams", new { name = Unique("X") }),
                await client.PutAsJsonAsync($"/api/v1/service/teams/{team}", new { name = Unique("X") }),
                await client.DeleteAsync($"/api/v1/service/teams/{team}"),
                await client.PostAsJsonAsync("/api/v1/service/case-types", new { code = "abc", nameEs = "a", nameEn = "b" }),
                await client.PutAsJsonAsync("/api/v1/service/case-types/question", new { nameEs = "a", nameEn = "b" }),
                await client.DeleteAsync("/api/v1/service/case-types/question"),
            };
            foreach (var response in writes)
            {
                await AssertProblem(response, HttpStatusCode.Forbidden);
            }

            foreach (var url in new[]
                     {
                         "/api/v1/service/calendars", $"/api/v1/service/calendars/{calendar}", $"/api/v1/service/calendars/{calendar}/due?minutes=30",
                         "/api/v1/service/policies", $"/api/v1/service/policies/{policyId}", "/api/v1/service/teams", $"/api/v1/service/teams/{team}",
                         "/api/v1/service/case-types", "/api/v1/service/case-types/question",
                     })
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
            }
        }

        var anonymous = await app.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/service/calendars")).StatusCode);
    }
}
