using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Core.Interactions;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Interactions;

namespace Vinculo.Core.Tests.Interactions;

public sealed class InteractionServiceTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 10, 9, 0, 0, TimeSpan.Zero);

    [Theory, SqliteData, PostgresData]
    public async Task The_360_shows_the_last_50_newest_first_with_counts_per_channel(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        var clock = new ManualClock(Start);
        await using var app = new TestServices(db.Settings, clock);
        var customer = await app.Run<CustomerService, CustomerDto>(s => s.Create(new CustomerInput { FirstName = "Lucía", LastName = "Ramos", Temperament = "aggressive" }));

        var channels = new[] { "phone", "email", "chat" };
        for (var i = 0; i < 60; i++)
        {
            var at = Start.UtcDateTime.AddHours(-i);
            await app.Run<InteractionService, InteractionDto?>(s => s.Log(customer.Id,
                new InteractionInput(channels[i % 3], "inbound", $"Contacto {i}", OccurredAt: at), new Actor("u1", "Agente Uno")));
        }

        var view = await app.Run<CustomerService, Customer360?>(s => s.Get360(customer.Id, "es"));
        Assert.NotNull(view);
        Assert.Equal(50, view.Interactions.Latest.Count);
        Assert.Equal("Contacto 0", view.Interactions.Latest[0].Subject);
        Assert.Equal("Contacto 49", view.Interactions.Latest[^1].Subject);
        Assert.True(view.Interactions.Latest.Zip(view.Interactions.Latest.Skip(1)).All(p => p.First.OccurredAt > p.Second.OccurredAt));
        Assert.Equal(60, view.Interactions.Total);
        Assert.Equal(20, view.Interactions.CountsByChannel["phone"]);
        Assert.Equal(20, view.Interactions.CountsByChannel["chat"]);
        Assert.Equal("Agente Uno", view.Interactions.Latest[0].AgentName);
        Assert.Equal("Agresivo", view.Temperament!.Label);
        Assert.NotEmpty(view.Temperament.Guidance);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_timeline_filters_by_channel_and_moment_and_pages_without_repeats(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        var clock = new ManualClock(Start);
        await using var app = new TestServices(db.Settings, clock);
        var customer = await app.Run<CustomerService, CustomerDto>(s => s.Create(new CustomerInput { FirstName = "Pablo" }));
        for (var i = 0; i < 9; i++)
        {
            // Three share the same instant so the cursor must break ties by id.
            var at = Start.UtcDateTime.AddMinutes(-(i / 3));
            await app.Run<InteractionService, InteractionDto?>(s => s.Log(customer.Id,
                new InteractionInput(i % 2 == 0 ? "phone" : "email", "outbound", $"Item {i}", Moment: i < 4 ? "purchase" : "postPurchase", OccurredAt: at), null));
        }

        var all = new List<InteractionDto>();
        string? cursor = null;
        do
        {
            var page = await app.Run<InteractionService, Page<InteractionDto>?>(s => s.Timeline(customer.Id, new TimelineQuery(Cursor: cursor, Limit: 2)));
            all.AddRange(page!.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(9, all.Select(i => i.Id).Distinct().Count());

        var phones = await app.Run<InteractionService, Page<InteractionDto>?>(s => s.Timeline(customer.Id, new TimelineQuery(Channel: "phone")));
        Assert.Equal(5, phones!.Items.Count);
        Assert.All(phones.Items, i => Assert.Equal(Channel.Phone, i.Channel));

        var purchase = await app.Run<InteractionService, Page<InteractionDto>?>(s => s.Timeline(customer.Id, new TimelineQuery(Channel: "phone", Moment: "purchase")));
        Assert.Equal(2, purchase!.Items.Count);

        await Assert.ThrowsAsync<ValidationException>(() => app.Run<InteractionService, Page<InteractionDto>?>(s => s.Timeline(customer.Id, new TimelineQuery(Channel: "fax"))));
        Assert.Null(await app.Run<InteractionService, Page<InteractionDto>?>(s => s.Timeline(424242, new TimelineQuery())));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Full_text_search_folds_accents_skips_stop_words_and_stems_in_spanish_and_english(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Start));
        var es = await app.Run<CustomerService, CustomerDto>(s => s.Create(new CustomerInput { FirstName = "Carmen" }));
        var en = await app.Run<CustomerService, CustomerDto>(s => s.Create(new CustomerInput { FirstName = "John", PreferredLanguage = "en" }));

        await Log(app, es.Id, "Devolución de sábanas", "La clienta pidió instrucciones de lavado de las sábanas de franela.");
        await Log(app, es.Id, "Factura duplicada", "Se le cobraron dos facturas en marzo; se abre una reclamación.");
        await Log(app, en.Id, "Refund request", "The customer is asking for refunds of the duplicated invoices.");
        await Log(app, en.Id, "Washing instructions", "He wanted washing instructions for flannel sheets.");

        async Task<List<string>> Find(string q, long? customer = null) =>
            (await app.Run<InteractionService, Page<InteractionHit>>(s => s.Search(new InteractionSearchQuery(q, customer)))).Items.Select(h => h.Interaction.Subject).ToList();

        Assert.Equal(["Devolución de sábanas"], await Find("SABANA franela"));
        Assert.Equal(["Devolución de sábanas"], await Find("instrucción lavar sábanas"));
        Assert.Equal(["Factura duplicada"], await Find("facturas"));
        Assert.Equal(["Factura duplicada"], await Find("la factura"));
        Assert.Equal(["Refund request"], await Find("refund invoice"));
        Assert.Equal(["Washing instructions"], await Find("wash instruction", en.Id));
        Assert.Empty(await Find("wash instruction", es.Id));
        Assert.Empty(await Find("portabilidad"));

        var hit = (await app.Run<InteractionService, Page<InteractionHit>>(s => s.Search(new InteractionSearchQuery("sábanas")))).Items.First();
        Assert.Equal("Carmen", hit.CustomerName);
        await Assert.ThrowsAsync<ValidationException>(() => app.Run<InteractionService, Page<InteractionHit>>(s => s.Search(new InteractionSearchQuery(" "))));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Logging_rejects_bad_input_by_field_and_unknown_customers(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Start));
        var customer = await app.Run<CustomerService, CustomerDto>(s => s.Create(new CustomerInput { FirstName = "Eva" }));

        var ex = await Assert.ThrowsAsync<ValidationException>(() => app.Run<InteractionService, InteractionDto?>(s =>
            s.Log(customer.Id, new InteractionInput("pigeon", null, "", OccurredAt: Start.UtcDateTime.AddDays(2), DurationSeconds: -1), null)));
        Assert.Equal(["channel", "direction", "durationSeconds", "occurredAt", "subject"], ex.Errors.Keys.Order());
        Assert.Null(await app.Run<InteractionService, InteractionDto?>(s => s.Log(999_999, new InteractionInput("phone", "inbound", "Hola"), null)));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Timestamps_keep_microseconds_and_sort_correctly_across_years(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Start));
        var customer = await app.Run<CustomerService, CustomerDto>(s => s.Create(new CustomerInput { FirstName = "Iker" }));
        var times = new[]
        {
            new DateTime(1999, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(1234560),
            new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            new DateTime(2010, 6, 15, 12, 0, 0, DateTimeKind.Utc).AddTicks(10),
        };
        foreach (var t in times)
        {
            await app.Run<InteractionService, InteractionDto?>(s => s.Log(customer.Id, new InteractionInput("web", "inbound", t.ToString("O"), OccurredAt: t), null));
        }

        var page = await app.Run<InteractionService, Page<InteractionDto>?>(s => s.Timeline(customer.Id, new TimelineQuery()));
        Assert.Equal(times.OrderDescending(), page!.Items.Select(i => i.OccurredAt));
        Assert.All(page.Items, i => Assert.Equal(DateTimeKind.Utc, i.OccurredAt.Kind));
    }

    private static Task<InteractionDto?> Log(TestServices app, long customer, string subject, string body) =>
        app.Run<InteractionService, InteractionDto?>(s => s.Log(customer, new InteractionInput("email", "inbound", subject, body), null));
}
