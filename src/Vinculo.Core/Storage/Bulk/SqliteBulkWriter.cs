using Microsoft.Data.Sqlite;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;

namespace Vinculo.Core.Storage.Bulk;

/// <summary>
/// SQLite: one connection, one IMMEDIATE transaction per batch, and one prepared statement per table whose
/// parameter objects are reused for every row — SQLite's own per-row cost (B-tree and FTS5 inserts) is then the limit,
/// not the ADO.NET layer.
/// </summary>
internal sealed class SqliteBulkWriter(DatabaseSettings settings) : BulkWriter
{
    private SqliteConnection _connection = null!;
    private SqliteTransaction? _transaction;
    private PreparedInsert? _customers;
    private PreparedInsert? _emails;
    private PreparedInsert? _phones;
    private PreparedInsert? _addresses;
    private PreparedInsert? _tags;
    private PreparedInsert? _consents;
    private PreparedInsert? _contacts;
    private PreparedInsert? _interactions;

    protected override async Task OpenConnection(CancellationToken ct)
    {
        _connection = new SqliteConnection(settings.ConnectionString);
        await _connection.OpenAsync(ct);
        SqliteConnectionSetup.Apply(_connection);
    }

    public override Task Begin(CancellationToken ct)
    {
        if (_transaction is not null)
        {
            throw new InvalidOperationException("A bulk batch is already open.");
        }

        // IMMEDIATE (deferred: false) takes the write lock now, so a concurrent writer cannot make us fail half-way.
        _transaction = _connection.BeginTransaction(deferred: false);
        return Task.CompletedTask;
    }

    public override Task Commit(CancellationToken ct)
    {
        var tx = _transaction ?? throw new InvalidOperationException("No bulk batch is open.");
        tx.Commit();
        tx.Dispose();
        _transaction = null;
        return Task.CompletedTask;
    }

    public override Task Rollback(CancellationToken ct)
    {
        if (_transaction is { } tx)
        {
            tx.Rollback();
            tx.Dispose();
            _transaction = null;
        }

        return Task.CompletedTask;
    }

    public override Task WriteCustomers(IReadOnlyList<Customer> customers, CancellationToken ct)
    {
        var tx = _transaction ?? throw new InvalidOperationException("Call Begin first.");
        _customers ??= Prepare(
            $"INSERT INTO customers ({CustomerColumns}) VALUES (@kind, @lifecycle, @tax_id, @first_name, @last_name, @company_name, " +
            "@display_name, @search_name, @preferred_language, @preferred_channel, @temperament, @temperament_note, @attributes, " +
            "@created_at, @updated_at, @version) RETURNING id", 16);
        _emails ??= Prepare("INSERT INTO customer_emails (customer_id, address, normalized, label, is_primary) VALUES (@a, @b, @c, @d, @e)", 5);
        _phones ??= Prepare("INSERT INTO customer_phones (customer_id, raw, e164, label, is_primary) VALUES (@a, @b, @c, @d, @e)", 5);
        _addresses ??= Prepare(
            "INSERT INTO customer_addresses (customer_id, label, line1, line2, city, region, postal_code, country) " +
            "VALUES (@a, @b, @c, @d, @e, @f, @g, @h)", 8);
        _tags ??= Prepare("INSERT OR IGNORE INTO customer_tags (customer_id, tag) VALUES (@a, @b)", 2);
        _consents ??= Prepare("INSERT INTO consents (customer_id, purpose, status, at, source) VALUES (@a, @b, @c, @d, @e)", 5);
        _contacts ??= Prepare(
            "INSERT INTO contact_persons (customer_id, first_name, last_name, role, email, phone, phone_e164, is_primary) " +
            "VALUES (@a, @b, @c, @d, @e, @f, @g, @h)", 8);

        foreach (var c in customers)
        {
            ct.ThrowIfCancellationRequested();
            var id = (long)_customers.Run(
                tx, scalar: true,
                (int)c.Kind, (int)c.Lifecycle, c.TaxId, c.FirstName, c.LastName, c.CompanyName, c.DisplayName, c.SearchName,
                c.PreferredLanguage, c.PreferredChannel is { } ch ? (int)ch : null, (int)c.Temperament, c.TemperamentNote,
                AttributesJson(c), Timestamps.ToMicroseconds(c.CreatedAt), Timestamps.ToMicroseconds(c.UpdatedAt), c.Version)!;
            c.Id = id;
            PropagateId(c);
            foreach (var e in c.Emails)
            {
                _emails.Run(tx, false, id, e.Address, e.Normalized, e.Label, e.IsPrimary);
            }

            foreach (var p in c.Phones)
            {
                _phones.Run(tx, false, id, p.Raw, p.E164, p.Label, p.IsPrimary);
            }

            foreach (var a in c.Addresses)
            {
                _addresses.Run(tx, false, id, a.Label, a.Line1, a.Line2, a.City, a.Region, a.PostalCode, a.Country);
            }

            foreach (var t in c.Tags)
            {
                _tags.Run(tx, false, id, t.Tag);
            }

            foreach (var x in c.Consents)
            {
                _consents.Run(tx, false, id, (int)x.Purpose, (int)x.Status, Timestamps.ToMicroseconds(x.At), x.Source);
            }

            foreach (var x in c.Contacts)
            {
                _contacts.Run(tx, false, id, x.FirstName, x.LastName, x.Role, x.Email, x.Phone, x.PhoneE164, x.IsPrimary);
            }
        }

        return Task.CompletedTask;
    }

