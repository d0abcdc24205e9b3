using System.Text;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Commerce.Import;
using Vinculo.Core.ImportExport;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;

namespace Vinculo.Core.Tests.Commerce.Import;

public sealed class TransactionImportTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private const string Header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";

    private static MemoryStream Text(params string[] lines) => new(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));

    private static TransactionImportOptions Options(ImportMode mode = ImportMode.AllOrNothing) => new() { Mode = mode, Now = Now };

    private static async Task<TransactionImportResult> Import(DatabaseSettings settings, Stream input, ImportMode mode = ImportMode.AllOrNothing,
        TransactionMapping? mapping = null) =>
        await TransactionImport.Run(settings, input, mapping ?? TransactionMapping.OnlineRetail, Options(mode), default);

    private static async Task<TransactionImportResult> ImportFile(DatabaseSettings settings, string path, List<ImportProgress>? progress = null)
    {
        await using var file = File.OpenRead(path);
        var options = Options(ImportMode.SkipInvalid) with { Progress = progress is null ? null : new Collect(progress) };
        return await TransactionImport.Run(settings, file, TransactionMapping.OnlineRetail, options, default);
    }

    /// <summary>What the database holds, counted with EF Core.</summary>
    private sealed record Counts(int Orders, int Lines, int Returns, int Customers, int Products, int GuestOrders, int ExternalIds, int LinkedReturns, long ReturnedUnits)
    {
        public static async Task<Counts> Of(TestDatabase db)
        {
            await using var c = db.CreateDbContext();
            return new Counts(
                await c.Orders.CountAsync(), await c.OrderLines.CountAsync(), await c.Returns.CountAsync(), await c.Customers.CountAsync(),
                await c.Products.CountAsync(), await c.Orders.CountAsync(o => o.CustomerId == null), await c.CustomerExternalIds.CountAsync(),
                await c.Returns.CountAsync(r => r.OrderLineId != null), await c.OrderLines.SumAsync(l => (long)l.ReturnedQuantity));
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_committed_slice_imports_the_figures_the_raw_file_gives(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        var raw = OnlineRetailFile.Raw(OnlineRetailFile.Slice);
        var valid = raw.Where(r => r.IsValid).ToList();
        var sales = valid.Where(r => !r.IsCancellation).ToList();
        var cancellations = valid.Where(r => r.IsCancellation).ToList();

        var progress = new List<ImportProgress>();
        var result = await ImportFile(db.Settings, OnlineRetailFile.Slice, progress);

        var expectedOrders = sales.Select(r => r.Invoice).Distinct().Count();
        var expectedGuests = sales.Where(r => r.Customer.Length == 0).Select(r => r.Invoice).Distinct().Count();
        var expectedCustomers = valid.Where(r => r.Customer.Length > 0).Select(r => r.Customer).Distinct().Count();
        var expectedProducts = valid.Select(r => r.StockCode).Distinct().Count();
        Assert.True(result.Committed);
        Assert.Equal(
            ((long)raw.Count, (long)raw.Count(r => !r.IsValid), (long)expectedOrders, (long)sales.Count, (long)expectedGuests, (long)cancellations.Count,
                (long)expectedCustomers, (long)expectedProducts),
            (result.LinesRead, result.RowsRejected, result.Orders, result.OrderLines, result.GuestOrders, result.Returns, result.CustomersCreated,
                result.ProductsCreated));
        Assert.Equal(result.RowsRejected, result.ErrorCount);
        Assert.Equal(raw.Count, progress[^1].RowsRead);

        var counts = await Counts.Of(db);
        Assert.Equal(new Counts(expectedOrders, sales.Count, cancellations.Count, expectedCustomers, expectedProducts, expectedGuests, expectedCustomers,
            (int)result.ReturnsLinked, counts.ReturnedUnits), counts);
        Assert.True(result.ReturnsLinked > 0);

        await using var c = db.CreateDbContext();
        // Money adds up exactly: orders' totals are their lines, refunds are |quantity| × price.
        Assert.Equal(sales.Sum(r => r.Quantity * r.UnitPrice), await c.Orders.SumAsync(o => o.Total));
        Assert.Equal(cancellations.Sum(r => -r.Quantity * r.UnitPrice), await c.Returns.SumAsync(r => r.RefundAmount));
        Assert.Equal(0, await c.Orders.CountAsync(o => o.LineCount != c.OrderLines.Count(l => l.OrderId == o.Id)));
        Assert.Equal(0, await c.Orders.CountAsync(o => o.Source != "online-retail" || o.Channel != Channel.Web || o.Status != OrderStatus.Delivered || o.Currency != "GBP"));

        // The first invoice of the file, at 08:26 London time in December (GMT).
        var first = await c.Orders.SingleAsync(o => o.Number == "536365");
        Assert.Equal(new DateTime(2010, 12, 1, 8, 26, 0, DateTimeKind.Utc), first.OrderedAt);
        Assert.Equal(7, first.LineCount);
        Assert.Equal(139.12m, first.Total);
        var customer = await c.Customers.Include(x => x.Addresses).SingleAsync(x => x.Id == first.CustomerId);
        Assert.Equal("Customer 17850", customer.DisplayName);
        Assert.Equal(("United Kingdom", "GB", "en"), (customer.Addresses.Single().Line1, customer.Addresses.Single().Country, customer.PreferredLanguage));
        Assert.Equal(customer.Id, (await c.CustomerExternalIds.SingleAsync(x => x.Source == "online-retail" && x.ExternalId == "17850")).CustomerId);

        // Products: named after their most frequent description, priced at their most frequent unit price.
        var heart = await c.Products.SingleAsync(p => p.Sku == "85123A");
        var heartSales = sales.Where(r => r.StockCode == "85123A").ToList();
        Assert.Equal(heartSales.GroupBy(r => r.UnitPrice).OrderByDescending(g => g.Count()).First().Key, heart.ListPrice);
        Assert.Equal(
            valid.Where(r => r.StockCode == "85123A" && r.Description.Length > 0).GroupBy(r => r.Description.Trim()).OrderByDescending(g => g.Count()).First().Key,
            heart.NameEn);
        Assert.Equal((heart.NameEn, "GBP", (string?)null), (heart.NameEs, heart.Currency, heart.Category));

        // Every return: refunded, reason other, keyed by its cancellation line; a linked one points at an earlier line of the same customer and product.
        var returns = await c.Returns.ToListAsync();
        Assert.All(returns, r => Assert.True(r.Status == ReturnStatus.Refunded && r.Reason == ReturnReason.Other && r.Source == "online-retail"));
        Assert.Equal(cancellations.Select(r => r.Invoice).Order(StringComparer.Ordinal), returns.Select(r => r.ExternalKey![..r.ExternalKey!.IndexOf('/')]).Order(StringComparer.Ordinal));
        var lines = await c.OrderLines.ToDictionaryAsync(l => l.Id);
        var orders = await c.Orders.ToDictionaryAsync(o => o.Id);
        foreach (var r in returns.Where(r => r.OrderLineId is not null))
        {
            var line = lines[r.OrderLineId!.Value];
            Assert.Equal((r.CustomerId, r.ProductId, r.OrderId), (line.CustomerId, line.ProductId, (long?)line.OrderId));
            Assert.True(orders[line.OrderId].OrderedAt <= r.RequestedAt);
        }

        Assert.Equal(returns.Where(r => r.OrderLineId is not null).Sum(r => (long)r.Quantity), counts.ReturnedUnits);
        Assert.All(lines.Values, l => Assert.InRange(l.ReturnedQuantity, 0, l.Quantity));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Importing_the_same_file_again_adds_nothing(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        var first = await ImportFile(db.Settings, OnlineRetailFile.Slice);
        var before = await Counts.Of(db);

        var again = await ImportFile(db.Settings, OnlineRetailFile.Slice);

        Assert.True(again.Committed);
        Assert.Equal(before, await Counts.Of(db));
        Assert.Equal((0L, 0L, 0L, 0L, 0L, 0L), (again.Orders, again.OrderLines, again.Returns, again.CustomersCreated, again.ProductsCreated, again.ProductsUpdated));
        Assert.Equal((first.Orders, first.Returns), (again.OrdersAlreadyImported, again.ReturnsAlreadyImported));
        Assert.Equal(first.RowsRejected, again.RowsRejected);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_changed_file_adds_new_invoices_and_leaves_imported_ones_as_they_are(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await Import(db.Settings, Text(Header,
            "100,A1,Mug,2,2011-01-10 10:00:00,3.00,1.0,France",
            "100,B2,Plate,1,2011-01-10 10:00:00,5.00,1.0,France"));

        // The second export has a corrected price on invoice 100, a new invoice 101, and a new name for A1.
        var second = await Import(db.Settings, Text(Header,
            "100,A1,Mug,2,2011-01-10 10:00:00,3.50,1.0,France",
            "100,B2,Plate,1,2011-01-10 10:00:00,5.00,1.0,France",
            "101,A1,Blue mug,1,2011-01-11 10:00:00,3.50,1.0,Germany",
            "101,C3,Bowl,1,2011-01-11 10:00:00,4.00,1.0,Germany"));

        Assert.Equal((1L, 1L, 2L), (second.Orders, second.OrdersAlreadyImported, second.OrderLines));
        await using var c = db.CreateDbContext();
        Assert.Equal(11m, (await c.Orders.SingleAsync(o => o.Number == "100")).Total);  // as first imported
        Assert.Equal(7.5m, (await c.Orders.SingleAsync(o => o.Number == "101")).Total);
        var mug = await c.Products.SingleAsync(p => p.Sku == "A1");
        Assert.Equal((3.5m, 2L), (mug.ListPrice, mug.Version)); // products follow the latest file
        Assert.Equal(1, await c.Customers.CountAsync());         // customer 1 is reused as it is
        Assert.Equal("FR", (await c.Customers.Include(x => x.Addresses).SingleAsync()).Addresses.Single().Country);
    }

    [Theory, SqliteData, PostgresData]
    public async Task All_or_nothing_writes_nothing_when_a_row_is_bad_and_skip_invalid_writes_the_rest(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        string[] file =
        [
            Header,
            "100,A1,Mug,2,2011-01-10 10:00:00,3.00,1.0,France",
            "100,A2,Jug,two,2011-01-10 10:00:00,3.00,1.0,France",
            "101,A1,Mug,1,2011-01-11 10:00:00,-3.00,2.0,France",
            "102,A1,Mug,1,2011-01-12 10:00:00,3.00,,France",
            "C103,A1,Mug,-1,2011-01-13 10:00:00,3.00,1.0,France",
        ];

        var strict = await Import(db.Settings, Text(file));

        Assert.False(strict.Committed);
        Assert.Equal((5L, 2L, 2L), (strict.LinesRead, strict.RowsRejected, strict.ErrorCount));
        Assert.Equal([(3L, "Quantity"), (4L, "UnitPrice")], strict.Errors.Select(e => (e.Row, e.Column)));
        Assert.Equal((0L, 0L, 0L), (strict.Orders, strict.Returns, strict.CustomersCreated));
        Assert.Equal(new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0), await Counts.Of(db));

        var lenient = await Import(db.Settings, Text(file), ImportMode.SkipInvalid);

        Assert.True(lenient.Committed);
        Assert.False(lenient.AllWritten);
        Assert.Equal(new Counts(Orders: 2, Lines: 2, Returns: 1, Customers: 1, Products: 1, GuestOrders: 1, ExternalIds: 1, LinkedReturns: 1, ReturnedUnits: 1),
            await Counts.Of(db));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Returns_link_to_the_latest_earlier_line_that_still_has_the_units(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        var result = await Import(db.Settings, Text(Header,
            "100,A1,Mug,2,2011-01-10 10:00:00,3.00,1.0,France",
            "101,A1,Mug,5,2011-01-20 10:00:00,3.00,1.0,France",
            "102,A1,Mug,1,2011-02-20 10:00:00,3.00,1.0,France",     // after the first cancellation
            "C200,A1,Mug,-1,2011-02-01 10:00:00,3.00,1.0,France",   // → 101 (latest earlier)
            "C201,A1,Mug,-4,2011-02-02 10:00:00,3.00,1.0,France",   // → 101 (4 of its 5, 1 already returned)
            "C202,A1,Mug,-2,2011-02-03 10:00:00,3.00,1.0,France",   // 101 has 0 left → 100
            "C203,A1,Mug,-1,2011-02-04 10:00:00,3.00,1.0,France",   // nothing left before 102's date → unlinked
            "C204,A1,Mug,-1,2011-02-04 10:00:00,3.00,,France",      // a guest: unlinked
            "C205,B2,Plate,-1,2011-02-04 10:00:00,9.00,1.0,France", // never bought: unlinked (a product is still created)
            "C206,A1,Mug,-1,2011-01-09 10:00:00,3.00,1.0,France")); // before any order: unlinked

        Assert.True(result.AllWritten, string.Join("\n", result.Errors));
        Assert.Equal((7L, 3L, 2L), (result.Returns, result.ReturnsLinked, result.ProductsCreated));
        await using var c = db.CreateDbContext();
        var numbers = await c.Orders.ToDictionaryAsync(o => o.Id, o => o.Number);
        var returns = (await c.Returns.ToListAsync()).OrderBy(r => r.ExternalKey, StringComparer.Ordinal).ToList();
        Assert.Equal(
            ["C200/1→101", "C201/1→101", "C202/1→100", "C203/1→", "C204/1→", "C205/1→", "C206/1→"],
            returns.Select(r => $"{r.ExternalKey}→{(r.OrderId is { } id ? numbers[id] : "")}"));
        Assert.Equal(12m, returns[1].RefundAmount);
        Assert.Equal(
            [("100", 2), ("101", 5), ("102", 0)],
            (await c.OrderLines.ToListAsync()).Select(l => (numbers[l.OrderId], l.ReturnedQuantity)).Order());
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_second_file_links_returns_to_orders_of_the_first(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await Import(db.Settings, Text(Header, "100,A1,Mug,2,2011-01-10 10:00:00,3.00,1.0,France"));

        var second = await Import(db.Settings, Text(Header, "C200,A1,Mug,-2,2011-02-01 10:00:00,3.00,1.0,France"));

        Assert.Equal((1L, 1L, 0L), (second.Returns, second.ReturnsLinked, second.CustomersCreated));
        await using var c = db.CreateDbContext();
        Assert.Equal(2, (await c.OrderLines.SingleAsync()).ReturnedQuantity);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_mapped_csv_imports_under_its_own_source(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        var mapping = await TransactionMapping.Load(new MemoryStream(Encoding.UTF8.GetBytes("""
            {
              "source": "tienda-es",
              "columns": { "orderNumber": "Pedido", "sku": "Referencia", "description": "Artículo", "quantity": "Unidades",
                           "date": "Fecha", "unitPrice": "Precio", "discount": "Descuento", "customerExternalId": "Cliente", "country": "País" },
              "dateFormat": "dd/MM/yyyy HH:mm", "timeZone": "Europe/Madrid", "decimalSeparator": ",", "currency": "EUR"
            }
            """)), default);
        var csv = Text(
            "Pedido;Referencia;Artículo;Unidades;Fecha;Precio;Descuento;Cliente;País",
            "P-1;SOF-3;Sofá tres plazas;1;15/07/2025 10:30;499,99;50;C-77;España",
            "P-1;COJ-1;Cojín;4;15/07/2025 10:30;12,5;;C-77;España",
            "P-2;COJ-1;Cojín;-2;20/07/2025 18:00;12,5;;C-77;España",
            "P-3;COJ-1;Cojín;2;21/07/2025 09:00;12,5;5;;");

        var result = await Import(db.Settings, csv, mapping: mapping);

        Assert.True(result.AllWritten, string.Join("\n", result.Errors));
        Assert.Equal((2L, 1L, 1L, 1L, 1L, 2L), (result.Orders, result.GuestOrders, result.Returns, result.ReturnsLinked, result.CustomersCreated, result.ProductsCreated));
        await using var c = db.CreateDbContext();
        var p1 = await c.Orders.Include(o => o.Lines).SingleAsync(o => o.Number == "P-1");
        Assert.Equal(("tienda-es", "EUR", 499.99m), (p1.Source, p1.Currency, p1.Total));
        Assert.Equal(new DateTime(2025, 7, 15, 8, 30, 0, DateTimeKind.Utc), p1.OrderedAt);
        Assert.Equal([(1, 50m, 0), (2, 0m, 2)], p1.Lines.OrderBy(l => l.LineNo).Select(l => (l.LineNo, l.Discount, l.ReturnedQuantity)));
        Assert.Equal(20m, (await c.Orders.SingleAsync(o => o.Number == "P-3")).Total);
        var ret = await c.Returns.SingleAsync();
        Assert.Equal(("tienda-es", "P-2/1", 25m), (ret.Source, ret.ExternalKey, ret.RefundAmount));
        Assert.Equal("C-77", (await c.CustomerExternalIds.SingleAsync()).ExternalId);
        var customer = await c.Customers.Include(x => x.Addresses).SingleAsync();
        Assert.Equal((CustomerKind.Company, "Customer C-77", "ES", "es"), (customer.Kind, customer.DisplayName, customer.Addresses.Single().Country, customer.PreferredLanguage));
        Assert.Equal("cojin", (await c.Products.SingleAsync(p => p.Sku == "COJ-1")).SearchText.Split(' ')[^1]);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_database_error_stops_the_reading_and_reaches_the_caller(string provider)
    {
        await using var db = await TestDatabase.Create(provider, migrate: false);

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => ImportFile(db.Settings, OnlineRetailFile.Slice));
    }

    [Theory, OnlineRetailFullFile("sqlite"), OnlineRetailFullFile("postgres")]
    public async Task The_whole_online_retail_file_imports_every_invoice_and_customer(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        var raw = OnlineRetailFile.Raw(OnlineRetailFile.Full!);
        var invoices = raw.Select(r => r.Invoice).ToHashSet(StringComparer.Ordinal);
        var cancellationInvoices = raw.Where(r => r.IsCancellation && r.IsValid).Select(r => r.Invoice).ToHashSet(StringComparer.Ordinal);
        var withoutValidLine = invoices.Except(raw.Where(r => r.IsValid).Select(r => r.Invoice)).Count();
        var customers = raw.Where(r => r.IsValid && r.Customer.Length > 0).Select(r => r.Customer).Distinct().Count();

        var result = await ImportFile(db.Settings, OnlineRetailFile.Full!);

        // The published figures, then how the import accounts for every invoice number.
        Assert.Equal((541_909, 25_900, 4_372), (raw.Count, invoices.Count, customers));
        Assert.Equal(25_900, result.Orders + cancellationInvoices.Count + withoutValidLine);
        Assert.Equal(4_372, result.CustomersCreated);
        Assert.Equal(raw.Count(r => !r.IsValid), result.RowsRejected);
        var counts = await Counts.Of(db);
        Assert.Equal((result.Orders, result.OrderLines, result.Returns, 4_372), (counts.Orders, counts.Lines, counts.Returns, counts.Customers));
        Assert.Equal(raw.Count(r => r.IsValid && r.IsCancellation), counts.Returns);
    }

    private sealed class Collect(List<ImportProgress> into) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => into.Add(value);
    }
}
