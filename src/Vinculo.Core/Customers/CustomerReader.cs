using System.Data.Common;
using System.Text.Json;
using Vinculo.Core.Common;
using Vinculo.Core.Storage;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;

namespace Vinculo.Core.Customers;

/// <summary>
/// The read side of the customer: one round trip of plain SQL statements (the same text on both databases) read
/// straight into the response records. This is the path an agent waits on, so it bypasses change tracking.
/// </summary>
public static class CustomerReader
{
    public const int TimelineSize = 50;

    public const string CustomerSql = """
        SELECT id, kind, lifecycle, tax_id, first_name, last_name, company_name, display_name, preferred_language,
               preferred_channel, temperament, temperament_note, attributes, created_at, updated_at, version, tier, segment
        FROM customers WHERE id = @id;
        SELECT address, label, is_primary FROM customer_emails WHERE customer_id = @id ORDER BY is_primary DESC, id;
        SELECT raw, e164, label, is_primary FROM customer_phones WHERE customer_id = @id ORDER BY is_primary DESC, id;
        SELECT label, line1, line2, city, region, postal_code, country FROM customer_addresses WHERE customer_id = @id ORDER BY id;
        SELECT tag FROM customer_tags WHERE customer_id = @id ORDER BY tag;
        SELECT purpose, status, at, source FROM consents WHERE customer_id = @id ORDER BY purpose, at, id;
        """;

    /// <summary>The 360's statements, one batch by <c>@id</c> (public so the benchmark measures the same SQL).</summary>
    public const string ThreeSixtySql = CustomerSql + """
        SELECT id, first_name, last_name, role, email, phone, is_primary FROM contact_persons WHERE customer_id = @id ORDER BY is_primary DESC, id;
        SELECT id, customer_id, channel, direction, moment, subject, body, agent_id, agent_name, occurred_at, duration_seconds, outcome
        FROM interactions WHERE customer_id = @id ORDER BY occurred_at DESC, id DESC LIMIT 50;
        SELECT channel, COUNT(*) FROM interactions WHERE customer_id = @id GROUP BY channel;
        """ + CommerceSql;

    public const int RecentOrders = 5;
    public const int RecentReturns = 5;

    /// <summary>
    /// The commerce part of the 360: each statement is one range of a per-customer index (open invoices through the partial
    /// index of open invoices), so its cost does not grow with the size of the tables.
    /// </summary>
    public const string CommerceSql = """
        SELECT c.id, c.product_id, p.sku, p.name_es, p.name_en, c.price, c.currency, c.billing_period, c.started_at
        FROM contracts c JOIN products p ON p.id = c.product_id
        WHERE c.customer_id = @id AND c.status = 1 ORDER BY c.started_at DESC, c.id DESC LIMIT 20;
        SELECT id, number, channel, status, ordered_at, currency, total, line_count
        FROM orders WHERE customer_id = @id ORDER BY ordered_at DESC, id DESC LIMIT 5;
        SELECT currency, COUNT(*), SUM(total), MAX(ordered_at) FROM orders WHERE customer_id = @id AND status <> 5 GROUP BY currency;
        SELECT currency, due_at, total - settled FROM invoices WHERE customer_id = @id AND status = 1 AND kind = 1;
        SELECT currency, SUM(amount) FROM payments WHERE customer_id = @id AND invoice_id IS NULL GROUP BY currency;
        SELECT r.id, r.product_id, p.name_es, p.name_en, r.quantity, r.reason, r.refund_amount, r.currency, r.status, r.requested_at
        FROM returns r JOIN products p ON p.id = r.product_id
        WHERE r.customer_id = @id ORDER BY r.requested_at DESC, r.id DESC LIMIT 5;
        SELECT w.id, w.product_id, p.name_es, p.name_en, w.status, w.claimed_at, w.expires_at
        FROM warranty_claims w JOIN products p ON p.id = w.product_id
        WHERE w.customer_id = @id AND w.status IN (1, 2) ORDER BY w.claimed_at DESC, w.id DESC LIMIT 5;
        """;

    public static Task<CustomerDto?> Get(VinculoDb db, long id, CancellationToken ct = default) =>
        HotReads.ById(db, CustomerSql, id, (reader, sqlite) => ReadCustomer(reader, sqlite, ct), ct);

