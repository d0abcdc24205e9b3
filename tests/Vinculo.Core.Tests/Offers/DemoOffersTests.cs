using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Demo;
using Vinculo.Core.Offers;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Offers;

namespace Vinculo.Core.Tests.Offers;

public sealed class DemoOffersTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);

    [Theory, SqliteData, PostgresData]
    public async Task The_demo_promotions_load_once_around_the_demo_clock_and_reach_the_customers_they_are_for(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await DemoSeeder.Seed(db.Settings, new SeedOptions(120, 0, 7, Now, OrderLinesPerCustomer: 3), null, CancellationToken.None);
        await using var app = new TestServices(db.Settings, new ManualClock(new DateTimeOffset(Now.AddHours(10))));
        await using (var scope = app.Scope())
        {
            var store = scope.ServiceProvider.GetRequiredService<VinculoDb>();
            Assert.Equal(DemoOffers.Count, await DemoOffers.SeedAsync(store, Now, CancellationToken.None));
            Assert.Equal(0, await DemoOffers.SeedAsync(store, Now, CancellationToken.None));
        }

        var all = await app.Run<PromotionService, Common.Page<PromotionDto>>(s => s.List(new PromotionQuery()));
        Assert.Equal(6, all.Items.Count);
        Assert.Equal(5, all.Items.Count(p => p.Status == PromotionStatus.Active && p.Validity == PromotionValidity.Current));
        var upgrade = Assert.Single(all.Items, p => p.Code == "PLATINO-MEJORA");
        Assert.Equal(["platinum"], upgrade.Eligibility.Tiers);
        Assert.Equal("FIB-1G", Assert.Single(upgrade.Eligibility.NotOwned).Sku);
        var bundle = Assert.Single(all.Items, p => p.Code == "PACK-FIBRA-TV");
        Assert.Equal(3, bundle.Eligibility.OwnsAny.Count);
        Assert.Equal(new DateOnly(2026, 11, 13), bundle.ValidFrom);

        // Every platinum customer without Fibre 1 Gb is offered the free upgrade, with the tier as the reason; nobody else is.
        await using var read = app.Scope();
        var dbRead = read.ServiceProvider.GetRequiredService<VinculoDb>();
        var fibre = await dbRead.Products.Where(p => p.Sku == "FIB-1G").Select(p => p.Id).SingleAsync();
        var customers = await dbRead.Customers.AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Id, c.Tier }).ToListAsync();
        var service = read.ServiceProvider.GetRequiredService<NextBestActionService>();
        var offered = 0;
        foreach (var c in customers)
        {
            var actions = (await service.ForCustomerAsync(c.Id, "phone", CancellationToken.None))!;
            var owns = await dbRead.Contracts.AnyAsync(x => x.CustomerId == c.Id && x.ProductId == fibre && x.Status == Domain.Commerce.ContractStatus.Active)
                || await dbRead.OrderLines.AnyAsync(l => l.CustomerId == c.Id && l.ProductId == fibre && l.Quantity > l.ReturnedQuantity);
            var upgradeAction = actions.SingleOrDefault(a => a.Code == "promotion:PLATINO-MEJORA");
            Assert.Equal(c.Tier == "platinum" && !owns, upgradeAction is not null);
            if (upgradeAction is not null)
            {
                offered++;
                Assert.Equal(NextBestActionReason.PromotionForTier, upgradeAction.Reason);
            }

            Assert.DoesNotContain(actions, a => a.Code == "promotion:REBAJAS-ENERO");
        }

        Assert.True(offered > 0, "the demo has platinum customers to offer the upgrade to");
    }
}
