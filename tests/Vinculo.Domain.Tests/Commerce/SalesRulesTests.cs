using Vinculo.Domain.Commerce;

namespace Vinculo.Domain.Tests.Commerce;

public class SalesRulesTests
{
    [Theory]
    [InlineData("FIB-600", true)]
    [InlineData("85123A", true)]
    [InlineData("a", true)]
    [InlineData("", false)]
    [InlineData("FIB 600", false)]
    [InlineData("FIB\t600", false)]
    [InlineData("FIB\u0001", false)]
    public void Sku_shape(string sku, bool valid) => Assert.Equal(valid, CatalogRules.IsValidSku(sku));

    [Fact]
    public void A_sku_is_at_most_64_characters()
    {
        Assert.True(CatalogRules.IsValidSku(new string('X', 64)));
        Assert.False(CatalogRules.IsValidSku(new string('X', 65)));
        Assert.False(CatalogRules.IsValidSku(null));
    }

    [Fact]
    public void Search_text_folds_the_sku_and_both_names()
    {
        Assert.Equal("fib-600 fibra optica 600 mb fibre 600 mb", CatalogRules.SearchText(" FIB-600 ", "Fibra Óptica 600 Mb", "Fibre 600 Mb"));
        Assert.Equal("x cancion song", CatalogRules.SearchText("X", "Canción", "Song"));
    }

    [Fact]
    public void Query_words_are_folded_distinct_and_at_most_eight()
    {
        Assert.Equal(["cancion", "fib-600"], CatalogRules.QueryWords("  CANCIÓN  fib-600 canción "));
        Assert.Empty(CatalogRules.QueryWords("   "));
        Assert.Empty(CatalogRules.QueryWords(null));
        Assert.Equal(8, CatalogRules.QueryWords("a b c d e f g h i j").Count);
    }

    [Theory]
    [InlineData(OrderStatus.Placed, new[] { OrderStatus.Paid, OrderStatus.Cancelled })]
    [InlineData(OrderStatus.Paid, new[] { OrderStatus.Shipped, OrderStatus.Cancelled })]
    [InlineData(OrderStatus.Shipped, new[] { OrderStatus.Delivered })]
    [InlineData(OrderStatus.Delivered, new OrderStatus[0])]
    [InlineData(OrderStatus.Cancelled, new OrderStatus[0])]
    public void Next_statuses_follow_the_order_workflow(OrderStatus from, OrderStatus[] expected)
    {
        Assert.Equal(expected, OrderFlow.NextStatuses(from));
        Assert.Equal(expected.Length == 0, OrderFlow.IsFinal(from));
        foreach (var to in Enum.GetValues<OrderStatus>())
        {
            Assert.Equal(expected.Contains(to), CommerceRules.CanMove(from, to));
        }
    }

    [Fact]
    public void Local_numbers_carry_the_year_and_the_zero_padded_id()
    {
        var at = new DateTime(2026, 3, 5, 10, 0, 0, DateTimeKind.Utc);
        Assert.Equal("2026-000042", OrderFlow.LocalNumber(42, at));
        Assert.Equal("2026-1234567", OrderFlow.LocalNumber(1_234_567, at));
    }

    [Fact]
    public void Order_total_is_the_sum_of_the_line_nets()
    {
        Assert.Equal(52.5m, OrderFlow.Total([(2, 10m, 0m), (3, 12.5m, 5m)]));
        Assert.Equal(0m, OrderFlow.Total([(1, 10m, 10m)]));
        Assert.Equal(0m, OrderFlow.Total([]));
    }

    [Theory]
    [InlineData(0, 10, 0)]
    [InlineData(-1, 10, 0)]
    [InlineData(1, -0.01, 0)]
    [InlineData(1, 10, -1)]
    [InlineData(2, 10, 20.0001)]
    public void An_invalid_line_has_no_total(int quantity, double unitPrice, double discount)
    {
        Assert.False(OrderFlow.IsValidLine(quantity, (decimal)unitPrice, (decimal)discount));
        Assert.Null(OrderFlow.Total([(quantity, (decimal)unitPrice, (decimal)discount)]));
    }
}
