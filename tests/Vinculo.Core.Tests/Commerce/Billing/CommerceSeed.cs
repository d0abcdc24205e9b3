using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;

namespace Vinculo.Core.Tests.Commerce.Billing;

/// <summary>Writes customers, products and orders straight into a test database, for the billing and after-sales tests.</summary>
public sealed class CommerceSeed(TestDatabase database)
{
    private static readonly DateTime Created = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private int _orders;
    private int _products;

    public async Task<long> Customer(string name = "Ana Ruiz", string language = "es")
    {
        await using var db = database.CreateDbContext();
        var customer = new Customer
        {
            FirstName = name, DisplayName = name, SearchName = name.ToLowerInvariant(), PreferredLanguage = language, Lifecycle = Lifecycle.Active,
            CreatedAt = Created, UpdatedAt = Created, Version = 1,
        };
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        return customer.Id;
    }

    public async Task<long> Product(string nameEs = "Sábanas de franela", string nameEn = "Flannel sheets", decimal price = 30m, int warrantyMonths = 36)
    {
        await using var db = database.CreateDbContext();
        var product = new Product
        {
            Sku = $"SKU-{++_products:D4}-{Guid.NewGuid():N}"[..16], NameEs = nameEs, NameEn = nameEn, ListPrice = price, Currency = "EUR",
            WarrantyMonths = warrantyMonths, SearchText = nameEs.ToLowerInvariant(), CreatedAt = Created, UpdatedAt = Created, Version = 1,
        };
        db.Products.Add(product);
        await db.SaveChangesAsync();
        return product.Id;
    }

    /// <summary>An order with one line per item; returns the order and its line ids in order.</summary>
    public async Task<(long OrderId, IReadOnlyList<long> LineIds, decimal Total)> Order(
        long? customerId, DateTime orderedAt, params (long ProductId, int Quantity, decimal UnitPrice, decimal Discount)[] lines)
    {
        await using var db = database.CreateDbContext();
        var order = new Order
        {
            CustomerId = customerId, Number = $"P-{++_orders:D5}", Channel = Channel.Web, Status = OrderStatus.Delivered, OrderedAt = orderedAt,
            Currency = "EUR", CreatedAt = orderedAt, UpdatedAt = orderedAt, Version = 1,
        };
        var n = 0;
        foreach (var (productId, quantity, unitPrice, discount) in lines)
        {
            order.Lines.Add(new OrderLine
            {
                CustomerId = customerId, ProductId = productId, LineNo = ++n, Quantity = quantity, UnitPrice = unitPrice, Discount = discount,
            });
        }

        order.Total = order.Lines.Sum(l => l.Net);
        order.LineCount = order.Lines.Count;
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        return (order.Id, order.Lines.Select(l => l.Id).ToList(), order.Total);
    }

    public async Task<T> With<T>(Func<VinculoDb, Task<T>> read)
    {
        await using var db = database.CreateDbContext();
        return await read(db);
    }
}
