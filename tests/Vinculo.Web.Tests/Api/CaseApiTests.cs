using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vinculo.Core.Auth;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Web.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class CaseApiTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    private static HttpRequestMessage Send(HttpMethod method, string url, object body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return request;
    }

    private static object NewCase(long customer, string subject = "No llega la factura") =>
        new { customerId = customer, type = "question", channel = "email", subject, priority = "high", tags = new[] { "Factura" } };

    private static async Task<long> CreateCase(HttpClient client, long customer)
    {
        var response = await client.PostAsJsonAsync("/api/v1/cases", NewCase(customer));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json(response)).GetProperty("id").GetInt64();
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_case_is_opened_answered_noted_changed_and_resolved_with_etags_and_history(string provider)
    {
        var app = await App(provider);
        var agent = await app.Client(Roles.Agent);
        var customer = await CreateCustomer(agent);

        var created = await agent.PostAsJsonAsync("/api/v1/cases", NewCase(customer));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await Json(created);
        var id = body.GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/cases/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        Assert.Equal("new", body.GetProperty("status").GetString());
        Assert.Equal("high", body.GetProperty("priority").GetString());
        Assert.Equal("email", body.GetProperty("channel").GetString());
        Assert.Equal(["factura"], body.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["open", "pendingCustomer", "pendingInternal", "resolved"], body.GetProperty("nextStatuses").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("firstResponse", body.GetProperty("sla").GetProperty("firstResponse").GetProperty("target").GetString());
        Assert.Equal("none", body.GetProperty("temperament").GetString());

        var got = await agent.GetAsync($"/api/v1/cases/{id}");
        Assert.Equal(HttpStatusCode.OK, got.StatusCode);
        Assert.Equal("\"1\"", got.Headers.ETag!.Tag);

        await AssertProblem(await agent.SendAsync(Send(HttpMethod.Patch, $"/api/v1/cases/{id}", new { priority = "urgent" }, "\"9\"")), HttpStatusCode.PreconditionFailed);
        var patched = await agent.SendAsync(Send(HttpMethod.Patch, $"/api/v1/cases/{id}", new { priority = "urgent", tags = new[] { "factura", "VIP" } }, "\"1\""));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("\"2\"", patched.Headers.ETag!.Tag);
        Assert.Equal("urgent", (await Json(patched)).GetProperty("priority").GetString());

        var replied = await agent.PostAsJsonAsync($"/api/v1/cases/{id}/replies", new { body = "Se la reenviamos hoy." });
        Assert.Equal(HttpStatusCode.OK, replied.StatusCode);
        Assert.Equal("open", (await Json(replied)).GetProperty("status").GetString());
        var noted = await agent.PostAsJsonAsync($"/api/v1/cases/{id}/notes", new { body = "Pendiente de facturación." });
        Assert.Equal(HttpStatusCode.OK, noted.StatusCode);

        var refused = await AssertProblem(await agent.PostAsJsonAsync($"/api/v1/cases/{id}/status", new { status = "closed" }), HttpStatusCode.Conflict);
        Assert.Equal(["pendingCustomer", "pendingInternal", "resolved"], refused.GetProperty("allowedStatuses").EnumerateArray().Select(s => s.GetString()));
        var resolved = await agent.SendAsync(Send(HttpMethod.Post, $"/api/v1/cases/{id}/status", new { status = "resolved" }, noted.Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal("resolved", (await Json(resolved)).GetProperty("status").GetString());
        await AssertProblem(await agent.SendAsync(Send(HttpMethod.Post, $"/api/v1/cases/{id}/status", new { status = "closed" }, "\"1\"")), HttpStatusCode.PreconditionFailed);

        var events = await Json(await agent.GetAsync($"/api/v1/cases/{id}/events?limit=3"));
        Assert.Equal(["created", "priorityChanged", "tagsChanged"], events.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal("vip", events.GetProperty("items")[2].GetProperty("data").GetProperty("added")[0].GetString());
        Assert.Equal("urgent", events.GetProperty("items")[1].GetProperty("priority").GetString());
        var rest = await Json(await agent.GetAsync($"/api/v1/cases/{id}/events?cursor={events.GetProperty("nextCursor").GetString()}"));
        Assert.Equal(["statusChanged", "agentReply", "internalNote", "statusChanged"],
            rest.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal("agentPublicReply", rest.GetProperty("items")[1].GetProperty("slaKind").GetString());
        Assert.NotEqual(JsonValueKind.Null, rest.GetProperty("items")[1].GetProperty("interactionId").ValueKind);

        // The reply is on the timeline; the case is on the customer's list and (resolved) off the active queue.
        var timeline = await Json(await agent.GetAsync($"/api/v1/customers/{customer}/interactions"));
        Assert.Equal($"[#{id}] No llega la factura", timeline.GetProperty("items")[0].GetProperty("subject").GetString());
        var mine = await Json(await agent.GetAsync($"/api/v1/customers/{customer}/cases"));
        Assert.Equal(id, mine.GetProperty("items")[0].GetProperty("id").GetInt64());
        Assert.Equal("resolved", mine.GetProperty("items")[0].GetProperty("status").GetString());
        var queue = await Json(await agent.GetAsync($"/api/v1/cases?customerId={customer}&state=resolved&status=resolved"));
        Assert.Equal(1, queue.GetProperty("total").GetInt64());
        Assert.Equal(0, (await Json(await agent.GetAsync($"/api/v1/cases?customerId={customer}"))).GetProperty("total").GetInt64());
    }

    [Theory, SqliteData, PostgresData]
    public async Task Queues_page_with_a_cursor_and_count_the_whole_view(string provider)
    {
        var app = await App(provider);
        var agent = await app.Client(Roles.Agent);
        var customer = await CreateCustomer(agent);
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await CreateCase(agent, customer));
        }

        var first = await Json(await agent.GetAsync($"/api/v1/cases?customerId={customer}&limit=2&status=new&status=open"));
        Assert.Equal(3, first.GetProperty("total").GetInt64());
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        var item = first.GetProperty("items")[0];
        Assert.Equal("high", item.GetProperty("priority").GetString());
        Assert.Equal(JsonValueKind.String, item.GetProperty("firstResponse").GetProperty("state").ValueKind);
        var second = await Json(await agent.GetAsync($"/api/v1/cases?customerId={customer}&limit=2&status=new&status=open&cursor={first.GetProperty("nextCursor").GetString()}"));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
        Assert.Equal(ids, first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("id").GetInt64()));
        Assert.Equal(0, (await Json(await agent.GetAsync($"/api/v1/cases?view=mine&customerId={customer}"))).GetProperty("total").GetInt64());
        Assert.Equal(3, (await Json(await agent.GetAsync($"/api/v1/cases?view=unassigned&customerId={customer}"))).GetProperty("total").GetInt64());
    }

    [Theory, SqliteData, PostgresData]
    public async Task Analysts_read_but_cannot_work_cases_and_only_administrators_back_date(string provider)
    {
        var app = await App(provider);
        var agent = await app.Client(Roles.Agent);
        var customer = await CreateCustomer(agent);
        var id = await CreateCase(agent, customer);
        var analyst = await app.Client(Roles.Analyst);

        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync("/api/v1/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync($"/api/v1/cases/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync($"/api/v1/cases/{id}/events")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync($"/api/v1/customers/{customer}/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync("/api/v1/cases", NewCase(customer))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.SendAsync(Send(HttpMethod.Patch, $"/api/v1/cases/{id}", new { subject = "x" }))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync($"/api/v1/cases/{id}/replies", new { body = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync($"/api/v1/cases/{id}/notes", new { body = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync($"/api/v1/cases/{id}/status", new { status = "open" })).StatusCode);
        var anonymous = await app.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/cases")).StatusCode);

        // Back-dating is for administrators migrating history.
        var past = DateTime.UtcNow.AddDays(-2);
        var forbidden = await AssertProblem(await agent.PostAsJsonAsync("/api/v1/cases", new { customerId = customer, type = "question", channel = "phone", subject = "Antiguo", occurredAt = past }),
            HttpStatusCode.Forbidden);
        Assert.Contains("administrators", forbidden.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertProblem(await agent.PostAsJsonAsync($"/api/v1/cases/{id}/replies", new { body = "x", occurredAt = DateTime.UtcNow }), HttpStatusCode.Forbidden);
        await AssertProblem(await agent.PostAsJsonAsync($"/api/v1/cases/{id}/notes", new { body = "x", occurredAt = DateTime.UtcNow }), HttpStatusCode.Forbidden);
        await AssertProblem(await agent.PostAsJsonAsync($"/api/v1/cases/{id}/status", new { status = "open", occurredAt = DateTime.UtcNow }), HttpStatusCode.Forbidden);
        await AssertProblem(await agent.SendAsync(Send(HttpMethod.Patch, $"/api/v1/cases/{id}", new { subject = "x", occurredAt = DateTime.UtcNow })), HttpStatusCode.Forbidden);

        var admin = await app.Client(Roles.Admin);
        var migrated = await admin.PostAsJsonAsync("/api/v1/cases", new { customerId = customer, type = "question", channel = "phone", subject = "Antiguo", occurredAt = past });
        Assert.Equal(HttpStatusCode.Created, migrated.StatusCode);
        var createdAt = (await Json(migrated)).GetProperty("createdAt").GetDateTime().ToUniversalTime();
        Assert.True(Math.Abs((createdAt - past).TotalSeconds) < 1, $"{createdAt:O} vs {past:O}");
    }

    [Theory, SqliteData, PostgresData]
    public async Task Bad_input_is_400_unknown_cases_are_404_and_a_retried_create_opens_one_case(string provider)
    {
        var app = await App(provider);
        var agent = await app.Client(Roles.Agent);
        var customer = await CreateCustomer(agent);

        var bad = await AssertProblem(await agent.PostAsJsonAsync("/api/v1/cases", new { customerId = 987654321, type = "x", channel = "fax", priority = "asap" }),
            HttpStatusCode.BadRequest);
        foreach (var field in new[] { "customerId", "type", "channel", "priority", "subject" })
        {
            Assert.True(bad.GetProperty("errors").TryGetProperty(field, out _), field);
        }

        var id = await CreateCase(agent, customer);
        await AssertProblem(await agent.PostAsJsonAsync($"/api/v1/cases/{id}/replies", new { body = " ", from = "robot" }), HttpStatusCode.BadRequest);
        await AssertProblem(await agent.PostAsJsonAsync($"/api/v1/cases/{id}/notes", new { }), HttpStatusCode.BadRequest);
        await AssertProblem(await agent.PostAsJsonAsync($"/api/v1/cases/{id}/status", new { status = "done" }), HttpStatusCode.BadRequest);
        await AssertProblem(await agent.SendAsync(Send(HttpMethod.Patch, $"/api/v1/cases/{id}", new { tags = new[] { new string('t', 41) } })), HttpStatusCode.BadRequest);
        await AssertProblem(await agent.GetAsync("/api/v1/cases?view=everything"), HttpStatusCode.BadRequest);
        await AssertProblem(await agent.GetAsync("/api/v1/cases?cursor=%21%21"), HttpStatusCode.BadRequest);
        await AssertProblem(await agent.GetAsync("/api/v1/cases?limit=500"), HttpStatusCode.BadRequest);
        await AssertProblem(await agent.GetAsync($"/api/v1/cases/{id}/events?limit=0"), HttpStatusCode.BadRequest);

        const string missing = "/api/v1/cases/987654321";
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync(missing)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"{missing}/events")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.SendAsync(Send(HttpMethod.Patch, missing, new { subject = "x" }))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.PostAsJsonAsync($"{missing}/replies", new { body = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.PostAsJsonAsync($"{missing}/notes", new { body = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.PostAsJsonAsync($"{missing}/status", new { status = "open" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync("/api/v1/customers/987654321/cases")).StatusCode);

        // Closed is final: a customer reply is refused with a hint to open a new case.
        await agent.PostAsJsonAsync($"/api/v1/cases/{id}/status", new { status = "resolved" });
        await agent.PostAsJsonAsync($"/api/v1/cases/{id}/status", new { status = "closed" });
        var closed = await AssertProblem(await agent.PostAsJsonAsync($"/api/v1/cases/{id}/replies", new { from = "customer", body = "¿Hola?" }), HttpStatusCode.Conflict);
        Assert.Contains("new case", closed.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var other = await CreateCustomer(agent);
        var key = Guid.NewGuid().ToString();
        for (var i = 0; i < 2; i++)
        {
            var request = Send(HttpMethod.Post, "/api/v1/cases", NewCase(other));
            request.Headers.Add("Idempotency-Key", key);
            Assert.Equal(HttpStatusCode.Created, (await agent.SendAsync(request)).StatusCode);
        }

        Assert.Equal(1, (await Json(await agent.GetAsync($"/api/v1/customers/{other}/cases"))).GetProperty("items").GetArrayLength());
    }
}
