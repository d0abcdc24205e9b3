using Vinculo.Domain.Customers;

namespace Vinculo.Domain.Tests.Customers;

public class TaxIdsTests
{
    // Check letters are "TRWAGMYFPDXBNJZSQVHLCKE"[number mod 23]:
    // index T0 R1 W2 A3 G4 M5 Y6 F7 P8 D9 X10 B11 N12 J13 Z14 S15 Q16 V17 H18 L19 C20 K21 E22.
    [Theory]
    [InlineData("12345678Z")] // 12345678 = 23 * 536768 + 14 → Z
    [InlineData("00000000T")] // 0 → T
    [InlineData("00000023T")] // 23 = 23 * 1 + 0 → T
    [InlineData("99999999R")] // 99999999 = 23 * 4347826 + 1 → R
    [InlineData("87654321X")] // 87654321 = 23 * 3811057 + 10 → X
    [InlineData("12345678z")] // lower case
    [InlineData("12.345.678-Z")]
    [InlineData(" 12 345 678 Z ")]
    [InlineData("ES12345678Z")] // EU VAT number form
    public void Valid_DNI(string id)
    {
        Assert.True(TaxIds.IsValid(id, "ES"));
        Assert.Equal(SpanishTaxIdKind.Dni, TaxIds.SpanishKind(id));
    }

    [Theory]
    [InlineData("X1234567L")] // X = 0: 01234567 = 23 * 53676 + 19 → L
    [InlineData("Y1234567X")] // Y = 1: 11234567 = 23 * 488459 + 10 → X
    [InlineData("Z1234567R")] // Z = 2: 21234567 = 23 * 923242 + 1 → R
    [InlineData("x-1234567-l")]
    [InlineData("ESX1234567L")]
    public void Valid_NIE(string id)
    {
        Assert.True(TaxIds.IsValid(id, "ES"));
        Assert.Equal(SpanishTaxIdKind.Nie, TaxIds.SpanishKind(id));
    }

    [Theory]
    [InlineData("K1234567L")] // 1234567 = 23 * 53676 + 19 → L
    [InlineData("L1234567L")]
    [InlineData("M1234567L")]
    public void Valid_special_NIF(string id)
    {
        Assert.True(TaxIds.IsValid(id, "ES"));
        Assert.Equal(SpanishTaxIdKind.SpecialNif, TaxIds.SpanishKind(id));
    }

    // CIF control over digits d1..d7: even positions added as they are, odd positions doubled and their digits
    // added; control digit = (10 - total mod 10) mod 10; control letter = "JABCDEFGHI"[control digit].
    //
    // 1234567: even 2 + 4 + 6 = 12; odd 1→2, 3→6, 5→10→1, 7→14→5 = 14; total 26 → digit 4, letter D.
    // 5881850: even 8 + 1 + 5 = 14; odd 5→10→1, 8→16→7, 8→16→7, 0→0 = 15; total 29 → digit 1, letter A.
    // 2826000: even 8 + 6 + 0 = 14; odd 2→4, 2→4, 0, 0 = 8; total 22 → digit 8, letter H.
    [Theory]
    [InlineData("B12345674")] // B (limited company) takes the digit
    [InlineData("A58818501")] // A takes the digit
    [InlineData("b-1234567-4")]
    [InlineData("ESB12345674")]
    [InlineData("P1234567D")] // P (public body) takes the letter
    [InlineData("Q2826000H")] // Q takes the letter
    [InlineData("G12345674")] // G takes either
    [InlineData("G1234567D")]
    public void Valid_CIF(string id)
    {
        Assert.True(TaxIds.IsValid(id, "ES"));
        Assert.Equal(SpanishTaxIdKind.Cif, TaxIds.SpanishKind(id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("12345678A")] // wrong check letter (should be Z)
    [InlineData("12345678")] // no letter
    [InlineData("1234567Z")] // 7 digits
    [InlineData("123456789Z")] // 9 digits
    [InlineData("123456789")]
    [InlineData("1234567AZ")]
    [InlineData("X1234567A")] // wrong check letter (should be L)
    [InlineData("Y1234567L")] // letter of X, not of Y
    [InlineData("W1234567")] // too short
    [InlineData("B12345675")] // wrong control digit (should be 4)
    [InlineData("B1234567D")] // B takes the digit, not the letter
    [InlineData("A58818502")]
    [InlineData("P12345674")] // P takes the letter, not the digit
    [InlineData("Q2826000I")]
    [InlineData("I1234567D")] // I is not an organisation letter
    [InlineData("O12345674")]
    [InlineData("FR12345678Z")] // other VAT prefix
    [InlineData("12345678Ñ")]
    public void Invalid_Spanish_ids(string? id)
    {
        Assert.False(TaxIds.IsValid(id, "ES"));
        Assert.Null(TaxIds.SpanishKind(id));
    }

    [Theory]
    [InlineData("es")]
    [InlineData("ES")]
    [InlineData(" Es ")]
    public void Country_code_is_case_insensitive(string country)
    {
        Assert.True(TaxIds.IsValid("12345678Z", country));
        Assert.False(TaxIds.IsValid("12345678A", country));
    }

    [Theory]
    [InlineData("12-3456789", "US")]
    [InlineData("123456789", "US")]
    [InlineData("DE123456789", "DE")]
    [InlineData("GOMA800101ABC", "MX")]
    [InlineData("20-12345678-3", "AR")]
    [InlineData("123.456.789-09", "BR")]
    [InlineData("AB 12 34 56 C", "GB")]
    [InlineData("1234", "PT")]
    [InlineData("12345678A", null)] // not checked as Spanish without the country
    [InlineData("12345678A", "FR")]
    [InlineData("ABC-1234-XYZ-5678-90", "XX")] // exactly 20 characters
    public void Generic_ids(string id, string? country)
    {
        Assert.True(TaxIds.IsValid(id, country));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", "FR")]
    [InlineData("   ", "FR")]
    [InlineData("123", "FR")] // too short
    [InlineData("1-2-3", "FR")] // only 3 letters or digits
    [InlineData("ABCD", "FR")] // no digit
    [InlineData("ABC-1234-XYZ-5678-901", "FR")] // 21 characters
    [InlineData("1234_5678", "FR")]
    [InlineData("1234/5678", "FR")]
    [InlineData("1234@5678", "FR")]
    [InlineData("12345ñ", "FR")]
    public void Invalid_generic_ids(string? id, string? country)
    {
        Assert.False(TaxIds.IsValid(id, country));
    }

    [Theory]
    [InlineData("b-12.345.674", "B12345674")]
    [InlineData(" x 1234567 l ", "X1234567L")]
    [InlineData("12 345 678-z", "12345678Z")]
    [InlineData("de 123.456.789", "DE123456789")]
    [InlineData("", "")]
    public void Normalize_upper_cases_and_strips_separators(string id, string expected)
    {
        Assert.Equal(expected, TaxIds.Normalize(id));
    }

    [Fact]
    public void Normalize_handles_long_input()
    {
        var id = string.Concat(Enumerable.Repeat("ab-", 200));
        Assert.Equal(string.Concat(Enumerable.Repeat("AB", 200)), TaxIds.Normalize(id));
    }

    [Fact]
    public void Normalize_rejects_null()
    {
        Assert.Throws<ArgumentNullException>(() => TaxIds.Normalize(null!));
    }
}
