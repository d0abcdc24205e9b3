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

    /// <summary>
    /// Inserts contracts (with changes), orders (with lines), invoices, payments, returns and warranty claims: reserves their
    /// ids, links the rows (see <see cref="CommerceBatch"/>) and writes them table by table. Customers must exist.
    /// </summary>
    public async Task WriteCommerce(CommerceBatch batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var contracts = await ReserveIds("contracts", batch.Contracts.Count, ct);
        var orders = await ReserveIds("orders", batch.Orders.Count, ct);
        var lines = await ReserveIds("order_lines", checked((int)batch.OrderLineCount), ct);
        var invoices = await ReserveIds("invoices", batch.Invoices.Count, ct);
        batch.Link(contracts, orders, lines, invoices);
        await WriteCommerceRows(batch, ct);
    }

    /// <summary>
    /// Inserts service calendars, teams (with members), SLA policies, cases (with tags, SLA columns and alarm marks) and
    /// case events: reserves their ids, links the rows (see <see cref="ServiceBatch"/>) and writes them table by table.
    /// Customers and users referred to must exist.
    /// </summary>
    public async Task WriteService(ServiceBatch batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var calendars = await ReserveIds("service_calendars", batch.Calendars.Count, ct);
        var teams = await ReserveIds("teams", batch.Teams.Count, ct);
        var policies = await ReserveIds("service_policies", batch.Policies.Count, ct);
        var cases = await ReserveIds("cases", batch.Cases.Count, ct);
        batch.Link(calendars, teams, policies, cases);
        await WriteServiceRows(batch, ct);
    }

    protected abstract Task WriteServiceRows(ServiceBatch batch, CancellationToken ct);

    /// <summary>
    /// Writes the SLA columns (<see cref="CaseSlaColumns.Names"/>) of the cases to the rows whose version is still
    /// <see cref="Vinculo.Domain.Service.ServiceCase.Version"/> (the version they were read at; it is not changed: the SLA
    /// is derived data). Returns the ids of the cases not written because someone changed them meanwhile.
    /// </summary>
    public abstract Task<IReadOnlyList<long>> WriteCaseSla(IReadOnlyList<CaseSlaUpdate> updates, CancellationToken ct);

    /// <summary>Ids for <paramref name="count"/> new rows of <paramref name="table"/>, unique for the current transaction.</summary>
    protected abstract Task<IReadOnlyList<long>> ReserveIds(string table, int count, CancellationToken ct);

    protected abstract Task WriteCommerceRows(CommerceBatch batch, CancellationToken ct);

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
        "preferred_channel, temperament, temperament_note, attributes, created_at, updated_at, version, tier, segment";

    protected const string InteractionColumns =
        "customer_id, channel, direction, moment, subject, body, agent_id, agent_name, occurred_at, duration_seconds, outcome, search_terms, created_at";

    protected const string ContractColumns =
        "id, customer_id, product_id, status, price, currency, billing_period, started_at, cancelled_at, cancel_reason, created_at, updated_at, version";

    protected const string ContractChangeColumns =
        "contract_id, customer_id, kind, at, product_id, previous_product_id, price, previous_price, reason, agent_id, agent_name";

    protected const string OrderColumns =
        "id, customer_id, number, source, channel, status, ordered_at, currency, total, line_count, created_at, updated_at, version";

    protected const string OrderLineColumns =
        "id, order_id, customer_id, product_id, line_no, description, quantity, unit_price, discount, returned_quantity";

    protected const string InvoiceColumns =
        "id, customer_id, number, kind, order_id, contract_id, credited_invoice_id, issued_at, due_at, currency, total, settled, status, created_at, updated_at, version";

    protected const string PaymentColumns = "customer_id, invoice_id, method, paid_at, amount, currency, reference, created_at";

    protected const string ReturnColumns =
        "customer_id, order_id, order_line_id, product_id, quantity, reason, note, refund_amount, currency, status, requested_at, resolved_at, source, external_key, created_at, updated_at, version";

    protected const string ClaimColumns =
        "customer_id, order_line_id, product_id, claimed_at, expires_at, description, status, resolution, created_at, updated_at, version";

    protected const string CalendarColumns = "id, name, time_zone, definition, created_at, updated_at, version";

    protected const string TeamColumns = "id, name, description, strategy, supervisor_id, created_at, updated_at, version";

    protected const string TeamMemberColumns = "team_id, user_id, skills, available, last_assigned_at";

    protected const string PolicyColumns =
        "id, name, scope, scope_key, calendar_id, warning_share, targets, escalations, active, created_at, updated_at, version";

    /// <summary>The case columns before the alarm marks and the SLA columns (<see cref="CaseSlaColumns"/>).</summary>
    protected const string CaseColumns =
        "id, customer_id, contact_person_id, type, channel, subject, description, priority, status, is_active, team_id, assignee_id, " +
        "order_id, invoice_id, contract_id, customer_rank, created_by_id, created_at, updated_at, last_event_at, resolved_at, closed_at, version";

    protected const int CaseColumnCount = 23;

    protected static string AllCaseColumns { get; } =
        $"{CaseColumns}, {string.Join(", ", CaseSlaColumns.MarkNames)}, {string.Join(", ", CaseSlaColumns.Names)}";

    protected const string CaseEventColumns =
        "case_id, occurred_at, recorded_at, kind, sla_kind, priority, actor_id, actor_name, body, data, interaction_id";

    /// <summary>Consecutive ids from <paramref name="first"/>.</summary>
    protected sealed class IdRange(long first, int count) : IReadOnlyList<long>
    {
        public long this[int index] => (uint)index < (uint)count ? first + index : throw new ArgumentOutOfRangeException(nameof(index));

        public int Count => count;

        public IEnumerator<long> GetEnumerator()
        {
            for (var i = 0; i < count; i++)
            {
                yield return first + i;
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

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
