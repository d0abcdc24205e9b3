using Vinculo.Domain.Customers;

namespace Vinculo.Domain.Tests.Customers;

public class PhoneNumbersTests
{
    [Theory]
    [InlineData("+34 600 12 34 56")]
    [InlineData("+34600123456")]
    [InlineData("0034-600123456")]
    [InlineData("0034 600 123 456")]
    [InlineData("600 123 456")]
    [InlineData("600123456")]
    [InlineData("600-123-456")]
    [InlineData("600.123.456")]
    [InlineData("600 12 34 56")]
    [InlineData("(+34) 600 123 456")]
    [InlineData("+34 (600) 123-456")]
    [InlineData("  +34 600 123 456  ")]
    [InlineData("+34\u00A0600\u00A0123\u00A0456")]
    [InlineData("+34\u2011600\u2011123\u2011456")]
    [InlineData("tel:+34-600-123-456")]
    [InlineData("TEL:+34600123456")]
    [InlineData("34600123456")]
    [InlineData("34 600 123 456")]
    [InlineData("\uFF0B34 600 123 456")]
    [InlineData("+34 ６００ １２３ ４５６")]
    public void Spanish_mobile_in_any_format(string input)
    {
        Assert.True(PhoneNumbers.TryNormalize(input, "34", out var e164));
        Assert.Equal("+34600123456", e164);
    }

    [Theory]
    [InlineData("(91) 555-12-34", "+34915551234")]
    [InlineData("91 555 12 34", "+34915551234")]
    [InlineData("915 55 12 34", "+34915551234")]
    [InlineData("+34 (91) 555-12-34", "+34915551234")]
    [InlineData("0034 91 555 12 34", "+34915551234")]
    [InlineData("93 123 45 67", "+34931234567")]
    [InlineData("712 345 678", "+34712345678")]
    [InlineData("800 123 456", "+34800123456")]
    [InlineData("900 100 200", "+34900100200")]
    public void Spanish_landline_and_special_numbers(string input, string expected)
    {
        Assert.True(PhoneNumbers.TryNormalize(input, "34", out var e164));
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData("60012345")] // 8 digits
    [InlineData("6001234567")] // 10 digits
    [InlineData("500 123 456")] // does not start with 6-9
    [InlineData("400 123 456")]
    [InlineData("0600 123 456")] // Spain has no trunk prefix
    [InlineData("+34 0600 123 456")]
    [InlineData("+34 60012345")]
    [InlineData("+34 6001234567")]
    [InlineData("346001234")] // neither national nor "34" + 9 digits
    public void Invalid_Spanish_numbers(string input)
    {
        Assert.False(PhoneNumbers.TryNormalize(input, "34", out var e164));
        Assert.Null(e164);
    }

    [Theory]
    [InlineData("tel:+1 (415) 555-2671")]
    [InlineData("tel:+1-415-555-2671")]
    [InlineData("+1 (415) 555-2671")]
    [InlineData("+1 415 555 2671")]
    [InlineData("+14155552671")]
    [InlineData("(415) 555-2671")]
    [InlineData("415-555-2671")]
    [InlineData("415.555.2671")]
    [InlineData("415 555 2671")]
    [InlineData("4155552671")]
    [InlineData("1-415-555-2671")]
    [InlineData("1 (415) 555 2671")]
    [InlineData("14155552671")]
    [InlineData("001 415 555 2671")]
    public void US_number_in_any_format(string input)
    {
        Assert.True(PhoneNumbers.TryNormalize(input, "1", out var e164));
        Assert.Equal("+14155552671", e164);
    }

    [Theory]
    [InlineData("tel:+1 (415) 555-2671")]
    [InlineData("+1 415 555 2671")]
    [InlineData("001 415 555 2671")]
    public void US_number_with_an_international_prefix_from_another_country(string input)
    {
        Assert.True(PhoneNumbers.TryNormalize(input, "34", out var e164));
        Assert.Equal("+14155552671", e164);
    }

    [Theory]
    [InlineData("011 34 600 123 456", "+34600123456")]
    [InlineData("011-44-20-7946-0018", "+442079460018")]
    [InlineData("011 52 55 1234 5678", "+525512345678")]
    public void US_international_prefix_011(string input, string expected)
    {
        Assert.True(PhoneNumbers.TryNormalize(input, "1", out var e164));
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData("(015) 555-2671")] // area code cannot start with 0
    [InlineData("(115) 555-2671")] // nor with 1
    [InlineData("(415) 155-2671")] // exchange cannot start with 1
    [InlineData("(415) 055-2671")]
    [InlineData("555-2671")] // 7 digits: no area code
    [InlineData("415-555-267")] // 9 digits
    [InlineData("415-555-26711")] // 11 digits not starting with the trunk 1
    [InlineData("+1 415 555 26711")]
    [InlineData("2-415-555-2671")]
    public void Invalid_US_numbers(string input)
    {
        Assert.False(PhoneNumbers.TryNormalize(input, "1", out _));
    }

