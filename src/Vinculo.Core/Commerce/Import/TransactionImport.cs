using System.Diagnostics;
using System.Threading.Channels;
using Vinculo.Core.Customers;
using Vinculo.Core.ImportExport;
using Vinculo.Core.Storage;
using Vinculo.Core.Storage.Bulk;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Customers;
using SalesChannel = Vinculo.Domain.Interactions.Channel;

namespace Vinculo.Core.Commerce.Import;

public sealed record TransactionImportOptions
{
    /// <summary>All-or-nothing (the default): one invalid row and nothing is written. Skip-invalid: the valid rows are.</summary>
    public ImportMode Mode { get; init; } = ImportMode.AllOrNothing;

    /// <summary>The time written as created/updated and used to reject future dates; null means the clock.</summary>
    public DateTime? Now { get; init; }

    public IProgress<ImportProgress>? Progress { get; init; }

    /// <summary>At most this many errors are kept in <see cref="TransactionImportResult.Errors"/>; all are counted.</summary>
    public int MaxReportedErrors { get; init; } = 10_000;
}

/// <summary>What an import read and wrote. The written counts are 0 when it was rolled back.</summary>
public sealed record TransactionImportResult(
    long LinesRead,
    long RowsRejected,
    bool Committed,
    long Orders,
    long OrderLines,
    long GuestOrders,
    long Returns,
    long ReturnsLinked,
    long CustomersCreated,
    long ProductsCreated,
    long ProductsUpdated,
    long OrdersAlreadyImported,
    long ReturnsAlreadyImported,
    IReadOnlyList<ImportError> Errors,
    long ErrorCount,
    TimeSpan Elapsed)
{
    /// <summary>Every row of the file is valid and the import was committed.</summary>
    public bool AllWritten => Committed && RowsRejected == 0 && ErrorCount == 0;
}

/// <summary>
/// Imports sales and cancellations from a transactions file (see <see cref="TransactionReader"/>) in one pass and one
/// database transaction:
/// <list type="bullet">
/// <item>customers are found or created by their id in the source (<c>customer_external_ids</c>), as companies named
/// "Customer &lt;id&gt;" with the file's country as their address (when it names one country) and Spanish or English as
/// their language after it;</item>
/// <item>products are found or created by SKU, then named after the line description the file uses most, with the
/// unit price it uses most as list price;</item>
/// <item>each order number becomes one web order, delivered, with its lines (a line without customer makes a guest
/// order);</item>
/// <item>each cancellation line becomes a refunded return, linked to the same customer's most recent earlier line of
/// the same product that still has that many units not returned (whose returned quantity grows), or unlinked.</item>
/// </list>
/// </summary>
/// <remarks>
/// <para>
/// Re-importing: orders are keyed by (source, number) and returns by (source, order number/line number), so importing
/// the same file again writes no duplicate. An order or return already in the database is left exactly as it is, even
/// if the file now says something else about it (its lines, prices or customer); only new order numbers and new
/// cancellation lines are added. Customers already known by their external id are reused as they are (the file's
/// country does not change their address). Products are the exception: their names and list price follow the file,
/// as an upsert.
/// </para>
/// <para>
/// Memory grows with the number of distinct orders, customers and products, and with the lines that have a customer
/// (kept to link returns to), not with the file size otherwise.
/// </para>
/// </remarks>
public static class TransactionImport
{
    /// <summary>Valid lines written at a time.</summary>
    private const int ChunkLines = 5_000;

