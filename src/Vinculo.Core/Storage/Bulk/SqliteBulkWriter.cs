using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;

namespace Vinculo.Core.Storage.Bulk;

/// <summary>
/// SQLite: one connection, one IMMEDIATE transaction per batch, and one statement per table compiled once and reused
/// for every row.
/// </summary>
/// <remarks>
/// <para>
/// The row inserts go through SQLitePCL directly on the connection's handle rather than through
/// <see cref="SqliteCommand"/>: a command looks each parameter up by name and copies every string to UTF-8 on every
/// execution, which cost more than SQLite's own work per row. Here values are bound by position, text as UTF-8
/// transcoded into a reused buffer, so the hot loop allocates nothing. Transactions and lookups still use the ADO.NET
/// connection; the raw statements run inside its transaction.
/// </para>
/// <para>
/// Full-text indexing is batched. The migrations keep <c>customer_fts</c> and <c>interaction_fts</c> current with
/// AFTER INSERT triggers, and FTS5 written from a trigger flushes its pending terms at every statement: measured
/// here, that makes each insert about four times slower. So inside each batch transaction the writer drops those two
/// insert triggers, inserts the rows, indexes the whole batch with one <c>INSERT INTO …_fts SELECT</c>, and recreates
/// the triggers from their stored SQL before committing. It is all one transaction: other connections never see the
/// triggers missing, and a crash rolls the DROP back together with the rows. If a trigger is not found under its
/// expected name (the schema changed), the triggers are simply left to do their work.
/// </para>
/// </remarks>
internal sealed partial class SqliteBulkWriter(DatabaseSettings settings) : BulkWriter
{
    private SqliteConnection _connection = null!;
    private SqliteTransaction? _transaction;
    private readonly DeferredIndex _customerIndex = new("customers", "customers_fts_ai", "customer_fts", "search_name");
    private readonly DeferredIndex _interactionIndex = new("interactions", "interactions_fts_ai", "interaction_fts", "search_terms");
    private RawInsert? _customers;
    private BatchInsert<CustomerEmail>? _emails;
    private BatchInsert<CustomerPhone>? _phones;
    private BatchInsert<CustomerAddress>? _addresses;
    private BatchInsert<CustomerTag>? _tags;
    private BatchInsert<Consent>? _consents;
    private BatchInsert<ContactPerson>? _contacts;
    private BatchInsert<Interaction>? _interactions;
    private Checkpointer? _checkpointer;
    private int _batchesSinceCatchUp;

    protected override async Task OpenConnection(CancellationToken ct)
    {
        _connection = new SqliteConnection(settings.ConnectionString);
        await _connection.OpenAsync(ct);
        SqliteConnectionSetup.Apply(_connection);
        using var command = _connection.CreateCommand();

        // Foreign keys are not checked on this connection: every child row written here belongs to a customer written
        // in the same transaction (ids read back from the insert) or looked up inside it, so the check could only
        // repeat a B-tree search per row that measurably slowed the load.
        command.CommandText = "PRAGMA foreign_keys = OFF";
        command.ExecuteNonQuery();
        command.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = @name AND tbl_name = @table";
        foreach (var index in new[] { _customerIndex, _interactionIndex })
        {
            command.Parameters.Clear();
            command.Parameters.AddWithValue("@name", index.Trigger);
            command.Parameters.AddWithValue("@table", index.Table);
            index.TriggerSql = command.ExecuteScalar() as string;
        }

        command.Parameters.Clear();
        command.CommandText = "PRAGMA journal_mode";
        if (settings.SqliteFilePath is not null && string.Equals(command.ExecuteScalar() as string, "wal", StringComparison.OrdinalIgnoreCase))
        {
            // This connection stops checkpointing at commit; the checkpointer does it on another thread.
            command.CommandText = "PRAGMA wal_autocheckpoint = 0";
            command.ExecuteNonQuery();
            _checkpointer = new Checkpointer(settings.ConnectionString);
        }
    }

