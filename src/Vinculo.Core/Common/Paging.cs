using System.Buffers.Text;
using System.Text;

namespace Vinculo.Core.Common;

/// <summary>A page of a keyset-paginated list: <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>Opaque cursors for keyset pagination (URL-safe base64 of a short text).</summary>
public static class Cursor
{
    public const int DefaultLimit = 25;
    public const int MaxLimit = 200;

    public static string Encode(string value) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(value));

    public static string? TryDecode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            throw ValidationException.For("cursor", "The cursor is not valid; use the nextCursor of a previous page.");
        }
    }

    public static int Limit(int? limit, ValidationErrors errors, int defaultLimit = DefaultLimit)
    {
        if (limit is null)
        {
            return defaultLimit;
        }

        if (limit < 1 || limit > MaxLimit)
        {
            errors.Add("limit", $"limit must be between 1 and {MaxLimit}.");
            return defaultLimit;
        }

        return limit.Value;
    }
}
