using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Vinculo.Core.Storage;

/// <summary>
/// The read paths an agent waits on (the customer 360) run a fixed batch of statements by id. On SQLite, preparing
/// those statements costs more than running them, and prepared statements die when a pooled connection closes, so
/// hot reads keep a small pool of open connections, each holding its batches prepared. On PostgreSQL the pooled
/// context's connection is used and Npgsql's automatic preparation (see <see cref="DatabaseSettings"/>) does the same.
/// </summary>
public static class HotReads
{
    private static readonly ConcurrentDictionary<string, SqliteReadPool> Pools = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="sql"/> (which may hold several statements using <c>@id</c>) and reads its results.</summary>
    public static async Task<T> ById<T>(VinculoDb db, string sql, long id, Func<DbDataReader, bool, Task<T>> read, CancellationToken ct)
    {
        if (db.IsSqlite)
        {
            var pool = Pools.GetOrAdd(db.Database.GetConnectionString()!, static cs => new SqliteReadPool(cs));
            var slot = pool.Rent();
            try
            {
                var command = slot.Prepared(sql);
                command.Parameters[0].Value = id;
                // SQLite does no I/O asynchronously; the synchronous reader avoids the async state machines.
                using var reader = command.ExecuteReader();
                return await read(reader, true);
            }
            finally
            {
                pool.Return(slot);
            }
        }

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Add("@id", id);
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await read(reader, false);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Closes the pooled read connections of one SQLite database (before its file is deleted or replaced).</summary>
    public static void ClearPool(string connectionString)
    {
        if (Pools.TryRemove(connectionString, out var pool))
        {
            pool.Dispose();
        }
    }

    private sealed class SqliteReadPool(string connectionString) : IDisposable
    {
        private const int MaxIdle = 16;
        private readonly ConcurrentBag<Slot> _idle = [];

        public Slot Rent()
        {
            if (_idle.TryTake(out var slot))
            {
                return slot;
            }

            var connection = new SqliteConnection(connectionString);
            connection.Open();
            SqliteConnectionSetup.Apply(connection);
            return new Slot(connection);
        }

        public void Return(Slot slot)
        {
            if (_idle.Count < MaxIdle)
            {
                _idle.Add(slot);
            }
            else
            {
                slot.Dispose();
            }
        }

        public void Dispose()
        {
            while (_idle.TryTake(out var slot))
            {
                slot.Dispose();
            }
        }
    }

    private sealed class Slot(SqliteConnection connection) : IDisposable
    {
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

        public SqliteCommand Prepared(string sql)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = connection.CreateCommand();
                command.CommandText = sql;
                command.Parameters.Add(new SqliteParameter("@id", SqliteType.Integer));
                command.Prepare();
                _commands[sql] = command;
            }

            return command;
        }

        public void Dispose()
        {
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }

            connection.Dispose();
        }
    }
}
