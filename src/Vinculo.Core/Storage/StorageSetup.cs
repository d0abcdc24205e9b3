using System.Data.Common;
using FluentMigrator.Runner;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Vinculo.Core.Storage;

public static class StorageSetup
{
    /// <summary>Registers the pooled <see cref="VinculoDb"/> for the configured provider.</summary>
    public static IServiceCollection AddVinculoStorage(this IServiceCollection services, DatabaseSettings settings)
    {
        services.AddSingleton(settings);
        services.AddDbContextPool<VinculoDb>(o => Configure(o, settings), poolSize: 256);
        return services;
    }

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, DatabaseSettings settings)
    {
        if (settings.IsSqlite)
        {
            options.UseSqlite(settings.ConnectionString);
            options.AddInterceptors(SqliteConnectionSetup.Instance);
        }
        else
        {
            options.UseNpgsql(settings.ConnectionString);
        }

        // The model differs by provider (timestamp storage), so cache one model per provider.
        options.ReplaceService<IModelCacheKeyFactory, ProviderModelCacheKeyFactory>();
        return options;
    }

    /// <summary>A context outside dependency injection (CLI, benchmarks, tests).</summary>
    public static VinculoDb CreateDbContext(DatabaseSettings settings)
    {
        var builder = new DbContextOptionsBuilder<VinculoDb>();
        Configure(builder, settings);
        return new VinculoDb(builder.Options);
    }

    /// <summary>Creates the SQLite folder, turns on WAL, and applies every pending migration.</summary>
    public static void Migrate(DatabaseSettings settings, ILoggerFactory? loggerFactory = null)
    {
        if (settings.SqliteFilePath is { } path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var connection = new SqliteConnection(settings.ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL;";
            command.ExecuteNonQuery();
        }

        var services = new ServiceCollection()
            .AddSingleton(settings)
            .AddSingleton(loggerFactory ?? NullLoggerFactory.Instance)
            .AddSingleton(typeof(ILogger<>), typeof(Logger<>))
            .AddFluentMigratorCore()
            .ConfigureRunner(runner =>
            {
                if (settings.IsSqlite)
                {
                    runner.AddSQLite();
                }
                else
                {
                    runner.AddPostgres();
                }

                runner.WithGlobalConnectionString(settings.ConnectionString)
                    .ScanIn(typeof(StorageSetup).Assembly).For.Migrations();
            })
            .BuildServiceProvider(validateScopes: false);

        using var scope = services.CreateScope();
        scope.ServiceProvider.GetRequiredService<IMigrationRunner>().MigrateUp();
    }

    private sealed class ProviderModelCacheKeyFactory : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) =>
            (context.GetType(), context.Database.ProviderName, designTime);
    }
}

/// <summary>Per-connection SQLite settings that are not persisted in the file.</summary>
public sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    public static readonly SqliteConnectionSetup Instance = new();

    public const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    public static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }
}
