using Microsoft.Data.Sqlite;
using Npgsql;
using Vinculo.Core.Storage;

namespace Vinculo.Cli.Tests.Infrastructure;

/// <summary>A migrated, empty database for one test, removed when disposed.</summary>
public interface ITestDatabase : IAsyncDisposable
{
    DatabaseSettings Settings { get; }

    /// <summary>The value to pass to <c>vinculo --database</c>.</summary>
    string ConnectionString { get; }
}

/// <summary>Makes the empty databases of one test class: a SQLite file each, or a PostgreSQL database each.</summary>
public interface ITestDatabases
{
    Task<ITestDatabase> Create(bool migrate = true);
}

public sealed class SqliteDatabases : ITestDatabases
{
    public Task<ITestDatabase> Create(bool migrate = true) => Task.FromResult<ITestDatabase>(new SqliteTestDatabase(migrate));
}

/// <summary>A SQLite file under the temp folder; deleted with its WAL and shared-memory files.</summary>
public sealed class SqliteTestDatabase : ITestDatabase
{
    private static readonly string Folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vinculo-cli-tests");

    public SqliteTestDatabase(bool migrate = true)
    {
        Directory.CreateDirectory(Folder);
        Path = System.IO.Path.Combine(Folder, $"{Guid.NewGuid():N}.db");
        ConnectionString = $"Data Source={Path}";
        Settings = DatabaseSettings.Parse(ConnectionString);
        if (migrate)
        {
            StorageSetup.Migrate(Settings);
        }
    }

    public string Path { get; }
    public string ConnectionString { get; }
    public DatabaseSettings Settings { get; }

    public ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; release them before deleting.
        HotReads.ClearPool(Settings.ConnectionString);
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try
            {
                File.Delete(Path + suffix);
            }
            catch (IOException)
            {
                // A file still in use by a straggling connection: the temp folder is cleaned by the OS eventually.
            }
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The PostgreSQL server of <c>VINCULO_TEST_POSTGRES</c>, as an xunit class fixture: each test gets a fresh
/// <c>vinculo_test_&lt;guid&gt;</c> database, and every database it created is dropped when the class is done.
/// </summary>
public sealed class PostgresDatabases : ITestDatabases, IAsyncLifetime
{
    private readonly List<string> _created = [];

    public async Task<ITestDatabase> Create(bool migrate = true)
    {
        var admin = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)
            ?? throw new InvalidOperationException($"{PostgresFactAttribute.Variable} is not set.");
        var name = $"vinculo_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        lock (_created)
        {
            _created.Add(name);
        }

        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        var database = new PostgresTestDatabase(connectionString);
        if (migrate)
        {
            StorageSetup.Migrate(database.Settings);
        }

        return database;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        var admin = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable);
        if (admin is null || _created.Count == 0)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        foreach (var name in _created)
        {
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await Vinculo.Core.Tests.Infrastructure.TestDatabase.DropWithRetries(command);
        }
    }

    private sealed class PostgresTestDatabase(string connectionString) : ITestDatabase
    {
        public DatabaseSettings Settings { get; } = DatabaseSettings.Parse(connectionString);
        public string ConnectionString { get; } = connectionString;

        // Dropped by the fixture at the end of the class, when no pooled connection can still be using it.
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
