using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Commerce.Catalog;
using Vinculo.Core.Commerce.Contracts;
using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Core.Interactions;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Commerce.Catalog;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Interactions;

namespace Vinculo.Core.Tests.Commerce.Contracts;

public sealed class ContractServiceTests
{
    private static readonly Actor Laura = new("agent-1", "Laura Gómez");
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    private sealed record World(TestServices App, ManualClock Clock, long CustomerId, ProductDto Fibre, ProductDto Mobile);

    private static async Task<World> Setup(TestDatabase db)
    {
        var clock = new ManualClock(Start);
        var app = new TestServices(db.Settings, clock);
        var customer = await app.Run<CustomerService, CustomerDto>(s => s.Create(new CustomerInput { FirstName = "Ana", LastName = "Núñez", PreferredLanguage = "es" }));
        var fibre = await app.Run<ProductService, ProductDto>(s => s.Create(ProductServiceTests.Fibre()));
        var mobile = await app.Run<ProductService, ProductDto>(s => s.Create(new ProductInput
        {
            Sku = "MOV-10", NameEs = "Móvil 10 GB", NameEn = "Mobile 10 GB", ListPrice = 12m, Currency = "EUR",
        }));
        return new World(app, clock, customer.Id, fibre, mobile);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Sign_up_defaults_to_the_list_price_keeps_the_history_and_logs_on_the_timeline(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        var w = await Setup(db);
        await using var app = w.App;

        var signed = await app.Run<ContractService, ContractDetail>(s => s.SignUp(new ContractInput
        {
            CustomerId = w.CustomerId, ProductId = w.Fibre.Id, BillingPeriod = "quarterly", Channel = "inPerson",
        }, Laura));

        var c = signed.Contract;
        Assert.Equal(ContractStatus.Active, c.Status);
        Assert.Equal(35.9m, c.Price);
        Assert.Equal("EUR", c.Currency);
        Assert.Equal(BillingPeriod.Quarterly, c.BillingPeriod);
        Assert.Equal(Start.UtcDateTime, c.StartedAt);
        Assert.Equal("Ana Núñez", c.CustomerName);
        Assert.Equal("FIB-600", c.Product.Sku);
        var change = Assert.Single(signed.Changes);
        Assert.Equal(ContractChangeKind.SignUp, change.Kind);
        Assert.Equal(35.9m, change.Price);
        Assert.Null(change.PreviousPrice);
        Assert.Equal("Laura Gómez", change.AgentName);

        var timeline = await app.Run<InteractionService, Page<InteractionDto>?>(s => s.Timeline(w.CustomerId, new TimelineQuery()));
        var logged = Assert.Single(timeline!.Items);
        Assert.Equal("Alta de contrato: Fibra óptica 600 Mb (FIB-600)", logged.Subject);
        Assert.Equal(JourneyMoment.Purchase, logged.Moment);
        Assert.Equal(Channel.InPerson, logged.Channel);
        Assert.Equal("Laura Gómez", logged.AgentName);
        Assert.Contains("35,90 EUR al trimestre", logged.Body, StringComparison.Ordinal);

        // Without an agent (an import, the demo data) nothing is logged.
        await app.Run<ContractService, ContractDetail>(s => s.SignUp(new ContractInput { CustomerId = w.CustomerId, ProductId = w.Mobile.Id, Price = 9.5m }, null));
        Assert.Single((await app.Run<InteractionService, Page<InteractionDto>?>(s => s.Timeline(w.CustomerId, new TimelineQuery())))!.Items);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Sign_up_refuses_unknown_customers_and_inactive_products(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        var w = await Setup(db);
        await using var app = w.App;
        await app.Run<ProductService, ProductDto?>(s => s.Update(w.Mobile.Id, new ProductInput
        {
            Sku = "MOV-10", NameEs = "Móvil 10 GB", NameEn = "Mobile 10 GB", ListPrice = 12m, Active = false,
        }, null));

        var bad = await Assert.ThrowsAsync<ValidationException>(() => app.Run<ContractService, ContractDetail>(s => s.SignUp(new ContractInput
        {
            CustomerId = 999_999, ProductId = w.Mobile.Id, Price = -1, BillingPeriod = "weekly", StartedAt = Start.UtcDateTime.AddYears(2),
        }, Laura)));
        Assert.Equal(["billingPeriod", "customerId", "price", "productId", "startedAt"], bad.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("The product is not active: it can no longer be contracted.", bad.Errors["productId"].Single());

        var missing = await Assert.ThrowsAsync<ValidationException>(() => app.Run<ContractService, ContractDetail>(s => s.SignUp(new ContractInput(), Laura)));
        Assert.Equal(["customerId", "productId"], missing.Errors.Keys.Order(StringComparer.Ordinal));

        await using var scope = app.Scope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<VinculoDb>().Contracts.CountAsync());
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_modification_records_the_previous_product_and_price(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        var w = await Setup(db);
        await using var app = w.App;
        var signed = await app.Run<ContractService, ContractDetail>(s => s.SignUp(new ContractInput { CustomerId = w.CustomerId, ProductId = w.Fibre.Id }, Laura));
        w.Clock.Advance(TimeSpan.FromDays(30));

        // A new product without a price takes its list price.
        var moved = await app.Run<ContractService, ContractDetail?>(s => s.Modify(signed.Contract.Id,
            new ContractModificationInput { ProductId = w.Mobile.Id, Reason = "Se muda y quiere solo móvil" }, signed.Contract.Version, Laura));
        Assert.Equal(w.Mobile.Id, moved!.Contract.Product.Id);
        Assert.Equal(12m, moved.Contract.Price);
        Assert.Equal(2, moved.Contract.Version);
        var change = moved.Changes[^1];
        Assert.Equal(ContractChangeKind.Modification, change.Kind);
        Assert.Equal(w.Fibre.Id, change.PreviousProduct!.Id);
        Assert.Equal(35.9m, change.PreviousPrice);
        Assert.Equal(12m, change.Price);
        Assert.Equal("Se muda y quiere solo móvil", change.Reason);
        Assert.Equal(Start.UtcDateTime.AddDays(30), change.At);

        // A price change alone.
        var cheaper = await app.Run<ContractService, ContractDetail?>(s => s.Modify(signed.Contract.Id,
            new ContractModificationInput { Price = 10.5m }, 2, Laura));
        Assert.Equal(10.5m, cheaper!.Contract.Price);
        Assert.Equal([ContractChangeKind.SignUp, ContractChangeKind.Modification, ContractChangeKind.Modification], cheaper.Changes.Select(x => x.Kind));
        Assert.Equal(12m, cheaper.Changes[^1].PreviousPrice);

        // Nothing changes → 400; a stale version → 412; before the start → 400.
        var same = await Assert.ThrowsAsync<ValidationException>(() => app.Run<ContractService, ContractDetail?>(s => s.Modify(signed.Contract.Id,
            new ContractModificationInput { Price = 10.5m }, null, Laura)));
        Assert.True(same.Errors.ContainsKey("price"));
        await Assert.ThrowsAsync<PreconditionFailedException>(() => app.Run<ContractService, ContractDetail?>(s => s.Modify(signed.Contract.Id,
            new ContractModificationInput { Price = 11m }, 1, Laura)));
        var early = await Assert.ThrowsAsync<ValidationException>(() => app.Run<ContractService, ContractDetail?>(s => s.Modify(signed.Contract.Id,
            new ContractModificationInput { Price = 11m, EffectiveAt = Start.UtcDateTime.AddDays(-1) }, null, Laura)));
        Assert.True(early.Errors.ContainsKey("effectiveAt"));
        Assert.Null(await app.Run<ContractService, ContractDetail?>(s => s.Modify(987_654, new ContractModificationInput { Price = 1 }, null, Laura)));

        var timeline = await app.Run<InteractionService, Page<InteractionDto>?>(s => s.Timeline(w.CustomerId, new TimelineQuery()));
        Assert.Equal(3, timeline!.Items.Count);
        Assert.Contains(timeline.Items, i => i.Subject == "Modificación de contrato: Móvil 10 GB (MOV-10)" && i.Moment == JourneyMoment.PostPurchase
            && i.Body!.Contains("Fibra óptica 600 Mb (FIB-600) → Móvil 10 GB (MOV-10)", StringComparison.Ordinal));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Cancellation_needs_a_reason_and_only_an_active_contract_can_change(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        var w = await Setup(db);
        await using var app = w.App;
        var signed = await app.Run<ContractService, ContractDetail>(s => s.SignUp(new ContractInput { CustomerId = w.CustomerId, ProductId = w.Fibre.Id }, Laura));
        var id = signed.Contract.Id;

        var noReason = await Assert.ThrowsAsync<ValidationException>(() => app.Run<ContractService, ContractDetail?>(s => s.Cancel(id, new ContractCancellationInput(), null, Laura)));
        Assert.Equal(["reason"], noReason.Errors.Keys);

        var effective = Start.UtcDateTime.AddDays(15);
        var cancelled = await app.Run<ContractService, ContractDetail?>(s => s.Cancel(id,
            new ContractCancellationInput { Reason = "Precio", EffectiveAt = effective }, 1, Laura));
        Assert.Equal(ContractStatus.Cancelled, cancelled!.Contract.Status);
        Assert.Equal(effective, cancelled.Contract.CancelledAt);
        Assert.Equal("Precio", cancelled.Contract.CancelReason);
        var last = cancelled.Changes[^1];
        Assert.Equal(ContractChangeKind.Cancellation, last.Kind);
        Assert.Equal(effective, last.At);
        Assert.Equal("Laura Gómez", last.AgentName);

        await Assert.ThrowsAsync<ConflictException>(() => app.Run<ContractService, ContractDetail?>(s => s.Cancel(id, new ContractCancellationInput { Reason = "otra vez" }, null, Laura)));
        await Assert.ThrowsAsync<ConflictException>(() => app.Run<ContractService, ContractDetail?>(s => s.Modify(id, new ContractModificationInput { Price = 1 }, null, Laura)));

        var timeline = await app.Run<InteractionService, Page<InteractionDto>?>(s => s.Timeline(w.CustomerId, new TimelineQuery()));
        Assert.Contains(timeline!.Items, i => i.Subject == "Baja de contrato: Fibra óptica 600 Mb (FIB-600)" && i.Body!.Contains("Motivo: Precio", StringComparison.Ordinal));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Lists_filter_by_customer_status_and_product_and_page_newest_first(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        var w = await Setup(db);
        await using var app = w.App;
        var other = await app.Run<CustomerService, CustomerDto>(s => s.Create(new CustomerInput { FirstName = "Luis" }));
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var started = Start.UtcDateTime.AddDays(-i);
            ids.Add((await app.Run<ContractService, ContractDetail>(s => s.SignUp(new ContractInput
            {
                CustomerId = w.CustomerId, ProductId = i % 2 == 0 ? w.Fibre.Id : w.Mobile.Id, StartedAt = started,
            }, null))).Contract.Id);
        }

        await app.Run<ContractService, ContractDetail>(s => s.SignUp(new ContractInput { CustomerId = other.Id, ProductId = w.Fibre.Id }, null));
        await app.Run<ContractService, ContractDetail?>(s => s.Cancel(ids[1], new ContractCancellationInput { Reason = "x" }, null, null));

        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var page = await app.Run<ContractService, Page<ContractDto>>(s => s.List(new ContractQuery(CustomerId: w.CustomerId, Cursor: cursor, Limit: 2)));
            seen.AddRange(page.Items.Select(c => c.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(ids, seen);
        Assert.Equal([ids[1]], (await app.Run<ContractService, Page<ContractDto>>(s => s.List(new ContractQuery(w.CustomerId, "cancelled")))).Items.Select(c => c.Id));
        Assert.Equal(3, (await app.Run<ContractService, Page<ContractDto>>(s => s.List(new ContractQuery(w.CustomerId, ProductId: w.Fibre.Id)))).Items.Count);
        Assert.Equal(4, (await app.Run<ContractService, Page<ContractDto>>(s => s.List(new ContractQuery(ProductId: w.Fibre.Id)))).Items.Count);
        var bad = await Assert.ThrowsAsync<ValidationException>(() => app.Run<ContractService, Page<ContractDto>>(s => s.List(new ContractQuery(Status: "paused", Cursor: Cursor.Encode("x")))));
        Assert.Equal(["cursor", "status"], bad.Errors.Keys.Order(StringComparer.Ordinal));
    }
}
