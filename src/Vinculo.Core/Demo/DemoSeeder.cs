using System.Diagnostics;
using System.Threading.Channels;
using Vinculo.Core.Storage;
using Vinculo.Core.Storage.Bulk;

namespace Vinculo.Core.Demo;

/// <param name="Customers">How many customers to create.</param>
/// <param name="InteractionsPerCustomer">Interactions per customer (exactly this many each).</param>
/// <param name="Seed">Same seed and same <paramref name="Now"/> → identical data.</param>
/// <param name="Now">
/// The moment the data is "as of": every timestamp lies before it. Null means today at 00:00 UTC, so re-runs on the
/// same day produce the same rows.
/// </param>
public sealed record SeedOptions(int Customers, int InteractionsPerCustomer, int Seed, DateTime? Now = null);

public sealed record SeedProgress(long CustomersWritten, long InteractionsWritten, long CustomersTotal, long InteractionsTotal);

public sealed record SeedResult(long Customers, long Interactions, TimeSpan Elapsed);

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

        long customersWritten = 0, interactionsWritten = 0;
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

        return new SeedResult(customersWritten, interactionsWritten, stopwatch.Elapsed);
    }
}
