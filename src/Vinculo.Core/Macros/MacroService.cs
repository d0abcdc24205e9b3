using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Common;
using Vinculo.Core.Customers;
using Vinculo.Core.Service.Configuration;
using Vinculo.Core.Storage;
using Vinculo.Domain.Knowledge;
using Vinculo.Domain.Macros;
using Vinculo.Domain.Scripts;

namespace Vinculo.Core.Macros;

/// <summary>
/// Macros (canned replies): list, read, create, replace, delete, link translations, and fill one in for a case. Every
/// call names the signed-in user: shared macros are visible to all, a personal macro only to its owner (to anybody else it
/// does not exist: 404, never 403, so its existence is not revealed).
/// </summary>
public sealed class MacroService(VinculoDb db, TimeProvider clock)
{
    /// <summary>The most macros the case page's picker offers.</summary>
    public const int MaxChoices = 500;

    /// <summary>The 409 message when the translation group already has a macro in the language.</summary>
    public const string TranslationTakenMessage = "The macro already has a translation in this language.";

    public async Task<MacroDto> Create(MacroInput input, string userId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new ValidationErrors();
        var fields = Read(input, errors);
        var personal = input.Personal == true;
        if (personal && string.IsNullOrEmpty(userId))
        {
            errors.Add("personal", "A personal macro needs a signed-in user.");
        }

        Macro? source = null;
        if (input.TranslationOf is { } sourceId)
        {
            source = await Visible(userId).FirstOrDefaultAsync(m => m.Id == sourceId, ct);
            if (source is null)
            {
                errors.Add("translationOf", "No macro has this id.");
            }
            else if (fields.Language is not null && source.Language == fields.Language)
            {
                errors.Add("translationOf", "A translation is in the other language than the macro it translates.");
            }
        }

        errors.ThrowIfInvalid();
        var owner = personal ? userId : null;
        await CheckNameFree(fields.NameKey, fields.Language!, owner, null, ct);
        if (source is not null)
        {
            var group = source.TranslationGroupId ?? source.Id;
            await CheckTranslationFree(group, fields.Language!, null, ct);
            source.TranslationGroupId = group;
        }

        var now = Now();
        var macro = new Macro { OwnerId = owner, TranslationGroupId = source?.TranslationGroupId, CreatedAt = now, Version = 1 };
        fields.WriteTo(macro, now);
        db.Macros.Add(macro);
        await Save(fields.NameKey, fields.Language!, owner, null, ct);
        return ToDto(macro);
    }

