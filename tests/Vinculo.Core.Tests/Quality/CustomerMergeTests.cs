using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Common;
using Vinculo.Core.Interactions;
using Vinculo.Core.Quality;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Quality;
using static Vinculo.Core.Tests.Quality.QualityFixture;

namespace Vinculo.Core.Tests.Quality;

public sealed class CustomerMergeTests
{
    private static readonly Actor Supervisor = new("user-1", "Sara Supervisora");

    private static TestServices Services(TestDatabase db) => new(db.Settings, new ManualClock(new DateTimeOffset(Now)));

    /// <summary>Two records of the same person, each with rows in every table that belongs to a customer.</summary>
    private static async Task<(Customer Survivor, Customer Merged, long OrderId, long LineId, long InvoiceId)> Seed(TestDatabase database)
    {
        var survivor = Person("Ana", "Núñez", "ana@example.com", "600123456", null, "Calle Mayor 1", "28013");
        survivor.Tags.Add(new CustomerTag { Tag = "vip" });
        survivor.Consents.Add(new Consent { Purpose = ConsentPurpose.MarketingEmail, Status = ConsentStatus.Granted, At = Now.AddDays(-100), Source = "web" });
        survivor.Contacts.Add(new ContactPerson { FirstName = "Luis", LastName = "Gil", Email = "luis@example.com" });

        var merged = Person("Ana María", "Núñez", "ANA@example.com", "600 12 34 56", "12345678Z", "C/ Mayor, 1", "28013");
        merged.Lifecycle = Lifecycle.Prospect;
        merged.CreatedAt = Now.AddYears(-3);
        merged.PreferredChannel = Channel.Phone;
        merged.TemperamentNote = "Prefiere las mañanas";
        merged.Attributes["segmento"] = "oro";
        merged.Emails.Add(new CustomerEmail { Address = "ana.work@example.com", Normalized = "ana.work@example.com" });
        merged.Phones.Add(new CustomerPhone { Raw = "911 22 33 44", E164 = "+34911223344" });
        merged.Addresses.Add(new CustomerAddress { Line1 = "Calle Goya 3", PostalCode = "28001", City = "Madrid", Country = "ES" });
        merged.Tags.Add(new CustomerTag { Tag = "vip" });
        merged.Tags.Add(new CustomerTag { Tag = "newsletter" });
        merged.Consents.Add(new Consent { Purpose = ConsentPurpose.MarketingEmail, Status = ConsentStatus.Withdrawn, At = Now.AddDays(-1), Source = "call" });
        merged.Contacts.Add(new ContactPerson { FirstName = "Luis", LastName = "Gil", Email = "LUIS@example.com" });
        merged.Contacts.Add(new ContactPerson { FirstName = "Eva", LastName = "Sanz" });
        Seal(survivor);
        Seal(merged);
        await Add(database, survivor, merged);

        await using var db = database.CreateDbContext();
        var product = await AddProduct(db);
        db.Interactions.Add(new Interaction
        {
            CustomerId = merged.Id, Channel = Channel.Phone, Direction = Direction.Inbound, Subject = "Llamada", OccurredAt = Now.AddDays(-2),
            SearchTerms = "llam", CreatedAt = Now,
        });
        db.CustomerExternalIds.Add(new CustomerExternalId { Source = "online-retail", ExternalId = "17850", CustomerId = merged.Id });
        var contract = new Contract
        {
            CustomerId = merged.Id, ProductId = product.Id, Price = 20m, StartedAt = Now.AddYears(-1), CreatedAt = Now, UpdatedAt = Now, Version = 1,
            Changes = [new ContractChange { CustomerId = merged.Id, Kind = ContractChangeKind.SignUp, At = Now.AddYears(-1), ProductId = product.Id, Price = 20m }],
        };
        db.Contracts.Add(contract);
        var line = Line(product.Id, merged.Id, 1, 2, 10m);
        var order = Order(merged.Id, "M-1", line);
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        var invoice = Invoice(merged.Id, "F-M-1", 20m);
        invoice.OrderId = order.Id;
        db.Invoices.Add(invoice);
        await db.SaveChangesAsync();
        db.Payments.Add(Payment(merged.Id, invoice.Id, 20m));
        db.Returns.Add(Return(merged.Id, product.Id, line.Id, 1, 10m));
        db.WarrantyClaims.Add(new WarrantyClaim
        {
            CustomerId = merged.Id, OrderLineId = line.Id, ProductId = product.Id, ClaimedAt = Now.AddDays(-3), ExpiresAt = Now.AddYears(2),
            Description = "No enciende", CreatedAt = Now, UpdatedAt = Now, Version = 1,
        });
        await db.SaveChangesAsync();
        return (survivor, merged, order.Id, line.Id, invoice.Id);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Merge_moves_every_row_without_duplicating_contact_data_fills_empty_fields_and_keeps_history(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = Services(db);
        var (survivor, merged, orderId, lineId, invoiceId) = await Seed(db);

        var report = await WithQuality(app, s => s.Refresh("en", null));
        Assert.Equal(1, report.Duplicates.CertainPairs);

        var preview = await WithQuality(app, s => s.PreviewMerge(survivor.Id, merged.Id));
        Assert.NotNull(preview.Preview);
        Assert.Equal(["taxId", "temperamentNote", "preferredChannel", "attributes.segmento"], preview.Preview.FilledFields);
        Assert.Equal(["ana.work@example.com"], preview.Preview.EmailsAdded);
        Assert.Equal(["911 22 33 44"], preview.Preview.PhonesAdded);
        Assert.Equal(1, preview.Preview.RowsToMove["interactions"]);
        Assert.Equal(1, preview.Preview.RowsToMove["order_lines"]);
        Assert.Equal("Ana María Núñez", preview.Preview.Merged.DisplayName);

        var outcome = await WithQuality(app, s => s.Merge(new MergeInput(survivor.Id, merged.Id, 1, 1, true), Supervisor));
        var result = outcome.Result;
        Assert.NotNull(result);
        var after = result.Survivor;
        Assert.Equal(2, after.Version);
        Assert.Equal("12345678Z", after.TaxId);
        Assert.Equal("Ana Núñez", after.DisplayName); // the survivor's own name stays
        Assert.Equal(Channel.Phone, after.PreferredChannel);
        Assert.Equal(Lifecycle.Active, after.Lifecycle);
        Assert.Equal("oro", after.Attributes["segmento"]);
        Assert.Equal(Now.AddYears(-3), after.CreatedAt);
        Assert.Equal(["ana@example.com", "ana.work@example.com"], after.Emails.Select(e => e.Address));
        Assert.Equal([true, false], after.Emails.Select(e => e.IsPrimary));
        Assert.Equal(["+34600123456", "+34911223344"], after.Phones.Select(p => p.E164));
        Assert.Equal(["Calle Mayor 1", "Calle Goya 3"], after.Addresses.Select(a => a.Line1));
        Assert.Equal(["newsletter", "vip"], after.Tags);
        // Both consent events are kept; the latest (withdrawn yesterday, from the merged record) is the current state.
        var consent = Assert.Single(after.Consents);
        Assert.Equal((ConsentStatus.Withdrawn, 2), (consent.Status, consent.Changes));

        await using (var ctx = db.CreateDbContext())
        {
            Assert.False(await ctx.Customers.AnyAsync(c => c.Id == merged.Id));
            Assert.Equal(["Eva", "Luis"], await ctx.ContactPersons.Where(c => c.CustomerId == survivor.Id).Select(c => c.FirstName).OrderBy(n => n).ToListAsync());
            Assert.Equal(1, await ctx.Interactions.CountAsync(i => i.CustomerId == survivor.Id));
            Assert.Equal(survivor.Id, (await ctx.CustomerExternalIds.SingleAsync()).CustomerId);
            Assert.Equal(survivor.Id, (await ctx.Contracts.SingleAsync()).CustomerId);
            Assert.Equal(survivor.Id, (await ctx.ContractChanges.SingleAsync()).CustomerId);
            Assert.Equal(survivor.Id, (await ctx.Orders.SingleAsync(o => o.Id == orderId)).CustomerId);
            Assert.Equal(survivor.Id, (await ctx.OrderLines.SingleAsync(l => l.Id == lineId)).CustomerId);
            Assert.Equal(survivor.Id, (await ctx.Invoices.SingleAsync(i => i.Id == invoiceId)).CustomerId);
            Assert.Equal(survivor.Id, (await ctx.Payments.SingleAsync()).CustomerId);
            Assert.Equal(survivor.Id, (await ctx.Returns.SingleAsync()).CustomerId);
            Assert.Equal(survivor.Id, (await ctx.WarrantyClaims.SingleAsync()).CustomerId);
        }

        Assert.Equal(1, result.RowsMoved["interactions"]);
        Assert.Equal(1, result.RowsMoved["customer_emails"]);
        Assert.Equal(1, result.RowsMoved["contact_persons"]);

        // History: who, when, and the merged customer as it was.
        var quality = await WithQuality(app, s => s.ForCustomer(survivor.Id, "en"));
        Assert.NotNull(quality);
        var merge = Assert.Single(quality.Merges);
        Assert.Equal((merged.Id, "Ana María Núñez", "Sara Supervisora", Now), (merge.MergedId, merge.MergedDisplayName, merge.MergedByName, merge.MergedAt));
        Assert.Empty(quality.Duplicates);
        await using (var ctx = db.CreateDbContext())
        {
            await ctx.Database.OpenConnectionAsync();
            await using var command = ctx.Database.GetDbConnection().CreateCommand();
            command.CommandText = "SELECT snapshot, merged_by_id FROM customer_merges";
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            using var snapshot = JsonDocument.Parse(reader.GetString(0));
            Assert.Equal("Ana María", snapshot.RootElement.GetProperty("firstName").GetString());
            Assert.Equal("prospect", snapshot.RootElement.GetProperty("lifecycle").GetString());
            Assert.Equal(2, snapshot.RootElement.GetProperty("emails").GetArrayLength());
            Assert.Equal("user-1", reader.GetString(1));
        }

        // The pair is gone from the report's list, and the merged customer's findings with it.
        Assert.Empty((await WithQuality(app, s => s.Duplicates(new DuplicateQuery()))).Items);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Merge_refuses_itself_unknown_ids_stale_versions_and_an_unconfirmed_request_and_writes_nothing(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = Services(db);
        var (survivor, merged, _, _, _) = await Seed(db);

        var self = await Assert.ThrowsAsync<ValidationException>(() =>
            WithQuality(app, s => s.Merge(new MergeInput(survivor.Id, survivor.Id, 1, 1, true), Supervisor)));
        Assert.Equal("A customer cannot be merged into itself.", self.Errors["mergedId"].Single());

        var unconfirmed = await Assert.ThrowsAsync<ValidationException>(() =>
            WithQuality(app, s => s.Merge(new MergeInput(survivor.Id, merged.Id, 1, null, null), Supervisor)));
        Assert.Equal(["mergedVersion", "confirm"], unconfirmed.Errors.Keys);

        var missing = await WithQuality(app, s => s.Merge(new MergeInput(survivor.Id, 999_999, 1, 1, true), Supervisor));
        Assert.Equal(999_999, missing.MissingId);
        Assert.Equal(999_999, (await WithQuality(app, s => s.PreviewMerge(999_999, merged.Id))).MissingId);

        await Assert.ThrowsAsync<PreconditionFailedException>(() =>
            WithQuality(app, s => s.Merge(new MergeInput(survivor.Id, merged.Id, 1, 7, true), Supervisor)));

        await using var ctx = db.CreateDbContext();
        Assert.True(await ctx.Customers.AnyAsync(c => c.Id == merged.Id));
        Assert.Equal(1, await ctx.Interactions.CountAsync(i => i.CustomerId == merged.Id));
        Assert.Equal(1, (await ctx.Customers.SingleAsync(c => c.Id == survivor.Id)).Version);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_table_with_one_row_per_customer_keeps_the_survivors_row_even_without_a_cascading_key(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = Services(db);
        var (survivor, merged, _, _, _) = await Seed(db);
        await using (var ctx = db.CreateDbContext())
        {
            await ctx.Database.ExecuteSqlRawAsync(
                "CREATE TABLE test_scores (customer_id BIGINT NOT NULL PRIMARY KEY REFERENCES customers (id), score INTEGER NOT NULL)");
            await ctx.Database.ExecuteSqlAsync($"INSERT INTO test_scores (customer_id, score) VALUES ({survivor.Id}, 1), ({merged.Id}, 2)");
        }

        var outcome = await WithQuality(app, s => s.Merge(new MergeInput(survivor.Id, merged.Id, 1, 1, true), Supervisor));
        Assert.NotNull(outcome.Result);
        Assert.False(outcome.Result.RowsMoved.ContainsKey("test_scores"));

        await using (var ctx = db.CreateDbContext())
        {
            await ctx.Database.OpenConnectionAsync();
            await using var command = ctx.Database.GetDbConnection().CreateCommand();
            command.CommandText = "SELECT customer_id, score FROM test_scores";
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal((survivor.Id, 1L), (reader.GetInt64(0), Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture)));
            Assert.False(await reader.ReadAsync());
        }
    }
}
