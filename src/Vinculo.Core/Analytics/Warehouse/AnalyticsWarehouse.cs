using System.Globalization;
using DuckDB.NET.Data;
using Microsoft.Extensions.Configuration;
using Vinculo.Core.Storage;

namespace Vinculo.Core.Analytics.Warehouse;

public enum WarehouseExportFormat
{
    Parquet,
    Csv,
}

/// <summary>One warehouse table and its row count.</summary>
public sealed record WarehouseTableInfo(string Name, long Rows);

/// <summary>The warehouse file does not exist yet: nothing has been loaded.</summary>
public sealed class WarehouseMissingException(string path)
    : InvalidOperationException($"The analytics warehouse {path} does not exist yet; run `vinculo analytics refresh` first.")
{
    public string WarehousePath { get; } = path;
}

/// <summary>
/// The DuckDB analytics warehouse file (docs/warehouse.md): where it lives, how to open it for reading, its tables and
/// their export. Loads go through <see cref="WarehouseLoader"/>, which never writes this file in place: it builds a new
/// file and renames it over this one, so a reader keeps the version it opened (docs/decisions/0013-duckdb-warehouse.md).
/// </summary>
public sealed class AnalyticsWarehouse(string path)
{
    /// <summary>Environment variable naming the warehouse file (wins over configuration).</summary>
    public const string EnvironmentVariable = "VINCULO_WAREHOUSE";

    /// <summary>Configuration key naming the warehouse file.</summary>
    public const string ConfigurationKey = "Vinculo:Analytics:WarehousePath";

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public bool Exists => File.Exists(Path);

    /// <summary>The warehouse of a database, as configured (see <see cref="Locate"/>).</summary>
    public static AnalyticsWarehouse For(DatabaseSettings settings, IConfiguration? configuration = null, string? contentRoot = null) =>
        new(Locate(settings, configuration, contentRoot));

    /// <summary>
    /// Where the warehouse lives: <c>VINCULO_WAREHOUSE</c>, else <c>Vinculo:Analytics:WarehousePath</c>, else next to the
    /// database — <c>/dir/x.db</c> → <c>/dir/x.warehouse.duckdb</c> on SQLite; on PostgreSQL
    /// <c>data/&lt;database&gt;.warehouse.duckdb</c> under the content root (or the current directory).
    /// </summary>
    public static string Locate(DatabaseSettings settings, IConfiguration? configuration = null, string? contentRoot = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(configured))
        {
            configured = configuration?[EnvironmentVariable];
        }

        if (string.IsNullOrWhiteSpace(configured))
        {
            configured = configuration?[ConfigurationKey];
        }

        var root = contentRoot ?? Directory.GetCurrentDirectory();
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return System.IO.Path.GetFullPath(configured.Trim(), root);
        }

        if (settings.SqliteFilePath is { } db)
        {
            var dir = System.IO.Path.GetDirectoryName(db) ?? root;
            return System.IO.Path.Combine(dir, System.IO.Path.GetFileNameWithoutExtension(db) + ".warehouse.duckdb");
        }

        var name = settings.IsSqlite ? "vinculo" : new Npgsql.NpgsqlConnectionStringBuilder(settings.ConnectionString).Database ?? "vinculo";
        return System.IO.Path.Combine(root, "data", name + ".warehouse.duckdb");
    }

    /// <summary>
    /// An open, read-only connection to the warehouse. Keep it for one unit of work and dispose it: while any connection of
    /// this process is open, DuckDB keeps serving the file version it opened, and a newer load becomes visible to this
    /// process once they are all closed.
    /// </summary>
    /// <exception cref="WarehouseMissingException">Nothing has been loaded yet.</exception>
    public DuckDBConnection OpenRead()
    {
        if (!Exists)
        {
            throw new WarehouseMissingException(Path);
        }

        var connection = new DuckDBConnection($"Data Source={Path};ACCESS_MODE=READ_ONLY");
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The warehouse tables with their row counts, in <see cref="WarehouseSchema.Tables"/> order.</summary>
    public IReadOnlyList<WarehouseTableInfo> ListTables()
    {
        using var connection = OpenRead();
        var existing = new HashSet<string>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                existing.Add(reader.GetString(0));
            }
        }

        var result = new List<WarehouseTableInfo>(WarehouseSchema.Tables.Count);
        foreach (var table in WarehouseSchema.Tables)
        {
            if (!existing.Contains(table))
            {
                continue;
            }

            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM {table}";
            result.Add(new WarehouseTableInfo(table, Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture)));
        }

        return result;
    }

    /// <summary>
    /// Writes one whole table to <paramref name="outFile"/> as Parquet (zstd) or CSV (header, comma, RFC 4180 quoting,
    /// ISO timestamps). The file is written next to its destination and renamed, so a failed export leaves nothing behind.
    /// </summary>
    /// <exception cref="ArgumentException">Not a warehouse table.</exception>
    public Task ExportAsync(string table, WarehouseExportFormat format, string outFile, CancellationToken ct = default)
    {
        if (!WarehouseSchema.IsTable(table))
        {
            throw new ArgumentException($"Unknown warehouse table '{table}'; use one of {string.Join(", ", WarehouseSchema.Tables)}.", nameof(table));
        }

        var target = System.IO.Path.GetFullPath(outFile);
        return Task.Run(() =>
        {
            var dir = System.IO.Path.GetDirectoryName(target)!;
            Directory.CreateDirectory(dir);
            var partial = System.IO.Path.Combine(dir, $".{System.IO.Path.GetFileName(target)}.{Guid.NewGuid():N}.partial");
            try
            {
                using (var connection = OpenRead())
                using (var command = connection.CreateCommand())
                using (ct.Register(() => { try { command.Cancel(); } catch (DuckDBException) { } }))
                {
                    var options = format == WarehouseExportFormat.Parquet ? "FORMAT parquet, COMPRESSION zstd" : "FORMAT csv, HEADER true";
                    command.CommandText = $"COPY (SELECT * FROM {table}) TO '{partial.Replace("'", "''", StringComparison.Ordinal)}' ({options})";
                    command.ExecuteNonQuery();
                }

                ct.ThrowIfCancellationRequested();
                File.Move(partial, target, overwrite: true);
            }
            finally
            {
                File.Delete(partial);
            }
        }, ct);
    }

    /// <summary>The file name extension of an export format.</summary>
    public static string Extension(WarehouseExportFormat format) => format == WarehouseExportFormat.Parquet ? ".parquet" : ".csv";
}