    /// <summary>The macro, or null when it does not exist or is another user's personal macro.</summary>
    public async Task<MacroDto?> Get(long id, string userId, CancellationToken ct = default) =>
        await Visible(userId).AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct) is { } macro ? ToDto(macro) : null;

    /// <summary>Replaces name, language, body, category and tags (owner and translation group stay); null when not visible.</summary>
    /// <exception cref="PreconditionFailedException">When <paramref name="expectedVersion"/> is not the current version.</exception>
    public async Task<MacroDto?> Update(long id, MacroInput input, long? expectedVersion, string userId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var macro = await Visible(userId).FirstOrDefaultAsync(m => m.Id == id, ct);
        if (macro is null)
        {
            return null;
        }

        ConfigRules.CheckVersion(macro.Version, expectedVersion, "macro");
        var errors = new ValidationErrors();
        var fields = Read(input, errors);
        errors.ThrowIfInvalid();
        await CheckNameFree(fields.NameKey, fields.Language!, macro.OwnerId, id, ct);
        if (macro.TranslationGroupId is { } group && fields.Language != macro.Language)
        {
            await CheckTranslationFree(group, fields.Language!, id, ct);
        }

        fields.WriteTo(macro, Now());
        macro.Version++;
        await Save(fields.NameKey, fields.Language!, macro.OwnerId, id, ct);
        return ToDto(macro);
    }

    /// <summary>Deletes the macro (its translations stay); false when not visible.</summary>
    /// <exception cref="PreconditionFailedException">When <paramref name="expectedVersion"/> is not the current version.</exception>
    public async Task<bool> Delete(long id, long? expectedVersion, string userId, CancellationToken ct = default)
    {
        var macro = await Visible(userId).FirstOrDefaultAsync(m => m.Id == id, ct);
        if (macro is null)
        {
            return false;
        }

        ConfigRules.CheckVersion(macro.Version, expectedVersion, "macro");
        db.Macros.Remove(macro);
        await Saves.Save(db, "macro", null, null, ct);
        return true;
    }

    /// <summary>The macros the user sees, by name then id, filtered by language, text and scope. Keyset pagination.</summary>
    public async Task<Page<MacroSummary>> List(MacroQuery query, string userId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, 50);
        var after = ConfigRules.ReadKeyCursor(query.Cursor, errors);
        var language = Language(query.Language, "language", errors, required: false);
        var scope = string.IsNullOrWhiteSpace(query.Scope) ? "all" : query.Scope.Trim().ToLowerInvariant();
        if (scope is not ("all" or "shared" or "personal"))
        {
            errors.Add("scope", "Use all, shared or personal.");
        }

        var words = string.IsNullOrWhiteSpace(query.Q) ? [] : MacroRules.NameKey(query.Q).Split(' ');
        if (words.Length > 10)
        {
            errors.Add("q", "At most 10 words.");
        }

        errors.ThrowIfInvalid();
        var q = Visible(userId).AsNoTracking();
        if (language is not null)
        {
            q = q.Where(m => m.Language == language);
        }

        q = scope switch
        {
            "shared" => q.Where(m => m.OwnerId == null),
            "personal" => q.Where(m => m.OwnerId != null),
            _ => q,
        };
        foreach (var word in words)
        {
            q = q.Where(m => m.SearchText.Contains(word));
        }

        if (after is { } a)
        {
            q = q.Where(m => string.Compare(m.NameKey, a.Key) > 0 || (m.NameKey == a.Key && m.Id > a.Id));
        }

        var rows = await q.OrderBy(m => m.NameKey).ThenBy(m => m.Id).Take(limit + 1).ToListAsync(ct);
        var hasMore = rows.Count > limit;
        rows = rows.Take(limit).ToList();
        return new Page<MacroSummary>(rows.Select(ToSummary).ToList(), hasMore ? ConfigRules.KeyCursor(rows[^1].NameKey, rows[^1].Id) : null);
    }

    /// <summary>The other macros of the macro's translation group the user sees, by language; null when the macro is not visible.</summary>
    public async Task<IReadOnlyList<MacroSummary>?> Translations(long id, string userId, CancellationToken ct = default)
    {
        var macro = await Visible(userId).AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (macro is null)
        {
            return null;
        }

        if (macro.TranslationGroupId is not { } group)
        {
            return [];
        }

        var rows = await Visible(userId).AsNoTracking().Where(m => m.TranslationGroupId == group && m.Id != id)
            .OrderBy(m => m.Language).ThenBy(m => m.Id).Take(100).ToListAsync(ct);
        return rows.Select(ToSummary).ToList();
    }

    /// <summary>
    /// The macros to offer on a case: in the customer's preferred language first, then the others, each by name (at most
    /// <see cref="MaxChoices"/>); null when the case does not exist.
    /// </summary>
    public async Task<MacroChoices?> Choices(long caseId, string userId, CancellationToken ct = default)
    {
        var language = await (from c in db.Cases
                               join u in db.Customers on c.CustomerId equals u.Id
                               where c.Id == caseId
                               select u.PreferredLanguage).AsNoTracking().FirstOrDefaultAsync(ct);
        if (language is null)
        {
            return null;
        }

        language = KbAnalysis.IsLanguage(language) ? language : "es";
        var rows = await Visible(userId).AsNoTracking()
            .OrderBy(m => m.Language == language ? 0 : 1).ThenBy(m => m.NameKey).ThenBy(m => m.Id)
            .Take(MaxChoices).ToListAsync(ct);
        return new MacroChoices(language, rows.Select(ToSummary).ToList());
    }

    /// <summary>
    /// Fills the macro in for the case with the customer's, the case's and <paramref name="userId"/>'s facts and counts the
    /// use; null when the macro is not visible or the case does not exist.
    /// </summary>
    public async Task<MacroRendering?> RenderForCaseAsync(long macroId, long caseId, string userId, CancellationToken ct = default)
    {
        var macro = await Visible(userId).AsNoTracking().FirstOrDefaultAsync(m => m.Id == macroId, ct);
        var serviceCase = macro is null ? null : await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == caseId, ct);
        if (macro is null || serviceCase is null)
        {
            return null;
        }

        var facts = await MacroFacts.Load(db, serviceCase, userId, macro.Language, Now(), ct);
        var (text, missing) = Fill(macro.Body, facts);
        await db.Macros.Where(m => m.Id == macroId).ExecuteUpdateAsync(u => u.SetProperty(m => m.UseCount, m => m.UseCount + 1), ct);
        return new MacroRendering(macro.Id, caseId, macro.Language, text, missing);
    }

    /// <summary>
    /// Fills in a text that is not saved yet (the edit form's preview) for the case, without counting a use; the text is
    /// checked as on save (400). Null when the case does not exist.
    /// </summary>
    public async Task<MacroRendering?> PreviewForCaseAsync(string? body, string? language, long caseId, string userId, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var lang = Language(language, "language", errors, required: true);
        var text = CustomerInputMapper.Clean(body);
        if (text is null)
        {
            errors.Add("body", "Required.");
        }
        else
        {
            AddProblems(MacroRules.CheckBody(text, MacroFacts.IsKnown), errors);
        }

        errors.ThrowIfInvalid();
        var serviceCase = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == caseId, ct);
        if (serviceCase is null)
        {
            return null;
        }

        var facts = await MacroFacts.Load(db, serviceCase, userId, lang!, Now(), ct);
        var (rendered, missing) = Fill(text!, facts);
        return new MacroRendering(null, caseId, lang!, rendered, missing);
    }

    /// <summary>Renders with the facts; a placeholder without a (non-blank) value stays as written so the agent sees what to fill in.</summary>
    internal static (string Text, IReadOnlyList<string> Missing) Fill(string body, IReadOnlyDictionary<string, string?> facts)
    {
        var values = facts.Where(kv => !string.IsNullOrWhiteSpace(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var first = ScriptTemplate.Render(body, values);
        if (first.Missing.Count == 0)
        {
            return (first.Text, first.Missing);
        }

        foreach (var name in first.Missing)
        {
            values[name] = "{{" + name + "}}";
        }

        return (ScriptTemplate.Render(body, values).Text, first.Missing);
    }

    private DateTime Now() => Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);

    private IQueryable<Macro> Visible(string userId) => db.Macros.Where(m => m.OwnerId == null || m.OwnerId == userId);

    private static Fields Read(MacroInput input, ValidationErrors errors)
    {
        var name = ConfigRules.Text(input.Name, "name", MacroRules.MaxNameLength, errors, required: true);
        var language = Language(input.Language, "language", errors, required: true);
        var body = CustomerInputMapper.Clean(input.Body);
        if (body is null)
        {
            errors.Add("body", "Required.");
        }
        else
        {
            AddProblems(MacroRules.CheckBody(body, MacroFacts.IsKnown), errors);
        }

        var category = ConfigRules.Text(input.Category, "category", MacroRules.MaxCategoryLength, errors);
        var tags = MacroRules.NormalizeTags(input.Tags);
        foreach (var (tag, i) in tags.Select((t, i) => (t, i)))
        {
            if (tag.Length > MacroRules.MaxTagLength || tag.Contains(',', StringComparison.Ordinal))
            {
                errors.Add($"tags[{i}]", $"A tag has 1 to {MacroRules.MaxTagLength} characters and no commas.");
            }
        }

        if (tags.Count > MacroRules.MaxTags)
        {
            errors.Add("tags", $"At most {MacroRules.MaxTags} tags.");
        }

        return new Fields(name ?? "", name is null ? "" : MacroRules.NameKey(name), language, body ?? "", category, tags);
    }

    private static string? Language(string? value, string field, ValidationErrors errors, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(field, "Required.");
            }

            return null;
        }

        var language = value.Trim().ToLowerInvariant();
        if (!KbAnalysis.IsLanguage(language))
        {
            errors.Add(field, "Use es or en.");
            return null;
        }

        return language;
    }

    private static void AddProblems(IEnumerable<MacroProblem> problems, ValidationErrors errors)
    {
        foreach (var p in problems)
        {
            errors.Add(p.Field, p.Message);
        }
    }

    private async Task CheckNameFree(string nameKey, string language, string? ownerId, long? exceptId, CancellationToken ct)
    {
        if (await NameTaken(nameKey, language, ownerId, exceptId, ct))
        {
            throw new ConflictException(NameTakenMessage(ownerId));
        }
    }

    private Task<bool> NameTaken(string nameKey, string language, string? ownerId, long? exceptId, CancellationToken ct) =>
        db.Macros.AsNoTracking().AnyAsync(m => m.NameKey == nameKey && m.Language == language && m.OwnerId == ownerId && m.Id != exceptId, ct);

    private static string NameTakenMessage(string? ownerId) => ownerId is null
        ? "Another shared macro in this language already has this name."
        : "Another of your personal macros in this language already has this name.";

    private async Task CheckTranslationFree(long group, string language, long? exceptId, CancellationToken ct)
    {
        if (await db.Macros.AsNoTracking().AnyAsync(m => (m.TranslationGroupId == group || m.Id == group) && m.Language == language && m.Id != exceptId, ct))
        {
            throw new ConflictException(TranslationTakenMessage);
        }
    }

    private Task Save(string nameKey, string language, string? ownerId, long? exceptId, CancellationToken ct) =>
        Saves.Save(db, "macro", () => NameTaken(nameKey, language, ownerId, exceptId, ct), NameTakenMessage(ownerId), ct);

    private static MacroDto ToDto(Macro m) => new(
        m.Id, m.Name, m.Language, m.TranslationGroupId, m.Body, m.Category, MacroRules.SplitTags(m.Tags), m.OwnerId is not null,
        Placeholders(m.Body), m.UseCount, m.CreatedAt, m.UpdatedAt, m.Version);

    private static MacroSummary ToSummary(Macro m) => new(
        m.Id, m.Name, m.Language, m.TranslationGroupId, m.Category, MacroRules.SplitTags(m.Tags), m.OwnerId is not null, m.UseCount,
        m.UpdatedAt, m.Version);

    private static IReadOnlyList<string> Placeholders(string body)
    {
        try
        {
            return ScriptTemplate.Placeholders(body);
        }
        catch (FormatException)
        {
            return [];
        }
    }

    /// <summary>The checked values of an input.</summary>
    private sealed record Fields(string Name, string NameKey, string? Language, string Body, string? Category, IReadOnlyList<string> Tags)
    {
        public void WriteTo(Macro macro, DateTime now)
        {
            var tags = MacroRules.JoinTags(Tags);
            macro.Name = Name;
            macro.NameKey = NameKey;
            macro.Language = Language!;
            macro.Body = Body;
            macro.Category = Category;
            macro.Tags = tags;
            macro.SearchText = MacroRules.SearchText(Name, Category, tags, Body);
            macro.UpdatedAt = now;
        }
    }
}
