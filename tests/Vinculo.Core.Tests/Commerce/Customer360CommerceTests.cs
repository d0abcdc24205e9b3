using Vinculo.Core.Customers;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Customers;

namespace Vinculo.Core.Tests.Commerce;

/// <summary>The 360's commerce section: contracts, orders, what is owed and its age, returns and claims, on both databases.</summary>
public sealed class Customer360CommerceTests
{
    private static readonly DateTime Now = new(2026, 6, 15, 10, 0, 0, DateTimeKind.Utc);

    [Theory, SqliteData, PostgresData]
    public async Task The_360_shows_contracts_orders_balance_aging_returns_and_claims(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Now));
        long customerId, otherId;
        await using (var context = db.CreateDbContext())
        {
            var customer = new Customer { DisplayName = "Lucía Gómez", SearchName = "lucia gomez", CreatedAt = Now, UpdatedAt = Now };
            var other = new Customer { DisplayName = "Otro", SearchName = "otro", CreatedAt = Now, UpdatedAt = Now };
            context.Customers.AddRange(customer, other);
            var fibre = new Product { Sku = "FIB-600", NameEs = "Fibra 600 Mb", NameEn = "Fibre 600 Mb", ListPrice = 30m, CreatedAt = Now, UpdatedAt = Now };
            var sofa = new Product { Sku = "SOF-3", NameEs = "Sofá tres plazas", NameEn = "Three-seat sofa", ListPrice = 499.99m, CreatedAt = Now, UpdatedAt = Now };
            context.Products.AddRange(fibre, sofa);
            await context.SaveChangesAsync();
            customerId = customer.Id;
            otherId = other.Id;

            context.Contracts.AddRange(
                new Contract { CustomerId = customerId, ProductId = fibre.Id, Price = 29.9m, StartedAt = Now.AddMonths(-8), CreatedAt = Now, UpdatedAt = Now },
                new Contract { CustomerId = customerId, ProductId = sofa.Id, Price = 1m, Status = ContractStatus.Cancelled, StartedAt = Now.AddYears(-2), CancelledAt = Now.AddYears(-1), CreatedAt = Now, UpdatedAt = Now },
                new Contract { CustomerId = otherId, ProductId = fibre.Id, Price = 30m, StartedAt = Now, CreatedAt = Now, UpdatedAt = Now });
            for (var i = 1; i <= 7; i++)
            {
                var order = new Order
                {
                    CustomerId = customerId, Number = $"P-{i}", OrderedAt = Now.AddDays(-10 * i), Total = 100m * i, LineCount = 1,
                    Status = i == 7 ? OrderStatus.Cancelled : OrderStatus.Delivered, CreatedAt = Now, UpdatedAt = Now,
                };
                order.Lines.Add(new OrderLine { CustomerId = customerId, ProductId = sofa.Id, LineNo = 1, Quantity = i, UnitPrice = 100m });
                context.Orders.Add(order);
            }

            await context.SaveChangesAsync();
            Invoice Inv(string number, decimal total, decimal settled, int dueDaysAgo, InvoiceStatus status = InvoiceStatus.Open, long? customer = null) => new()
            {
                CustomerId = customer ?? customerId, Number = number, IssuedAt = Now.AddDays(-dueDaysAgo - 30), DueAt = Now.AddDays(-dueDaysAgo),
                Total = total, Settled = settled, Status = status, CreatedAt = Now, UpdatedAt = Now,
            };
            context.Invoices.AddRange(
                Inv("F-1", 120m, 20m, 45),            // 100 owed, 45 days late → 31–60
                Inv("F-2", 50.5m, 0m, 10),            // 50.5, 10 days late → 0–30
                Inv("F-3", 80m, 0m, 120),             // 80, 120 days late → 90+
                Inv("F-4", 30m, 0m, -5),              // not yet due → current
                Inv("F-5", 70m, 70m, 200, InvoiceStatus.Paid),
                Inv("F-6", 999m, 0m, 300, InvoiceStatus.Cancelled),
                Inv("F-7", 10m, 0m, 100, customer: otherId));
            context.Payments.Add(new Payment { CustomerId = customerId, Method = PaymentMethod.Transfer, Amount = 15.25m, PaidAt = Now, CreatedAt = Now });
            await context.SaveChangesAsync();
            var line = context.OrderLines.First(l => l.CustomerId == customerId);
            context.Returns.Add(new ProductReturn
            {
                CustomerId = customerId, OrderLineId = line.Id, ProductId = sofa.Id, Quantity = 1, Reason = ReturnReason.Damaged, RefundAmount = 100m,
                RequestedAt = Now.AddDays(-2), CreatedAt = Now, UpdatedAt = Now,
            });
            context.WarrantyClaims.AddRange(
                new WarrantyClaim { CustomerId = customerId, OrderLineId = line.Id, ProductId = sofa.Id, ClaimedAt = Now.AddDays(-1), ExpiresAt = Now.AddYears(2), Description = "Pata rota", CreatedAt = Now, UpdatedAt = Now },
                new WarrantyClaim { CustomerId = customerId, OrderLineId = line.Id, ProductId = sofa.Id, ClaimedAt = Now.AddDays(-90), ExpiresAt = Now.AddYears(2), Description = "Antigua", Status = WarrantyStatus.Resolved, CreatedAt = Now, UpdatedAt = Now });
            await context.SaveChangesAsync();
        }

        var view = (await app.Run<CustomerService, Customer360?>(s => s.Get360(customerId, "en")))!;
        var commerce = view.Commerce;

        var contract = Assert.Single(commerce.ActiveContracts);
        Assert.Equal(("FIB-600", "Fibre 600 Mb", 29.9m), (contract.Sku, contract.ProductName, contract.Price));

        Assert.Equal(CustomerReader.RecentOrders, commerce.RecentOrders.Count);
        Assert.Equal(["P-1", "P-2", "P-3", "P-4", "P-5"], commerce.RecentOrders.Select(o => o.Number));
        var totals = Assert.Single(commerce.OrderTotals);
        Assert.Equal((6, 2_100m, Now.AddDays(-10)), (totals.Orders, totals.Amount, totals.LastOrderAt)); // the cancelled one excluded

        var account = Assert.Single(commerce.Accounts);
        Assert.Equal("EUR", account.Currency);
        Assert.Equal(new Aging(30m, 50.5m, 100m, 0m, 80m), account.Aging);
        Assert.Equal(230.5m, account.Overdue);
        Assert.Equal(260.5m - 15.25m, account.Balance);
        Assert.Equal(15.25m, account.OnAccount);
        Assert.Equal((120, 4, 3), (account.DaysOverdue, account.OpenInvoices, account.OverdueInvoices));

        var returned = Assert.Single(commerce.RecentReturns);
        Assert.Equal(("Three-seat sofa", ReturnReason.Damaged, 100m), (returned.ProductName, returned.Reason, returned.RefundAmount));
        var claim = Assert.Single(commerce.OpenWarrantyClaims);
        Assert.Equal(WarrantyStatus.Open, claim.Status);

        var spanish = (await app.Run<CustomerService, Customer360?>(s => s.Get360(customerId, "es")))!;
        Assert.Equal("Fibra 600 Mb", spanish.Commerce.ActiveContracts.Single().ProductName);

        var otherView = (await app.Run<CustomerService, Customer360?>(s => s.Get360(otherId, "es")))!;
        Assert.Equal(10m, otherView.Commerce.Accounts.Single().Overdue);
        Assert.Empty(otherView.Commerce.RecentOrders);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_customer_without_commerce_gets_an_empty_section(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Now));
        var nobody = new Customer { DisplayName = "Nadie", SearchName = "nadie", CreatedAt = Now, UpdatedAt = Now };
        await using (var context = db.CreateDbContext())
        {
            context.Customers.Add(nobody);
            await context.SaveChangesAsync();
        }

        var view = (await app.Run<CustomerService, Customer360?>(s => s.Get360(nobody.Id, "es")))!;
        Assert.Same(CommerceSummary.Empty, view.Commerce);
    }
}