    /// <param name="now">The moment overdue amounts and aging are computed against.</param>
    public static Task<Customer360?> Get360(VinculoDb db, long id, string language, DateTime now, CancellationToken ct = default) =>
        HotReads.ById(db, ThreeSixtySql, id, (reader, sqlite) => Read360(reader, sqlite, language, now, ct), ct);

    private static async Task<Customer360?> Read360(DbDataReader reader, bool sqlite, string language, DateTime now, CancellationToken ct)
    {
        var customer = await ReadCustomer(reader, sqlite, ct);
        if (customer is null)
        {
            return null;
        }

        await reader.NextResultAsync(ct);
        var contacts = new List<ContactDto>();
        while (await reader.ReadAsync(ct))
        {
            contacts.Add(new ContactDto(reader.GetInt64(0), reader.GetString(1), reader.NullableString(2), reader.NullableString(3),
                reader.NullableString(4), reader.NullableString(5), reader.Bool(6)));
        }

        await reader.NextResultAsync(ct);
        var latest = new List<InteractionDto>(TimelineSize);
        while (await reader.ReadAsync(ct))
        {
            latest.Add(ReadInteraction(reader, sqlite));
        }

        await reader.NextResultAsync(ct);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        while (await reader.ReadAsync(ct))
        {
            var n = Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
            counts[EnumText.Camel((Channel)reader.GetInt32(0))] = n;
            total += n;
        }

        TemperamentInfo? temperament = null;
        if (customer.Temperament != Temperament.None)
        {
            temperament = new TemperamentInfo(customer.Temperament, TemperamentGuidance.Label(customer.Temperament, language),
                TemperamentGuidance.For(customer.Temperament, language) ?? [], customer.TemperamentNote);
        }

        var commerce = await ReadCommerce(reader, sqlite, language, now, ct);
        return new Customer360(customer, contacts, temperament, new TimelineSummary(latest, counts, total), commerce);
    }

    private static async Task<CommerceSummary> ReadCommerce(DbDataReader r, bool sqlite, string language, DateTime now, CancellationToken ct)
    {
        var english = language == "en";

        await r.NextResultAsync(ct);
        var contracts = new List<ActiveContractSummary>();
        while (await r.ReadAsync(ct))
        {
            contracts.Add(new ActiveContractSummary(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(english ? 4 : 3),
                r.Money(5), r.GetString(6), (BillingPeriod)r.GetInt32(7), r.Timestamp(8, sqlite)));
        }

        await r.NextResultAsync(ct);
        var orders = new List<OrderSummary>(RecentOrders);
        while (await r.ReadAsync(ct))
        {
            orders.Add(new OrderSummary(r.GetInt64(0), r.GetString(1), (Channel)r.GetInt32(2), (OrderStatus)r.GetInt32(3),
                r.Timestamp(4, sqlite), r.GetString(5), r.Money(6), r.GetInt32(7)));
        }

        await r.NextResultAsync(ct);
        var totals = new List<OrderTotals>();
        while (await r.ReadAsync(ct))
        {
            totals.Add(new OrderTotals(r.GetString(0), r.Int(1), r.Money(2), r.Timestamp(3, sqlite)));
        }

        await r.NextResultAsync(ct);
        var accounts = new Dictionary<string, AccountTally>(StringComparer.Ordinal);
        while (await r.ReadAsync(ct))
        {
            var currency = r.GetString(0);
            if (!accounts.TryGetValue(currency, out var account))
            {
                accounts[currency] = account = new AccountTally();
            }

            account.AddInvoice(r.Timestamp(1, sqlite), r.Money(2), now);
        }

        await r.NextResultAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var currency = r.GetString(0);
            if (!accounts.TryGetValue(currency, out var account))
            {
                accounts[currency] = account = new AccountTally();
            }

            account.OnAccount += r.Money(1);
        }

        await r.NextResultAsync(ct);
        var returns = new List<ReturnSummary>(RecentReturns);
        while (await r.ReadAsync(ct))
        {
            returns.Add(new ReturnSummary(r.GetInt64(0), r.GetInt64(1), r.GetString(english ? 3 : 2), r.GetInt32(4),
                (ReturnReason)r.GetInt32(5), r.Money(6), r.GetString(7), (ReturnStatus)r.GetInt32(8), r.Timestamp(9, sqlite)));
        }

        await r.NextResultAsync(ct);
        var claims = new List<WarrantyClaimSummary>();
        while (await r.ReadAsync(ct))
        {
            claims.Add(new WarrantyClaimSummary(r.GetInt64(0), r.GetInt64(1), r.GetString(english ? 3 : 2), (WarrantyStatus)r.GetInt32(4),
                r.Timestamp(5, sqlite), r.Timestamp(6, sqlite)));
        }

