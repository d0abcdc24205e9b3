using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Vinculo.Domain.Customers;

/// <summary>
/// Phone number normalisation to E.164 ("+34600123456") without external metadata.
/// </summary>
/// <remarks>
/// <para>
/// Accepted input: digits (ASCII or any Unicode decimal digit), the separators space, tab, no-break spaces,
/// '-', '.', '/', '(', ')', '[', ']' and Unicode dashes, one leading '+' (or an international prefix: "00"
/// always, "011" for +1 or when the national reading fails, "0011" for +61), an optional leading "tel:" and a
/// trailing extension ("ext. 12", "x12", "#12", ";ext=12", "extensión 12", "int. 12", "anexo 12"). Any other
/// letter or symbol makes the number invalid.
/// </para>
/// <para>
/// Numbers without an international prefix are read as national numbers of the default country: its trunk
/// prefix is dropped ("0" for the UK, Germany, France, Argentina...; "1" for +1; "8" for +7; "06" for +36;
/// "80" for +375; "01"/"044"/"045" for Mexico) while countries without one keep every digit (Italy keeps its
/// leading 0). If that fails and the digits already start with the default country code, they are read as an
/// international number whose '+' was lost ("34600123456").
/// </para>
/// <para>
/// Length rules: at most 15 digits in total. +34 exactly 9 national digits starting 6-9; +1 exactly 10 (area code
/// and exchange starting 2-9); +7 exactly 10; +33 exactly 9; +44 9 or 10 (7 for "0800 1111"-style freephone);
/// +52 exactly 10; +54 10 (landline) or 11 (mobile, "9" + 10); +55 10 or 11; +39 6 to 11. Any other country:
/// 6 to 14 national digits for 2-digit codes and 4 to 14 for 3-digit codes (so at least 8 digits in total, or 7 for a 3-digit code with a 4-digit
/// national number as used in Niue or Tokelau). Countries that use a trunk "0" never have a national number
/// starting with 0.
/// </para>
/// <para>The hot path makes no allocations except the result string; no regular expressions.</para>
/// </remarks>
public static class PhoneNumbers
{
    /// <summary>Minimum number of digits for <see cref="LooksLikePhone"/>: fewer could be a postal code or an id.</summary>
    public const int MinDigitsForPhoneSearch = 6;

    /// <summary>Longest E.164 number including the '+' (15 digits).</summary>
    public const int MaxE164Length = 16;

    /// <summary>Longest extension kept, in digits.</summary>
    public const int MaxExtensionDigits = 10;

    private const int MaxInputLength = 128;
    private const int MaxRawDigits = 20;
    private const int MaxE164Digits = 15;

    // Longest first, so "extension" is not read as "ext" followed by garbage.
    private static readonly string[] ExtensionMarkers =
    [
        ";ext=", "extensión", "extension", "interno", "anexo", "extn", "ext", "int", "x", "#",
    ];

    // Argentine area codes of 3 digits. "11" (Buenos Aires) is the only 2-digit one; other codes starting
    // with 2 or 3 have 4 digits. Area code plus subscriber number is always 10 digits.
    private static readonly string[] ArgentineThreeDigitAreaCodes =
    [
        "220", "221", "223", "230", "236", "237", "249", "260", "261", "263", "264", "266",
        "280", "291", "294", "297", "298", "299",
        "336", "341", "342", "343", "345", "348", "351", "353", "358", "362", "364",
        "370", "376", "379", "380", "381", "383", "385", "387", "388",
    ];

    /// <summary>
    /// Normalises a phone number written in any common format to E.164.
    /// </summary>
    /// <param name="input">The number as typed or imported.</param>
    /// <param name="defaultCountryCallingCode">
    /// Calling code ("34" or "+34") used when the number has no international prefix. If it is empty or not an
    /// assigned code, only international numbers can be normalised.
    /// </param>
    /// <param name="e164">The E.164 form, or null when the input cannot be a valid phone number.</param>
    public static bool TryNormalize(string? input, string defaultCountryCallingCode, [NotNullWhen(true)] out string? e164)
    {
        e164 = null;
        if (input is null)
        {
            return false;
        }

        Span<char> buffer = stackalloc char[MaxE164Length];
        if (!TryNormalizeCore(input, defaultCountryCallingCode, buffer, out var written, Span<char>.Empty, out _))
        {
            return false;
        }

        e164 = new string(buffer[..written]);
        return true;
    }

