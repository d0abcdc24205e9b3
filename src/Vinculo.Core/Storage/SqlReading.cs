using System.Data.Common;

namespace Vinculo.Core.Storage;

/// <summary>Provider differences when reading raw SQL results (hot paths that bypass EF).</summary>
public static class SqlReading
{
    public static DateTime Timestamp(this DbDataReader reader, int ordinal, bool sqlite) =>
        sqlite ? Timestamps.FromMicroseconds(reader.GetInt64(ordinal)) : DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

    /// <summary>The value to bind for a timestamp parameter in raw SQL.</summary>
    public static object TimestampParameter(DateTime value, bool sqlite) =>
        sqlite ? Timestamps.ToMicroseconds(value) : DateTime.SpecifyKind(value, DateTimeKind.Utc);

    public static string? NullableString(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static int? NullableInt(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    /// <summary>
    /// A money column or a SUM of one (ten-thousandths, see Money4): BIGINT on both databases, but PostgreSQL's SUM(bigint)
    /// is numeric.
    /// </summary>
    public static decimal Money(this DbDataReader reader, int ordinal) => reader.GetFieldValue<object>(ordinal) switch
    {
        long l => Vinculo.Domain.Commerce.Money4.FromScaled(l),
        decimal d => d / Vinculo.Domain.Commerce.Money4.Scale,
        DBNull => 0m,
        var o => Convert.ToDecimal(o, System.Globalization.CultureInfo.InvariantCulture) / Vinculo.Domain.Commerce.Money4.Scale,
    };

    /// <summary>A COUNT or other integer aggregate (long on SQLite, bigint on PostgreSQL) as an int.</summary>
    public static int Int(this DbDataReader reader, int ordinal) =>
        Convert.ToInt32(reader.GetFieldValue<object>(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    public static bool Bool(this DbDataReader reader, int ordinal) => reader.GetFieldValue<object>(ordinal) switch
    {
        bool b => b,
        long l => l != 0,
        int i => i != 0,
        var o => Convert.ToBoolean(o, System.Globalization.CultureInfo.InvariantCulture),
    };

    public static void Add(this DbCommand command, string name, object? value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        command.Parameters.Add(p);
    }
}
