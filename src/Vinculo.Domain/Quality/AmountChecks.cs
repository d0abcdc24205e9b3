using System.Globalization;

namespace Vinculo.Domain.Quality;

/// <summary>The facts of an order line that the amount rules look at.</summary>
public sealed record OrderLineFacts(long Id, decimal Quantity, decimal UnitPrice, decimal Discount, decimal ReturnedQuantity);

/// <summary>An invoice with what has been paid against it (sum of its payments).</summary>
public sealed record InvoiceFacts(long Id, decimal Total, DateTime IssuedAt, DateTime DueAt, decimal PaidAmount);

/// <summary>A payment and, when it settles an invoice, that invoice's total and currency.</summary>
public sealed record PaymentFacts(long Id, decimal Amount, string Currency, decimal? InvoiceTotal = null, string? InvoiceCurrency = null);

/// <summary>A return and, when it refers to an order line, that line's quantity, net amount and currency.</summary>
public sealed record ReturnFacts(
    long Id, decimal Quantity, decimal RefundAmount, string Currency,
    decimal? LineQuantity = null, decimal? LineAmount = null, string? LineCurrency = null);

/// <summary>
/// Amount rules for commerce records: negative or absurd prices, quantities and totals, a discount larger than its
/// line, a payment larger than its invoice, a return larger than its line, mismatched currencies.
/// </summary>
/// <remarks>
/// "Absurd" means above <see cref="QualityLimits.MaxAmount"/> or <see cref="QualityLimits.MaxQuantity"/>.
/// Comparisons between amounts allow <see cref="QualityLimits.MoneyTolerance"/> for rounding.
/// </remarks>
public static class AmountChecks
{
    /// <summary>An amount that may be zero but not negative (a price, an order total, a refund).</summary>
    public static void NonNegative(ICollection<QualityIssue> issues, string entity, long? id, string field, decimal value, QualityLimits limits)
    {
        if (value < 0)
        {
            issues.Add(new QualityIssue(QualityRules.AmountNegative, entity, id, field, Text(value)));
        }
        else if (value > limits.MaxAmount)
        {
            issues.Add(new QualityIssue(QualityRules.AmountAbsurd, entity, id, field, Text(value)));
        }
    }

    /// <summary>An amount that must be above zero (an invoice total, a payment).</summary>
    public static void Positive(ICollection<QualityIssue> issues, string entity, long? id, string field, decimal value, QualityLimits limits)
    {
        if (value <= 0)
        {
            issues.Add(new QualityIssue(QualityRules.AmountNotPositive, entity, id, field, Text(value)));
        }
        else if (value > limits.MaxAmount)
        {
            issues.Add(new QualityIssue(QualityRules.AmountAbsurd, entity, id, field, Text(value)));
        }
    }

    /// <summary>A quantity that must be above zero and plausible.</summary>
    public static void Quantity(ICollection<QualityIssue> issues, string entity, long? id, string field, decimal value, QualityLimits limits)
    {
        if (value <= 0)
        {
            issues.Add(new QualityIssue(QualityRules.QuantityNotPositive, entity, id, field, Text(value)));
        }
        else if (value > limits.MaxQuantity)
        {
            issues.Add(new QualityIssue(QualityRules.QuantityAbsurd, entity, id, field, Text(value)));
        }
    }

    /// <summary>
    /// Quantity, unit price, the discount (an amount off the line: 0 ≤ discount ≤ quantity × unit price) and the
    /// quantity already returned (never more than was bought).
    /// </summary>
    public static void OrderLine(ICollection<QualityIssue> issues, OrderLineFacts line, QualityLimits limits)
    {
        Quantity(issues, "orderLine", line.Id, "quantity", line.Quantity, limits);
        NonNegative(issues, "orderLine", line.Id, "unitPrice", line.UnitPrice, limits);
        var gross = line.Quantity * line.UnitPrice;
        if (line.Discount < 0 || (line.Discount > 0 && line.Discount > Math.Max(gross, 0) + limits.MoneyTolerance))
        {
            issues.Add(new QualityIssue(QualityRules.DiscountExceedsLine, "orderLine", line.Id, "discount", $"{Text(line.Discount)} > {Text(gross)}"));
        }

        if (line.ReturnedQuantity < 0 || (line.Quantity > 0 && line.ReturnedQuantity > line.Quantity))
        {
            issues.Add(new QualityIssue(QualityRules.ReturnExceedsLine, "orderLine", line.Id, "returnedQuantity",
                $"{Text(line.ReturnedQuantity)} > {Text(line.Quantity)}"));
        }
    }

