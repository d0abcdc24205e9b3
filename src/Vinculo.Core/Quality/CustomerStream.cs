using System.Runtime.CompilerServices;
using Vinculo.Core.Storage;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;

namespace Vinculo.Core.Quality;

/// <summary>
/// Every customer in id order with exactly the columns the quality rules read (no tags, labels, attributes or search
/// text), in chunks of consecutive ids: one batch of statements per chunk, each child table read by a range of its
/// customer_id index. Memory holds one chunk.
/// </summary>
/// <remarks>
/// Each statement sees committed data as of when it runs; a customer changed while its chunk is read may be judged on a
/// mix of old and new rows, which the next scan corrects. That is the price of not holding one snapshot open for the
/// whole scan.
/// </remarks>
internal static class CustomerStream
{
    private const string ChunkSql = """
        SELECT id, kind, tax_id, first_name, last_name, company_name, preferred_channel, created_at, updated_at
        FROM customers WHERE id > @after ORDER BY id LIMIT @limit;
        """;

    private const string ChildrenSql = """
        SELECT customer_id, address FROM customer_emails WHERE customer_id BETWEEN @from AND @to ORDER BY customer_id, id;
        SELECT customer_id, raw, e164 FROM customer_phones WHERE customer_id BETWEEN @from AND @to ORDER BY customer_id, id;
        SELECT customer_id, line1, city, postal_code, country FROM customer_addresses WHERE customer_id BETWEEN @from AND @to ORDER BY customer_id, id;
        SELECT customer_id, purpose, status, at FROM consents WHERE customer_id BETWEEN @from AND @to ORDER BY customer_id, id;
        SELECT customer_id, email, phone_e164 FROM contact_persons WHERE customer_id BETWEEN @from AND @to ORDER BY customer_id, id;
        """;

    public static async IAsyncEnumerable<Customer> All(VinculoDb db, int chunkSize = 5_000, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var sqlite = db.IsSqlite;
        var after = 0L;
        while (true)
        {
            var chunk = new List<Customer>(chunkSize);
            await using (var command = QualitySql.Command(db, ChunkSql, ("@after", after), ("@limit", chunkSize)))
            await using (var r = await command.ExecuteReaderAsync(ct))
            {
                while (await r.ReadAsync(ct))
                {
                    chunk.Add(new Customer
                    {
                        Id = r.Long(0),
                        Kind = (CustomerKind)r.GetInt32(1),
                        TaxId = r.NullableString(2),
                        FirstName = r.NullableString(3),
                        LastName = r.NullableString(4),
                        CompanyName = r.NullableString(5),
                        PreferredChannel = r.IsDBNull(6) ? null : (Channel)r.GetInt32(6),
                        CreatedAt = r.Timestamp(7, sqlite),
                        UpdatedAt = r.Timestamp(8, sqlite),
                    });
                }
            }

            if (chunk.Count == 0)
            {
                yield break;
            }

            await Children(db, chunk, sqlite, ct);
            foreach (var customer in chunk)
            {
                yield return customer;
            }

            after = chunk[^1].Id;
        }
    }

    private static async Task Children(VinculoDb db, List<Customer> chunk, bool sqlite, CancellationToken ct)
    {
        var byId = new Dictionary<long, Customer>(chunk.Count);
        foreach (var c in chunk)
        {
            byId[c.Id] = c;
        }

        await using var command = QualitySql.Command(db, ChildrenSql, ("@from", chunk[0].Id), ("@to", chunk[^1].Id));
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            if (byId.TryGetValue(r.Long(0), out var c))
            {
                c.Emails.Add(new CustomerEmail { CustomerId = c.Id, Address = r.GetString(1) });
            }
        }

        await r.NextResultAsync(ct);
        while (await r.ReadAsync(ct))
        {
            if (byId.TryGetValue(r.Long(0), out var c))
            {
                c.Phones.Add(new CustomerPhone { CustomerId = c.Id, Raw = r.GetString(1), E164 = r.GetString(2) });
            }
        }

        await r.NextResultAsync(ct);
        while (await r.ReadAsync(ct))
        {
            if (byId.TryGetValue(r.Long(0), out var c))
            {
                c.Addresses.Add(new CustomerAddress
                {
                    CustomerId = c.Id, Line1 = r.GetString(1), City = r.NullableString(2), PostalCode = r.NullableString(3), Country = r.NullableString(4),
                });
            }
        }

        await r.NextResultAsync(ct);
        while (await r.ReadAsync(ct))
        {
            if (byId.TryGetValue(r.Long(0), out var c))
            {
                c.Consents.Add(new Consent
                {
                    CustomerId = c.Id, Purpose = (ConsentPurpose)r.GetInt32(1), Status = (ConsentStatus)r.GetInt32(2), At = r.Timestamp(3, sqlite),
                });
            }
        }

        await r.NextResultAsync(ct);
        while (await r.ReadAsync(ct))
        {
            if (byId.TryGetValue(r.Long(0), out var c))
            {
                c.Contacts.Add(new ContactPerson { CustomerId = c.Id, Email = r.NullableString(1), PhoneE164 = r.NullableString(2) });
            }
        }
    }
}
