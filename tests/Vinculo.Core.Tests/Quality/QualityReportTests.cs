using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Common;
using Vinculo.Core.Quality;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Quality;
using static Vinculo.Core.Tests.Quality.QualityFixture;

namespace Vinculo.Core.Tests.Quality;

public sealed class QualityReportTests
{
    private static TestServices Services(TestDatabase db) => new(db.Settings, new ManualClock(new DateTimeOffset(Now)));

    [Theory, SqliteData, PostgresData]
    public async Task The_report_counts_findings_per_rule_completeness_and_duplicate_groups(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = Services(db);
        var ana = Person("Ana", "Núñez", "ana@example.com", "600123456", "12345678Z", "Calle Mayor 1", "28013");
        var anaAgain = Person("A.", "Núñez", " ANA@example.com", null);
        var jose = Person("José", "Martínez", "jose@example.com", "611111111", null, "Calle Alcalá 10", "28009");
        var jose2 = Person("Jose", "Martines", "jm@example.net", "622222222", null, "Calle Goya 3", "28009");
        var bad = Person("Test", "", "not-an-email", "12345", "12345678A", "Calle Sol 2", "99999");
        var lonely = Person("Luis", "Gil");
        await Add(db, ana, anaAgain, jose, jose2, bad, lonely);

        var report = await WithQuality(app, s => s.Refresh("en", null));

        Assert.Equal(6, report.Customers);
        long Count(string rule) => report.Rules.Single(r => r.Rule == rule).Count;
        Assert.Equal(1, Count(QualityRules.EmailInvalid));
        Assert.Equal(1, Count(QualityRules.PhoneInvalid));
        Assert.Equal(1, Count(QualityRules.TaxIdInvalid));
        Assert.Equal(1, Count(QualityRules.PostalCodeInvalid));
        Assert.Equal(1, Count(QualityRules.NamePlaceholder));
        Assert.Equal(2, Count(QualityRules.Unreachable)); // the placeholder customer (nothing valid) and Luis (nothing at all)
        Assert.Equal("The e-mail address is not valid.", report.Rules.Single(r => r.Rule == QualityRules.EmailInvalid).Message);
        Assert.Equal(report.Rules.Sum(r => r.Count), report.Issues);

        Assert.Equal(6, report.Completeness.Buckets.Sum(b => b.Customers));
        Assert.Equal(1, report.Completeness.Buckets.Single(b => b.Label == "80-99").Customers); // Ana: everything but channel and consents
        Assert.InRange(report.Completeness.Average, 1, 99);

        Assert.Equal(2, report.Duplicates.Pairs);
        Assert.Equal(1, report.Duplicates.CertainPairs);
        Assert.Equal(1, report.Duplicates.ProbablePairs);
        Assert.Equal(2, report.Duplicates.Groups);
        Assert.Equal(1, report.Duplicates.ByReason.Single(r => r.Reason == DuplicateReason.SameEmail).Pairs);
        Assert.Equal(1, report.Duplicates.ByReason.Single(r => r.Reason == DuplicateReason.SimilarNameAndPostalCode).Groups);

        var pairs = await WithQuality(app, s => s.Duplicates(new DuplicateQuery()));
        Assert.Collection(pairs.Items,
            p =>
            {
                Assert.Equal(DuplicateConfidence.Certain, p.Confidence);
                Assert.Equal((ana.Id, anaAgain.Id), (p.A.Id, p.B.Id));
                Assert.Equal([DuplicateReason.SameEmail], p.Reasons);
                Assert.Equal("ana@example.com", p.A.Email);
                Assert.Equal("28013", p.A.PostalCode);
            },
            p =>
            {
                Assert.Equal(DuplicateConfidence.Probable, p.Confidence);
                Assert.Equal((jose.Id, jose2.Id), (p.A.Id, p.B.Id));
                Assert.Equal([DuplicateReason.SimilarNameAndPostalCode], p.Reasons);
                Assert.InRange(p.NameSimilarity, NameSimilarity.Threshold, 1);
            });
        Assert.Equal([jose.Id], (await WithQuality(app, s => s.Duplicates(new DuplicateQuery("probable")))).Items.Select(p => p.A.Id));

        // The stored report is what later reads return, in the reader's language.
        var again = await WithQuality(app, s => s.Report("es"));
        Assert.Equal(report.RunId, again.RunId);
        Assert.Equal("La dirección de correo electrónico no es válida.", again.Rules.Single(r => r.Rule == QualityRules.EmailInvalid).Message);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Commerce_amounts_and_dates_are_checked_in_SQL_exactly_as_the_pure_rules_say(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = Services(db);
        var customer = (await Add(db, Person("Ana", "Núñez", "ana@example.com", "600123456")))[0];
        await using (var ctx = db.CreateDbContext())
        {
            var product = await AddProduct(ctx);
            var badProduct = await AddProduct(ctx, "SKU-NEG", -1m);
            var good = Line(product.Id, customer.Id, 1, 2, 10m, 1m);
            var negative = Line(product.Id, customer.Id, 2, 1, -5m);
            var zero = Line(product.Id, customer.Id, 3, 0, 10m);
            var discounted = Line(product.Id, customer.Id, 4, 3, 10m, 40m);
            var overReturned = Line(product.Id, customer.Id, 5, 2, 10m, 0, 3);
            var huge = Line(product.Id, customer.Id, 6, 20_000, 2_000_000m);
            var order = Order(customer.Id, "A-1", good, negative, zero, discounted, overReturned, huge);
            var guest = Order(null, "G-1", Line(product.Id, null, 1, 1, -1m));
            guest.OrderedAt = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            ctx.Orders.AddRange(order, guest);
            await ctx.SaveChangesAsync();

            var invoice = Invoice(customer.Id, "F-1", 100m);
            var early = Invoice(customer.Id, "F-2", 50m, dueInDays: -3);
            ctx.Invoices.AddRange(invoice, early);
            await ctx.SaveChangesAsync();
            ctx.Payments.AddRange(Payment(customer.Id, invoice.Id, 80m), Payment(customer.Id, invoice.Id, 30m), Payment(customer.Id, early.Id, 60m, "USD"),
                Payment(customer.Id, null, 0m));
            ctx.Returns.AddRange(Return(customer.Id, product.Id, good.Id, 3, 25m), Return(customer.Id, product.Id, good.Id, 1, 9.5m));
            var future = Return(customer.Id, product.Id, null, 1, 5m);
            future.RequestedAt = Now.AddDays(10);
            ctx.Returns.Add(future);
            await ctx.SaveChangesAsync();

            var report = await WithQuality(app, s => s.Refresh("en", null));
            long Count(string rule) => report.Rules.Single(r => r.Rule == rule).Count;
            Assert.Equal(4, Count(QualityRules.AmountNegative)); // line 2, the guest order's line and its total, the product's list price
            Assert.Equal(1, Count(QualityRules.QuantityNotPositive));
            Assert.Equal(1, Count(QualityRules.QuantityAbsurd));
            Assert.Equal(2, Count(QualityRules.AmountAbsurd)); // the huge line's price and its order's total
            Assert.Equal(1, Count(QualityRules.DiscountExceedsLine));
            // Line 5's returned quantity; the 3-unit return of a 2-unit line, whose refund of 25 is also above the line's 19.
            Assert.Equal(3, Count(QualityRules.ReturnExceedsLine));
            Assert.Equal(2, Count(QualityRules.InvoiceOverpaid)); // 80 + 30 > 100 and 60 > 50
            Assert.Equal(1, Count(QualityRules.PaymentExceedsInvoice)); // 60 > 50
            Assert.Equal(1, Count(QualityRules.CurrencyMismatch)); // USD against a EUR invoice
            Assert.Equal(1, Count(QualityRules.AmountNotPositive)); // the zero payment
            Assert.Equal(1, Count(QualityRules.DatesOutOfOrder)); // F-2 due before issued
            Assert.Equal(1, Count(QualityRules.DateTooOld)); // the guest order of 1970
            Assert.Equal(1, Count(QualityRules.DateInFuture)); // the return requested in 10 days

            var page = await WithQuality(app, s => s.Issues(new IssueQuery(QualityRules.AmountNegative), "en"));
            Assert.Equal(
                [("order", (long?)guest.Id, (long?)null), ("orderLine", negative.Id, customer.Id), ("orderLine", guest.Lines[0].Id, null),
                    ("product", badProduct.Id, null)],
                page.Items.Select(i => (i.Entity, i.EntityId, i.CustomerId)).OrderBy(x => x.Entity).ThenBy(x => x.EntityId));
            Assert.All(page.Items.Where(i => i.CustomerId is not null), i => Assert.Equal("Ana Núñez", i.CustomerName));

            // The customer's own view finds the same commerce findings (through its customer_id indexes).
            var mine = await WithQuality(app, s => s.ForCustomer(customer.Id, "es"));
            Assert.NotNull(mine);
            Assert.Contains(mine.Issues, i => i.Rule == QualityRules.PaymentExceedsInvoice && i.Message == "El pago es mayor que el total de su factura.");
            Assert.DoesNotContain(mine.Issues, i => i.Entity == "product");
            Assert.Equal(20, report.Issues);
            Assert.Equal(report.Issues - 4, mine.Issues.Count); // all but the guest order's three findings and the product's
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task Issue_lists_page_by_rule_without_gaps_and_reject_unknown_rules_and_stale_cursors(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = Services(db);
        await Add(db, Enumerable.Range(0, 7).Select(i => Person($"Cliente{i}", "Roto", $"bad{i}@", null)).ToArray());

        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var page = await WithQuality(app, s => s.Issues(new IssueQuery(QualityRules.EmailInvalid, cursor, 3), "en"));
            Assert.True(page.Items.Count <= 3);
            seen.AddRange(page.Items.Select(i => i.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(7, seen.Count);
        Assert.Equal(seen.Order(), seen);
        var all = await WithQuality(app, s => s.Issues(new IssueQuery(Limit: 200), "en"));
        Assert.Equal(21, all.Items.Count); // per customer: invalid e-mail, digits in the name, unreachable

        var unknown = await Assert.ThrowsAsync<ValidationException>(() => WithQuality(app, s => s.Issues(new IssueQuery("customer.nope"), "en")));
        Assert.Contains("rule", unknown.Errors.Keys);
        var first = await WithQuality(app, s => s.Issues(new IssueQuery(QualityRules.EmailInvalid, null, 3), "en"));
        await WithQuality(app, s => s.Refresh("en", null));
        var stale = await Assert.ThrowsAsync<ValidationException>(() =>
            WithQuality(app, s => s.Issues(new IssueQuery(QualityRules.EmailInvalid, first.NextCursor, 3), "en")));
        Assert.Contains("cursor", stale.Errors.Keys);
    }

    [Theory, SqliteData]
    public async Task Lists_scan_on_first_use_and_a_second_scan_while_one_runs_is_a_conflict(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = Services(db);
        await Add(db, Person("Ana", "Núñez", "ana@example.com", "600123456"));

        Assert.Null(await WithQuality(app, s => s.Latest("en")));
        var page = await WithQuality(app, s => s.Duplicates(new DuplicateQuery()));
        Assert.Empty(page.Items);
        Assert.NotNull(await WithQuality(app, s => s.Latest("en")));

        async Task Running(DateTime heartbeat)
        {
            await using var ctx = db.CreateDbContext();
            await ctx.Database.OpenConnectionAsync();
            await using var command = ctx.Database.GetDbConnection().CreateCommand();
            command.CommandText = "INSERT INTO quality_runs (status, started_at, heartbeat_at, customers, issues, duplicate_pairs) VALUES (1, @at, @at, 0, 0, 0)";
            var p = command.CreateParameter();
            p.ParameterName = "@at";
            p.Value = Vinculo.Core.Storage.Timestamps.ToMicroseconds(heartbeat);
            command.Parameters.Add(p);
            await command.ExecuteNonQueryAsync();
        }

        // A scan whose process died (no heartbeat for an hour) does not block the next one.
        await Running(Now.AddHours(-1));
        var next = await WithQuality(app, s => s.Refresh("en", null));
        Assert.Equal(1, next.Customers);

        await Running(Now);
        await Assert.ThrowsAsync<ConflictException>(() => WithQuality(app, s => s.Refresh("en", null)));
    }

    [Fact]
    public void The_360_read_model_scores_like_the_entity()
    {
        var customer = Person("Ana", "Núñez", "ana@example.com", "600123456", "12345678Z", "Calle Mayor 1", "28013");
        customer.Id = 5;
        var dto = new Core.Customers.CustomerDto(5, customer.Kind, customer.Lifecycle, customer.TaxId, customer.FirstName, customer.LastName, null,
            customer.DisplayName, "es", null, Temperament.None, null,
            [new("ana@example.com", null, true)], [new("600123456", "+34600123456", null, true)],
            [new(null, "Calle Mayor 1", null, "Madrid", null, "28013", "ES")], [], new Dictionary<string, string>(), [], Now, Now, 1);
        Assert.Equal(Completeness.Score(customer).Score, Completeness.Score(QualityFacts.From(dto)).Score);
        Assert.Empty(CustomerChecks.Check(QualityFacts.From(dto), Now));
    }
}
