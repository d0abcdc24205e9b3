using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Offers;

namespace Vinculo.Domain.Tests.Offers;

public sealed class NextBestActionPropertyTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly string[] Segments = ["empresas", "particulares", "jovenes"];
    private static readonly string[] Tiers = ["platinum", "gold", "silver", "standard"];

    private static Gen<long[]> ProductSet { get; } =
        Gen.ListOf(Gen.Choose(1, 8).Select(i => (long)i)).Select(l => l.Distinct().Take(4).ToArray());

    private static Gen<string[]> Subset(string[] values) =>
        Gen.ListOf(Gen.Elements(values)).Select(l => l.Distinct().Take(2).ToArray());

    private static Gen<Promotion> PromotionGen(int id) =>
        from status in Gen.Elements(Enum.GetValues<PromotionStatus>())
        from start in Gen.Choose(-60, 30)
        from length in Gen.Choose(0, 60)
        from priority in Gen.Choose(0, 1000)
        from segments in Subset(Segments)
        from tiers in Subset(Tiers)
        from channels in Gen.ListOf(Gen.Elements(Enum.GetValues<Channel>())).Select(l => l.Distinct().Take(2).ToArray())
        from ownsAll in ProductSet
        from ownsAny in ProductSet
        from notOwned in ProductSet
        select new Promotion
        {
            Id = id,
            Code = $"P{id:D2}",
            NameEs = "es",
            NameEn = "en",
            Status = status,
            ValidFrom = Today.AddDays(start),
            ValidTo = Today.AddDays(start + length),
            Priority = priority,
            Eligibility = new PromotionEligibility
            {
                Segments = segments, Tiers = tiers, Channels = channels,
                OwnsAll = ownsAll.Take(1).ToArray(), OwnsAny = ownsAny.Take(2).ToArray(), NotOwned = notOwned.Take(1).ToArray(),
            },
        };

    private static Gen<NextBestActionInput> InputGen { get; } =
        from segment in Gen.OneOf(Gen.Constant<string?>(null), Gen.Elements(Segments).Select(s => (string?)s))
        from tier in Gen.OneOf(Gen.Constant<string?>(null), Gen.Elements(Tiers).Select(s => (string?)s))
        from channel in Gen.OneOf(Gen.Constant<Channel?>(null), Gen.Elements(Enum.GetValues<Channel>()).Select(c => (Channel?)c))
        from owned in ProductSet
        from promotionCount in Gen.Choose(0, 12)
        from promotions in Gen.CollectToList(Enumerable.Range(1, promotionCount).Select(PromotionGen))
        from invoices in Gen.Choose(0, 4)
        from invoiceDays in Gen.ArrayOf(Gen.Choose(1, 400), invoices)
        from cases in Gen.ArrayOf(Gen.Choose(0, 30).Select(age => age))
        from breached in Gen.ArrayOf(Gen.Elements(true, false), cases.Length)
        from crossSell in Gen.ListOf(Gen.Choose(1, 12))
        from contact in Gen.Elements(true, false).Three()
        from churn in Gen.OneOf(Gen.Constant<double?>(null), Gen.Choose(0, 100).Select(c => (double?)(c / 100.0)))
        from value in Gen.Choose(0, 100)
        select new NextBestActionInput(new OfferFacts(segment, tier, owned.ToHashSet(), channel, Today))
        {
            Promotions = promotions.ToList(),
            OverdueInvoices = [.. invoiceDays.Select((d, i) => new OverdueInvoiceFact(100 + i, $"F-{i}", 10 + i, "EUR", d))],
            OpenCases = [.. cases.Select((age, i) => new OpenCaseFact(200 + i, "Caso", breached[i], age))],
            CrossSell = [.. crossSell.Select((p, i) => new CrossSellFact(p, new BilingualText("p", "p"), 1 + i % 5, 10))],
            Contact = new ContactFacts(contact.Item1, contact.Item2, contact.Item3),
            Scores = churn is { } c ? new Dictionary<string, double> { ["churnRisk"] = c, ["value"] = value / 100.0 } : null,
        };

    private static Arbitrary<NextBestActionInput> Inputs => InputGen.ToArbitrary();

    private static string Signature(IEnumerable<NextBestAction> actions) =>
        string.Join("|", actions.Select(a => $"{a.Code}:{a.Score}:{a.Reason}"));

    [Property(MaxTest = 300)]
    public Property The_same_facts_in_any_order_give_the_same_list() =>
        Prop.ForAll(Inputs, Gen.Choose(0, int.MaxValue).ToArbitrary(), (input, seed) =>
        {
            var random = new Random(seed);
            var shuffled = input with
            {
                Promotions = [.. input.Promotions.OrderBy(_ => random.Next())],
                OverdueInvoices = [.. input.OverdueInvoices.OrderBy(_ => random.Next())],
                OpenCases = [.. input.OpenCases.OrderBy(_ => random.Next())],
                CrossSell = [.. input.CrossSell.OrderBy(_ => random.Next())],
            };
            var first = NextBestActionRanker.Rank(input);
            return Signature(first) == Signature(NextBestActionRanker.Rank(shuffled))
                && first.SequenceEqual(first.Order(NextBestActionRanker.Order));
        });

    [Property(MaxTest = 300)]
    public Property A_customer_with_overdue_invoices_always_sees_collection_first() =>
        Prop.ForAll(Inputs, input =>
        {
            var actions = NextBestActionRanker.Rank(input);
            var collecting = actions.TakeWhile(a => a.Kind == NextBestActionKind.CollectOverdue).Count();
            return input.OverdueInvoices.Count == 0
                ? actions.All(a => a.Kind != NextBestActionKind.CollectOverdue)
                : collecting == Math.Min(input.OverdueInvoices.Count, NextBestActionRanker.MaxInvoices)
                  && actions.Skip(collecting).All(a => a.Kind != NextBestActionKind.CollectOverdue);
        });

    [Property(MaxTest = 300)]
    public Property Only_current_eligible_promotions_appear_and_they_respect_the_product_rules() =>
        Prop.ForAll(Inputs, input =>
        {
            var facts = input.Facts;
            var byId = input.Promotions.ToDictionary(p => p.Id);
            return NextBestActionRanker.Rank(input).Where(a => a.Kind == NextBestActionKind.Promotion).All(a =>
            {
                var promotion = byId[a.PromotionId!.Value];
                var rules = promotion.Eligibility;
                return promotion.Status == PromotionStatus.Active
                    && promotion.ValidFrom <= facts.Today && facts.Today <= promotion.ValidTo
                    && rules.OwnsAll.All(facts.OwnedProducts.Contains)
                    && (rules.OwnsAny.Count == 0 || rules.OwnsAny.Any(facts.OwnedProducts.Contains))
                    && !rules.NotOwned.Any(facts.OwnedProducts.Contains);
            });
        });

    [Property(MaxTest = 300)]
    public Property Every_eligible_current_promotion_appears_up_to_the_limit() =>
        Prop.ForAll(Inputs, input =>
        {
            var expected = input.Promotions.Count(p => PromotionRules.IsCurrent(p, input.Facts.Today) && PromotionRules.Check(p, input.Facts).Eligible);
            var shown = NextBestActionRanker.Rank(input).Count(a => a.Kind == NextBestActionKind.Promotion);
            return shown == Math.Min(expected, NextBestActionRanker.MaxPromotions);
        });

    [Property(MaxTest = 300)]
    public Property Expired_promotions_never_appear_whatever_else_holds() =>
        Prop.ForAll(Inputs, input =>
        {
            var expired = input.Promotions.Select(p => new Promotion
            {
                Id = p.Id, Code = p.Code, NameEs = p.NameEs, NameEn = p.NameEn, Status = PromotionStatus.Active, Priority = p.Priority,
                ValidFrom = p.ValidFrom.AddDays(-100), ValidTo = input.Facts.Today.AddDays(-1), Eligibility = PromotionEligibility.Anyone,
            }).ToList();
            return NextBestActionRanker.Rank(input with { Promotions = expired }).All(a => a.Kind != NextBestActionKind.Promotion);
        });

    [Property(MaxTest = 200)]
    public Property Cross_sell_never_offers_an_owned_product_and_reasons_render_in_both_languages() =>
        Prop.ForAll(Inputs, input =>
        {
            var actions = NextBestActionRanker.Rank(input);
            return actions.Where(a => a.Kind == NextBestActionKind.CrossSell).All(a => !input.Facts.OwnedProducts.Contains(a.ProductId!.Value))
                && actions.All(a => a.ReasonIn("es").Length > 0 && a.ReasonIn("en").Length > 0 && !a.ReasonIn("es").Contains('{', StringComparison.Ordinal));
        });
}
