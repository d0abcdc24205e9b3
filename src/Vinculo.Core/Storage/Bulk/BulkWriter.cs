using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;

namespace Vinculo.Core.Storage.Bulk;

/// <summary>A customer found by a bulk lookup: its id and the language its texts are analysed in.</summary>
public readonly record struct CustomerRef(long Id, string Language);

/// <summary>
/// Writes many customers (with their e-mails, phones, addresses, tags, consents and contact persons) and
/// interactions fast, bypassing EF Core: prepared statements in one transaction per batch on SQLite, binary COPY on
/// PostgreSQL. Used by demo seeding and CSV import; the only provider-specific write path outside migrations.
/// </summary>
/// <remarks>
/// Usage: <see cref="Begin"/>, any number of writes, then <see cref="Commit"/> or <see cref="Rollback"/>; repeat per
/// batch. Nothing is visible to other connections before <see cref="Commit"/>, and a process that dies before it
/// leaves nothing behind. Callers fill <c>customers.search_name</c> and <c>interactions.search_terms</c>: the
/// full-text indexes are maintained by the database from those columns.
/// </remarks>
public abstract class BulkWriter : IAsyncDisposable
{
    /// <summary>Opens a connection to the configured database. The schema must already be migrated.</summary>
    public static async Task<BulkWriter> Open(DatabaseSettings settings, CancellationToken ct)
    {
        BulkWriter writer = settings.IsSqlite ? new SqliteBulkWriter(settings) : new PostgresBulkWriter(settings);
        try
        {
            await writer.OpenConnection(ct);
            return writer;
        }
        catch
        {
            await writer.DisposeAsync();
            throw;
        }
    }

    protected abstract Task OpenConnection(CancellationToken ct);

    /// <summary>Starts a transaction; every write until <see cref="Commit"/> belongs to it.</summary>
    public abstract Task Begin(CancellationToken ct);

    /// <summary>
    /// Inserts the customers and everything in their child lists, and sets <see cref="Customer.Id"/> (and the
    /// children's <c>CustomerId</c>) to the ids the database assigned. Child row ids are not read back.
    /// </summary>
    public abstract Task WriteCustomers(IReadOnlyList<Customer> customers, CancellationToken ct);

    /// <summary>Inserts interactions; their <see cref="Interaction.CustomerId"/> must be set. Ids are not read back.</summary>
    public abstract Task WriteInteractions(IReadOnlyList<Interaction> interactions, CancellationToken ct);

    public abstract Task Commit(CancellationToken ct);

    public abstract Task Rollback(CancellationToken ct);

    /// <summary>The existing customers among <paramref name="ids"/>, seen from inside the current transaction.</summary>
    public abstract Task<Dictionary<long, CustomerRef>> FindCustomersById(IReadOnlyCollection<long> ids, CancellationToken ct);

    /// <summary>
    /// Customers by normalised e-mail address (see <see cref="EmailAddresses.Normalize"/>). An address can belong to
    /// several customers, so each maps to every owner, lowest id first.
    /// </summary>
    public abstract Task<Dictionary<string, List<CustomerRef>>> FindCustomersByEmail(IReadOnlyCollection<string> normalizedEmails, CancellationToken ct);

    public abstract ValueTask DisposeAsync();

    protected const string CustomerColumns =
        "kind, lifecycle, tax_id, first_name, last_name, company_name, display_name, search_name, preferred_language, " +
        "preferred_channel, temperament, temperament_note, attributes, created_at, updated_at, version";

    protected const string InteractionColumns =
        "customer_id, channel, direction, moment, subject, body, agent_id, agent_name, occurred_at, duration_seconds, outcome, search_terms, created_at";

    /// <summary>The attributes column holds JSON; most customers have none, so skip the serializer for them.</summary>
    protected static string AttributesJson(Customer customer) =>
        customer.Attributes.Count == 0 ? "{}" : System.Text.Json.JsonSerializer.Serialize(customer.Attributes);

    /// <summary>Copies the customer id onto every child row after the database assigned it.</summary>
    protected static void PropagateId(Customer c)
    {
        foreach (var e in c.Emails)
        {
            e.CustomerId = c.Id;
        }

        foreach (var p in c.Phones)
        {
            p.CustomerId = c.Id;
        }

        foreach (var a in c.Addresses)
        {
            a.CustomerId = c.Id;
        }

        foreach (var t in c.Tags)
        {
            t.CustomerId = c.Id;
        }

        foreach (var x in c.Consents)
        {
            x.CustomerId = c.Id;
        }

        foreach (var x in c.Contacts)
        {
            x.CustomerId = c.Id;
        }
    }
}
