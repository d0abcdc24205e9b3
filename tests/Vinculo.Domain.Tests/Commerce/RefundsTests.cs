using Vinculo.Domain.Commerce;

namespace Vinculo.Domain.Tests.Commerce;

public class RefundsTests
{
    [Theory]
    [InlineData(3, "10", "1", 1, "9.67")]
    [InlineData(3, "10", "1", 2, "19.33")]
    [InlineData(3, "10", "1", 3, "29")]
    [InlineData(2, "19.99", "0", 1, "19.99")]
    [InlineData(4, "2.5", "0.02", 1, "2.5")]
    [InlineData(3, "0.005", "0", 1, "0.01")]
    [InlineData(1, "5", "10", 1, "0")]
    [InlineData(0, "5", "0", 1, "0")]
    [InlineData(2, "5", "0", 0, "0")]
    public void The_share_is_the_lines_net_per_unit_rounded_to_cents(int quantity, string unitPrice, string discount, int units, string expected)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        Assert.Equal(decimal.Parse(expected, inv), Refunds.Share(quantity, decimal.Parse(unitPrice, inv), decimal.Parse(discount, inv), units));
    }
}