    /// <summary>
    /// Like <see cref="TryNormalize(string?, string, out string?)"/>, also returning the extension digits
    /// ("+34 91 555 12 34 ext. 210" → "+34915551234" and "210"), or null when there is none.
    /// </summary>
    public static bool TryNormalize(
        string? input,
        string defaultCountryCallingCode,
        [NotNullWhen(true)] out string? e164,
        out string? extension)
    {
        e164 = null;
        extension = null;
        if (input is null)
        {
            return false;
        }

        Span<char> buffer = stackalloc char[MaxE164Length];
        Span<char> extensionBuffer = stackalloc char[MaxExtensionDigits];
        if (!TryNormalizeCore(input, defaultCountryCallingCode, buffer, out var written, extensionBuffer, out var extensionLength))
        {
            return false;
        }

        e164 = new string(buffer[..written]);
        extension = extensionLength > 0 ? new string(extensionBuffer[..extensionLength]) : null;
        return true;
    }

    /// <summary>
    /// Allocation-free variant for bulk imports: writes the E.164 form into <paramref name="destination"/>
    /// (at least <see cref="MaxE164Length"/> characters to always fit).
    /// </summary>
    public static bool TryNormalize(
        ReadOnlySpan<char> input,
        ReadOnlySpan<char> defaultCountryCallingCode,
        Span<char> destination,
        out int charsWritten)
        => TryNormalizeCore(input, defaultCountryCallingCode, destination, out charsWritten, Span<char>.Empty, out _);

