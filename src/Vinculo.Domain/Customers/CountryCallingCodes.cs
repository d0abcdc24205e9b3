namespace Vinculo.Domain.Customers;

/// <summary>
/// ITU-T E.164 country calling codes (assigned list, including the shared and non-geographic codes such as
/// 800, 808, 870, 881-883, 888 and 979). The set is prefix-free, so the code at the start of an international
/// number is found unambiguously by trying 1, 2 and 3 digits in turn.
/// </summary>
/// <remarks>
/// Because no code starts with 0, the numeric value identifies a code uniquely (1-digit codes are 1..9,
/// 2-digit 10..99, 3-digit 100..999), so lookups are a single array access with no allocation.
/// </remarks>
internal static class CountryCallingCodes
{
    [Flags]
    private enum CodeFlags : byte
    {
        None = 0,
        Assigned = 1,
        TrunkZero = 2,
    }

    /// <summary>Every assigned code, as digits without '+'.</summary>
    internal static readonly IReadOnlyList<string> All = Array.AsReadOnly(
    [
        // Zone 1: North American Numbering Plan (US, CA and the Caribbean countries share +1).
        "1",
        // Zone 2: mostly Africa.
        "20", "211", "212", "213", "216", "218",
        "220", "221", "222", "223", "224", "225", "226", "227", "228", "229",
        "230", "231", "232", "233", "234", "235", "236", "237", "238", "239",
        "240", "241", "242", "243", "244", "245", "246", "247", "248", "249",
        "250", "251", "252", "253", "254", "255", "256", "257", "258",
        "260", "261", "262", "263", "264", "265", "266", "267", "268", "269",
        "27", "290", "291", "297", "298", "299",
        // Zone 3: Europe.
        "30", "31", "32", "33", "34",
        "350", "351", "352", "353", "354", "355", "356", "357", "358", "359",
        "36",
        "370", "371", "372", "373", "374", "375", "376", "377", "378", "379",
        "380", "381", "382", "383", "385", "386", "387", "389",
        "39",
        // Zone 4: Europe.
        "40", "41", "420", "421", "423", "43", "44", "45", "46", "47", "48", "49",
        // Zone 5: Central and South America.
        "500", "501", "502", "503", "504", "505", "506", "507", "508", "509",
        "51", "52", "53", "54", "55", "56", "57", "58",
        "590", "591", "592", "593", "594", "595", "596", "597", "598", "599",
        // Zone 6: South-East Asia and Oceania.
        "60", "61", "62", "63", "64", "65", "66",
        "670", "672", "673", "674", "675", "676", "677", "678", "679",
        "680", "681", "682", "683", "685", "686", "687", "688", "689",
        "690", "691", "692",
        // Zone 7: Russia and Kazakhstan.
        "7",
        // Zone 8: East Asia and international services.
        "800", "808", "81", "82", "84",
        "850", "852", "853", "855", "856", "86",
        "870", "878", "880", "881", "882", "883", "886", "888",
        // Zone 9: West, Central and South Asia, Middle East.
        "90", "91", "92", "93", "94", "95",
        "960", "961", "962", "963", "964", "965", "966", "967", "968",
        "970", "971", "972", "973", "974", "975", "976", "977", "979",
        "98", "991", "992", "993", "994", "995", "996", "998",
    ]);

    /// <summary>
    /// Countries whose national numbers are dialled with a leading trunk prefix "0" that is not part of the
    /// E.164 number (UK "020 7946 0018" is +44 20 7946 0018). Countries that are not listed keep every digit:
    /// Italy (+39 06...), Spain, Portugal, Greece, the Nordics except Sweden and Finland, etc.
    /// Countries with other trunk prefixes (+1 "1", +7 "8", +36 "06", +375 "80", +52 "01"/"044"/"045") are handled
    /// in <see cref="PhoneNumbers"/>.
    /// </summary>
    private static readonly string[] TrunkZeroCodes =
    [
        "20", "27", "31", "32", "33", "40", "41", "43", "44", "46", "49",
        "51", "53", "54", "55", "58",
        "60", "61", "62", "63", "64", "66",
        "81", "82", "84", "86",
        "90", "91", "92", "93", "94", "95", "98",
        "212", "213", "218", "233", "234", "249", "250", "251", "254", "255", "256", "260", "263", "264",
        "353", "355", "358", "359", "373", "374", "380", "381", "382", "383", "385", "386", "387", "389",
        "421", "591", "593", "595",
        "850", "855", "856", "880", "886",
        "961", "962", "963", "964", "966", "967", "970", "971", "972", "976", "977", "994", "995", "996",
    ];

    private static readonly CodeFlags[] Table = BuildTable();

    private static CodeFlags[] BuildTable()
    {
        var table = new CodeFlags[1000];
        foreach (var code in All)
        {
            table[int.Parse(code, System.Globalization.CultureInfo.InvariantCulture)] |= CodeFlags.Assigned;
        }

        foreach (var code in TrunkZeroCodes)
        {
            var value = int.Parse(code, System.Globalization.CultureInfo.InvariantCulture);
            if ((table[value] & CodeFlags.Assigned) == 0)
            {
                throw new InvalidOperationException($"Trunk-prefix table lists unassigned code {code}.");
            }

            table[value] |= CodeFlags.TrunkZero;
        }

        return table;
    }

    /// <summary>Whether <paramref name="code"/> (numeric value of the digits) is an assigned calling code.</summary>
    internal static bool IsAssigned(int code) => (uint)code < 1000 && (Table[code] & CodeFlags.Assigned) != 0;

    /// <summary>Whether national numbers of <paramref name="code"/> are dialled with a trunk "0" that E.164 omits.</summary>
    internal static bool UsesTrunkZero(int code) => (uint)code < 1000 && (Table[code] & CodeFlags.TrunkZero) != 0;

    /// <summary>Number of digits of an assigned code (1..3).</summary>
    internal static int DigitCount(int code) => code < 10 ? 1 : code < 100 ? 2 : 3;

    /// <summary>
    /// Finds the calling code at the start of <paramref name="digits"/> (ASCII digits only).
    /// Returns its length (1..3) or 0 when the digits do not start with an assigned code.
    /// </summary>
    internal static int Match(ReadOnlySpan<char> digits, out int code)
    {
        code = 0;
        if (digits.IsEmpty || digits[0] == '0')
        {
            return 0;
        }

        var value = 0;
        for (var length = 1; length <= 3 && length <= digits.Length; length++)
        {
            value = (value * 10) + (digits[length - 1] - '0');
            if (IsAssigned(value))
            {
                code = value;
                return length;
            }
        }

        return 0;
    }

    /// <summary>
    /// Parses a configured default code such as "34" or "+34" (surrounding spaces allowed).
    /// Returns the numeric code, or -1 when it is empty or not an assigned code.
    /// </summary>
    internal static int ParseDefault(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        if (!text.IsEmpty && text[0] == '+')
        {
            text = text[1..];
        }

        if (text.IsEmpty || text.Length > 3 || text[0] == '0')
        {
            return -1;
        }

        var value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return -1;
            }

            value = (value * 10) + (c - '0');
        }

        return IsAssigned(value) ? value : -1;
    }
}
