using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Core.Storage;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Offers;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Offers;

/// <summary>
/// Promotions: list, read, create, replace, delete, and the status changes (activate, pause, end). Codes are unique
/// (409); a write with a stale version is a 412; a promotion that was offered to somebody keeps its history and cannot
/// be deleted (409: end it instead).
/// </summary>
public sealed class PromotionService(VinculoDb db, TimeProvider clock, IOptions<OfferOptions> options)
{
    public const int MaxCodeLength = 40;
    public const int MaxNameLength = 200;
    public const int MaxOfferLength = 2000;
    public const int MaxPriority = 1000;
    public const int MaxListItems = 50;
    /// <summary>Most choices the form lists per kind (tiers, segments, products).</summary>
    public const int MaxChoices = 300;

    /// <summary>Today in the company's time zone: what validity dates are compared with.</summary>
    public DateOnly Today() => PromotionRules.Today(clock.GetUtcNow(), options.Value.Zone());

    public async Task<PromotionDto> Create(PromotionInput input, CancellationToken ct = default)
    {
        var now = Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);
        var promotion = new Promotion { CreatedAt = now, Version = 1, Status = PromotionStatus.Draft };
        await Apply(input, promotion, null, ct);
        promotion.UpdatedAt = now;
        db.Promotions.Add(promotion);
        await Save(promotion.Code, 0, ct);
        db.ChangeTracker.Clear();
        return (await Get(promotion.Id, ct))!;
    }

    public async Task<PromotionDto?> Get(long id, CancellationToken ct = default)
    {
        var promotion = await db.Promotions.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        return promotion is null ? null : (await ToDtos([promotion], ct))[0];
    }

    /// <summary>Replaces the promotion's texts, dates, priority and eligibility (not its status); null when it does not exist.</summary>
    /// <exception cref="PreconditionFailedException">When <paramref name="expectedVersion"/> is not the current version.</exception>
    public async Task<PromotionDto?> Update(long id, PromotionInput input, long? expectedVersion, CancellationToken ct = default)
    {
        var promotion = await db.Promotions.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (promotion is null)
        {
            return null;
        }

        CheckVersion(promotion, expectedVersion);
        await Apply(input, promotion, id, ct);
        promotion.UpdatedAt = Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);
        promotion.Version++;
        await Save(promotion.Code, id, ct);
        db.ChangeTracker.Clear();
        return await Get(id, ct);
    }

    /// <summary>Deletes a promotion nobody was offered; false when it does not exist.</summary>
    /// <exception cref="ConflictException">The promotion has responses: end it instead.</exception>
    public async Task<bool> Delete(long id, long? expectedVersion, CancellationToken ct = default)
    {
        var promotion = await db.Promotions.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (promotion is null)
        {
            return false;
        }

        CheckVersion(promotion, expectedVersion);
        if (await db.PromotionResponses.AnyAsync(r => r.PromotionId == id, ct))
        {
            throw new ConflictException($"The promotion {promotion.Code} was offered to customers and keeps their answers. End it instead.");
        }

        db.Promotions.Remove(promotion);
        await Saves.Save(db, "promotion", null, null, ct);
        return true;
    }

    /// <summary>Activates, pauses or ends the promotion; null when it does not exist.</summary>
    /// <exception cref="ConflictException">The change is not allowed from the current status.</exception>
    public async Task<PromotionDto?> Change(long id, PromotionCommand command, long? expectedVersion, CancellationToken ct = default)
    {
        var promotion = await db.Promotions.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (promotion is null)
        {
            return null;
        }

        CheckVersion(promotion, expectedVersion);
        var (next, refusal) = PromotionLifecycle.Apply(promotion.Status, command, promotion.ValidTo, Today());
        if (next is not { } status)
        {
            throw new ConflictException(refusal!);
        }

        if (status != promotion.Status)
        {
            promotion.Status = status;
            promotion.UpdatedAt = Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);
            promotion.Version++;
            await Saves.Save(db, "promotion", null, null, ct);
        }

        db.ChangeTracker.Clear();
        return await Get(id, ct);
    }

    /// <summary>Promotions, newest first, filtered by status, validity against today and code prefix. Keyset pagination.</summary>
    public async Task<Page<PromotionDto>> List(PromotionQuery query, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, 50);
        long? before = null;
        if (Cursor.TryDecode(query.Cursor) is { } raw)
        {
            if (long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                before = id;
            }
            else
            {
                errors.Add("cursor", "The cursor is not valid; use the nextCursor of a previous page.");
            }
        }

        PromotionStatus? status = string.IsNullOrWhiteSpace(query.Status)
            ? null
            : CustomerInputMapper.ParseEnum(query.Status, "status", PromotionStatus.Draft, errors);
        PromotionValidity? validity = string.IsNullOrWhiteSpace(query.Validity)
            ? null
            : CustomerInputMapper.ParseEnum(query.Validity, "validity", PromotionValidity.Current, errors);
        var prefix = CustomerInputMapper.Text(query.Q, "q", MaxCodeLength, errors)?.ToUpperInvariant();
        errors.ThrowIfInvalid();

        var q = db.Promotions.AsNoTracking();
        if (status is { } s)
        {
            q = q.Where(p => p.Status == s);
        }

        var today = Today();
        q = validity switch
        {
            PromotionValidity.Upcoming => q.Where(p => p.ValidFrom > today),
            PromotionValidity.Current => q.Where(p => p.ValidFrom <= today && p.ValidTo >= today),
            PromotionValidity.Past => q.Where(p => p.ValidTo < today),
            _ => q,
        };
        if (prefix is not null)
        {
            q = q.Where(p => p.Code.StartsWith(prefix));
        }

        if (before is { } b)
        {
            q = q.Where(p => p.Id < b);
        }

        var rows = await q.OrderByDescending(p => p.Id).Take(limit + 1).ToListAsync(ct);
        var hasMore = rows.Count > limit;
        var items = await ToDtos(rows.Take(limit).ToList(), ct);
        return new Page<PromotionDto>(items, hasMore ? Cursor.Encode(items[^1].Id.ToString(CultureInfo.InvariantCulture)) : null);
    }

    /// <summary>
    /// The tiers (the standard ones and those customers and SLA policies use), segments (those customers and SLA policies
    /// use), channels and active products the form offers, plus the products in <paramref name="include"/> (a promotion's
    /// own, even inactive).
    /// </summary>
    public async Task<PromotionChoices> Choices(IEnumerable<long>? include = null, CancellationToken ct = default)
    {
        var (tiers, segments) = await KnownCodes(ct);
        var extra = (include ?? []).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => p.Active || extra.Contains(p.Id))
            .OrderBy(p => p.Sku).Take(MaxChoices)
            .Select(p => new ProductRef(p.Id, p.Sku, p.NameEs, p.NameEn)).ToListAsync(ct);
        var missing = extra.Where(id => products.All(p => p.Id != id)).ToList();
        if (missing.Count > 0)
        {
            products.AddRange((await OfferReads.Products(db, missing, ct)).Values.OrderBy(p => p.Sku, StringComparer.Ordinal));
        }

        return new PromotionChoices(tiers, segments, Enum.GetValues<Channel>(), products);
    }

    private async Task<(List<string> Tiers, List<string> Segments)> KnownCodes(CancellationToken ct)
    {
        var keys = await db.ServicePolicies.AsNoTracking()
            .Where(p => (p.Scope == SlaScope.CustomerTier || p.Scope == SlaScope.CustomerSegment) && p.ScopeKey != null)
            .Select(p => new { p.Scope, Key = p.ScopeKey! }).Distinct().Take(2 * MaxChoices).ToListAsync(ct);
        var tiers = new SortedSet<string>(CustomerValue.TierRanks.Keys, StringComparer.Ordinal);
        var segments = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var tier in await OfferReads.CustomerCodes(db, "tier", MaxChoices, ct))
        {
            tiers.Add(tier.ToLowerInvariant());
        }

        foreach (var segment in await OfferReads.CustomerCodes(db, "segment", MaxChoices, ct))
        {
            segments.Add(segment.ToLowerInvariant());
        }

        foreach (var key in keys)
        {
            (key.Scope == SlaScope.CustomerTier ? tiers : segments).Add(key.Key.ToLowerInvariant());
        }

        return ([.. tiers], [.. segments]);
    }

    /// <summary>Checks the input (400) and the code's uniqueness (409), and writes it onto <paramref name="promotion"/>.</summary>
    private async Task Apply(PromotionInput input, Promotion promotion, long? id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new ValidationErrors();
        var code = Code(input.Code, errors);
        var nameEs = Required(input.NameEs, "nameEs", MaxNameLength, errors);
        var nameEn = Required(input.NameEn, "nameEn", MaxNameLength, errors);
        var offerEs = Required(input.OfferEs, "offerEs", MaxOfferLength, errors);
        var offerEn = Required(input.OfferEn, "offerEn", MaxOfferLength, errors);
        if (input.ValidFrom is null)
        {
            errors.Add("validFrom", "Required.");
        }

        if (input.ValidTo is null)
        {
            errors.Add("validTo", "Required.");
        }
        else if (input.ValidFrom is { } from && input.ValidTo < from)
        {
            errors.Add("validTo", "The last day cannot be before the first day.");
        }
        else if (input.ValidFrom is { } start && input.ValidTo.Value.DayNumber - start.DayNumber > 3660)
        {
            errors.Add("validTo", "A promotion lasts at most ten years.");
        }

        var priority = input.Priority ?? 0;
        if (priority is < 0 or > MaxPriority)
        {
            errors.Add("priority", $"Between 0 and {MaxPriority}.");
        }

        var (knownTiers, knownSegments) = await KnownCodes(ct);
        var segments = Codes(input.Segments, "segments", knownSegments, "segment", errors);
        var tiers = Codes(input.Tiers, "tiers", knownTiers, "tier", errors);
        var channels = Channels(input.Channels, errors);
        var ownsAll = await ProductIds(input.OwnsAll, "ownsAll", errors, ct);
        var ownsAny = await ProductIds(input.OwnsAny, "ownsAny", errors, ct);
        var notOwned = await ProductIds(input.NotOwned, "notOwned", errors, ct);
        foreach (var (product, i) in notOwned.Select((p, i) => (p, i)))
        {
            if (ownsAll.Contains(product) || ownsAny.Contains(product))
            {
                errors.Add($"notOwned[{i}]", "A product cannot be both required and excluded.");
            }
        }

        errors.ThrowIfInvalid();
        if (await db.Promotions.AnyAsync(p => p.Code == code && p.Id != (id ?? 0), ct))
        {
            throw new ConflictException($"A promotion with the code {code} already exists.");
        }

        promotion.Code = code!;
        promotion.NameEs = nameEs!;
        promotion.NameEn = nameEn!;
        promotion.OfferEs = offerEs!;
        promotion.OfferEn = offerEn!;
        promotion.ValidFrom = input.ValidFrom!.Value;
        promotion.ValidTo = input.ValidTo!.Value;
        promotion.Priority = priority;
        promotion.Eligibility = new PromotionEligibility
        {
            Segments = segments, Tiers = tiers, Channels = channels, OwnsAll = ownsAll, OwnsAny = ownsAny, NotOwned = notOwned,
        };
    }

    private static string? Code(string? value, ValidationErrors errors)
    {
        var code = CustomerInputMapper.Clean(value)?.ToUpperInvariant();
        if (code is null)
        {
            errors.Add("code", "Required.");
        }
        else if (code.Length is < 2 or > MaxCodeLength || !code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            errors.Add("code", $"2 to {MaxCodeLength} letters, digits, hyphens or underscores.");
        }

        return code;
    }

    private static string? Required(string? value, string field, int max, ValidationErrors errors)
    {
        var text = CustomerInputMapper.Text(value, field, max, errors);
        if (text is null)
        {
            errors.Add(field, "Required.");
        }

        return text;
    }

    private static List<string> Codes(IReadOnlyList<string?>? values, string field, IReadOnlyCollection<string> known, string what, ValidationErrors errors)
    {
        var codes = new List<string>();
        foreach (var (value, i) in (values ?? []).Select((v, i) => (v, i)))
        {
            var code = CustomerInputMapper.Clean(value)?.ToLowerInvariant();
            if (code is null)
            {
                continue;
            }

            if (!known.Contains(code))
            {
                errors.Add($"{field}[{i}]", $"No customer or SLA policy uses the {what} '{code}'.");
            }
            else if (!codes.Contains(code))
            {
                codes.Add(code);
            }
        }

        if (codes.Count > MaxListItems)
        {
            errors.Add(field, $"At most {MaxListItems}.");
        }

        return codes;
    }

    private static List<Channel> Channels(IReadOnlyList<string?>? values, ValidationErrors errors)
    {
        var channels = new List<Channel>();
        foreach (var (value, i) in (values ?? []).Select((v, i) => (v, i)))
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            var channel = CustomerInputMapper.ParseEnum(value, $"channels[{i}]", Channel.Phone, errors);
            if (EnumText.TryParse<Channel>(value, out _) && !channels.Contains(channel))
            {
                channels.Add(channel);
            }
        }

        channels.Sort();
        return channels;
    }

    private async Task<List<long>> ProductIds(IReadOnlyList<long>? values, string field, ValidationErrors errors, CancellationToken ct)
    {
        var ids = (values ?? []).Distinct().ToList();
        if (ids.Count > MaxListItems)
        {
            errors.Add(field, $"At most {MaxListItems} products.");
            return ids;
        }

        var existing = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct);
        foreach (var (id, i) in (values ?? []).Select((v, i) => (v, i)))
        {
            if (!existing.Contains(id))
            {
                errors.Add($"{field}[{i}]", $"There is no product {id}.");
            }
        }

        return ids;
    }

    private async Task<List<PromotionDto>> ToDtos(IReadOnlyList<Promotion> promotions, CancellationToken ct)
    {
        if (promotions.Count == 0)
        {
            return [];
        }

        var ids = promotions.Select(p => p.Id).ToList();
        var counts = await db.PromotionResponses.AsNoTracking().Where(r => ids.Contains(r.PromotionId))
            .GroupBy(r => new { r.PromotionId, r.Kind }).Select(g => new { g.Key.PromotionId, g.Key.Kind, Count = g.Count() })
            .ToListAsync(ct);
        var products = await OfferReads.Products(db, promotions.SelectMany(p => OfferReads.ProductIds(p.Eligibility)), ct);
        var today = Today();
        int Count(long id, PromotionResponseKind kind) => counts.FirstOrDefault(c => c.PromotionId == id && c.Kind == kind)?.Count ?? 0;
        return [.. promotions.Select(p => new PromotionDto(
            p.Id, p.Code, p.NameEs, p.NameEn, p.OfferEs, p.OfferEn, p.ValidFrom, p.ValidTo, p.Status, OfferReads.Validity(p, today), p.Priority,
            OfferReads.ToDto(p.Eligibility, products),
            new ResponseCounts(Count(p.Id, PromotionResponseKind.Offered), Count(p.Id, PromotionResponseKind.Accepted), Count(p.Id, PromotionResponseKind.Declined)),
            p.CreatedAt, p.UpdatedAt, p.Version))];
    }

    private static void CheckVersion(Promotion promotion, long? expected)
    {
        if (expected is not null && expected != promotion.Version)
        {
            throw new PreconditionFailedException(
                $"The promotion was changed by someone else (version {promotion.Version}, you sent {expected}). Reload it and try again.");
        }
    }

    /// <summary>Saves; a failed write explained by another promotion with the same code is a 409.</summary>
    private Task Save(string code, long id, CancellationToken ct) =>
        Saves.Save(db, "promotion", () => db.Promotions.AnyAsync(p => p.Code == code && p.Id != id, ct), $"A promotion with the code {code} already exists.", ct);
}