    public override Task Begin(CancellationToken ct)
    {
        if (_transaction is not null)
        {
            throw new InvalidOperationException("A bulk batch is already open.");
        }

        if (_checkpointer is not null && _batchesSinceCatchUp >= BatchesPerCatchUp)
        {
            // Let the checkpoint finish copying everything into the database file: the transaction started next then
            // writes the WAL from its beginning again, so the WAL stays at about BatchesPerCatchUp batches.
            _checkpointer.CatchUp();
            _batchesSinceCatchUp = 0;
        }

        // IMMEDIATE (deferred: false) takes the write lock now, so a concurrent writer cannot make us fail half-way.
        _transaction = _connection.BeginTransaction(deferred: false);
        return Task.CompletedTask;
    }

    public override Task Commit(CancellationToken ct)
    {
        var tx = _transaction ?? throw new InvalidOperationException("No bulk batch is open.");
        _customerIndex.Restore(_connection, tx);
        _interactionIndex.Restore(_connection, tx);
        tx.Commit();
        tx.Dispose();
        _transaction = null;
        _ids.Forget();
        if (_checkpointer is not null)
        {
            _checkpointer.Start();
            _batchesSinceCatchUp++;
        }

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

        _ids.Forget();

        // The rollback undid the DROP TRIGGER too.
        _customerIndex.Forget();
        _interactionIndex.Forget();
        return Task.CompletedTask;
    }

    public override Task WriteCustomers(IReadOnlyList<Customer> customers, CancellationToken ct)
    {
        var tx = _transaction ?? throw new InvalidOperationException("Call Begin first.");
        _customerIndex.Defer(_connection, tx);
        var db = _connection.Handle!;
        var s = _customers ??= new RawInsert(db, $"INSERT INTO customers ({CustomerColumns}) VALUES ({Placeholders(18)})");
        foreach (var c in customers)
        {
            ct.ThrowIfCancellationRequested();
            s.Int(1, (int)c.Kind);
            s.Int(2, (int)c.Lifecycle);
            s.Text(3, c.TaxId);
            s.Text(4, c.FirstName);
            s.Text(5, c.LastName);
            s.Text(6, c.CompanyName);
            s.Text(7, c.DisplayName);
            s.Text(8, c.SearchName);
            s.Text(9, c.PreferredLanguage);
            s.Int(10, c.PreferredChannel is { } ch ? (int)ch : null);
            s.Int(11, (int)c.Temperament);
            s.Text(12, c.TemperamentNote);
            s.Text(13, AttributesJson(c));
            s.Long(14, Timestamps.ToMicroseconds(c.CreatedAt));
            s.Long(15, Timestamps.ToMicroseconds(c.UpdatedAt));
            s.Long(16, c.Version);
            s.Text(17, c.Tier);
            s.Text(18, c.Segment);
            c.Id = s.Run();
            PropagateId(c);
        }

        // Child rows table by table for the whole batch: each table's indexes stay hot in the page cache.
        (_emails ??= new(db, "customer_emails", "customer_id, address, normalized, label, is_primary", 5, static (s, o, e) =>
        {
            s.Long(o + 1, e.CustomerId);
            s.Text(o + 2, e.Address);
            s.Text(o + 3, e.Normalized);
            s.Text(o + 4, e.Label);
            s.Int(o + 5, e.IsPrimary ? 1 : 0);
        })).Insert(customers.SelectMany(c => c.Emails).ToList(), ct);
        (_phones ??= new(db, "customer_phones", "customer_id, raw, e164, label, is_primary", 5, static (s, o, p) =>
        {
            s.Long(o + 1, p.CustomerId);
            s.Text(o + 2, p.Raw);
            s.Text(o + 3, p.E164);
            s.Text(o + 4, p.Label);
            s.Int(o + 5, p.IsPrimary ? 1 : 0);
        })).Insert(customers.SelectMany(c => c.Phones).ToList(), ct);
        (_addresses ??= new(db, "customer_addresses", "customer_id, label, line1, line2, city, region, postal_code, country", 8, static (s, o, a) =>
        {
            s.Long(o + 1, a.CustomerId);
            s.Text(o + 2, a.Label);
            s.Text(o + 3, a.Line1);
            s.Text(o + 4, a.Line2);
            s.Text(o + 5, a.City);
            s.Text(o + 6, a.Region);
            s.Text(o + 7, a.PostalCode);
            s.Text(o + 8, a.Country);
        })).Insert(customers.SelectMany(c => c.Addresses).ToList(), ct);
        (_tags ??= new(db, "customer_tags", "customer_id, tag", 2, static (s, o, t) =>
        {
            s.Long(o + 1, t.CustomerId);
            s.Text(o + 2, t.Tag);
        }, orIgnore: true)).Insert(customers.SelectMany(c => c.Tags).ToList(), ct);
        (_consents ??= new(db, "consents", "customer_id, purpose, status, at, source", 5, static (s, o, x) =>
        {
            s.Long(o + 1, x.CustomerId);
            s.Int(o + 2, (int)x.Purpose);
            s.Int(o + 3, (int)x.Status);
            s.Long(o + 4, Timestamps.ToMicroseconds(x.At));
            s.Text(o + 5, x.Source);
        })).Insert(customers.SelectMany(c => c.Consents).ToList(), ct);
        (_contacts ??= new(db, "contact_persons", "customer_id, first_name, last_name, role, email, phone, phone_e164, is_primary", 8, static (s, o, x) =>
        {
            s.Long(o + 1, x.CustomerId);
            s.Text(o + 2, x.FirstName);
            s.Text(o + 3, x.LastName);
            s.Text(o + 4, x.Role);
            s.Text(o + 5, x.Email);
            s.Text(o + 6, x.Phone);
            s.Text(o + 7, x.PhoneE164);
            s.Int(o + 8, x.IsPrimary ? 1 : 0);
        })).Insert(customers.SelectMany(c => c.Contacts).ToList(), ct);
        return Task.CompletedTask;
    }

