using Vinculo.Core.Commerce.AfterSales;
using Vinculo.Core.Commerce.Billing;
using Vinculo.Core.Common;
using Vinculo.Web.Components.Shared;

namespace Vinculo.Web.Components.Commerce.Billing;

// The forms of the billing and after-sales pages post plain text; each turns it into the use case's input, reporting what
// cannot even be read (a number that is not one) against the same field keys the use cases use.

public sealed class PaymentForm
{
    /// <summary>The invoice's id, or empty for money on account.</summary>
    public string? InvoiceId { get; set; }
    public string? Amount { get; set; }
    public string? Method { get; set; } = "transfer";
    public string? PaidOn { get; set; }
    public string? Reference { get; set; }
    public string? Currency { get; set; }

    public (PaymentInput Input, Dictionary<string, string[]> Errors) ToInput(long customerId, TimeZoneInfo zone)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        long? invoiceId = long.TryParse(InvoiceId, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
        var amount = BillingText.Amount(Amount, "amount", errors);
        var paidOn = BillingText.Date(PaidOn, "paidAt", errors);
        if (amount is null && !errors.ContainsKey("amount"))
        {
            errors["amount"] = ["Required: an amount greater than zero."];
        }

        return (new PaymentInput
        {
            CustomerId = customerId,
            InvoiceId = invoiceId,
            Amount = amount,
            Method = Method,
            PaidAt = paidOn is { } d ? BillingText.MomentOf(d, zone) : null,
            Reference = Reference,
            Currency = invoiceId is null ? Currency : null,
        }, errors);
    }
}

public sealed class InvoiceForm
{
    public string? Total { get; set; }
    public string? Currency { get; set; } = "EUR";
    public string? IssuedOn { get; set; }
    public string? DueOn { get; set; }
    public string? Number { get; set; }

    public (InvoiceInput Input, Dictionary<string, string[]> Errors) ToInput(long customerId, TimeZoneInfo zone)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var total = BillingText.Amount(Total, "total", errors);
        var issued = BillingText.Date(IssuedOn, "issuedAt", errors);
        var due = BillingText.Date(DueOn, "dueAt", errors);
        return (new InvoiceInput
        {
            CustomerId = customerId,
            Total = total,
            Currency = Currency,
            IssuedAt = issued is { } i ? BillingText.MomentOf(i, zone) : null,
            DueAt = due is { } d ? BillingText.EndOfDay(d, zone) : null,
            Number = Number,
        }, errors);
    }
}

public sealed class CreditNoteForm
{
    public string? Amount { get; set; }
    public long? Version { get; set; }

    public (CreditNoteInput Input, Dictionary<string, string[]> Errors) ToInput()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var amount = BillingText.Amount(Amount, "amount", errors);
        if (amount is null && !errors.ContainsKey("amount"))
        {
            errors["amount"] = ["Required: an amount greater than zero."];
        }

        return (new CreditNoteInput(amount), errors);
    }
}

/// <summary>A workflow step of a return or a claim, with the version it was read at.</summary>
public sealed class StatusForm
{
    public string? Status { get; set; }
    public string? Resolution { get; set; }
    public long? Version { get; set; }
}

public sealed class ReturnForm
{
    public string? OrderLineId { get; set; }
    public string? Quantity { get; set; } = "1";
    public string? Reason { get; set; }
    public string? Note { get; set; }
    public string? RefundAmount { get; set; }
    public string? Channel { get; set; } = "phone";

    public (ReturnInput Input, Dictionary<string, string[]> Errors) ToInput()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        long? line = long.TryParse(OrderLineId, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
        var quantity = BillingText.Whole(Quantity, "quantity", errors);
        var refund = BillingText.Amount(RefundAmount, "refundAmount", errors);
        return (new ReturnInput { OrderLineId = line, Quantity = quantity, Reason = Reason, Note = Note, RefundAmount = refund, Channel = Channel }, errors);
    }
}

public sealed class ClaimForm
{
    public string? OrderLineId { get; set; }
    public string? Description { get; set; }
    public string? Channel { get; set; } = "phone";

    public WarrantyClaimInput ToInput() => new()
    {
        OrderLineId = long.TryParse(OrderLineId, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null,
        Description = Description,
        Channel = Channel,
    };
}

internal static class FormErrors
{
    /// <summary>What the form could not read, else what the use case refused.</summary>
    public static FieldErrors From(Dictionary<string, string[]> local, ValidationException? e = null)
    {
        var all = new Dictionary<string, string[]>(local, StringComparer.OrdinalIgnoreCase);
        if (e is not null)
        {
            foreach (var (key, messages) in e.Errors)
            {
                all.TryAdd(key, messages);
            }
        }

        return new FieldErrors(all);
    }
}
