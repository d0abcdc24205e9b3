using Vinculo.Domain.Quality;

namespace Vinculo.Domain.Tests.Quality;

public class AmountAndDateChecksTests
{
    private static readonly QualityLimits Limits = QualityLimits.Default;
    private static readonly DateTime Now = new(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc);

    private static List<QualityIssue> Run(Action<List<QualityIssue>> check)
    {
        var issues = new List<QualityIssue>();
        check(issues);
        return issues;
    }

    [Fact]
    public void A_normal_order_line_passes()
    {
        Assert.Empty(Run(i => AmountChecks.OrderLine(i, new OrderLineFacts(1, 3, 9.99m, 5m, 1), Limits)));
        // A free gift: price 0, no discount.
        Assert.Empty(Run(i => AmountChecks.OrderLine(i, new OrderLineFacts(1, 1, 0m, 0m, 0), Limits)));
    }

    [Fact]
    public void Negative_price_and_zero_or_negative_quantity_are_errors()
    {
        var issues = Run(i => AmountChecks.OrderLine(i, new OrderLineFacts(7, -2, -1.5m, 0m, 0), Limits));
        Assert.Equal([QualityRules.QuantityNotPositive, QualityRules.AmountNegative], issues.Select(x => x.Rule));
        Assert.Equal(["quantity", "unitPrice"], issues.Select(x => x.Field));
        Assert.Equal(["-2", "-1.5"], issues.Select(x => x.Value));
        Assert.All(issues, x => Assert.Equal(("orderLine", 7L), (x.Entity, x.EntityId!.Value)));
    }

    [Fact]
    public void Absurd_price_and_quantity_are_warnings()
    {
        var issues = Run(i => AmountChecks.OrderLine(i, new OrderLineFacts(1, 80_995, 2_000_000m, 0m, 0), Limits));
        Assert.Equal([QualityRules.QuantityAbsurd, QualityRules.AmountAbsurd], issues.Select(x => x.Rule));
        Assert.All(issues, x => Assert.Equal(QualitySeverity.Warning, x.Severity));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(30.02)] // 3 × 10 = 30, beyond the 0.01 rounding allowance
    public void A_negative_discount_or_one_above_the_line_is_an_error(double discount) =>
        Assert.Equal([QualityRules.DiscountExceedsLine],
            Run(i => AmountChecks.OrderLine(i, new OrderLineFacts(1, 3, 10m, (decimal)discount, 0), Limits)).Select(x => x.Rule));

    [Fact]
    public void A_discount_of_the_whole_line_is_fine() =>
        Assert.Empty(Run(i => AmountChecks.OrderLine(i, new OrderLineFacts(1, 3, 10m, 30.01m, 0), Limits)));

    [Fact]
    public void More_returned_than_bought_is_an_error() =>
        Assert.Equal([QualityRules.ReturnExceedsLine],
            Run(i => AmountChecks.OrderLine(i, new OrderLineFacts(1, 2, 10m, 0m, 3), Limits)).Select(x => x.Rule));

    [Fact]
    public void A_payment_larger_than_its_invoice_or_in_another_currency()
    {
        Assert.Empty(Run(i => AmountChecks.Payment(i, new PaymentFacts(1, 100.004m, "EUR", 100m, "EUR"), Limits)));
        var issues = Run(i => AmountChecks.Payment(i, new PaymentFacts(1, 120m, "USD", 100m, "EUR"), Limits));
        Assert.Equal([QualityRules.PaymentExceedsInvoice, QualityRules.CurrencyMismatch], issues.Select(x => x.Rule));
        Assert.Equal("120 > 100", issues[0].Value);
    }

    [Fact]
    public void A_zero_or_negative_payment_is_an_error_and_needs_no_invoice() =>
        Assert.Equal([QualityRules.AmountNotPositive],
            Run(i => AmountChecks.Payment(i, new PaymentFacts(1, 0m, "EUR"), Limits)).Select(x => x.Rule));

    [Fact]
    public void An_overpaid_invoice_and_one_due_before_it_was_issued()
    {
        var issued = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.Empty(Run(i => AmountChecks.Invoice(i, new InvoiceFacts(1, 100m, issued, issued.AddDays(30), 100m), Limits)));
        var issues = Run(i => AmountChecks.Invoice(i, new InvoiceFacts(1, 100m, issued, issued.AddDays(-1), 150m), Limits));
        Assert.Equal([QualityRules.DatesOutOfOrder, QualityRules.InvoiceOverpaid], issues.Select(x => x.Rule));
        Assert.Equal("dueAt", issues[0].Field);
    }

    [Fact]
    public void A_return_larger_than_its_line_in_quantity_or_refund_or_currency()
    {
        Assert.Empty(Run(i => AmountChecks.Return(i, new ReturnFacts(1, 2, 19.98m, "EUR", 2, 19.98m, "EUR"), Limits)));
        var issues = Run(i => AmountChecks.Return(i, new ReturnFacts(1, 3, 50m, "GBP", 2, 19.98m, "EUR"), Limits));
        Assert.Equal([QualityRules.ReturnExceedsLine, QualityRules.ReturnExceedsLine, QualityRules.CurrencyMismatch], issues.Select(x => x.Rule));
        Assert.Equal(["quantity", "refundAmount", "currency"], issues.Select(x => x.Field));
    }

    [Fact]
    public void A_return_of_a_guest_order_without_a_line_checks_only_its_own_amounts() =>
        Assert.Equal([QualityRules.QuantityNotPositive, QualityRules.AmountNegative],
            Run(i => AmountChecks.Return(i, new ReturnFacts(1, 0, -5m, "EUR"), Limits)).Select(x => x.Rule));

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("1900-01-01")]
    [InlineData("1970-01-01")]
    public void Placeholder_dates_are_too_old(string date)
    {
        var value = DateTime.SpecifyKind(DateTime.Parse(date, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);
        var issue = Assert.Single(Run(i => DateChecks.Event(i, "order", 1, "orderedAt", value, Now, Limits)));
        Assert.Equal(QualityRules.DateTooOld, issue.Rule);
        Assert.Equal(date, issue.Value);
    }

    [Fact]
    public void Event_dates_beyond_a_day_ahead_are_in_the_future_but_due_dates_may_be()
    {
        Assert.Empty(Run(i => DateChecks.Event(i, "order", 1, "orderedAt", Now.AddHours(23), Now, Limits)));
        Assert.Equal(QualityRules.DateInFuture, Assert.Single(Run(i => DateChecks.Event(i, "order", 1, "orderedAt", Now.AddDays(2), Now, Limits))).Rule);
        Assert.Empty(Run(i => DateChecks.NotTooOld(i, "invoice", 1, "dueAt", Now.AddYears(1), Limits)));
        Assert.Empty(Run(i => DateChecks.Event(i, "order", 1, "orderedAt", null, Now, Limits)));
    }

    [Fact]
    public void Limits_can_be_changed()
    {
        var strict = Limits with { MaxAmount = 500m };
        Assert.Equal([QualityRules.AmountAbsurd], Run(i => AmountChecks.NonNegative(i, "order", 1, "total", 600m, strict)).Select(x => x.Rule));
    }
}
