using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Storage;
using Vinculo.Domain.Knowledge;

namespace Vinculo.Core.Demo;

/// <summary>What <see cref="DemoKnowledge.SeedAsync"/> added.</summary>
public sealed record DemoKnowledgeResult(int Categories, int Articles, int SynonymGroups);

/// <summary>
/// The demo company's knowledge base: categories named in both languages, published article pairs (Spanish and English,
/// linked translations; mostly internal, some public) about orders, returns, warranty, billing, payment plans, contracts,
/// product care and technical support, and the default synonym groups of each language. The content is the embedded
/// file <c>Demo/knowledge-demo.json</c>.
/// </summary>
public static class DemoKnowledge
{
    /// <summary>Prefix of the demo articles' external ids ("demo/flannel-sheets"), the same in both languages.</summary>
    public const string ExternalIdPrefix = "demo/";

    private const string ResourceName = "Vinculo.Core.Demo.knowledge-demo.json";
    private const string Author = "Vinculo";

    private static readonly Lazy<DemoKnowledgeData> Content = new(Load);

    internal static DemoKnowledgeData Data => Content.Value;

    /// <summary>
    /// Adds what is missing of the demo knowledge base in one transaction: categories (matched by their names), articles
    /// (matched by external id; each new Spanish article with its English translation, both published, with their first
    /// version and their search columns set) and synonym groups (matched by their terms). Running it again adds nothing.
    /// </summary>
    public static async Task<DemoKnowledgeResult> SeedAsync(VinculoDb db, DateTime now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        now = Timestamps.Truncate(now.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(now, DateTimeKind.Utc) : now.ToUniversalTime());
        var data = Data;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        // Categories.
        var categories = await db.KbCategories.ToListAsync(ct);
        var position = categories.Count == 0 ? 0 : categories.Max(c => c.Position);
        var byKey = new Dictionary<string, KbCategory>(StringComparer.Ordinal);
        var addedCategories = 0;
        foreach (var c in data.Categories)
        {
            var found = categories.FirstOrDefault(x => x.ParentId == null && x.NameEs == c.Es && x.NameEn == c.En);
            if (found is null)
            {
                found = new KbCategory { NameEs = c.Es, NameEn = c.En, Position = ++position, CreatedAt = now, UpdatedAt = now, Version = 1 };
                db.KbCategories.Add(found);
                addedCategories++;
            }

            byKey[c.Key] = found;
        }

        await db.SaveChangesAsync(ct);

        // Articles: a pair is added only when neither language has it yet.
        var ids = data.Articles.Select(a => ExternalIdPrefix + a.Key).ToList();
        var existing = (await db.KbArticles.AsNoTracking().Where(a => a.ExternalId != null && ids.Contains(a.ExternalId))
                .Select(a => new { a.Language, a.ExternalId }).ToListAsync(ct))
            .Select(a => (a.Language, a.ExternalId!)).ToHashSet();
        var pairs = data.Articles
            .Where(a => !existing.Contains(("es", ExternalIdPrefix + a.Key)) && !existing.Contains(("en", ExternalIdPrefix + a.Key)))
            .Select(a => (Es: Article(a, "es", a.Es, byKey[a.Category].Id, now), En: Article(a, "en", a.En, byKey[a.Category].Id, now)))
            .ToList();
        if (pairs.Count > 0)
        {
            db.KbArticles.AddRange(pairs.Select(p => p.Es));
            await db.SaveChangesAsync(ct);
            foreach (var (es, en) in pairs)
            {
                es.TranslationGroupId = es.Id;
                en.TranslationGroupId = es.Id;
            }

            db.KbArticles.AddRange(pairs.Select(p => p.En));
            await db.SaveChangesAsync(ct);
            db.KbArticleVersions.AddRange(pairs.SelectMany(p => new[] { p.Es, p.En }).Select(a => new KbArticleVersion
            {
                ArticleId = a.Id, Number = a.Version, Title = a.Title, Body = a.Body, Status = a.Status, AuthorName = Author, CreatedAt = now,
            }));
        }

        // Synonym groups, compared ignoring case and spacing.
        var groups = await db.KbSynonyms.AsNoTracking().Select(g => new { g.Language, g.Terms }).ToListAsync(ct);
        var known = groups.Select(g => (g.Language, SynonymKey(g.Terms))).ToHashSet();
        var addedSynonyms = 0;
        foreach (var (language, list) in data.Synonyms)
        {
            foreach (var terms in list.Where(t => known.Add((language, SynonymKey(t)))))
            {
                db.KbSynonyms.Add(new KbSynonymGroup { Language = language, Terms = terms, CreatedAt = now, UpdatedAt = now, Version = 1 });
                addedSynonyms++;
            }
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new DemoKnowledgeResult(addedCategories, pairs.Count * 2, addedSynonyms);
    }

    private static KbArticle Article(DemoArticle demo, string language, DemoArticleText text, long categoryId, DateTime now)
    {
        var article = new KbArticle
        {
            Language = language, CategoryId = categoryId, ExternalId = ExternalIdPrefix + demo.Key, Title = text.Title, Body = text.Body,
            Status = KbStatus.Published, Visibility = demo.Visibility == "public" ? KbVisibility.Public : KbVisibility.Internal,
            AuthorName = Author, CreatedAt = now, UpdatedAt = now, PublishedAt = now, Version = 1,
        };
        KbAnalysis.Apply(article);
        return article;
    }

    private static string SynonymKey(string terms) =>
        string.Join(',', terms.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => t.ToLowerInvariant()));

    private static DemoKnowledgeData Load()
    {
        using var stream = typeof(DemoKnowledge).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        return JsonSerializer.Deserialize<DemoKnowledgeData>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is empty.");
    }
}

internal sealed record DemoKnowledgeData(
    IReadOnlyList<DemoCategory> Categories, IReadOnlyList<DemoArticle> Articles, IReadOnlyDictionary<string, IReadOnlyList<string>> Synonyms);

internal sealed record DemoCategory(string Key, string Es, string En);

/// <param name="Visibility">"public" or "internal".</param>
internal sealed record DemoArticle(string Key, string Category, string Visibility, DemoArticleText Es, DemoArticleText En);

internal sealed record DemoArticleText(string Title, string Body);