        if (contracts.Count == 0 && orders.Count == 0 && accounts.Count == 0 && returns.Count == 0 && claims.Count == 0)
        {
            return CommerceSummary.Empty;
        }

        return new CommerceSummary(contracts, orders, totals,
            accounts.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => Account(a.Key, a.Value, now)).ToList(), returns, claims);
    }

    private static AccountSummary Account(string currency, AccountTally t, DateTime now) => new(
        currency, t.Balance, t.Aging.Overdue, t.DaysOverdue(now), t.OpenInvoices, t.OverdueInvoices, t.OnAccount, t.Aging);

    public const string InteractionColumns =
        "id, customer_id, channel, direction, moment, subject, body, agent_id, agent_name, occurred_at, duration_seconds, outcome";

    public static InteractionDto ReadInteraction(DbDataReader r, bool sqlite) => new(
        r.GetInt64(0), r.GetInt64(1), (Channel)r.GetInt32(2), (Direction)r.GetInt32(3),
        r.IsDBNull(4) ? null : (JourneyMoment)r.GetInt32(4), r.GetString(5), r.NullableString(6), r.NullableString(7),
        r.NullableString(8), r.Timestamp(9, sqlite), r.NullableInt(10), r.NullableString(11));

    private static async Task<CustomerDto?> ReadCustomer(DbDataReader r, bool sqlite, CancellationToken ct)
    {
        if (!await r.ReadAsync(ct))
        {
            return null;
        }

        var id = r.GetInt64(0);
        var kind = (CustomerKind)r.GetInt32(1);
        var lifecycle = (Lifecycle)r.GetInt32(2);
        var taxId = r.NullableString(3);
        var first = r.NullableString(4);
        var last = r.NullableString(5);
        var company = r.NullableString(6);
        var display = r.GetString(7);
        var language = r.GetString(8);
        Channel? channel = r.IsDBNull(9) ? null : (Channel)r.GetInt32(9);
        var temperament = (Temperament)r.GetInt32(10);
        var note = r.NullableString(11);
        var attributes = JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(12)) ?? [];
        var created = r.Timestamp(13, sqlite);
        var updated = r.Timestamp(14, sqlite);
        var version = r.GetInt64(15);
        var tier = r.NullableString(16);
        var segment = r.NullableString(17);

        await r.NextResultAsync(ct);
        var emails = new List<EmailDto>();
        while (await r.ReadAsync(ct))
        {
            emails.Add(new EmailDto(r.GetString(0), r.NullableString(1), r.Bool(2)));
        }

        await r.NextResultAsync(ct);
        var phones = new List<PhoneDto>();
        while (await r.ReadAsync(ct))
        {
            phones.Add(new PhoneDto(r.GetString(0), r.GetString(1), r.NullableString(2), r.Bool(3)));
        }

        await r.NextResultAsync(ct);
        var addresses = new List<AddressDto>();
        while (await r.ReadAsync(ct))
        {
            addresses.Add(new AddressDto(r.NullableString(0), r.GetString(1), r.NullableString(2), r.NullableString(3),
                r.NullableString(4), r.NullableString(5), r.NullableString(6)));
        }

        await r.NextResultAsync(ct);
        var tags = new List<string>();
        while (await r.ReadAsync(ct))
        {
            tags.Add(r.GetString(0));
        }

        await r.NextResultAsync(ct);
        var consents = new List<ConsentDto>();
        while (await r.ReadAsync(ct))
        {
            var purpose = (ConsentPurpose)r.GetInt32(0);
            var status = (ConsentStatus)r.GetInt32(1);
            var at = r.Timestamp(2, sqlite);
            var source = r.NullableString(3);
            var previous = consents.Count > 0 && consents[^1].Purpose == purpose ? consents[^1] : null;
            if (previous is not null)
            {
                consents[^1] = new ConsentDto(purpose, status, at, source, previous.Changes + 1);
            }
            else
            {
                consents.Add(new ConsentDto(purpose, status, at, source, 1));
            }
        }

        return new CustomerDto(id, kind, lifecycle, taxId, first, last, company, display, language, channel, temperament, note,
            emails, phones, addresses, tags, attributes, consents, created, updated, version, tier, segment);
    }
}
