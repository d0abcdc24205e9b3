using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Vinculo.Cli.Tests.Infrastructure;
using Vinculo.Core.Customers;
using Vinculo.Core.Demo;
using Vinculo.Core.Interactions;
using Vinculo.Core.Storage;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;

namespace Vinculo.Cli.Tests;

/// <summary>Demo seeding checks, run on SQLite and (when configured) PostgreSQL by the classes below.</summary>
public abstract partial class SeedingScenarios(ITestDatabases databases)
{
    private static readonly DateTime Now = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    protected async Task SameSeedGivesIdenticalData()
    {
        await using var a = await databases.Create();
        await using var b = await databases.Create();
        await using var c = await databases.Create();
        var options = new SeedOptions(60, 5, 7, Now);
        await DemoSeeder.Seed(a.Settings, options, null, default);
        await DemoSeeder.Seed(b.Settings, options, null, default);
        await DemoSeeder.Seed(c.Settings, options with { Seed = 8 }, null, default);

        const string customers = "SELECT display_name || '|' || COALESCE(tax_id, '') || '|' || preferred_language FROM customers ORDER BY id";
        const string emails = "SELECT address FROM customer_emails ORDER BY customer_id, id";
        const string interactions = "SELECT subject || '|' || occurred_at || '|' || COALESCE(agent_name, '') FROM interactions ORDER BY id";
        Assert.Equal(await Db.Strings(a.Settings, customers), await Db.Strings(b.Settings, customers));
        Assert.Equal(await Db.Strings(a.Settings, emails), await Db.Strings(b.Settings, emails));
        Assert.Equal(await Db.Strings(a.Settings, interactions), await Db.Strings(b.Settings, interactions));
        Assert.Equal(300, await Db.Count(b.Settings, "SELECT COUNT(*) FROM interactions"));
        Assert.NotEqual(await Db.Strings(a.Settings, customers), await Db.Strings(c.Settings, customers));
    }

    protected async Task CountsAndSearchColumnsAreFilled()
    {
        await using var database = await databases.Create();
        var reports = new List<SeedProgress>();
        var result = await DemoSeeder.Seed(database.Settings, new SeedOptions(120, 4, 3, Now), new Collect<SeedProgress>(reports), default);

        Assert.Equal(120, result.Customers);
        Assert.Equal(480, result.Interactions);
        Assert.Equal(120, await Db.Count(database.Settings, "SELECT COUNT(*) FROM customers"));
        Assert.Equal(480, await Db.Count(database.Settings, "SELECT COUNT(*) FROM interactions"));
        Assert.Equal(0, await Db.Count(database.Settings, "SELECT COUNT(*) FROM customers WHERE search_name = ''"));
        Assert.Equal(0, await Db.Count(database.Settings, "SELECT COUNT(*) FROM interactions WHERE search_terms = ''"));
        Assert.Equal(new SeedProgress(120, 480, 120, 480), reports[^1]);

        await using var db = StorageSetup.CreateDbContext(database.Settings);
        Assert.Equal(0, await db.Interactions.CountAsync(i => i.OccurredAt >= Now));
        Assert.Equal(0, await db.Interactions.CountAsync(i => i.OccurredAt < Now.AddDays(-731)));

        // The full-text indexes were filled (the SQLite writer batches them), and still follow ordinary writes.
        var interactions = new InteractionService(db, TimeProvider.System);
        Assert.NotEmpty((await interactions.Search(new InteractionSearchQuery("factura"))).Items);
        var first = await db.Customers.OrderBy(c => c.Id).FirstAsync();
        var customers = new CustomerService(db, TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new CustomerOptions()));
        var byName = await customers.Search(new CustomerQuery(Q: first.DisplayName));
        Assert.Contains(byName.Items, s => s.Id == first.Id);

