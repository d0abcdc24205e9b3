using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;

namespace Vinculo.Core.Storage.Bulk;

/// <summary>
/// Streams whole tables for export without loading them: customers in id-ordered chunks with their child rows,
/// interactions in one forward-only query. Everything is read inside one read transaction (a WAL snapshot on SQLite,
/// REPEATABLE READ on PostgreSQL), so an export is consistent even while others write.
/// </summary>
public sealed class BulkReader : IAsyncDisposable
{
    private readonly DbConnection _connection;
    private readonly bool _sqlite;
    private DbTransaction? _transaction;

    private BulkReader(DbConnection connection, bool sqlite)
    {
        _connection = connection;
        _sqlite = sqlite;
    }

    public static async Task<BulkReader> Open(DatabaseSettings settings, CancellationToken ct)
    {
        DbConnection connection = settings.IsSqlite ? new SqliteConnection(settings.ConnectionString) : new NpgsqlConnection(settings.ConnectionString);
        var reader = new BulkReader(connection, settings.IsSqlite);
        try
        {
            await connection.OpenAsync(ct);
            if (settings.IsSqlite)
            {
                SqliteConnectionSetup.Apply(connection);
                // Deferred: the snapshot starts at the first read and takes no write lock.
                reader._transaction = ((SqliteConnection)connection).BeginTransaction(deferred: true);
            }
            else
            {
                reader._transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
            }

            return reader;
        }
        catch
        {
            await reader.DisposeAsync();
            throw;
        }
    }

    public Task<long> CountCustomers(CancellationToken ct) => Count("customers", ct);

    public Task<long> CountInteractions(CancellationToken ct) => Count("interactions", ct);

