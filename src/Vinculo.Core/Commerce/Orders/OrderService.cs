using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Commerce.Catalog;
using Vinculo.Core.Common;
using Vinculo.Core.Storage;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Interactions;

namespace Vinculo.Core.Commerce.Orders;

/// <summary>Orders and their lines: record, list, read and move through the order workflow.</summary>
public sealed class OrderService(VinculoDb db, TimeProvider clock)
{
    public const int MaxLines = 500;
    public const int MaxQuantity = 1_000_000;
    public const int MaxNumberLength = 50;
    public const int MaxDescriptionLength = 500;

    public async Task<OrderDetail> Create(OrderInput input, CancellationToken ct = default)
    {
        var now = CommerceInput.Now(clock);
        var errors = new ValidationErrors();
        var channel = CommerceInput.Enum(input.Channel, "channel", Channel.Web, errors, required: true);
        var status = CommerceInput.Enum(input.Status, "status", OrderStatus.Placed, errors);
        var orderedAt = input.OrderedAt is { } at ? CommerceInput.Moment(at) : now;
        CommerceInput.CheckRange(orderedAt, now, "orderedAt", errors, allowFuture: false);
        var number = CommerceInput.Text(input.Number, "number", MaxNumberLength, errors);
        var source = CommerceInput.Text(input.Source, "source", 100, errors);
        if (input.CustomerId is null)
        {
            errors.Add("customerId", "Required.");
        }
        else if (!await db.Customers.AnyAsync(c => c.Id == input.CustomerId, ct))
        {
            errors.Add("customerId", "No customer has this id.");
        }

        var lines = await Lines(input.Lines, errors, ct);
        errors.ThrowIfInvalid();

        var currencies = lines.Select(l => l.Currency).Distinct(StringComparer.Ordinal).ToList();
        if (currencies.Count > 1)
        {
            throw ValidationException.For("lines", $"All lines must be in one currency; these products are in {string.Join(", ", currencies)}.");
        }

        var total = OrderFlow.Total(lines.Select(l => (l.Line.Quantity, l.Line.UnitPrice, l.Line.Discount)));
        if (total is null || !Money4.IsStorable(total.Value))
        {
            throw ValidationException.For("lines", "The order's total is too large.");
        }

        if (number is not null && await NumberTaken(source, number, null, ct))
        {
            throw new ConflictException(NumberTakenMessage(number));
        }

        var order = new Order
        {
            CustomerId = input.CustomerId,
            Number = number ?? "~" + Guid.NewGuid().ToString("N"),
            Source = source,
            Channel = channel,
            Status = status,
            OrderedAt = orderedAt,
            Currency = currencies[0],
            Total = total.Value,
            LineCount = lines.Count,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        foreach (var (line, i) in lines.Select((l, i) => (l.Line, i)))
        {
            line.LineNo = i + 1;
            line.CustomerId = order.CustomerId;
            order.Lines.Add(line);
        }

        db.Orders.Add(order);
        if (number is not null)
        {
            await Saves.Save(db, "order", () => NumberTaken(source, number, null, ct), NumberTakenMessage(number), ct);
            return (await Get(order.Id, ct))!;
        }

        // The number is made from the id: insert with a placeholder, then number it, in one transaction.
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            var generated = OrderFlow.LocalNumber(order.Id, order.OrderedAt);
            var candidate = generated;
            for (var n = 2; await NumberTaken(source, candidate, order.Id, ct); n++)
            {
                // Only when someone chose this number by hand before.
                candidate = $"{generated}-{n}";
            }

            order.Number = candidate;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }

        return (await Get(order.Id, ct))!;
    }

    public async Task<OrderDetail?> Get(long id, CancellationToken ct = default)
    {
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);
        if (order is null)
        {
            return null;
        }

