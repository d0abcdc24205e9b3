using System.Diagnostics;
using System.Threading.Channels;
using Vinculo.Core.Storage;
using Vinculo.Core.Storage.Bulk;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Service;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Service;

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
/// <param name="CasesPerCustomer">
/// Service cases per customer (exactly this many each) with their history, about five events each. Above zero, the
/// service desk configuration (teams with the database's agents and supervisors as members, calendars, SLA policies) is
/// created first unless the database already has SLA policies.
/// </param>
public sealed record SeedOptions(int Customers, int InteractionsPerCustomer, int Seed, DateTime? Now = null, int OrderLinesPerCustomer = 0, int CasesPerCustomer = 0);

public sealed record SeedProgress(long CustomersWritten, long InteractionsWritten, long CustomersTotal, long InteractionsTotal);

public sealed record SeedResult(long Customers, long Interactions, TimeSpan Elapsed, long OrderLines = 0, long Cases = 0, long CaseEvents = 0);

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
        ArgumentOutOfRangeException.ThrowIfNegative(options.CasesPerCustomer);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.CasesPerCustomer, 1_000);

        var stopwatch = Stopwatch.StartNew();
        var now = Timestamps.Truncate(options.Now is { } given
            ? given.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(given, DateTimeKind.Utc) : given.ToUniversalTime()
            : DateTime.UtcNow.Date);
        long customersTotal = options.Customers;
        var interactionsTotal = customersTotal * options.InteractionsPerCustomer;
        var perBatch = Math.Clamp(RowsPerBatch / (options.InteractionsPerCustomer + 1 + 6 * options.CasesPerCustomer), 50, 10_000);
        var service = options.CasesPerCustomer > 0 ? await PrepareService(settings, options.Seed, now, ct) : null;

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
                    batch.Service = service?.Next(batch.Customers, options.CasesPerCustomer);
                    await queue.Writer.WriteAsync(batch, stop.Token);
                }

                queue.Writer.Complete();
            }
            catch (Exception e)
            {
                queue.Writer.Complete(e);
            }
        }, CancellationToken.None);

        long customersWritten = 0, interactionsWritten = 0, orderLinesWritten = 0, casesWritten = 0, caseEventsWritten = 0;
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

                if (batch.Service is { } cases)
                {
                    await writer.WriteService(cases, stop.Token);
                    casesWritten += cases.Cases.Count;
                    caseEventsWritten += cases.Events.Count;
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

        return new SeedResult(customersWritten, interactionsWritten, stopwatch.Elapsed, orderLinesWritten, casesWritten, caseEventsWritten);
    }

    /// <summary>
    /// Creates the demo service desk (calendars, teams, policies) unless the database already has SLA policies or the demo
    /// teams, then reads the configuration the cases' SLA is computed with.
    /// </summary>
    private static async Task<DemoService> PrepareService(DatabaseSettings settings, int seed, DateTime now, CancellationToken ct)
    {
        await using var db = StorageSetup.CreateDbContext(settings);
        var roles = new[] { Auth.Roles.Agent, Auth.Roles.Supervisor, Auth.Roles.Admin };
        var agents = (await (
                from u in db.Users
                join ur in db.UserRoles on u.Id equals ur.UserId
                join r in db.Roles on ur.RoleId equals r.Id
                where roles.Contains(r.Name!)
                select new { u.Id, u.DisplayName, u.Email, Role = r.Name! }).ToListAsync(ct))
            .GroupBy(u => u.Id).Select(g => g.OrderBy(u => Array.IndexOf(roles, u.Role)).First())
            .OrderBy(u => u.Id, StringComparer.Ordinal)
            .Select(u => new DemoAgent(u.Id, u.DisplayName.Length > 0 ? u.DisplayName : u.Email ?? u.Id, u.Role))
            .ToList();
        if (!await db.ServicePolicies.AnyAsync(ct) && !await db.Teams.AnyAsync(t => DemoService.TeamNames.Contains(t.Name), ct))
        {
            await using var writer = await BulkWriter.Open(settings, ct);
            await writer.Begin(ct);
            await writer.WriteService(DemoService.Configuration(now, agents), ct);
            await writer.Commit(ct);
        }

        var config = await SlaConfiguration.Load(db, ct);
        var calendars = await db.ServiceCalendars.AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        var office = calendars.FirstOrDefault(c => c.Name == DemoService.OfficeCalendar) ?? calendars.FirstOrDefault();
        var names = agents.ToDictionary(a => a.UserId, StringComparer.Ordinal);
        var teams = (await db.Teams.AsNoTracking().Include(t => t.Members).OrderBy(t => t.Id).ToListAsync(ct))
            .Select(t => new DemoTeam(t.Id, t.Name, [.. t.Members.Where(m => names.ContainsKey(m.UserId)).OrderBy(m => m.UserId, StringComparer.Ordinal).Select(m => names[m.UserId])]))
            .ToList();
        return new DemoService(seed, now, config, teams,
            office is not null ? config.Calendar(office.Id)! : BusinessCalendar.AlwaysOpen("Europe/Madrid"));
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
