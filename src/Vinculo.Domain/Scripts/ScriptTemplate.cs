using System.Text;

namespace Vinculo.Domain.Scripts;

/// <summary>
/// Script and reply text with placeholders written <c>{{customer.firstName}}</c> (spaces inside the braces are allowed;
/// names are letters, digits, dots and underscores). <c>\{{</c> writes two literal braces. Rendering produces plain
/// text: values are inserted as they are and the page encodes the whole text on output, so a value can never become
/// markup.
/// </summary>
public static class ScriptTemplate
{
    /// <summary>The placeholder names used in <paramref name="text"/>, in order of first use.</summary>
    /// <exception cref="FormatException">A placeholder is not closed or its name is not valid.</exception>
    public static IReadOnlyList<string> Placeholders(string text)
    {
        var names = new List<string>();
        Walk(text, _ => { }, name =>
        {
            if (!names.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }
        });
        return names;
    }

    /// <summary>
    /// Fills the placeholders of <paramref name="text"/> from <paramref name="values"/>; a placeholder without a value
    /// (missing or null) becomes <paramref name="missing"/> and is listed in <see cref="Rendered.Missing"/>.
    /// </summary>
    /// <exception cref="FormatException">A placeholder is not closed or its name is not valid.</exception>
    public static Rendered Render(string text, IReadOnlyDictionary<string, string?> values, string missing = "")
    {
        ArgumentNullException.ThrowIfNull(values);
        var output = new StringBuilder(text?.Length ?? 0);
        var absent = new List<string>();
        Walk(text, literal => output.Append(literal), name =>
        {
            if (values.TryGetValue(name, out var value) && value is not null)
            {
                output.Append(value);
            }
            else
            {
                output.Append(missing);
                if (!absent.Contains(name, StringComparer.Ordinal))
                {
                    absent.Add(name);
                }
            }
        });
        return new Rendered(output.ToString(), absent);
    }

    /// <summary>Whether <paramref name="name"/> is a valid placeholder name.</summary>
    public static bool IsValidName(string name) =>
        !string.IsNullOrEmpty(name) && name[0] != '.' && name[^1] != '.' && !name.Contains("..", StringComparison.Ordinal)
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_');

    private static void Walk(string? text, Action<string> literal, Action<string> placeholder)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        var i = 0;
        var start = 0;
        while (i < text.Length)
        {
            if (text[i] == '\\' && i + 2 < text.Length && string.CompareOrdinal(text, i + 1, "{{", 0, 2) == 0)
            {
                literal(text[start..i]);
                literal("{{");
                i += 3;
                start = i;
                continue;
            }

            if (string.CompareOrdinal(text, i, "{{", 0, 2) == 0)
            {
                var close = text.IndexOf("}}", i + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    throw new FormatException($"The placeholder at position {i} is not closed with }}}}.");
                }

                var name = text[(i + 2)..close].Trim();
                if (!IsValidName(name))
                {
                    throw new FormatException($"\"{name}\" at position {i} is not a valid placeholder name.");
                }

                literal(text[start..i]);
                placeholder(name);
                i = close + 2;
                start = i;
                continue;
            }

            i++;
        }

        literal(text[start..]);
    }

    /// <summary>Rendered text and the placeholders that had no value.</summary>
    /// <param name="Text">The text with the placeholders filled.</param>
    /// <param name="Missing">Placeholder names without a value, in order of first use.</param>
    public sealed record Rendered(string Text, IReadOnlyList<string> Missing);
}
