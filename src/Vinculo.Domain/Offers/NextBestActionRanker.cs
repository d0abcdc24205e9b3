using System.Globalization;

namespace Vinculo.Domain.Offers;

/// <summary>An open invoice past its due date.</summary>
public sealed record OverdueInvoiceFact(long InvoiceId, string Number, decimal Outstanding, string Currency, int DaysOverdue);

/// <summary>An active case of the customer; <see cref="Breached"/> when any of its SLA targets was missed.</summary>
public sealed record OpenCaseFact(long CaseId, string Subject, bool Breached, int AgeDays);

/// <summary>
/// A product the customer does not have, owned by <see cref="Owners"/> of the <see cref="Neighbours"/> customers who
/// have some of the same products (the co-occurrence count).
/// </summary>
public sealed record CrossSellFact(long ProductId, BilingualText Name, int Owners, int Neighbours);

/// <summary>What the customer's record lacks.</summary>
/// <param name="HasEmail">An email address of the customer or of a contact person.</param>
/// <param name="HasPhone">A phone number of the customer or of a contact person.</param>
/// <param name="MarketingConsentAsked">Any consent event (granted or withdrawn) for marketing email exists.</param>
public sealed record ContactFacts(bool HasEmail, bool HasPhone, bool MarketingConsentAsked);

/// <summary>Everything the ranker looks at for one customer; Core reads it, the ranker only decides.</summary>
public sealed record NextBestActionInput(OfferFacts Facts)
{
    public IReadOnlyList<OverdueInvoiceFact> OverdueInvoices { get; init; } = [];
    public IReadOnlyList<OpenCaseFact> OpenCases { get; init; } = [];
    /// <summary>Candidate promotions (any status and dates: the ranker keeps the current, eligible ones).</summary>
    public IReadOnlyList<Promotion> Promotions { get; init; } = [];
    /// <summary>Names of the products that reasons mention (owned products of promotions, propensity candidates).</summary>
    public IReadOnlyDictionary<long, BilingualText> ProductNames { get; init; } = new Dictionary<long, BilingualText>();
    public IReadOnlyList<CrossSellFact> CrossSell { get; init; } = [];
    public ContactFacts? Contact { get; init; }
    /// <summary>Promotions the customer already accepted: never offered again.</summary>
    public IReadOnlySet<long> AcceptedPromotions { get; init; } = new HashSet<long>();
    /// <summary>Promotions the customer declined recently: not offered again for now.</summary>
    public IReadOnlySet<long> DeclinedPromotions { get; init; } = new HashSet<long>();
    /// <summary>
    /// Analytical scores between 0 and 1, when the analytics computed them: "churnRisk", "value" and
    /// "propensity:&lt;productId&gt;". Missing keys are simply not used; values outside 0–1 are clamped, NaN ignored.
    /// </summary>
    public IReadOnlyDictionary<string, double>? Scores { get; init; }
}

/// <summary>
/// Ranks what the agent should do with a customer, each action with its reason. Scores live in bands so that the
/// order of kinds is a guarantee, not a tendency: collecting an overdue invoice (900–990) always comes first, then
/// breached cases (800–849), open cases (700–749), retention (600–699, only with a churn risk of at least 0.5),
/// promotions (300–599: priority, explicit tier or segment match, value, propensity), cross-sell (200–499:
/// co-occurrence share, propensity), missing contact data (150) and a never-asked marketing consent (80). Ties are
/// broken by kind and then by code (ordinal), so the same facts always give the same list.
/// </summary>
public static class NextBestActionRanker
{
    public const int MaxInvoices = 3;
    public const int MaxCases = 3;
    public const int MaxPromotions = 10;
    public const int MaxCrossSell = 3;

    /// <summary>Churn risk from which a retention action is proposed.</summary>
    public const double RetentionThreshold = 0.5;

    /// <summary>Smallest propensity that makes a product a cross-sell candidate on its own.</summary>
    public const double PropensityThreshold = 0.2;

    public const string ChurnRiskScore = "churnRisk";
    public const string ValueScore = "value";
    public const string PropensityPrefix = "propensity:";

    /// <summary>The score key of the purchase propensity for <paramref name="productId"/>.</summary>
    public static string PropensityKey(long productId) => PropensityPrefix + productId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The deterministic order: score (higher first), then kind, then code.</summary>
    public static IComparer<NextBestAction> Order { get; } = Comparer<NextBestAction>.Create((a, b) =>
    {
        var byScore = b.Score.CompareTo(a.Score);
        if (byScore != 0)
        {
            return byScore;
        }

        var byKind = a.Kind.CompareTo(b.Kind);
        return byKind != 0 ? byKind : string.CompareOrdinal(a.Code, b.Code);
    });

