using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Common;
using Vinculo.Core.Interactions;
using Vinculo.Core.Storage;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Scripts;

namespace Vinculo.Core.Scripts;

/// <summary>
/// Runs scripts with a customer: selects the script their facts call for (and says why), walks it with the agent's
/// answers so far (stateless: the page keeps only the answers), and records a finished conversation — the run and
/// an entry on the customer's timeline with the transcript, in one transaction.
/// </summary>
public sealed class ScriptRunner(VinculoDb db, TimeProvider clock)
{
    public const int MaxAnswers = 200;
    public const int MaxReason = 100;

    private DateTime Now => Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);

    /// <summary>
    /// The script for a conversation with the customer (about <paramref name="caseId"/>, for <paramref name="reason"/>):
    /// null when the customer does not exist.
    /// </summary>
    /// <exception cref="ValidationException">The case is not one of the customer's, or the reason is too long.</exception>
    public async Task<ScriptSelectionDto?> SelectForAsync(long customerId, long? caseId, string? reason, CancellationToken ct = default)
    {
        var facts = await Facts(customerId, caseId, reason, ct);
        return facts is null ? null : await Select(customerId, caseId, facts, ct);
    }

    /// <summary>
    /// Where the conversation stands after <see cref="RunRequest.Answers"/>: the script (the one given, else the selected
    /// one), every step so far rendered with the facts, and the question it waits on or the end. Null when the customer
    /// or the given script does not exist, or no script is selected.
    /// </summary>
    /// <exception cref="ValidationException">An answer does not fit the script.</exception>
    public async Task<RunView?> WalkAsync(RunRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var facts = await Facts(request.CustomerId, request.CaseId, request.Reason, ct);
        if (facts is null)
        {
            return null;
        }

        var selection = await Select(request.CustomerId, request.CaseId, facts, ct);
        var scriptId = request.ScriptId ?? selection.Script?.Id;
        var script = scriptId is null ? null : await db.Scripts.AsNoTracking().FirstOrDefaultAsync(s => s.Id == scriptId, ct);
        if (script is null)
        {
            return null;
        }

        var answers = CheckAnswers(request.Answers, new ValidationErrors());
        var walk = Walk(script, facts, answers);
        return new RunView(Ref(script), selection, walk.Path.Select(ToDto).ToList(), walk.State, answers);
    }

    /// <summary>
    /// Records a finished conversation: the run (path, answers, facts, transcript) and the timeline entry, together.
    /// The walk is replayed here on the facts as they are now, so what is recorded is what the script says.
    /// Null when the customer or the script does not exist.
    /// </summary>
    /// <exception cref="ValidationException">Bad input, or the answers do not reach the end of the script.</exception>
    /// <exception cref="PreconditionFailedException">The script changed since the agent started (<see cref="FinishRunInput.ScriptVersion"/>).</exception>
    /// <exception cref="ConflictException">The script is not active, or the facts now lead another way than the path the agent saw.</exception>
    public async Task<ScriptRunDto?> FinishAsync(FinishRunInput input, Actor? agent, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = Now;
        var errors = new ValidationErrors();
        if (input.CustomerId is null)
        {
            errors.Add("customerId", "Required.");
        }

        if (input.ScriptId is null)
        {
            errors.Add("scriptId", "Required.");
        }

        var answers = CheckAnswers(input.Answers, errors);
        var startedAt = Timestamps.Truncate(input.StartedAt?.ToUniversalTime() ?? now);
        if (startedAt > now.AddMinutes(5))
        {
            errors.Add("startedAt", "A conversation cannot start in the future.");
        }
        else if (startedAt < now.AddDays(-1))
        {
            errors.Add("startedAt", "A conversation is recorded within a day of its start.");
        }

        if (startedAt > now)
        {
            startedAt = now;
        }

        if (input.Path is { Count: > ScriptWalk.MaxSteps })
        {
            errors.Add("path", $"At most {ScriptWalk.MaxSteps} steps.");
        }

        errors.ThrowIfInvalid();
        var facts = await Facts(input.CustomerId!.Value, input.CaseId, input.Reason, ct);
        var script = await db.Scripts.AsNoTracking().FirstOrDefaultAsync(s => s.Id == input.ScriptId, ct);
        if (facts is null || script is null)
        {
            return null;
        }

        if (input.ScriptVersion is { } version && version != script.Version)
        {
            throw new PreconditionFailedException(
                $"The script was changed (version {script.Version}, the conversation followed {version}). Start it again.");
        }

        if (script.Status != ScriptStatus.Active)
        {
            throw new ConflictException("Only active scripts are recorded; this one is a draft or archived.");
        }

        var walk = Walk(script, facts, answers);
        if (input.Path is { } seen && !seen.SequenceEqual(walk.StepIds, StringComparer.Ordinal))
        {
            throw new ConflictException(
                "The customer's facts changed during the conversation and the script now goes another way: "
                + string.Join(" → ", walk.StepIds) + ". Review the steps and finish again.");
        }

        if (walk.State != WalkState.Finished)
        {
            throw ValidationException.For("answers", walk.State == WalkState.Loop
                ? "The script goes round in circles for this customer; it cannot be finished."
                : $"The conversation has not reached an end: step \"{walk.Current.Step.Id}\" waits for an answer.");
        }

        var selection = await Select(input.CustomerId.Value, input.CaseId, facts, ct);
        var rule = selection.Script?.Id == script.Id ? selection.Rule : null;
        var transcript = ScriptTranscript.Build(script.Name, script.Code, script.Version, script.Language, rule?.Name, walk);
        var channel = input.CaseId is { } caseId
            ? await db.Cases.AsNoTracking().Where(c => c.Id == caseId).Select(c => (Channel?)c.Channel).FirstOrDefaultAsync(ct) ?? Channel.Phone
            : Channel.Phone;
        var customerLanguage = facts.GetValueOrDefault("customer.language") ?? "es";
        var interaction = new Interaction
        {
            CustomerId = input.CustomerId.Value,
            Channel = channel,
            Direction = Direction.Inbound,
            Subject = Truncate("Script: " + script.Name, InteractionService.MaxSubject),
            Body = Truncate(transcript, InteractionService.MaxBody),
            AgentId = string.IsNullOrEmpty(agent?.UserId) ? null : agent.UserId,
            AgentName = string.IsNullOrEmpty(agent?.Name) ? null : agent.Name,
            OccurredAt = startedAt,
            DurationSeconds = (int)Math.Clamp((now - startedAt).TotalSeconds, 0, 86_400),
            Outcome = walk.Current.Step.Id,
            CreatedAt = now,
        };
        interaction.SearchTerms = InteractionService.IndexTerms(interaction.Subject, interaction.Body, customerLanguage);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Interactions.Add(interaction);
        await db.SaveChangesAsync(ct);
        var run = new ScriptRun
        {
            ScriptId = script.Id,
            ScriptVersion = script.Version,
            CustomerId = input.CustomerId.Value,
            CaseId = facts.ContainsKey("case.id") ? input.CaseId : null,
            InteractionId = interaction.Id,
            UserId = interaction.AgentId,
            StartedAt = startedAt,
            FinishedAt = now,
            RuleId = rule?.Id,
            Path = ScriptJson.Write(walk.StepIds),
            Answers = ScriptJson.Write(answers),
            Facts = ScriptJson.Write(facts),
            Transcript = transcript,
        };
        db.ScriptRuns.Add(run);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ToDto(run, script.Code, script.Name);
    }

    /// <summary>A recorded run; null when it does not exist.</summary>
    public async Task<ScriptRunDto?> GetRun(long id, CancellationToken ct = default)
    {
        var row = await db.ScriptRuns.AsNoTracking().Where(r => r.Id == id)
            .Join(db.Scripts, r => r.ScriptId, s => s.Id, (r, s) => new { Run = r, s.Code, s.Name }).FirstOrDefaultAsync(ct);
        return row is null ? null : ToDto(row.Run, row.Code, row.Name);
    }

    /// <summary>A customer's recorded runs, newest first; null when the customer does not exist.</summary>
    public async Task<Page<ScriptRunDto>?> Runs(long customerId, ScriptRunQuery query, CancellationToken ct = default)
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

        errors.ThrowIfInvalid();
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct))
        {
            return null;
        }

        var q = db.ScriptRuns.AsNoTracking().Where(r => r.CustomerId == customerId);
        if (before is { } b)
        {
            q = q.Where(r => r.Id < b);
        }

        var rows = await q.OrderByDescending(r => r.Id).Take(limit + 1)
            .Join(db.Scripts, r => r.ScriptId, s => s.Id, (r, s) => new { Run = r, s.Code, s.Name })
            .ToListAsync(ct);
        rows = rows.OrderByDescending(r => r.Run.Id).ToList();
        var hasMore = rows.Count > limit;
        var items = rows.Take(limit).Select(r => ToDto(r.Run, r.Code, r.Name)).ToList();
        return new Page<ScriptRunDto>(items, hasMore ? Cursor.Encode(items[^1].Id.ToString(CultureInfo.InvariantCulture)) : null);
    }

    // ---- the parts ----

    /// <summary>The facts, with the agent's reason as contact.reason; null when no such customer.</summary>
    private async Task<Dictionary<string, string?>?> Facts(long customerId, long? caseId, string? reason, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var why = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim().ToLowerInvariant();
        if (why is { Length: > MaxReason })
        {
            errors.Add("reason", $"At most {MaxReason} characters.");
        }

        errors.ThrowIfInvalid();
        var loaded = await CustomerFacts.LoadAsync(db, customerId, caseId, Now, ct);
        if (loaded.Count == 0)
        {
            return null;
        }

        if (caseId is not null && !loaded.ContainsKey("case.id"))
        {
            throw ValidationException.For("caseId", "No case with this id belongs to the customer.");
        }

        var facts = new Dictionary<string, string?>(loaded, StringComparer.Ordinal);
        if (why is not null)
        {
            facts["contact.reason"] = why;
        }

        return facts;
    }

    private async Task<ScriptSelectionDto> Select(long customerId, long? caseId, IReadOnlyDictionary<string, string?> facts, CancellationToken ct)
    {
        var rules = await ScriptRuleService.Active(db, ct);
        var variants = await db.Scripts.AsNoTracking().Where(s => s.Status == ScriptStatus.Active)
            .Select(s => new { s.Id, s.Code, s.Language, s.Name, s.Version }).ToListAsync(ct);
        var byCode = variants.ToLookup(v => v.Code, StringComparer.Ordinal);
        var selection = ScriptSelector.Select(rules, facts, code => byCode[code].Any());
        ScriptRef? script = null;
        RuleRef? rule = null;
        if (selection.Chosen is { } chosen)
        {
            var language = ScriptSelector.Language(facts.GetValueOrDefault("customer.language"), byCode[chosen.ScriptCode].Select(v => v.Language));
            var v = byCode[chosen.ScriptCode].First(x => x.Language == language);
            script = new ScriptRef(v.Id, v.Code, v.Language, v.Name, v.Version);
            rule = new RuleRef(chosen.Id, chosen.Name, chosen.Priority);
        }

        var outcomes = selection.Outcomes.Select(o => new RuleOutcomeDto(o.Rule.Id, o.Rule.Name, o.Rule.Priority, o.Rule.ScriptCode, o.Verdict,
            o.Conditions.Select(c => new ConditionOutcomeDto(c.Condition.Fact, c.Condition.Operator, c.Condition.Value, c.FactValue, c.Held)).ToList())).ToList();
        return new ScriptSelectionDto(customerId, facts.ContainsKey("case.id") ? caseId : null, script, rule, outcomes, facts);
    }

    private static List<ScriptAnswer> CheckAnswers(IReadOnlyList<ScriptAnswer?>? given, ValidationErrors errors)
    {
        var answers = new List<ScriptAnswer>();
        if (given is null)
        {
            return answers;
        }

        if (given.Count > MaxAnswers)
        {
            errors.Add("answers", $"At most {MaxAnswers} answers.");
            errors.ThrowIfInvalid();
        }

        for (var i = 0; i < given.Count; i++)
        {
            var a = given[i];
            if (a is null || string.IsNullOrWhiteSpace(a.Step) || string.IsNullOrWhiteSpace(a.Answer))
            {
                errors.Add($"answers[{i}]", "An answer names its step and the answer given.");
                continue;
            }

            answers.Add(new ScriptAnswer(a.Step.Trim(), a.Answer.Trim()));
        }

        errors.ThrowIfInvalid();
        return answers;
    }

    private static ScriptWalkResult Walk(AgentScript script, IReadOnlyDictionary<string, string?> facts, IReadOnlyList<ScriptAnswer> answers)
    {
        try
        {
            return ScriptWalk.Walk(ScriptJson.Definition(script.Definition), facts, answers);
        }
        catch (ScriptWalkException e)
        {
            throw ValidationException.For($"answers[{e.AnswerIndex}]", e.Message);
        }
    }

    private static ScriptRef Ref(AgentScript s) => new(s.Id, s.Code, s.Language, s.Name, s.Version);

    private static RunStepDto ToDto(WalkStep p) => new(
        p.Step.Id,
        p.Step.Kind,
        p.Text,
        p.Missing,
        p.Answer,
        p.AnswerLabel,
        p.Decision?.Condition is { } c ? new ConditionOutcomeDto(c.Fact, c.Operator, c.Value, p.Decision.FactValue, true) : null,
        p.Choices ?? []);

    private static ScriptRunDto ToDto(ScriptRun r, string code, string name) => new(
        r.Id, r.ScriptId, code, name, r.ScriptVersion, r.CustomerId, r.CaseId, r.InteractionId, r.UserId, r.StartedAt, r.FinishedAt, r.RuleId,
        ScriptJson.Read<List<string>>(r.Path) ?? [],
        ScriptJson.Read<List<ScriptAnswer>>(r.Answers) ?? [],
        ScriptJson.Read<Dictionary<string, string?>>(r.Facts) ?? [],
        r.Transcript);

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