    public static async Task<TransactionImportResult> Run(DatabaseSettings settings, Stream input, TransactionMapping mapping,
        TransactionImportOptions options, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        var now = Timestamps.Truncate(options.Now?.ToUniversalTime() ?? DateTime.UtcNow);
        await using var reader = await TransactionReader.Open(input, mapping, now, ct);
        var run = new ImportState(mapping.Source, options, now);
        foreach (var error in reader.FileErrors)
        {
            run.Error(error);
        }

        if (reader.FileErrors.Count > 0)
        {
            return run.Result(committed: false, stopwatch.Elapsed);
        }

        await using var store = await TransactionStore.Open(settings, ct);
        await store.Begin(ct);

        // Reading (decompressing, parsing, checking) runs on its own thread and hands chunks of valid lines to the
        // database writes through a short queue, so that the two overlap on two cores.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var chunks = Channel.CreateBounded<List<TransactionLine>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var reading = Task.Run(() => ReadChunks(reader, run, options.Progress, chunks.Writer, stop.Token), stop.Token);
        try
        {
            await foreach (var chunk in chunks.Reader.ReadAllAsync(stop.Token))
            {
                await run.Write(store, chunk, stop.Token);
            }

            await reading;
        }
        catch
        {
            await stop.CancelAsync();
            try
            {
                await reading;
            }
            catch (OperationCanceledException)
            {
                // The reading was stopped because writing failed; that failure is the one to report.
            }

            throw;
        }

        if (run.Writing)
        {
            await run.Finish(store, ct);
        }

        if (run.ErrorCount > 0 && options.Mode == ImportMode.AllOrNothing)
        {
            await store.Rollback(ct);
            return run.Result(committed: false, stopwatch.Elapsed);
        }

        await store.Commit(ct);
        options.Progress?.Report(new ImportProgress(run.LinesRead, run.LinesWritten, run.Rejected, reader.BytesTotal, reader.BytesTotal));
        return run.Result(committed: true, stopwatch.Elapsed);
    }

    /// <summary>Reads every row, counts and reports the bad ones, and queues the valid lines in chunks.</summary>
    private static async Task ReadChunks(TransactionReader reader, ImportState run, IProgress<ImportProgress>? progress,
        ChannelWriter<List<TransactionLine>> output, CancellationToken ct)
    {
        try
        {
            var chunk = new List<TransactionLine>(ChunkLines);
            await foreach (var row in reader.ReadRows(ct))
            {
                run.LinesRead++;
                if (row.Line is null)
                {
                    foreach (var error in row.Errors)
                    {
                        run.Error(error);
                    }

                    run.Rejected++;
                }
                else if (run.Writing)
                {
                    chunk.Add(row.Line);
                    if (chunk.Count == ChunkLines)
                    {
                        await output.WriteAsync(chunk, ct);
                        chunk = new List<TransactionLine>(ChunkLines);
                    }
                }

                if (progress is not null && run.LinesRead % 1_000 == 0)
                {
                    progress.Report(new ImportProgress(run.LinesRead, run.LinesWritten, run.Rejected, reader.BytesRead, reader.BytesTotal));
                }
            }

            if (run.Writing && chunk.Count > 0)
            {
                await output.WriteAsync(chunk, ct);
            }

            output.Complete();
        }
        catch (Exception e)
        {
            output.Complete(e);
            throw;
        }
    }

    /// <summary>The state of one import: what was resolved or written so far, counts and errors.</summary>
    private sealed class ImportState(string source, TransactionImportOptions options, DateTime now)
    {
        private readonly List<ImportError> _errors = [];

        /// <summary>Customer id by external id, for every external id met so far.</summary>
        private readonly Dictionary<string, long> _customers = new(StringComparer.Ordinal);

        /// <summary>Ids of the customers that existed before this import (their earlier orders are in the database).</summary>
        private readonly HashSet<long> _knownCustomers = [];

        private readonly Dictionary<string, ProductTally> _products = new(StringComparer.Ordinal);

        /// <summary>Orders by number: written by this import, or null when the database had it already (its lines are skipped).</summary>
        private readonly Dictionary<string, Order?> _orders = new(StringComparer.Ordinal);

        /// <summary>Orders of this import that got lines after they were written: their totals are rewritten at the end.</summary>
        private readonly HashSet<Order> _grown = [];

        /// <summary>This import's lines that have a customer, by (customer, product): what returns link to.</summary>
        private readonly Dictionary<(long Customer, long Product), List<SoldLine>> _sold = [];

        private readonly List<PendingReturn> _returns = [];

        private long _linesWritten;
        private long _orderCount;
        private long _lineCount;
        private long _guestOrders;
        private long _returnCount;
        private long _linked;
        private long _customersCreated;
        private long _productsCreated;
        private long _productsUpdated;
        private long _ordersSkipped;
        private long _returnsSkipped;

        // Counted by the reading side (the writing side only reads them once reading is over).
        public long LinesRead { get; set; }
        public long Rejected { get; set; }
        public long ErrorCount { get; private set; }

        /// <summary>Lines written so far: counted by the writing side, read by the reading side for progress.</summary>
        public long LinesWritten => Interlocked.Read(ref _linesWritten);

        /// <summary>False once an all-or-nothing import has a bad row: the rest is only validated, for the report.</summary>
        public bool Writing => options.Mode == ImportMode.SkipInvalid || ErrorCount == 0;

