using Vinculo.Core.Commerce.Billing;
using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Commerce;

namespace Vinculo.Core.Tests.Commerce.Billing;

public sealed class ReceivablesServiceTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);
    private static DateTime Now => Start.UtcDateTime;

    private static Task<InvoiceDto> Issue(TestServices app, long customerId, decimal total, double dueDaysAgo, string currency = "EUR") =>
        app.Run<InvoiceService, InvoiceDto>(s => s.Create(new InvoiceInput
        {
            CustomerId = customerId, Total = total, IssuedAt = Now.AddDays(-dueDaysAgo - 30), DueAt = Now.AddDays(-dueDaysAgo), Currency = currency,
        }));

    private static Task<PaymentDto> Pay(TestServices app, long customerId, long? invoiceId, decimal amount, string? currency = null) =>
        app.Run<PaymentService, PaymentDto>(s => s.Record(new PaymentInput { CustomerId = customerId, InvoiceId = invoiceId, Amount = amount, Method = "card", Currency = currency }));

    [Theory, SqliteData, PostgresData]
    public async Task The_account_adds_up_balance_overdue_and_aging_exactly_per_currency(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Start));
        var seed = new CommerceSeed(db);
        var customer = await seed.Customer();

        // Not yet due, and 0 (due this morning) / 30 / 31 / 60 / 61 / 90 / 91 days late: the bucket edges.
        await Issue(app, customer, 1_000_000.0001m, -5);
        await Issue(app, customer, 0.1m, 0.25);
        await Issue(app, customer, 0.2m, 30);
        await Issue(app, customer, 2.55m, 31);
        await Issue(app, customer, 10.0001m, 60);
        await Issue(app, customer, 7m, 61);
        await Issue(app, customer, 8m, 90);
        var oldest = await Issue(app, customer, 100m, 91);
        await Pay(app, customer, oldest.Id, 99.99m);
        var cancelled = await Issue(app, customer, 500m, 200);
        await app.Run<InvoiceService, InvoiceDto?>(s => s.Cancel(cancelled.Id, null));
        var paid = await Issue(app, customer, 40m, 120);
        await Pay(app, customer, paid.Id, 40m);
        await Pay(app, customer, null, 0.3333m);
        await Issue(app, customer, 12.5m, 3, "USD");

        var account = await app.Run<ReceivablesService, CustomerAccount?>(s => s.Account(customer));
        Assert.NotNull(account);
        Assert.Equal(["EUR", "USD"], account.Currencies.Select(c => c.Currency));
        var eur = account.Main!;
        Assert.Equal(1_000_000.0001m, eur.Aging.Current);
        // Due this morning is overdue by hours: day 0 counts in the first bucket.
        Assert.Equal(0.3m, eur.Aging.Days0To30);
        Assert.Equal(12.5501m, eur.Aging.Days31To60);
        Assert.Equal(15m, eur.Aging.Days61To90);
        Assert.Equal(0.01m, eur.Aging.Over90);
        Assert.Equal(27.8601m, eur.Overdue);
        Assert.Equal(1_000_027.8602m, eur.Outstanding);
        Assert.Equal(0.3333m, eur.OnAccount);
        Assert.Equal(1_000_027.5269m, eur.Balance);
        Assert.Equal(91, eur.DaysOverdue);
        Assert.Equal(8, eur.OpenInvoices);
        Assert.Equal(7, eur.OverdueInvoices);
        var usd = account.Currencies[1];
        Assert.Equal(12.5m, usd.Overdue);
        Assert.Equal(3, usd.DaysOverdue);

        Assert.Null(await app.Run<ReceivablesService, CustomerAccount?>(s => s.Account(987654)));
        var debtFree = await seed.Customer("Sin Deudas");
        var empty = await app.Run<ReceivablesService, CustomerAccount?>(s => s.Account(debtFree));
        Assert.Empty(empty!.Currencies);
        Assert.Null(empty.Main);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Receivables_list_customers_by_overdue_amount_in_exact_keyset_pages(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Start));
        var seed = new CommerceSeed(db);

        // Amounts that differ only in the fourth decimal, and ties broken by customer id.
        var plan = new (string Name, decimal Amount, int DaysLate)[]
        {
            ("Ana", 100.0001m, 5), ("Bea", 100m, 45), ("Carlos", 100m, 75), ("Dani", 0.3m, 120), ("Eva", 250.5m, 10),
            ("Fran", 100.0002m, 95), ("Gema", 0.0001m, 1),
        };
        var ids = new Dictionary<string, long>();
        foreach (var (name, amount, daysLate) in plan)
        {
            ids[name] = await seed.Customer(name);
            await Issue(app, ids[name], amount, daysLate);
        }

        // Dani owes 0.3 as 0.1 + 0.2 (two invoices, the older one sets the days overdue); Eva has something not yet due too.
        await Issue(app, ids["Dani"], 0.1m, 40);
        var daniInvoice = await Issue(app, ids["Dani"], 0.2m, 130);
        await Pay(app, ids["Dani"], daniInvoice.Id, 0.1m);
        await Issue(app, ids["Eva"], 70m, -10);
        // Nothing overdue: left out.
        var clean = await seed.Customer("Hugo");
        await Issue(app, clean, 10m, -1);

        var rows = new List<ReceivableRow>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await app.Run<ReceivablesService, Page<ReceivableRow>>(s => s.List(new ReceivablesQuery(Cursor: cursor, Limit: 2)));
            rows.AddRange(page.Items);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(4, pages);
        Assert.Equal(["Eva", "Fran", "Ana", "Bea", "Carlos", "Dani", "Gema"], rows.Select(r => r.CustomerName));
        var eva = rows[0];
        Assert.Equal(250.5m, eva.Overdue);
        Assert.Equal(70m, eva.Aging.Current);
        Assert.Equal(250.5m, eva.Aging.Days0To30);
        Assert.Equal(2, eva.OpenInvoices);
        Assert.Equal(1, eva.OverdueInvoices);
        var dani = rows.Single(r => r.CustomerName == "Dani");
        Assert.Equal(0.5m, dani.Overdue);
        Assert.Equal(130, dani.DaysOverdue);
        Assert.Equal(0.1m, dani.Aging.Days31To60);
        Assert.Equal(0.4m, dani.Aging.Over90);
        Assert.Equal(100.0002m, rows[1].Aging.Over90);
        Assert.Equal(0.0001m, rows[^1].Overdue);

        async Task<List<string>> Names(ReceivablesQuery query) =>
            (await app.Run<ReceivablesService, Page<ReceivableRow>>(s => s.List(query))).Items.Select(r => r.CustomerName).ToList();

        Assert.Equal(["Eva", "Ana", "Gema"], await Names(new ReceivablesQuery(Bucket: "0-30")));
        Assert.Equal(["Bea"], await Names(new ReceivablesQuery(Bucket: "days31To60")));
        Assert.Equal(["Carlos"], await Names(new ReceivablesQuery(Bucket: "61-90")));
        Assert.Equal(["Fran", "Dani"], await Names(new ReceivablesQuery(Bucket: "90+")));
        Assert.Equal(["Fran", "Carlos", "Dani"], await Names(new ReceivablesQuery(MinDaysOverdue: 75)));
        Assert.Equal(["Fran", "Bea", "Carlos", "Dani"], await Names(new ReceivablesQuery(MinDaysOverdue: 45)));
        Assert.Equal(["Bea"], await Names(new ReceivablesQuery(MinDaysOverdue: 45, Bucket: "31-60")));
        Assert.Empty(await Names(new ReceivablesQuery(Currency: "USD")));

        var bad = await Assert.ThrowsAsync<ValidationException>(() => Names(new ReceivablesQuery(MinDaysOverdue: -1, Bucket: "current", Currency: "€", Cursor: "eHg")));
        Assert.Equal(["bucket", "currency", "cursor", "minDaysOverdue"], bad.Errors.Keys.Order());

        var totals = await app.Run<ReceivablesService, IReadOnlyList<ReceivablesTotal>>(s => s.Totals());
        var eur = Assert.Single(totals);
        Assert.Equal(7, eur.Customers);
        Assert.Equal(9, eur.Invoices);
        Assert.Equal(651.0004m, eur.Overdue);
        Assert.Equal(eur.Overdue, rows.Sum(r => r.Overdue));
        Assert.Equal(350.5002m, eur.Aging.Days0To30);
        Assert.Equal(100.4002m, eur.Aging.Over90);

        var csv = new StringWriter();
        var written = await app.Run<ReceivablesService, long>(s => s.ExportCsv(new ReceivablesQuery(Bucket: "90+"), csv));
        Assert.Equal(2, written);
        var lines = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("customer_id,customer_name,currency,overdue,days_overdue", lines[0]);
        Assert.StartsWith($"{ids["Fran"]},Fran,EUR,100.0002,95,", lines[1]);
        Assert.Equal(3, lines.Length);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_account_and_the_360_agree_on_every_figure(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Start));
        var seed = new CommerceSeed(db);
        var customer = await seed.Customer();
        await Issue(app, customer, 10.5m, 70);
        var partly = await Issue(app, customer, 99.9999m, 12);
        await Pay(app, customer, partly.Id, 0.0009m);
        await Issue(app, customer, 5m, -3);
        await Issue(app, customer, 7.25m, 100, "GBP");
        await Pay(app, customer, null, 2m);
        await Pay(app, customer, null, 1m, "GBP");

        var account = await app.Run<ReceivablesService, CustomerAccount?>(s => s.Account(customer));
        var view = await app.Run<CustomerService, Customer360?>(s => s.Get360(customer, "es"));
        var expected = view!.Commerce.Accounts.OrderBy(a => a.Currency, StringComparer.Ordinal).ToList();
        var actual = account!.Currencies.OrderBy(a => a.Currency, StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Select(a => a.Currency), actual.Select(a => a.Currency));
        foreach (var (e, a) in expected.Zip(actual))
        {
            Assert.Equal(e.Balance, a.Balance);
            Assert.Equal(e.Overdue, a.Overdue);
            Assert.Equal(e.DaysOverdue, a.DaysOverdue);
            Assert.Equal(e.OpenInvoices, a.OpenInvoices);
            Assert.Equal(e.OverdueInvoices, a.OverdueInvoices);
            Assert.Equal(e.OnAccount, a.OnAccount);
            Assert.Equal(e.Aging, a.Aging);
        }
    }
}
