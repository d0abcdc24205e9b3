namespace Vinculo.Domain.Customers;

/// <summary>Kinds of Spanish tax identification number.</summary>
public enum SpanishTaxIdKind
{
    /// <summary>DNI/NIF of a Spanish national: 8 digits and a check letter.</summary>
    Dni = 1,

    /// <summary>NIE of a foreign national: X, Y or Z, 7 digits and a check letter.</summary>
    Nie = 2,

    /// <summary>NIF starting with K, L or M (minors, non-resident Spaniards, foreigners without NIE).</summary>
    SpecialNif = 3,

    /// <summary>CIF / NIF of a legal entity: organisation letter, 7 digits and a control digit or letter.</summary>
    Cif = 4,
}

/// <summary>Syntax checks for tax identifiers (NIF/CIF/NIE in Spain, a generic rule elsewhere).</summary>
public static class TaxIds
{
    /// <summary>Shortest generic tax id, in letters and digits.</summary>
    public const int GenericMinLength = 4;

    /// <summary>Longest generic tax id, in characters including separators.</summary>
    public const int GenericMaxLength = 20;

    // Check letter of DNI/NIE: number mod 23.
    private const string DniLetters = "TRWAGMYFPDXBNJZSQVHLCKE";

    // CIF control letter for control digit 0..9.
    private const string CifControlLetters = "JABCDEFGHI";

    // Organisation letters of a CIF (K, L, M are natural persons and use the DNI algorithm).
    private const string CifOrganisationLetters = "ABCDEFGHJNPQRSUVW";

    /// <summary>
    /// Validates a tax id. With <paramref name="countryIso2"/> "ES" (any case) the Spanish rules apply, including
    /// the check character: DNI/NIF "12345678Z", NIE "X1234567L", K/L/M NIFs, CIF "B12345674"; spaces, dots and
    /// dashes are ignored and the EU VAT prefix "ES" is accepted. Any other country, or none: 4 to 20 characters
    /// of ASCII letters, digits, dashes, dots and spaces, with at least 4 letters or digits and at least one digit.
    /// </summary>
    public static bool IsValid(string? taxId, string? countryIso2)
    {
        if (string.IsNullOrWhiteSpace(taxId))
        {
            return false;
        }

        return IsSpain(countryIso2) ? SpanishKind(taxId) is not null : IsValidGeneric(taxId.AsSpan().Trim());
    }

    /// <summary>Upper-cases (invariant) and strips whitespace, dots and dashes: "b-12.345.674" → "B12345674".</summary>
    public static string Normalize(string taxId)
    {
        ArgumentNullException.ThrowIfNull(taxId);
        Span<char> buffer = taxId.Length <= 256 ? stackalloc char[taxId.Length] : new char[taxId.Length];
        return new string(buffer[..NormalizeInto(taxId, buffer)]);
    }

    /// <summary>
    /// The kind of a valid Spanish tax id (check character verified), or null when it is not a valid one.
    /// </summary>
    public static SpanishTaxIdKind? SpanishKind(string? taxId)
    {
        if (string.IsNullOrWhiteSpace(taxId) || taxId.Length > 64)
        {
            return null;
        }

        Span<char> buffer = stackalloc char[taxId.Length];
        ReadOnlySpan<char> id = buffer[..NormalizeInto(taxId, buffer)];

        // EU VAT number form: "ES" + the NIF.
        if (id.Length == 11 && id.StartsWith("ES"))
        {
            id = id[2..];
        }

        if (id.Length != 9)
        {
            return null;
        }

        var first = id[0];
        if (char.IsAsciiDigit(first))
        {
            return TryParseDigits(id[..8], out var number) && id[8] == DniLetters[number % 23] ? SpanishTaxIdKind.Dni : null;
        }

        if (first is 'X' or 'Y' or 'Z')
        {
            // X, Y, Z stand for 0, 1, 2 in front of the 7 digits.
            return TryParseDigits(id[1..8], out var number)
                && id[8] == DniLetters[(((first - 'X') * 10_000_000) + number) % 23]
                ? SpanishTaxIdKind.Nie
                : null;
        }

        if (first is 'K' or 'L' or 'M')
        {
            return TryParseDigits(id[1..8], out var number) && id[8] == DniLetters[number % 23] ? SpanishTaxIdKind.SpecialNif : null;
        }

        if (CifOrganisationLetters.Contains(first, StringComparison.Ordinal))
        {
            return IsValidCif(id) ? SpanishTaxIdKind.Cif : null;
        }

        return null;
    }

    /// <summary>
    /// CIF control: over the 7 digits, add the digits in even positions (2nd, 4th, 6th) and, for the odd
    /// positions, the sum of the digits of twice each digit; the control digit is (10 - total mod 10) mod 10
    /// and the control letter is "JABCDEFGHI"[control digit]. P, Q, R, S, W, N and ids whose province digits
    /// are "00" (non-residents) take the letter; A, B, E, H the digit; the others either.
    /// </summary>
    private static bool IsValidCif(ReadOnlySpan<char> id)
    {
        var digits = id[1..8];
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            if (!char.IsAsciiDigit(digits[i]))
            {
                return false;
            }

            var d = digits[i] - '0';
            if (i % 2 == 0)
            {
                // Odd position (1st, 3rd, 5th, 7th).
                var doubled = d * 2;
                sum += (doubled / 10) + (doubled % 10);
            }
            else
            {
                sum += d;
            }
        }

        var controlDigit = (10 - (sum % 10)) % 10;
        var control = id[8];
        var isDigitControl = control == (char)('0' + controlDigit);
        var isLetterControl = control == CifControlLetters[controlDigit];

        var letter = id[0];
        if (letter is 'P' or 'Q' or 'R' or 'S' or 'W' or 'N' || (digits[0] == '0' && digits[1] == '0'))
        {
            return isLetterControl;
        }

        if (letter is 'A' or 'B' or 'E' or 'H')
        {
            return isDigitControl;
        }

        return isDigitControl || isLetterControl;
    }

    private static bool IsValidGeneric(ReadOnlySpan<char> id)
    {
        if (id.Length < GenericMinLength || id.Length > GenericMaxLength)
        {
            return false;
        }

        int alphanumerics = 0, digits = 0;
        foreach (var c in id)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
                alphanumerics++;
            }
            else if (char.IsAsciiLetter(c))
            {
                alphanumerics++;
            }
            else if (c is not ('-' or '.' or ' '))
            {
                return false;
            }
        }

        return alphanumerics >= GenericMinLength && digits > 0;
    }

    private static bool IsSpain(string? countryIso2)
        => countryIso2 is not null && countryIso2.AsSpan().Trim().Equals("ES", StringComparison.OrdinalIgnoreCase);

    private static int NormalizeInto(string taxId, Span<char> buffer)
    {
        var length = 0;
        foreach (var c in taxId)
        {
            if (char.IsWhiteSpace(c) || c is '.' or '-' or (>= '\u2010' and <= '\u2015') or '\u2212')
            {
                continue;
            }

            buffer[length++] = char.ToUpperInvariant(c);
        }

        return length;
    }

    private static bool TryParseDigits(ReadOnlySpan<char> digits, out int number)
    {
        number = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            number = (number * 10) + (c - '0');
        }

        return true;
    }
}
