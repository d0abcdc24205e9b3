using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Customers;

namespace Vinculo.Core.Tests.Commerce;

/// <summary>Money is BIGINT ten-thousandths on both databases: SQL sums, comparisons and ordering must be exact.</summary>
public sealed class MoneyStorageTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Sums_filters_and_ordering_on_money_are_exact_in_sql(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var context = db.CreateDbContext();
        var now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var customer = new Customer { DisplayName = "Ana", SearchName = "ana", CreatedAt = now, UpdatedAt = now };
        context.Customers.Add(customer);
        await context.SaveChangesAsync();

        // 0.1 + 0.2 is the classic binary-float trap; 2.55 and 10.0001 check the four decimals.
        decimal[] totals = [0.1m, 0.2m, 2.55m, 10.0001m, 1_000_000m, 9.99m];
        var n = 0;
        foreach (var total in totals)
        {
            context.Invoices.Add(new Invoice
            {
                CustomerId = customer.Id, Number = $"F-{++n}", IssuedAt = now, DueAt = now.AddDays(30), Currency = "EUR",
                Total = total, Settled = total == 9.99m ? 9.99m : 0m, Status = total == 9.99m ? InvoiceStatus.Paid : InvoiceStatus.Open,
                CreatedAt = now, UpdatedAt = now,
            });
        }

        await context.SaveChangesAsync();
        context.ChangeTracker.Clear();

        var open = context.Invoices.Where(i => i.CustomerId == customer.Id && i.Status == InvoiceStatus.Open);
        Assert.Equal(1_000_012.8501m, await open.SumAsync(i => i.Total - i.Settled));
        Assert.Equal(0.3m, await open.Where(i => i.Total < 1m).SumAsync(i => i.Total));
        Assert.Equal(
            ["F-1", "F-2", "F-3", "F-6", "F-4", "F-5"],
            await context.Invoices.OrderBy(i => i.Total).Select(i => i.Number).ToListAsync());
        Assert.Equal(10.0001m, (await context.Invoices.SingleAsync(i => i.Number == "F-4")).Total);
        Assert.Equal(2, await context.Invoices.CountAsync(i => i.Total > 2.55m && i.Total <= 10.0001m));
    }
}
