using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Core.Interactions;
using Vinculo.Core.Storage;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Quality;

namespace Vinculo.Core.Quality;

/// <summary>
/// Merges one customer (the merged) into another (the survivor) in one transaction: the survivor's empty fields are
/// filled (<see cref="MergePlan"/>), every row that belongs to the merged customer moves to the survivor, a
/// <c>customer_merges</c> row keeps the merged customer's snapshot as history, the merged customer is deleted and the
/// survivor's version goes up by one.
/// </summary>
/// <remarks>
/// <para>
/// Which rows move is read from the schema, not from a list: every table with a <c>customer_id</c> column or a
/// foreign key to <c>customers</c> (interactions, external ids, contracts and their changes, orders and their lines,
/// invoices, payments, returns, warranty claims, merge history, and any table added later). The customer's own
/// contact rows (e-mails, phones, addresses, tags, consents, contact persons) move without creating duplicates. If a
/// table allows one row per customer and both have one, the survivor's row is kept.
/// </para>
/// <para>
/// Both customers' rows are locked first (an UPDATE that changes nothing), so nobody writes to either while the merge
/// runs; the versions the caller saw must still be current (412 otherwise).
/// </para>
/// </remarks>
internal sealed class CustomerMerger(VinculoDb db, TimeProvider clock, QualityLimits limits)
{
    /// <summary>Rows handled one by one (contact data) or kept out of the move (findings and pairs of the scans).</summary>
    private static readonly HashSet<string> NotMovedByTable = new(StringComparer.OrdinalIgnoreCase)
    {
        "customers", "customer_emails", "customer_phones", "customer_addresses", "customer_tags", "consents", "contact_persons",
        "quality_issues", "quality_duplicates",
    };

    private static readonly JsonSerializerOptions SnapshotJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public async Task<MergePreviewOutcome> Preview(long? survivorId, long? mergedId, CancellationToken ct)
    {
        var (s, m) = Ids(survivorId, mergedId);
        var survivor = await Load(s, ct);
        var merged = await Load(m, ct);
        if (survivor is null || merged is null)
        {
            return new MergePreviewOutcome(null, survivor is null ? s : m);
        }

        var plan = MergePlan.For(survivor, merged);
        await using var connection = await QualitySql.Open(db, ct);
        var rows = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["customer_emails"] = plan.EmailsToMove.Count,
            ["customer_phones"] = plan.PhonesToMove.Count,
            ["customer_addresses"] = plan.AddressesToMove.Count,
            ["customer_tags"] = plan.TagsToMove.Count,
            ["consents"] = merged.Consents.Count,
            ["contact_persons"] = plan.ContactsToMove.Count,
        };
        foreach (var (table, column) in await CustomerColumns(ct))
        {
            rows[table] = rows.GetValueOrDefault(table) +
                          await QualitySql.Scalar(db, $"SELECT COUNT(*) FROM {Quote(table)} WHERE {Quote(column)} = @m", ct, ("@m", m));
        }

