using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Vinculo.Domain.Customers;

namespace Vinculo.Domain.Tests.Customers;

public class PhoneNumbersPropertyTests
{
    private static readonly string[] Defaults = ["34", "1", "44", "52", "54", "39", "49"];

    // 9 digits starting with 6, 7, 8 or 9.
    private static Gen<string> SpanishNationalNumber { get; } =
        from first in Gen.Choose(6, 9)
        from rest in Gen.Choose(0, 99_999_999)
        select $"{first}{rest:D8}";

    // NPA-NXX-XXXX with area code and exchange starting 2-9.
    private static Gen<string> NanpNationalNumber { get; } =
        from npaFirst in Gen.Choose(2, 9)
        from npaRest in Gen.Choose(0, 99)
        from nxxFirst in Gen.Choose(2, 9)
        from nxxRest in Gen.Choose(0, 99)
        from line in Gen.Choose(0, 9999)
        select $"{npaFirst}{npaRest:D2}{nxxFirst}{nxxRest:D2}{line:D4}";

    [Property]
    public Property Spanish_numbers_normalise_the_same_in_every_format()
        => Prop.ForAll(SpanishNationalNumber.ToArbitrary(), national =>
        {
            var expected = "+34" + national;
            string[] variants =
            [
                national,
                $"{national[..3]} {national[3..6]} {national[6..]}",
                $"{national[..3]} {national[3..5]} {national[5..7]} {national[7..]}",
                $"+34 {national}",
                $"0034-{national[..3]}-{national[3..]}",
                $"(+34) {national[..3]}.{national[3..6]}.{national[6..]}",
                $"tel:+34{national}",
                "34" + national,
            ];

            return variants.All(v => PhoneNumbers.TryNormalize(v, "34", out var e164) && e164 == expected);
        });

    [Property]
    public Property Nanp_numbers_normalise_the_same_in_every_format()
        => Prop.ForAll(NanpNationalNumber.ToArbitrary(), national =>
        {
            var expected = "+1" + national;
            string[] variants =
            [
                national,
                $"({national[..3]}) {national[3..6]}-{national[6..]}",
                $"1-{national[..3]}-{national[3..6]}-{national[6..]}",
                $"{national[..3]}.{national[3..6]}.{national[6..]}",
                $"+1 {national}",
            ];

            return variants.All(v => PhoneNumbers.TryNormalize(v, "1", out var e164) && e164 == expected)
                && PhoneNumbers.TryNormalize($"+1 ({national[..3]}) {national[3..6]}-{national[6..]}", "34", out var fromSpain)
                && fromSpain == expected;
        });

    [Property]
    public bool Normalising_a_normalised_number_is_identity(string? input)
    {
        foreach (var defaultCode in Defaults)
        {
            if (!PhoneNumbers.TryNormalize(input, defaultCode, out var e164))
            {
                continue;
            }

            if (!IsE164Shape(e164))
            {
                return false;
            }

            foreach (var other in Defaults)
            {
                if (!PhoneNumbers.TryNormalize(e164, other, out var again) || again != e164)
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Property]
    public Property Digit_strings_either_fail_or_give_an_idempotent_e164()
    {
        var digitStrings =
            from length in Gen.Choose(1, 18)
            from digits in Gen.ArrayOf(Gen.Choose(0, 9), length)
            from plus in Gen.Elements(string.Empty, "+", "00")
            select plus + string.Concat(digits);

        return Prop.ForAll(digitStrings.ToArbitrary(), input => Defaults.All(defaultCode =>
            !PhoneNumbers.TryNormalize(input, defaultCode, out var e164)
            || (IsE164Shape(e164) && PhoneNumbers.TryNormalize(e164, defaultCode, out var again) && again == e164)));
    }

    [Property]
    public bool String_and_span_overloads_agree(string? input)
    {
        var ok = PhoneNumbers.TryNormalize(input, "34", out var e164);
        Span<char> buffer = stackalloc char[PhoneNumbers.MaxE164Length];
        var spanOk = PhoneNumbers.TryNormalize(input.AsSpan(), "34", buffer, out var written);
        return ok == spanOk && (!ok || buffer[..written].SequenceEqual(e164));
    }

    private static bool IsE164Shape(string value)
        => value.Length is >= 8 and <= PhoneNumbers.MaxE164Length
            && value[0] == '+'
            && value[1] != '0'
            && value.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;
}
