using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Core.Interactions;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Customers;

namespace Vinculo.Core.Tests.Customers;

public sealed class CustomerServiceTests
{
    private static CustomerInput Ana => new()
    {
        FirstName = "Ana María",
        LastName = "Núñez Ibáñez",
        TaxId = "12345678Z",
        TaxIdCountry = "ES",
        Lifecycle = "active",
        Emails = [new EmailInput("Ana.Nunez@Example.com")],
        Phones = [new PhoneInput("600 12 34 56"), new PhoneInput("+34 91 555 12 34", "work")],
        Addresses = [new AddressInput("Calle Mayor 1", City: "Madrid", PostalCode: "28013", Country: "es")],
        Tags = ["VIP", "newsletter"],
        Attributes = new() { ["segment"] = "oro" },
        Consents = [new ConsentInput("marketingEmail", "granted", "web form")],
        Temperament = "chronicComplainer",
        TemperamentNote = "Llama cada semana",
    };

    [Theory, SqliteData, PostgresData]
    public async Task Create_then_get_round_trips_every_field(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings);

        var created = await app.Run<CustomerService, CustomerDto>(s => s.Create(Ana));
        var read = await app.Run<CustomerService, CustomerDto?>(s => s.Get(created.Id));

        Assert.NotNull(read);
        Assert.Equal("Ana María Núñez Ibáñez", read.DisplayName);
        Assert.Equal(Lifecycle.Active, read.Lifecycle);
        Assert.Equal("12345678Z", read.TaxId);
        Assert.Equal(["+34600123456", "+34915551234"], read.Phones.Select(p => p.E164));
        Assert.True(read.Phones[0].IsPrimary);
        Assert.Equal("ES", read.Addresses.Single().Country);
        Assert.Equal(["newsletter", "vip"], read.Tags);
        Assert.Equal("oro", read.Attributes["segment"]);
        Assert.Equal(ConsentStatus.Granted, read.Consents.Single().Status);
        Assert.Equal(Temperament.ChronicComplainer, read.Temperament);
        Assert.Equal(1, read.Version);
        Assert.Equal(DateTimeKind.Utc, read.CreatedAt.Kind);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Search_finds_by_name_without_accents_by_prefix_in_any_order_and_by_email_phone_id_and_tax_id(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings);
        var ana = await app.Run<CustomerService, CustomerDto>(s => s.Create(Ana));
        await app.Run<CustomerService, CustomerDto>(s => s.Create(new CustomerInput { FirstName = "Anabel", LastName = "García" }));
        await app.Run<CustomerService, CustomerDto>(s => s.Create(new CustomerInput { Kind = "company", CompanyName = "Ferretería Núñez S.L." }));

        async Task<List<long>> Find(string q) =>
            (await app.Run<CustomerService, Page<CustomerSummary>>(s => s.Search(new CustomerQuery(q)))).Items.Select(i => i.Id).ToList();

        Assert.Equal([ana.Id], await Find("nunez ana"));
        Assert.Equal([ana.Id], await Find("IBÁÑ ana mar"));
        Assert.Equal(2, (await Find("nuñez")).Count);
        Assert.Equal(2, (await Find("ana")).Count);
        Assert.Equal([ana.Id], await Find("ana.nunez@example.com"));
        Assert.Equal([ana.Id], await Find("+34 600-123-456"));
        Assert.Equal([ana.Id], await Find("0034 600123456"));
        Assert.Equal([ana.Id], await Find("(91) 555 12 34"));
        Assert.Equal([ana.Id], await Find("12345678-z"));
        Assert.Contains(ana.Id, await Find($"#{ana.Id}"));
        Assert.Empty(await Find("zzzz"));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Listing_pages_with_a_keyset_cursor_without_gaps_or_repeats(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings);
        for (var i = 0; i < 7; i++)
        {
            await app.Run<CustomerService, CustomerDto>(s => s.Create(new CustomerInput { FirstName = $"Cliente{i}", LastName = "Prueba" }));
        }

        var seen = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await app.Run<CustomerService, Page<CustomerSummary>>(s => s.Search(new CustomerQuery("prueba", Cursor: cursor, Limit: 3)));
            seen.AddRange(page.Items.Select(i => i.Id));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(7, seen.Distinct().Count());
        Assert.Equal(seen.Order(), seen);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_stale_version_is_refused_and_nothing_is_written(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings);
        var ana = await app.Run<CustomerService, CustomerDto>(s => s.Create(Ana));

        var updated = await app.Run<CustomerService, CustomerDto?>(s => s.Update(ana.Id, Ana with { LastName = "Pérez" }, expectedVersion: 1));
        Assert.Equal(2, updated!.Version);
        Assert.Contains("perez", (await app.Run<CustomerService, Page<CustomerSummary>>(s => s.Search(new CustomerQuery("perez")))).Items.Select(i => i.DisplayName.ToLowerInvariant().Replace('é', 'e')).First());

