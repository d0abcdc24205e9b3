using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Commerce.Catalog;
using Vinculo.Core.Commerce.Orders;
using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Commerce.Catalog;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Interactions;

namespace Vinculo.Core.Tests.Commerce.Orders;

public sealed class OrderServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 20, 12, 0, 0, TimeSpan.Zero);

    private sealed record World(TestServices App, long CustomerId, ProductDto Fibre, ProductDto Router, ProductDto Dollars);

    private static async Task<World> Setup(TestDatabase db)
    {
        var app = new TestServices(db.Settings, new ManualClock(Now));
        var customer = await app.Run<CustomerService, CustomerDto>(s => s.Create(new CustomerInput { FirstName = "Marta", LastName = "Ruiz" }));
        var fibre = await app.Run<ProductService, ProductDto>(s => s.Create(ProductServiceTests.Fibre()));
        var router = await app.Run<ProductService, ProductDto>(s => s.Create(new ProductInput
        {
            Sku = "RT-1", NameEs = "Router wifi 6", NameEn = "Wi-Fi 6 router", ListPrice = 89.99m,
        }));
        var dollars = await app.Run<ProductService, ProductDto>(s => s.Create(new ProductInput
        {
            Sku = "US-1", NameEs = "Cable", NameEn = "Cable", ListPrice = 5m, Currency = "USD",
        }));
        return new World(app, customer.Id, fibre, router, dollars);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Create_computes_total_and_line_count_defaults_prices_and_numbers_the_order(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        var w = await Setup(db);
        await using var app = w.App;

        var order = await app.Run<OrderService, OrderDetail>(s => s.Create(new OrderInput
        {
            CustomerId = w.CustomerId,
            Channel = "phone",
            Lines = [new OrderLineInput(w.Router.Id, 2, Discount: 9.98m), new OrderLineInput(w.Fibre.Id, 1, 30.1234m, Description: "Primer mes")],
        }));

        var o = order.Order;
        Assert.Equal($"2026-{o.Id:D6}", o.Number);
        Assert.Equal(OrderStatus.Placed, o.Status);
        Assert.Equal(Channel.Phone, o.Channel);
        Assert.Equal("EUR", o.Currency);
        Assert.Equal(2 * 89.99m - 9.98m + 30.1234m, o.Total);
        Assert.Equal(2, o.LineCount);
        Assert.Equal("Marta Ruiz", o.CustomerName);
        Assert.Equal(Now.UtcDateTime, o.OrderedAt);
        Assert.Equal([1, 2], order.Lines.Select(l => l.LineNo));
        Assert.Equal(89.99m, order.Lines[0].UnitPrice);
        Assert.Equal(170m, order.Lines[0].Net);
        Assert.Equal("Primer mes", order.Lines[1].Description);
        Assert.Equal("RT-1", order.Lines[0].Product.Sku);
        Assert.Equal([OrderStatus.Paid, OrderStatus.Cancelled], order.NextStatuses);

        // The sum in SQL agrees with the computed total, on both databases.
        await using var scope = app.Scope();
        var store = scope.ServiceProvider.GetRequiredService<VinculoDb>();
        Assert.Equal(o.Total, await store.Orders.Where(x => x.Id == o.Id).SumAsync(x => x.Total));
        Assert.Equal(w.CustomerId, (await store.OrderLines.FirstAsync(l => l.OrderId == o.Id)).CustomerId);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_given_number_is_unique_and_bad_lines_are_named(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        var w = await Setup(db);
        await using var app = w.App;
        OrderInput Input(string? number, params OrderLineInput[] lines) => new() { CustomerId = w.CustomerId, Channel = "web", Number = number, Lines = [.. lines] };

        await app.Run<OrderService, OrderDetail>(s => s.Create(Input("W-100", new OrderLineInput(w.Router.Id, 1))));
        var taken = await Assert.ThrowsAsync<ConflictException>(() => app.Run<OrderService, OrderDetail>(s => s.Create(Input("W-100", new OrderLineInput(w.Router.Id, 1)))));
        Assert.Contains("W-100", taken.Message, StringComparison.Ordinal);
        // The same number from another source is another order.
        await app.Run<OrderService, OrderDetail>(s => s.Create(Input("W-100", new OrderLineInput(w.Router.Id, 1)) with { Source = "shop" }));

        var mixed = await Assert.ThrowsAsync<ValidationException>(() => app.Run<OrderService, OrderDetail>(s => s.Create(Input(null,
            new OrderLineInput(w.Router.Id, 1), new OrderLineInput(w.Dollars.Id, 1)))));
        Assert.Contains("EUR, USD", mixed.Errors["lines"].Single(), StringComparison.Ordinal);

        var bad = await Assert.ThrowsAsync<ValidationException>(() => app.Run<OrderService, OrderDetail>(s => s.Create(new OrderInput
        {
            CustomerId = 999_999,
            Channel = "fax",
            OrderedAt = Now.UtcDateTime.AddDays(1),
            Lines = [new OrderLineInput(w.Router.Id, 0), new OrderLineInput(w.Router.Id, 2, 10m, 20.0001m), new OrderLineInput(null, 1), new OrderLineInput(424_242, 1, -1m)],
        })));
        Assert.Equal(
            ["channel", "customerId", "lines[0].quantity", "lines[1].discount", "lines[2].productId", "lines[3].productId", "lines[3].unitPrice", "orderedAt"],
            bad.Errors.Keys.Order(StringComparer.Ordinal));
        var none = await Assert.ThrowsAsync<ValidationException>(() => app.Run<OrderService, OrderDetail>(s => s.Create(Input(null))));
        Assert.Equal(["lines"], none.Errors.Keys);
        // A discount equal to the gross amount is a free line.
        Assert.Equal(0m, (await app.Run<OrderService, OrderDetail>(s => s.Create(Input(null, new OrderLineInput(w.Router.Id, 2, 10m, 20m))))).Order.Total);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Status_moves_follow_the_workflow_and_name_the_allowed_ones(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        var w = await Setup(db);
        await using var app = w.App;
        var order = await app.Run<OrderService, OrderDetail>(s => s.Create(new OrderInput
        {
            CustomerId = w.CustomerId, Channel = "web", Lines = [new OrderLineInput(w.Router.Id, 1)],
        }));
        var id = order.Order.Id;

        var paid = await app.Run<OrderService, OrderDetail?>(s => s.ChangeStatus(id, new OrderStatusInput("paid"), 1));
        Assert.Equal(OrderStatus.Paid, paid!.Order.Status);
        Assert.Equal(2, paid.Order.Version);
        Assert.Equal([OrderStatus.Shipped, OrderStatus.Cancelled], paid.NextStatuses);

        var wrong = await Assert.ThrowsAsync<OrderStatusConflictException>(() => app.Run<OrderService, OrderDetail?>(s => s.ChangeStatus(id, new OrderStatusInput("delivered"), null)));
        Assert.Equal([OrderStatus.Shipped, OrderStatus.Cancelled], wrong.Allowed);
        Assert.Contains("shipped, cancelled", wrong.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<PreconditionFailedException>(() => app.Run<OrderService, OrderDetail?>(s => s.ChangeStatus(id, new OrderStatusInput("shipped"), 1)));
        await Assert.ThrowsAsync<ValidationException>(() => app.Run<OrderService, OrderDetail?>(s => s.ChangeStatus(id, new OrderStatusInput("lost"), null)));
        Assert.Null(await app.Run<OrderService, OrderDetail?>(s => s.ChangeStatus(987_654, new OrderStatusInput("paid"), null)));

        await app.Run<OrderService, OrderDetail?>(s => s.ChangeStatus(id, new OrderStatusInput("shipped"), 2));
        var delivered = await app.Run<OrderService, OrderDetail?>(s => s.ChangeStatus(id, new OrderStatusInput("delivered"), null));
        Assert.Empty(delivered!.NextStatuses);
        var final = await Assert.ThrowsAsync<OrderStatusConflictException>(() => app.Run<OrderService, OrderDetail?>(s => s.ChangeStatus(id, new OrderStatusInput("cancelled"), null)));
        Assert.Empty(final.Allowed);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Lists_filter_and_page_newest_first(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        var w = await Setup(db);
        await using var app = w.App;
        var other = await app.Run<CustomerService, CustomerDto>(s => s.Create(new CustomerInput { FirstName = "Luis" }));
        var ids = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            var at = Now.UtcDateTime.AddDays(-i);
            var input = new OrderInput
            {
                CustomerId = w.CustomerId, Channel = i % 2 == 0 ? "web" : "phone", OrderedAt = at, Lines = [new OrderLineInput(w.Router.Id, 1)],
            };
            ids.Add((await app.Run<OrderService, OrderDetail>(s => s.Create(input))).Order.Id);
        }

        // Same instant as the newest: the id breaks the tie.
        var tie = (await app.Run<OrderService, OrderDetail>(s => s.Create(new OrderInput
        {
            CustomerId = other.Id, Channel = "chat", OrderedAt = Now.UtcDateTime, Lines = [new OrderLineInput(w.Fibre.Id, 1)],
        }))).Order.Id;
        await app.Run<OrderService, OrderDetail?>(s => s.ChangeStatus(ids[2], new OrderStatusInput("paid"), null));

        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var page = await app.Run<OrderService, Page<OrderDto>>(s => s.List(new OrderQuery(Cursor: cursor, Limit: 3)));
            seen.AddRange(page.Items.Select(o => o.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal([tie, .. ids], seen);

        async Task<List<long>> Ids(OrderQuery q) => (await app.Run<OrderService, Page<OrderDto>>(s => s.List(q))).Items.Select(o => o.Id).ToList();
        Assert.Equal(ids, await Ids(new OrderQuery(CustomerId: w.CustomerId)));
        Assert.Equal([ids[2]], await Ids(new OrderQuery(Status: "paid")));
        Assert.Equal([ids[1], ids[3], ids[5]], await Ids(new OrderQuery(Channel: "phone")));
        Assert.Equal([ids[2], ids[3]], await Ids(new OrderQuery(From: Now.UtcDateTime.AddDays(-3), To: Now.UtcDateTime.AddDays(-1))));
        var bad = await Assert.ThrowsAsync<ValidationException>(() => app.Run<OrderService, Page<OrderDto>>(s => s.List(new OrderQuery(
            Status: "lost", Channel: "fax", From: Now.UtcDateTime, To: Now.UtcDateTime.AddDays(-1)))));
        Assert.Equal(["channel", "status", "to"], bad.Errors.Keys.Order(StringComparer.Ordinal));
    }
}
