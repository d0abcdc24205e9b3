using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vinculo.Core.Auth;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Web.Tests.Api;
using Vinculo.Web.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Quality;

[Collection(ApiCollection.Name)]
public sealed class QualityApiTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    private static object Twin(string email, string first = "Rocío", string last = "Quintana") => new
    {
        firstName = first,
        lastName = last,
        emails = new[] { new { address = email } },
    };

    [Theory, SqliteData, PostgresData]
    public async Task Only_supervisors_admins_and_analysts_read_quality_and_only_supervisors_and_admins_merge(string provider)
    {
        var app = await App(provider);
        var agent = await app.Client(Roles.Agent);
        var analyst = await app.Client(Roles.Analyst);
        var anonymous = await app.Client(null);
        var id = await CreateCustomer(agent);

        foreach (var url in new[] { "/api/v1/quality/report", "/api/v1/quality/issues", "/api/v1/quality/duplicates", $"/api/v1/customers/{id}/quality" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(url)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsync("/api/v1/quality/report", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync($"/api/v1/quality/merges/preview?survivorId={id}&mergedId={id + 1}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await analyst.PostAsJsonAsync("/api/v1/quality/merges", new { survivorId = id, mergedId = id + 1, survivorVersion = 1, mergedVersion = 1, confirm = true })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync($"/api/v1/customers/{id}/quality")).StatusCode);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Report_issues_and_duplicates_show_a_customer_recorded_twice(string provider)
    {
        var app = await App(provider);
        var supervisor = await app.Client(Roles.Supervisor);
        var analyst = await app.Client(Roles.Analyst);
        var email = $"{Guid.NewGuid():N}@example.com";
        var first = await CreateCustomer(supervisor, Twin(email));
        var second = await CreateCustomer(supervisor, Twin(email.ToUpperInvariant(), "Rocio"));

        var refreshed = await analyst.PostAsync("/api/v1/quality/report", null);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var report = await Json(refreshed);
        Assert.True(report.GetProperty("customers").GetInt64() >= 2);
        Assert.True(report.GetProperty("duplicates").GetProperty("certainPairs").GetInt64() >= 1);
        Assert.Equal(6, report.GetProperty("completeness").GetProperty("buckets").GetArrayLength());
        var unreachable = report.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("rule").GetString() == "customer.contact.unreachable");
        Assert.Equal("warning", unreachable.GetProperty("severity").GetString());

        var read = await analyst.GetAsync("/api/v1/quality/report");
        Assert.Equal(report.GetProperty("runId").GetInt64(), (await Json(read)).GetProperty("runId").GetInt64());

        var pair = await FindPair(analyst, first, second);
        Assert.Equal("certain", pair.GetProperty("confidence").GetString());
        Assert.Equal("sameEmail", pair.GetProperty("reasons")[0].GetString());
        Assert.Equal("Rocío Quintana", pair.GetProperty("a").GetProperty("displayName").GetString());

        var issues = await analyst.GetAsync("/api/v1/quality/issues?rule=customer.contact.unreachable&limit=2");
        Assert.Equal(HttpStatusCode.OK, issues.StatusCode);
        Assert.True((await Json(issues)).GetProperty("items").GetArrayLength() <= 2);
        var badRule = await AssertProblem(await analyst.GetAsync("/api/v1/quality/issues?rule=nope"), HttpStatusCode.BadRequest);
        Assert.True(badRule.GetProperty("errors").TryGetProperty("rule", out _));
        await AssertProblem(await analyst.GetAsync("/api/v1/quality/issues?limit=0"), HttpStatusCode.BadRequest);
        await AssertProblem(await analyst.GetAsync("/api/v1/quality/duplicates?confidence=maybe"), HttpStatusCode.BadRequest);
        await AssertProblem(await analyst.GetAsync("/api/v1/quality/duplicates?cursor=%%%"), HttpStatusCode.BadRequest);

        var mine = await analyst.GetAsync($"/api/v1/customers/{first}/quality");
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        var quality = await Json(mine);
        Assert.Equal(37, quality.GetProperty("completeness").GetInt32()); // name 15 + e-mail 20 of 95
        Assert.Equal(second, quality.GetProperty("duplicates")[0].GetProperty("customerId").GetInt64());
        Assert.Contains(quality.GetProperty("missing").EnumerateArray(), m => m.GetString() == "phone");
        await AssertProblem(await analyst.GetAsync("/api/v1/customers/987654321/quality"), HttpStatusCode.NotFound);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Merge_needs_confirmation_and_current_versions_and_reports_errors_as_problems(string provider)
    {
        var app = await App(provider);
        var supervisor = await app.Client(Roles.Supervisor);
        var email = $"{Guid.NewGuid():N}@example.com";
        var survivor = await CreateCustomer(supervisor, Twin(email));
        var merged = await CreateCustomer(supervisor, new
        {
            firstName = "Rocío",
            lastName = "Quintana",
            taxId = "12345678Z",
            taxIdCountry = "ES",
            emails = new[] { new { address = email } },
            phones = new[] { new { number = "633 44 55 66" } },
        });
        await supervisor.PostAsJsonAsync($"/api/v1/customers/{merged}/interactions", new { channel = "phone", direction = "inbound", subject = "Llamada" });

        var preview = await supervisor.GetAsync($"/api/v1/quality/merges/preview?survivorId={survivor}&mergedId={merged}");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var previewBody = await Json(preview);
        Assert.Equal(["taxId"], previewBody.GetProperty("filledFields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(1, previewBody.GetProperty("rowsToMove").GetProperty("interactions").GetInt64());
        Assert.Equal(merged, previewBody.GetProperty("merged").GetProperty("id").GetInt64());

        var self = await AssertProblem(await Post(supervisor, survivor, survivor, 1, 1, true), HttpStatusCode.BadRequest);
        Assert.Equal("A customer cannot be merged into itself.", self.GetProperty("errors").GetProperty("mergedId")[0].GetString());
        var unconfirmed = await AssertProblem(await Post(supervisor, survivor, merged, 1, 1, null), HttpStatusCode.BadRequest);
        Assert.True(unconfirmed.GetProperty("errors").TryGetProperty("confirm", out _));
        await AssertProblem(await Post(supervisor, survivor, 987_654_321, 1, 1, true), HttpStatusCode.NotFound);
        await AssertProblem(await supervisor.GetAsync($"/api/v1/quality/merges/preview?survivorId=987654321&mergedId={merged}"), HttpStatusCode.NotFound);
        await AssertProblem(await Post(supervisor, survivor, merged, 1, 2, true), HttpStatusCode.PreconditionFailed);

        // The survivor's version as If-Match, like any other customer write; a retry with the same Idempotency-Key replays.
        HttpRequestMessage Request() => new(HttpMethod.Post, "/api/v1/quality/merges")
        {
            Content = JsonContent.Create(new { survivorId = survivor, mergedId = merged, mergedVersion = 1, confirm = true }),
            Headers = { { "If-Match", "\"1\"" }, { "Idempotency-Key", $"merge-{survivor}-{merged}" } },
        };
        var done = await supervisor.SendAsync(Request());
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.SendAsync(Request())).StatusCode);
        Assert.Equal("\"2\"", done.Headers.ETag!.Tag);
        var result = await Json(done);
        Assert.Equal("12345678Z", result.GetProperty("survivor").GetProperty("taxId").GetString());
        Assert.Equal(1, result.GetProperty("rowsMoved").GetProperty("interactions").GetInt64());

        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync($"/api/v1/customers/{merged}")).StatusCode);
        var timeline = await Json(await supervisor.GetAsync($"/api/v1/customers/{survivor}/interactions"));
        Assert.Equal("Llamada", timeline.GetProperty("items")[0].GetProperty("subject").GetString());
        var history = await Json(await supervisor.GetAsync($"/api/v1/customers/{survivor}/quality"));
        Assert.Equal(merged, history.GetProperty("merges")[0].GetProperty("mergedId").GetInt64());

        // The same merge again: the merged customer is gone.
        await AssertProblem(await Post(supervisor, survivor, merged, 2, 1, true), HttpStatusCode.NotFound);
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, long survivor, long merged, long survivorVersion, long mergedVersion, bool? confirm) =>
        client.PostAsJsonAsync("/api/v1/quality/merges", new { survivorId = survivor, mergedId = merged, survivorVersion, mergedVersion, confirm });

    private static async Task<JsonElement> FindPair(HttpClient client, long a, long b)
    {
        string? cursor = null;
        do
        {
            var page = await Json(await client.GetAsync($"/api/v1/quality/duplicates?limit=200{(cursor is null ? "" : $"&cursor={cursor}")}"));
            foreach (var pair in page.GetProperty("items").EnumerateArray())
            {
                if (pair.GetProperty("a").GetProperty("id").GetInt64() == a && pair.GetProperty("b").GetProperty("id").GetInt64() == b)
                {
                    return pair;
                }
            }

            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.String ? page.GetProperty("nextCursor").GetString() : null;
        }
        while (cursor is not null);

        throw new Xunit.Sdk.XunitException($"Pair {a}-{b} not listed.");
    }
}
