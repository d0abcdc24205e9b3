using Vinculo.Domain.Commerce;
using Xunit;

namespace Vinculo.Domain.Tests.Commerce;

public class ReceivablesTests
{
    private static readonly DateTime Due = new(2026, 3, 31, 23, 59, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("2026-03-31T12:00:00Z", AgingBucket.Current, 0)]
    [InlineData("2026-04-01T00:00:00Z", AgingBucket.Days0To30, 1)]
    [InlineData("2026-04-30T10:00:00Z", AgingBucket.Days0To30, 30)]
    [InlineData("2026-05-01T10:00:00Z", AgingBucket.Days31To60, 31)]
    [InlineData("2026-05-30T10:00:00Z", AgingBucket.Days31To60, 60)]
    [InlineData("2026-05-31T10:00:00Z", AgingBucket.Days61To90, 61)]
    [InlineData("2026-06-29T10:00:00Z", AgingBucket.Days61To90, 90)]
    [InlineData("2026-06-30T10:00:00Z", AgingBucket.Over90, 91)]
    [InlineData("2027-03-31T10:00:00Z", AgingBucket.Over90, 365)]
    public void Buckets_follow_whole_days_past_the_due_date(string now, AgingBucket bucket, int days)
    {
        var at = DateTime.Parse(now, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
        Assert.Equal(bucket, Receivables.Bucket(Due, at));
        Assert.Equal(days, Receivables.DaysOverdue(Due, at));
    }

    [Fact]
    public void Due_later_the_same_day_is_current_and_not_overdue()
    {
        var due = new DateTime(2026, 3, 31, 18, 0, 0, DateTimeKind.Utc);
        var morning = new DateTime(2026, 3, 31, 9, 0, 0, DateTimeKind.Utc);
        Assert.Equal(AgingBucket.Current, Receivables.Bucket(due, morning));
        Assert.Equal(InvoiceStatus.Open, Receivables.Status(InvoiceStatus.Open, InvoiceKind.Invoice, due, 10m, morning));
    }

    [Fact]
    public void Overdue_is_computed_only_for_open_invoices_that_still_owe()
    {
        var after = Due.AddDays(3);
        Assert.Equal(InvoiceStatus.Overdue, Receivables.Status(InvoiceStatus.Open, InvoiceKind.Invoice, Due, 0.01m, after));
        Assert.Equal(InvoiceStatus.Open, Receivables.Status(InvoiceStatus.Open, InvoiceKind.Invoice, Due, 0m, after));
        Assert.Equal(InvoiceStatus.Paid, Receivables.Status(InvoiceStatus.Paid, InvoiceKind.Invoice, Due, 0m, after));
        Assert.Equal(InvoiceStatus.Cancelled, Receivables.Status(InvoiceStatus.Cancelled, InvoiceKind.Invoice, Due, 5m, after));
        Assert.Equal(InvoiceStatus.Open, Receivables.Status(InvoiceStatus.Open, InvoiceKind.CreditNote, Due, 5m, after));
    }

    [Fact]
    public void Partial_payments_settle_until_paid_and_never_beyond_the_total()
    {
        var (settled, status) = Receivables.Apply(100m, 0m, 40m);
        Assert.Equal((40m, InvoiceStatus.Open), (settled, status));
        (settled, status) = Receivables.Apply(100m, settled, 60m);
        Assert.Equal((100m, InvoiceStatus.Paid), (settled, status));
        Assert.Throws<ArgumentOutOfRangeException>(() => Receivables.Apply(100m, 40m, 60.01m));
        Assert.Throws<ArgumentOutOfRangeException>(() => Receivables.Apply(100m, 0m, 0m));
        Assert.Throws<ArgumentOutOfRangeException>(() => Receivables.Apply(100m, 0m, -1m));
    }

    [Fact]
    public void Aging_adds_into_buckets_and_totals()
    {
        var aging = Aging.Zero.Add(AgingBucket.Current, 10m).Add(AgingBucket.Days0To30, 1.5m).Add(AgingBucket.Over90, 100m)
            .Add(AgingBucket.Days61To90, 2m).Add(AgingBucket.Days31To60, 3m);
        Assert.Equal(106.5m, aging.Overdue);
        Assert.Equal(116.5m, aging.Total);
    }
}

public class MoneyTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("2.55", 25_500L)]
    [InlineData("-0.0001", -1L)]
    [InlineData("1234567.8912", 12_345_678_912L)]
    public void Scaled_storage_round_trips_four_decimals(string text, long scaled)
    {
        var amount = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(scaled, Money4.ToScaled(amount));
        Assert.Equal(amount, Money4.FromScaled(scaled));
        Assert.True(Money4.IsStorable(amount));
    }

    [Fact]
    public void Amounts_beyond_four_decimals_or_the_range_are_not_storable()
    {
        Assert.False(Money4.IsStorable(0.00001m));
        Assert.False(Money4.IsStorable(Money4.Max + 1));
        Assert.Throws<OverflowException>(() => Money4.ToScaled(decimal.MaxValue));
    }

    [Theory]
    [InlineData(3, "2.55", "0", "7.65")]
    [InlineData(2, "10", "2.5", "17.5")]
    [InlineData(-6, "2.10", "0", "-12.60")]
    public void Line_net_is_quantity_times_price_less_discount(int quantity, string price, string discount, string net)
    {
        var p = decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture);
        var d = decimal.Parse(discount, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(decimal.Parse(net, System.Globalization.CultureInfo.InvariantCulture), CommerceMath.LineNet(quantity, p, d));
    }

    [Theory]
    [InlineData("EUR", true)]
    [InlineData("GBP", true)]
    [InlineData("eur", false)]
    [InlineData("EU", false)]
    [InlineData(null, false)]
    [InlineData("€UR", false)]
    public void Currency_codes_are_three_upper_case_letters(string? code, bool valid) =>
        Assert.Equal(valid, CommerceMath.IsCurrencyCode(code));

    [Fact]
    public void Cents_round_half_away_from_zero() =>
        Assert.Equal((0.13m, -0.13m), (CommerceMath.Cents(0.125m), CommerceMath.Cents(-0.125m)));
}
