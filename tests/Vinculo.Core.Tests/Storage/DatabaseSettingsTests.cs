using Vinculo.Core.Storage;

namespace Vinculo.Core.Tests.Storage;

public sealed class DatabaseSettingsTests
{
    [Fact]
    public void Empty_means_sqlite_under_data()
    {
        var settings = DatabaseSettings.Parse(null, "/srv/vinculo");
        Assert.Equal(DatabaseProvider.Sqlite, settings.Provider);
        Assert.Equal("/srv/vinculo/data/vinculo.db", settings.SqliteFilePath);
        Assert.Contains("Foreign Keys=True", settings.ConnectionString, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_sqlite_connection_string_keeps_its_path()
    {
        var settings = DatabaseSettings.Parse("Data Source=/tmp/x.db");
        Assert.Equal("/tmp/x.db", settings.SqliteFilePath);
    }

    [Theory]
    [InlineData("postgres://vin:s%40cret@db.local:6543/crm?sslmode=disable", "db.local", 6543, "crm", "vin", "s@cret")]
    [InlineData("postgresql://u@localhost/vinculo", "localhost", 5432, "vinculo", "u", null)]
    [InlineData("Host=10.0.0.5;Port=5433;Database=crm;Username=app;Password=pw", "10.0.0.5", 5433, "crm", "app", "pw")]
    public void Postgres_urls_and_connection_strings(string raw, string host, int port, string database, string user, string? password)
    {
        var settings = DatabaseSettings.Parse(raw);
        Assert.Equal(DatabaseProvider.Postgres, settings.Provider);
        var b = new Npgsql.NpgsqlConnectionStringBuilder(settings.ConnectionString);
        Assert.Equal(host, b.Host);
        Assert.Equal(port, b.Port);
        Assert.Equal(database, b.Database);
        Assert.Equal(user, b.Username);
        Assert.Equal(password, b.Password);
        Assert.DoesNotContain(password ?? "\u0000", settings.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Anything_else_is_a_clear_error()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => DatabaseSettings.Parse("mysql://nope"));
        Assert.Contains("VINCULO_DATABASE", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamps_round_trip_through_microseconds()
    {
        var t = new DateTime(2026, 11, 22, 13, 45, 10, DateTimeKind.Utc).AddTicks(1_234_567);
        Assert.Equal(Timestamps.Truncate(t), Timestamps.FromMicroseconds(Timestamps.ToMicroseconds(t)));
        Assert.Equal(0, Timestamps.ToMicroseconds(DateTime.UnixEpoch));
    }
}
