using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vinculo.Core.Storage;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Offers;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Offers;

/// <summary>A promotion the customer may be offered now, in both languages.</summary>
public sealed record EligiblePromotion(
    long Id,
    string Code,
    BilingualText Name,
    BilingualText Offer,
    DateOnly ValidFrom,
    DateOnly ValidTo,
    int Priority,
    bool TierMatch);

/// <summary>
/// The next best actions for a customer while they are present (customer 360, scripts): overdue invoices, open
/// cases, eligible promotions, cross-sell, missing contact data, ranked by <see cref="NextBestActionRanker"/> with the
/// analytical scores of every registered <see cref="ICustomerScoreSource"/> when there are any.
/// </summary>
/// <remarks>
/// Every read is bounded: the customer's own rows through their customer indexes, the current promotions through the
/// status/validity index, and the cross-sell co-occurrence over at most <see cref="MaxNeighbours"/> other customers who
/// have some of the same products (the latest <see cref="RowsPerSeed"/> buyers and subscribers of each of at most
/// <see cref="MaxSeedProducts"/> of the customer's products, through the (product_id, id) indexes).
/// </remarks>
public sealed class NextBestActionService(
    VinculoDb db, TimeProvider clock, IOptions<OfferOptions> options, IEnumerable<ICustomerScoreSource> scoreSources)
{
    /// <summary>
    /// Outside dependency injection: default <see cref="OfferOptions"/> (UTC dates) and no score sources. Prefer the
    /// registered (scoped) service, which knows the company's time zone and the analytics.
    /// </summary>
    public NextBestActionService(VinculoDb db, TimeProvider clock)
        : this(db, clock, Options.Create(new OfferOptions()), [])
    {
    }

    /// <summary>Other customers looked at for the cross-sell co-occurrence.</summary>
    public const int MaxNeighbours = 300;

    /// <summary>Owned products used to find those customers (a big buyer's whole history is not needed).</summary>
    public const int MaxSeedProducts = 10;

    /// <summary>Latest rows read per owned product and source (order lines, contracts) to find the neighbours.</summary>
    public const int RowsPerSeed = 100;

    /// <summary>Fewest neighbours owning a product for it to be proposed.</summary>
    public const int MinOwners = 2;

    /// <summary>
    /// The ranked actions for <paramref name="customerId"/> on <paramref name="channel"/> (camelCase channel name, or
    /// null for any), best first; null when the customer does not exist.
    /// </summary>
    /// <exception cref="Common.ValidationException">The channel is not a known channel.</exception>
    public Task<IReadOnlyList<NextBestAction>?> ForCustomerAsync(long customerId, string? channel, CancellationToken ct) =>
        ForCustomerAsync(customerId, channel, null, ct);

    /// <summary>
    /// As <see cref="ForCustomerAsync(long, string?, CancellationToken)"/>, with <paramref name="scores"/> added to (and
    /// winning over) those of the registered score sources.
    /// </summary>
    public async Task<IReadOnlyList<NextBestAction>?> ForCustomerAsync(
        long customerId, string? channel, IReadOnlyDictionary<string, double>? scores, CancellationToken ct)
    {
        var parsedChannel = OfferReads.Channel(channel);
        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == customerId)
            .Select(c => new { c.Tier, c.Segment }).FirstOrDefaultAsync(ct);
        if (customer is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var utcNow = now.UtcDateTime;
        var owned = await OfferReads.OwnedProducts(db, customerId, ct);
        var facts = new OfferFacts(customer.Segment, customer.Tier, owned, parsedChannel, PromotionRules.Today(now, options.Value.Zone()));
        var promotions = await CurrentPromotions(facts.Today, ct);
        var (accepted, declined) = await History(customerId, promotions.Select(p => p.Id).ToList(), utcNow, ct);
        var allScores = await Scores(customerId, scores, ct);
        var crossSell = await CrossSell(customerId, owned, ct);

        var named = promotions.SelectMany(p => OfferReads.ProductIds(p.Eligibility)).ToHashSet();
        foreach (var key in allScores.Keys)
        {
            if (key.StartsWith(NextBestActionRanker.PropensityPrefix, StringComparison.Ordinal)
                && long.TryParse(key.AsSpan(NextBestActionRanker.PropensityPrefix.Length), out var product))
            {
                named.Add(product);
            }
        }

        var names = (await OfferReads.Products(db, named, ct)).ToDictionary(p => p.Key, p => new BilingualText(p.Value.NameEs, p.Value.NameEn));
        var input = new NextBestActionInput(facts)
        {
            OverdueInvoices = await OverdueInvoices(customerId, utcNow, ct),
            OpenCases = await OpenCases(customerId, utcNow, ct),
            Promotions = promotions,
            ProductNames = names,
            CrossSell = crossSell,
            Contact = await Contact(customerId, ct),
            AcceptedPromotions = accepted,
            DeclinedPromotions = declined,
            Scores = allScores.Count == 0 ? null : allScores,
        };
        return NextBestActionRanker.Rank(input);
    }

    /// <summary>
    /// The active promotions valid today that <paramref name="customerId"/> is eligible for on
    /// <paramref name="channel"/>, highest priority first (then code); null when the customer does not exist. Promotions
    /// the customer already accepted or declined recently are left out, as in the next best actions.
    /// </summary>
    /// <exception cref="Common.ValidationException">The channel is not a known channel.</exception>
    public async Task<IReadOnlyList<EligiblePromotion>?> EligiblePromotionsAsync(long customerId, string? channel, CancellationToken ct)
    {
        var parsedChannel = OfferReads.Channel(channel);
        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == customerId)
            .Select(c => new { c.Tier, c.Segment }).FirstOrDefaultAsync(ct);
        if (customer is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var facts = new OfferFacts(customer.Segment, customer.Tier, await OfferReads.OwnedProducts(db, customerId, ct), parsedChannel,
            PromotionRules.Today(now, options.Value.Zone()));
        var promotions = await CurrentPromotions(facts.Today, ct);
        var (accepted, declined) = await History(customerId, promotions.Select(p => p.Id).ToList(), now.UtcDateTime, ct);
        return [.. promotions
            .Where(p => PromotionRules.Check(p, facts).Eligible && !accepted.Contains(p.Id) && !declined.Contains(p.Id))
            .OrderByDescending(p => p.Priority).ThenBy(p => p.Code, StringComparer.Ordinal)
            .Select(p => new EligiblePromotion(p.Id, p.Code, new BilingualText(p.NameEs, p.NameEn), new BilingualText(p.OfferEs, p.OfferEn),
                p.ValidFrom, p.ValidTo, p.Priority, PromotionRules.TierMatch(p, facts.Tier)))];
    }

    /// <summary>
    /// Whether <paramref name="customerId"/> may be offered <paramref name="promotionId"/> now on
    /// <paramref name="channel"/>, with every rule that says no; null when either does not exist.
    /// </summary>
    public async Task<EligibilityResult?> EligibilityAsync(long promotionId, long customerId, string? channel, CancellationToken ct)
    {
        var parsedChannel = OfferReads.Channel(channel);
        var promotion = await db.Promotions.AsNoTracking().FirstOrDefaultAsync(p => p.Id == promotionId, ct);
        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == customerId)
            .Select(c => new { c.Tier, c.Segment }).FirstOrDefaultAsync(ct);
        if (promotion is null || customer is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var facts = new OfferFacts(customer.Segment, customer.Tier, await OfferReads.OwnedProducts(db, customerId, ct), parsedChannel,
            PromotionRules.Today(now, options.Value.Zone()));
        var check = PromotionRules.Check(promotion, facts);
        var (accepted, declined) = await History(customerId, [promotionId], now.UtcDateTime, ct);
        var products = await OfferReads.Products(db, check.Failures.SelectMany(f => f.Products), ct);
        var failures = check.Failures.Select(f => new RuleFailureDto(f.Rule, f.Actual, f.Expected,
            [.. f.Products.Select(id => products.TryGetValue(id, out var p) ? p : new ProductRef(id, "", "", ""))])).ToList();
        return new EligibilityResult(promotion.Id, promotion.Code, customerId, check.Eligible, failures,
            accepted.Contains(promotionId), declined.Contains(promotionId), facts.Today);
    }

    /// <summary>Active promotions whose validity includes <paramref name="today"/> (the status/validity index).</summary>
    private async Task<List<Promotion>> CurrentPromotions(DateOnly today, CancellationToken ct) =>
        await db.Promotions.AsNoTracking()
            .Where(p => p.Status == PromotionStatus.Active && p.ValidTo >= today && p.ValidFrom <= today)
            .OrderBy(p => p.Id).Take(500).ToListAsync(ct);

    /// <summary>Promotions (of <paramref name="ids"/>) the customer accepted ever, and declined within the quiet period.</summary>
    private async Task<(HashSet<long> Accepted, HashSet<long> Declined)> History(long customerId, List<long> ids, DateTime now, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return ([], []);
        }

        var since = now.AddDays(-Math.Max(0, options.Value.DeclinedQuietDays));
        var rows = await db.PromotionResponses.AsNoTracking()
            .Where(r => r.CustomerId == customerId && ids.Contains(r.PromotionId)
                && (r.Kind == PromotionResponseKind.Accepted || (r.Kind == PromotionResponseKind.Declined && r.At >= since)))
            .Select(r => new { r.PromotionId, r.Kind }).Distinct().ToListAsync(ct);
        return ([.. rows.Where(r => r.Kind == PromotionResponseKind.Accepted).Select(r => r.PromotionId)],
            [.. rows.Where(r => r.Kind == PromotionResponseKind.Declined).Select(r => r.PromotionId)]);
    }

    private async Task<Dictionary<string, double>> Scores(long customerId, IReadOnlyDictionary<string, double>? explicitScores, CancellationToken ct)
    {
        var all = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var source in scoreSources)
        {
            foreach (var (key, value) in await source.ScoresAsync(customerId, ct))
            {
                all[key] = value;
            }
        }

        foreach (var (key, value) in explicitScores ?? new Dictionary<string, double>())
        {
            all[key] = value;
        }

        return all;
    }

    private async Task<List<OverdueInvoiceFact>> OverdueInvoices(long customerId, DateTime now, CancellationToken ct)
    {
        var rows = await db.Invoices.AsNoTracking()
            .Where(i => i.CustomerId == customerId && i.Status == InvoiceStatus.Open && i.Kind == InvoiceKind.Invoice
                && i.DueAt < now && i.Total > i.Settled)
            .OrderBy(i => i.DueAt).ThenBy(i => i.Id).Take(NextBestActionRanker.MaxInvoices)
            .Select(i => new { i.Id, i.Number, i.Total, i.Settled, i.Currency, i.DueAt })
            .ToListAsync(ct);
        return [.. rows.Select(i => new OverdueInvoiceFact(i.Id, i.Number, i.Total - i.Settled, i.Currency, Receivables.DaysOverdue(i.DueAt, now)))];
    }

    private async Task<List<OpenCaseFact>> OpenCases(long customerId, DateTime now, CancellationToken ct)
    {
        var rows = await db.Cases.AsNoTracking()
            .Where(c => c.CustomerId == customerId && c.IsActive)
            .OrderByDescending(c => c.CreatedAt).Take(50)
            .Select(c => new
            {
                c.Id,
                c.Subject,
                c.CreatedAt,
                Breached = c.FrBreachedAt != null || c.NrBreachedAt != null || c.ResBreachedAt != null
                    || (c.FrState == SlaClockState.Running && c.FrDueAt < now)
                    || (c.NrState == SlaClockState.Running && c.NrDueAt < now)
                    || (c.ResState == SlaClockState.Running && c.ResDueAt < now),
            })
            .ToListAsync(ct);
        return [.. rows.Select(c => new OpenCaseFact(c.Id, c.Subject, c.Breached, Math.Max(0, (now.Date - c.CreatedAt.Date).Days)))];
    }

    private async Task<ContactFacts> Contact(long customerId, CancellationToken ct)
    {
        var hasEmail = await db.CustomerEmails.AnyAsync(e => e.CustomerId == customerId, ct)
            || await db.ContactPersons.AnyAsync(p => p.CustomerId == customerId && p.Email != null, ct);
        var hasPhone = await db.CustomerPhones.AnyAsync(p => p.CustomerId == customerId, ct)
            || await db.ContactPersons.AnyAsync(p => p.CustomerId == customerId && p.Phone != null, ct);
        var asked = await db.Consents.AnyAsync(c => c.CustomerId == customerId && c.Purpose == ConsentPurpose.MarketingEmail, ct);
        return new ContactFacts(hasEmail, hasPhone, asked);
    }

    /// <summary>
    /// Products the customer does not have, counted over the customers who have some of the same products: the
    /// neighbours are the latest buyers (order lines) and subscribers (active contracts) of the customer's products, at
    /// most <see cref="MaxNeighbours"/>; each candidate counts the neighbours who have it.
    /// </summary>
    private async Task<List<CrossSellFact>> CrossSell(long customerId, HashSet<long> owned, CancellationToken ct)
    {
        if (owned.Count == 0)
        {
            return [];
        }

        // Per product, the latest buyers and subscribers through the (product_id, id) index: a few short index scans,
        // whatever the size of the tables.
        var seeds = owned.Order().Take(MaxSeedProducts).ToList();
        long? self = customerId;
        var sources = new List<List<long>>();
        foreach (var product in seeds)
        {
            sources.Add(await db.OrderLines.AsNoTracking()
                .Where(l => l.ProductId == product && l.CustomerId != null && l.CustomerId != self)
                .OrderByDescending(l => l.Id).Take(RowsPerSeed).Select(l => l.CustomerId!.Value).ToListAsync(ct));
            sources.Add(await db.Contracts.AsNoTracking()
                .Where(c => c.ProductId == product && c.Status == ContractStatus.Active && c.CustomerId != customerId)
                .OrderByDescending(c => c.Id).Take(RowsPerSeed).Select(c => c.CustomerId).ToListAsync(ct));
        }

        var neighbours = Interleave(sources).Distinct().Take(MaxNeighbours).ToList();
        if (neighbours.Count == 0)
        {
            return [];
        }

        var nullable = neighbours.Select(n => (long?)n).ToList();
        var ownedList = owned.ToList();
        var linePairs = db.OrderLines.Where(l => nullable.Contains(l.CustomerId) && l.Quantity > l.ReturnedQuantity)
            .Select(l => new { Customer = l.CustomerId!.Value, Product = l.ProductId });
        var contractPairs = db.Contracts.Where(c => neighbours.Contains(c.CustomerId) && c.Status == ContractStatus.Active)
            .Select(c => new { Customer = c.CustomerId, Product = c.ProductId });
        var counts = await linePairs.Union(contractPairs)
            .Where(x => !ownedList.Contains(x.Product))
            .GroupBy(x => x.Product)
            .Select(g => new { Product = g.Key, Owners = g.Count() })
            .Where(x => x.Owners >= MinOwners)
            .OrderByDescending(x => x.Owners).ThenBy(x => x.Product)
            .Take(NextBestActionRanker.MaxCrossSell * 4)
            .ToListAsync(ct);
        if (counts.Count == 0)
        {
            return [];
        }

        var ids = counts.Select(c => c.Product).ToList();
        var names = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id) && p.Active)
            .Select(p => new { p.Id, p.NameEs, p.NameEn }).ToDictionaryAsync(p => p.Id, ct);
        return [.. counts.Where(c => names.ContainsKey(c.Product))
            .Select(c => new CrossSellFact(c.Product, new BilingualText(names[c.Product].NameEs, names[c.Product].NameEn), c.Owners, neighbours.Count))];
    }

    /// <summary>Takes from each list in turn (buyers and subscribers of each product), so no source crowds out the others.</summary>
    private static IEnumerable<long> Interleave(List<List<long>> sources)
    {
        var longest = sources.Count == 0 ? 0 : sources.Max(s => s.Count);
        for (var i = 0; i < longest; i++)
        {
            foreach (var source in sources)
            {
                if (i < source.Count)
                {
                    yield return source[i];
                }
            }
        }
    }
}
