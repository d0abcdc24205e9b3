using System.Collections.Concurrent;

namespace Vinculo.Core.Common;

/// <summary>
/// Enum values as they travel in JSON, CSV and query strings: camelCase names ("instantMessaging").
/// Parsing is forgiving about case, underscores and dashes ("INSTANT_MESSAGING", "instant-messaging").
/// </summary>
public static class EnumText
{
    private static readonly ConcurrentDictionary<Type, Dictionary<string, object>> Lookup = new();

    public static string Camel<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var map = Lookup.GetOrAdd(typeof(T), static t => Enum.GetValues(t).Cast<object>()
            .ToDictionary(v => Key(v.ToString()!), v => v, StringComparer.Ordinal));
        if (map.TryGetValue(Key(text), out var found))
        {
            value = (T)found;
            return true;
        }

        return false;
    }

    public static string Allowed<T>() where T : struct, Enum =>
        string.Join(", ", Enum.GetValues<T>().Select(Camel));

    private static string Key(string text)
    {
        Span<char> buffer = stackalloc char[Math.Min(text.Length, 64)];
        var n = 0;
        foreach (var c in text.AsSpan().Trim())
        {
            if (c is '_' or '-' or ' ')
            {
                continue;
            }

            if (n == buffer.Length)
            {
                break;
            }

            buffer[n++] = char.ToLowerInvariant(c);
        }

        return new string(buffer[..n]);
    }
}
