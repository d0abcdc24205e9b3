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