    [Theory]
    [InlineData("020 7946 0018", "+442079460018")]
    [InlineData("(020) 7946-0018", "+442079460018")]
    [InlineData("020-7946-0018", "+442079460018")]
    [InlineData("+44 20 7946 0018", "+442079460018")]
    [InlineData("+44 (0)20 7946 0018", "+442079460018")]
    [InlineData("+44 (0) 20 7946 0018", "+442079460018")]
    [InlineData("0044 20 7946 0018", "+442079460018")]
    [InlineData("0044 (0)20 7946 0018", "+442079460018")]
    [InlineData("442079460018", "+442079460018")]
    [InlineData("07700 900123", "+447700900123")]
    [InlineData("+44 7700 900123", "+447700900123")]
    [InlineData("0121 496 0000", "+441214960000")]
    [InlineData("0117 496 0123", "+441174960123")] // starts with 011 but is a Bristol number, not an international prefix
    [InlineData("0161 496 0000", "+441614960000")]
    [InlineData("0800 1111", "+448001111")] // 7-digit freephone
    public void UK_numbers_drop_the_trunk_zero(string input, string expected)
    {
        Assert.True(PhoneNumbers.TryNormalize(input, "44", out var e164));
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData("020 7946 0018", "44")]
    [InlineData("+44 (0)20 7946 0018", "34")]
    [InlineData("0044 20 7946 0018", "52")]
    public void UK_number_from_anywhere(string input, string defaultCode)
    {
        Assert.True(PhoneNumbers.TryNormalize(input, defaultCode, out var e164));
        Assert.Equal("+442079460018", e164);
    }

    [Theory]
    [InlineData("020 794")] // too short
    [InlineData("0700 1111")] // 7 digits only for 0800 numbers
    [InlineData("020 7946 0018 123")] // too long
    [InlineData("+44 00 20 7946 0018")] // trunk 0 twice
    public void Invalid_UK_numbers(string input)
    {
        Assert.False(PhoneNumbers.TryNormalize(input, "44", out _));
    }

    [Fact]
    public void Double_zero_is_always_an_international_prefix()
    {
        // "00 20..." is +20 (Egypt) even with the UK as default: 7946 0018 is a valid-length Egyptian number.
        Assert.True(PhoneNumbers.TryNormalize("00 20 7946 0018", "44", out var e164));
        Assert.Equal("+2079460018", e164);
    }

    [Theory]
    [InlineData("+52 55 1234 5678", "+525512345678")]
    [InlineData("+52 (55) 1234-5678", "+525512345678")]
    [InlineData("0052 55 1234 5678", "+525512345678")]
    [InlineData("55 1234 5678", "+525512345678")]
    [InlineData("(55) 1234-5678", "+525512345678")]
    [InlineData("5512345678", "+525512345678")]
    [InlineData("01 55 1234 5678", "+525512345678")] // former long-distance prefix
    [InlineData("044 55 1234 5678", "+525512345678")] // former local mobile prefix
    [InlineData("045 33 1234 5678", "+523312345678")] // former long-distance mobile prefix
    [InlineData("+52 1 55 1234 5678", "+525512345678")] // former international mobile "1"
    [InlineData("+52 81 1234 5678", "+528112345678")]
    [InlineData("525512345678", "+525512345678")]
    [InlineData("800 123 4567", "+528001234567")]
    public void Mexican_numbers(string input, string expected)
    {
        Assert.True(PhoneNumbers.TryNormalize(input, "52", out var e164));
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData("55 1234 567")] // 9 digits
    [InlineData("55 1234 56789")] // 11 digits
    [InlineData("+52 1234 5678")]
    [InlineData("+52 2 55 1234 5678")] // 11 digits without the former mobile "1"
    public void Invalid_Mexican_numbers(string input)
    {
        Assert.False(PhoneNumbers.TryNormalize(input, "52", out _));
    }