    /// <summary>
    /// True when a free-text search query looks like a phone number: only digits, separators (spaces, '-', '.',
    /// '/', parentheses), an optional leading '+' or "tel:", at least <see cref="MinDigitsForPhoneSearch"/>
    /// digits and at least as many digits as non-space separators. Used to route customer search.
    /// </summary>
    public static bool LooksLikePhone(string query)
    {
        if (query is null)
        {
            return false;
        }

        var s = query.AsSpan().Trim();
        if (s.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
        {
            s = s[4..].TrimStart();
        }

        if (s.IsEmpty || s.Length > MaxInputLength)
        {
            return false;
        }

        int digits = 0, separators = 0;
        var plus = false;
        foreach (var c in s)
        {
            if (DigitValue(c) >= 0)
            {
                digits++;
            }
            else if (IsPlus(c))
            {
                if (plus || digits > 0)
                {
                    return false;
                }

                plus = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                // Spaces are free.
            }
            else if (IsSeparator(c))
            {
                separators++;
            }
            else
            {
                return false;
            }
        }

        return digits >= MinDigitsForPhoneSearch && digits <= MaxRawDigits && digits >= separators;
    }

    private static bool TryNormalizeCore(
        ReadOnlySpan<char> input,
        ReadOnlySpan<char> defaultCountryCallingCode,
        Span<char> destination,
        out int charsWritten,
        Span<char> extension,
        out int extensionLength)
    {
        charsWritten = 0;
        extensionLength = 0;

        var s = input.Trim();
        if (s.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
        {
            s = s[4..];
        }

        if (s.IsEmpty || s.Length > MaxInputLength)
        {
            return false;
        }

        Span<char> digits = stackalloc char[MaxRawDigits];
        var count = 0;
        var plus = false;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            var value = DigitValue(c);
            if (value >= 0)
            {
                if (count == MaxRawDigits)
                {
                    return false;
                }

                digits[count++] = (char)('0' + value);
            }
            else if (IsSeparator(c) || char.IsWhiteSpace(c))
            {
                continue;
            }
            else if (IsPlus(c))
            {
                if (plus || count > 0)
                {
                    return false;
                }

                plus = true;
            }
            else if (count > 0 && TryReadExtension(s[i..], extension, out extensionLength))
            {
                break;
            }
            else
            {
                return false;
            }
        }

        if (count == 0)
        {
            return false;
        }

        Span<char> scratch = stackalloc char[MaxRawDigits];
        return Resolve(digits[..count], plus, CountryCallingCodes.ParseDefault(defaultCountryCallingCode), scratch, destination, out charsWritten);
    }

    private static bool Resolve(
        ReadOnlySpan<char> d,
        bool plus,
        int defaultCode,
        Span<char> scratch,
        Span<char> destination,
        out int written)
    {
        written = 0;
        if (plus)
        {
            return TryInternational(d, scratch, destination, out written);
        }

        // Australia's international prefix (before "00", which it starts with).
        if (defaultCode == 61 && d.StartsWith("0011"))
        {
            return TryInternational(d[4..], scratch, destination, out written);
        }

        if (d.StartsWith("00"))
        {
            return TryInternational(d[2..], scratch, destination, out written);
        }

        // "011" is the NANP international prefix. Elsewhere it can start a national number (UK "0117 496 0123",
        // Argentina "011 4123-4567"), so there it is only tried after the national reading fails.
        var startsWith011 = d.StartsWith("011");
        if (startsWith011 && defaultCode == 1)
        {
            return TryInternational(d[3..], scratch, destination, out written);
        }

        if (defaultCode > 0)
        {
            if (TryNational(defaultCode, d, scratch, destination, out written))
            {
                return true;
            }

            // The '+' was lost: "34600123456" with default 34.
            var codeLength = CountryCallingCodes.DigitCount(defaultCode);
            if (d.Length > codeLength
                && CountryCallingCodes.Match(d, out var code) == codeLength
                && code == defaultCode
                && TryWithCountryCode(code, d[codeLength..], scratch, destination, out written))
            {
                return true;
            }
        }

        return startsWith011 && TryInternational(d[3..], scratch, destination, out written);
    }

    private static bool TryInternational(ReadOnlySpan<char> d, Span<char> scratch, Span<char> destination, out int written)
    {
        written = 0;
        var length = CountryCallingCodes.Match(d, out var code);
        return length > 0 && TryWithCountryCode(code, d[length..], scratch, destination, out written);
    }

    /// <summary>National significant number written after an explicit country code.</summary>
    private static bool TryWithCountryCode(int code, ReadOnlySpan<char> nsn, Span<char> scratch, Span<char> destination, out int written)
    {
        // "+44 (0)20 7946 0018": the trunk prefix written in brackets after the country code.
        if (CountryCallingCodes.UsesTrunkZero(code) && nsn.Length > 1 && nsn[0] == '0')
        {
            nsn = nsn[1..];
        }

        switch (code)
        {
            // Pre-2019 Mexican mobile format "+52 1 55 1234 5678".
            case 52 when nsn.Length == 11 && nsn[0] == '1':
                nsn = nsn[1..];
                break;

            // "+54 351 15 412-3456": national mobile form written after the country code.
            case 54 when nsn.Length == 12 && TryArgentineMobile(nsn, scratch, out var mobileLength):
                nsn = scratch[..mobileLength];
                break;

            // "+54 9 11 15 2345-6789": both the international "9" and the national "15".
            case 54 when nsn.Length == 13 && nsn[0] == '9' && TryArgentineMobile(nsn[1..], scratch, out var mobileLength):
                nsn = scratch[..mobileLength];
                break;
        }

        return Emit(code, nsn, destination, out written);
    }

    /// <summary>Digits dialled inside the default country.</summary>
    private static bool TryNational(int code, ReadOnlySpan<char> d, Span<char> scratch, Span<char> destination, out int written)
    {
        switch (code)
        {
            case 1 when d.Length == 11 && d[0] == '1':
                d = d[1..];
                break;

            case 7 when d.Length == 11 && d[0] == '8':
                d = d[1..];
                break;

            case 36 when d.StartsWith("06"):
                d = d[2..];
                break;

            case 375 when d.StartsWith("80"):
                d = d[2..];
                break;

            case 52:
                if (d.Length == 12 && d.StartsWith("01"))
                {
                    d = d[2..];
                }
                else if (d.Length == 13 && (d.StartsWith("044") || d.StartsWith("045")))
                {
                    d = d[3..];
                }

                break;

            case 54:
                if (d.Length > 1 && d[0] == '0')
                {
                    d = d[1..];
                }

                // "011 15 2345-6789" → +54 9 11 2345 6789.
                if (d.Length == 12 && TryArgentineMobile(d, scratch, out var mobileLength))
                {
                    d = scratch[..mobileLength];
                }

                break;

            case 55:
                if (d.Length > 1 && d[0] == '0')
                {
                    d = d[1..];

                    // Carrier selection code: "0 21 11 98765-4321".
                    if (d.Length is 12 or 13)
                    {
                        d = d[2..];
                    }
                }

                break;

            default:
                if (CountryCallingCodes.UsesTrunkZero(code) && d.Length > 1 && d[0] == '0')
                {
                    d = d[1..];
                }

                break;
        }

        return Emit(code, d, destination, out written);
    }

    /// <summary>
    /// Converts an Argentine mobile in national form, area code + "15" + subscriber (12 digits), to its
    /// international form "9" + area code + subscriber (11 digits).
    /// </summary>
    private static bool TryArgentineMobile(ReadOnlySpan<char> d, Span<char> scratch, out int length)
    {
        length = 0;
        int areaLength;
        if (d.StartsWith("11"))
        {
            areaLength = 2;
        }
        else if (IsArgentineThreeDigitArea(d))
        {
            areaLength = 3;
        }
        else if (d[0] is '2' or '3')
        {
            areaLength = 4;
        }
        else
        {
            return false;
        }

        if (d[areaLength] != '1' || d[areaLength + 1] != '5')
        {
            return false;
        }

        scratch[0] = '9';
        d[..areaLength].CopyTo(scratch[1..]);
        d[(areaLength + 2)..].CopyTo(scratch[(1 + areaLength)..]);
        length = d.Length - 1;
        return true;
    }

    private static bool IsArgentineThreeDigitArea(ReadOnlySpan<char> d)
    {
        var prefix = d[..3];
        foreach (var area in ArgentineThreeDigitAreaCodes)
        {
            if (prefix.SequenceEqual(area))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Emit(int code, ReadOnlySpan<char> nsn, Span<char> destination, out int written)
    {
        written = 0;
        if (!IsValidNationalNumber(code, nsn))
        {
            return false;
        }

        var codeLength = CountryCallingCodes.DigitCount(code);
        var total = 1 + codeLength + nsn.Length;
        if (destination.Length < total)
        {
            return false;
        }

        destination[0] = '+';
        var c = code;
        for (var i = codeLength; i >= 1; i--)
        {
            destination[i] = (char)('0' + (c % 10));
            c /= 10;
        }

        nsn.CopyTo(destination[(1 + codeLength)..]);
        written = total;
        return true;
    }

    private static bool IsValidNationalNumber(int code, ReadOnlySpan<char> nsn)
    {
        var codeLength = CountryCallingCodes.DigitCount(code);
        if (nsn.IsEmpty || codeLength + nsn.Length > MaxE164Digits)
        {
            return false;
        }

        if (CountryCallingCodes.UsesTrunkZero(code) && nsn[0] == '0')
        {
            return false;
        }

        return code switch
        {
            // NANP: NPA-NXX-XXXX, area code and exchange start with 2-9.
            1 => nsn.Length == 10 && nsn[0] >= '2' && nsn[3] >= '2',
            7 => nsn.Length == 10 && nsn[0] >= '3',
            33 => nsn.Length == 9,
            34 => nsn.Length == 9 && nsn[0] >= '6',
            39 => nsn.Length is >= 6 and <= 11,
            44 => nsn.Length is 9 or 10 || (nsn.Length == 7 && nsn.StartsWith("800")),
            52 => nsn.Length == 10 && nsn[0] >= '2',
            54 => (nsn.Length == 10 && IsArgentineNationalNumber(nsn))
                || (nsn.Length == 11 && nsn[0] == '9' && IsArgentineNationalNumber(nsn[1..])),
            55 => nsn.Length == 10 || (nsn.Length == 11 && nsn[2] == '9'),
            _ => nsn.Length >= (codeLength == 3 ? 4 : 6) && nsn.Length <= 14,
        };
    }

    // Area code + subscriber: Buenos Aires "11", other areas start with 2 or 3; 6xx and 8xx are non-geographic.
    private static bool IsArgentineNationalNumber(ReadOnlySpan<char> tenDigits)
        => tenDigits.StartsWith("11") || tenDigits[0] is '2' or '3' or '6' or '8';

    private static bool TryReadExtension(ReadOnlySpan<char> s, Span<char> extension, out int length)
    {
        length = 0;
        var markerLength = 0;
        foreach (var marker in ExtensionMarkers)
        {
            if (s.StartsWith(marker, StringComparison.OrdinalIgnoreCase))
            {
                markerLength = marker.Length;
                break;
            }
        }

        if (markerLength == 0)
        {
            return false;
        }

        var digits = 0;
        foreach (var c in s[markerLength..])
        {
            var value = DigitValue(c);
            if (value >= 0)
            {
                if (digits == MaxExtensionDigits)
                {
                    return false;
                }

                if (digits < extension.Length)
                {
                    extension[digits] = (char)('0' + value);
                }

                digits++;
            }
            else if (c is '.' or ':' or '=' or '-' || char.IsWhiteSpace(c))
            {
                // "ext. 12", "ext: 12", "x 12-34".
            }
            else
            {
                return false;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        length = extension.IsEmpty ? 0 : digits;
        return true;
    }

    private static int DigitValue(char c)
    {
        if (char.IsAsciiDigit(c))
        {
            return c - '0';
        }

        return c > 127 && char.IsDigit(c) ? CharUnicodeInfo.GetDecimalDigitValue(c) : -1;
    }

    private static bool IsPlus(char c) => c is '+' or '\uFF0B';

    // Whitespace is checked separately with char.IsWhiteSpace.
    private static bool IsSeparator(char c)
        => c is '-' or '.' or '/' or '(' or ')' or '[' or ']'
            or (>= '\u2010' and <= '\u2015') or '\u2212' or '\uFF0D';
}