    public static IReadOnlyList<NextBestAction> Rank(NextBestActionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var actions = new List<NextBestAction>();
        actions.AddRange(Collect(input));
        actions.AddRange(Cases(input));
        if (Retention(input) is { } retention)
        {
            actions.Add(retention);
        }

        actions.AddRange(Promotions(input));
        actions.AddRange(CrossSell(input));
        actions.AddRange(ContactData(input));
        actions.Sort(Order);
        return actions;
    }

    /// <summary>A score between 0 and 1, or null when absent or not a number.</summary>
    public static double? Score(IReadOnlyDictionary<string, double>? scores, string key) =>
        scores is not null && scores.TryGetValue(key, out var value) && !double.IsNaN(value) ? Math.Clamp(value, 0, 1) : null;

    private static IEnumerable<NextBestAction> Collect(NextBestActionInput input) =>
        input.OverdueInvoices
            .Where(i => i.Outstanding > 0)
            .OrderByDescending(i => i.DaysOverdue).ThenByDescending(i => i.Outstanding).ThenBy(i => i.InvoiceId)
            .Take(MaxInvoices)
            .Select(i => new NextBestAction(
                NextBestActionKind.CollectOverdue,
                "collect:" + i.Number,
                new BilingualText($"Cobrar la factura {i.Number}", $"Collect invoice {i.Number}"),
                NextBestActionReason.InvoiceOverdue,
                Args(("invoice", i.Number), ("amount", i.Outstanding.ToString(CultureInfo.InvariantCulture)), ("currency", i.Currency),
                    ("days", Math.Max(0, i.DaysOverdue).ToString(CultureInfo.InvariantCulture))),
                900 + Math.Min(Math.Max(0, i.DaysOverdue), 90),
                InvoiceId: i.InvoiceId));

    private static IEnumerable<NextBestAction> Cases(NextBestActionInput input) =>
        input.OpenCases
            .OrderByDescending(c => c.Breached).ThenByDescending(c => c.AgeDays).ThenBy(c => c.CaseId)
            .Take(MaxCases)
            .Select(c =>
            {
                var id = c.CaseId.ToString(CultureInfo.InvariantCulture);
                return new NextBestAction(
                    NextBestActionKind.ResolveOpenCase,
                    "case:" + id,
                    new BilingualText($"Resolver el caso n.º {id}", $"Resolve case #{id}"),
                    c.Breached ? NextBestActionReason.CaseBreached : NextBestActionReason.CaseOpen,
                    Args(("case", id), ("subject", c.Subject)),
                    (c.Breached ? 800 : 700) + Math.Min(Math.Max(0, c.AgeDays), 49),
                    CaseId: c.CaseId);
            });

    private static NextBestAction? Retention(NextBestActionInput input)
    {
        if (Score(input.Scores, ChurnRiskScore) is not { } risk || risk < RetentionThreshold)
        {
            return null;
        }

        return new NextBestAction(
            NextBestActionKind.Retention,
            "retention",
            new BilingualText("Ofrecer una acción de retención", "Offer a retention action"),
            NextBestActionReason.ChurnRisk,
            Args(("risk", Percent(risk))),
            600 + Math.Round(risk * 99, 2));
    }

    private static IEnumerable<NextBestAction> Promotions(NextBestActionInput input)
    {
        var facts = input.Facts;
        var value = Score(input.Scores, ValueScore) ?? 0;
        var chosen = new List<NextBestAction>();
        foreach (var promotion in input.Promotions)
        {
            if (!PromotionRules.IsCurrent(promotion, facts.Today) || !PromotionRules.Check(promotion, facts).Eligible
                || input.AcceptedPromotions.Contains(promotion.Id) || input.DeclinedPromotions.Contains(promotion.Id))
            {
                continue;
            }

            var rules = promotion.Eligibility;
            var tierMatch = PromotionRules.TierMatch(promotion, facts.Tier);
            var segmentMatch = rules.Segments.Count > 0;
            var propensity = rules.NotOwned.Select(p => Score(input.Scores, PropensityKey(p)) ?? 0).DefaultIfEmpty(0).Max();
            var score = 300 + Math.Clamp(promotion.Priority, 0, 1000) * 0.15
                + (tierMatch ? 60 + value * 30 : 0)
                + (segmentMatch ? 30 : 0)
                + propensity * 50;
            var validTo = promotion.ValidTo.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var (reason, args) = tierMatch
                ? (NextBestActionReason.PromotionForTier, Args(("validTo", validTo), ("tier", facts.Tier!.Trim().ToLowerInvariant())))
                : segmentMatch
                    ? (NextBestActionReason.PromotionForSegment, Args(("validTo", validTo), ("segment", facts.Segment!.Trim().ToLowerInvariant())))
                    : OwnedReason(promotion, input, validTo);
            chosen.Add(new NextBestAction(
                NextBestActionKind.Promotion,
                "promotion:" + promotion.Code,
                new BilingualText(promotion.NameEs, promotion.NameEn),
                reason,
                args,
                Math.Round(Math.Min(score, 599), 2),
                PromotionId: promotion.Id,
                ProductId: rules.NotOwned.Count == 1 ? rules.NotOwned[0] : null,
                Detail: new BilingualText(promotion.OfferEs, promotion.OfferEn)));
        }

        return chosen.OrderBy(a => a, Order).Take(MaxPromotions);
    }