    [Theory]
    [InlineData("+54 11 4123-4567", "+541141234567")] // Buenos Aires landline
    [InlineData("011 4123-4567", "+541141234567")] // 011 is Buenos Aires' area code with trunk 0 here
    [InlineData("(011) 4123-4567", "+541141234567")]
    [InlineData("11 4123 4567", "+541141234567")]
    [InlineData("0054 11 4123 4567", "+541141234567")]
    [InlineData("+54 9 11 2345-6789", "+5491123456789")] // mobile, international form
    [InlineData("011 15 2345-6789", "+5491123456789")] // mobile, national form: 0 + area + 15 + number
    [InlineData("(011) 15-2345-6789", "+5491123456789")]
    [InlineData("11 15 2345 6789", "+5491123456789")]
    [InlineData("0351 412-3456", "+543514123456")] // Córdoba landline (3-digit area code)
    [InlineData("(0351) 15 412-3456", "+5493514123456")] // Córdoba mobile
    [InlineData("+54 351 15 412 3456", "+5493514123456")] // national mobile form after +54
    [InlineData("+54 9 11 15 2345 6789", "+5491123456789")] // both "9" and "15": a common mix-up
    [InlineData("0054 9 351 412 3456", "+5493514123456")]
    [InlineData("(02966) 42-1234", "+542966421234")] // Río Gallegos landline (4-digit area code)
    [InlineData("(02966) 15 41-2345", "+5492966412345")] // Río Gallegos mobile
    [InlineData("0800 333 1234", "+548003331234")] // toll-free
    public void Argentine_numbers(string input, string expected)
    {
        Assert.True(PhoneNumbers.TryNormalize(input, "54", out var e164));
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData("15 2345 6789")] // mobile without area code: cannot be resolved
    [InlineData("011 4123-456")] // 9 national digits
    [InlineData("+54 9 15 2345 6789")]
    [InlineData("+54 5 123 456 789")] // area codes start with 11, 2 or 3
    public void Invalid_Argentine_numbers(string input)
    {
        Assert.False(PhoneNumbers.TryNormalize(input, "54", out _));
    }

    [Theory]
    [InlineData("030 1234567", "49", "+49301234567")] // Germany, trunk 0
    [InlineData("+49 (0)30 1234567", "34", "+49301234567")]
    [InlineData("01 23 45 67 89", "33", "+33123456789")] // France, trunk 0
    [InlineData("06 12 34 56 78", "33", "+33612345678")]
    [InlineData("06 1234 5678", "39", "+390612345678")] // Italy keeps its leading 0
    [InlineData("+39 06 1234 5678", "34", "+390612345678")]
    [InlineData("0039 06 1234 5678", "34", "+390612345678")]
    [InlineData("333 123 4567", "39", "+393331234567")]
    [InlineData("8 (916) 123-45-67", "7", "+79161234567")] // Russia, trunk 8
    [InlineData("+7 916 123-45-67", "34", "+79161234567")]
    [InlineData("06 1 234 5678", "36", "+3612345678")] // Hungary, trunk 06
    [InlineData("8 017 123-45-67", "375", "+375171234567")] // Belarus, trunk 8 0
    [InlineData("(011) 98765-4321", "55", "+5511987654321")] // Brazil, trunk 0
    [InlineData("0 21 11 98765-4321", "55", "+5511987654321")] // Brazil, trunk 0 + carrier code
    [InlineData("+55 11 3456-7890", "34", "+551134567890")]
    [InlineData("912 345 678", "351", "+351912345678")] // Portugal, no trunk prefix
    [InlineData("+56 9 6123 4567", "34", "+56961234567")] // Chile
    [InlineData("+57 321 123 4567", "34", "+573211234567")] // Colombia
    [InlineData("+998 90 123 45 67", "34", "+998901234567")] // Uzbekistan, 3-digit code
    [InlineData("+683 4002", "34", "+6834002")] // Niue: 4-digit national numbers
    [InlineData("04 1234 5678", "61", "+61412345678")] // Australia, trunk 0
    [InlineData("0011 34 600 123 456", "61", "+34600123456")] // Australia's international prefix
    public void Other_countries(string input, string defaultCode, string expected)
    {
        Assert.True(PhoneNumbers.TryNormalize(input, defaultCode, out var e164));
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("+")]
    [InlineData("tel:")]
    [InlineData("abc")]
    [InlineData("600 123 abc")]
    [InlineData("6OO 123 456")] // letter O
    [InlineData("600 123 456 / call me")]
    [InlineData("600_123_456")]
    [InlineData("600,123,456")]
    [InlineData("600*123*456")]
    [InlineData("++34 600 123 456")]
    [InlineData("34+600123456")]
    [InlineData("+34 600 123 456+")]
    [InlineData("+0034 600 123 456")]
    [InlineData("+999 1234 5678")] // unassigned code
    [InlineData("+28 1234 5678")]
    [InlineData("+123")]
    [InlineData("123")]
    [InlineData("1234")]
    [InlineData("+34 600 123 456 789 012")]
    [InlineData("+1234567890123456")] // 16 digits
    [InlineData("00000000000000000000000000000")]
    [InlineData("ext 12")]
    [InlineData("x600123456")]
    [InlineData("600123456 ext")] // marker without digits
    [InlineData("600123456 ext 12a")]
    [InlineData("600123456 ext 12345678901")] // extension longer than 10 digits
    [InlineData("tel:+34600123456;phone-context=example.com")]
    public void Invalid_inputs(string? input)
    {
        Assert.False(PhoneNumbers.TryNormalize(input, "34", out var e164));
        Assert.Null(e164);
    }

