using Npgsql;
using NpgsqlTypes;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;

namespace Vinculo.Core.Storage.Bulk;

/// <summary>
/// PostgreSQL: binary COPY into every table inside one transaction per batch. Ids are drawn from the
/// identity sequences up front (one round trip per batch) and copied explicitly, so child rows can reference them
/// without reading anything back; COPY accepts values for <c>generated always</c> identity columns.
/// </summary>
internal sealed partial class PostgresBulkWriter(DatabaseSettings settings) : BulkWriter
{
    private NpgsqlConnection _connection = null!;
    private NpgsqlTransaction? _transaction;

    protected override async Task OpenConnection(CancellationToken ct)
    {
        _connection = new NpgsqlConnection(settings.ConnectionString);
        await _connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT pg_get_serial_sequence('customers', 'id')", _connection);
        // Fail at open, not half-way through a load, when the schema is missing.
        _ = (string?)await command.ExecuteScalarAsync(ct)
            ?? throw new InvalidOperationException("customers.id has no identity sequence: is the database migrated?");

        // The full-text GIN indexes take new rows into a pending list that is merged into the index when it fills
        // (4 MB by default); with batches of tens of thousands of rows, a larger list and more memory for the merge
        // make it merge far less often. Both settings last for this session only.
        await using var tune = new NpgsqlCommand("SET gin_pending_list_limit = '64MB'; SET work_mem = '64MB'", _connection);
        await tune.ExecuteNonQueryAsync(ct);
    }

    public override async Task Begin(CancellationToken ct)
    {
        if (_transaction is not null)
        {
            throw new InvalidOperationException("A bulk batch is already open.");
        }

        _transaction = await _connection.BeginTransactionAsync(ct);
    }

    public override async Task Commit(CancellationToken ct)
    {
        var tx = _transaction ?? throw new InvalidOperationException("No bulk batch is open.");
        await tx.CommitAsync(ct);
        await tx.DisposeAsync();
        _transaction = null;
    }

    public override async Task Rollback(CancellationToken ct)
    {
        if (_transaction is { } tx)
        {
            await tx.RollbackAsync(ct);
            await tx.DisposeAsync();
            _transaction = null;
        }
    }

