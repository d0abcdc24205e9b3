using System.Runtime.CompilerServices;
using System.Text;

namespace Vinculo.Core.Analytics.Files;

/// <summary>Numbers and dates straight from ASCII bytes (invariant: '.' decimal point, no thousands separators).</summary>
internal static class FieldParsers
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ReadOnlySpan<byte> TrimSpaces(ReadOnlySpan<byte> s)
    {
        var from = 0;
        var to = s.Length;
        while (from < to && (s[from] == (byte)' ' || s[from] == (byte)'\t'))
        {
            from++;
        }

        while (to > from && (s[to - 1] == (byte)' ' || s[to - 1] == (byte)'\t'))
        {
            to--;
        }

        return s[from..to];
    }

    public static string Text(ReadOnlySpan<byte> s) => Encoding.UTF8.GetString(s.Length > 60 ? s[..60] : s);

    /// <summary>An optionally signed whole number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseInt64(ReadOnlySpan<byte> s, out long value)
    {
        s = TrimSpaces(s);
        value = 0;
        var i = 0;
        var negative = false;
        if (s.Length > 0 && (s[0] == (byte)'-' || s[0] == (byte)'+'))
        {
            negative = s[0] == (byte)'-';
            i = 1;
        }

        if (i == s.Length || s.Length - i > 18)
        {
            return false;
        }

        long v = 0;
        for (; i < s.Length; i++)
        {
            var d = s[i] - (byte)'0';
            if ((uint)d > 9)
            {
                return false;
            }

            v = (v * 10) + d;
        }

        value = negative ? -v : v;
        return true;
    }

    /// <summary>An optionally signed decimal number "123", "-1.5", ".25" as mantissa × 10^-scale (at most 18 digits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseDecimal(ReadOnlySpan<byte> s, out long mantissa, out byte scale)
    {
        s = TrimSpaces(s);
        mantissa = 0;
        scale = 0;
        var i = 0;
        var negative = false;
        if (s.Length > 0 && (s[0] == (byte)'-' || s[0] == (byte)'+'))
        {
            negative = s[0] == (byte)'-';
            i = 1;
        }

        long v = 0;
        var digits = 0;
        var point = false;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (c == (byte)'.')
            {
                if (point)
                {
                    return false;
                }

                point = true;
                continue;
            }

            var d = c - (byte)'0';
            if ((uint)d > 9)
            {
                return false;
            }

            if (++digits > 18)
            {
                return false;
            }

            v = (v * 10) + d;
            if (point)
            {
                scale++;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        mantissa = negative ? -v : v;
        return true;
    }

    /// <summary>mantissa × 10^-scale × factor as an exact decimal; false when it does not fit in 96 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryMultiply(long mantissa, byte scale, long factor, out decimal value)
    {
        var product = (Int128)mantissa * factor;
        var negative = product < 0;
        var magnitude = (UInt128)(negative ? -product : product);
        if (magnitude >> 96 != 0)
        {
            value = 0;
            return false;
        }

        value = new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), (int)(uint)(magnitude >> 64), negative, scale);
        return true;
    }

    /// <summary>A customer id: digits, optionally followed by ".0" (the Online Retail file writes 17850.0). Empty: no customer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseCustomerId(ReadOnlySpan<byte> s, out long id, out bool present)
    {
        s = TrimSpaces(s);
        id = 0;
        present = s.Length > 0;
        if (!present)
        {
            return true;
        }

        var point = s.IndexOf((byte)'.');
        if (point >= 0)
        {
            foreach (var c in s[(point + 1)..])
            {
                if (c != (byte)'0')
                {
                    return false;
                }
            }

            s = s[..point];
        }

        if (s.Length == 0 || s.Length > 18)
        {
            return false;
        }

        long v = 0;
        foreach (var c in s)
        {
            var d = c - (byte)'0';
            if ((uint)d > 9)
            {
                return false;
            }

            v = (v * 10) + d;
        }

        id = v;
        return true;
    }

    /// <summary>
    /// A date with an optional time of day, as its <see cref="DateOnly.DayNumber"/>: yyyy-MM-dd[( |T)HH:mm[:ss[.fff]]]
    /// or M/d/yyyy[ H:mm[:ss]].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseDay(ReadOnlySpan<byte> s, out int dayNumber)
    {
        s = TrimSpaces(s);
        dayNumber = 0;
        var i = 0;
        int year, month, day;
        if (s.Length >= 10 && s[4] == (byte)'-')
        {
            if (!Digits(s, ref i, 4, 4, out year) || !Expect(s, ref i, (byte)'-') || !Digits(s, ref i, 1, 2, out month) ||
                !Expect(s, ref i, (byte)'-') || !Digits(s, ref i, 1, 2, out day))
            {
                return false;
            }

            if (i < s.Length && s[i] != (byte)' ' && s[i] != (byte)'T')
            {
                return false;
            }
        }
        else
        {
            if (!Digits(s, ref i, 1, 2, out month) || !Expect(s, ref i, (byte)'/') || !Digits(s, ref i, 1, 2, out day) ||
                !Expect(s, ref i, (byte)'/') || !Digits(s, ref i, 4, 4, out year))
            {
                return false;
            }

            if (i < s.Length && s[i] != (byte)' ')
            {
                return false;
            }
        }

        if (i < s.Length)
        {
            i++;
            if (!Digits(s, ref i, 1, 2, out var hour) || hour > 23 || !Expect(s, ref i, (byte)':') || !Digits(s, ref i, 2, 2, out var minute) || minute > 59)
            {
                return false;
            }

            if (i < s.Length)
            {
                if (!Expect(s, ref i, (byte)':') || !Digits(s, ref i, 2, 2, out var second) || second > 59)
                {
                    return false;
                }

                if (i < s.Length)
                {
                    if (!Expect(s, ref i, (byte)'.') || !Digits(s, ref i, 1, 7, out _) || i != s.Length)
                    {
                        return false;
                    }
                }
            }
        }

        return TryDayNumber(year, month, day, out dayNumber);
    }

    /// <summary>yyyymmdd (CDNOW).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseCompactDay(ReadOnlySpan<byte> s, out int dayNumber)
    {
        dayNumber = 0;
        var i = 0;
        return s.Length == 8 && Digits(s, ref i, 4, 4, out var year) && Digits(s, ref i, 2, 2, out var month) && Digits(s, ref i, 2, 2, out var day)
               && TryDayNumber(year, month, day, out dayNumber);
    }

    private static bool TryDayNumber(int year, int month, int day, out int dayNumber)
    {
        dayNumber = 0;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        dayNumber = new DateOnly(year, month, day).DayNumber;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Digits(ReadOnlySpan<byte> s, ref int i, int min, int max, out int value)
    {
        value = 0;
        var count = 0;
        while (i < s.Length && count < max && (uint)(s[i] - (byte)'0') <= 9)
        {
            value = (value * 10) + (s[i] - (byte)'0');
            i++;
            count++;
        }

        return count >= min;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Expect(ReadOnlySpan<byte> s, ref int i, byte c)
    {
        if (i < s.Length && s[i] == c)
        {
            i++;
            return true;
        }

        return false;
    }
}
