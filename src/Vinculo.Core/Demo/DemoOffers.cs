using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Storage;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Offers;

namespace Vinculo.Core.Demo;

/// <summary>
/// The demo's promotions, valid around the demo clock's today: a free upgrade for platinum customers, a fibre + TV
/// bundle for residential fibre customers (cross-sell), a second mobile line for gold customers, a virtual switchboard
/// for businesses, home insurance on the phone, chat and web, and a January sale still in draft. They name the demo
/// catalogue's products by SKU; a product the catalogue lacks is left out of the rule (and a promotion for owners of
/// products the catalogue has none of is left out).
/// </summary>
public static class DemoOffers
{
    private sealed record DemoPromotion(
        string Code, string NameEs, string NameEn, string OfferEs, string OfferEn, int FromDays, int ToDays, int Priority,
        PromotionStatus Status, string[] Segments, string[] Tiers, Channel[] Channels, string[] OwnsAny, string[] NotOwned);

    private static readonly DemoPromotion[] Promotions =
    [
        new("PLATINO-MEJORA", "Mejora gratuita para clientes platino", "Free upgrade for platinum customers",
            "Como cliente platino, le subimos gratis a Fibra 1 Gb durante 12 meses, sin permanencia.",
            "As a platinum customer, we upgrade you to Fibre 1 Gb free for 12 months, with no commitment.",
            -30, 60, 900, PromotionStatus.Active, [], ["platinum"], [], [], ["FIB-1G"]),
        new("PACK-FIBRA-TV", "Pack fibra + TV con fútbol", "Fibre + TV with football bundle",
            "Añada TV con fútbol a su fibra por 15 € al mes los seis primeros meses.",
            "Add TV with football to your fibre for €15 a month for the first six months.",
            -10, 50, 500, PromotionStatus.Active, ["residential"], [], [], ["FIB-300", "FIB-600", "FIB-1G"], ["TV-BAS", "TV-FUT"]),
        new("ORO-SEGUNDA-LINEA", "Segunda línea móvil a mitad de precio", "Second mobile line at half price",
            "Por ser cliente oro, su segunda línea móvil le cuesta la mitad durante un año.",
            "As a gold customer, your second mobile line costs half for a year.",
            -20, 40, 400, PromotionStatus.Active, [], ["gold"], [], ["MOV-10", "MOV-50", "MOV-ILIM"], []),
        new("EMPRESAS-CENTRALITA", "Centralita virtual: tres meses gratis", "Virtual switchboard: three months free",
            "Pruebe la centralita virtual tres meses sin coste y sin permanencia.",
            "Try the virtual switchboard for three months at no cost and with no commitment.",
            -5, 85, 450, PromotionStatus.Active, ["smb", "enterprise"], [], [Channel.Phone, Channel.Email, Channel.InPerson], [], ["PYME-CEN"]),
        new("HOGAR-SEGURO", "Seguro de hogar: dos meses gratis", "Home insurance: two months free",
            "Contrate el seguro de hogar hoy y no pague los dos primeros meses.",
            "Take out home insurance today and pay nothing for the first two months.",
            -45, 15, 200, PromotionStatus.Active, ["residential"], [], [Channel.Phone, Channel.Chat, Channel.Web], [], ["SEG-HOG"]),
        new("REBAJAS-ENERO", "Rebajas de enero en electrodomésticos", "January sale on appliances",
            "Un 20 % de descuento en electrodomésticos seleccionados, con instalación gratis.",
            "20% off selected appliances, with free installation.",
            40, 70, 300, PromotionStatus.Draft, [], [], [], [], []),
    ];

    /// <summary>How many promotions the demo adds.</summary>
    public static int Count => Promotions.Length;

    /// <summary>Adds the demo promotions unless the database already has promotions. Returns how many were added.</summary>
    public static Task<int> SeedAsync(VinculoDb db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return SeedAsync(db, clock.GetUtcNow().UtcDateTime, ct);
    }

    /// <summary>As <see cref="SeedAsync(VinculoDb, TimeProvider, CancellationToken)"/>, with the demo's "now" (UTC).</summary>
    public static async Task<int> SeedAsync(VinculoDb db, DateTime nowUtc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await db.Promotions.AnyAsync(ct))
        {
            return 0;
        }

        var now = Timestamps.Truncate(nowUtc.Kind == DateTimeKind.Utc ? nowUtc : DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc));
        var today = DateOnly.FromDateTime(now);
        var skus = Promotions.SelectMany(p => p.OwnsAny.Concat(p.NotOwned)).Distinct().ToList();
        var ids = await db.Products.AsNoTracking().Where(p => skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, p => p.Id, ct);
        long[] Ids(string[] codes) => [.. codes.Where(ids.ContainsKey).Select(c => ids[c])];

        var chosen = Promotions.Where(p => p.OwnsAny.Length == 0 || Ids(p.OwnsAny).Length > 0).ToList();
        db.Promotions.AddRange(chosen.Select(p => new Promotion
        {
            Code = p.Code,
            NameEs = p.NameEs,
            NameEn = p.NameEn,
            OfferEs = p.OfferEs,
            OfferEn = p.OfferEn,
            ValidFrom = today.AddDays(p.FromDays),
            ValidTo = today.AddDays(p.ToDays),
            Status = p.Status,
            Priority = p.Priority,
            Eligibility = new PromotionEligibility
            {
                Segments = p.Segments, Tiers = p.Tiers, Channels = p.Channels, OwnsAny = Ids(p.OwnsAny), NotOwned = Ids(p.NotOwned),
            },
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        }));
        await db.SaveChangesAsync(ct);
        return chosen.Count;
    }
}