        await interactions.Log(first.Id, new InteractionInput("phone", "inbound", "Pregunta por la zanahoria gigante"), null);
        Assert.Single((await interactions.Search(new InteractionSearchQuery("zanahoria"))).Items);
        if (database.Settings.IsSqlite)
        {
            // The bulk writer swaps the FTS insert triggers out inside each batch: they are back, and the indexes
            // agree with their tables (integrity-check raises an error otherwise).
            Assert.Equal(6, await Db.Count(database.Settings, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND (name LIKE 'customers_fts%' OR name LIKE 'interactions_fts%')"));
            await db.Database.ExecuteSqlRawAsync("INSERT INTO interaction_fts(interaction_fts, rank) VALUES ('integrity-check', 1)");
            await db.Database.ExecuteSqlRawAsync("INSERT INTO customer_fts(customer_fts, rank) VALUES ('integrity-check', 1)");
            Assert.Equal(["1048576"], await Db.Strings(database.Settings, "SELECT v FROM interaction_fts_config WHERE k = 'hashsize'"));
        }
    }

    protected async Task CommerceIsConsistentAndDeterministic()
    {
        await using var a = await databases.Create();
        await using var b = await databases.Create();
        var options = new SeedOptions(150, 2, 5, Now, OrderLinesPerCustomer: 7);
        var result = await DemoSeeder.Seed(a.Settings, options, null, default);
        await DemoSeeder.Seed(b.Settings, options, null, default);
        var s = a.Settings;

        Assert.Equal(150 * 7, result.OrderLines);
        Assert.Equal(150 * 7, await Db.Count(s, "SELECT COUNT(*) FROM order_lines"));
        Assert.Equal(150, await Db.Count(s, "SELECT COUNT(DISTINCT customer_id) FROM orders"));
        // Totals and line counts are kept with the lines; orders lie in the past.
        Assert.Equal(0, await Db.Count(s, """
            SELECT COUNT(*) FROM orders o
            WHERE o.total <> (SELECT SUM(l.quantity * l.unit_price - l.discount) FROM order_lines l WHERE l.order_id = o.id)
               OR o.line_count <> (SELECT COUNT(*) FROM order_lines l WHERE l.order_id = o.id)
            """));
        // Invoices: every settled amount is exactly its payments; paid means fully settled; nothing is over-settled.
        Assert.Equal(0, await Db.Count(s, """
            SELECT COUNT(*) FROM invoices i
            WHERE i.settled <> COALESCE((SELECT SUM(p.amount) FROM payments p WHERE p.invoice_id = i.id), 0)
               OR (i.status = 2 AND i.settled <> i.total) OR i.settled > i.total
            """));
        Assert.True(await Db.Count(s, "SELECT COUNT(*) FROM invoices WHERE status = 1") > 0, "some invoices are left open");
        Assert.True(await Db.Count(s, "SELECT COUNT(*) FROM contracts") > 0);
        Assert.Equal(0, await Db.Count(s, "SELECT COUNT(*) FROM contracts c WHERE NOT EXISTS (SELECT 1 FROM contract_changes x WHERE x.contract_id = c.id AND x.kind = 1)"));
        Assert.Equal(0, await Db.Count(s, "SELECT COUNT(*) FROM contracts WHERE (status = 2) <> (cancelled_at IS NOT NULL)"));
        // Returns point at a line of the same customer and never exceed what was bought.
        Assert.Equal(0, await Db.Count(s, """
            SELECT COUNT(*) FROM returns r JOIN order_lines l ON l.id = r.order_line_id
            WHERE l.customer_id <> r.customer_id OR r.quantity > l.quantity OR l.returned_quantity > l.quantity
            """));
        Assert.Equal(0, await Db.Count(s, "SELECT COUNT(*) FROM returns WHERE order_line_id IS NULL"));
        Assert.Equal(0, await Db.Count(s, "SELECT COUNT(*) FROM warranty_claims w JOIN order_lines l ON l.id = w.order_line_id WHERE l.customer_id <> w.customer_id"));
        Assert.Equal(await Db.Count(s, "SELECT COUNT(*) FROM products"), await Db.Count(s, "SELECT COUNT(DISTINCT sku) FROM products"));

        const string invoices = "SELECT number || '|' || total || '|' || settled || '|' || status FROM invoices ORDER BY id";
        Assert.Equal(await Db.Strings(a.Settings, invoices), await Db.Strings(b.Settings, invoices));

        // Seeding again adds customers and their commerce but reuses the catalogue.
        var products = await Db.Count(s, "SELECT COUNT(*) FROM products");
        await DemoSeeder.Seed(s, options with { Customers = 10, Seed = 6 }, null, default);
        Assert.Equal(products, await Db.Count(s, "SELECT COUNT(*) FROM products"));
        Assert.Equal(160 * 7, await Db.Count(s, "SELECT COUNT(*) FROM order_lines"));
    }

    protected async Task DataLooksLikeASpanishCompany()
    {
        await using var database = await databases.Create();
        await DemoSeeder.Seed(database.Settings, new SeedOptions(400, 5, 11, Now), null, default);
        await using var db = StorageSetup.CreateDbContext(database.Settings);
        var customers = await db.Customers.AsNoTracking()
            .Include(c => c.Emails).Include(c => c.Phones).Include(c => c.Addresses).Include(c => c.Contacts).Include(c => c.Tags).Include(c => c.Consents)
            .AsSplitQuery().ToListAsync();

        Assert.All(customers.Where(c => c.TaxId is not null), c => Assert.True(TaxIds.IsValid(c.TaxId, "ES"), c.TaxId));
        Assert.All(customers.Where(c => c.Kind == CustomerKind.Company), c => Assert.Equal(SpanishTaxIdKind.Cif, TaxIds.SpanishKind(c.TaxId)));
        Assert.All(customers.SelectMany(c => c.Emails), e => Assert.True(EmailAddresses.IsValid(e.Address), e.Address));
        Assert.All(customers.SelectMany(c => c.Phones), p => Assert.Matches(SpanishE164(), p.E164));
        Assert.All(customers, c =>
        {
            Assert.InRange(c.Emails.Count, 1, 2);
            Assert.InRange(c.Phones.Count, 1, 2);
            Assert.Equal(1, c.Emails.Count(e => e.IsPrimary));
            Assert.Equal("ES", c.Addresses[0].Country);
            Assert.Matches("^[0-9]{5}$", c.Addresses[0].PostalCode!);
        });

        var companies = customers.Where(c => c.Kind == CustomerKind.Company).ToList();
        Assert.InRange(companies.Count, 30, 100); // ~15% of 400
        Assert.All(companies, c => Assert.InRange(c.Contacts.Count, 1, 3));
        Assert.All(customers.Where(c => c.Kind == CustomerKind.Person), c => Assert.Empty(c.Contacts));
        Assert.Contains(companies.SelectMany(c => c.Contacts), p => p.Role == "Compras");

        var english = customers.Count(c => c.PreferredLanguage == "en");
        Assert.InRange(english, 5, 80);
        Assert.InRange(customers.Count(c => c.Temperament != Temperament.None), 5, 50); // ~5%
        Assert.All(customers.Where(c => c.Temperament != Temperament.None), c => Assert.False(string.IsNullOrEmpty(c.TemperamentNote)));
        Assert.Equal(3, customers.Select(c => c.Lifecycle).Distinct().Count());
        Assert.Contains(customers.SelectMany(c => c.Tags), t => t.Tag == "vip");
        Assert.Contains(customers.SelectMany(c => c.Consents), x => x.Status == ConsentStatus.Withdrawn && x.Source is not null);

        var channels = await db.Interactions.Select(i => i.Channel).Distinct().ToListAsync();
        Assert.Equal(Enum.GetValues<Channel>().Order(), channels.Order());
        Assert.True(await db.Interactions.AnyAsync(i => i.Channel == Channel.Phone && i.DurationSeconds > 0));
        Assert.True(await db.Interactions.AnyAsync(i => i.Subject.Contains("franela")));
        Assert.True(await db.Interactions.AnyAsync(i => i.Direction == Direction.Outbound));
    }

    [GeneratedRegex(@"^\+34[6-9][0-9]{8}$")]
    private static partial Regex SpanishE164();
}

public sealed class SqliteSeedingTests() : SeedingScenarios(new SqliteDatabases())
{
    [Fact]
    public Task Same_seed_gives_identical_data() => SameSeedGivesIdenticalData();