    public override Task WriteInteractions(IReadOnlyList<Interaction> interactions, CancellationToken ct)
    {
        var tx = _transaction ?? throw new InvalidOperationException("Call Begin first.");
        _interactionIndex.Defer(_connection, tx);
        (_interactions ??= new(_connection.Handle!, "interactions", InteractionColumns, 13, static (s, o, i) =>
        {
            s.Long(o + 1, i.CustomerId);
            s.Int(o + 2, (int)i.Channel);
            s.Int(o + 3, (int)i.Direction);
            s.Int(o + 4, i.Moment is { } m ? (int)m : null);
            s.Text(o + 5, i.Subject);
            s.Text(o + 6, i.Body);
            s.Text(o + 7, i.AgentId);
            s.Text(o + 8, i.AgentName);
            s.Long(o + 9, Timestamps.ToMicroseconds(i.OccurredAt));
            s.Int(o + 10, i.DurationSeconds);
            s.Text(o + 11, i.Outcome);
            s.Text(o + 12, i.SearchTerms);
            s.Long(o + 13, Timestamps.ToMicroseconds(i.CreatedAt));
        })).Insert(interactions, ct);
        return Task.CompletedTask;
    }

    private static string Placeholders(int count) => string.Join(", ", Enumerable.Repeat("?", count));

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

        // Statements must be finalized before the connection closes.
        _customers?.Dispose();
        foreach (var statement in new IDisposable?[] { _emails, _phones, _addresses, _tags, _consents, _contacts, _interactions })
        {
            statement?.Dispose();
        }

        DisposeCommerce();
        DisposeService();

