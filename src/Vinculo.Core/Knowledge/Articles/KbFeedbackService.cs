using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Commerce.Catalog;
using Vinculo.Core.Common;
using Vinculo.Core.Interactions;
using Vinculo.Core.Storage;
using Vinculo.Domain.Knowledge;

namespace Vinculo.Core.Knowledge.Articles;

/// <summary>
/// What readers do with articles: "was this helpful?" answers, uses while serving a customer, views. Each writes its row
/// and moves the article's counter in the same transaction, with an increment in SQL (never a read-modify-write), and
/// leaves the article's version alone: counters are not edits.
/// </summary>
public sealed class KbFeedbackService(VinculoDb db, TimeProvider clock)
{
    public const int DefaultLimit = 50;

    /// <summary>Records a yes/no answer with an optional comment; null when the article does not exist.</summary>
    public async Task<KbFeedbackDto?> Feedback(long id, KbFeedbackInput input, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(actor);
        var errors = new ValidationErrors();
        if (input.Helpful is null)
        {
            errors.Add("helpful", "Required: true or false.");
        }

        var comment = KbRules.Text(input.Comment, "comment", KbRules.MaxComment, errors);
        errors.ThrowIfInvalid();

        var helpful = input.Helpful!.Value;
        var now = KbRules.Now(clock);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var articles = db.KbArticles.Where(a => a.Id == id);
        var changed = helpful
            ? await articles.ExecuteUpdateAsync(s => s.SetProperty(a => a.HelpfulYes, a => a.HelpfulYes + 1), ct)
            : await articles.ExecuteUpdateAsync(s => s.SetProperty(a => a.HelpfulNo, a => a.HelpfulNo + 1), ct);
        if (changed == 0)
        {
            return null;
        }

        var feedback = new KbFeedback
        {
            ArticleId = id,
            Helpful = helpful,
            Comment = comment,
            UserId = UserId(actor),
            CreatedAt = now,
        };
        db.KbFeedback.Add(feedback);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new KbFeedbackDto(feedback.Id, id, helpful, comment, feedback.UserId, actor.Name.Length == 0 ? null : actor.Name, now);
    }

    /// <summary>The article's feedback, newest first, with who gave it; null when the article does not exist.</summary>
    public async Task<Page<KbFeedbackDto>?> ListFeedback(long id, KbFeedbackQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, DefaultLimit);
        var after = CommerceInput.ReadTimeCursor(query.Cursor, errors);
        errors.ThrowIfInvalid();
        if (!await db.KbArticles.AnyAsync(a => a.Id == id, ct))
        {
            return null;
        }

        var q = db.KbFeedback.AsNoTracking().Where(f => f.ArticleId == id);
        if (after is { } c)
        {
            q = q.Where(f => f.CreatedAt < c.At || (f.CreatedAt == c.At && f.Id < c.Id));
        }

        var rows = await q.OrderByDescending(f => f.CreatedAt).ThenByDescending(f => f.Id).Take(limit + 1).ToListAsync(ct);
        var hasMore = rows.Count > limit;
        rows = rows.Take(limit).ToList();
        var userIds = rows.Select(r => r.UserId).OfType<string>().Distinct().ToList();
        var names = userIds.Count == 0
            ? []
            : await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName })
                .ToDictionaryAsync(u => u.Id, u => u.DisplayName, StringComparer.Ordinal, ct);
        var items = rows.Select(f => new KbFeedbackDto(
            f.Id, f.ArticleId, f.Helpful, f.Comment, f.UserId, f.UserId is not null && names.TryGetValue(f.UserId, out var n) ? n : null,
            f.CreatedAt)).ToList();
        return new Page<KbFeedbackDto>(items, hasMore ? CommerceInput.TimeCursor(rows[^1].CreatedAt, rows[^1].Id) : null);
    }

    /// <summary>
    /// Records that the article was used on a case and/or for a customer (a case's customer is taken from the case);
    /// null when the article does not exist. With <paramref name="onlyOnce"/>, nothing is added when the same user already
    /// recorded the same use (a page opened again from the same case).
    /// </summary>
    public async Task<KbUsageDto?> Use(long id, KbUsageInput input, Actor actor, bool onlyOnce = false, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(actor);
        var errors = new ValidationErrors();
        long? customerId = input.CustomerId;
        if (input.CaseId is null && input.CustomerId is null)
        {
            errors.Add("caseId", "Give a caseId, a customerId or both.");
        }

        if (input.CaseId is { } caseId)
        {
            var caseCustomer = await db.Cases.AsNoTracking().Where(c => c.Id == caseId).Select(c => (long?)c.CustomerId).FirstOrDefaultAsync(ct);
            if (caseCustomer is null)
            {
                errors.Add("caseId", "No case has this id.");
            }
            else if (input.CustomerId is { } given && given != caseCustomer)
            {
                errors.Add("customerId", "The case belongs to another customer.");
            }
            else
            {
                customerId = caseCustomer;
            }
        }

        if (input.CaseId is null && input.CustomerId is { } onlyCustomer && !await db.Customers.AnyAsync(c => c.Id == onlyCustomer, ct))
        {
            errors.Add("customerId", "No customer has this id.");
        }

        errors.ThrowIfInvalid();
        var userId = UserId(actor);
        if (onlyOnce)
        {
            var existing = await db.KbUsages.AsNoTracking()
                .Where(u => u.ArticleId == id && u.CaseId == input.CaseId && u.CustomerId == customerId && u.UserId == userId)
                .OrderByDescending(u => u.Id).FirstOrDefaultAsync(ct);
            if (existing is not null)
            {
                return ToDto(existing);
            }
        }

        var now = KbRules.Now(clock);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.KbArticles.Where(a => a.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.UseCount, a => a.UseCount + 1), ct);
        if (changed == 0)
        {
            return null;
        }

        var usage = new KbUsage { ArticleId = id, CaseId = input.CaseId, CustomerId = customerId, UserId = userId, CreatedAt = now };
        db.KbUsages.Add(usage);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ToDto(usage);
    }

    /// <summary>Counts a view of the article; the counters after it, or null when the article does not exist.</summary>
    public async Task<KbCounters?> View(long id, CancellationToken ct = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.KbArticles.Where(a => a.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ViewCount, a => a.ViewCount + 1), ct);
        if (changed == 0)
        {
            return null;
        }

        var counters = await Counters(id, ct);
        await tx.CommitAsync(ct);
        return counters;
    }

    /// <summary>The article's counters; null when it does not exist.</summary>
    public Task<KbCounters?> Counters(long id, CancellationToken ct = default) =>
        db.KbArticles.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new KbCounters(a.Id, a.HelpfulYes, a.HelpfulNo, a.ViewCount, a.UseCount))
            .FirstOrDefaultAsync(ct);

    private static string? UserId(Actor actor) => actor.UserId.Length == 0 ? null : actor.UserId;

    private static KbUsageDto ToDto(KbUsage u) => new(u.Id, u.ArticleId, u.CaseId, u.CustomerId, u.UserId, u.CreatedAt);
}