        await Assert.ThrowsAsync<PreconditionFailedException>(() =>
            app.Run<CustomerService, CustomerDto?>(s => s.Update(ana.Id, Ana with { LastName = "Gómez" }, expectedVersion: 1)));
        var read = await app.Run<CustomerService, CustomerDto?>(s => s.Get(ana.Id));
        Assert.Equal("Pérez", read!.LastName);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Invalid_input_names_each_field_and_writes_nothing(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings);
        var bad = new CustomerInput
        {
            Kind = "robot",
            FirstName = "X",
            TaxId = "12345678A",
            TaxIdCountry = "ES",
            Emails = [new EmailInput("not-an-email")],
            Phones = [new PhoneInput("12")],
            Consents = [new ConsentInput("carrier pigeon", "granted")],
        };

        var ex = await Assert.ThrowsAsync<ValidationException>(() => app.Run<CustomerService, CustomerDto>(s => s.Create(bad)));
        Assert.Contains("kind", ex.Errors.Keys);
        Assert.Contains("taxId", ex.Errors.Keys);
        Assert.Contains("emails[0].address", ex.Errors.Keys);
        Assert.Contains("phones[0].number", ex.Errors.Keys);
        Assert.Contains("consents[0].purpose", ex.Errors.Keys);
        Assert.Empty((await app.Run<CustomerService, Page<CustomerSummary>>(s => s.Search(new CustomerQuery()))).Items);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Consent_changes_are_kept_as_history_and_the_latest_is_current(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));
        await using var app = new TestServices(db.Settings, clock);
        var ana = await app.Run<CustomerService, CustomerDto>(s => s.Create(Ana));
        clock.Advance(TimeSpan.FromDays(3));
        var changed = await app.Run<CustomerService, CustomerDto?>(s => s.Update(ana.Id,
            Ana with { Consents = [new ConsentInput("marketingEmail", "withdrawn", "phone call"), new ConsentInput("sms", "granted", "phone call")] }, null));

        var email = changed!.Consents.Single(c => c.Purpose == ConsentPurpose.MarketingEmail);
        Assert.Equal(ConsentStatus.Withdrawn, email.Status);
        Assert.Equal(2, email.Changes);
        Assert.Equal(new DateTime(2026, 3, 4, 10, 0, 0, DateTimeKind.Utc), email.At);
        Assert.Equal(ConsentStatus.Granted, changed.Consents.Single(c => c.Purpose == ConsentPurpose.Sms).Status);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Companies_have_contact_persons_that_are_searchable(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings);
        var company = await app.Run<CustomerService, CustomerDto>(s => s.Create(new CustomerInput { Kind = "company", CompanyName = "Textiles Lumen S.A." }));
        var contact = await app.Run<CustomerService, ContactDto?>(s => s.AddContact(company.Id, new ContactInput("Beatriz", "Olmedo", "Compras", "beatriz@lumen.es", "612 345 678", true)));
        Assert.NotNull(contact);

        var found = await app.Run<CustomerService, Page<CustomerSummary>>(s => s.Search(new CustomerQuery("olmedo")));
        Assert.Equal(company.Id, found.Items.Single().Id);

        var view = await app.Run<CustomerService, Customer360?>(s => s.Get360(company.Id, "es"));
        Assert.Equal("Compras", view!.Contacts.Single().Role);
        Assert.Equal(2, view.Customer.Version);

        await Assert.ThrowsAsync<ValidationException>(() => app.Run<CustomerService, ContactDto?>(s => s.AddContact(company.Id, new ContactInput("", Email: "nope"))));
        Assert.Null(await app.Run<CustomerService, ContactDto?>(s => s.AddContact(999_999, new ContactInput("Luis"))));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Delete_removes_the_customer_with_its_timeline(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings);
        var ana = await app.Run<CustomerService, CustomerDto>(s => s.Create(Ana));
        await app.Run<InteractionService, InteractionDto?>(s => s.Log(ana.Id, new InteractionInput("phone", "inbound", "Consulta de factura"), null));

        await Assert.ThrowsAsync<PreconditionFailedException>(() => app.Run<CustomerService, bool>(s => s.Delete(ana.Id, expectedVersion: 5)));
        Assert.True(await app.Run<CustomerService, bool>(s => s.Delete(ana.Id, expectedVersion: 1)));
        Assert.False(await app.Run<CustomerService, bool>(s => s.Delete(ana.Id, null)));
        Assert.Null(await app.Run<CustomerService, CustomerDto?>(s => s.Get(ana.Id)));
        var hits = await app.Run<InteractionService, Page<InteractionHit>>(s => s.Search(new InteractionSearchQuery("factura")));
        Assert.Empty(hits.Items);
    }
}
