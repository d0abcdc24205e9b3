using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Vinculo.Core.Storage;

namespace Vinculo.Core.Quality;

/// <summary>
/// Raw SQL over the context's connection (inside its current transaction, if any). The quality tables are read and
/// written only here and in the scan, with statements whose text is the same on SQLite and PostgreSQL; the two
/// provider differences (schema discovery and moving rows past unique conflicts) are in <see cref="CustomerMerger"/>.
/// </summary>
internal static class QualitySql
{
    public static DbCommand Command(VinculoDb db, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        foreach (var (name, value) in parameters)
        {
            command.Add(name, value);
        }

        return command;
    }

    public static async Task<long> Scalar(VinculoDb db, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(db, sql, parameters);
        var value = await command.ExecuteScalarAsync(ct);
        return value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    public static async Task<int> Execute(VinculoDb db, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(db, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    public static object Time(VinculoDb db, DateTime value) => SqlReading.TimestampParameter(value, db.IsSqlite);

    public static long Long(this DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    public static long? NullableLong(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.Long(ordinal);

    /// <summary>Opens the context's connection for several raw statements and closes it when disposed.</summary>
    public static async Task<IAsyncDisposable> Open(VinculoDb db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        return new Closer(db);
    }

    private sealed class Closer(VinculoDb db) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => new(db.Database.CloseConnectionAsync());
    }
}
