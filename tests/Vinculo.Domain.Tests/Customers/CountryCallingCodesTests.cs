using Vinculo.Domain.Customers;

namespace Vinculo.Domain.Tests.Customers;

public class CountryCallingCodesTests
{
    [Fact]
    public void Codes_are_unique_digit_strings_of_one_to_three_digits()
    {
        Assert.Equal(CountryCallingCodes.All.Count, CountryCallingCodes.All.Distinct().Count());
        Assert.All(CountryCallingCodes.All, code =>
        {
            Assert.InRange(code.Length, 1, 3);
            Assert.NotEqual('0', code[0]);
            Assert.True(code.All(char.IsAsciiDigit));
        });
    }

    [Fact]
    public void Codes_are_prefix_free_so_longest_prefix_is_unambiguous()
    {
        foreach (var code in CountryCallingCodes.All)
        {
            foreach (var other in CountryCallingCodes.All)
            {
                if (code != other)
                {
                    Assert.False(other.StartsWith(code, StringComparison.Ordinal), $"{code} is a prefix of {other}");
                }
            }
        }
    }

    [Theory]
    [InlineData("1")]
    [InlineData("7")]
    [InlineData("20")]
    [InlineData("27")]
    [InlineData("30")]
    [InlineData("34")]
    [InlineData("44")]
    [InlineData("49")]
    [InlineData("52")]
    [InlineData("54")]
    [InlineData("55")]
    [InlineData("56")]
    [InlineData("57")]
    [InlineData("351")]
    [InlineData("352")]
    [InlineData("376")]
    [InlineData("383")]
    [InlineData("502")]
    [InlineData("593")]
    [InlineData("598")]
    [InlineData("800")]
    [InlineData("998")]
    public void Well_known_codes_are_present(string code)
    {
        Assert.Contains(code, CountryCallingCodes.All);
    }

    [Theory]
    [InlineData("34600123456", 2, 34)]
    [InlineData("14155552671", 1, 1)]
    [InlineData("79161234567", 1, 7)]
    [InlineData("351912345678", 3, 351)]
    [InlineData("998901234567", 3, 998)]
    [InlineData("2079460018", 2, 20)]
    [InlineData("212600000000", 3, 212)]
    public void Match_finds_the_code(string digits, int expectedLength, int expectedCode)
    {
        Assert.Equal(expectedLength, CountryCallingCodes.Match(digits, out var code));
        Assert.Equal(expectedCode, code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("034600123456")]
    [InlineData("28123456")] // 28x is unassigned
    [InlineData("999123456")]
    [InlineData("2")]
    [InlineData("35")]
    public void Match_rejects_unassigned_prefixes(string digits)
    {
        Assert.Equal(0, CountryCallingCodes.Match(digits, out _));
    }

    [Theory]
    [InlineData("34", 34)]
    [InlineData("+34", 34)]
    [InlineData(" 1 ", 1)]
    [InlineData("351", 351)]
    [InlineData("", -1)]
    [InlineData("+", -1)]
    [InlineData("034", -1)]
    [InlineData("3a", -1)]
    [InlineData("1234", -1)]
    [InlineData("999", -1)]
    public void ParseDefault(string text, int expected)
    {
        Assert.Equal(expected, CountryCallingCodes.ParseDefault(text));
    }

    [Theory]
    [InlineData(44, true)]
    [InlineData(49, true)]
    [InlineData(33, true)]
    [InlineData(54, true)]
    [InlineData(34, false)]
    [InlineData(39, false)]
    [InlineData(1, false)]
    [InlineData(351, false)]
    public void Trunk_zero_countries(int code, bool expected)
    {
        Assert.Equal(expected, CountryCallingCodes.UsesTrunkZero(code));
    }
}