        public void Error(ImportError error)
        {
            ErrorCount++;
            if (_errors.Count < options.MaxReportedErrors)
            {
                _errors.Add(error);
            }
        }

        /// <summary>Writes the sales of a chunk of valid lines and keeps its cancellations for the end.</summary>
        public async Task Write(TransactionStore store, List<TransactionLine> lines, CancellationToken ct)
        {
            if (lines.Count == 0)
            {
                return;
            }

            await ResolveCustomers(store, lines, ct);
            await ResolveProducts(store, lines, ct);

            var newNumbers = lines.Where(l => !l.IsCancellation && !_orders.ContainsKey(l.OrderNumber)).Select(l => l.OrderNumber).ToHashSet(StringComparer.Ordinal);
            foreach (var number in await store.FindOrders(source, newNumbers, ct))
            {
                _orders[number] = null;
                _ordersSkipped++;
            }

            var newOrders = new List<Order>();
            var newLines = new List<OrderLine>(lines.Count);
            foreach (var line in lines)
            {
                var productId = _products[line.Sku].Product.Id;
                long? customerId = line.CustomerExternalId is { } external ? _customers[external] : null;
                if (line.IsCancellation)
                {
                    _returns.Add(new PendingReturn(line, customerId, productId));
                    continue;
                }

                if (!_orders.TryGetValue(line.OrderNumber, out var order))
                {
                    order = new Order
                    {
                        CustomerId = customerId, Number = line.OrderNumber, Source = source, Channel = SalesChannel.Web, Status = OrderStatus.Delivered,
                        OrderedAt = line.At, Currency = line.Currency, CreatedAt = now, UpdatedAt = now, Version = 1,
                    };
                    _orders[line.OrderNumber] = order;
                    newOrders.Add(order);
                    _orderCount++;
                    if (customerId is null)
                    {
                        _guestOrders++;
                    }
                }

                if (order is null)
                {
                    continue; // imported before: left as it is
                }

                if (order.Id != 0)
                {
                    _grown.Add(order); // written in an earlier chunk (its lines are not contiguous in the file)
                }

                var orderLine = new OrderLine
                {
                    CustomerId = customerId, ProductId = productId, LineNo = line.LineNo, Description = line.Description, Quantity = line.Quantity,
                    UnitPrice = line.UnitPrice, Discount = line.Discount,
                };
                order.Lines.Add(orderLine);
                order.Total += orderLine.Net;
                order.LineCount++;
                if (line.At < order.OrderedAt)
                {
                    order.OrderedAt = line.At;
                }

                newLines.Add(orderLine);
            }

            await store.WriteOrders(newOrders, ct);
            foreach (var order in newOrders.Concat(_grown))
            {
                foreach (var line in order.Lines)
                {
                    line.OrderId = order.Id;
                }
            }

            await store.WriteOrderLines(newLines, ct);
            foreach (var order in newOrders.Concat(_grown))
            {
                foreach (var line in order.Lines)
                {
                    if (line.CustomerId is { } customer)
                    {
                        Sold(customer, line.ProductId).Add(new SoldLine(line.Id, order, customer, line.ProductId, line.Quantity, 0));
                    }
                }

                order.Lines.Clear();
            }

            _lineCount += newLines.Count;
            Interlocked.Add(ref _linesWritten, newLines.Count);
        }

        /// <summary>Writes what needs the whole file: products' names and prices, grown orders, and the returns.</summary>
        public async Task Finish(TransactionStore store, CancellationToken ct)
        {
            var changed = new List<Product>();
            foreach (var tally in _products.Values)
            {
                var p = tally.Product;
                var name = tally.Name() ?? p.Sku;
                var price = tally.Price();
                if (p.NameEn != name || p.NameEs != name || p.ListPrice != price || p.Currency != tally.Currency)
                {
                    p.NameEn = p.NameEs = name;
                    p.ListPrice = price;
                    p.Currency = tally.Currency;
                    p.SearchText = CatalogRules.SearchText(p.Sku, p.NameEs, p.NameEn);
                    p.UpdatedAt = now;
                    if (!tally.Created)
                    {
                        p.Version++;
                        _productsUpdated++;
                    }

                    changed.Add(p);
                }
            }

            await store.UpdateProducts(changed, ct);
            foreach (var order in _grown)
            {
                order.UpdatedAt = now;
            }

            await store.UpdateOrders(_grown.ToList(), ct);
            await WriteReturns(store, ct);
        }

