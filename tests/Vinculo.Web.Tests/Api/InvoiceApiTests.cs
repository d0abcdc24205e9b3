using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vinculo.Core.Auth;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Web.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class InvoiceApiTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    private static readonly DateTime Today = DateTime.UtcNow.Date;

    private static async Task<JsonElement> CreateInvoice(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/v1/invoices", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await Json(response);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Invoices_take_partial_payments_credit_notes_and_show_in_the_account(string provider)
    {
        var client = await (await App(provider)).Client(Roles.Agent);
        var customer = await CreateCustomer(client);

        var created = await client.PostAsJsonAsync("/api/v1/invoices", new { customerId = customer, total = 120.5, issuedAt = Today.AddDays(-40), dueAt = Today.AddDays(-10) });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        var invoice = await Json(created);
        var id = invoice.GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/invoices/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("overdue", invoice.GetProperty("status").GetString());
        Assert.Equal("invoice", invoice.GetProperty("kind").GetString());
        Assert.Equal(10, invoice.GetProperty("daysOverdue").GetInt32());
        Assert.Equal(120.5m, invoice.GetProperty("outstanding").GetDecimal());

        var partial = await client.PostAsJsonAsync("/api/v1/payments", new { customerId = customer, invoiceId = id, amount = 20.25, method = "directDebit", reference = "REM-77" });
        Assert.Equal(HttpStatusCode.Created, partial.StatusCode);
        Assert.Equal("directDebit", (await Json(partial)).GetProperty("method").GetString());

        var over = await AssertProblem(await client.PostAsJsonAsync("/api/v1/payments", new { customerId = customer, invoiceId = id, amount = 100.26, method = "card" }), HttpStatusCode.BadRequest);
        Assert.Contains("100.25 EUR", over.GetProperty("errors").GetProperty("amount")[0].GetString());
        var currency = await AssertProblem(await client.PostAsJsonAsync("/api/v1/payments", new { customerId = customer, invoiceId = id, amount = 1, method = "card", currency = "USD" }), HttpStatusCode.BadRequest);
        Assert.True(currency.GetProperty("errors").TryGetProperty("currency", out _));
        var decimals = await AssertProblem(await client.PostAsJsonAsync("/api/v1/payments", new { customerId = customer, amount = 1.00001, method = "card" }), HttpStatusCode.BadRequest);
        Assert.True(decimals.GetProperty("errors").TryGetProperty("amount", out _));

        var note = await client.PostAsJsonAsync($"/api/v1/invoices/{id}/credit-notes", new { amount = 0.25 });
        Assert.Equal(HttpStatusCode.Created, note.StatusCode);
        var noteBody = await Json(note);
        Assert.Equal("creditNote", noteBody.GetProperty("kind").GetString());
        Assert.Equal(id, noteBody.GetProperty("creditedInvoiceId").GetInt64());

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/payments", new { customerId = customer, amount = 30, method = "cash" })).StatusCode);

        var get = await client.GetAsync($"/api/v1/invoices/{id}");
        Assert.Equal("\"3\"", get.Headers.ETag!.Tag);
        var read = await Json(get);
        Assert.Equal(100m, read.GetProperty("outstanding").GetDecimal());
        Assert.Equal(20.5m, read.GetProperty("settled").GetDecimal());
        Assert.Equal(1, read.GetProperty("payments").GetArrayLength());
        Assert.Equal(1, read.GetProperty("creditNotes").GetArrayLength());
        Assert.False(read.GetProperty("canCancel").GetBoolean());

        var account = await Json(await client.GetAsync($"/api/v1/customers/{customer}/account"));
        var eur = account.GetProperty("main");
        Assert.Equal("EUR", eur.GetProperty("currency").GetString());
        Assert.Equal(100m, eur.GetProperty("overdue").GetDecimal());
        Assert.Equal(70m, eur.GetProperty("balance").GetDecimal());
        Assert.Equal(30m, eur.GetProperty("onAccount").GetDecimal());
        Assert.Equal(10, eur.GetProperty("daysOverdue").GetInt32());
        Assert.Equal(100m, eur.GetProperty("aging").GetProperty("days0To30").GetDecimal());
        Assert.Equal(1, eur.GetProperty("openInvoices").GetInt32());

        var list = await Json(await client.GetAsync($"/api/v1/invoices?customerId={customer}&status=overdue"));
        Assert.Equal(id, list.GetProperty("items")[0].GetProperty("id").GetInt64());
        var payments = await Json(await client.GetAsync($"/api/v1/payments?invoiceId={id}"));
        Assert.Equal(1, payments.GetProperty("items").GetArrayLength());

        // Settled invoices cannot be cancelled.
        await AssertProblem(await client.PostAsync($"/api/v1/invoices/{id}/cancellation", null), HttpStatusCode.Conflict);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Cancellation_honours_if_match_and_numbers_are_unique(string provider)
    {
        var client = await (await App(provider)).Client(Roles.Supervisor);
        var customer = await CreateCustomer(client);
        var number = $"T-{Guid.NewGuid():N}"[..14];
        var invoice = await CreateInvoice(client, new { customerId = customer, total = 10, number });
        var id = invoice.GetProperty("id").GetInt64();
        Assert.Equal(number, invoice.GetProperty("number").GetString());
        Assert.Equal("open", invoice.GetProperty("status").GetString());

        await AssertProblem(await client.PostAsJsonAsync("/api/v1/invoices", new { customerId = customer, total = 5, number }), HttpStatusCode.Conflict);

        var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/invoices/{id}/cancellation");
        stale.Headers.TryAddWithoutValidation("If-Match", "\"7\"");
        await AssertProblem(await client.SendAsync(stale), HttpStatusCode.PreconditionFailed);

        var cancel = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/invoices/{id}/cancellation");
        cancel.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        var cancelled = await client.SendAsync(cancel);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("\"2\"", cancelled.Headers.ETag!.Tag);
        Assert.Equal("cancelled", (await Json(cancelled)).GetProperty("status").GetString());
        await AssertProblem(await client.PostAsync($"/api/v1/invoices/{id}/cancellation", null), HttpStatusCode.Conflict);
        await AssertProblem(await client.PostAsJsonAsync($"/api/v1/invoices/{id}/credit-notes", new { amount = 1 }), HttpStatusCode.Conflict);

        var bad = await AssertProblem(await client.PostAsJsonAsync("/api/v1/invoices", new { customerId = customer, total = -3, currency = "eu", dueAt = "2020-01-01T00:00:00Z", issuedAt = "2020-02-01T00:00:00Z" }), HttpStatusCode.BadRequest);
        foreach (var field in new[] { "total", "currency", "dueAt" })
        {
            Assert.True(bad.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}");
        }

        await AssertProblem(await client.GetAsync("/api/v1/invoices?status=late"), HttpStatusCode.BadRequest);
        await AssertProblem(await client.GetAsync("/api/v1/invoices?from=yesterday"), HttpStatusCode.BadRequest);
        await AssertProblem(await client.GetAsync("/api/v1/invoices?limit=201"), HttpStatusCode.BadRequest);
        const long missing = 987_654_321;
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/invoices/{missing}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/v1/invoices/{missing}/cancellation", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/invoices/{missing}/credit-notes", new { amount = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/customers/{missing}/account")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/payments/{missing}")).StatusCode);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_payment_retried_with_the_same_idempotency_key_is_applied_once(string provider)
    {
        var client = await (await App(provider)).Client(Roles.Agent);
        var customer = await CreateCustomer(client);
        var id = (await CreateInvoice(client, new { customerId = customer, total = 50 })).GetProperty("id").GetInt64();
        var key = Guid.NewGuid().ToString();

        async Task<HttpResponseMessage> Post()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/payments") { Content = JsonContent.Create(new { customerId = customer, invoiceId = id, amount = 20, method = "transfer" }) };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request);
        }

        var first = await Post();
        var second = await Post();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal((await Json(first)).GetProperty("id").GetInt64(), (await Json(second)).GetProperty("id").GetInt64());
        Assert.Equal(30m, (await Json(await client.GetAsync($"/api/v1/invoices/{id}"))).GetProperty("outstanding").GetDecimal());
    }

    [Theory, SqliteData, PostgresData]
    public async Task Receivables_list_overdue_customers_most_owed_first_and_export_csv(string provider)
    {
        var client = await (await App(provider)).Client(Roles.Supervisor);
        // A currency of its own keeps this list apart from what other tests leave in the shared database.
        const string currency = "XTS";
        var small = await CreateCustomer(client, NewCustomer("Rosa", "Pequeña"));
        var large = await CreateCustomer(client, NewCustomer("Raúl", "Grande"));
        var old = await CreateCustomer(client, NewCustomer("Olga", "Antigua"));
        await CreateInvoice(client, new { customerId = small, total = 10.0001, currency, issuedAt = Today.AddDays(-20), dueAt = Today.AddDays(-5) });
        await CreateInvoice(client, new { customerId = large, total = 900, currency, issuedAt = Today.AddDays(-60), dueAt = Today.AddDays(-40) });
        await CreateInvoice(client, new { customerId = large, total = 50, currency, issuedAt = Today, dueAt = Today.AddDays(20) });
        await CreateInvoice(client, new { customerId = old, total = 10, currency, issuedAt = Today.AddDays(-150), dueAt = Today.AddDays(-120) });

        var first = await Json(await client.GetAsync($"/api/v1/receivables?currency={currency}&limit=2"));
        var items = first.GetProperty("items");
        Assert.Equal([large, small], items.EnumerateArray().Select(r => r.GetProperty("customerId").GetInt64()));
        Assert.Equal(900m, items[0].GetProperty("overdue").GetDecimal());
        Assert.Equal(50m, items[0].GetProperty("aging").GetProperty("current").GetDecimal());
        Assert.Equal(900m, items[0].GetProperty("aging").GetProperty("days31To60").GetDecimal());
        Assert.Equal(40, items[0].GetProperty("daysOverdue").GetInt32());
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await Json(await client.GetAsync($"/api/v1/receivables?currency={currency}&limit=2&cursor={cursor}"));
        Assert.Equal(old, second.GetProperty("items")[0].GetProperty("customerId").GetInt64());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);

        var over90 = await Json(await client.GetAsync($"/api/v1/receivables?currency={currency}&bucket=90%2B"));
        Assert.Equal(old, Assert.Single(over90.GetProperty("items").EnumerateArray()).GetProperty("customerId").GetInt64());
        var min30 = await Json(await client.GetAsync($"/api/v1/receivables?currency={currency}&minDaysOverdue=30"));
        Assert.Equal(2, min30.GetProperty("items").GetArrayLength());
        await AssertProblem(await client.GetAsync("/api/v1/receivables?bucket=someday"), HttpStatusCode.BadRequest);

        var totals = await Json(await client.GetAsync("/api/v1/receivables/totals"));
        var xts = totals.EnumerateArray().Single(t => t.GetProperty("currency").GetString() == currency);
        Assert.Equal(920.0001m, xts.GetProperty("overdue").GetDecimal());
        Assert.Equal(3, xts.GetProperty("customers").GetInt32());

        var export = await client.GetAsync($"/api/v1/receivables/export?currency={currency}");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType!.MediaType);
        var lines = (await export.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith($"{large},Raúl Grande,XTS,900.00,40,", lines[1]);
        await AssertProblem(await client.GetAsync("/api/v1/receivables/export?minDaysOverdue=-4"), HttpStatusCode.BadRequest);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Analysts_read_billing_but_cannot_write_it(string provider)
    {
        var app = await App(provider);
        var agent = await app.Client(Roles.Agent);
        var analyst = await app.Client(Roles.Analyst);
        var customer = await CreateCustomer(agent);
        var id = (await CreateInvoice(agent, new { customerId = customer, total = 10 })).GetProperty("id").GetInt64();

        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync("/api/v1/invoices", new { customerId = customer, total = 10 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsync($"/api/v1/invoices/{id}/cancellation", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync($"/api/v1/invoices/{id}/credit-notes", new { amount = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync("/api/v1/payments", new { customerId = customer, invoiceId = id, amount = 1, method = "cash" })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync($"/api/v1/invoices/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync($"/api/v1/invoices?customerId={customer}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync($"/api/v1/payments?customerId={customer}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync($"/api/v1/customers/{customer}/account")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync("/api/v1/receivables")).StatusCode);

        var anonymous = await app.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/receivables")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/invoices/{id}")).StatusCode);
    }
}
