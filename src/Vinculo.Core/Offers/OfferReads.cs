using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Core.Storage;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Offers;

namespace Vinculo.Core.Offers;

/// <summary>Reads shared by the offer use cases.</summary>
internal static class OfferReads
{
    /// <summary>The products <paramref name="customerId"/> has: active contracts, and order lines not cancelled nor fully returned.</summary>
    public static async Task<HashSet<long>> OwnedProducts(VinculoDb db, long customerId, CancellationToken ct)
    {
        var fromContracts = db.Contracts.Where(c => c.CustomerId == customerId && c.Status == ContractStatus.Active).Select(c => c.ProductId);
        var fromOrders = db.OrderLines.Where(l => l.CustomerId == customerId && l.Quantity > l.ReturnedQuantity)
            .Join(db.Orders.Where(o => o.Status != OrderStatus.Cancelled), l => l.OrderId, o => o.Id, (l, o) => l.ProductId);
        return [.. await fromContracts.Union(fromOrders).ToListAsync(ct)];
    }

    public static async Task<Dictionary<long, ProductRef>> Products(VinculoDb db, IEnumerable<long> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        if (list.Count == 0)
        {
            return [];
        }

        return await db.Products.AsNoTracking().Where(p => list.Contains(p.Id))
            .Select(p => new ProductRef(p.Id, p.Sku, p.NameEs, p.NameEn))
            .ToDictionaryAsync(p => p.Id, ct);
    }

    /// <summary>Parses an optional channel (camelCase name); null when blank.</summary>
    public static Channel? Channel(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var errors = new ValidationErrors();
        var channel = CustomerInputMapper.ParseEnum(text, "channel", Domain.Interactions.Channel.Phone, errors);
        errors.ThrowIfInvalid();
        return channel;
    }

    /// <summary>
    /// The distinct non-null values of a customers column (tier or segment), smallest first, at most
    /// <paramref name="max"/>: a loose index scan (one index seek per distinct value) instead of a scan of every customer.
    /// </summary>
    public static async Task<List<string>> CustomerCodes(VinculoDb db, string column, int max, CancellationToken ct)
    {
        if (column is not ("tier" or "segment"))
        {
            throw new ArgumentOutOfRangeException(nameof(column), column, "tier or segment");
        }

        // The column name is one of two constants above: nothing from the user reaches this text.
#pragma warning disable EF1002
        var sql = $"""
            WITH RECURSIVE codes(v, n) AS (
              SELECT MIN({column}), 1 FROM customers
              UNION ALL
              SELECT (SELECT MIN({column}) FROM customers WHERE {column} > codes.v), n + 1 FROM codes WHERE codes.v IS NOT NULL AND n < {max}
            )
            SELECT v AS "Value" FROM codes WHERE v IS NOT NULL
            """;
        return await db.Database.SqlQueryRaw<string>(sql).ToListAsync(ct);
#pragma warning restore EF1002
    }

    public static EligibilityDto ToDto(PromotionEligibility rules, IReadOnlyDictionary<long, ProductRef> products)
    {
        IReadOnlyList<ProductRef> Refs(IReadOnlyList<long> ids) =>
            [.. ids.Select(id => products.TryGetValue(id, out var p) ? p : new ProductRef(id, "", "", ""))];

        return new EligibilityDto(rules.Segments, rules.Tiers, rules.Channels, Refs(rules.OwnsAll), Refs(rules.OwnsAny), Refs(rules.NotOwned));
    }

    public static IEnumerable<long> ProductIds(PromotionEligibility rules) => rules.OwnsAll.Concat(rules.OwnsAny).Concat(rules.NotOwned);

    public static PromotionValidity Validity(Promotion promotion, DateOnly today) =>
        today < promotion.ValidFrom ? PromotionValidity.Upcoming : today > promotion.ValidTo ? PromotionValidity.Past : PromotionValidity.Current;
}