        private async Task WriteReturns(TransactionStore store, CancellationToken ct)
        {
            if (_returns.Count == 0)
            {
                return;
            }

            var existing = await store.FindReturns(source, _returns.Select(r => r.Key).ToList(), ct);
            var pending = _returns.Where(r => !existing.Contains(r.Key)).OrderBy(r => r.Line.At).ThenBy(r => r.Line.Row).ToList();
            _returnsSkipped = _returns.Count - pending.Count;

            // Customers known before this import may return what they bought in an earlier one.
            var earlier = pending.Where(r => r.CustomerId is { } c && _knownCustomers.Contains(c)).Select(r => r.CustomerId!.Value).ToHashSet();
            if (earlier.Count > 0)
            {
                var mine = _sold.Values.SelectMany(l => l).Select(l => l.Id).ToHashSet();
                foreach (var line in await store.FindSoldLines(earlier, ct))
                {
                    if (!mine.Contains(line.Id))
                    {
                        Sold(line.CustomerId, line.ProductId).Add(line);
                    }
                }
            }

            var returns = new List<ProductReturn>(pending.Count);
            var returned = new List<(long LineId, int Quantity)>();
            foreach (var p in pending)
            {
                var line = p.Line;
                var item = new ProductReturn
                {
                    CustomerId = p.CustomerId, ProductId = p.ProductId, Quantity = line.Quantity, Reason = ReturnReason.Other,
                    Note = $"Cancellation {line.OrderNumber}", RefundAmount = line.Amount, Currency = line.Currency, Status = ReturnStatus.Refunded,
                    RequestedAt = line.At, ResolvedAt = line.At, Source = source, ExternalKey = p.Key, CreatedAt = now, UpdatedAt = now, Version = 1,
                };
                if (p.CustomerId is { } customer && _sold.TryGetValue((customer, p.ProductId), out var candidates) &&
                    candidates.Where(c => c.Order.OrderedAt <= line.At && CommerceRules.Returnable(c.Quantity, c.Returned) >= line.Quantity)
                        .MaxBy(c => (c.Order.OrderedAt, c.Id)) is { } sold)
                {
                    item.OrderId = sold.Order.Id;
                    item.OrderLineId = sold.Id;
                    sold.Returned += line.Quantity;
                    returned.Add((sold.Id, line.Quantity));
                    _linked++;
                }

                returns.Add(item);
            }

            await store.WriteReturns(returns, ct);
            await store.AddReturnedQuantities(returned, ct);
            _returnCount = returns.Count;
            Interlocked.Add(ref _linesWritten, returns.Count);
        }

        private async Task ResolveCustomers(TransactionStore store, List<TransactionLine> lines, CancellationToken ct)
        {
            var missing = new Dictionary<string, TransactionLine>(StringComparer.Ordinal);
            foreach (var line in lines)
            {
                if (line.CustomerExternalId is { } id && !_customers.ContainsKey(id))
                {
                    missing.TryAdd(id, line);
                }
            }

            if (missing.Count == 0)
            {
                return;
            }

            foreach (var (externalId, customerId) in await store.FindCustomers(source, missing.Keys, ct))
            {
                _customers[externalId] = customerId;
                _knownCustomers.Add(customerId);
                missing.Remove(externalId);
            }

            var created = missing.Select(m => (Customer: NewCustomer(m.Key, m.Value.Country), ExternalId: m.Key)).ToList();
            await store.CreateCustomers(source, created, ct);
            foreach (var (customer, externalId) in created)
            {
                _customers[externalId] = customer.Id;
            }

            _customersCreated += created.Count;
        }

        private Customer NewCustomer(string externalId, string? country)
        {
            // A customer known only by an id: a company (the shops that export such files sell mostly to businesses),
            // named so that it can be found by that id and renamed later.
            var code = CountryNames.ToCode(country);
            var customer = new Customer
            {
                Kind = CustomerKind.Company, Lifecycle = Lifecycle.Active, CompanyName = $"Customer {externalId}",
                PreferredLanguage = CountryNames.Language(code), CreatedAt = now, UpdatedAt = now, Version = 1,
            };
            customer.DisplayName = Customer.ComposeDisplayName(customer.Kind, null, null, customer.CompanyName);
            if (code is not null)
            {
                customer.Addresses.Add(new CustomerAddress { Line1 = country!, Country = code });
            }

            customer.SearchName = CustomerInputMapper.SearchText(customer);
            return customer;
        }