        return new MergePreviewOutcome(new MergePreview(
            (await CustomerReader.Get(db, s, ct))!, (await CustomerReader.Get(db, m, ct))!, plan.FilledFields,
            plan.EmailsToMove.Select(e => e.Address).ToList(), plan.PhonesToMove.Select(p => p.Raw).ToList(), rows), null);
    }

    public async Task<MergeOutcome> Merge(MergeInput input, Actor actor, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (input.SurvivorVersion is null)
        {
            errors.Add("survivorVersion", "Required: the survivor's version (ETag) you reviewed.");
        }

        if (input.MergedVersion is null)
        {
            errors.Add("mergedVersion", "Required: the merged customer's version (ETag) you reviewed.");
        }

        if (input.Confirm != true)
        {
            errors.Add("confirm", "Review the merge preview first, then send confirm: true.");
        }

        var (s, m) = Ids(input.SurvivorId, input.MergedId, errors);
        errors.ThrowIfInvalid();

        var now = Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        // Lock both rows for the rest of the transaction (and take SQLite's write lock now).
        await QualitySql.Execute(db, "UPDATE customers SET version = version WHERE id = @s OR id = @m", ct, ("@s", s), ("@m", m));
        var survivor = await Load(s, ct);
        var merged = await Load(m, ct);
        if (survivor is null || merged is null)
        {
            return new MergeOutcome(null, survivor is null ? s : m);
        }

        if (survivor.Version != input.SurvivorVersion || merged.Version != input.MergedVersion)
        {
            throw new PreconditionFailedException(
                $"A customer changed since you compared them (survivor version {survivor.Version}, you sent {input.SurvivorVersion}; " +
                $"merged version {merged.Version}, you sent {input.MergedVersion}). Review them again.");
        }

        var snapshot = JsonSerializer.Serialize(Snapshot(merged), SnapshotJson);
        var plan = MergePlan.For(survivor, merged);
        var moved = new Dictionary<string, long>(StringComparer.Ordinal);

        await MoveContactRows(plan, s, m, moved, ct);
        foreach (var (table, column) in await CustomerColumns(ct))
        {
            var n = await MoveRows(tx, table, column, s, m, ct);
            if (n > 0)
            {
                moved[table] = moved.GetValueOrDefault(table) + n;
            }
        }

        // Findings on the merged customer's records now belong to the survivor; its own field findings go with it,
        // and the pairs that involve it are resolved by this merge.
        await QualitySql.Execute(db, "DELETE FROM quality_issues WHERE customer_id = @m AND entity = 'customer'", ct, ("@m", m));
        await QualitySql.Execute(db, "UPDATE quality_issues SET customer_id = @s WHERE customer_id = @m", ct, ("@s", s), ("@m", m));
        await QualitySql.Execute(db, "DELETE FROM quality_duplicates WHERE customer_a = @m OR customer_b = @m", ct, ("@m", m));
        await RecheckSurvivor(plan.Result, now, ct);

        var result = plan.Result;
        await QualitySql.Execute(db, """
            UPDATE customers SET lifecycle = @lifecycle, tax_id = @taxId, first_name = @first, last_name = @last, company_name = @company,
                   display_name = @display, search_name = @search, preferred_channel = @channel, temperament = @temperament,
                   temperament_note = @note, attributes = @attributes, created_at = @created, updated_at = @now, version = version + 1
            WHERE id = @s
            """, ct,
            ("@lifecycle", (int)result.Lifecycle), ("@taxId", result.TaxId), ("@first", result.FirstName), ("@last", result.LastName),
            ("@company", result.CompanyName), ("@display", result.DisplayName), ("@search", CustomerInputMapper.SearchText(result)),
            ("@channel", result.PreferredChannel is { } channel ? (int)channel : null), ("@temperament", (int)result.Temperament),
            ("@note", result.TemperamentNote), ("@attributes", JsonSerializer.Serialize(result.Attributes)),
            ("@created", QualitySql.Time(db, result.CreatedAt)), ("@now", QualitySql.Time(db, now)), ("@s", s));

        await QualitySql.Execute(db, "DELETE FROM customers WHERE id = @m", ct, ("@m", m));
        var mergeId = await QualitySql.Scalar(db, """
            INSERT INTO customer_merges (survivor_id, merged_id, merged_display_name, snapshot, merged_by_id, merged_by_name, merged_at)
            VALUES (@s, @m, @name, @snapshot, @byId, @byName, @now) RETURNING id
            """, ct, ("@s", s), ("@m", m), ("@name", merged.DisplayName), ("@snapshot", snapshot),
            ("@byId", actor.UserId.Length > 0 ? actor.UserId : null), ("@byName", actor.Name.Length > 0 ? actor.Name : null),
            ("@now", QualitySql.Time(db, now)));

        await tx.CommitAsync(ct);
        var survivorDto = (await CustomerReader.Get(db, s, ct))!;
        return new MergeOutcome(new MergeResult(mergeId, m, survivorDto, plan.FilledFields, moved), null);
    }

    /// <summary>The survivor's own findings in the current report are replaced by those of its merged record.</summary>
    private async Task RecheckSurvivor(Customer result, DateTime now, CancellationToken ct)
    {
        var run = await QualitySql.Scalar(db, "SELECT MAX(id) FROM quality_runs WHERE status = @finished", ct, ("@finished", QualityScan.Finished));
        await QualitySql.Execute(db, "DELETE FROM quality_issues WHERE customer_id = @s AND entity = 'customer'", ct, ("@s", result.Id));
        if (run == 0)
        {
            return;
        }

        foreach (var issue in CustomerChecks.Check(result, now, limits))
        {
            await QualitySql.Execute(db, """
                INSERT INTO quality_issues (run_id, rule, customer_id, entity, entity_id, field, value) VALUES (@run, @rule, @s, @entity, @s, @field, @value)
                """, ct, ("@run", run), ("@rule", issue.Rule), ("@s", result.Id), ("@entity", issue.Entity), ("@field", issue.Field), ("@value", issue.Value));
        }
    }

    private static (long S, long M) Ids(long? survivorId, long? mergedId, ValidationErrors? errors = null)
    {
        var own = errors ?? new ValidationErrors();
        if (survivorId is null or <= 0)
        {
            own.Add("survivorId", "Required: the customer that stays.");
        }

        if (mergedId is null or <= 0)
        {
            own.Add("mergedId", "Required: the customer merged into the survivor and then deleted.");
        }
        else if (mergedId == survivorId)
        {
            own.Add("mergedId", "A customer cannot be merged into itself.");
        }

        if (errors is null)
        {
            own.ThrowIfInvalid();
        }

        return (survivorId ?? 0, mergedId ?? 0);
    }

    private Task<Customer?> Load(long id, CancellationToken ct) =>
        db.Customers.AsNoTracking()
            .Include(c => c.Emails).Include(c => c.Phones).Include(c => c.Addresses).Include(c => c.Tags)
            .Include(c => c.Consents).Include(c => c.Contacts)
            .AsSplitQuery()
            .FirstOrDefaultAsync(c => c.Id == id, ct);

    private async Task MoveContactRows(MergePlan plan, long s, long m, Dictionary<string, long> moved, CancellationToken ct)
    {
        async Task Rows<T>(string table, IEnumerable<T> drop, IEnumerable<T> move, Func<T, long> id, Func<T, bool> primary, bool hasPrimary)
        {
            foreach (var row in drop)
            {
                await QualitySql.Execute(db, $"DELETE FROM {table} WHERE id = @id", ct, ("@id", id(row)));
            }

            foreach (var row in move)
            {
                await QualitySql.Execute(db,
                    hasPrimary ? $"UPDATE {table} SET customer_id = @s, is_primary = @primary WHERE id = @id" : $"UPDATE {table} SET customer_id = @s WHERE id = @id",
                    ct, ("@s", s), ("@primary", primary(row)), ("@id", id(row)));
                moved[table] = moved.GetValueOrDefault(table) + 1;
            }
        }

        await Rows("customer_emails", plan.EmailsToDrop, plan.EmailsToMove, e => e.Id, e => e.IsPrimary, true);
        await Rows("customer_phones", plan.PhonesToDrop, plan.PhonesToMove, p => p.Id, p => p.IsPrimary, true);
        await Rows("customer_addresses", plan.AddressesToDrop, plan.AddressesToMove, a => a.Id, _ => false, false);
        await Rows("contact_persons", plan.ContactsToDrop, plan.ContactsToMove, c => c.Id, c => c.IsPrimary, true);

        foreach (var tag in plan.TagsToDrop)
        {
            await QualitySql.Execute(db, "DELETE FROM customer_tags WHERE customer_id = @m AND tag = @tag", ct, ("@m", m), ("@tag", tag.Tag));
        }

        var tags = await QualitySql.Execute(db, "UPDATE customer_tags SET customer_id = @s WHERE customer_id = @m", ct, ("@s", s), ("@m", m));
        var consents = await QualitySql.Execute(db, "UPDATE consents SET customer_id = @s WHERE customer_id = @m", ct, ("@s", s), ("@m", m));
        if (tags > 0)
        {
            moved["customer_tags"] = tags;
        }

        if (consents > 0)
        {
            moved["consents"] = consents;
        }
    }

    /// <summary>Every (table, column) outside the contact rows that refers to a customer, read from the schema.</summary>
    private async Task<List<(string Table, string Column)>> CustomerColumns(CancellationToken ct)
    {
        var sql = db.IsSqlite
            ? """
              SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND p.name = 'customer_id'
              UNION
              SELECT m.name, f."from" FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND f."table" = 'customers'
              """
            : """
              SELECT cl.relname::text, a.attname::text FROM pg_attribute a
                JOIN pg_class cl ON cl.oid = a.attrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
              WHERE n.nspname = current_schema() AND cl.relkind IN ('r', 'p') AND a.attname = 'customer_id' AND NOT a.attisdropped
              UNION
              SELECT cl.relname::text, a.attname::text FROM pg_constraint c
                JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
              WHERE c.contype = 'f' AND c.confrelid = 'customers'::regclass
              """;
        var columns = new List<(string, string)>();
        await using var command = QualitySql.Command(db, sql);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var (table, column) = (reader.GetString(0), reader.GetString(1));
            if (!NotMovedByTable.Contains(table))
            {
                columns.Add((table, column));
            }
        }

        return columns.OrderBy(c => c.Item1, StringComparer.Ordinal).ThenBy(c => c.Item2, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Moves a table's rows from the merged customer to the survivor. When a unique constraint refuses some (a table
    /// with one row per customer, and both have one), the survivor's row wins: the rest move and the refused ones are
    /// deleted.
    /// </summary>
    private async Task<long> MoveRows(IDbContextTransaction tx, string table, string column, long s, long m, CancellationToken ct)
    {
        var update = $"UPDATE {Quote(table)} SET {Quote(column)} = @s WHERE {Quote(column)} = @m";
        const string savepoint = "quality_move";
        await tx.CreateSavepointAsync(savepoint, ct);
        try
        {
            var n = await QualitySql.Execute(db, update, ct, ("@s", s), ("@m", m));
            await tx.ReleaseSavepointAsync(savepoint, ct);
            return n;
        }
        catch (DbException e) when (IsUniqueViolation(e))
        {
            await tx.RollbackToSavepointAsync(savepoint, ct);
        }

        long movedRows;
        if (db.IsSqlite)
        {
            movedRows = await QualitySql.Execute(db, $"UPDATE OR IGNORE {Quote(table)} SET {Quote(column)} = @s WHERE {Quote(column)} = @m", ct, ("@s", s), ("@m", m));
        }
        else
        {
            movedRows = await MoveRowByRow(tx, table, column, s, m, ct);
        }

        // The refused rows lose to the survivor's: they go now, whatever the table's foreign key says on delete.
        await QualitySql.Execute(db, $"DELETE FROM {Quote(table)} WHERE {Quote(column)} = @m", ct, ("@m", m));
        return movedRows;
    }

    private async Task<long> MoveRowByRow(IDbContextTransaction tx, string table, string column, long s, long m, CancellationToken ct)
    {
        const string savepoint = "quality_move_row";

        var rows = new List<string>();
        await using (var command = QualitySql.Command(db, $"SELECT ctid::text FROM {Quote(table)} WHERE {Quote(column)} = @m", ("@m", m)))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                rows.Add(reader.GetString(0));
            }
        }

        long movedRows = 0;
        foreach (var row in rows)
        {
            await tx.CreateSavepointAsync(savepoint, ct);
            try
            {
                movedRows += await QualitySql.Execute(db, $"UPDATE {Quote(table)} SET {Quote(column)} = @s WHERE ctid = CAST(@row AS tid)", ct,
                    ("@s", s), ("@row", row));
                await tx.ReleaseSavepointAsync(savepoint, ct);
            }
            catch (DbException e) when (IsUniqueViolation(e))
            {
                await tx.RollbackToSavepointAsync(savepoint, ct);
            }
        }

        return movedRows;
    }

    private static bool IsUniqueViolation(DbException e) =>
        e is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 } || e.SqlState == "23505";

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static object Snapshot(Customer c) => new
    {
        c.Id,
        c.Kind,
        c.Lifecycle,
        c.TaxId,
        c.FirstName,
        c.LastName,
        c.CompanyName,
        c.DisplayName,
        c.PreferredLanguage,
        c.PreferredChannel,
        c.Temperament,
        c.TemperamentNote,
        c.Attributes,
        Emails = c.Emails.Select(e => new { e.Address, e.Label, e.IsPrimary }),
        Phones = c.Phones.Select(p => new { p.Raw, p.E164, p.Label, p.IsPrimary }),
        Addresses = c.Addresses.Select(a => new { a.Label, a.Line1, a.Line2, a.City, a.Region, a.PostalCode, a.Country }),
        Tags = c.Tags.Select(t => t.Tag),
        Consents = c.Consents.OrderBy(x => x.At).Select(x => new { x.Purpose, x.Status, x.At, x.Source }),
        Contacts = c.Contacts.Select(x => new { x.FirstName, x.LastName, x.Role, x.Email, x.Phone, x.IsPrimary }),
        c.CreatedAt,
        c.UpdatedAt,
        c.Version,
    };
}
