using Vinculo.Core.Storage;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Tests.Scripts;

/// <summary>Customers with known commerce and cases for the script tests; every figure is computed by hand in the tests.</summary>
public static class ScriptTestData
{
    public static Customer Customer(string first, string last, string language = "es", string? tier = null, Temperament temperament = Temperament.None, DateTime? at = null)
    {
        var now = at ?? DateTime.UnixEpoch;
        return new Customer
        {
            FirstName = first, LastName = last, DisplayName = $"{first} {last}", SearchName = $"{first} {last}".ToLowerInvariant(),
            PreferredLanguage = language, Tier = tier, Temperament = temperament, Lifecycle = Lifecycle.Active,
            CreatedAt = now, UpdatedAt = now, Version = 1,
        };
    }

    public static Invoice Invoice(long customerId, string number, decimal total, decimal settled, DateTime dueAt, InvoiceStatus status = InvoiceStatus.Open,
        InvoiceKind kind = InvoiceKind.Invoice, string currency = "EUR") => new()
    {
        CustomerId = customerId, Number = number, Kind = kind, IssuedAt = dueAt.AddDays(-30), DueAt = dueAt, Total = total, Settled = settled,
        Status = status, Currency = currency, CreatedAt = dueAt.AddDays(-30), UpdatedAt = dueAt.AddDays(-30), Version = 1,
    };

    public static ServiceCase Case(long customerId, string type, string subject, DateTime createdAt, CasePriority priority = CasePriority.Normal,
        CaseStatus status = CaseStatus.Open, Channel channel = Channel.Phone) => new()
    {
        CustomerId = customerId, Type = type, Subject = subject, Channel = channel, Priority = priority, Status = status,
        IsActive = CaseWorkflow.IsActive(status), CreatedAt = createdAt, UpdatedAt = createdAt, LastEventAt = createdAt,
        QueueDueAt = SlaAlarms.NoDue, Version = 1,
    };

    /// <summary>Lucía (es, gold, aggressive) with three overdue invoices (230.50 €, oldest 120 days), two active contracts, three orders and two cases.</summary>
    public sealed record Lucia(long CustomerId, long ComplaintCaseId, long OldCaseId, long OtherCustomerId, long OtherCaseId);

    public static async Task<Lucia> SeedLucia(VinculoDb context, DateTime now)
    {
        var lucia = Customer("Lucía", "Gómez", "es", "gold", Temperament.Aggressive, now.AddYears(-3));
        lucia.Segment = "retail";
        var other = Customer("Otro", "Cliente", "en", "platinum", at: now.AddYears(-1));
        context.Customers.AddRange(lucia, other);
        var fibre = new Product { Sku = "T-FIB", NameEs = "Fibra 600 Mb", NameEn = "Fibre 600 Mb", ListPrice = 30m, CreatedAt = now, UpdatedAt = now, Version = 1 };
        var tv = new Product { Sku = "T-TV", NameEs = "Televisión", NameEn = "Television", ListPrice = 15m, CreatedAt = now, UpdatedAt = now, Version = 1 };
        var sofa = new Product { Sku = "T-SOFA", NameEs = "Sofá", NameEn = "Sofa", ListPrice = 499m, CreatedAt = now, UpdatedAt = now, Version = 1 };
        context.Products.AddRange(fibre, tv, sofa);
        await context.SaveChangesAsync();

        Contract Contract(long customer, long product, DateTime started, ContractStatus status = ContractStatus.Active) => new()
        {
            CustomerId = customer, ProductId = product, Price = 10m, Status = status, StartedAt = started, CreatedAt = started, UpdatedAt = started, Version = 1,
        };
        context.Contracts.AddRange(
            Contract(lucia.Id, tv.Id, now.AddMonths(-2)),
            Contract(lucia.Id, fibre.Id, now.AddMonths(-8)),
            Contract(lucia.Id, sofa.Id, now.AddYears(-2), ContractStatus.Cancelled),
            Contract(other.Id, sofa.Id, now.AddMonths(-1)));
        context.Orders.AddRange(
            new Order { CustomerId = lucia.Id, Number = "T-1", OrderedAt = now.AddDays(-10), Total = 10m, CreatedAt = now, UpdatedAt = now, Version = 1 },
            new Order { CustomerId = lucia.Id, Number = "T-2", OrderedAt = now.AddDays(-40), Total = 20m, CreatedAt = now, UpdatedAt = now, Version = 1 },
            new Order { CustomerId = lucia.Id, Number = "T-3", OrderedAt = now.AddDays(-400), Total = 30m, Status = OrderStatus.Cancelled, CreatedAt = now, UpdatedAt = now, Version = 1 },
            new Order { CustomerId = other.Id, Number = "T-4", OrderedAt = now.AddDays(-1), Total = 40m, CreatedAt = now, UpdatedAt = now, Version = 1 });
        context.Invoices.AddRange(
            Invoice(lucia.Id, "T-F1", 120m, 20m, now.AddDays(-45)),                         // 100.00 overdue, 45 days
            Invoice(lucia.Id, "T-F2", 50.5m, 0m, now.AddDays(-10)),                         //  50.50 overdue, 10 days
            Invoice(lucia.Id, "T-F3", 80m, 0m, now.AddDays(-120)),                          //  80.00 overdue, 120 days (the oldest)
            Invoice(lucia.Id, "T-F4", 30m, 0m, now.AddDays(5)),                             // open, not yet due
            Invoice(lucia.Id, "T-F5", 70m, 70m, now.AddDays(-200), InvoiceStatus.Paid),
            Invoice(lucia.Id, "T-F6", 999m, 0m, now.AddDays(-300), InvoiceStatus.Cancelled),
            Invoice(lucia.Id, "T-C1", 25m, 0m, now.AddDays(-50), kind: InvoiceKind.CreditNote),
            Invoice(other.Id, "T-F7", 10m, 0m, now.AddDays(-100)));
        var complaint = Case(lucia.Id, "complaint", "Factura duplicada", now.AddHours(-2), CasePriority.High, CaseStatus.Open, Channel.Email);
        var old = Case(lucia.Id, "question", "Cambio de domicilio", now.AddDays(-30), status: CaseStatus.Resolved);
        var otherCase = Case(other.Id, "return", "Devolver sofá", now.AddDays(-1));
        context.Cases.AddRange(complaint, old, otherCase);
        await context.SaveChangesAsync();
        return new Lucia(lucia.Id, complaint.Id, old.Id, other.Id, otherCase.Id);
    }
}