    /// <summary>Every customer in id order with emails, phones, addresses, tags, consents and contact persons.</summary>
    public async IAsyncEnumerable<Customer> Customers(int chunkSize = 5_000, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var after = 0L;
        while (true)
        {
            var chunk = new List<Customer>(chunkSize);
            await using (var command = Command(
                             $"SELECT id, {CustomerColumns} FROM customers WHERE id > @after ORDER BY id LIMIT @limit", ("@after", after), ("@limit", chunkSize)))
            await using (var r = await command.ExecuteReaderAsync(ct))
            {
                while (await r.ReadAsync(ct))
                {
                    chunk.Add(new Customer
                    {
                        Id = r.GetInt64(0),
                        Kind = (CustomerKind)r.GetInt32(1),
                        Lifecycle = (Lifecycle)r.GetInt32(2),
                        TaxId = r.NullableString(3),
                        FirstName = r.NullableString(4),
                        LastName = r.NullableString(5),
                        CompanyName = r.NullableString(6),
                        DisplayName = r.GetString(7),
                        SearchName = r.GetString(8),
                        PreferredLanguage = r.GetString(9),
                        PreferredChannel = r.NullableInt(10) is { } ch ? (Channel)ch : null,
                        Temperament = (Temperament)r.GetInt32(11),
                        TemperamentNote = r.NullableString(12),
                        Attributes = JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(13)) ?? [],
                        CreatedAt = r.Timestamp(14, _sqlite),
                        UpdatedAt = r.Timestamp(15, _sqlite),
                        Version = r.GetInt64(16),
                    });
                }
            }

            if (chunk.Count == 0)
            {
                yield break;
            }

            await LoadChildren(chunk, ct);
            foreach (var c in chunk)
            {
                yield return c;
            }

            after = chunk[^1].Id;
        }
    }

    /// <summary>Every interaction in id order, with the customer's primary e-mail (null when it has none).</summary>
    public async IAsyncEnumerable<(Interaction Interaction, string? CustomerEmail)> Interactions([EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var command = Command(
            "SELECT i.id, i.customer_id, i.channel, i.direction, i.moment, i.subject, i.body, i.agent_id, i.agent_name, i.occurred_at, " +
            "i.duration_seconds, i.outcome, i.search_terms, i.created_at, " +
            "(SELECT e.address FROM customer_emails e WHERE e.customer_id = i.customer_id ORDER BY e.is_primary DESC, e.id LIMIT 1) " +
            "FROM interactions i ORDER BY i.id");
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var interaction = new Interaction
            {
                Id = r.GetInt64(0),
                CustomerId = r.GetInt64(1),
                Channel = (Channel)r.GetInt32(2),
                Direction = (Direction)r.GetInt32(3),
                Moment = r.NullableInt(4) is { } m ? (JourneyMoment)m : null,
                Subject = r.GetString(5),
                Body = r.NullableString(6),
                AgentId = r.NullableString(7),
                AgentName = r.NullableString(8),
                OccurredAt = r.Timestamp(9, _sqlite),
                DurationSeconds = r.NullableInt(10),
                Outcome = r.NullableString(11),
                SearchTerms = r.GetString(12),
                CreatedAt = r.Timestamp(13, _sqlite),
            };
            yield return (interaction, r.NullableString(14));
        }
    }

    private async Task LoadChildren(List<Customer> chunk, CancellationToken ct)
    {
        // Ids within a chunk are a contiguous range of the id order, so a range scan of each child table's
        // customer_id index fetches exactly this chunk's rows, whatever the chunk size.
        var byId = chunk.ToDictionary(c => c.Id);
        var (from, to) = (chunk[0].Id, chunk[^1].Id);

        await Each("SELECT customer_id, address, normalized, label, is_primary FROM customer_emails", r =>
            byId[r.GetInt64(0)].Emails.Add(new CustomerEmail
            {
                CustomerId = r.GetInt64(0), Address = r.GetString(1), Normalized = r.GetString(2), Label = r.NullableString(3), IsPrimary = r.Bool(4),
            }));
        await Each("SELECT customer_id, raw, e164, label, is_primary FROM customer_phones", r =>
            byId[r.GetInt64(0)].Phones.Add(new CustomerPhone
            {
                CustomerId = r.GetInt64(0), Raw = r.GetString(1), E164 = r.GetString(2), Label = r.NullableString(3), IsPrimary = r.Bool(4),
            }));
        await Each("SELECT customer_id, label, line1, line2, city, region, postal_code, country FROM customer_addresses", r =>
            byId[r.GetInt64(0)].Addresses.Add(new CustomerAddress
            {
                CustomerId = r.GetInt64(0), Label = r.NullableString(1), Line1 = r.GetString(2), Line2 = r.NullableString(3),
                City = r.NullableString(4), Region = r.NullableString(5), PostalCode = r.NullableString(6), Country = r.NullableString(7),
            }));
        await Each("SELECT customer_id, tag FROM customer_tags", r =>
            byId[r.GetInt64(0)].Tags.Add(new CustomerTag { CustomerId = r.GetInt64(0), Tag = r.GetString(1) }), orderBy: "customer_id, tag");
        await Each("SELECT customer_id, purpose, status, at, source FROM consents", r =>
            byId[r.GetInt64(0)].Consents.Add(new Consent
            {
                CustomerId = r.GetInt64(0), Purpose = (ConsentPurpose)r.GetInt32(1), Status = (ConsentStatus)r.GetInt32(2),
                At = r.Timestamp(3, _sqlite), Source = r.NullableString(4),
            }));
        await Each("SELECT customer_id, first_name, last_name, role, email, phone, phone_e164, is_primary FROM contact_persons", r =>
            byId[r.GetInt64(0)].Contacts.Add(new ContactPerson
            {
                CustomerId = r.GetInt64(0), FirstName = r.GetString(1), LastName = r.NullableString(2), Role = r.NullableString(3),
                Email = r.NullableString(4), Phone = r.NullableString(5), PhoneE164 = r.NullableString(6), IsPrimary = r.Bool(7),
            }));

        async Task Each(string select, Action<DbDataReader> read, string orderBy = "customer_id, id")
        {
            await using var command = Command($"{select} WHERE customer_id BETWEEN @from AND @to ORDER BY {orderBy}", ("@from", from), ("@to", to));
            await using var r = await command.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                read(r);
            }
        }
    }

    private async Task<long> Count(string table, CancellationToken ct)
    {
        await using var command = Command($"SELECT COUNT(*) FROM {table}");
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private DbCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Add(name, value);
        }

        return command;
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            // Read-only: nothing to keep, and rolling back releases the snapshot.
            await _transaction.DisposeAsync();
        }

        await _connection.DisposeAsync();
    }

    private const string CustomerColumns =
        "kind, lifecycle, tax_id, first_name, last_name, company_name, display_name, search_name, preferred_language, " +
        "preferred_channel, temperament, temperament_note, attributes, created_at, updated_at, version";
}
