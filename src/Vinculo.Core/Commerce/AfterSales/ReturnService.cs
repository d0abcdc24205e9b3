using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Commerce.Billing;
using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Core.Interactions;
using Vinculo.Core.Storage;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Interactions;

namespace Vinculo.Core.Commerce.AfterSales;

/// <summary>Returns of what customers bought: open one from an order line, follow its workflow, list them.</summary>
public sealed class ReturnService(VinculoDb db, TimeProvider clock)
{
    public const int MaxNote = 2000;

    private DateTime Now => Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);

    /// <summary>Returns newest first, of one customer or all, optionally in one status.</summary>
    public async Task<Page<ReturnDto>> List(ReturnQuery query, string language = "es", CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, 50);
        ReturnStatus? status = string.IsNullOrWhiteSpace(query.Status)
            ? null
            : CustomerInputMapper.ParseEnum(query.Status, "status", ReturnStatus.Requested, errors);
        var after = BillingInputs.TimeCursor(query.Cursor, errors);
        errors.ThrowIfInvalid();

        // ix_returns_customer_time or ix_returns_time, both (…, requested_at, id).
        var q = db.Returns.AsNoTracking();
        if (query.CustomerId is { } customerId)
        {
            q = q.Where(r => r.CustomerId == customerId);
        }

        if (status is not null)
        {
            q = q.Where(r => r.Status == status);
        }

        if (after is { } a)
        {
            q = q.Where(r => r.RequestedAt < a.At || (r.RequestedAt == a.At && r.Id < a.Id));
        }

        var rows = await q.OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Id).Take(limit + 1).ToListAsync(ct);
        var hasMore = rows.Count > limit;
        var items = await Dtos(rows.Take(limit).ToList(), language, ct);
        return new Page<ReturnDto>(items, hasMore ? BillingInputs.EncodeTimeCursor(items[^1].RequestedAt, items[^1].Id) : null);
    }

    public async Task<ReturnDto?> Get(long id, string language = "es", CancellationToken ct = default)
    {
        var row = await db.Returns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        return row is null ? null : (await Dtos([row], language, ct))[0];
    }

    /// <summary>
    /// Opens a return of some units of an order line. The refund defaults to the line's net share for those units; the line's
    /// returned quantity rises in the same transaction, so two returns can never take more units than were bought. When an
    /// agent opens it, the customer's timeline gets a post-purchase entry.
    /// </summary>
    public async Task<ReturnDto> Create(ReturnInput input, Actor? agent, string language = "es", CancellationToken ct = default)
    {
        var now = Now;
        var errors = new ValidationErrors();
        if (input.OrderLineId is null)
        {
            errors.Add("orderLineId", "Required.");
        }

        if (input.Quantity is null)
        {
            errors.Add("quantity", "Required: how many units come back.");
        }
        else if (input.Quantity < 1)
        {
            errors.Add("quantity", "At least 1.");
        }

        var reason = CustomerInputMapper.ParseEnum(input.Reason, "reason", ReturnReason.Other, errors, required: true);
        var note = CustomerInputMapper.Text(input.Note, "note", MaxNote, errors);
        var channel = CustomerInputMapper.ParseEnum(input.Channel, "channel", Channel.Phone, errors);
        if (input.RefundAmount is { } givenRefund && (!Money4.IsStorable(givenRefund) || givenRefund < 0))
        {
            errors.Add("refundAmount", "Zero or more, with at most four decimals.");
        }

        var line = input.OrderLineId is { } lineId ? await Line(lineId, ct) : null;
        if (input.OrderLineId is not null && line is null)
        {
            errors.Add("orderLineId", "No order line with this id.");
        }

        decimal refund = 0;
        if (line is not null)
        {
            if (line.OrderStatus == OrderStatus.Cancelled)
            {
                errors.Add("orderLineId", "The order is cancelled; there is nothing to return.");
            }

            var returnable = CommerceRules.Returnable(line.Quantity, line.ReturnedQuantity);
            if (input.Quantity is >= 1 && input.Quantity > returnable)
            {
                errors.Add("quantity", returnable == 0
                    ? $"All {line.Quantity} units of this line are already returned."
                    : $"Only {returnable} of the line's {line.Quantity} units can still be returned.");
            }

            if (input.Quantity is >= 1 && line.Quantity > 0)
            {
                var share = Refunds.Share(line.Quantity, line.UnitPrice, line.Discount, input.Quantity.Value);
                refund = input.RefundAmount ?? share;
                if (input.RefundAmount > share)
                {
                    errors.Add("refundAmount", $"At most the line's net amount for these units: {BillingInputs.Show(share, line.Currency)}.");
                }
            }
        }

        errors.ThrowIfInvalid();
        var quantity = input.Quantity!.Value;
        var target = line!.Id;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Raise the returned quantity only while it stays within what was bought: a concurrent return cannot overtake it.
        var raised = await db.OrderLines
            .Where(l => l.Id == target && l.ReturnedQuantity + quantity <= l.Quantity)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ReturnedQuantity, l => l.ReturnedQuantity + quantity), ct);
        if (raised == 0)
        {
            throw new ConflictException("Another return took units of this line meanwhile. Reload and try again.");
        }

        var customerId = line.CustomerId;
        var row = new ProductReturn
        {
            CustomerId = customerId,
            OrderId = line.OrderId,
            OrderLineId = line.Id,
            ProductId = line.ProductId,
            Quantity = quantity,
            Reason = reason,
            Note = note,
            RefundAmount = refund,
            Currency = line.Currency,
            Status = ReturnStatus.Requested,
            RequestedAt = now,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        db.Returns.Add(row);
        if (agent is not null && customerId is { } customer)
        {
            var customerLanguage = await db.Customers.Where(c => c.Id == customer).Select(c => c.PreferredLanguage).FirstOrDefaultAsync(ct) ?? "es";
            var product = await ProductName(line.ProductId, customerLanguage, ct);
            AfterSalesTimeline.ReturnRequested(db, customer, customerLanguage, channel, agent, now, quantity, product, line.OrderNumber,
                reason, note, refund, line.Currency);
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (await Get(row.Id, language, ct))!;
    }

    /// <summary>
    /// Moves a return along its workflow. Refunded and rejected set the resolution time; rejecting gives the units back to the
    /// order line. Null when there is no such return.
    /// </summary>
    /// <exception cref="ConflictException">The move is not allowed from the current status (the message lists the allowed ones).</exception>
    public async Task<ReturnDto?> Move(long id, StatusInput input, long? expectedVersion, string language = "es", CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var to = CustomerInputMapper.ParseEnum(input.Status, "status", ReturnStatus.Requested, errors, required: true);
        errors.ThrowIfInvalid();

        var row = await db.Returns.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (row is null)
        {
            return null;
        }

        if (expectedVersion is not null && expectedVersion != row.Version)
        {
            throw new PreconditionFailedException(
                $"The return was changed by someone else (version {row.Version}, you sent {expectedVersion}). Reload it and try again.");
        }

        if (!CommerceRules.CanMove(row.Status, to))
        {
            throw new ConflictException(MoveRefusal(row.Status, to));
        }

        var now = Now;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (to == ReturnStatus.Rejected && row.OrderLineId is { } lineId)
        {
            var quantity = row.Quantity;
            await db.OrderLines.Where(l => l.Id == lineId && l.ReturnedQuantity >= quantity)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.ReturnedQuantity, l => l.ReturnedQuantity - quantity), ct);
        }

        row.Status = to;
        if (CommerceRules.IsFinal(to))
        {
            row.ResolvedAt = now;
        }

        row.Version++;
        row.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new PreconditionFailedException("The return was changed by someone else meanwhile. Reload it and try again.");
        }

        await tx.CommitAsync(ct);
        return await Get(id, language, ct);
    }

    public static string MoveRefusal(ReturnStatus from, ReturnStatus to)
    {
        var next = CommerceRules.NextStatuses(from);
        return next.Count == 0
            ? $"The return is {EnumText.Camel(from)}, which is final; it cannot become {EnumText.Camel(to)}."
            : $"A return that is {EnumText.Camel(from)} can only become: {string.Join(", ", next.Select(EnumText.Camel))}.";
    }

    /// <summary>
    /// What the customer bought, newest orders first (a keyset page of <paramref name="limit"/> orders), with what can still be
    /// returned and the warranty of each line. Null when there is no such customer.
    /// </summary>
    public async Task<Page<PurchasedLine>?> PurchasedLines(long customerId, string? cursor, int? limit, string language = "es", CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var take = Cursor.Limit(limit, errors, 10);
        var after = BillingInputs.TimeCursor(cursor, errors);
        errors.ThrowIfInvalid();
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct))
        {
            return null;
        }

        var now = Now;
        var orders = db.Orders.AsNoTracking().Where(o => o.CustomerId == customerId);
        if (after is { } a)
        {
            orders = orders.Where(o => o.OrderedAt < a.At || (o.OrderedAt == a.At && o.Id < a.Id));
        }

        var page = await orders.OrderByDescending(o => o.OrderedAt).ThenByDescending(o => o.Id).Take(take + 1)
            .Select(o => new { o.Id, o.Number, o.OrderedAt, o.Channel, o.Currency, o.Status }).ToListAsync(ct);
        var hasMore = page.Count > take;
        page = page.Take(take).ToList();
        var ids = page.Select(o => o.Id).ToList();
        var lines = await db.OrderLines.AsNoTracking().Where(l => ids.Contains(l.OrderId))
            .Join(db.Products, l => l.ProductId, p => p.Id, (l, p) => new
            {
                l.Id, l.OrderId, l.LineNo, l.ProductId, p.Sku, p.NameEs, p.NameEn, p.WarrantyMonths, l.Description, l.Quantity, l.UnitPrice,
                l.Discount, l.ReturnedQuantity,
            })
            .ToListAsync(ct);
        var byOrder = lines.ToLookup(l => l.OrderId);
        var items = new List<PurchasedLine>();
        foreach (var o in page)
        {
            foreach (var l in byOrder[o.Id].OrderBy(l => l.LineNo).ThenBy(l => l.Id))
            {
                var cancelled = o.Status == OrderStatus.Cancelled;
                DateTime? expires = l.WarrantyMonths > 0 ? CommerceRules.WarrantyExpiry(o.OrderedAt, l.WarrantyMonths) : null;
                items.Add(new PurchasedLine(l.Id, o.Id, o.Number, o.OrderedAt, o.Channel, l.ProductId, l.Sku, language == "en" ? l.NameEn : l.NameEs,
                    l.Quantity, l.ReturnedQuantity, cancelled ? 0 : CommerceRules.Returnable(l.Quantity, l.ReturnedQuantity),
                    CommerceMath.LineNet(l.Quantity, l.UnitPrice, l.Discount), o.Currency, expires,
                    !cancelled && CommerceRules.UnderWarranty(o.OrderedAt, l.WarrantyMonths, now)));
            }
        }

        var last = page.LastOrDefault();
        return new Page<PurchasedLine>(items, hasMore && last is not null ? BillingInputs.EncodeTimeCursor(last.OrderedAt, last.Id) : null);
    }

    // ---- reading ----

    internal sealed record LineFacts(
        long Id, long OrderId, string OrderNumber, OrderStatus OrderStatus, DateTime OrderedAt, string Currency, long? CustomerId, long ProductId,
        int Quantity, int ReturnedQuantity, decimal UnitPrice, decimal Discount);

    internal static Task<LineFacts?> Line(VinculoDb db, long lineId, CancellationToken ct) =>
        db.OrderLines.AsNoTracking().Where(l => l.Id == lineId)
            .Join(db.Orders, l => l.OrderId, o => o.Id, (l, o) => new LineFacts(
                l.Id, o.Id, o.Number, o.Status, o.OrderedAt, o.Currency, o.CustomerId ?? l.CustomerId, l.ProductId, l.Quantity, l.ReturnedQuantity,
                l.UnitPrice, l.Discount))
            .FirstOrDefaultAsync(ct);

    private Task<LineFacts?> Line(long lineId, CancellationToken ct) => Line(db, lineId, ct);

    private async Task<string> ProductName(long productId, string language, CancellationToken ct) =>
        await db.Products.Where(p => p.Id == productId).Select(p => language == "en" ? p.NameEn : p.NameEs).FirstOrDefaultAsync(ct) ?? "";

    private async Task<List<ReturnDto>> Dtos(List<ProductReturn> rows, string language, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var productIds = rows.Select(r => r.ProductId).Distinct().ToList();
        var customerIds = rows.Where(r => r.CustomerId is not null).Select(r => r.CustomerId!.Value).Distinct().ToList();
        var orderIds = rows.Where(r => r.OrderId is not null).Select(r => r.OrderId!.Value).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Sku, p.NameEs, p.NameEn }).ToDictionaryAsync(p => p.Id, ct);
        var customers = customerIds.Count == 0
            ? []
            : await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.DisplayName, ct);
        var orders = orderIds.Count == 0
            ? []
            : await db.Orders.AsNoTracking().Where(o => orderIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Number, ct);
        return rows.Select(r =>
        {
            var p = products.GetValueOrDefault(r.ProductId);
            return new ReturnDto(r.Id, r.CustomerId, r.CustomerId is { } c ? customers.GetValueOrDefault(c) : null, r.OrderId,
                r.OrderId is { } o ? orders.GetValueOrDefault(o) : null, r.OrderLineId, r.ProductId, p?.Sku ?? "",
                (language == "en" ? p?.NameEn : p?.NameEs) ?? "", r.Quantity, r.Reason, r.Note, r.RefundAmount, r.Currency, r.Status,
                CommerceRules.NextStatuses(r.Status), r.RequestedAt, r.ResolvedAt, r.Source, r.CreatedAt, r.UpdatedAt, r.Version);
        }).ToList();
    }
}