    private static (NextBestActionReason, IReadOnlyDictionary<string, string>) OwnedReason(Promotion promotion, NextBestActionInput input, string validTo)
    {
        var owned = promotion.Eligibility.OwnsAll.Concat(promotion.Eligibility.OwnsAny)
            .Where(input.Facts.OwnedProducts.Contains).Order().FirstOrDefault();
        if (owned == 0)
        {
            return (NextBestActionReason.PromotionForEveryone, Args(("validTo", validTo)));
        }

        var name = input.ProductNames.TryGetValue(owned, out var n) ? n : new BilingualText($"#{owned}", $"#{owned}");
        return (NextBestActionReason.PromotionForOwners, Args(("validTo", validTo), ("product.es", name.Es), ("product.en", name.En)));
    }

    private static IEnumerable<NextBestAction> CrossSell(NextBestActionInput input)
    {
        var owned = input.Facts.OwnedProducts;
        var candidates = new Dictionary<long, (BilingualText Name, double Share)>();
        foreach (var fact in input.CrossSell)
        {
            if (owned.Contains(fact.ProductId) || fact.Neighbours <= 0 || fact.Owners <= 0)
            {
                continue;
            }

            var share = Math.Clamp((double)fact.Owners / fact.Neighbours, 0, 1);
            if (!candidates.TryGetValue(fact.ProductId, out var known) || known.Share < share)
            {
                candidates[fact.ProductId] = (fact.Name, share);
            }
        }

        if (input.Scores is not null)
        {
            foreach (var key in input.Scores.Keys)
            {
                if (key.StartsWith(PropensityPrefix, StringComparison.Ordinal)
                    && long.TryParse(key.AsSpan(PropensityPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var product)
                    && !owned.Contains(product) && !candidates.ContainsKey(product)
                    && Score(input.Scores, key) >= PropensityThreshold && input.ProductNames.TryGetValue(product, out var name))
                {
                    candidates[product] = (name, 0);
                }
            }
        }

        return candidates
            .Select(c =>
            {
                var propensity = Score(input.Scores, PropensityKey(c.Key));
                var byPropensity = propensity is { } p && p * 150 > c.Value.Share * 100;
                var score = 200 + c.Value.Share * 100 + (propensity ?? 0) * 150;
                var args = byPropensity
                    ? Args(("propensity", Percent(propensity!.Value)), ("product.es", c.Value.Name.Es), ("product.en", c.Value.Name.En))
                    : Args(("share", Percent(c.Value.Share)), ("product.es", c.Value.Name.Es), ("product.en", c.Value.Name.En));
                return new NextBestAction(
                    NextBestActionKind.CrossSell,
                    "crossSell:" + c.Key.ToString(CultureInfo.InvariantCulture),
                    new BilingualText($"Ofrecer {c.Value.Name.Es}", $"Offer {c.Value.Name.En}"),
                    byPropensity ? NextBestActionReason.Propensity : NextBestActionReason.OwnedTogether,
                    args,
                    Math.Round(Math.Min(score, 499), 2),
                    ProductId: c.Key);
            })
            .OrderBy(a => a, Order)
            .Take(MaxCrossSell);
    }

    private static IEnumerable<NextBestAction> ContactData(NextBestActionInput input)
    {
        if (input.Contact is not { } contact)
        {
            yield break;
        }

        if (!contact.HasEmail || !contact.HasPhone)
        {
            var (code, reason) = (contact.HasEmail, contact.HasPhone) switch
            {
                (false, false) => ("contact:all", NextBestActionReason.NoContactData),
                (false, true) => ("contact:email", NextBestActionReason.NoEmail),
                _ => ("contact:phone", NextBestActionReason.NoPhone),
            };
            yield return new NextBestAction(
                NextBestActionKind.UpdateContactData,
                code,
                new BilingualText("Completar los datos de contacto", "Complete the contact data"),
                reason,
                Args(),
                150);
        }

        if (contact.HasEmail && !contact.MarketingConsentAsked)
        {
            yield return new NextBestAction(
                NextBestActionKind.RequestConsent,
                "consent:marketingEmail",
                new BilingualText("Pedir el consentimiento para comunicaciones comerciales", "Ask for consent to marketing communications"),
                NextBestActionReason.NoMarketingConsent,
                Args(),
                80);
        }
    }

    private static string Percent(double share) => Math.Round(share * 100).ToString(CultureInfo.InvariantCulture);

    private static IReadOnlyDictionary<string, string> Args(params (string Key, string Value)[] pairs)
    {
        var args = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            args[key] = value;
        }

        return args;
    }
}
