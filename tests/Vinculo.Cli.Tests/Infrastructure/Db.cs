using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Vinculo.Core.Storage;

namespace Vinculo.Cli.Tests.Infrastructure;

/// <summary>Small raw-SQL reads for assertions, on either provider.</summary>
public static class Db
{
    public static async Task<long> Count(DatabaseSettings settings, string sql)
    {
        await using var connection = Open(settings);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<List<string>> Strings(DatabaseSettings settings, string sql)
    {
        await using var connection = Open(settings);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.IsDBNull(0) ? "<null>" : Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    private static DbConnection Open(DatabaseSettings settings) =>
        settings.IsSqlite ? new SqliteConnection(settings.ConnectionString) : new NpgsqlConnection(settings.ConnectionString);
}
