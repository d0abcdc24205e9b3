using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Core.Interactions;
using Vinculo.Core.Offers;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Offers;
using static Vinculo.Core.Tests.Offers.OfferWorld;

namespace Vinculo.Core.Tests.Offers;

public sealed class NextBestActionServiceTests
{
    /// <summary>The ids of the scenario below.</summary>
    private sealed record World(
        long Ana, long Bruno, long Fibre, long Mobile, long Tv, long Insurance, long Old,
        long Upgrade, long Bundle, long Expired, long Draft, long B2b, long Declined, long ChatOnly, long Accepted, long Case);

    /// <summary>
    /// Ana (platinum, particulares) has fibre and mobile contracts, an overdue invoice (30 € of 50 €, due 10 days ago), a
    /// breached case opened 3 days ago; she declined one promotion 10 days ago and accepted another 100 days ago.
    /// Neighbours (customers with some of her products): N1 fibre + TV; N2 fibre + TV + insurance; N3 mobile + insurance;
    /// N4 mobile, an inactive product, insurance bought and fully returned; N6 mobile and TV bought in an order.
    /// N5 has only TV (not a neighbour). Bruno has nothing, no email, no phone.
    /// </summary>
    private static async Task<World> Seed(TestServices app)
    {
        var ana = await Customer(app, "Ana", tier: "platinum", segment: "particulares");
        var bruno = await Customer(app, "Bruno", email: false, phone: false);
        var n = new long[7];
        for (var i = 1; i <= 6; i++)
        {
            n[i] = await Customer(app, "Vecino" + i);
        }

        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<VinculoDb>();
        var fibre = await Product(db, "FIB-1G", "Fibra 1 Gb", "Fibre 1 Gb");
        var mobile = await Product(db, "MOV-50", "Móvil 50 GB", "Mobile 50 GB");
        var tv = await Product(db, "TV-FUT", "TV con fútbol", "TV with football");
        var insurance = await Product(db, "SEG-HOG", "Seguro de hogar", "Home insurance");
        var old = await Product(db, "OLD", "Antiguo", "Old", active: false);

        await Contract(db, ana, fibre);
        await Contract(db, ana, mobile);
        await Contract(db, ana, insurance, ContractStatus.Cancelled);
        await Contract(db, n[1], fibre);
        await Contract(db, n[1], tv);
        await Contract(db, n[2], fibre);
        await Contract(db, n[2], tv);
        await Contract(db, n[2], insurance);
        await Contract(db, n[3], mobile);
        await Contract(db, n[3], insurance);
        await Contract(db, n[4], mobile);
        await Contract(db, n[4], old);
        await Order(db, n[4], OrderStatus.Delivered, (insurance, 1, 1));
        await Contract(db, n[5], tv);
        await Order(db, n[6], OrderStatus.Delivered, (mobile, 1, 0), (tv, 2, 0));

        await Invoice(db, ana, "F-0001", Utc(11, 13), 50, 20);
        await Invoice(db, ana, "F-0002", Utc(11, 30), 80, 0); // not due yet
        await Invoice(db, ana, "F-0003", Utc(10, 1), 40, 40, InvoiceStatus.Paid);
        var kase = await Case(db, ana, "Router sin conexión", Utc(11, 20), breached: true);
        await Case(db, ana, "Cerrado", Utc(10, 20), breached: false, active: false);

        var upgrade = await Promotion(db, "PLAT-UPGRADE", new PromotionEligibility { Tiers = ["platinum"] }, priority: 100);
        var bundle = await Promotion(db, "TV-BUNDLE", new PromotionEligibility { OwnsAny = [fibre], NotOwned = [tv] }, priority: 200);
        var expired = await Promotion(db, "EXPIRED", priority: 900, to: new DateOnly(2026, 11, 22));
        var draft = await Promotion(db, "DRAFT", priority: 900, status: PromotionStatus.Draft);
        var b2b = await Promotion(db, "B2B", new PromotionEligibility { Segments = ["empresas"] }, priority: 900);
        var declined = await Promotion(db, "DECLINED-ONE");
        var chatOnly = await Promotion(db, "CHAT-ONLY", new PromotionEligibility { Channels = [Domain.Interactions.Channel.Chat] });
        var accepted = await Promotion(db, "ACCEPTED-ONE", priority: 50);
        await Response(db, declined, ana, PromotionResponseKind.Declined, Utc(11, 13));
        await Response(db, accepted, ana, PromotionResponseKind.Accepted, Now.UtcDateTime.AddDays(-100));
        await Response(db, declined, bruno, PromotionResponseKind.Offered, Utc(11, 13));
        return new World(ana, bruno, fibre, mobile, tv, insurance, old, upgrade, bundle, expired, draft, b2b, declined, chatOnly, accepted, kase);
    }

