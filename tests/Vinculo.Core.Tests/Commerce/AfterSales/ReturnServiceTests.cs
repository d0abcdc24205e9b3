using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Commerce.AfterSales;
using Vinculo.Core.Common;
using Vinculo.Core.Interactions;
using Vinculo.Core.Tests.Commerce.Billing;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Interactions;

namespace Vinculo.Core.Tests.Commerce.AfterSales;

public sealed class ReturnServiceTests
{
    private static readonly DateTimeOffset Start = new(2026, 4, 20, 9, 30, 0, TimeSpan.Zero);
    private static readonly Actor Agent = new("agent-1", "Laura Gómez");

    private static Task<ReturnDto> Open(TestServices app, long lineId, int quantity, string reason = "damaged", decimal? refund = null, Actor? agent = null) =>
        app.Run<ReturnService, ReturnDto>(s => s.Create(new ReturnInput
        {
            OrderLineId = lineId, Quantity = quantity, Reason = reason, RefundAmount = refund, Note = "Llegó con la caja rota",
        }, agent ?? Agent));

    private static Task<ReturnDto?> Move(TestServices app, long id, string status, long? version = null) =>
        app.Run<ReturnService, ReturnDto?>(s => s.Move(id, new StatusInput(status), version));

    [Theory, SqliteData, PostgresData]
    public async Task Returns_never_take_more_units_than_were_bought_and_refund_the_net_share(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Start));
        var seed = new CommerceSeed(db);
        var customer = await seed.Customer();
        var product = await seed.Product();
        // 3 × 10.00 with 1.00 off the line: each unit's net share is 9.6666… → 9.67 for one, 19.33 for two.
        var (orderId, lines, _) = await seed.Order(customer, Start.UtcDateTime.AddDays(-10), (product, 3, 10m, 1m));
        var line = lines[0];

        var first = await Open(app, line, 2);
        Assert.Equal(19.33m, first.RefundAmount);
        Assert.Equal(ReturnStatus.Requested, first.Status);
        Assert.Equal([ReturnStatus.Approved, ReturnStatus.Rejected], first.NextStatuses);
        Assert.Equal(customer, first.CustomerId);
        Assert.Equal(orderId, first.OrderId);
        Assert.Equal("Sábanas de franela", first.ProductName);
        Assert.Equal(2, await seed.With(d => d.OrderLines.Where(l => l.Id == line).Select(l => l.ReturnedQuantity).SingleAsync()));

        var tooMany = await Assert.ThrowsAsync<ValidationException>(() => Open(app, line, 2));
        Assert.Contains("Only 1 of the line's 3 units", tooMany.Errors["quantity"][0]);
        var overRefund = await Assert.ThrowsAsync<ValidationException>(() => Open(app, line, 1, refund: 9.68m));
        Assert.Contains("9.67 EUR", overRefund.Errors["refundAmount"][0]);

        var goodwill = await Open(app, line, 1, "changedMind", refund: 5m);
        Assert.Equal(5m, goodwill.RefundAmount);
        var none = await Assert.ThrowsAsync<ValidationException>(() => Open(app, line, 1));
        Assert.Contains("already returned", none.Errors["quantity"][0]);

        var bad = await Assert.ThrowsAsync<ValidationException>(() => app.Run<ReturnService, ReturnDto>(s => s.Create(new ReturnInput
        {
            OrderLineId = 987654, Quantity = 0, Reason = "bored", RefundAmount = -1m, Channel = "fax",
        }, Agent)));
        Assert.Equal(["channel", "orderLineId", "quantity", "reason", "refundAmount"], bad.Errors.Keys.Order());

        // Each return an agent opens is on the customer's timeline, post-purchase.
        var timeline = await seed.With(d => d.Interactions.Where(i => i.CustomerId == customer).OrderBy(i => i.Id).ToListAsync());
        Assert.Equal(2, timeline.Count);
        Assert.All(timeline, i => Assert.Equal(JourneyMoment.PostPurchase, i.Moment));
        Assert.StartsWith("Devolución solicitada: 2 × Sábanas de franela", timeline[0].Subject);
        Assert.Contains("dañado", timeline[0].Body);
        Assert.Equal("Laura Gómez", timeline[0].AgentName);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_workflow_allows_only_its_moves_and_a_rejection_gives_the_units_back(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        var clock = new ManualClock(Start);
        await using var app = new TestServices(db.Settings, clock);
        var seed = new CommerceSeed(db);
        var customer = await seed.Customer();
        var product = await seed.Product();
        var (_, lines, _) = await seed.Order(customer, Start.UtcDateTime.AddDays(-3), (product, 4, 25m, 0m));
        var line = lines[0];
        var kept = await Open(app, line, 1);
        var sent = await Open(app, line, 2);

        var skip = await Assert.ThrowsAsync<ConflictException>(() => Move(app, kept.Id, "refunded"));
        Assert.Contains("approved, rejected", skip.Message);
        await Assert.ThrowsAsync<PreconditionFailedException>(() => Move(app, kept.Id, "approved", version: 9));

        clock.Advance(TimeSpan.FromDays(1));
        var approved = await Move(app, kept.Id, "approved", version: 1);
        Assert.Equal(2, approved!.Version);
        Assert.Null(approved.ResolvedAt);
        var received = await Move(app, kept.Id, "received");
        Assert.Equal([ReturnStatus.Refunded], received!.NextStatuses);
        var refunded = await Move(app, kept.Id, "refunded");
        Assert.Equal(ReturnStatus.Refunded, refunded!.Status);
        Assert.Equal(clock.Now.UtcDateTime, refunded.ResolvedAt);
        Assert.Empty(refunded.NextStatuses);
        var final = await Assert.ThrowsAsync<ConflictException>(() => Move(app, kept.Id, "rejected"));
        Assert.Contains("final", final.Message);

        // Rejecting gives the two units back, so they can be returned again.
        Assert.Equal(3, await seed.With(d => d.OrderLines.Where(l => l.Id == line).Select(l => l.ReturnedQuantity).SingleAsync()));
        var rejected = await Move(app, sent.Id, "rejected");
        Assert.NotNull(rejected!.ResolvedAt);
        Assert.Equal(1, await seed.With(d => d.OrderLines.Where(l => l.Id == line).Select(l => l.ReturnedQuantity).SingleAsync()));
        await Open(app, line, 3);

        await Assert.ThrowsAsync<ValidationException>(() => Move(app, sent.Id, "lost"));
        Assert.Null(await Move(app, 987654, "approved"));

        var list = await app.Run<ReturnService, Page<ReturnDto>>(s => s.List(new ReturnQuery(customer, Limit: 2)));
        Assert.Equal(2, list.Items.Count);
        Assert.NotNull(list.NextCursor);
        var rest = await app.Run<ReturnService, Page<ReturnDto>>(s => s.List(new ReturnQuery(customer, Cursor: list.NextCursor, Limit: 2)));
        Assert.Single(rest.Items);
        Assert.Null(rest.NextCursor);
        var onlyRejected = await app.Run<ReturnService, Page<ReturnDto>>(s => s.List(new ReturnQuery(Status: "rejected")));
        Assert.Equal(sent.Id, Assert.Single(onlyRejected.Items).Id);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Guest_lines_can_be_returned_and_purchased_lines_show_what_is_left(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Start));
        var seed = new CommerceSeed(db);
        var customer = await seed.Customer("John Smith", "en");
        var sheets = await seed.Product();
        var lamp = await seed.Product("Lámpara", "Lamp", 12m, warrantyMonths: 0);
        var (_, guestLines, _) = await seed.Order(null, Start.UtcDateTime.AddDays(-1), (sheets, 1, 30m, 0m));
        var guest = await Open(app, guestLines[0], 1);
        Assert.Null(guest.CustomerId);
        Assert.Equal(0, await seed.With(d => d.Interactions.CountAsync()));

        await seed.Order(customer, Start.UtcDateTime.AddYears(-4), (sheets, 1, 30m, 0m));
        var (recentOrder, recentLines, _) = await seed.Order(customer, Start.UtcDateTime.AddDays(-2), (sheets, 2, 30m, 0m), (lamp, 1, 12m, 0m));
        await Open(app, recentLines[0], 1);
        var subject = await seed.With(d => d.Interactions.Where(i => i.CustomerId == customer).Select(i => i.Subject).SingleAsync());
        Assert.StartsWith("Return requested: 1 × Flannel sheets", subject);

        var page = await app.Run<ReturnService, Page<PurchasedLine>?>(s => s.PurchasedLines(customer, null, 1, "en"));
        Assert.Equal(2, page!.Items.Count);
        Assert.All(page.Items, l => Assert.Equal(recentOrder, l.OrderId));
        Assert.Equal(1, page.Items[0].Returnable);
        Assert.True(page.Items[0].UnderWarranty);
        Assert.Equal("Lamp", page.Items[1].ProductName);
        Assert.False(page.Items[1].UnderWarranty);
        Assert.Null(page.Items[1].WarrantyExpiresAt);
        var older = await app.Run<ReturnService, Page<PurchasedLine>?>(s => s.PurchasedLines(customer, page.NextCursor, 1, "en"));
        var old = Assert.Single(older!.Items);
        Assert.False(old.UnderWarranty);
        Assert.Null(older.NextCursor);
        Assert.Null(await app.Run<ReturnService, Page<PurchasedLine>?>(s => s.PurchasedLines(987654, null, null)));
    }
}
