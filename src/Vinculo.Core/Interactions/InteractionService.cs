using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Core.Storage;
using Vinculo.Core.Storage.Search;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Text;

namespace Vinculo.Core.Interactions;

public sealed record InteractionInput(
    string? Channel,
    string? Direction,
    string? Subject,
    string? Body = null,
    string? Moment = null,
    DateTime? OccurredAt = null,
    int? DurationSeconds = null,
    string? Outcome = null);

public sealed record TimelineQuery(string? Channel = null, string? Moment = null, string? Cursor = null, int? Limit = null);

public sealed record InteractionSearchQuery(string? Q, long? CustomerId = null, string? Cursor = null, int? Limit = null);

public sealed record InteractionHit(InteractionDto Interaction, string CustomerName, double Score);

/// <summary>Who is acting: the signed-in user, recorded as the agent of what they log.</summary>
public sealed record Actor(string UserId, string Name);

/// <summary>The customer timeline: log touchpoints, page through them, search their text.</summary>
public sealed class InteractionService(VinculoDb db, TimeProvider clock)
{
    public const int MaxSubject = 300;
    public const int MaxBody = 100_000;

    public static ValidationErrors Validate(InteractionInput input, DateTime now, out Interaction interaction)
    {
        var errors = new ValidationErrors();
        var channel = CustomerInputMapper.ParseEnum(input.Channel, "channel", Channel.Phone, errors, required: true);
        var direction = CustomerInputMapper.ParseEnum(input.Direction, "direction", Direction.Inbound, errors, required: true);
        JourneyMoment? moment = string.IsNullOrWhiteSpace(input.Moment)
            ? null
            : CustomerInputMapper.ParseEnum(input.Moment, "moment", JourneyMoment.Need, errors);
        var subject = CustomerInputMapper.Text(input.Subject, "subject", MaxSubject, errors);
        if (subject is null)
        {
            errors.Add("subject", "Required.");
        }

        var body = string.IsNullOrWhiteSpace(input.Body) ? null : input.Body;
        if (body is not null && body.Length > MaxBody)
        {
            errors.Add("body", $"At most {MaxBody} characters.");
        }

        var occurredAt = input.OccurredAt?.ToUniversalTime() ?? now;
        if (occurredAt > now.AddMinutes(5))
        {
            errors.Add("occurredAt", "An interaction cannot happen in the future.");
        }
        else if (occurredAt < new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc))
        {
            errors.Add("occurredAt", "Too far in the past.");
        }

        if (input.DurationSeconds is < 0 or > 86_400)
        {
            errors.Add("durationSeconds", "Between 0 and 86400 seconds.");
        }