    public override async Task WriteCustomers(IReadOnlyList<Customer> customers, CancellationToken ct)
    {
        if (_transaction is null)
        {
            throw new InvalidOperationException("Call Begin first.");
        }

        if (customers.Count == 0)
        {
            return;
        }

        var ids = await PostgresIds.Reserve(_connection, _transaction, "customers", customers.Count, ct);
        for (var n = 0; n < customers.Count; n++)
        {
            customers[n].Id = ids[n];
            PropagateId(customers[n]);
        }

        await using (var w = await _connection.BeginBinaryImportAsync($"COPY customers (id, {CustomerColumns}) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var c in customers)
            {
                w.StartRow();
                w.Write(c.Id, NpgsqlDbType.Bigint);
                w.Write((int)c.Kind, NpgsqlDbType.Integer);
                w.Write((int)c.Lifecycle, NpgsqlDbType.Integer);
                Text(w, c.TaxId);
                Text(w, c.FirstName);
                Text(w, c.LastName);
                Text(w, c.CompanyName);
                w.Write(c.DisplayName, NpgsqlDbType.Text);
                w.Write(c.SearchName, NpgsqlDbType.Text);
                w.Write(c.PreferredLanguage, NpgsqlDbType.Text);
                Int(w, c.PreferredChannel is { } ch ? (int)ch : null);
                w.Write((int)c.Temperament, NpgsqlDbType.Integer);
                Text(w, c.TemperamentNote);
                w.Write(AttributesJson(c), NpgsqlDbType.Text);
                w.Write(Utc(c.CreatedAt), NpgsqlDbType.TimestampTz);
                w.Write(Utc(c.UpdatedAt), NpgsqlDbType.TimestampTz);
                w.Write(c.Version, NpgsqlDbType.Bigint);
                Text(w, c.Tier);
                Text(w, c.Segment);
            }

            await w.CompleteAsync(ct);
        }

        await Copy(customers.SelectMany(c => c.Emails), "customer_emails (customer_id, address, normalized, label, is_primary)", (w, e) =>
        {
            w.Write(e.CustomerId, NpgsqlDbType.Bigint);
            w.Write(e.Address, NpgsqlDbType.Text);
            w.Write(e.Normalized, NpgsqlDbType.Text);
            Text(w, e.Label);
            w.Write(e.IsPrimary, NpgsqlDbType.Boolean);
        }, ct);
        await Copy(customers.SelectMany(c => c.Phones), "customer_phones (customer_id, raw, e164, label, is_primary)", (w, p) =>
        {
            w.Write(p.CustomerId, NpgsqlDbType.Bigint);
            w.Write(p.Raw, NpgsqlDbType.Text);
            w.Write(p.E164, NpgsqlDbType.Text);
            Text(w, p.Label);
            w.Write(p.IsPrimary, NpgsqlDbType.Boolean);
        }, ct);
        await Copy(customers.SelectMany(c => c.Addresses),
            "customer_addresses (customer_id, label, line1, line2, city, region, postal_code, country)", (w, a) =>
            {
                w.Write(a.CustomerId, NpgsqlDbType.Bigint);
                Text(w, a.Label);
                w.Write(a.Line1, NpgsqlDbType.Text);
                Text(w, a.Line2);
                Text(w, a.City);
                Text(w, a.Region);
                Text(w, a.PostalCode);
                Text(w, a.Country);
            }, ct);
        // The tag key is (customer_id, tag): drop repeats here, COPY has no ON CONFLICT.
        await Copy(customers.SelectMany(c => c.Tags.DistinctBy(t => t.Tag)), "customer_tags (customer_id, tag)", (w, t) =>
        {
            w.Write(t.CustomerId, NpgsqlDbType.Bigint);
            w.Write(t.Tag, NpgsqlDbType.Text);
        }, ct);
        await Copy(customers.SelectMany(c => c.Consents), "consents (customer_id, purpose, status, at, source)", (w, x) =>
        {
            w.Write(x.CustomerId, NpgsqlDbType.Bigint);
            w.Write((int)x.Purpose, NpgsqlDbType.Integer);
            w.Write((int)x.Status, NpgsqlDbType.Integer);
            w.Write(Utc(x.At), NpgsqlDbType.TimestampTz);
            Text(w, x.Source);
        }, ct);
        await Copy(customers.SelectMany(c => c.Contacts),
            "contact_persons (customer_id, first_name, last_name, role, email, phone, phone_e164, is_primary)", (w, x) =>
            {
                w.Write(x.CustomerId, NpgsqlDbType.Bigint);
                w.Write(x.FirstName, NpgsqlDbType.Text);
                Text(w, x.LastName);
                Text(w, x.Role);
                Text(w, x.Email);
                Text(w, x.Phone);
                Text(w, x.PhoneE164);
                w.Write(x.IsPrimary, NpgsqlDbType.Boolean);
            }, ct);
    }

    public override Task WriteInteractions(IReadOnlyList<Interaction> interactions, CancellationToken ct)
    {
        if (_transaction is null)
        {
            throw new InvalidOperationException("Call Begin first.");
        }

        return Copy(interactions, $"interactions ({InteractionColumns})", (w, i) =>
        {
            w.Write(i.CustomerId, NpgsqlDbType.Bigint);
            w.Write((int)i.Channel, NpgsqlDbType.Integer);
            w.Write((int)i.Direction, NpgsqlDbType.Integer);
            Int(w, i.Moment is { } m ? (int)m : null);
            w.Write(i.Subject, NpgsqlDbType.Text);
            Text(w, i.Body);
            Text(w, i.AgentId);
            Text(w, i.AgentName);
            w.Write(Utc(i.OccurredAt), NpgsqlDbType.TimestampTz);
            Int(w, i.DurationSeconds);
            Text(w, i.Outcome);
            w.Write(i.SearchTerms, NpgsqlDbType.Text);
            w.Write(Utc(i.CreatedAt), NpgsqlDbType.TimestampTz);
        }, ct);
    }

    public override async Task<Dictionary<long, CustomerRef>> FindCustomersById(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var found = new Dictionary<long, CustomerRef>();
        if (ids.Count == 0)
        {
            return found;
        }

        await using var command = new NpgsqlCommand("SELECT id, preferred_language FROM customers WHERE id = ANY(@ids)", _connection, _transaction);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found[reader.GetInt64(0)] = new CustomerRef(reader.GetInt64(0), reader.GetString(1));
        }

        return found;
    }

    public override async Task<Dictionary<string, List<CustomerRef>>> FindCustomersByEmail(IReadOnlyCollection<string> normalizedEmails, CancellationToken ct)
    {
        var found = new Dictionary<string, List<CustomerRef>>(StringComparer.Ordinal);
        if (normalizedEmails.Count == 0)
        {
            return found;
        }

        await using var command = new NpgsqlCommand(
            "SELECT DISTINCT e.normalized, c.id, c.preferred_language FROM customer_emails e JOIN customers c ON c.id = e.customer_id " +
            "WHERE e.normalized = ANY(@emails) ORDER BY c.id", _connection, _transaction);
        command.Parameters.AddWithValue("emails", normalizedEmails.ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var email = reader.GetString(0);
            if (!found.TryGetValue(email, out var list))
            {
                found[email] = list = [];
            }

            list.Add(new CustomerRef(reader.GetInt64(1), reader.GetString(2)));
        }

        return found;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_transaction is not null && _connection.State == System.Data.ConnectionState.Open)
        {
            await Rollback(CancellationToken.None);
        }

        await _connection.DisposeAsync();
    }

    private Task Copy<T>(IEnumerable<T> rows, string target, Action<NpgsqlBinaryImporter, T> write, CancellationToken ct) =>
        NpgsqlCopy.Rows(_connection, rows, target, write, ct);

    private static void Text(NpgsqlBinaryImporter w, string? value) => NpgsqlCopy.Text(w, value);

    private static void Int(NpgsqlBinaryImporter w, int? value) => NpgsqlCopy.Int(w, value);

    private static DateTime Utc(DateTime value) => NpgsqlCopy.Utc(value);
}
