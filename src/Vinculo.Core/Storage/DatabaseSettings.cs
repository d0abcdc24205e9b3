using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Vinculo.Core.Storage;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Which database Vinculo uses, read the same way by the web host, the CLI, the benchmarks and the tests:
/// <c>VINCULO_DATABASE</c>, else <c>ConnectionStrings:Vinculo</c>, else SQLite at <c>data/vinculo.db</c>.
/// Accepts a SQLite connection string (<c>Data Source=/path/x.db</c>), a <c>postgres://</c> URL or an Npgsql
/// connection string.
/// </summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string EnvironmentVariable = "VINCULO_DATABASE";
    public const string DefaultSqlitePath = "data/vinculo.db";

    public bool IsSqlite => Provider == DatabaseProvider.Sqlite;

    public static DatabaseSettings FromConfiguration(IConfiguration configuration, string? contentRoot = null)
    {
        var raw = configuration[EnvironmentVariable];
        if (string.IsNullOrWhiteSpace(raw))
        {
            raw = configuration.GetConnectionString("Vinculo");
        }

        return Parse(raw, contentRoot);
    }

    public static DatabaseSettings FromEnvironment(string? contentRoot = null) =>
        Parse(Environment.GetEnvironmentVariable(EnvironmentVariable), contentRoot);

    public static DatabaseSettings Parse(string? raw, string? contentRoot = null)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            var path = Path.Combine(contentRoot ?? Directory.GetCurrentDirectory(), DefaultSqlitePath);
            return Sqlite(path);
        }

        raw = raw.Trim();
        if (raw.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) ||
            raw.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return Postgres(FromPostgresUrl(raw));
        }

        if (raw.StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase) ||
            raw.StartsWith("DataSource=", StringComparison.OrdinalIgnoreCase) ||
            raw.StartsWith("Filename=", StringComparison.OrdinalIgnoreCase))
        {
            var sqlite = new SqliteConnectionStringBuilder(raw);
            return Sqlite(sqlite.DataSource, sqlite);
        }

        if (raw.EndsWith(".db", StringComparison.OrdinalIgnoreCase) || raw.EndsWith(".sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return Sqlite(raw);
        }

        if (raw.Contains("Host=", StringComparison.OrdinalIgnoreCase) || raw.Contains("Server=", StringComparison.OrdinalIgnoreCase))
        {
            return Postgres(raw);
        }

        throw new InvalidOperationException(
            $"{EnvironmentVariable} is neither a SQLite connection string (Data Source=/path/file.db), a postgres:// URL nor an Npgsql connection string.");
    }

    /// <summary>
    /// Npgsql prepares a statement once it has run twice on a connection and keeps it across pooled opens, unless the
    /// connection string says otherwise: the hot reads repeat the same statements thousands of times.
    /// </summary>
    private static DatabaseSettings Postgres(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase) &&
            !connectionString.Contains("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        return new DatabaseSettings(DatabaseProvider.Postgres, builder.ConnectionString);
    }

    private static DatabaseSettings Sqlite(string path, SqliteConnectionStringBuilder? builder = null)
    {
        builder ??= new SqliteConnectionStringBuilder();
        if (path != ":memory:" && !path.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            path = Path.GetFullPath(path);
        }

        builder.DataSource = path;
        builder.ForeignKeys = true;
        builder.Pooling = true;
        builder.DefaultTimeout = builder.DefaultTimeout == 30 ? 30 : builder.DefaultTimeout;
        return new DatabaseSettings(DatabaseProvider.Sqlite, builder.ConnectionString);
    }

    public static string FromPostgresUrl(string url)
    {
        var uri = new Uri(url);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            if (key.Equals("sslmode", StringComparison.OrdinalIgnoreCase))
            {
                builder.SslMode = Enum.Parse<SslMode>(value, ignoreCase: true);
            }
            else
            {
                builder[key] = value;
            }
        }

        return builder.ConnectionString;
    }

    /// <summary>The SQLite file path, for creating its folder; null for PostgreSQL or in-memory.</summary>
    public string? SqliteFilePath =>
        IsSqlite ? new SqliteConnectionStringBuilder(ConnectionString).DataSource is { } p && p != ":memory:" ? p : null : null;

    /// <summary>A description safe to print: no password.</summary>
    public string Describe()
    {
        if (IsSqlite)
        {
            return $"SQLite {SqliteFilePath}";
        }

        var b = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL {b.Host}:{b.Port}/{b.Database}";
    }
}