        await _connection.DisposeAsync();
        _checkpointer?.Dispose();
    }

    /// <summary>Batches written between two waits for the checkpointer (so at most this many are in the WAL).</summary>
    private const int BatchesPerCatchUp = 8;

    /// <summary>
    /// Copies committed WAL frames into the database file on its own connection and thread, while the writer goes on
    /// with the next batch. At commit, SQLite's automatic checkpoint would otherwise read back and write again every page
    /// of the batch, and fsync, on the writer's thread: about a tenth of its time, measured.
    /// </summary>
    private sealed class Checkpointer : IDisposable
    {
        private readonly SqliteConnection _connection;
        private Task _running = Task.CompletedTask;

        public Checkpointer(string connectionString)
        {
            _connection = new SqliteConnection(connectionString);
            _connection.Open();
        }

        /// <summary>Starts a passive checkpoint unless one is still running (the next one will take its frames).</summary>
        public void Start()
        {
            if (_running.IsCompleted)
            {
                _running.GetAwaiter().GetResult(); // surfaces an I/O error of the previous run
                // Its own thread: the writer and the demo generator keep the pool's threads busy with synchronous work.
                _running = Task.Factory.StartNew(() => Run("PASSIVE"), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
        }

        /// <summary>Waits for the running checkpoint and copies what is left, on the caller's thread.</summary>
        public void CatchUp()
        {
            _running.GetAwaiter().GetResult();
            Run("PASSIVE");
        }

        public void Dispose()
        {
            try
            {
                _running.GetAwaiter().GetResult();
                // Leave a checkpointed, truncated WAL behind; if readers are busy, give up quickly and leave it to them.
                using var command = _connection.CreateCommand();
                command.CommandText = "PRAGMA busy_timeout = 2000; PRAGMA wal_checkpoint(TRUNCATE);";
                command.ExecuteNonQuery();
            }
            finally
            {
                _connection.Dispose();
            }
        }

        private void Run(string mode)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"PRAGMA wal_checkpoint({mode})";
            command.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Inserts rows of one table several per statement: SQLite's fixed cost per statement (starting the program,
    /// AUTOINCREMENT bookkeeping) is then paid once per <see cref="RowsPerStatement"/> rows, which measured about a
    /// third less CPU per row than single-row inserts.
    /// </summary>
    internal sealed class BatchInsert<T>(sqlite3 db, string table, string columns, int parameters, Action<RawInsert, int, T> bind, bool orIgnore = false)
        : IDisposable
    {
        private const int RowsPerStatement = 16;
        private RawInsert? _many;
        private RawInsert? _one;

        public void Insert(IReadOnlyList<T> rows, CancellationToken ct)
        {
            var n = 0;
            if (rows.Count >= RowsPerStatement)
            {
                _many ??= Prepare(RowsPerStatement);
                for (; n + RowsPerStatement <= rows.Count; n += RowsPerStatement)
                {
                    if ((n & 4095) == 0)
                    {
                        ct.ThrowIfCancellationRequested();
                    }

                    for (var r = 0; r < RowsPerStatement; r++)
                    {
                        bind(_many, r * parameters, rows[n + r]);
                    }

                    _many.Run();
                }
            }

            if (n < rows.Count)
            {
                _one ??= Prepare(1);
                for (; n < rows.Count; n++)
                {
                    bind(_one, 0, rows[n]);
                    _one.Run();
                }
            }
        }

        public void Dispose()
        {
            _many?.Dispose();
            _one?.Dispose();
        }

        private RawInsert Prepare(int rowCount)
        {
            var row = "(" + Placeholders(parameters) + ")";
            var verb = orIgnore ? "INSERT OR IGNORE" : "INSERT";
            return new RawInsert(db, $"{verb} INTO {table} ({columns}) VALUES {string.Join(", ", Enumerable.Repeat(row, rowCount))}");
        }
    }

    /// <summary>A statement compiled once; each row binds values by position (1-based) and steps it.</summary>
    internal sealed class RawInsert : IDisposable
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _statement;
        private byte[] _utf8 = new byte[4096];

        public RawInsert(sqlite3 db, string sql)
        {
            _db = db;
            var rc = raw.sqlite3_prepare_v3(db, sql, raw.SQLITE_PREPARE_PERSISTENT, out _statement);
            SqliteException.ThrowExceptionForRC(rc, db);
        }

        public void Long(int index, long value) => raw.sqlite3_bind_int64(_statement, index, value);

        public void Double(int index, double value) => raw.sqlite3_bind_double(_statement, index, value);

        public void NullableLong(int index, long? value)
        {
            if (value is { } v)
            {
                raw.sqlite3_bind_int64(_statement, index, v);
            }
            else
            {
                raw.sqlite3_bind_null(_statement, index);
            }
        }

        public void Int(int index, int? value)
        {
            if (value is { } v)
            {
                raw.sqlite3_bind_int64(_statement, index, v);
            }
            else
            {
                raw.sqlite3_bind_null(_statement, index);
            }
        }

        public void Text(int index, string? value)
        {
            if (value is null)
            {
                raw.sqlite3_bind_null(_statement, index);
            }
            else if (value.Length == 0)
            {
                // An empty span can reach SQLite as a null pointer, which binds NULL rather than ''.
                raw.sqlite3_bind_text(_statement, index, "");
            }
            else
            {
                // Transcoding here (vectorised) rather than binding UTF-16 saves SQLite a conversion and an allocation
                // per value. SQLitePCL binds spans with SQLITE_TRANSIENT, so SQLite copies the bytes and the buffer
                // can be reused for the next value.
                var max = Encoding.UTF8.GetMaxByteCount(value.Length);
                if (max > _utf8.Length)
                {
                    _utf8 = new byte[Math.Max(max, _utf8.Length * 2)];
                }

                var length = Encoding.UTF8.GetBytes(value, _utf8);
                raw.sqlite3_bind_text(_statement, index, _utf8.AsSpan(0, length));
            }
        }

        /// <summary>Executes the insert and returns the new row's rowid (triggers do not change it).</summary>
        public long Run()
        {
            var rc = raw.sqlite3_step(_statement);
            raw.sqlite3_reset(_statement);
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }

            return raw.sqlite3_last_insert_rowid(_db);
        }

        public void Dispose() => _statement.Dispose();
    }

    /// <summary>One FTS5 index whose insert trigger is replaced by a bulk insert for the rows of a batch.</summary>
    /// <remarks>
    /// FTS5 also flushes its in-memory terms to a new segment every <c>hashsize</c> bytes (1 MB by default), and
    /// merging those small segments is much of its cost in a bulk load; a batch therefore raises the limit to 64 MB and
    /// puts the previous value back before committing, so the setting is never seen outside the batch.
    /// </remarks>
    private sealed class DeferredIndex(string table, string trigger, string fts, string column)
    {
        private const long BulkHashSize = 64L * 1024 * 1024;
        private const long DefaultHashSize = 1024 * 1024;

        public string Table { get; } = table;
        public string Trigger { get; } = trigger;
        public string? TriggerSql { get; set; }

        /// <summary>The last id before the batch while the trigger is dropped; null when it is in place.</summary>
        private long? _after;
        private long _hashSize = DefaultHashSize;

        public void Defer(SqliteConnection connection, SqliteTransaction tx)
        {
            if (TriggerSql is null || _after is not null)
            {
                return;
            }

            // Nobody else can insert while this IMMEDIATE transaction holds the write lock, so every id above the
            // current maximum is ours.
            _after = (long)Execute(connection, tx, $"SELECT COALESCE(MAX(id), 0) FROM {Table}", scalar: true)!;
            Execute(connection, tx, $"DROP TRIGGER {Trigger}");
            _hashSize = Execute(connection, tx, $"SELECT v FROM {fts}_config WHERE k = 'hashsize'", scalar: true) is long size ? size : DefaultHashSize;
            Execute(connection, tx, $"INSERT INTO {fts}({fts}, rank) VALUES ('hashsize', {BulkHashSize})");
        }

        public void Restore(SqliteConnection connection, SqliteTransaction tx)
        {
            if (_after is not { } after)
            {
                return;
            }

            Execute(connection, tx, $"INSERT INTO {fts}(rowid, {column}) SELECT id, {column} FROM {Table} WHERE id > {after} ORDER BY id");
            Execute(connection, tx, $"INSERT INTO {fts}({fts}, rank) VALUES ('hashsize', {_hashSize})");
            Execute(connection, tx, TriggerSql!);
            _after = null;
        }

        public void Forget() => _after = null;

        private static object? Execute(SqliteConnection connection, SqliteTransaction tx, string sql, bool scalar = false)
        {
            using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = sql;
            return scalar ? command.ExecuteScalar() : command.ExecuteNonQuery();
        }
    }
}
