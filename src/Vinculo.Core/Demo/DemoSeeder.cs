using System.Diagnostics;
using System.Threading.Channels;
using Vinculo.Core.Storage;
using Vinculo.Core.Storage.Bulk;
using Microsoft.EntityFrameworkCore;
using Vinculo.Domain.Commerce;

namespace Vinculo.Core.Demo;

/// <param name="Customers">How many customers to create.</param>
/// <param name="InteractionsPerCustomer">Interactions per customer (exactly this many each).</param>
/// <param name="Seed">Same seed and same <paramref name="Now"/> → identical data.</param>
/// <param name="Now">
/// The moment the data is "as of": every timestamp lies before it. Null means today at 00:00 UTC, so re-runs on the
/// same day produce the same rows.
/// </param>
/// <param name="OrderLinesPerCustomer">
/// Order lines per customer (exactly this many each, in orders of one to four lines). Above zero, customers also get
/// contracts with their changes, invoices, payments, returns and warranty claims; zero adds no commerce at all.
/// </param>
public sealed record SeedOptions(int Customers, int InteractionsPerCustomer, int Seed, DateTime? Now = null, int OrderLinesPerCustomer = 0);

public sealed record SeedProgress(long CustomersWritten, long InteractionsWritten, long CustomersTotal, long InteractionsTotal);

public sealed record SeedResult(long Customers, long Interactions, TimeSpan Elapsed, long OrderLines = 0);

/// <summary>
/// Loads the demo company: customers of a Spanish home-goods and telecom retailer, with contact data, consents, tags,
/// contact persons for companies and two years of interactions over every channel. Data is added to whatever the
/// database holds; the schema must be migrated.
/// </summary>
public static class DemoSeeder
{
    /// <summary>Rows per transaction: large enough to amortise the commit, small enough to show progress often.</summary>
    private const int RowsPerBatch = 50_000;

    public static async Task<SeedResult> Seed(DatabaseSettings settings, SeedOptions options, IProgress<SeedProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Customers);
        ArgumentOutOfRangeException.ThrowIfNegative(options.InteractionsPerCustomer);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.InteractionsPerCustomer, 10_000);
        ArgumentOutOfRangeException.ThrowIfNegative(options.OrderLinesPerCustomer);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.OrderLinesPerCustomer, 10_000);

        var stopwatch = Stopwatch.StartNew();
        var now = Timestamps.Truncate(options.Now is { } given
            ? given.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(given, DateTimeKind.Utc) : given.ToUniversalTime()
            : DateTime.UtcNow.Date);
        long customersTotal = options.Customers;
        var interactionsTotal = customersTotal * options.InteractionsPerCustomer;
        var perBatch = Math.Clamp(RowsPerBatch / (options.InteractionsPerCustomer + 1), 50, 10_000);

        // Generation (one thread) and writing (another) overlap: on two cores neither waits for the other.
        // The bounded queue keeps at most two batches in memory.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var queue = Channel.CreateBounded<DemoBatch>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(async () =>
        {
            try
            {
                var generator = new DemoGenerator(options.Seed, now);
                for (var done = 0; done < options.Customers; done += perBatch)
                {
                    var batch = generator.Next(Math.Min(perBatch, options.Customers - done), options.InteractionsPerCustomer);
                    await queue.Writer.WriteAsync(batch, stop.Token);
                }

                queue.Writer.Complete();
            }
            catch (Exception e)
            {
                queue.Writer.Complete(e);
            }
        }, CancellationToken.None);

        long customersWritten = 0, interactionsWritten = 0, orderLinesWritten = 0;
        var commerce = options.OrderLinesPerCustomer > 0
            ? new DemoCommerce(options.Seed, now, await EnsureCatalog(settings, now, stop.Token))
            : null;
        try
        {
            await using var writer = await BulkWriter.Open(settings, stop.Token);
            progress?.Report(new SeedProgress(0, 0, customersTotal, interactionsTotal));
            await foreach (var batch in queue.Reader.ReadAllAsync(stop.Token))
            {
                await writer.Begin(stop.Token);
                await writer.WriteCustomers(batch.Customers, stop.Token);
                for (var i = 0; i < batch.Interactions.Count; i++)
                {
                    batch.Interactions[i].CustomerId = batch.Customers[batch.Owner[i]].Id;
                }

                await writer.WriteInteractions(batch.Interactions, stop.Token);
                if (commerce is not null)
                {
                    var sales = commerce.Next(batch.Customers, options.OrderLinesPerCustomer);
                    await writer.WriteCommerce(sales, stop.Token);
                    orderLinesWritten += sales.OrderLineCount;
                }

                await writer.Commit(stop.Token);
                customersWritten += batch.Customers.Count;
                interactionsWritten += batch.Interactions.Count;
                progress?.Report(new SeedProgress(customersWritten, interactionsWritten, customersTotal, interactionsTotal));
            }
        }
        finally
        {
            // If writing failed, release the producer blocked on a full queue.
            await stop.CancelAsync();
            await producer;
        }

        return new SeedResult(customersWritten, interactionsWritten, stopwatch.Elapsed, orderLinesWritten);
    }

    /// <summary>Adds the demo catalogue's products that are missing (by SKU) and returns every demo SKU's id.</summary>
    private static async Task<Dictionary<string, long>> EnsureCatalog(DatabaseSettings settings, DateTime now, CancellationToken ct)
    {
        await using var db = StorageSetup.CreateDbContext(settings);
        var skus = DemoCatalog.Products.Select(p => p.Sku).ToList();
        var existing = await db.Products.Where(p => skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, p => p.Id, ct);
        var added = new List<Product>();
        foreach (var p in DemoCatalog.Products.Where(p => !existing.ContainsKey(p.Sku)))
        {
            added.Add(new Product
            {
                Sku = p.Sku, NameEs = p.NameEs, NameEn = p.NameEn, Category = p.Category, ListPrice = p.Price, Currency = "EUR",
                WarrantyMonths = p.WarrantyMonths, Active = true, SearchText = CatalogRules.SearchText(p.Sku, p.NameEs, p.NameEn),
                CreatedAt = now, UpdatedAt = now, Version = 1,
            });
        }

        if (added.Count > 0)
        {
            db.Products.AddRange(added);
            await db.SaveChangesAsync(ct);
        }

        foreach (var p in added)
        {
            existing[p.Sku] = p.Id;
        }

        return existing;
    }
}
