using Vinculo.Core.Scripts;
using Vinculo.Core.Tests.Infrastructure;

namespace Vinculo.Core.Tests.Scripts;

/// <summary>The facts a script sees, computed by hand from <see cref="ScriptTestData.SeedLucia"/>, on both databases.</summary>
public sealed class CustomerFactsTests
{
    private static readonly DateTime Now = new(2026, 6, 15, 10, 0, 0, DateTimeKind.Utc);

    [Theory, SqliteData, PostgresData]
    public async Task Facts_hold_the_customer_invoices_products_orders_and_cases(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var context = db.CreateDbContext();
        var ids = await ScriptTestData.SeedLucia(context, Now);

        var facts = await CustomerFacts.LoadAsync(context, ids.CustomerId, ids.ComplaintCaseId, Now, CancellationToken.None);
        var expected = new Dictionary<string, string?>
        {
            ["customer.id"] = ids.CustomerId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["customer.firstName"] = "Lucía",
            ["customer.lastName"] = "Gómez",
            ["customer.name"] = "Lucía Gómez",
            ["customer.language"] = "es",
            ["customer.tier"] = "gold",
            ["customer.segment"] = "retail",
            ["customer.temperament"] = "aggressive",
            // F1..F4 are open invoices (the credit note, the paid and the cancelled ones are not); F1, F2, F3 are past due:
            // 100.00 + 50.50 + 80.00 = 230.50, the oldest (F3) 120 days late.
            ["invoices.openCount"] = "4",
            ["invoices.overdueCount"] = "3",
            ["invoices.overdueAmount"] = "230.50",
            ["invoices.oldestOverdueDays"] = "120",
            // Active contracts by start: fibre (8 months ago), then television (2 months ago); the sofa was cancelled.
            ["products.activeCount"] = "2",
            ["products.active"] = "Fibra 600 Mb, Televisión",
            // Every order counts (also the cancelled one); the latest was 10 days ago.
            ["orders.count"] = "3",
            ["orders.lastDate"] = "2026-06-05",
            ["case.id"] = ids.ComplaintCaseId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["case.subject"] = "Factura duplicada",
            ["case.type"] = "complaint",
            ["case.priority"] = "high",
            ["case.status"] = "open",
            // The complaint is active, the old question resolved; the latest other case is the old question.
            ["cases.openCount"] = "1",
            ["cases.lastSubject"] = "Cambio de domicilio",
            ["contact.reason"] = "complaint",
            ["promotions.activeCount"] = "0",
            // Not scored by any analytics run.
            ["scores.churnRisk"] = null,
            ["scores.defaultRisk"] = null,
            ["scores.rfmSegment"] = null,
            ["scores.cluster"] = null,
            ["scores.lifetimeValue"] = null,
            ["scores.pAlive"] = null,
            ["scores.propensity"] = null,
            ["scores.value"] = null,
        };
        Assert.Equal(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal), facts.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.All(facts.Keys, k => Assert.True(CustomerFacts.IsKnown(k), k));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Without_a_case_there_are_no_case_facts_and_the_latest_case_is_the_last_subject(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var context = db.CreateDbContext();
        var ids = await ScriptTestData.SeedLucia(context, Now);

        var facts = await CustomerFacts.LoadAsync(context, ids.CustomerId, null, Now, CancellationToken.None);
        Assert.DoesNotContain(facts.Keys, k => k.StartsWith("case.", StringComparison.Ordinal) || k == "contact.reason");
        Assert.Equal("Factura duplicada", facts["cases.lastSubject"]);

        // A case of another customer gives no case facts either.
        var foreign = await CustomerFacts.LoadAsync(context, ids.CustomerId, ids.OtherCaseId, Now, CancellationToken.None);
        Assert.False(foreign.ContainsKey("case.id"));

        // The other customer: English product names, one overdue invoice of 10.00 due 100 days ago, no first-name gaps.
        var other = await CustomerFacts.LoadAsync(context, ids.OtherCustomerId, ids.OtherCaseId, Now, CancellationToken.None);
        Assert.Equal(("Sofa", "1", "10.00", "100"), (other["products.active"], other["invoices.overdueCount"], other["invoices.overdueAmount"], other["invoices.oldestOverdueDays"]));
        Assert.Equal(("return", "return", "platinum", "none"), (other["case.type"], other["contact.reason"], other["customer.tier"], other["customer.temperament"]));
        Assert.Null(other["cases.lastSubject"]);

        // A day later F2 is one more day late but nothing else moves; a customer who does not exist has no facts.
        var tomorrow = await CustomerFacts.LoadAsync(context, ids.CustomerId, null, Now.AddDays(1), CancellationToken.None);
        Assert.Equal(("3", "121"), (tomorrow["invoices.overdueCount"], tomorrow["invoices.oldestOverdueDays"]));
        Assert.Empty(await CustomerFacts.LoadAsync(context, 987654, null, Now, CancellationToken.None));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_customer_without_commerce_has_zero_counts_and_missing_dates(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var context = db.CreateDbContext();
        var empty = ScriptTestData.Customer("Ana", "Vacía", at: Now);
        empty.FirstName = null;
        context.Customers.Add(empty);
        await context.SaveChangesAsync();

        var facts = await CustomerFacts.LoadAsync(context, empty.Id, null, Now, CancellationToken.None);
        Assert.Equal(("0", "0", "0.00", "0"), (facts["invoices.openCount"], facts["invoices.overdueCount"], facts["invoices.overdueAmount"], facts["invoices.oldestOverdueDays"]));
        Assert.Equal(("0", null, "0", null), (facts["products.activeCount"], facts["products.active"], facts["orders.count"], facts["orders.lastDate"]));
        Assert.Equal(("0", null, null, null), (facts["cases.openCount"], facts["cases.lastSubject"], facts["customer.firstName"], facts["customer.tier"]));
    }

    [Fact]
    public void Every_fact_is_described_in_both_languages_and_none_is_reserved_any_more()
    {
        Assert.Equal(CustomerFacts.All.Count, CustomerFacts.All.Select(f => f.Name).Distinct().Count());
        Assert.All(CustomerFacts.All, f => Assert.False(string.IsNullOrWhiteSpace(f.Describe("es")) || string.IsNullOrWhiteSpace(f.Describe("en"))));
        Assert.DoesNotContain(CustomerFacts.All, f => !f.Available);
        Assert.All(["scores.churnRisk", "scores.defaultRisk", "scores.rfmSegment", "scores.cluster", "scores.lifetimeValue", "scores.pAlive"],
            name => Assert.True(CustomerFacts.IsKnown(name), name));
        Assert.True(CustomerFacts.IsKnown("invoices.overdueAmount"));
        Assert.False(CustomerFacts.IsKnown("invoices.overdue"));
    }
}
