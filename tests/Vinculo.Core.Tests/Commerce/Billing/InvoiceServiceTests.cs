using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Commerce.Billing;
using Vinculo.Core.Common;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Commerce;

namespace Vinculo.Core.Tests.Commerce.Billing;

public sealed class InvoiceServiceTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static DateTime Today => Start.UtcDateTime;

    private static Task<InvoiceDto> Issue(TestServices app, long customerId, decimal total, DateTime? issuedAt = null, DateTime? dueAt = null, string? number = null, string? currency = null) =>
        app.Run<InvoiceService, InvoiceDto>(s => s.Create(new InvoiceInput
        {
            CustomerId = customerId, Total = total, IssuedAt = issuedAt, DueAt = dueAt, Number = number, Currency = currency,
        }));

    private static Task<PaymentDto> Pay(TestServices app, long customerId, long? invoiceId, decimal amount, string? currency = null) =>
        app.Run<PaymentService, PaymentDto>(s => s.Record(new PaymentInput
        {
            CustomerId = customerId, InvoiceId = invoiceId, Amount = amount, Method = "transfer", Currency = currency, Reference = "TRF-1",
        }));

    private static Task<InvoiceDto?> Get(TestServices app, long id) => app.Run<InvoiceService, InvoiceDto?>(s => s.Get(id));

    [Theory, SqliteData, PostgresData]
    public async Task Partial_payments_settle_an_invoice_until_it_is_paid_and_never_beyond(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Start));
        var seed = new CommerceSeed(db);
        var customer = await seed.Customer();
        var other = await seed.Customer("Otro Cliente");

        var invoice = await Issue(app, customer, 100.10m);
        Assert.Equal(InvoiceStatus.Open, invoice.Status);
        Assert.Equal(100.10m, invoice.Outstanding);
        Assert.Equal(Today.AddDays(30), invoice.DueAt);
        Assert.Matches(@"^INV-2026-\d{6}$", invoice.Number);

        await Pay(app, customer, invoice.Id, 0.1m);
        await Pay(app, customer, invoice.Id, 60m);
        var partly = await Get(app, invoice.Id);
        Assert.Equal(60.1m, partly!.Settled);
        Assert.Equal(40m, partly.Outstanding);
        Assert.Equal(InvoiceStatus.Open, partly.Status);
        Assert.Equal(2, partly.Payments.Count);
        Assert.Equal(3, partly.Version);

        // More than is owed: a 400 on the amount that says what is owed.
        var over = await Assert.ThrowsAsync<ValidationException>(() => Pay(app, customer, invoice.Id, 40.0001m));
        Assert.Contains("40.00 EUR", over.Errors["amount"][0]);
        // Another customer's invoice, another currency.
        var foreign = await Assert.ThrowsAsync<ValidationException>(() => Pay(app, other, invoice.Id, 1m));
        Assert.True(foreign.Errors.ContainsKey("invoiceId"));
        var currency = await Assert.ThrowsAsync<ValidationException>(() => Pay(app, customer, invoice.Id, 1m, "USD"));
        Assert.True(currency.Errors.ContainsKey("currency"));
        var bad = await Assert.ThrowsAsync<ValidationException>(() => app.Run<PaymentService, PaymentDto>(s => s.Record(new PaymentInput
        {
            CustomerId = customer, InvoiceId = invoice.Id, Amount = -1m, Method = "cheque", PaidAt = Today.AddDays(2),
        })));
        Assert.Equal(["amount", "method", "paidAt"], bad.Errors.Keys.Order());

        await Pay(app, customer, invoice.Id, 40m);
        var paid = await Get(app, invoice.Id);
        Assert.Equal(InvoiceStatus.Paid, paid!.Status);
        Assert.Equal(0m, paid.Outstanding);
        Assert.Equal(100.10m, paid.Settled);
        Assert.False(paid.CanCancel);
        var closed = await Assert.ThrowsAsync<ValidationException>(() => Pay(app, customer, invoice.Id, 1m));
        Assert.Contains("paid", closed.Errors["invoiceId"][0]);

        // Without an invoice the money stays on account.
        var onAccount = await Pay(app, customer, null, 25m);
        Assert.Null(onAccount.InvoiceId);
        Assert.Equal("EUR", onAccount.Currency);
        var payments = await app.Run<PaymentService, Page<PaymentDto>>(s => s.List(new PaymentQuery(CustomerId: customer)));
        Assert.Equal(4, payments.Items.Count);
        Assert.All(payments.Items.Where(p => p.InvoiceId is not null), p => Assert.Equal(invoice.Number, p.InvoiceNumber));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Overdue_is_computed_against_the_clock(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        var clock = new ManualClock(Start);
        await using var app = new TestServices(db.Settings, clock);
        var seed = new CommerceSeed(db);
        var customer = await seed.Customer();
        var invoice = await Issue(app, customer, 50m, Today, Today.AddDays(10));

        async Task<IReadOnlyList<InvoiceSummary>> ByStatus(string status) =>
            (await app.Run<InvoiceService, Page<InvoiceSummary>>(s => s.List(new InvoiceQuery(customer, status)))).Items;

        Assert.Single(await ByStatus("open"));
        Assert.Empty(await ByStatus("overdue"));

        clock.Advance(TimeSpan.FromDays(10));
        Assert.Equal(InvoiceStatus.Open, (await Get(app, invoice.Id))!.Status);

        clock.Advance(TimeSpan.FromDays(3));
        var late = await Get(app, invoice.Id);
        Assert.Equal(InvoiceStatus.Overdue, late!.Status);
        Assert.Equal(3, late.DaysOverdue);
        Assert.Empty(await ByStatus("open"));
        Assert.Equal(invoice.Id, Assert.Single(await ByStatus("overdue")).Id);
        Assert.Empty(await ByStatus("paid"));

        await Pay(app, customer, invoice.Id, 50m);
        Assert.Equal(InvoiceStatus.Paid, (await Get(app, invoice.Id))!.Status);
        Assert.Single(await ByStatus("paid"));
        Assert.Empty(await ByStatus("overdue"));
        await Assert.ThrowsAsync<ValidationException>(() => ByStatus("late"));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_credit_note_reduces_what_an_invoice_owes_and_can_settle_it(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Start));
        var seed = new CommerceSeed(db);
        var customer = await seed.Customer();
        var invoice = await Issue(app, customer, 80m);
        await Pay(app, customer, invoice.Id, 30m);

        var tooMuch = await Assert.ThrowsAsync<ValidationException>(() =>
            app.Run<InvoiceService, InvoiceDto?>(s => s.CreditNote(invoice.Id, new CreditNoteInput(50.01m), null)));
        Assert.Contains("50.00 EUR", tooMuch.Errors["amount"][0]);
        await Assert.ThrowsAsync<PreconditionFailedException>(() =>
            app.Run<InvoiceService, InvoiceDto?>(s => s.CreditNote(invoice.Id, new CreditNoteInput(10m), expectedVersion: 1)));

        var note = await app.Run<InvoiceService, InvoiceDto?>(s => s.CreditNote(invoice.Id, new CreditNoteInput(20m), expectedVersion: 2));
        Assert.NotNull(note);
        Assert.Equal(InvoiceKind.CreditNote, note.Kind);
        Assert.Equal(invoice.Id, note.CreditedInvoiceId);
        Assert.Equal(invoice.Number, note.CreditedInvoiceNumber);
        Assert.Matches(@"^CN-2026-\d{6}$", note.Number);
        Assert.Equal(0m, note.Outstanding);

        var credited = await Get(app, invoice.Id);
        Assert.Equal(50m, credited!.Settled);
        Assert.Equal(30m, credited.Outstanding);
        Assert.Equal(note.Id, Assert.Single(credited.CreditNotes).Id);
        Assert.False(credited.CanCancel);
        var refused = await Assert.ThrowsAsync<ConflictException>(() => app.Run<InvoiceService, InvoiceDto?>(s => s.Cancel(invoice.Id, null)));
        Assert.Contains("settled", refused.Message);

        await app.Run<InvoiceService, InvoiceDto?>(s => s.CreditNote(invoice.Id, new CreditNoteInput(30m), null));
        Assert.Equal(InvoiceStatus.Paid, (await Get(app, invoice.Id))!.Status);
        await Assert.ThrowsAsync<ConflictException>(() => app.Run<InvoiceService, InvoiceDto?>(s => s.CreditNote(invoice.Id, new CreditNoteInput(1m), null)));
        await Assert.ThrowsAsync<ConflictException>(() => app.Run<InvoiceService, InvoiceDto?>(s => s.CreditNote(note.Id, new CreditNoteInput(1m), null)));
        Assert.Null(await app.Run<InvoiceService, InvoiceDto?>(s => s.CreditNote(987654, new CreditNoteInput(1m), null)));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Only_an_invoice_with_nothing_settled_can_be_cancelled(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Start));
        var seed = new CommerceSeed(db);
        var customer = await seed.Customer();
        var clean = await Issue(app, customer, 10m);
        var partly = await Issue(app, customer, 10m);
        await Pay(app, customer, partly.Id, 1m);

        Assert.True(clean.CanCancel);
        await Assert.ThrowsAsync<PreconditionFailedException>(() => app.Run<InvoiceService, InvoiceDto?>(s => s.Cancel(clean.Id, 5)));
        var cancelled = await app.Run<InvoiceService, InvoiceDto?>(s => s.Cancel(clean.Id, 1));
        Assert.Equal(InvoiceStatus.Cancelled, cancelled!.Status);
        Assert.Equal(0m, cancelled.Outstanding);
        Assert.Equal(2, cancelled.Version);
        await Assert.ThrowsAsync<ConflictException>(() => app.Run<InvoiceService, InvoiceDto?>(s => s.Cancel(clean.Id, null)));
        var noPayment = await Assert.ThrowsAsync<ValidationException>(() => Pay(app, customer, clean.Id, 1m));
        Assert.Contains("cancelled", noPayment.Errors["invoiceId"][0]);

        await Assert.ThrowsAsync<ConflictException>(() => app.Run<InvoiceService, InvoiceDto?>(s => s.Cancel(partly.Id, null)));
        Assert.Null(await app.Run<InvoiceService, InvoiceDto?>(s => s.Cancel(987654, null)));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Numbers_are_generated_or_unique_and_an_order_is_invoiced_for_its_total_once(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Start));
        var seed = new CommerceSeed(db);
        var customer = await seed.Customer();
        var other = await seed.Customer("Otro Cliente");
        var product = await seed.Product();
        var (orderId, _, orderTotal) = await seed.Order(customer, Today.AddDays(-2), (product, 3, 19.99m, 5m));

        var manual = await Issue(app, customer, 12m, number: "A-2026/7");
        Assert.Equal("A-2026/7", manual.Number);
        var taken = await Assert.ThrowsAsync<ConflictException>(() => Issue(app, other, 5m, number: "A-2026/7"));
        Assert.Contains("A-2026/7", taken.Message);

        var fromOrder = await app.Run<InvoiceService, InvoiceDto>(s => s.Create(new InvoiceInput { CustomerId = customer, OrderId = orderId }));
        Assert.Equal(54.97m, orderTotal);
        Assert.Equal(orderTotal, fromOrder.Total);
        Assert.Equal(orderId, fromOrder.OrderId);
        Assert.NotNull(fromOrder.OrderNumber);
        var again = await Assert.ThrowsAsync<ConflictException>(() =>
            app.Run<InvoiceService, InvoiceDto>(s => s.Create(new InvoiceInput { CustomerId = customer, OrderId = orderId })));
        Assert.Contains(fromOrder.Number, again.Message);

        var wrong = await Assert.ThrowsAsync<ValidationException>(() =>
            app.Run<InvoiceService, InvoiceDto>(s => s.Create(new InvoiceInput { CustomerId = other, OrderId = orderId, Total = 1m })));
        Assert.Equal(["orderId", "total"], wrong.Errors.Keys.Order());

        var invalid = await Assert.ThrowsAsync<ValidationException>(() => app.Run<InvoiceService, InvoiceDto>(s => s.Create(new InvoiceInput
        {
            CustomerId = 987654, Total = 0.00001m, Currency = "euro", IssuedAt = Today, DueAt = Today.AddDays(-1),
        })));
        Assert.Equal(["currency", "customerId", "dueAt", "total"], invalid.Errors.Keys.Order());
        var missing = await Assert.ThrowsAsync<ValidationException>(() => app.Run<InvoiceService, InvoiceDto>(s => s.Create(new InvoiceInput())));
        Assert.Equal(["customerId", "total"], missing.Errors.Keys.Order());

        // A cancelled invoice frees its order for a new one.
        await app.Run<InvoiceService, InvoiceDto?>(s => s.Cancel(fromOrder.Id, null));
        var reissued = await app.Run<InvoiceService, InvoiceDto>(s => s.Create(new InvoiceInput { CustomerId = customer, OrderId = orderId }));
        Assert.NotEqual(fromOrder.Number, reissued.Number);
        Assert.Equal(3, await seed.With(d => d.Invoices.CountAsync()));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_contract_invoice_defaults_to_one_period_of_its_price_and_currency(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Start));
        var seed = new CommerceSeed(db);
        var customer = await seed.Customer();
        var other = await seed.Customer("Otro Cliente");
        var product = await seed.Product("Fibra 1 Gb", "Fibre 1 Gb", 39.9m);
        var contractId = await seed.With(async d =>
        {
            var contract = new Contract
            {
                CustomerId = customer, ProductId = product, Price = 39.9m, Currency = "GBP", StartedAt = Today.AddMonths(-2),
                CreatedAt = Today, UpdatedAt = Today, Version = 1,
            };
            d.Contracts.Add(contract);
            await d.SaveChangesAsync();
            return contract.Id;
        });

        var monthly = await app.Run<InvoiceService, InvoiceDto>(s => s.Create(new InvoiceInput { CustomerId = customer, ContractId = contractId }));
        Assert.Equal(39.9m, monthly.Total);
        Assert.Equal("GBP", monthly.Currency);
        Assert.Equal(contractId, monthly.ContractId);
        var prorated = await app.Run<InvoiceService, InvoiceDto>(s => s.Create(new InvoiceInput { CustomerId = customer, ContractId = contractId, Total = 12.34m }));
        Assert.Equal(12.34m, prorated.Total);

        var foreign = await Assert.ThrowsAsync<ValidationException>(() =>
            app.Run<InvoiceService, InvoiceDto>(s => s.Create(new InvoiceInput { CustomerId = other, ContractId = contractId })));
        Assert.Equal(["contractId"], foreign.Errors.Keys);
        var missing = await Assert.ThrowsAsync<ValidationException>(() =>
            app.Run<InvoiceService, InvoiceDto>(s => s.Create(new InvoiceInput { CustomerId = customer, ContractId = 987654, OrderId = 987654 })));
        Assert.Equal(["contractId", "orderId"], missing.Errors.Keys.Order());
    }

    [Theory, SqliteData, PostgresData]
    public async Task Lists_page_newest_first_without_repeats_and_filter_by_issue_date(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(Start));
        var seed = new CommerceSeed(db);
        var customer = await seed.Customer();
        var other = await seed.Customer("Otro Cliente");
        for (var i = 0; i < 7; i++)
        {
            // Pairs share an issue date: the cursor must break ties by id.
            await Issue(app, customer, 10m + i, Today.AddDays(-(i / 2)), Today.AddDays(30));
        }

        await Issue(app, other, 99m);

        var seen = new List<InvoiceSummary>();
        string? cursor = null;
        do
        {
            var page = await app.Run<InvoiceService, Page<InvoiceSummary>>(s => s.List(new InvoiceQuery(customer, Cursor: cursor, Limit: 3)));
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(7, seen.Select(i => i.Id).Distinct().Count());
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First.IssuedAt > p.Second.IssuedAt || (p.First.IssuedAt == p.Second.IssuedAt && p.First.Id > p.Second.Id)));

        var window = await app.Run<InvoiceService, Page<InvoiceSummary>>(s => s.List(new InvoiceQuery(customer, From: Today.AddDays(-2), To: Today)));
        Assert.Equal(4, window.Items.Count);

        var all = new List<InvoiceSummary>();
        cursor = null;
        do
        {
            var page = await app.Run<InvoiceService, Page<InvoiceSummary>>(s => s.List(new InvoiceQuery(Cursor: cursor, Limit: 5)));
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(8, all.Select(i => i.Id).Distinct().Count());
        await Assert.ThrowsAsync<ValidationException>(() => app.Run<InvoiceService, Page<InvoiceSummary>>(s => s.List(new InvoiceQuery(Cursor: "bm9wZQ"))));
    }
}