        var outcome = CustomerInputMapper.Text(input.Outcome, "outcome", CustomerOptions.MaxNameLength, errors);
        interaction = new Interaction
        {
            Channel = channel,
            Direction = direction,
            Moment = moment,
            Subject = subject ?? "",
            Body = body,
            OccurredAt = Timestamps.Truncate(occurredAt),
            DurationSeconds = input.DurationSeconds,
            Outcome = outcome,
        };
        return errors;
    }

    /// <summary>Logs a touchpoint; null when the customer does not exist.</summary>
    public async Task<InteractionDto?> Log(long customerId, InteractionInput input, Actor? agent, CancellationToken ct = default)
    {
        var now = Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);
        Validate(input, now, out var interaction).ThrowIfInvalid();
        var language = await db.Customers.Where(c => c.Id == customerId).Select(c => c.PreferredLanguage).FirstOrDefaultAsync(ct);
        if (language is null)
        {
            return null;
        }

        interaction.CustomerId = customerId;
        interaction.AgentId = agent?.UserId;
        interaction.AgentName = agent?.Name;
        interaction.CreatedAt = now;
        interaction.SearchTerms = IndexTerms(interaction.Subject, interaction.Body, language);
        db.Interactions.Add(interaction);
        await db.SaveChangesAsync(ct);
        return ToDto(interaction);
    }

    /// <summary>The analysed text stored for search, in the language the text is written in.</summary>
    public static string IndexTerms(string subject, string? body, string customerLanguage)
    {
        var fallback = customerLanguage == "en" ? TextLanguage.English : TextLanguage.Spanish;
        var language = LanguageGuesser.Guess(body is null ? subject : subject + " " + body, fallback);
        return TextAnalyzer.IndexTerms(subject, body, language);
    }

    /// <summary>The timeline, newest first, optionally by channel and journey moment; null when no such customer.</summary>
    public async Task<Page<InteractionDto>?> Timeline(long customerId, TimelineQuery query, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, 50);
        Channel? channel = string.IsNullOrWhiteSpace(query.Channel) ? null : CustomerInputMapper.ParseEnum(query.Channel, "channel", Channel.Phone, errors);
        JourneyMoment? moment = string.IsNullOrWhiteSpace(query.Moment) ? null : CustomerInputMapper.ParseEnum(query.Moment, "moment", JourneyMoment.Need, errors);
        (DateTime At, long Id)? after = null;
        if (Cursor.TryDecode(query.Cursor) is { } raw)
        {
            var parts = raw.Split(':');
            if (parts.Length == 2 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var micros) && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var id))
            {
                after = (Timestamps.FromMicroseconds(micros), id);
            }
            else
            {
                errors.Add("cursor", "The cursor is not valid; use the nextCursor of a previous page.");
            }
        }

        errors.ThrowIfInvalid();
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct))
        {
            return null;
        }

        var q = db.Interactions.AsNoTracking().Where(i => i.CustomerId == customerId);
        if (channel is not null)
        {
            q = q.Where(i => i.Channel == channel);
        }

        if (moment is not null)
        {
            q = q.Where(i => i.Moment == moment);
        }

        if (after is { } a)
        {
            q = q.Where(i => i.OccurredAt < a.At || (i.OccurredAt == a.At && i.Id < a.Id));
        }

        var rows = await q.OrderByDescending(i => i.OccurredAt).ThenByDescending(i => i.Id).Take(limit + 1).ToListAsync(ct);
        var hasMore = rows.Count > limit;
        var items = rows.Take(limit).Select(ToDto).ToList();
        var next = hasMore
            ? Cursor.Encode($"{Timestamps.ToMicroseconds(items[^1].OccurredAt).ToString(CultureInfo.InvariantCulture)}:{items[^1].Id.ToString(CultureInfo.InvariantCulture)}")
            : null;
        return new Page<InteractionDto>(items, next);
    }

    /// <summary>
    /// Full-text search over subjects and bodies, in Spanish and English at once: each query word matches its
    /// Spanish or its English stem, accents and case ignored, stop words skipped. Best matches first.
    /// </summary>
    public async Task<Page<InteractionHit>> Search(InteractionSearchQuery query, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors);
        var offset = 0;
        if (Cursor.TryDecode(query.Cursor) is { } raw && (!int.TryParse(raw, CultureInfo.InvariantCulture, out offset) || offset < 0 || offset > 10_000))
        {
            errors.Add("cursor", "The cursor is not valid; use the nextCursor of a previous page.");
        }

        if (string.IsNullOrWhiteSpace(query.Q))
        {
            errors.Add("q", "Required: the words to search for.");
        }
        else if (query.Q.Length > 500)
        {
            errors.Add("q", "At most 500 characters.");
        }

        errors.ThrowIfInvalid();
        var groups = QueryTerms(query.Q!);
        var hits = await FullTextSearch.Interactions(db, groups, query.CustomerId, offset, limit + 1, ct);
        var hasMore = hits.Count > limit;
        hits = hits.Take(limit).ToList();
        var ids = hits.Select(h => h.Id).ToList();
        var rows = await db.Interactions.AsNoTracking().Where(i => ids.Contains(i.Id))
            .Join(db.Customers, i => i.CustomerId, c => c.Id, (i, c) => new { Interaction = i, c.DisplayName })
            .ToListAsync(ct);
        var byId = rows.ToDictionary(r => r.Interaction.Id);
        var items = hits.Where(h => byId.ContainsKey(h.Id))
            .Select(h => new InteractionHit(ToDto(byId[h.Id].Interaction), byId[h.Id].DisplayName, Math.Round(h.Score, 4)))
            .ToList();
        return new Page<InteractionHit>(items, hasMore ? Cursor.Encode((offset + limit).ToString(CultureInfo.InvariantCulture)) : null);
    }

    /// <summary>One group per meaningful query word: its Spanish and English stems.</summary>
    public static List<IReadOnlyList<string>> QueryTerms(string q)
    {
        var groups = new List<IReadOnlyList<string>>();
        foreach (var token in Tokenizer.Tokens(q).Distinct())
        {
            if (StopWords.IsStopWord(token, TextLanguage.Spanish) || StopWords.IsStopWord(token, TextLanguage.English))
            {
                continue;
            }

            var es = SpanishStemmer.Stem(token);
            var en = EnglishStemmer.Stem(token);
            groups.Add(es == en ? [es] : [es, en]);
            if (groups.Count == 16)
            {
                break;
            }
        }

        return groups;
    }

    public static InteractionDto ToDto(Interaction i) => new(
        i.Id, i.CustomerId, i.Channel, i.Direction, i.Moment, i.Subject, i.Body, i.AgentId, i.AgentName, i.OccurredAt, i.DurationSeconds, i.Outcome);
}