    /// <summary>The invoice total is positive and plausible, it is due on or after its issue, and it is not overpaid.</summary>
    public static void Invoice(ICollection<QualityIssue> issues, InvoiceFacts invoice, QualityLimits limits)
    {
        Positive(issues, "invoice", invoice.Id, "total", invoice.Total, limits);
        DateChecks.InOrder(issues, "invoice", invoice.Id, "issuedAt", invoice.IssuedAt, "dueAt", invoice.DueAt);
        if (invoice.Total > 0 && invoice.PaidAmount > invoice.Total + limits.MoneyTolerance)
        {
            issues.Add(new QualityIssue(QualityRules.InvoiceOverpaid, "invoice", invoice.Id, "payments",
                $"{Text(invoice.PaidAmount)} > {Text(invoice.Total)}"));
        }
    }

    /// <summary>The payment is positive and plausible and, against an invoice, neither larger than it nor in another currency.</summary>
    public static void Payment(ICollection<QualityIssue> issues, PaymentFacts payment, QualityLimits limits)
    {
        Positive(issues, "payment", payment.Id, "amount", payment.Amount, limits);
        if (payment.InvoiceTotal is { } total && payment.Amount > total + limits.MoneyTolerance)
        {
            issues.Add(new QualityIssue(QualityRules.PaymentExceedsInvoice, "payment", payment.Id, "amount", $"{Text(payment.Amount)} > {Text(total)}"));
        }

        if (payment.InvoiceCurrency is { } currency && !string.Equals(currency, payment.Currency, StringComparison.OrdinalIgnoreCase))
        {
            issues.Add(new QualityIssue(QualityRules.CurrencyMismatch, "payment", payment.Id, "currency", $"{payment.Currency} ≠ {currency}"));
        }
    }

    /// <summary>
    /// The returned quantity is positive and plausible; against an order line, neither the quantity nor the refund
    /// exceeds the line (its net amount: quantity × unit price − discount), and the currency is the line's.
    /// </summary>
    public static void Return(ICollection<QualityIssue> issues, ReturnFacts ret, QualityLimits limits)
    {
        Quantity(issues, "return", ret.Id, "quantity", ret.Quantity, limits);
        NonNegative(issues, "return", ret.Id, "refundAmount", ret.RefundAmount, limits);
        if (ret.LineQuantity is { } lineQuantity && ret.Quantity > lineQuantity)
        {
            issues.Add(new QualityIssue(QualityRules.ReturnExceedsLine, "return", ret.Id, "quantity", $"{Text(ret.Quantity)} > {Text(lineQuantity)}"));
        }

        if (ret.LineAmount is { } lineAmount && ret.RefundAmount > Math.Max(lineAmount, 0) + limits.MoneyTolerance)
        {
            issues.Add(new QualityIssue(QualityRules.ReturnExceedsLine, "return", ret.Id, "refundAmount", $"{Text(ret.RefundAmount)} > {Text(lineAmount)}"));
        }

        if (ret.LineCurrency is { } currency && !string.Equals(currency, ret.Currency, StringComparison.OrdinalIgnoreCase))
        {
            issues.Add(new QualityIssue(QualityRules.CurrencyMismatch, "return", ret.Id, "currency", $"{ret.Currency} ≠ {currency}"));
        }
    }

    /// <summary>An amount as invariant text without trailing zeros: 12.5, -3, 1000000.</summary>
    public static string Text(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