    private static Task<IReadOnlyList<NextBestAction>?> Actions(TestServices app, long customer, string? channel) =>
        app.Run<NextBestActionService, IReadOnlyList<NextBestAction>?>(s => s.ForCustomerAsync(customer, channel, CancellationToken.None));

    [Theory, SqliteData, PostgresData]
    public async Task The_list_is_ranked_with_reasons_from_invoices_cases_promotions_and_co_ownership(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Now));
        var w = await Seed(app);

        var ana = (await Actions(app, w.Ana, "phone"))!;
        // Hand-computed: 900 + 10 days; 800 + 3 days (breached); PLAT 300 + 100 × 0.15 + 60 (tier); BUNDLE 300 + 200 × 0.15;
        // neighbours N1, N2, N3, N4, N6 (5): TV owned by N1, N2, N6 → 200 + 60; insurance by N2, N3 (N4 returned it) → 200 + 40;
        // the inactive product has one owner only. Contact data complete, consent asked: nothing more.
        Assert.Equal(
            ["collect:F-0001", $"case:{w.Case}", "promotion:PLAT-UPGRADE", "promotion:TV-BUNDLE", $"crossSell:{w.Tv}", $"crossSell:{w.Insurance}"],
            ana.Select(a => a.Code));
        Assert.Equal([910, 803, 375, 330, 260, 240], ana.Select(a => a.Score));
        Assert.Equal("La factura F-0001 tiene 30,00 EUR pendientes y venció hace 10 días: conviene cobrarla antes de ofrecer nada.", ana[0].ReasonIn("es"));
        Assert.Equal($"Case #{w.Case} \"Router sin conexión\" has breached its SLA: resolve it first.", ana[1].ReasonIn("en"));
        Assert.Equal(w.Upgrade, ana[2].PromotionId);
        Assert.Equal("Promotion valid until 11/30/2026 for platinum customers, like this one.", ana[2].ReasonIn("en"));
        Assert.Equal("Promoción vigente hasta el 30/11/2026 para quienes tienen Fibra 1 Gb, como este cliente.", ana[3].ReasonIn("es"));
        Assert.Equal(w.Tv, ana[3].ProductId);
        Assert.Equal("Offer PLAT-UPGRADE", ana[2].Detail!.En);
        Assert.Equal("60% of the customers who have the same products also have TV with football.", ana[4].ReasonIn("en"));
        Assert.Equal("Ofrecer Seguro de hogar", ana[5].TitleIn("es"));

        // On chat the chat-only promotion joins; without a channel too (the agent decides).
        Assert.Contains("promotion:CHAT-ONLY", (await Actions(app, w.Ana, "chat"))!.Select(a => a.Code));
        Assert.Contains("promotion:CHAT-ONLY", (await Actions(app, w.Ana, null))!.Select(a => a.Code));

        // Bruno: Ana's answers do not count for him (300 + 50 × 0.15; 300); no email nor phone.
        var bruno = (await Actions(app, w.Bruno, "phone"))!;
        Assert.Equal(["promotion:ACCEPTED-ONE", "promotion:DECLINED-ONE", "contact:all"], bruno.Select(a => a.Code));
        Assert.Equal([307.5, 300, 150], bruno.Select(a => a.Score));
        Assert.Equal("There is no email or phone for the customer: ask for them.", bruno[2].ReasonIn("en"));

        Assert.Null(await Actions(app, 999_999, null));
        var bad = await Assert.ThrowsAsync<ValidationException>(() => Actions(app, w.Ana, "pigeon"));
        Assert.Equal(["channel"], bad.Errors.Keys);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Eligible_promotions_and_the_why_not_check(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Now));
        var w = await Seed(app);

        var eligible = (await app.Run<NextBestActionService, IReadOnlyList<EligiblePromotion>?>(s => s.EligiblePromotionsAsync(w.Ana, "phone", CancellationToken.None)))!;
        Assert.Equal(["TV-BUNDLE", "PLAT-UPGRADE"], eligible.Select(p => p.Code));
        Assert.Equal([false, true], eligible.Select(p => p.TierMatch));
        Assert.Equal("Promo TV-BUNDLE", eligible[0].Name.In("en"));
        Assert.Equal(new DateOnly(2026, 11, 30), eligible[0].ValidTo);
        Assert.Null(await app.Run<NextBestActionService, IReadOnlyList<EligiblePromotion>?>(s => s.EligiblePromotionsAsync(999_999, null, CancellationToken.None)));

        Task<EligibilityResult?> Check(long promotion, long customer, string? channel = null) =>
            app.Run<NextBestActionService, EligibilityResult?>(s => s.EligibilityAsync(promotion, customer, channel, CancellationToken.None));

        var tier = (await Check(w.Upgrade, w.Bruno))!;
        Assert.False(tier.Eligible);
        var failure = Assert.Single(tier.Failures);
        Assert.Equal(EligibilityRule.Tier, failure.Rule);
        Assert.Null(failure.Actual);
        Assert.Equal(["platinum"], failure.Expected);

        var owns = Assert.Single((await Check(w.Bundle, w.Bruno))!.Failures);
        Assert.Equal(EligibilityRule.OwnsAny, owns.Rule);
        Assert.Equal("FIB-1G", Assert.Single(owns.Products).Sku);

        var several = (await Check(w.Expired, w.Ana))!;
        Assert.Equal([EligibilityRule.Expired], several.Failures.Select(f => f.Rule));
        Assert.Equal([EligibilityRule.NotActive], (await Check(w.Draft, w.Ana))!.Failures.Select(f => f.Rule));
        Assert.Equal([EligibilityRule.Segment], (await Check(w.B2b, w.Ana))!.Failures.Select(f => f.Rule));
        Assert.Equal([EligibilityRule.Channel], (await Check(w.ChatOnly, w.Ana, "email"))!.Failures.Select(f => f.Rule));

        var declined = (await Check(w.Declined, w.Ana))!;
        Assert.True(declined.Eligible);
        Assert.True(declined.DeclinedRecently);
        Assert.False(declined.AlreadyAccepted);
        Assert.True((await Check(w.Accepted, w.Ana))!.AlreadyAccepted);
        Assert.Equal(Today, declined.Today);

        Assert.Null(await Check(999_999, w.Ana));
        Assert.Null(await Check(w.Upgrade, 999_999));
    }

    [Theory, SqliteData, PostgresData]
    public async Task An_accepted_offer_is_on_the_timeline_and_is_not_proposed_again_a_declined_one_only_for_a_while(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        var clock = new ManualClock(Now);
        await using var app = new TestServices(db.Settings, clock);
        var w = await Seed(app);
        var agent = new Actor("u-1", "Agente Uno");

        var accepted = await app.Run<PromotionResponseService, PromotionResponseDto?>(
            s => s.Record(w.Bruno, new PromotionResponseInput(w.Declined, "accepted", "phone", "Le encaja"), agent));
        Assert.Equal(PromotionResponseKind.Accepted, accepted!.Kind);
        Assert.NotNull(accepted.InteractionId);
        Assert.Equal("Agente Uno", accepted.AgentName);

        var timeline = await app.Run<InteractionService, Page<InteractionDto>?>(s => s.Timeline(w.Bruno, new TimelineQuery()));
        var interaction = Assert.Single(timeline!.Items);
        Assert.Equal(accepted.InteractionId, interaction.Id);
        Assert.Equal("Oferta aceptada: Promo DECLINED-ONE", interaction.Subject);
        Assert.Equal("Oferta DECLINED-ONE\n\nLe encaja", interaction.Body);
        Assert.DoesNotContain("promotion:DECLINED-ONE", (await Actions(app, w.Bruno, "phone"))!.Select(a => a.Code));

        // Declined: hidden for 30 days, offered again after.
        var offered = await app.Run<PromotionResponseService, PromotionResponseDto?>(
            s => s.Record(w.Ana, new PromotionResponseInput(w.Upgrade, "declined"), agent));
        Assert.Null(offered!.InteractionId);
        Assert.DoesNotContain("promotion:PLAT-UPGRADE", (await Actions(app, w.Ana, "phone"))!.Select(a => a.Code));
        clock.Advance(TimeSpan.FromDays(29));
        Assert.DoesNotContain("promotion:PLAT-UPGRADE", (await Actions(app, w.Ana, "phone"))!.Select(a => a.Code));
        clock.Advance(TimeSpan.FromDays(2));
        // 31 days later the promotion has ended anyway (30 November): check the quiet period through the why-not tool.
        var after = await app.Run<NextBestActionService, EligibilityResult?>(s => s.EligibilityAsync(w.Upgrade, w.Ana, null, CancellationToken.None));
        Assert.False(after!.DeclinedRecently);
        clock.Now = Now;

        var history = await app.Run<PromotionResponseService, IReadOnlyList<PromotionResponseDto>?>(s => s.ForCustomer(w.Ana, null));
        Assert.Equal(["PLAT-UPGRADE", "DECLINED-ONE", "ACCEPTED-ONE"], history!.Select(r => r.PromotionCode));

        await Assert.ThrowsAsync<ConflictException>(() => app.Run<PromotionResponseService, PromotionResponseDto?>(
            s => s.Record(w.Ana, new PromotionResponseInput(w.Expired, "offered"), agent)));
        Assert.Null(await app.Run<PromotionResponseService, PromotionResponseDto?>(
            s => s.Record(w.Ana, new PromotionResponseInput(999_999, "offered"), agent)));
        var invalid = await Assert.ThrowsAsync<ValidationException>(() => app.Run<PromotionResponseService, PromotionResponseDto?>(
            s => s.Record(w.Ana, new PromotionResponseInput(null, "maybe", "pigeon"), agent)));
        Assert.Equal(["channel", "kind", "promotionId"], invalid.Errors.Keys.Order(StringComparer.Ordinal));

        await using var scope = app.Scope();
        var store = scope.ServiceProvider.GetRequiredService<VinculoDb>();
        Assert.Equal(5, await store.PromotionResponses.CountAsync());
    }

    [Theory, SqliteData, PostgresData]
    public async Task Today_is_taken_in_the_company_time_zone(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        // 23:30 UTC on 23 November is already the 24th in Madrid.
        var late = new ManualClock(new DateTimeOffset(2026, 11, 23, 23, 30, 0, TimeSpan.Zero));
        await using var app = new TestServices(db.Settings, late);
        var customer = await Customer(app, "Carla");
        await using var scope = app.Scope();
        var store = scope.ServiceProvider.GetRequiredService<VinculoDb>();
        await Promotion(store, "ENDS-23", to: new DateOnly(2026, 11, 23));
        await Promotion(store, "STARTS-24", from: new DateOnly(2026, 11, 24), to: new DateOnly(2026, 11, 24));

        async Task<List<string>> Codes(string? zone)
        {
            var service = new NextBestActionService(store, late, Options.Create(new OfferOptions { TimeZone = zone }), []);
            return [.. (await service.EligiblePromotionsAsync(customer, null, CancellationToken.None))!.Select(p => p.Code)];
        }

        Assert.Equal(["ENDS-23"], await Codes(null));
        Assert.Equal(["ENDS-23"], await Codes("Not/AZone"));
        Assert.Equal(["STARTS-24"], await Codes("Europe/Madrid"));
    }
}
