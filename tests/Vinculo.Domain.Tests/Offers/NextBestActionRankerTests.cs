using Vinculo.Domain.Interactions;
using Vinculo.Domain.Offers;
using static Vinculo.Domain.Tests.Offers.PromotionRulesTests;

namespace Vinculo.Domain.Tests.Offers;

public sealed class NextBestActionRankerTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static readonly BilingualText Tv = new("TV con fútbol", "TV with football");

    [Fact]
    public void Collect_then_breached_case_then_open_case_then_promotion_then_cross_sell_then_contact_data()
    {
        var input = new NextBestActionInput(Facts(tier: "gold", owned: [1]))
        {
            OverdueInvoices = [new OverdueInvoiceFact(7, "F-2026-0007", 120.5m, "EUR", 12)],
            OpenCases = [new OpenCaseFact(3, "Sin conexión", Breached: false, AgeDays: 2), new OpenCaseFact(4, "Factura duplicada", Breached: true, AgeDays: 1)],
            Promotions = [Promo("GOLD-10", rules: new PromotionEligibility { Tiers = ["gold"] }, priority: 100)],
            CrossSell = [new CrossSellFact(9, Tv, Owners: 30, Neighbours: 100)],
            Contact = new ContactFacts(HasEmail: true, HasPhone: false, MarketingConsentAsked: false),
        };

        var actions = NextBestActionRanker.Rank(input);

        Assert.Equal(
            ["collect:F-2026-0007", "case:4", "case:3", "promotion:GOLD-10", "crossSell:9", "contact:phone", "consent:marketingEmail"],
            actions.Select(a => a.Code));
        // Hand-computed scores: 900 + 12 days; 800 + 1 day (breached); 700 + 2 days; 300 + 100 × 0.15 + 60 (tier); 200 + 30.
        Assert.Equal([912, 801, 702, 375, 230, 150, 80], actions.Select(a => a.Score));

        var collect = actions[0];
        Assert.Equal(NextBestActionKind.CollectOverdue, collect.Kind);
        Assert.Equal(7, collect.InvoiceId);
        Assert.Equal("La factura F-2026-0007 tiene 120,50 EUR pendientes y venció hace 12 días: conviene cobrarla antes de ofrecer nada.", collect.ReasonIn("es"));
        Assert.Equal("Invoice F-2026-0007 has 120.50 EUR outstanding and has been overdue for 12 days: collect it before offering anything.", collect.ReasonIn("en"));
        Assert.Equal("Cobrar la factura F-2026-0007", collect.TitleIn("es-ES"));

        Assert.Equal(NextBestActionReason.CaseBreached, actions[1].Reason);
        Assert.Equal(4, actions[1].CaseId);
        Assert.Equal("Case #4 \"Factura duplicada\" has breached its SLA: resolve it first.", actions[1].ReasonIn("en"));

        var promotion = actions[3];
        Assert.Equal(NextBestActionReason.PromotionForTier, promotion.Reason);
        Assert.Equal("Promoción vigente hasta el 30/11/2026 para clientes de nivel gold, como este cliente.", promotion.ReasonIn("es"));
        Assert.Equal("Oferta", promotion.Detail!.In("es"));
        Assert.Equal(1, promotion.PromotionId);

        Assert.Equal("30% of the customers who have the same products also have TV with football.", actions[4].ReasonIn("en"));
        Assert.Equal("El 30 % de los clientes que tienen los mismos productos también tiene TV con fútbol.", actions[4].ReasonIn("es"));
        Assert.Equal(9, actions[4].ProductId);
    }

    [Fact]
    public void Ineligible_expired_accepted_and_recently_declined_promotions_are_left_out()
    {
        var input = new NextBestActionInput(Facts(segment: "particulares", owned: [1]))
        {
            Promotions =
            [
                Promo("OK", id: 1),
                Promo("EXPIRED", id: 2, to: Today.AddDays(-1)),
                Promo("PAUSED", id: 3, status: PromotionStatus.Paused),
                Promo("B2B", id: 4, rules: new PromotionEligibility { Segments = ["empresas"] }),
                Promo("ACCEPTED", id: 5),
                Promo("DECLINED", id: 6),
                Promo("OWNS-1", id: 7, rules: new PromotionEligibility { NotOwned = [1] }),
            ],
            AcceptedPromotions = new HashSet<long> { 5 },
            DeclinedPromotions = new HashSet<long> { 6 },
        };

        Assert.Equal(["promotion:OK"], NextBestActionRanker.Rank(input).Select(a => a.Code));
    }

    [Fact]
    public void Promotions_rank_by_priority_then_tier_and_segment_match_with_the_reason_chosen_accordingly()
    {
        var input = new NextBestActionInput(Facts(segment: "empresas", tier: "platinum", owned: [5]))
        {
            Promotions =
            [
                Promo("ALL", id: 1, priority: 500),
                Promo("PLATINUM", id: 2, priority: 100, rules: new PromotionEligibility { Tiers = ["platinum"] }),
                Promo("B2B", id: 3, priority: 100, rules: new PromotionEligibility { Segments = ["empresas"] }),
                Promo("OWNERS", id: 4, priority: 0, rules: new PromotionEligibility { OwnsAny = [5] }),
            ],
            ProductNames = new Dictionary<long, BilingualText> { [5] = new("Fibra 1 Gb", "Fibre 1 Gb") },
        };

        var actions = NextBestActionRanker.Rank(input);
        // ALL 300 + 75 = 375; PLATINUM 300 + 15 + 60 = 375 (tie: same kind, code order); B2B 300 + 15 + 30 = 345; OWNERS 300.
        Assert.Equal(["promotion:ALL", "promotion:PLATINUM", "promotion:B2B", "promotion:OWNERS"], actions.Select(a => a.Code));
        Assert.Equal([375, 375, 345, 300], actions.Select(a => a.Score));
        Assert.Equal(
            [NextBestActionReason.PromotionForEveryone, NextBestActionReason.PromotionForTier, NextBestActionReason.PromotionForSegment, NextBestActionReason.PromotionForOwners],
            actions.Select(a => a.Reason));
        Assert.Equal("Promotion valid until 11/30/2026 for customers who have Fibre 1 Gb, like this one.", actions[3].ReasonIn("en"));
    }

    [Fact]
    public void Analytics_scores_are_used_when_present()
    {
        var facts = Facts(tier: "platinum", owned: [1]);
        var promotions = new[]
        {
            Promo("UPGRADE", id: 1, priority: 100, rules: new PromotionEligibility { Tiers = ["platinum"] }),
            Promo("TV", id: 2, priority: 200, rules: new PromotionEligibility { NotOwned = [9] }),
        };
        var without = NextBestActionRanker.Rank(new NextBestActionInput(facts) { Promotions = promotions });
        Assert.Equal(["promotion:UPGRADE", "promotion:TV"], without.Select(a => a.Code));

        var scores = new Dictionary<string, double>
        {
            ["churnRisk"] = 0.8,
            ["value"] = 1,
            ["propensity:9"] = 1,
            ["propensity:11"] = 0.6,
            ["propensity:12"] = 0.1,
            ["propensity:1"] = 0.9,
        };
        var with = NextBestActionRanker.Rank(new NextBestActionInput(facts)
        {
            Promotions = promotions,
            Scores = scores,
            ProductNames = new Dictionary<long, BilingualText> { [11] = new("Seguro de hogar", "Home insurance"), [12] = Tv },
        });

        // Retention 600 + 0.8 × 99; UPGRADE 300 + 15 + 60 + 30 (value); TV 300 + 30 + 50 (propensity of product 9);
        // cross-sell of product 11 from the propensity alone: 200 + 0.6 × 150; product 12 under the threshold, product 1 owned.
        Assert.Equal(["retention", "promotion:UPGRADE", "promotion:TV", "crossSell:11"], with.Select(a => a.Code));
        Assert.Equal([679.2, 405, 380, 290], with.Select(a => a.Score));
        Assert.Equal("The customer's churn risk is 80%: offer a retention action.", with[0].ReasonIn("en"));
        Assert.Equal(NextBestActionReason.Propensity, with[3].Reason);
        Assert.Equal("La propensión de compra de Seguro de hogar es del 60 %.", with[3].ReasonIn("es"));
    }

    [Fact]
    public void Low_churn_risk_and_bad_scores_change_nothing()
    {
        var input = new NextBestActionInput(Facts())
        {
            Scores = new Dictionary<string, double> { ["churnRisk"] = 0.49, ["value"] = double.NaN, ["propensity:x"] = 1 },
        };
        Assert.Empty(NextBestActionRanker.Rank(input));
    }

    [Fact]
    public void Contact_data_reasons()
    {
        NextBestAction Only(ContactFacts contact) => Assert.Single(NextBestActionRanker.Rank(new NextBestActionInput(Facts()) { Contact = contact }));
        Assert.Equal(NextBestActionReason.NoContactData, Only(new ContactFacts(false, false, false)).Reason);
        Assert.Equal(NextBestActionReason.NoEmail, Only(new ContactFacts(false, true, true)).Reason);
        var both = NextBestActionRanker.Rank(new NextBestActionInput(Facts()) { Contact = new ContactFacts(true, true, false) });
        Assert.Equal(NextBestActionKind.RequestConsent, Assert.Single(both).Kind);
        Assert.Empty(NextBestActionRanker.Rank(new NextBestActionInput(Facts()) { Contact = new ContactFacts(true, true, true) }));
    }

    [Fact]
    public void At_most_three_invoices_the_most_overdue_first()
    {
        var input = new NextBestActionInput(Facts())
        {
            OverdueInvoices = [.. Enumerable.Range(1, 5).Select(i => new OverdueInvoiceFact(i, $"F-{i}", 10, "EUR", i * 10))],
        };
        Assert.Equal(["collect:F-5", "collect:F-4", "collect:F-3"], NextBestActionRanker.Rank(input).Select(a => a.Code));
    }

    [Fact]
    public void Every_reason_has_both_sentences_and_spanish_is_recognised()
    {
        Assert.Empty(NextBestActionText.MissingTemplates());
        Assert.True(NextBestActionText.IsSpanish("es"));
        Assert.True(NextBestActionText.IsSpanish("es-AR"));
        Assert.False(NextBestActionText.IsSpanish("en"));
        Assert.False(NextBestActionText.IsSpanish("est"));
        Assert.False(NextBestActionText.IsSpanish(null));
        // A missing argument shows a dash rather than a placeholder.
        Assert.Equal("Case #— \"—\" is still open: give an answer or a date.",
            NextBestActionText.Reason(NextBestActionReason.CaseOpen, new Dictionary<string, string>(), "en"));
        _ = Channel.Phone;
    }
}