        private async Task ResolveProducts(TransactionStore store, List<TransactionLine> lines, CancellationToken ct)
        {
            var missing = lines.Where(l => !_products.ContainsKey(l.Sku)).Select(l => l.Sku).ToHashSet(StringComparer.Ordinal);
            if (missing.Count > 0)
            {
                foreach (var (sku, product) in await store.FindProducts(missing, ct))
                {
                    _products[sku] = new ProductTally(product, created: false);
                    missing.Remove(sku);
                }

                // Created with the first line's description and price; Finish sets the most frequent ones.
                var created = new List<Product>();
                foreach (var line in lines)
                {
                    if (missing.Remove(line.Sku))
                    {
                        var name = line.Description ?? line.Sku;
                        var product = new Product
                        {
                            Sku = line.Sku, NameEn = name, NameEs = name, ListPrice = line.UnitPrice, Currency = line.Currency,
                            SearchText = CatalogRules.SearchText(line.Sku, name, name), CreatedAt = now, UpdatedAt = now, Version = 1,
                        };
                        created.Add(product);
                        _products[line.Sku] = new ProductTally(product, created: true);
                    }
                }

                await store.CreateProducts(created, ct);
                _productsCreated += created.Count;
            }

            foreach (var line in lines)
            {
                _products[line.Sku].Count(line);
            }
        }

        private List<SoldLine> Sold(long customer, long product)
        {
            if (!_sold.TryGetValue((customer, product), out var list))
            {
                _sold[(customer, product)] = list = [];
            }

            return list;
        }

        public TransactionImportResult Result(bool committed, TimeSpan elapsed)
        {
            var errors = _errors.OrderBy(e => e.Row).ToList();
            return committed
                ? new TransactionImportResult(LinesRead, Rejected, true, _orderCount, _lineCount, _guestOrders, _returnCount, _linked, _customersCreated,
                    _productsCreated, _productsUpdated, _ordersSkipped, _returnsSkipped, errors, ErrorCount, elapsed)
                : new TransactionImportResult(LinesRead, Rejected, false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, errors, ErrorCount, elapsed);
        }
    }

    /// <summary>A cancellation line waiting for the end of the file, with its customer and product resolved.</summary>
    private sealed record PendingReturn(TransactionLine Line, long? CustomerId, long ProductId)
    {
        /// <summary>The return's key in its source: the cancellation's number and line number ("C536379/1").</summary>
        public string Key { get; } = $"{Line.OrderNumber}/{Line.LineNo}";
    }

    /// <summary>A product met in the file, with how often each description and unit price appear on its sale lines.</summary>
    private sealed class ProductTally(Product product, bool created)
    {
        private readonly Dictionary<string, int> _names = new(StringComparer.Ordinal);
        private readonly Dictionary<decimal, int> _salePrices = [];
        private readonly Dictionary<decimal, int> _otherPrices = [];

        public Product Product { get; } = product;
        public bool Created { get; } = created;
        public string Currency { get; private set; } = product.Currency;

        public void Count(TransactionLine line)
        {
            if (line.Description is { } name)
            {
                _names[name] = _names.GetValueOrDefault(name) + 1;
            }

            // The list price comes from sales; a product only ever cancelled takes its cancellations' price.
            var prices = line.IsCancellation ? _otherPrices : _salePrices;
            prices[line.UnitPrice] = prices.GetValueOrDefault(line.UnitPrice) + 1;
            if (!line.IsCancellation || _salePrices.Count == 0)
            {
                Currency = line.Currency;
            }
        }

        /// <summary>The most frequent description (the first met of equally frequent ones), or null when there is none.</summary>
        public string? Name() => _names.Count == 0 ? null : Mode(_names);

        /// <summary>The most frequent unit price of its sales (of its cancellations when it has no sale).</summary>
        public decimal Price()
        {
            var prices = _salePrices.Count > 0 ? _salePrices : _otherPrices;
            return prices.Count == 0 ? Product.ListPrice : Mode(prices);
        }

        /// <summary>Dictionaries enumerate in insertion order while nothing is removed, so ties go to the first met.</summary>
        private static T Mode<T>(Dictionary<T, int> counts) where T : notnull
        {
            var best = counts.Keys.First();
            var bestCount = 0;
            foreach (var (value, count) in counts)
            {
                if (count > bestCount)
                {
                    best = value;
                    bestCount = count;
                }
            }

            return best;
        }
    }
}
