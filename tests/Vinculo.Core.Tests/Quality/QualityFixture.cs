using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Quality;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;

namespace Vinculo.Core.Tests.Quality;

/// <summary>Writes customers and commerce records straight through the context, so the data can break the rules the API enforces.</summary>
internal static class QualityFixture
{
    public static readonly DateTime Now = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);

    public static async Task<T> WithQuality<T>(TestServices app, Func<QualityService, Task<T>> work)
    {
        await using var scope = app.Scope();
        return await work(ActivatorUtilities.GetServiceOrCreateInstance<QualityService>(scope.ServiceProvider));
    }

    public static Customer Person(string first, string last, string? email = null, string? phone = null, string? taxId = null,
        string? line1 = null, string? postalCode = null, string? city = "Madrid")
    {
        var c = new Customer
        {
            Kind = CustomerKind.Person,
            Lifecycle = Lifecycle.Active,
            FirstName = first,
            LastName = last,
            TaxId = taxId,
            CreatedAt = Now.AddYears(-1),
            UpdatedAt = Now.AddYears(-1),
            Version = 1,
        };
        if (email is not null)
        {
            c.Emails.Add(new CustomerEmail { Address = email, Normalized = email.Trim().ToLowerInvariant(), IsPrimary = true });
        }

        if (phone is not null)
        {
            c.Phones.Add(new CustomerPhone { Raw = phone, E164 = PhoneNumbers.TryNormalize(phone, "34", out var e164) ? e164 : phone, IsPrimary = true });
        }

        if (line1 is not null)
        {
            c.Addresses.Add(new CustomerAddress { Line1 = line1, PostalCode = postalCode, City = city, Country = "ES" });
        }

        return Seal(c);
    }

    public static Customer Seal(Customer c)
    {
        c.DisplayName = Customer.ComposeDisplayName(c.Kind, c.FirstName, c.LastName, c.CompanyName);
        c.SearchName = Core.Customers.CustomerInputMapper.SearchText(c);
        return c;
    }

    public static async Task<List<Customer>> Add(TestDatabase database, params Customer[] customers)
    {
        await using var db = database.CreateDbContext();
        db.Customers.AddRange(customers);
        await db.SaveChangesAsync();
        return [.. customers];
    }

    public static async Task<Product> AddProduct(VinculoDb db, string sku = "SKU-1", decimal price = 10m)
    {
        var product = new Product
        {
            Sku = sku, NameEs = "Taza", NameEn = "Mug", ListPrice = price, Currency = "EUR", SearchText = "taza mug",
            CreatedAt = Now, UpdatedAt = Now, Version = 1,
        };
        db.Products.Add(product);
        await db.SaveChangesAsync();
        return product;
    }

    public static Order Order(long? customerId, string number, params OrderLine[] lines) => new()
    {
        CustomerId = customerId, Number = number, Channel = Channel.Web, Status = OrderStatus.Delivered, OrderedAt = Now.AddDays(-30),
        Currency = "EUR", Total = lines.Sum(l => l.Net), LineCount = lines.Length, CreatedAt = Now, UpdatedAt = Now, Version = 1,
        Lines = [.. lines],
    };

    public static OrderLine Line(long productId, long? customerId, int lineNo, int quantity, decimal unitPrice, decimal discount = 0, int returned = 0) => new()
    {
        ProductId = productId, CustomerId = customerId, LineNo = lineNo, Quantity = quantity, UnitPrice = unitPrice, Discount = discount,
        ReturnedQuantity = returned,
    };

    public static Invoice Invoice(long customerId, string number, decimal total, int dueInDays = 30) => new()
    {
        CustomerId = customerId, Number = number, Kind = InvoiceKind.Invoice, IssuedAt = Now.AddDays(-20), DueAt = Now.AddDays(-20 + dueInDays),
        Currency = "EUR", Total = total, Settled = 0, Status = InvoiceStatus.Open, CreatedAt = Now, UpdatedAt = Now, Version = 1,
    };

    public static Payment Payment(long customerId, long? invoiceId, decimal amount, string currency = "EUR") => new()
    {
        CustomerId = customerId, InvoiceId = invoiceId, Method = PaymentMethod.Card, PaidAt = Now.AddDays(-10), Amount = amount,
        Currency = currency, CreatedAt = Now,
    };

    public static ProductReturn Return(long? customerId, long productId, long? orderLineId, int quantity, decimal refund) => new()
    {
        CustomerId = customerId, ProductId = productId, OrderLineId = orderLineId, Quantity = quantity, Reason = ReturnReason.Damaged,
        RefundAmount = refund, Currency = "EUR", Status = ReturnStatus.Requested, RequestedAt = Now.AddDays(-5), CreatedAt = Now, UpdatedAt = Now,
        Version = 1,
    };
}
