using Npgsql;
using NpgsqlTypes;

namespace Vinculo.Core.Storage.Bulk;

/// <summary>Binary COPY into PostgreSQL and the nullable column writers every bulk writer uses.</summary>
internal static class NpgsqlCopy
{
    public static async Task Rows<T>(NpgsqlConnection connection, IEnumerable<T> rows, string target, Action<NpgsqlBinaryImporter, T> write, CancellationToken ct)
    {
        await using var w = await connection.BeginBinaryImportAsync($"COPY {target} FROM STDIN (FORMAT BINARY)", ct);
        var n = 0;
        foreach (var row in rows)
        {
            if ((++n & 4095) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            // Synchronous writes: they only fill Npgsql's buffer and flush when it is full, which is all COPY needs.
            w.StartRow();
            write(w, row);
        }

        await w.CompleteAsync(ct);
    }

    public static void Text(NpgsqlBinaryImporter w, string? value)
    {
        if (value is null)
        {
            w.WriteNull();
        }
        else
        {
            w.Write(value, NpgsqlDbType.Text);
        }
    }

    public static void Int(NpgsqlBinaryImporter w, int? value)
    {
        if (value is { } v)
        {
            w.Write(v, NpgsqlDbType.Integer);
        }
        else
        {
            w.WriteNull();
        }
    }

    public static void Long(NpgsqlBinaryImporter w, long? value)
    {
        if (value is { } v)
        {
            w.Write(v, NpgsqlDbType.Bigint);
        }
        else
        {
            w.WriteNull();
        }
    }

    public static void Time(NpgsqlBinaryImporter w, DateTime? value)
    {
        if (value is { } v)
        {
            w.Write(Utc(v), NpgsqlDbType.TimestampTz);
        }
        else
        {
            w.WriteNull();
        }
    }

    public static DateTime Utc(DateTime value) =>
        value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value.ToUniversalTime(), DateTimeKind.Utc);
}
