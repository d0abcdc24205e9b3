using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Commerce.AfterSales;
using Vinculo.Core.Common;
using Vinculo.Core.Interactions;
using Vinculo.Core.Tests.Commerce.Billing;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Interactions;

namespace Vinculo.Core.Tests.Commerce.AfterSales;

public sealed class WarrantyClaimServiceTests
{
    private static readonly DateTimeOffset Start = new(2026, 4, 20, 9, 30, 0, TimeSpan.Zero);
    private static readonly Actor Agent = new("agent-1", "Laura Gómez");

    private static Task<WarrantyClaimDto> Claim(TestServices app, long lineId, string description = "La cremallera se ha roto.") =>
        app.Run<WarrantyClaimService, WarrantyClaimDto>(s => s.Create(new WarrantyClaimInput { OrderLineId = lineId, Description = description, Channel = "email" }, Agent));

    [Theory, SqliteData, PostgresData]
    public async Task A_claim_is_accepted_only_while_the_warranty_runs(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        var clock = new ManualClock(Start);
        await using var app = new TestServices(db.Settings, clock);
        var seed = new CommerceSeed(db);
        var customer = await seed.Customer();
        var twoYears = await seed.Product("Mochila", "Backpack", 60m, warrantyMonths: 24);
        var none = await seed.Product("Tarjeta regalo", "Gift card", 20m, warrantyMonths: 0);
        // Bought on 31 March 2024: 24 months end on 31 March 2026; 30 November 2024 + 24 months is 30 November 2026.
        var (_, expiredLines, _) = await seed.Order(customer, new DateTime(2024, 3, 31, 18, 0, 0, DateTimeKind.Utc), (twoYears, 1, 60m, 0m));
        var (orderId, validLines, _) = await seed.Order(customer, new DateTime(2024, 11, 30, 12, 0, 0, DateTimeKind.Utc), (twoYears, 1, 60m, 0m), (none, 1, 20m, 0m));
        var (_, guestLines, _) = await seed.Order(null, Start.UtcDateTime.AddDays(-5), (twoYears, 1, 60m, 0m));

        var expired = await Assert.ThrowsAsync<ValidationException>(() => Claim(app, expiredLines[0]));
        Assert.Contains("expired on 2026-03-31", expired.Errors["orderLineId"][0]);
        var noWarranty = await Assert.ThrowsAsync<ValidationException>(() => Claim(app, validLines[1]));
        Assert.Contains("no warranty", noWarranty.Errors["orderLineId"][0]);
        await Assert.ThrowsAsync<ValidationException>(() => Claim(app, guestLines[0]));
        var missing = await Assert.ThrowsAsync<ValidationException>(() => app.Run<WarrantyClaimService, WarrantyClaimDto>(s =>
            s.Create(new WarrantyClaimInput { Description = " " }, Agent)));
        Assert.Equal(["description", "orderLineId"], missing.Errors.Keys.Order());

        var claim = await Claim(app, validLines[0]);
        Assert.Equal(WarrantyStatus.Open, claim.Status);
        Assert.Equal(new DateTime(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc), claim.ExpiresAt);
        Assert.Equal(Start.UtcDateTime, claim.ClaimedAt);
        Assert.Equal(orderId, claim.OrderId);
        Assert.Equal("Mochila", claim.ProductName);
        Assert.Equal([WarrantyStatus.Accepted, WarrantyStatus.Rejected], claim.NextStatuses);
        var entry = await seed.With(d => d.Interactions.SingleAsync(i => i.CustomerId == customer));
        Assert.Equal(Channel.Email, entry.Channel);
        Assert.Equal(JourneyMoment.PostPurchase, entry.Moment);
        Assert.StartsWith("Reclamación de garantía: Mochila", entry.Subject);
        Assert.Contains("2026-11-30", entry.Body);

        // The last instant of the warranty still counts; a second later it does not.
        clock.Now = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        await Claim(app, validLines[0], "Otra vez.");
        clock.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<ValidationException>(() => Claim(app, validLines[0]));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Claims_move_open_accepted_resolved_or_rejected(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Start));
        var seed = new CommerceSeed(db);
        var customer = await seed.Customer();
        var product = await seed.Product();
        var (_, lines, _) = await seed.Order(customer, Start.UtcDateTime.AddMonths(-2), (product, 1, 40m, 0m));
        var first = await Claim(app, lines[0]);
        var second = await Claim(app, lines[0], "Se descose.");

        async Task<WarrantyClaimDto?> Move(long id, string status, string? resolution = null, long? version = null) =>
            await app.Run<WarrantyClaimService, WarrantyClaimDto?>(s => s.Move(id, new StatusInput(status, resolution), version));

        var jump = await Assert.ThrowsAsync<ConflictException>(() => Move(first.Id, "resolved"));
        Assert.Contains("accepted, rejected", jump.Message);
        await Assert.ThrowsAsync<PreconditionFailedException>(() => Move(first.Id, "accepted", version: 4));
        var accepted = await Move(first.Id, "accepted", version: 1);
        Assert.Equal([WarrantyStatus.Resolved], accepted!.NextStatuses);
        var resolved = await Move(first.Id, "resolved", "Cambiada por una nueva.");
        Assert.Equal(WarrantyStatus.Resolved, resolved!.Status);
        Assert.Equal("Cambiada por una nueva.", resolved.Resolution);
        await Assert.ThrowsAsync<ConflictException>(() => Move(first.Id, "open"));
        var rejected = await Move(second.Id, "rejected", "Desgaste por uso.");
        Assert.Empty(rejected!.NextStatuses);
        Assert.Null(await Move(987654, "accepted"));

        var open = await app.Run<WarrantyClaimService, Page<WarrantyClaimDto>>(s => s.List(new WarrantyClaimQuery(customer, "open")));
        Assert.Empty(open.Items);
        var all = await app.Run<WarrantyClaimService, Page<WarrantyClaimDto>>(s => s.List(new WarrantyClaimQuery(customer, Limit: 1)));
        Assert.Single(all.Items);
        var next = await app.Run<WarrantyClaimService, Page<WarrantyClaimDto>>(s => s.List(new WarrantyClaimQuery(customer, Cursor: all.NextCursor)));
        Assert.Single(next.Items);
        Assert.NotEqual(all.Items[0].Id, next.Items[0].Id);
    }
}