        var lines = await db.OrderLines.AsNoTracking().Where(l => l.OrderId == id).OrderBy(l => l.LineNo).ThenBy(l => l.Id).ToListAsync(ct);
        var products = await ProductService.Refs(db, lines.Select(l => l.ProductId), ct);
        var names = await CustomerNames(order.CustomerId is { } c ? [c] : [], ct);
        return new OrderDetail(
            ToDto(order, names),
            lines.Select(l => new OrderLineDto(
                l.Id, l.LineNo, products.TryGetValue(l.ProductId, out var p) ? p : new ProductRef(l.ProductId, "", "", ""),
                l.Description, l.Quantity, l.UnitPrice, l.Discount, l.Net, l.ReturnedQuantity)).ToList(),
            OrderFlow.NextStatuses(order.Status));
    }

    public async Task<Page<OrderDto>> List(OrderQuery query, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, 50);
        var status = CommerceInput.OptionalEnum<OrderStatus>(query.Status, "status", errors);
        var channel = CommerceInput.OptionalEnum<Channel>(query.Channel, "channel", errors);
        var after = CommerceInput.ReadTimeCursor(query.Cursor, errors);
        var from = query.From is { } f ? CommerceInput.Moment(f) : (DateTime?)null;
        var to = query.To is { } t ? CommerceInput.Moment(t) : (DateTime?)null;
        if (from is not null && to is not null && from >= to)
        {
            errors.Add("to", "Must be after from.");
        }

        errors.ThrowIfInvalid();

        var q = db.Orders.AsNoTracking();
        if (query.CustomerId is { } customerId)
        {
            q = q.Where(o => o.CustomerId == customerId);
        }

        if (status is { } st)
        {
            q = q.Where(o => o.Status == st);
        }

        if (channel is { } ch)
        {
            q = q.Where(o => o.Channel == ch);
        }

        if (from is { } fromAt)
        {
            q = q.Where(o => o.OrderedAt >= fromAt);
        }

        if (to is { } toAt)
        {
            q = q.Where(o => o.OrderedAt < toAt);
        }

        if (after is { } a)
        {
            q = q.Where(o => o.OrderedAt < a.At || (o.OrderedAt == a.At && o.Id < a.Id));
        }

        var rows = await q.OrderByDescending(o => o.OrderedAt).ThenByDescending(o => o.Id).Take(limit + 1).ToListAsync(ct);
        var hasMore = rows.Count > limit;
        rows = rows.Take(limit).ToList();
        var names = await CustomerNames(rows.Where(r => r.CustomerId != null).Select(r => r.CustomerId!.Value), ct);
        return new Page<OrderDto>(rows.Select(r => ToDto(r, names)).ToList(), hasMore ? CommerceInput.TimeCursor(rows[^1].OrderedAt, rows[^1].Id) : null);
    }

    /// <summary>Moves the order to another status of the workflow. Null when the order does not exist.</summary>
    /// <exception cref="OrderStatusConflictException">When the workflow does not allow that move.</exception>
    public async Task<OrderDetail?> ChangeStatus(long id, OrderStatusInput input, long? expectedVersion, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var to = CommerceInput.Enum(input.Status, "status", OrderStatus.Placed, errors, required: true);
        errors.ThrowIfInvalid();
        var order = await db.Orders.FirstOrDefaultAsync(o => o.Id == id, ct);
        if (order is null)
        {
            return null;
        }

        CommerceInput.CheckVersion(order.Version, expectedVersion, "order");
        if (!CommerceRules.CanMove(order.Status, to))
        {
            throw new OrderStatusConflictException(order.Status, to, OrderFlow.NextStatuses(order.Status));
        }

        order.Status = to;
        order.UpdatedAt = CommerceInput.Now(clock);
        order.Version++;
        await Saves.Save(db, "order", null, null, ct);
        return await Get(id, ct);
    }

    private sealed record CheckedLine(OrderLine Line, string Currency);

    private async Task<List<CheckedLine>> Lines(List<OrderLineInput>? input, ValidationErrors errors, CancellationToken ct)
    {
        if (input is null || input.Count == 0)
        {
            errors.Add("lines", "An order needs at least one line.");
            return [];
        }

        if (input.Count > MaxLines)
        {
            errors.Add("lines", $"At most {MaxLines} lines.");
            return [];
        }

        var ids = input.Where(l => l?.ProductId is not null).Select(l => l!.ProductId!.Value).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.Active, p.ListPrice, p.Currency }).ToDictionaryAsync(p => p.Id, ct);
        var result = new List<CheckedLine>();
        for (var i = 0; i < input.Count; i++)
        {
            var line = input[i];
            var at = $"lines[{i}]";
            if (line is null)
            {
                errors.Add(at, "Required.");
                continue;
            }

            var product = line.ProductId is { } pid ? products.GetValueOrDefault(pid) : null;
            if (line.ProductId is null)
            {
                errors.Add($"{at}.productId", "Required.");
            }
            else if (product is null)
            {
                errors.Add($"{at}.productId", "No product has this id.");
            }
            else if (!product.Active)
            {
                errors.Add($"{at}.productId", "The product is not active: it can no longer be sold.");
            }

            if (line.Quantity is null)
            {
                errors.Add($"{at}.quantity", "Required.");
            }
            else if (line.Quantity is < 1 or > MaxQuantity)
            {
                errors.Add($"{at}.quantity", $"Between 1 and {MaxQuantity}.");
            }

            var unitPrice = CommerceInput.Amount(line.UnitPrice, $"{at}.unitPrice", errors);
            var discount = CommerceInput.Amount(line.Discount, $"{at}.discount", errors) ?? 0;
            var description = CommerceInput.Text(line.Description, $"{at}.description", MaxDescriptionLength, errors);
            if (product is null || line.Quantity is not (>= 1 and <= MaxQuantity))
            {
                continue;
            }

            var price = unitPrice ?? product.ListPrice;
            if (discount > line.Quantity.Value * price)
            {
                errors.Add($"{at}.discount", "Cannot be more than the line's gross amount (quantity × unit price).");
                continue;
            }

            result.Add(new CheckedLine(
                new OrderLine { ProductId = product.Id, Quantity = line.Quantity.Value, UnitPrice = price, Discount = discount, Description = description },
                product.Currency));
        }

        return result;
    }

    private Task<bool> NumberTaken(string? source, string number, long? exceptId, CancellationToken ct) =>
        db.Orders.AnyAsync(o => o.Source == source && o.Number == number && o.Id != exceptId, ct);

    private static string NumberTakenMessage(string number) => $"Another order already has the number '{number}'. Order numbers are unique.";

    private async Task<Dictionary<long, string>> CustomerNames(IEnumerable<long> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        return await db.Customers.AsNoTracking().Where(c => wanted.Contains(c.Id))
            .Select(c => new { c.Id, c.DisplayName }).ToDictionaryAsync(c => c.Id, c => c.DisplayName, ct);
    }

    private static OrderDto ToDto(Order o, Dictionary<long, string> names) => new(
        o.Id, o.CustomerId, o.CustomerId is { } c ? names.GetValueOrDefault(c) : null, o.Number, o.Source, o.Channel, o.Status, o.OrderedAt,
        o.Currency, o.Total, o.LineCount, o.CreatedAt, o.UpdatedAt, o.Version);
}