    [Theory]
    [InlineData("600 123 456 ext. 12", "12")]
    [InlineData("600 123 456 ext 12", "12")]
    [InlineData("600 123 456 EXT:12", "12")]
    [InlineData("600 123 456 extn 12", "12")]
    [InlineData("600 123 456 extension 12", "12")]
    [InlineData("600 123 456 extensión 12", "12")]
    [InlineData("600 123 456 x12", "12")]
    [InlineData("600 123 456 X 12", "12")]
    [InlineData("600 123 456 #12", "12")]
    [InlineData("600 123 456 int. 12", "12")]
    [InlineData("600 123 456 interno 12", "12")]
    [InlineData("600 123 456 anexo 12", "12")]
    [InlineData("tel:+34-600-123-456;ext=12", "12")]
    [InlineData("600123456x1234567890", "1234567890")]
    public void Extensions_are_split_off(string input, string expectedExtension)
    {
        Assert.True(PhoneNumbers.TryNormalize(input, "34", out var e164, out var extension));
        Assert.Equal("+34600123456", e164);
        Assert.Equal(expectedExtension, extension);

        Assert.True(PhoneNumbers.TryNormalize(input, "34", out var withoutExtension));
        Assert.Equal("+34600123456", withoutExtension);
    }

    [Fact]
    public void No_extension_gives_null_extension()
    {
        Assert.True(PhoneNumbers.TryNormalize("600 123 456", "34", out _, out var extension));
        Assert.Null(extension);
    }

    [Theory]
    [InlineData("+34")]
    [InlineData(" 34 ")]
    [InlineData("34")]
    public void Default_code_may_have_a_plus_or_spaces(string defaultCode)
    {
        Assert.True(PhoneNumbers.TryNormalize("600 123 456", defaultCode, out var e164));
        Assert.Equal("+34600123456", e164);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("999")]
    [InlineData("ES")]
    [InlineData("0034")]
    public void Unusable_default_code_only_allows_international_numbers(string defaultCode)
    {
        Assert.False(PhoneNumbers.TryNormalize("600 123 456", defaultCode, out _));
        Assert.True(PhoneNumbers.TryNormalize("+34 600 123 456", defaultCode, out var e164));
        Assert.Equal("+34600123456", e164);
    }

    [Fact]
    public void Span_overload_writes_into_the_destination()
    {
        Span<char> destination = stackalloc char[PhoneNumbers.MaxE164Length];
        Assert.True(PhoneNumbers.TryNormalize("(91) 555-12-34", "34", destination, out var written));
        Assert.Equal("+34915551234", destination[..written].ToString());

        Span<char> tooSmall = stackalloc char[5];
        Assert.False(PhoneNumbers.TryNormalize("(91) 555-12-34", "34", tooSmall, out written));
        Assert.Equal(0, written);
    }

    [Theory]
    [InlineData("+34 600 12 34 56")]
    [InlineData("600 123 456")]
    [InlineData("600123456")]
    [InlineData("(91) 555-12-34")]
    [InlineData("0034-600123456")]
    [InlineData("tel:+1 (415) 555-2671")]
    [InlineData("  415.555.2671  ")]
    [InlineData("+44 (0)20 7946 0018")]
    [InlineData("600 1234")] // partial number
    [InlineData("123456")]
    [InlineData("1-2-3-4-5-6-7")] // 7 digits, 6 separators: still mostly digits
    public void Looks_like_phone(string query)
    {
        Assert.True(PhoneNumbers.LooksLikePhone(query));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("García")]
    [InlineData("ana@example.com")]
    [InlineData("12345678Z")] // DNI
    [InlineData("B12345674")] // CIF
    [InlineData("28001")] // postal code
    [InlineData("+34")]
    [InlineData("600 123 456 ext 12")]
    [InlineData("600+123456")]
    [InlineData("1.-2.-3.-4.-5.-6")] // more separators than digits
    [InlineData("Calle Mayor 600123")]
    public void Does_not_look_like_phone(string query)
    {
        Assert.False(PhoneNumbers.LooksLikePhone(query));
    }

    [Fact]
    public void Looks_like_phone_tolerates_null()
    {
        Assert.False(PhoneNumbers.LooksLikePhone(null!));
    }
}
