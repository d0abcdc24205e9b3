namespace Vinculo.Cli.Tests.Infrastructure;

/// <summary>
/// A fact that needs PostgreSQL: it runs when <c>VINCULO_TEST_POSTGRES</c> holds an Npgsql connection string (to a
/// role allowed to create databases) and is reported as skipped, with the reason, otherwise.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "VINCULO_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"PostgreSQL tests need {Variable} (an Npgsql connection string for a role that may create databases).";
        }
    }
}
