using Vinculo.Domain.Quality;

namespace Vinculo.Domain.Tests.Quality;

public class AddressAndPostalCodeTests
{
    [Theory]
    [InlineData("C/ Mayor, nº 1, 3º B", "calle mayor 1 3 b")]
    [InlineData("Calle Mayor 1 3 B", "calle mayor 1 3 b")]
    [InlineData("CL MAYOR, NÚM. 1 - 3ºB", "calle mayor 1 3 b")]
    [InlineData("Calle Mayor 10B", "calle mayor 10 b")]
    [InlineData("Avda. de la Constitución, 12, 2ª izqda.", "avenida de la constitucion 12 2 izquierda")]
    [InlineData("Pº de Gracia 21", "paseo de gracia 21")]
    [InlineData("Pza. España 3", "plaza espana 3")]
    [InlineData("10 Downing St", "10 downing street")]
    [InlineData("Calle Alta 5, 1º C", "calle alta 5 1 c")] // a door letter C is not a street type
    [InlineData("", "")]
    public void Address_lines_reduce_to_a_comparable_key(string line, string key) => Assert.Equal(key, AddressKeys.Line(line));

    [Theory]
    [InlineData("28013", "ES")]
    [InlineData(" 01001 ", "es")]
    [InlineData("52001", "ES")]
    [InlineData("1000-001", "PT")]
    [InlineData("1000 001", "PT")]
    [InlineData("75008", "FR")]
    [InlineData("10115", "DE")]
    [InlineData("90210", "US")]
    [InlineData("90210-1234", "US")]
    [InlineData("SW1A 1AA", "GB")]
    [InlineData("sw1a1aa", "GB")]
    [InlineData("M1 1AE", "GB")]
    [InlineData("EC1A 1BB", "GB")]
    [InlineData("D02 X285", "IE")] // generic rule
    [InlineData("C1425", "AR")]
    public void Valid_postal_codes(string code, string country) => Assert.True(PostalCodes.IsValid(code, country));

    [Theory]
    [InlineData("2801", "ES")]
    [InlineData("280130", "ES")]
    [InlineData("60001", "ES")]
    [InlineData("1000", "PT")]
    [InlineData("7500", "FR")]
    [InlineData("9021", "US")]
    [InlineData("SW1A", "GB")]
    [InlineData("1AA SW1", "GB")]
    [InlineData("ABCDE", "IE")] // no digit
    [InlineData("12", "IE")]
    [InlineData("", "ES")]
    public void Invalid_postal_codes(string code, string country) => Assert.False(PostalCodes.IsValid(code, country));

    [Fact]
    public void Postal_codes_normalise_for_comparison()
    {
        Assert.Equal("SW1A1AA", PostalCodes.Normalize(" sw1a 1aa "));
        Assert.Equal("1000001", PostalCodes.Normalize("1000-001"));
        Assert.Equal("", PostalCodes.Normalize(null));
    }
}
