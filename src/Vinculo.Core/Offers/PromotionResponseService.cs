using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Core.Interactions;
using Vinculo.Core.Storage;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Offers;

namespace Vinculo.Core.Offers;

/// <summary>
/// Offers made to customers and their answers, recorded from the customer 360 or a script. An acceptance is also an
/// interaction on the customer's timeline (in the customer's language), written in the same transaction.
/// </summary>
public sealed class PromotionResponseService(VinculoDb db, TimeProvider clock, IOptions<OfferOptions> options)
{
    public const int MaxNote = 1000;

    /// <summary>Records the answer; null when the customer or the promotion does not exist.</summary>
    /// <exception cref="ConflictException">The promotion is not current (not active or outside its dates).</exception>
    public async Task<PromotionResponseDto?> Record(long customerId, PromotionResponseInput input, Actor? agent, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new ValidationErrors();
        if (input.PromotionId is null)
        {
            errors.Add("promotionId", "Required.");
        }

        var kind = CustomerInputMapper.ParseEnum(input.Kind, "kind", PromotionResponseKind.Offered, errors, required: true);
        Channel? channel = string.IsNullOrWhiteSpace(input.Channel) ? null : CustomerInputMapper.ParseEnum(input.Channel, "channel", Channel.Phone, errors);
        var note = CustomerInputMapper.Text(input.Note, "note", MaxNote, errors);
        errors.ThrowIfInvalid();

        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == customerId)
            .Select(c => new { c.PreferredLanguage, c.PreferredChannel }).FirstOrDefaultAsync(ct);
        var promotion = await db.Promotions.AsNoTracking().FirstOrDefaultAsync(p => p.Id == input.PromotionId, ct);
        if (customer is null || promotion is null)
        {
            return null;
        }

        var today = PromotionRules.Today(clock.GetUtcNow(), options.Value.Zone());
        if (!PromotionRules.IsCurrent(promotion, today))
        {
            throw new ConflictException($"The promotion {promotion.Code} is not current (it is {EnumText.Camel(promotion.Status)}, valid "
                + $"{promotion.ValidFrom:yyyy-MM-dd} to {promotion.ValidTo:yyyy-MM-dd}): it cannot be offered now.");
        }

        var now = Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);
        var response = new PromotionResponse
        {
            PromotionId = promotion.Id,
            CustomerId = customerId,
            Kind = kind,
            Channel = channel,
            Note = note,
            AgentId = agent?.UserId,
            AgentName = agent?.Name,
            At = now,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (kind == PromotionResponseKind.Accepted)
        {
            var english = customer.PreferredLanguage == "en";
            var subject = english ? $"Offer accepted: {promotion.NameEn}" : $"Oferta aceptada: {promotion.NameEs}";
            var body = english ? promotion.OfferEn : promotion.OfferEs;
            if (note is not null)
            {
                body += "\n\n" + note;
            }

            var interaction = new Interaction
            {
                CustomerId = customerId,
                Channel = channel ?? customer.PreferredChannel ?? Channel.Phone,
                Direction = Direction.Outbound,
                Moment = JourneyMoment.Purchase,
                Subject = subject.Length > InteractionService.MaxSubject ? subject[..InteractionService.MaxSubject] : subject,
                Body = body,
                AgentId = agent?.UserId,
                AgentName = agent?.Name,
                OccurredAt = now,
                Outcome = "promotion:" + promotion.Code,
                CreatedAt = now,
            };
            interaction.SearchTerms = InteractionService.IndexTerms(interaction.Subject, interaction.Body, customer.PreferredLanguage);
            db.Interactions.Add(interaction);
            await db.SaveChangesAsync(ct);
            response.InteractionId = interaction.Id;
        }

        db.PromotionResponses.Add(response);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return ToDto(response, promotion);
    }

    /// <summary>The customer's latest answers, newest first (at most <paramref name="limit"/>); null when no such customer.</summary>
    public async Task<IReadOnlyList<PromotionResponseDto>?> ForCustomer(long customerId, int? limit, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var take = Cursor.Limit(limit, errors, 20);
        errors.ThrowIfInvalid();
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct))
        {
            return null;
        }

        var rows = await db.PromotionResponses.AsNoTracking().Where(r => r.CustomerId == customerId)
            .OrderByDescending(r => r.At).ThenByDescending(r => r.Id).Take(take)
            .Join(db.Promotions, r => r.PromotionId, p => p.Id, (r, p) => new { Response = r, Promotion = p })
            .ToListAsync(ct);
        return [.. rows.OrderByDescending(r => r.Response.At).ThenByDescending(r => r.Response.Id).Select(r => ToDto(r.Response, r.Promotion))];
    }

    private static PromotionResponseDto ToDto(PromotionResponse r, Promotion p) => new(
        r.Id, p.Id, p.Code, new BilingualText(p.NameEs, p.NameEn), r.CustomerId, r.Kind, r.Channel, r.Note, r.AgentName, r.At, r.InteractionId);
}