    [Fact]
    public Task Counts_are_N_and_N_times_M_and_search_columns_are_filled() => CountsAndSearchColumnsAreFilled();

    [Fact]
    public Task Data_looks_like_a_Spanish_company() => DataLooksLikeASpanishCompany();

    [Fact]
    public Task Commerce_is_consistent_and_deterministic() => CommerceIsConsistentAndDeterministic();
}

public sealed class PostgresSeedingTests(PostgresDatabases databases) : SeedingScenarios(databases), IClassFixture<PostgresDatabases>
{
    [PostgresFact]
    public Task Same_seed_gives_identical_data() => SameSeedGivesIdenticalData();

    [PostgresFact]
    public Task Counts_are_N_and_N_times_M_and_search_columns_are_filled() => CountsAndSearchColumnsAreFilled();

    [PostgresFact]
    public Task Data_looks_like_a_Spanish_company() => DataLooksLikeASpanishCompany();

    [PostgresFact]
    public Task Commerce_is_consistent_and_deterministic() => CommerceIsConsistentAndDeterministic();
}

/// <summary>Collects progress reports synchronously.</summary>
public sealed class Collect<T>(List<T> into) : IProgress<T>
{
    public void Report(T value)
    {
        lock (into)
        {
            into.Add(value);
        }
    }
}
