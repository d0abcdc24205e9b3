using Vinculo.Core.Customers;
using Vinculo.Core.Offers;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Offers;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Tests.Offers;

/// <summary>Customers, products, contracts, orders, invoices, cases and promotions for the offer tests.</summary>
internal static class OfferWorld
{
    /// <summary>Monday 23 November 2026, 10:00 UTC.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public static readonly DateOnly Today = new(2026, 11, 23);

    public static DateTime Utc(int month, int day) => new(2026, month, day, 10, 0, 0, DateTimeKind.Utc);

    public static async Task<long> Customer(TestServices app, string first, string? tier = null, string? segment = null,
        bool email = true, bool phone = true, bool consent = true, string language = "es") =>
        (await app.Run<CustomerService, CustomerDto>(s => s.Create(new CustomerInput
        {
            FirstName = first,
            LastName = "Prueba",
            Lifecycle = "active",
            Tier = tier,
            Segment = segment,
            PreferredLanguage = language,
            Emails = email ? [new EmailInput($"{first.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com")] : null,
            Phones = phone ? [new PhoneInput("612 34 56 78")] : null,
            Consents = consent && email ? [new ConsentInput("marketingEmail", "granted")] : null,
        }))).Id;

    public static async Task<long> Product(VinculoDb db, string sku, string nameEs, string nameEn, bool active = true)
    {
        var product = new Product
        {
            Sku = sku, NameEs = nameEs, NameEn = nameEn, ListPrice = 10, Active = active, SearchText = sku.ToLowerInvariant(),
            CreatedAt = Utc(1, 1), UpdatedAt = Utc(1, 1), Version = 1,
        };
        db.Products.Add(product);
        await db.SaveChangesAsync();
        return product.Id;
    }

    public static async Task Contract(VinculoDb db, long customerId, long productId, ContractStatus status = ContractStatus.Active)
    {
        db.Contracts.Add(new Contract
        {
            CustomerId = customerId, ProductId = productId, Status = status, Price = 20, StartedAt = Utc(1, 1),
            CreatedAt = Utc(1, 1), UpdatedAt = Utc(1, 1), Version = 1,
        });
        await db.SaveChangesAsync();
    }

    public static async Task Order(VinculoDb db, long customerId, OrderStatus status = OrderStatus.Delivered, params (long Product, int Quantity, int Returned)[] lines)
    {
        var order = new Order
        {
            CustomerId = customerId, Number = "P-" + Guid.NewGuid().ToString("N")[..10], Status = status, OrderedAt = Utc(6, 1),
            CreatedAt = Utc(6, 1), UpdatedAt = Utc(6, 1), Version = 1, LineCount = lines.Length,
        };
        var n = 0;
        foreach (var (product, quantity, returned) in lines)
        {
            order.Lines.Add(new OrderLine
            {
                CustomerId = customerId, ProductId = product, LineNo = ++n, Quantity = quantity, ReturnedQuantity = returned, UnitPrice = 10,
            });
        }

        db.Orders.Add(order);
        await db.SaveChangesAsync();
    }

    public static async Task<long> Invoice(VinculoDb db, long customerId, string number, DateTime dueAt, decimal total, decimal settled,
        InvoiceStatus status = InvoiceStatus.Open)
    {
        var invoice = new Invoice
        {
            CustomerId = customerId, Number = number, IssuedAt = dueAt.AddDays(-30), DueAt = dueAt, Total = total, Settled = settled,
            Status = status, CreatedAt = dueAt.AddDays(-30), UpdatedAt = dueAt.AddDays(-30), Version = 1,
        };
        db.Invoices.Add(invoice);
        await db.SaveChangesAsync();
        return invoice.Id;
    }

    public static async Task<long> Case(VinculoDb db, long customerId, string subject, DateTime createdAt, bool breached, bool active = true)
    {
        var c = new ServiceCase
        {
            CustomerId = customerId, Type = "question", Channel = Channel.Phone, Subject = subject,
            Status = active ? CaseStatus.Open : CaseStatus.Closed, IsActive = active,
            CreatedAt = createdAt, UpdatedAt = createdAt, LastEventAt = createdAt, QueueDueAt = SlaAlarms.NoDue, Version = 1,
            ResState = breached ? SlaClockState.Breached : SlaClockState.Running,
            ResDueAt = breached ? createdAt.AddHours(8) : createdAt.AddDays(30),
            ResBreachedAt = breached ? createdAt.AddHours(8) : null,
        };
        db.Cases.Add(c);
        await db.SaveChangesAsync();
        return c.Id;
    }

    public static async Task<long> Promotion(VinculoDb db, string code, PromotionEligibility? rules = null, int priority = 0,
        PromotionStatus status = PromotionStatus.Active, DateOnly? from = null, DateOnly? to = null)
    {
        var promotion = new Promotion
        {
            Code = code, NameEs = "Promo " + code, NameEn = "Promo " + code, OfferEs = "Oferta " + code, OfferEn = "Offer " + code,
            ValidFrom = from ?? new DateOnly(2026, 11, 1), ValidTo = to ?? new DateOnly(2026, 11, 30), Status = status, Priority = priority,
            Eligibility = rules ?? PromotionEligibility.Anyone, CreatedAt = Utc(11, 1), UpdatedAt = Utc(11, 1), Version = 1,
        };
        db.Promotions.Add(promotion);
        await db.SaveChangesAsync();
        return promotion.Id;
    }

    public static async Task Response(VinculoDb db, long promotionId, long customerId, PromotionResponseKind kind, DateTime at)
    {
        db.PromotionResponses.Add(new PromotionResponse { PromotionId = promotionId, CustomerId = customerId, Kind = kind, At = at });
        await db.SaveChangesAsync();
    }

    public static PromotionInput Input(string code = "NAVIDAD", PromotionInput? with = null) => with ?? new PromotionInput
    {
        Code = code,
        NameEs = "Navidad",
        NameEn = "Christmas",
        OfferEs = "Un mes gratis",
        OfferEn = "One month free",
        ValidFrom = new DateOnly(2026, 12, 1),
        ValidTo = new DateOnly(2026, 12, 31),
        Priority = 10,
    };
}
