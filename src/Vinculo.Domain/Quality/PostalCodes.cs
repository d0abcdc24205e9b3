namespace Vinculo.Domain.Quality;

/// <summary>Postal code syntax by country, and the normalised form used to compare two addresses.</summary>
public static class PostalCodes
{
    /// <summary>
    /// Checks the syntax for the country (ISO alpha-2, any case): ES five digits whose first two are a province
    /// (01–52); FR, DE, IT, MX five digits; PT "1234-567" (the dash may be a space or missing); US "12345" or
    /// "12345-6789"; GB the outward code (letter(s), digit, optional letter or digit) and the inward code (digit and
    /// two letters), with or without the space. Any other country: 3 to 10 letters, digits, spaces or dashes with
    /// at least one digit.
    /// </summary>
    public static bool IsValid(string? postalCode, string? country)
    {
        if (string.IsNullOrWhiteSpace(postalCode))
        {
            return false;
        }

        var code = postalCode.Trim().ToUpperInvariant();
        switch (country?.Trim().ToUpperInvariant())
        {
            case "ES":
                return code.Length == 5 && code.All(char.IsAsciiDigit) && int.Parse(code.AsSpan(0, 2), provider: null) is >= 1 and <= 52;
            case "FR" or "DE" or "IT" or "MX":
                return code.Length == 5 && code.All(char.IsAsciiDigit);
            case "PT":
                var pt = code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
                return pt.Length == 7 && pt.All(char.IsAsciiDigit);
            case "US":
                return (code.Length == 5 && code.All(char.IsAsciiDigit))
                    || (code.Length == 10 && code[5] == '-' && code.Remove(5, 1).All(char.IsAsciiDigit));
            case "GB":
                return IsUkPostcode(code.Replace(" ", "", StringComparison.Ordinal));
            default:
                return code.Length is >= 3 and <= 10
                    && code.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '-')
                    && code.Any(char.IsAsciiDigit);
        }
    }

    /// <summary>Upper case without spaces or dashes, so "sw1a 1aa" and "SW1A1AA" (or "1000-001" and "1000001") compare equal.</summary>
    public static string Normalize(string? postalCode)
    {
        if (string.IsNullOrWhiteSpace(postalCode))
        {
            return "";
        }

        Span<char> buffer = stackalloc char[Math.Min(postalCode.Length, 32)];
        var n = 0;
        foreach (var c in postalCode)
        {
            if (char.IsWhiteSpace(c) || c == '-')
            {
                continue;
            }

            if (n == buffer.Length)
            {
                break;
            }

            buffer[n++] = char.ToUpperInvariant(c);
        }

        return new string(buffer[..n]);
    }

    // Outward: A9, A99, AA9, AA99, A9A, AA9A; inward: 9AA.
    private static bool IsUkPostcode(string code)
    {
        if (code.Length is < 5 or > 7)
        {
            return false;
        }

        var inward = code[^3..];
        if (!char.IsAsciiDigit(inward[0]) || !char.IsAsciiLetter(inward[1]) || !char.IsAsciiLetter(inward[2]))
        {
            return false;
        }

        var outward = code[..^3];
        if (!char.IsAsciiLetter(outward[0]))
        {
            return false;
        }

        var letters = char.IsAsciiLetter(outward[1]) ? 2 : 1;
        var rest = outward[letters..];
        return rest.Length is 1 or 2 && char.IsAsciiDigit(rest[0]) && (rest.Length == 1 || char.IsAsciiLetterOrDigit(rest[1]));
    }
}
