using FluentMigrator;
using FluentMigrator.Builders.Create.Table;

namespace Vinculo.Core.Storage.Migrations;

/// <summary>
/// Base of every migration: the single place that knows how a column type differs between SQLite and PostgreSQL.
/// FluentMigrator creates migrations through dependency injection, so the provider is known here.
/// </summary>
public abstract class VinculoMigration(DatabaseSettings settings) : Migration
{
    protected bool IsPostgres => settings.Provider == DatabaseProvider.Postgres;

    /// <summary>UTC timestamp: <c>timestamptz</c> on PostgreSQL, microseconds since the epoch on SQLite.</summary>
    protected ICreateTableColumnOptionOrWithColumnSyntax Timestamp(ICreateTableColumnAsTypeSyntax column) =>
        IsPostgres ? column.AsCustom("timestamptz") : column.AsInt64();

    /// <summary>Identity's <c>DateTimeOffset</c> columns: <c>timestamptz</c> on PostgreSQL, ISO text on SQLite.</summary>
    protected ICreateTableColumnOptionOrWithColumnSyntax TimestampOffset(ICreateTableColumnAsTypeSyntax column) =>
        IsPostgres ? column.AsCustom("timestamptz") : column.AsString();

    /// <summary>Runs a statement on one provider only.</summary>
    protected void Sqlite(string sql)
    {
        if (!IsPostgres)
        {
            Execute.Sql(sql);
        }
    }

    protected void Postgres(string sql)
    {
        if (IsPostgres)
        {
            Execute.Sql(sql);
        }
    }
}
