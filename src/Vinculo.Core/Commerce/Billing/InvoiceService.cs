using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Core.Storage;
using Vinculo.Domain.Commerce;

namespace Vinculo.Core.Commerce.Billing;

/// <summary>Invoices and credit notes: issue, list, read with what was applied, cancel, credit.</summary>
public sealed class InvoiceService(VinculoDb db, TimeProvider clock)
{
    public const int MaxNumber = 40;
    public const int DefaultTermDays = 30;

    private DateTime Now => Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);

    /// <summary>
    /// A customer's invoices newest first (by issue date), or all invoices newest first (by id) when no customer is given.
    /// </summary>
    public async Task<Page<InvoiceSummary>> List(InvoiceQuery query, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, 50);
        InvoiceStatus? status = string.IsNullOrWhiteSpace(query.Status)
            ? null
            : CustomerInputMapper.ParseEnum(query.Status, "status", InvoiceStatus.Open, errors);
        var after = BillingInputs.TimeCursor(query.Cursor, errors);
        DateTime? from = query.From is { } f ? BillingInputs.Utc(f) : null;
        DateTime? to = query.To is { } t ? BillingInputs.Utc(t) : null;
        if (from is not null && to is not null && to < from)
        {
            errors.Add("to", "Must not be before from.");
        }

        errors.ThrowIfInvalid();
        var now = Now;
        var q = db.Invoices.AsNoTracking();
        if (query.CustomerId is { } customerId)
        {
            q = q.Where(i => i.CustomerId == customerId);
        }

        q = status switch
        {
            InvoiceStatus.Open => q.Where(i => i.Status == InvoiceStatus.Open && i.DueAt >= now),
            InvoiceStatus.Overdue => q.Where(i => i.Status == InvoiceStatus.Open && i.Kind == InvoiceKind.Invoice && i.DueAt < now),
            { } stored => q.Where(i => i.Status == stored),
            null => q,
        };
        if (from is not null)
        {
            q = q.Where(i => i.IssuedAt >= from);
        }

        if (to is not null)
        {
            q = q.Where(i => i.IssuedAt < to);
        }

        List<Invoice> rows;
        if (query.CustomerId is not null)
        {
            // ix_invoices_customer_time: (customer_id, issued_at, id).
            if (after is { } a)
            {
                q = q.Where(i => i.IssuedAt < a.At || (i.IssuedAt == a.At && i.Id < a.Id));
            }

            rows = await q.OrderByDescending(i => i.IssuedAt).ThenByDescending(i => i.Id).Take(limit + 1).ToListAsync(ct);
        }
        else
        {
            // Across customers the primary key orders the list, so a page never sorts the whole table.
            if (after is { } a)
            {
                q = q.Where(i => i.Id < a.Id);
            }

            rows = await q.OrderByDescending(i => i.Id).Take(limit + 1).ToListAsync(ct);
        }

        var hasMore = rows.Count > limit;
        var items = rows.Take(limit).Select(i => Summary(i, now)).ToList();
        return new Page<InvoiceSummary>(items, hasMore ? BillingInputs.EncodeTimeCursor(items[^1].IssuedAt, items[^1].Id) : null);
    }

    /// <summary>The customer's invoices that still owe something (overdue or not), oldest due first: what a payment can go to.</summary>
    public async Task<IReadOnlyList<InvoiceSummary>> Unpaid(long customerId, int limit = Cursor.MaxLimit, CancellationToken ct = default)
    {
        var now = Now;
        // ix_invoices_open: (customer_id, currency, due_at, ...) WHERE status = open; a customer has few, so the sort is cheap.
        var rows = await db.Invoices.AsNoTracking()
            .Where(i => i.CustomerId == customerId && i.Status == InvoiceStatus.Open && i.Kind == InvoiceKind.Invoice)
            .OrderBy(i => i.DueAt).ThenBy(i => i.Id).Take(limit).ToListAsync(ct);
        return rows.Select(i => Summary(i, now)).ToList();
    }

    public async Task<InvoiceDto?> Get(long id, CancellationToken ct = default)
    {
        var invoice = await db.Invoices.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        return invoice is null ? null : await Dto(invoice, ct);
    }

    /// <summary>Issues an invoice.</summary>
    /// <exception cref="ConflictException">The number is taken, or the order is already invoiced.</exception>
    public async Task<InvoiceDto> Create(InvoiceInput input, CancellationToken ct = default)
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

        var number = Number(input.Number, "number", errors);
        var issuedAt = input.IssuedAt is { } issued ? BillingInputs.Utc(issued) : now;
        var dueAt = input.DueAt is { } due ? BillingInputs.Utc(due) : issuedAt.AddDays(DefaultTermDays);
        if (dueAt < issuedAt)
        {
            errors.Add("dueAt", "The due date cannot be before the issue date.");
        }

        var currency = BillingInputs.Currency(input.Currency, "currency", errors);
        var total = input.Total is null ? null : BillingInputs.PositiveMoney(input.Total, "total", errors);
        var invalidTotal = input.Total is not null && total is null;
        // When the order or contract named is unusable, that is the error to report, not a missing total.
        var badSource = false;

        if (input.OrderId is { } orderId)
        {
            var order = await db.Orders.AsNoTracking().Where(o => o.Id == orderId)
                .Select(o => new { o.CustomerId, o.Total, o.Currency, o.Status }).FirstOrDefaultAsync(ct);
            if (order is null)
            {
                errors.Add("orderId", "No order with this id.");
                badSource = true;
            }
            else
            {
                if (input.CustomerId is not null && order.CustomerId != input.CustomerId)
                {
                    errors.Add("orderId", "The order belongs to another customer.");
                }

                if (order.Status == OrderStatus.Cancelled)
                {
                    errors.Add("orderId", "The order is cancelled.");
                }

                if (order.Total <= 0)
                {
                    errors.Add("orderId", "The order's total is zero; there is nothing to invoice.");
                }

                if (total is not null && total != order.Total)
                {
                    errors.Add("total", $"An order's invoice is for the order's total ({BillingInputs.Show(order.Total, order.Currency)}); leave it empty.");
                }

                if (currency is not null && currency != order.Currency)
                {
                    errors.Add("currency", $"An order's invoice is in the order's currency ({order.Currency}).");
                }

                total = order.Total;
                currency = order.Currency;
            }
        }

        if (input.ContractId is { } contractId)
        {
            var contract = await db.Contracts.AsNoTracking().Where(c => c.Id == contractId)
                .Select(c => new { c.CustomerId, c.Price, c.Currency }).FirstOrDefaultAsync(ct);
            if (contract is null)
            {
                errors.Add("contractId", "No contract with this id.");
                badSource = true;
            }
            else
            {
                if (input.CustomerId is not null && contract.CustomerId != input.CustomerId)
                {
                    errors.Add("contractId", "The contract belongs to another customer.");
                }

                if (input.OrderId is null)
                {
                    total ??= invalidTotal || contract.Price <= 0 ? null : contract.Price;
                    currency ??= contract.Currency;
                }
            }
        }

        if (total is null && !invalidTotal && !badSource)
        {
            errors.Add("total", "Required: an amount greater than zero (or an orderId to invoice the order).");
        }

        errors.ThrowIfInvalid();
        currency ??= "EUR";

        if (number is not null && await db.Invoices.AnyAsync(i => i.Number == number, ct))
        {
            throw new ConflictException($"Invoice number {number} is already taken.");
        }

        if (input.OrderId is { } invoicedOrder
            && await db.Invoices.Where(i => i.OrderId == invoicedOrder && i.Kind == InvoiceKind.Invoice && i.Status != InvoiceStatus.Cancelled)
                .Select(i => i.Number).FirstOrDefaultAsync(ct) is { } existing)
        {
            throw new ConflictException($"The order is already invoiced by {existing}; cancel that invoice first.");
        }

        var invoice = new Invoice
        {
            CustomerId = input.CustomerId!.Value,
            Kind = InvoiceKind.Invoice,
            OrderId = input.OrderId,
            ContractId = input.ContractId,
            IssuedAt = issuedAt,
            DueAt = dueAt,
            Currency = currency,
            Total = total!.Value,
            Status = InvoiceStatus.Open,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        await Insert(invoice, number, "INV", ct);
        return (await Get(invoice.Id, ct))!;
    }

    /// <summary>Cancels an invoice nothing has been paid or credited on. Null when there is no such invoice.</summary>
    /// <exception cref="ConflictException">Something is settled, it is a credit note, or it is not open.</exception>
    public async Task<InvoiceDto?> Cancel(long id, long? expectedVersion, CancellationToken ct = default)
    {
        var invoice = await db.Invoices.FirstOrDefaultAsync(i => i.Id == id, ct);
        if (invoice is null)
        {
            return null;
        }

        CheckVersion(invoice, expectedVersion);
        if (CancelRefusal(invoice) is { } reason)
        {
            throw new ConflictException(reason);
        }

        invoice.Status = InvoiceStatus.Cancelled;
        Touch(invoice);
        await SaveOrPreconditionFailed(ct);
        return await Get(id, ct);
    }

    /// <summary>Why an invoice cannot be cancelled, or null when it can.</summary>
    public static string? CancelRefusal(Invoice invoice) => invoice switch
    {
        { Kind: InvoiceKind.CreditNote } => "A credit note cannot be cancelled.",
        { Status: InvoiceStatus.Cancelled } => "The invoice is already cancelled.",
        { Status: InvoiceStatus.Paid } => "The invoice is paid; issue a credit note instead.",
        { Settled: > 0 } => $"The invoice has {BillingInputs.Show(invoice.Settled, invoice.Currency)} paid or credited; only an invoice with nothing settled can be cancelled.",
        _ => null,
    };

    /// <summary>
    /// Issues a credit note for part or all of what an open invoice still owes, and applies it. Null when there is no such invoice.
    /// </summary>
    public async Task<InvoiceDto?> CreditNote(long invoiceId, CreditNoteInput input, long? expectedVersion, CancellationToken ct = default)
    {
        var now = Now;
        var invoice = await db.Invoices.FirstOrDefaultAsync(i => i.Id == invoiceId, ct);
        if (invoice is null)
        {
            return null;
        }

        CheckVersion(invoice, expectedVersion);
        if (invoice.Kind != InvoiceKind.Invoice)
        {
            throw new ConflictException("A credit note cannot itself be credited.");
        }

        if (invoice.Status != InvoiceStatus.Open)
        {
            throw new ConflictException($"Only an open invoice can be credited; this one is {EnumText.Camel(invoice.Status)}.");
        }

        var errors = new ValidationErrors();
        var amount = BillingInputs.PositiveMoney(input.Amount, "amount", errors);
        if (amount > invoice.Outstanding)
        {
            errors.Add("amount", $"At most what the invoice still owes: {BillingInputs.Show(invoice.Outstanding, invoice.Currency)}.");
        }

        var number = Number(input.Number, "number", errors);
        var issuedAt = input.IssuedAt is { } issued ? BillingInputs.Utc(issued) : now;
        if (issuedAt < invoice.IssuedAt)
        {
            errors.Add("issuedAt", "A credit note cannot be issued before its invoice.");
        }

        errors.ThrowIfInvalid();
        if (number is not null && await db.Invoices.AnyAsync(i => i.Number == number, ct))
        {
            throw new ConflictException($"Invoice number {number} is already taken.");
        }

        var (settled, status) = Receivables.Apply(invoice.Total, invoice.Settled, amount!.Value);
        invoice.Settled = settled;
        invoice.Status = status;
        Touch(invoice);
        var note = new Invoice
        {
            CustomerId = invoice.CustomerId,
            Kind = InvoiceKind.CreditNote,
            CreditedInvoiceId = invoice.Id,
            OrderId = invoice.OrderId,
            ContractId = invoice.ContractId,
            IssuedAt = issuedAt,
            DueAt = issuedAt,
            Currency = invoice.Currency,
            Total = amount.Value,
            // A credit note is spent the moment it is issued: its whole amount goes to the credited invoice.
            Settled = amount.Value,
            Status = InvoiceStatus.Paid,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        await Insert(note, number, "CN", ct);
        return await Get(note.Id, ct);
    }

    // ---- shared with payments ----

    public static InvoiceSummary Summary(Invoice i, DateTime now)
    {
        var outstanding = i.Outstanding;
        var status = Receivables.Status(i.Status, i.Kind, i.DueAt, outstanding, now);
        return new InvoiceSummary(i.Id, i.CustomerId, i.Number, i.Kind, i.IssuedAt, i.DueAt, i.Currency, i.Total, i.Settled, outstanding,
            status, status == InvoiceStatus.Overdue ? Receivables.DaysOverdue(i.DueAt, now) : 0, i.OrderId, i.ContractId, i.CreditedInvoiceId, i.Version);
    }

    private async Task<InvoiceDto> Dto(Invoice i, CancellationToken ct)
    {
        var now = Now;
        var customerName = await db.Customers.Where(c => c.Id == i.CustomerId).Select(c => c.DisplayName).FirstOrDefaultAsync(ct) ?? "";
        var payments = await db.Payments.AsNoTracking().Where(p => p.InvoiceId == i.Id)
            .OrderBy(p => p.PaidAt).ThenBy(p => p.Id).ToListAsync(ct);
        var notes = await db.Invoices.AsNoTracking().Where(n => n.CreditedInvoiceId == i.Id)
            .OrderBy(n => n.IssuedAt).ThenBy(n => n.Id).ToListAsync(ct);
        var orderNumber = i.OrderId is { } orderId
            ? await db.Orders.Where(o => o.Id == orderId).Select(o => o.Number).FirstOrDefaultAsync(ct)
            : null;
        var creditedNumber = i.CreditedInvoiceId is { } creditedId
            ? await db.Invoices.Where(x => x.Id == creditedId).Select(x => x.Number).FirstOrDefaultAsync(ct)
            : null;
        var s = Summary(i, now);
        return new InvoiceDto(i.Id, i.CustomerId, customerName, i.Number, i.Kind, i.IssuedAt, i.DueAt, i.Currency, i.Total, i.Settled,
            s.Outstanding, s.Status, s.DaysOverdue, i.OrderId, orderNumber, i.ContractId, i.CreditedInvoiceId, creditedNumber,
            payments.Select(p => PaymentService.ToDto(p, i.Number)).ToList(), notes.Select(n => Summary(n, now)).ToList(),
            CancelRefusal(i) is null, i.CreatedAt, i.UpdatedAt, i.Version);
    }

    private static string? Number(string? text, string field, ValidationErrors errors)
    {
        var number = CustomerInputMapper.Text(text, field, MaxNumber, errors);
        if (number is not null && number.Any(char.IsControl))
        {
            errors.Add(field, "Control characters are not allowed.");
        }

        return number;
    }

    /// <summary>
    /// Inserts the invoice in one transaction; without a number given it gets one from its id ("INV-2026-000123"), so numbers
    /// never collide between concurrent requests.
    /// </summary>
    private async Task Insert(Invoice invoice, string? number, string prefix, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        invoice.Number = number ?? "~" + Guid.NewGuid().ToString("N");
        db.Invoices.Add(invoice);
        try
        {
            await db.SaveChangesAsync(ct);
            if (number is null)
            {
                var generated = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{invoice.IssuedAt.Year}-{invoice.Id:D6}");
                var candidate = generated;
                for (var n = 2; await db.Invoices.AnyAsync(i => i.Number == candidate, ct); n++)
                {
                    // Someone typed this number by hand earlier: keep the generated one unique.
                    candidate = string.Create(CultureInfo.InvariantCulture, $"{generated}-{n}");
                }

                invoice.Number = candidate;
                await db.SaveChangesAsync(ct);
            }

            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new PreconditionFailedException("The invoice was changed by someone else meanwhile. Reload it and try again.");
        }
        catch (DbUpdateException) when (number is not null)
        {
            await tx.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            if (await db.Invoices.AnyAsync(i => i.Number == number, CancellationToken.None))
            {
                throw new ConflictException($"Invoice number {number} is already taken.");
            }

            throw;
        }
    }

    internal static void CheckVersion(Invoice invoice, long? expectedVersion)
    {
        if (expectedVersion is not null && expectedVersion != invoice.Version)
        {
            throw new PreconditionFailedException(
                $"The invoice was changed by someone else (version {invoice.Version}, you sent {expectedVersion}). Reload it and try again.");
        }
    }

    private void Touch(Invoice invoice)
    {
        invoice.Version++;
        invoice.UpdatedAt = Now;
    }

    private async Task SaveOrPreconditionFailed(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new PreconditionFailedException("The invoice was changed by someone else meanwhile. Reload it and try again.");
        }
    }
}
