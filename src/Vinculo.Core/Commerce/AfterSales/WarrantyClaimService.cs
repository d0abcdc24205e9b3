using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Commerce.Billing;
using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Core.Interactions;
using Vinculo.Core.Storage;
using Vinculo.Domain.Commerce;
using Vinculo.Domain.Interactions;

namespace Vinculo.Core.Commerce.AfterSales;

/// <summary>Warranty claims on what customers bought: accepted only while the purchase is under warranty.</summary>
public sealed class WarrantyClaimService(VinculoDb db, TimeProvider clock)
{
    public const int MaxDescription = 4000;
    public const int MaxResolution = 2000;

    private DateTime Now => Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);

    public static IReadOnlyList<WarrantyStatus> NextStatuses(WarrantyStatus from) =>
        Enum.GetValues<WarrantyStatus>().Where(to => CommerceRules.CanMove(from, to)).ToArray();

    /// <summary>Claims newest first, of one customer or all, optionally in one status.</summary>
    public async Task<Page<WarrantyClaimDto>> List(WarrantyClaimQuery query, string language = "es", CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, 50);
        WarrantyStatus? status = string.IsNullOrWhiteSpace(query.Status)
            ? null
            : CustomerInputMapper.ParseEnum(query.Status, "status", WarrantyStatus.Open, errors);
        var after = BillingInputs.TimeCursor(query.Cursor, errors);
        errors.ThrowIfInvalid();

        var q = db.WarrantyClaims.AsNoTracking();
        if (query.CustomerId is { } customerId)
        {
            q = q.Where(w => w.CustomerId == customerId);
        }

        if (status is not null)
        {
            q = q.Where(w => w.Status == status);
        }

        if (after is { } a)
        {
            q = q.Where(w => w.ClaimedAt < a.At || (w.ClaimedAt == a.At && w.Id < a.Id));
        }

        var rows = await q.OrderByDescending(w => w.ClaimedAt).ThenByDescending(w => w.Id).Take(limit + 1).ToListAsync(ct);
        var hasMore = rows.Count > limit;
        var items = await Dtos(rows.Take(limit).ToList(), language, ct);
        return new Page<WarrantyClaimDto>(items, hasMore ? BillingInputs.EncodeTimeCursor(items[^1].ClaimedAt, items[^1].Id) : null);
    }

    public async Task<WarrantyClaimDto?> Get(long id, string language = "es", CancellationToken ct = default)
    {
        var row = await db.WarrantyClaims.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, ct);
        return row is null ? null : (await Dtos([row], language, ct))[0];
    }

    /// <summary>
    /// Opens a claim on an order line while its warranty runs (the order date plus the product's warranty months); after that
    /// the claim is refused saying when the warranty expired. When an agent opens it, the customer's timeline gets an entry.
    /// </summary>
    public async Task<WarrantyClaimDto> Create(WarrantyClaimInput input, Actor? agent, string language = "es", CancellationToken ct = default)
    {
        var now = Now;
        var errors = new ValidationErrors();
        if (input.OrderLineId is null)
        {
            errors.Add("orderLineId", "Required.");
        }

        var description = CustomerInputMapper.Text(input.Description, "description", MaxDescription, errors);
        if (description is null)
        {
            errors.Add("description", "Required: what is wrong with the product.");
        }

        var channel = CustomerInputMapper.ParseEnum(input.Channel, "channel", Channel.Phone, errors);
        var line = input.OrderLineId is { } lineId ? await ReturnService.Line(db, lineId, ct) : null;
        var months = 0;
        if (input.OrderLineId is not null && line is null)
        {
            errors.Add("orderLineId", "No order line with this id.");
        }
        else if (line is not null)
        {
            months = await db.Products.Where(p => p.Id == line.ProductId).Select(p => p.WarrantyMonths).FirstOrDefaultAsync(ct);
            if (line.CustomerId is null)
            {
                errors.Add("orderLineId", "The order was a guest purchase; a warranty claim needs a known customer.");
            }
            else if (line.OrderStatus == OrderStatus.Cancelled)
            {
                errors.Add("orderLineId", "The order is cancelled.");
            }
            else if (!CommerceRules.UnderWarranty(line.OrderedAt, months, now))
            {
                errors.Add("orderLineId", months <= 0
                    ? "This product has no warranty."
                    : now < line.OrderedAt
                        ? "The purchase date is in the future."
                        : string.Create(CultureInfo.InvariantCulture,
                            $"The warranty expired on {CommerceRules.WarrantyExpiry(line.OrderedAt, months):yyyy-MM-dd} ({months} months from the purchase on {line.OrderedAt:yyyy-MM-dd})."));
            }
        }

        errors.ThrowIfInvalid();
        var customerId = line!.CustomerId!.Value;
        var claim = new WarrantyClaim
        {
            CustomerId = customerId,
            OrderLineId = line.Id,
            ProductId = line.ProductId,
            ClaimedAt = now,
            ExpiresAt = CommerceRules.WarrantyExpiry(line.OrderedAt, months),
            Description = description!,
            Status = WarrantyStatus.Open,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        db.WarrantyClaims.Add(claim);
        if (agent is not null)
        {
            var customerLanguage = await db.Customers.Where(c => c.Id == customerId).Select(c => c.PreferredLanguage).FirstOrDefaultAsync(ct) ?? "es";
            var product = await db.Products.Where(p => p.Id == line.ProductId)
                .Select(p => customerLanguage == "en" ? p.NameEn : p.NameEs).FirstOrDefaultAsync(ct) ?? "";
            AfterSalesTimeline.WarrantyClaimed(db, customerId, customerLanguage, channel, agent, now, product, line.OrderNumber, claim.ExpiresAt, claim.Description);
        }

        // The claim and its timeline entry in one SaveChanges: both or neither.
        await db.SaveChangesAsync(ct);
        return (await Get(claim.Id, language, ct))!;
    }

    /// <summary>Moves a claim along its workflow (open → accepted | rejected; accepted → resolved). Null when there is no such claim.</summary>
    public async Task<WarrantyClaimDto?> Move(long id, StatusInput input, long? expectedVersion, string language = "es", CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var to = CustomerInputMapper.ParseEnum(input.Status, "status", WarrantyStatus.Open, errors, required: true);
        var resolution = CustomerInputMapper.Text(input.Resolution, "resolution", MaxResolution, errors);
        errors.ThrowIfInvalid();

        var claim = await db.WarrantyClaims.FirstOrDefaultAsync(w => w.Id == id, ct);
        if (claim is null)
        {
            return null;
        }

        if (expectedVersion is not null && expectedVersion != claim.Version)
        {
            throw new PreconditionFailedException(
                $"The claim was changed by someone else (version {claim.Version}, you sent {expectedVersion}). Reload it and try again.");
        }

        if (!CommerceRules.CanMove(claim.Status, to))
        {
            var next = NextStatuses(claim.Status);
            throw new ConflictException(next.Count == 0
                ? $"The claim is {EnumText.Camel(claim.Status)}, which is final; it cannot become {EnumText.Camel(to)}."
                : $"A claim that is {EnumText.Camel(claim.Status)} can only become: {string.Join(", ", next.Select(EnumText.Camel))}.");
        }

        claim.Status = to;
        if (resolution is not null)
        {
            claim.Resolution = resolution;
        }

        claim.Version++;
        claim.UpdatedAt = Now;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new PreconditionFailedException("The claim was changed by someone else meanwhile. Reload it and try again.");
        }

        return await Get(id, language, ct);
    }

    private async Task<List<WarrantyClaimDto>> Dtos(List<WarrantyClaim> rows, string language, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var productIds = rows.Select(r => r.ProductId).Distinct().ToList();
        var customerIds = rows.Select(r => r.CustomerId).Distinct().ToList();
        var lineIds = rows.Select(r => r.OrderLineId).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Sku, p.NameEs, p.NameEn }).ToDictionaryAsync(p => p.Id, ct);
        var customers = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.DisplayName, ct);
        var orders = await db.OrderLines.AsNoTracking().Where(l => lineIds.Contains(l.Id))
            .Join(db.Orders, l => l.OrderId, o => o.Id, (l, o) => new { LineId = l.Id, OrderId = o.Id, o.Number })
            .ToDictionaryAsync(x => x.LineId, ct);
        return rows.Select(r =>
        {
            var p = products.GetValueOrDefault(r.ProductId);
            var o = orders.GetValueOrDefault(r.OrderLineId);
            return new WarrantyClaimDto(r.Id, r.CustomerId, customers.GetValueOrDefault(r.CustomerId) ?? "", r.OrderLineId, o?.OrderId, o?.Number,
                r.ProductId, p?.Sku ?? "", (language == "en" ? p?.NameEn : p?.NameEs) ?? "", r.ClaimedAt, r.ExpiresAt, r.Description, r.Status,
                NextStatuses(r.Status), r.Resolution, r.CreatedAt, r.UpdatedAt, r.Version);
        }).ToList();
    }
}
