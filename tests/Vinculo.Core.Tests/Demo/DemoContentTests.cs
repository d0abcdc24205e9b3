using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Auth;
using Vinculo.Core.Demo;
using Vinculo.Core.Macros;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Knowledge;
using Vinculo.Domain.Macros;
using Vinculo.Domain.Text;
using static Vinculo.Core.Tests.Service.Configuration.ConfigSeed;

namespace Vinculo.Core.Tests.Demo;

/// <summary>The demo macros and knowledge base: they load on both databases, once, and are what the demo promises.</summary>
public sealed class DemoContentTests
{
    private static readonly DateTime Now = new(2026, 3, 10, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Every_demo_macro_uses_known_placeholders_and_has_both_languages()
    {
        Assert.InRange(DemoMacros.Macros.Length, 8, 12);
        foreach (var m in DemoMacros.Macros)
        {
            Assert.Empty(MacroRules.CheckBody(m.BodyEs, MacroFacts.IsKnown));
            Assert.Empty(MacroRules.CheckBody(m.BodyEn, MacroFacts.IsKnown));
            Assert.InRange(m.NameEs.Length, 1, MacroRules.MaxNameLength);
            Assert.InRange(m.NameEn.Length, 1, MacroRules.MaxNameLength);
        }

        Assert.Contains(DemoMacros.Macros, m => m.BodyEs.Contains("{{invoices.overdueAmount}}", StringComparison.Ordinal)
            && m.BodyEn.Contains("{{invoices.overdueAmount}}", StringComparison.Ordinal));
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_demo_macros_load_once_as_linked_shared_translations_and_render_for_a_case(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = new TestServices(db.Settings, new ManualClock(new DateTimeOffset(Now)));
        var agent = await User(app, Roles.Agent, "Laura Gómez");
        var caseId = await Case(app, await Customer(app), Now.AddHours(-2));

        await using (var scope = app.Scope())
        {
            var vdb = scope.ServiceProvider.GetRequiredService<VinculoDb>();
            Assert.Equal(DemoMacros.Macros.Length * 2, await DemoMacros.SeedAsync(vdb, Now, CancellationToken.None));
        }

        await using (var scope = app.Scope())
        {
            var vdb = scope.ServiceProvider.GetRequiredService<VinculoDb>();
            Assert.Equal(0, await DemoMacros.SeedAsync(vdb, Now, CancellationToken.None));
            var macros = await vdb.Macros.AsNoTracking().ToListAsync();
            Assert.Equal(DemoMacros.Macros.Length * 2, macros.Count);
            Assert.All(macros, m => Assert.Null(m.OwnerId));
            Assert.All(macros.GroupBy(m => m.TranslationGroupId), g => Assert.Equal(["en", "es"], g.Select(m => m.Language).Order()));
        }

        var service = new Func<MacroService, Task<Vinculo.Core.Common.Page<MacroSummary>>>(s => s.List(new MacroQuery(Language: "es", Q: "recordatorio pago"), agent));
        var reminder = Assert.Single((await app.Run(service)).Items);
        Assert.Equal("Recordatorio de pago", reminder.Name);
        var rendered = await app.Run<MacroService, MacroRendering?>(s => s.RenderForCaseAsync(reminder.Id, caseId, agent));
        Assert.Contains("Hola, Lucía:", rendered!.Text, StringComparison.Ordinal);
        Assert.Contains("0 facturas vencidas por un importe pendiente de 0,00 €", rendered.Text, StringComparison.Ordinal);
        Assert.EndsWith("Laura Gómez", rendered.Text, StringComparison.Ordinal);
        Assert.Empty(rendered.Missing);
    }

    [Fact]
    public void The_demo_knowledge_base_has_the_promised_articles()
    {
        var data = DemoKnowledge.Data;
        Assert.InRange(data.Articles.Count, 25, 40);
        Assert.Contains(data.Articles, a => a.Visibility == "public");
        Assert.True(data.Articles.Count(a => a.Visibility == "internal") > data.Articles.Count / 2);
        var flannel = Assert.Single(data.Articles, a => a.Es.Title == "Lavado de sábanas de franela");
        Assert.Equal("Washing flannel sheets", flannel.En.Title);
        Assert.Contains("agua fría, secadora a baja temperatura", flannel.Es.Body, StringComparison.Ordinal);
        foreach (var key in new[] { "returns", "warranty", "invoices", "payment-plans", "delivery-times", "change-address", "cancel-contract", "upgrade", "complaints", "data-protection" })
        {
            Assert.Contains(data.Articles, a => a.Key == key);
        }

        Assert.Contains("devolución, reembolso, abono", data.Synonyms["es"]);
        Assert.Contains("refund, reimbursement, money back", data.Synonyms["en"]);
        Assert.All(data.Articles, a => Assert.Contains(data.Categories, c => c.Key == a.Category));
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_demo_knowledge_base_loads_once_and_is_indexed(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        var data = DemoKnowledge.Data;
        await using (var context = db.CreateDbContext())
        {
            var result = await DemoKnowledge.SeedAsync(context, Now, CancellationToken.None);
            Assert.Equal(new DemoKnowledgeResult(data.Categories.Count, data.Articles.Count * 2, data.Synonyms.Values.Sum(v => v.Count)), result);
        }

        await using (var context = db.CreateDbContext())
        {
            Assert.Equal(new DemoKnowledgeResult(0, 0, 0), await DemoKnowledge.SeedAsync(context, Now, CancellationToken.None));
            var articles = await context.KbArticles.AsNoTracking().ToListAsync();
            Assert.Equal(data.Articles.Count * 2, articles.Count);
            Assert.All(articles, a =>
            {
                Assert.Equal(KbStatus.Published, a.Status);
                Assert.NotEmpty(a.SearchTitle);
                Assert.True(a.SearchLength > 20);
                Assert.NotNull(a.CategoryId);
            });
            Assert.All(articles.GroupBy(a => a.TranslationGroupId), g => Assert.Equal(["en", "es"], g.Select(a => a.Language).Order()));
            Assert.Equal(articles.Count, await context.KbArticleVersions.CountAsync(v => v.Number == 1));
            Assert.Equal(data.Categories.Count, await context.KbCategories.CountAsync());

            var flannel = articles.Single(a => a.Language == "es" && a.ExternalId == "demo/flannel-sheets");
            Assert.Equal("Lavado de sábanas de franela", flannel.Title);
            var terms = TextAnalyzer.Analyze("sabanas franela", TextLanguage.Spanish);
            Assert.Equal(2, terms.Count);
            var found = context.IsSqlite
                ? await Ids(context, $"SELECT rowid FROM kb_fts_es WHERE kb_fts_es MATCH '{string.Join(' ', terms.Select(t => '"' + t + '"'))}' ORDER BY bm25(kb_fts_es, 10.0, 1.0)")
                : await Ids(context, $"SELECT id FROM kb_articles WHERE status = 1 AND language = 'es' AND search_vector @@ to_tsquery('simple', '{string.Join(" & ", terms)}') ORDER BY id");
            Assert.Equal(flannel.Id, found[0]);
            Assert.DoesNotContain(articles.Single(a => a.Language == "en" && a.ExternalId == "demo/flannel-sheets").Id, found);
        }
    }

    private static async Task<List<long>> Ids(VinculoDb context, string sql)
    {
        var connection = context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync();
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }
}
