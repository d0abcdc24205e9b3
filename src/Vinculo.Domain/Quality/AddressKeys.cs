using Vinculo.Domain.Text;

namespace Vinculo.Domain.Quality;

/// <summary>
/// The comparable form of an address's first line: folded words, street-type abbreviations spelled out ("C/", "Cl.",
/// "Avda.", "Pza.", "Pº" → calle, avenida, plaza, paseo; "St", "Ave", "Rd" → street, avenue, road), number markers
/// ("nº", "núm.") dropped and ordinal marks on numbers removed ("3º" → "3"). So "C/ Mayor, nº 1, 3º B" and
/// "Calle Mayor 1 3 B" give the same key.
/// </summary>
public static class AddressKeys
{
    // Street types: only the first word is read as one ("C" later in the line is a door letter).
    private static readonly Dictionary<string, string> StreetTypes = new(StringComparer.Ordinal)
    {
        ["c"] = "calle", ["cl"] = "calle", ["cll"] = "calle", ["clle"] = "calle", ["call"] = "calle",
        ["av"] = "avenida", ["avd"] = "avenida", ["avda"] = "avenida", ["avnda"] = "avenida",
        ["pza"] = "plaza", ["pl"] = "plaza", ["plz"] = "plaza",
        ["po"] = "paseo", ["ps"] = "paseo", ["pso"] = "paseo", ["pseo"] = "paseo",
        ["ctra"] = "carretera", ["crta"] = "carretera", ["cra"] = "carretera",
        ["cno"] = "camino", ["cmno"] = "camino", ["rda"] = "ronda", ["trva"] = "travesia", ["trav"] = "travesia",
        ["urb"] = "urbanizacion", ["gta"] = "glorieta", ["bo"] = "barrio", ["bda"] = "barriada", ["pje"] = "pasaje",
    };

    // Anywhere in the line.
    private static readonly Dictionary<string, string> Words = new(StringComparer.Ordinal)
    {
        ["izq"] = "izquierda", ["izqda"] = "izquierda", ["dcha"] = "derecha", ["dch"] = "derecha", ["der"] = "derecha",
        ["st"] = "street", ["str"] = "street", ["ave"] = "avenue", ["rd"] = "road", ["ln"] = "lane", ["dr"] = "drive",
        ["blvd"] = "boulevard", ["sq"] = "square",
    };

    private static readonly HashSet<string> Dropped = new(StringComparer.Ordinal) { "n", "no", "num", "numero", "nro", "nr" };

    public static string Line(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return "";
        }

        var words = new List<string>(8);
        foreach (var token in Tokenizer.Tokens(line))
        {
            if (Dropped.Contains(token))
            {
                continue;
            }

            if (words.Count == 0 && StreetTypes.TryGetValue(token, out var type))
            {
                words.Add(type);
            }
            else
            {
                words.Add(Words.TryGetValue(token, out var full) ? full : StripOrdinal(token));
            }
        }

        return string.Join(' ', words);
    }

    // "3o", "2a", "1er" (after folding º/ª) → the number; "3ob", "10b" → the number and the door letter.
    private static string StripOrdinal(string token)
    {
        var digits = 0;
        while (digits < token.Length && char.IsAsciiDigit(token[digits]))
        {
            digits++;
        }

        if (digits == 0 || digits == token.Length)
        {
            return token;
        }

        var number = token[..digits];
        var suffix = token[digits..];
        if (suffix is "o" or "a" or "er" or "era" or "st" or "nd" or "rd" or "th")
        {
            return number;
        }

        if (suffix.Length == 2 && suffix[0] is 'o' or 'a' && char.IsAsciiLetter(suffix[1]))
        {
            suffix = suffix[1..];
        }

        return suffix.All(char.IsAsciiLetter) ? $"{number} {suffix}" : token;
    }
}
