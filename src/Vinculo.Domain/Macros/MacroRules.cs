using System.Text;
using Vinculo.Domain.Scripts;
using Vinculo.Domain.Text;

namespace Vinculo.Domain.Macros;

/// <summary>One broken rule of a macro: the field (as the API names it) and an English message.</summary>
public sealed record MacroProblem(string Field, string Message);

/// <summary>The rules of a macro's text: lengths, tags, placeholders, and the keys it is found and kept unique by.</summary>
public static class MacroRules
{
    public const int MaxNameLength = 100;
    public const int MaxBodyLength = 5_000;
    public const int MaxCategoryLength = 60;
    public const int MaxTags = 10;
    public const int MaxTagLength = 40;

    /// <summary>The start of the message for placeholders that no fact fills; the names follow, comma separated.</summary>
    public const string UnknownPlaceholdersPrefix = "Unknown placeholders: ";

    /// <summary>The message for a placeholder that is not closed or whose name is not valid.</summary>
    public const string BadPlaceholder =
        "A placeholder is not closed with }} or its name is not valid (letters, digits, dots and underscores, as in {{customer.firstName}}).";

    /// <summary>Lower-case, accent-folded name with single spaces: "  Devolución   Rápida " → "devolucion rapida".</summary>
    public static string NameKey(string name) => Collapse(TextFolding.Fold(name));

    /// <summary>Folded name, category, tags and body in one text, for a "contains" filter.</summary>
    public static string SearchText(string name, string? category, string tags, string body) =>
        Collapse(TextFolding.Fold($"{name} {category} {tags.Replace(',', ' ')} {body}"));

    /// <summary>Tags trimmed, lower-cased, without duplicates or empties, in order of first appearance.</summary>
    public static IReadOnlyList<string> NormalizeTags(IEnumerable<string?>? tags) =>
        (tags ?? []).Select(t => t?.Trim().ToLowerInvariant()).Where(t => !string.IsNullOrEmpty(t)).Select(t => t!)
            .Distinct(StringComparer.Ordinal).ToList();

    public static string JoinTags(IEnumerable<string> tags) => string.Join(',', tags);

    public static IReadOnlyList<string> SplitTags(string? tags) =>
        string.IsNullOrEmpty(tags) ? [] : tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// The problems of a body: too long, a placeholder badly written, or placeholders for which <paramref name="isKnown"/>
    /// says no fact exists. An empty list when the body is fine. The body must not be blank (the caller says "Required.").
    /// </summary>
    public static IReadOnlyList<MacroProblem> CheckBody(string body, Func<string, bool> isKnown, string field = "body")
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(isKnown);
        var problems = new List<MacroProblem>();
        if (body.Length > MaxBodyLength)
        {
            problems.Add(new MacroProblem(field, $"At most {MaxBodyLength} characters."));
        }

        IReadOnlyList<string> names;
        try
        {
            names = ScriptTemplate.Placeholders(body);
        }
        catch (FormatException)
        {
            problems.Add(new MacroProblem(field, BadPlaceholder));
            return problems;
        }

        var unknown = names.Where(n => !isKnown(n)).ToList();
        if (unknown.Count > 0)
        {
            problems.Add(new MacroProblem(field, UnknownPlaceholdersPrefix + string.Join(", ", unknown.Select(n => "{{" + n + "}}")) + "."));
        }

        return problems;
    }

    /// <summary>The placeholder names of a message made with <see cref="UnknownPlaceholdersPrefix"/>, or null for another message.</summary>
    public static IReadOnlyList<string>? UnknownNamesIn(string message)
    {
        if (!message.StartsWith(UnknownPlaceholdersPrefix, StringComparison.Ordinal) || !message.EndsWith('.'))
        {
            return null;
        }

        return message[UnknownPlaceholdersPrefix.Length..^1].Split(", ", StringSplitOptions.RemoveEmptyEntries)
            .Select(n => n.Trim().TrimStart('{').TrimEnd('}')).ToList();
    }

    private static string Collapse(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (sb.Length > 0 && sb[^1] != ' ')
                {
                    sb.Append(' ');
                }
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString().TrimEnd();
    }
}
