using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Core.Storage;
using Vinculo.Domain.Commerce;

namespace Vinculo.Core.Commerce.Billing;

/// <summary>Payments received: applied to an invoice (partially or in full) or kept as money on account.</summary>
public sealed class PaymentService(VinculoDb db, TimeProvider clock)
{
    public const int MaxReference = 200;
    private const int Attempts = 3;

    private DateTime Now => Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);

    /// <summary>Payments newest first: of a customer, of an invoice, or all (by id).</summary>
    public async Task<Page<PaymentDto>> List(PaymentQuery query, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, 50);
        var after = BillingInputs.TimeCursor(query.Cursor, errors);
        errors.ThrowIfInvalid();

        var q = db.Payments.AsNoTracking();
        if (query.CustomerId is { } customerId)
        {
            q = q.Where(p => p.CustomerId == customerId);
        }

        if (query.InvoiceId is { } invoiceId)
        {
            q = q.Where(p => p.InvoiceId == invoiceId);
        }

        List<Payment> rows;
        if (query.CustomerId is not null || query.InvoiceId is not null)
        {
            if (after is { } a)
            {
                q = q.Where(p => p.PaidAt < a.At || (p.PaidAt == a.At && p.Id < a.Id));
            }

            rows = await q.OrderByDescending(p => p.PaidAt).ThenByDescending(p => p.Id).Take(limit + 1).ToListAsync(ct);
        }
        else
        {
            if (after is { } a)
            {
                q = q.Where(p => p.Id < a.Id);
            }

            rows = await q.OrderByDescending(p => p.Id).Take(limit + 1).ToListAsync(ct);
        }

        var hasMore = rows.Count > limit;
        rows = rows.Take(limit).ToList();
        var invoiceIds = rows.Where(p => p.InvoiceId is not null).Select(p => p.InvoiceId!.Value).Distinct().ToList();
        var numbers = invoiceIds.Count == 0
            ? []
            : await db.Invoices.AsNoTracking().Where(i => invoiceIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Number, ct);
        var items = rows.Select(p => ToDto(p, p.InvoiceId is { } id ? numbers.GetValueOrDefault(id) : null)).ToList();
        return new Page<PaymentDto>(items, hasMore ? BillingInputs.EncodeTimeCursor(items[^1].PaidAt, items[^1].Id) : null);
    }

    public async Task<PaymentDto?> Get(long id, CancellationToken ct = default)
    {
        var payment = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (payment is null)
        {
            return null;
        }

        var number = payment.InvoiceId is { } invoiceId
            ? await db.Invoices.Where(i => i.Id == invoiceId).Select(i => i.Number).FirstOrDefaultAsync(ct)
            : null;
        return ToDto(payment, number);
    }

    /// <summary>
    /// Records a payment. Applied to an invoice it raises what is settled (the invoice is paid when nothing is left); it can be
    /// partial but never more than the invoice still owes. A payment that races another one on the same invoice is re-checked.
    /// </summary>
    public async Task<PaymentDto> Record(PaymentInput input, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryRecord(input, ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < Attempts)
            {
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new ConflictException("The invoice kept changing while the payment was recorded. Try again.");
            }
        }
    }

    private async Task<PaymentDto> TryRecord(PaymentInput input, CancellationToken ct)
    {
        var now = Now;
        var errors = new ValidationErrors();
        if (input.CustomerId is null)
        {
            errors.Add("customerId", "Required.");
        }
        else if (!await db.Customers.AnyAsync(c => c.Id == input.CustomerId, ct))
        {
            errors.Add("customerId", "No customer with this id.");
        }

        var method = CustomerInputMapper.ParseEnum(input.Method, "method", PaymentMethod.Other, errors, required: true);
        var paidAt = BillingInputs.NotFuture(input.PaidAt, now, "paidAt", errors) ?? now;
        var amount = BillingInputs.PositiveMoney(input.Amount, "amount", errors);
        var currency = BillingInputs.Currency(input.Currency, "currency", errors);
        var reference = CustomerInputMapper.Text(input.Reference, "reference", MaxReference, errors);

        Invoice? invoice = null;
        if (input.InvoiceId is { } invoiceId)
        {
            invoice = await db.Invoices.FirstOrDefaultAsync(i => i.Id == invoiceId, ct);
            if (invoice is null)
            {
                errors.Add("invoiceId", "No invoice with this id.");
            }
            else if (input.CustomerId is not null && invoice.CustomerId != input.CustomerId)
            {
                errors.Add("invoiceId", "The invoice belongs to another customer.");
            }
            else if (invoice.Kind != InvoiceKind.Invoice)
            {
                errors.Add("invoiceId", "A credit note does not take payments.");
            }
            else if (invoice.Status != InvoiceStatus.Open)
            {
                errors.Add("invoiceId", $"The invoice is {EnumText.Camel(invoice.Status)}; only open invoices take payments.");
            }
            else
            {
                if (currency is not null && currency != invoice.Currency)
                {
                    errors.Add("currency", $"The payment must be in the invoice's currency ({invoice.Currency}).");
                }

                if (amount > invoice.Outstanding)
                {
                    errors.Add("amount", $"The invoice still owes {BillingInputs.Show(invoice.Outstanding, invoice.Currency)}; the payment cannot be more.");
                }
            }
        }

        errors.ThrowIfInvalid();
        var payment = new Payment
        {
            CustomerId = input.CustomerId!.Value,
            InvoiceId = invoice?.Id,
            Method = method,
            PaidAt = paidAt,
            Amount = amount!.Value,
            Currency = invoice?.Currency ?? currency ?? "EUR",
            Reference = reference,
            CreatedAt = now,
        };
        if (invoice is not null)
        {
            var (settled, status) = Receivables.Apply(invoice.Total, invoice.Settled, payment.Amount);
            invoice.Settled = settled;
            invoice.Status = status;
            invoice.Version++;
            invoice.UpdatedAt = now;
        }

        db.Payments.Add(payment);
        // One SaveChanges: the payment and the invoice's new settled amount are written together or not at all.
        await db.SaveChangesAsync(ct);
        return ToDto(payment, invoice?.Number);
    }

    public static PaymentDto ToDto(Payment p, string? invoiceNumber) =>
        new(p.Id, p.CustomerId, p.InvoiceId, invoiceNumber, p.Method, p.PaidAt, p.Amount, p.Currency, p.Reference, p.CreatedAt);
}