    public override Task WriteInteractions(IReadOnlyList<Interaction> interactions, CancellationToken ct)
    {
        var tx = _transaction ?? throw new InvalidOperationException("Call Begin first.");
        _interactions ??= Prepare(
            $"INSERT INTO interactions ({InteractionColumns}) VALUES (@a, @b, @c, @d, @e, @f, @g, @h, @i, @j, @k, @l, @m)", 13);
        var p = _interactions.Parameters;
        _interactions.Command.Transaction = tx;
        for (var n = 0; n < interactions.Count; n++)
        {
            if ((n & 4095) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            // The hot loop of seeding: set the reused parameters directly rather than through a params array.
            var i = interactions[n];
            p[0].Value = i.CustomerId;
            p[1].Value = (int)i.Channel;
            p[2].Value = (int)i.Direction;
            p[3].Value = i.Moment is { } m ? (int)m : DBNull.Value;
            p[4].Value = i.Subject;
            p[5].Value = (object?)i.Body ?? DBNull.Value;
            p[6].Value = (object?)i.AgentId ?? DBNull.Value;
            p[7].Value = (object?)i.AgentName ?? DBNull.Value;
            p[8].Value = Timestamps.ToMicroseconds(i.OccurredAt);
            p[9].Value = i.DurationSeconds is { } d ? d : DBNull.Value;
            p[10].Value = (object?)i.Outcome ?? DBNull.Value;
            p[11].Value = i.SearchTerms;
            p[12].Value = Timestamps.ToMicroseconds(i.CreatedAt);
            _interactions.Command.ExecuteNonQuery();
        }

        return Task.CompletedTask;
    }

    public override Task<Dictionary<long, CustomerRef>> FindCustomersById(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var found = new Dictionary<long, CustomerRef>();
        using var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = "SELECT id, preferred_language FROM customers WHERE id = @id";
        var p = command.Parameters.Add("@id", SqliteType.Integer);
        foreach (var id in ids)
        {
            p.Value = id;
            using var reader = command.ExecuteReader();
            if (reader.Read())
            {
                found[id] = new CustomerRef(reader.GetInt64(0), reader.GetString(1));
            }
        }

        return Task.FromResult(found);
    }

    public override Task<Dictionary<string, List<CustomerRef>>> FindCustomersByEmail(IReadOnlyCollection<string> normalizedEmails, CancellationToken ct)
    {
        var found = new Dictionary<string, List<CustomerRef>>(StringComparer.Ordinal);
        using var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText =
            "SELECT DISTINCT c.id, c.preferred_language FROM customer_emails e JOIN customers c ON c.id = e.customer_id " +
            "WHERE e.normalized = @email ORDER BY c.id";
        var p = command.Parameters.Add("@email", SqliteType.Text);
        foreach (var email in normalizedEmails)
        {
            p.Value = email;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (!found.TryGetValue(email, out var list))
                {
                    found[email] = list = [];
                }

                list.Add(new CustomerRef(reader.GetInt64(0), reader.GetString(1)));
            }
        }

        return Task.FromResult(found);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            await Rollback(CancellationToken.None);
        }

        foreach (var prepared in new[] { _customers, _emails, _phones, _addresses, _tags, _consents, _contacts, _interactions })
        {
            prepared?.Command.Dispose();
        }

        await _connection.DisposeAsync();
    }

    private PreparedInsert Prepare(string sql, int parameterCount)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        var names = System.Text.RegularExpressions.Regex.Matches(sql, "@[a-z_]+").Select(m => m.Value).ToArray();
        if (names.Length != parameterCount)
        {
            throw new InvalidOperationException($"Expected {parameterCount} parameters in: {sql}");
        }

        var parameters = names.Select(n => command.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();
        return new PreparedInsert(command, parameters);
    }

    /// <summary>A command compiled once; each row only assigns parameter values.</summary>
    private sealed record PreparedInsert(SqliteCommand Command, SqliteParameter[] Parameters)
    {
        public object? Run(SqliteTransaction tx, bool scalar, params object?[] values)
        {
            Command.Transaction = tx;
            for (var i = 0; i < values.Length; i++)
            {
                Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            if (scalar)
            {
                return Command.ExecuteScalar();
            }

            Command.ExecuteNonQuery();
            return null;
        }
    }
}
