using System.Reflection;
using Npgsql;
using Vinculo.Core.Storage;
using Xunit.Sdk;

namespace Vinculo.Core.Tests.Infrastructure;

/// <summary>
/// A fresh, migrated database for one test: a temporary SQLite file, or a new PostgreSQL database on the server
/// named by <c>VINCULO_TEST_POSTGRES</c>. Disposing deletes it.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "VINCULO_TEST_POSTGRES";

    private readonly Func<Task> _cleanup;

    private TestDatabase(DatabaseSettings settings, Func<Task> cleanup)
    {
        Settings = settings;
        _cleanup = cleanup;
    }

    public DatabaseSettings Settings { get; }

    public string Provider => Settings.IsSqlite ? "sqlite" : "postgres";

    public static string? PostgresConnectionString =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs ? cs : null;

    public static async Task<TestDatabase> Create(string provider, bool migrate = true)
    {
        TestDatabase db = provider switch
        {
            "sqlite" => CreateSqlite(),
            "postgres" => await CreatePostgres(),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "sqlite or postgres"),
        };
        if (migrate)
        {
            StorageSetup.Migrate(db.Settings);
        }

        return db;
    }

    private static TestDatabase CreateSqlite()
    {
        var dir = Path.Combine(Path.GetTempPath(), "vinculo-tests");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"t-{Guid.NewGuid():N}.db");
        var settings = DatabaseSettings.Parse($"Data Source={path}");
        return new TestDatabase(settings, () =>
        {
            HotReads.ClearPool(settings.ConnectionString);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                try
                {
                    File.Delete(file);
                }
                catch (IOException)
                {
                    // A connection still open elsewhere in the test run; the temp folder is cleaned by the OS.
                }
            }

            return Task.CompletedTask;
        });
    }

    private static async Task<TestDatabase> CreatePostgres()
    {
        var admin = PostgresConnectionString
            ?? throw new InvalidOperationException($"{PostgresVariable} is not set; the test should have been skipped.");
        var name = $"vinculo_t_{Guid.NewGuid():N}";
        var baseSettings = DatabaseSettings.Parse(admin);
        await using (var connection = new NpgsqlConnection(baseSettings.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(baseSettings.ConnectionString) { Database = name };
        var settings = new DatabaseSettings(DatabaseProvider.Postgres, builder.ConnectionString);
        return new TestDatabase(settings, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(baseSettings.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            await DropWithRetries(command);
        });
    }

    /// <summary>
    /// FORCE cannot end an autovacuum worker that happens to be in the database (it belongs to the superuser, not to the
    /// test role: 42501), so a busy server sometimes refuses the drop for a moment; try again, and leave the database
    /// behind rather than fail a test that passed.
    /// </summary>
    public static async Task DropWithRetries(NpgsqlCommand drop)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse)
            {
                if (attempt == 10)
                {
                    return;
                }

                await Task.Delay(200 * attempt);
            }
        }
    }

    public VinculoDb CreateDbContext() => StorageSetup.CreateDbContext(Settings);

    public ValueTask DisposeAsync() => new(_cleanup());
}

/// <summary>Runs a theory on SQLite.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SqliteDataAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [["sqlite"]];
}

/// <summary>Runs a theory on PostgreSQL; skipped, with the reason shown, when VINCULO_TEST_POSTGRES is not set.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresDataAttribute : DataAttribute
{
    public PostgresDataAttribute()
    {
        if (TestDatabase.PostgresConnectionString is null)
        {
            Skip = $"PostgreSQL not available: set {TestDatabase.PostgresVariable} to an Npgsql connection string (.ci/run does).";
        }
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [["postgres"]];
}

/// <summary>A fact that needs PostgreSQL.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestDatabase.PostgresConnectionString is null)
        {
            Skip = $"PostgreSQL not available: set {TestDatabase.PostgresVariable} to an Npgsql connection string (.ci/run does).";
        }
    }
}
