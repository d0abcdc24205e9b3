using Microsoft.Data.Sqlite;
using Npgsql;

namespace Vinculo.Core.Storage.Bulk;

/// <summary>
/// SQLite: the next free id of each table inside one IMMEDIATE transaction. Nobody else can insert while the transaction
/// holds the write lock, so every id above the table's maximum is ours; <see cref="Forget"/> at commit or rollback.
/// </summary>
internal sealed class SqliteIds
{
    private readonly Dictionary<string, long> _next = new(StringComparer.Ordinal);

    /// <summary>The first of <paramref name="count"/> consecutive new ids of <paramref name="table"/>.</summary>
    public long Reserve(SqliteConnection connection, SqliteTransaction tx, string table, int count)
    {
        if (!_next.TryGetValue(table, out var next))
        {
            using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = $"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}";
            next = (long)command.ExecuteScalar()!;
        }

        _next[table] = next + count;
        return next;
    }

    public void Forget() => _next.Clear();
}

/// <summary>PostgreSQL: ids drawn from a table's identity sequence, so rows can be copied with their ids and referenced at once.</summary>
internal static class PostgresIds
{
    /// <summary>
    /// <paramref name="count"/> new ids of <paramref name="table"/>. Sequences are not transactional: ids drawn here are
    /// never handed out twice, even to concurrent writers.
    /// </summary>
    public static async Task<List<long>> Reserve(NpgsqlConnection connection, NpgsqlTransaction? tx, string table, int count, CancellationToken ct)
    {
        var ids = new List<long>(count);
        if (count == 0)
        {
            return ids;
        }

        await using var command = new NpgsqlCommand(
            "SELECT nextval(pg_get_serial_sequence(@table, 'id')) FROM generate_series(1, @n)", connection, tx);
        command.Parameters.AddWithValue("table", table);
        command.Parameters.AddWithValue("n", count);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (reader.IsDBNull(0))
            {
                throw new InvalidOperationException($"{table}.id has no identity sequence: is the database migrated?");
            }

            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }
}
