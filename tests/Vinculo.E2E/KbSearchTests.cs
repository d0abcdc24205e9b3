using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vinculo.Core.Interactions;
using Vinculo.Core.Knowledge.Search;
using Vinculo.Core.Service.Cases;
using Vinculo.Core.Storage;
using Vinculo.Domain.Knowledge;
using Vinculo.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vinculo.E2E;

/// <summary>The knowledge-base search page through a real browser: results as you type, typo hints, keyboard, languages, synonyms.</summary>
public sealed partial class KbSearchTests(E2EFixture fixture) : IClassFixture<E2EFixture>
{
    [ChromiumFact]
    public async Task An_agent_finds_the_article_by_typing_a_sentence_and_a_supervisor_adds_a_synonym()
    {
        await fixture.Start();
        var washing = await Article("es", "Lavado de sábanas de franela",
            "Lave las sábanas de franela del revés con **agua fría**. Secadora a baja temperatura.", KbVisibility.Public);
        await Article("es", "Sábanas de franela: tallas", "Disponibles para camas de 90, 135 y 150 cm.", KbVisibility.Public);
        await Article("es", "Garantía de los colchones", "Diez años de garantía en todos los colchones.", KbVisibility.Internal);
        var english = await Article("en", "Washing flannel sheets", "Wash flannel sheets in cold water; tumble dry on low heat.", KbVisibility.Public);

        long caseId;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var cases = scope.ServiceProvider.GetRequiredService<CaseService>();
            caseId = (await cases.Create(new CaseInput
            {
                CustomerId = fixture.Customer.Id, Type = "question", Channel = "phone", Subject = "Consulta sobre sábanas",
                Description = "Pregunta cómo lavar sus sábanas de franela y si puede usar secadora.",
            }, new Actor("e2e", "E2E"))).Id;
        }

        var page = await fixture.NewPage();
        await fixture.SignIn(page, $"/kb/search?caseId={caseId}");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Buscar en la base de conocimiento");
        await Expect(page.Locator(".kb-search[data-ready=true]")).ToBeVisibleAsync();

        // The case's own words already suggest the article (the customer prefers Spanish).
        var suggestions = page.Locator(".kb-suggestions");
        await Expect(suggestions.Locator("h2")).ToHaveTextAsync("Artículos sugeridos");
        await Expect(suggestions.Locator("li a").First).ToHaveTextAsync("Lavado de sábanas de franela");
        await Expect(suggestions.Locator("li a").First).ToHaveAttributeAsync("href", $"kb/{washing}?caseId={caseId}");

        // Results as you type, accents or not; the snippet is plain text around the words found.
        var box = page.GetByLabel("Pregunta o palabras clave");
        await box.PressSequentiallyAsync("instrucciones de lavado de sabanas de franela", new() { Delay = 20 });
        var first = page.Locator(".kb-result-title a").First;
        await Expect(first).ToHaveTextAsync("Lavado de sábanas de franela");
        await Expect(first).ToHaveAttributeAsync("href", $"kb/{washing}?caseId={caseId}");
        await Expect(first).ToHaveAttributeAsync("title", new Regex(@"^Relevancia \d"));
        await Expect(page.Locator(".kb-snippet").First).ToHaveTextAsync("Lave las sábanas de franela del revés con agua fría. Secadora a baja temperatura.");
        await Expect(page.Locator("#kb-status")).ToContainTextAsync("2 artículos para «instrucciones de lavado de sabanas de franela»");
        await SaveScreenshot(page, "results");

        // A typo is searched as the word the articles use, and said so.
        await box.FillAsync("colchonez garantia");
        await Expect(page.Locator(".kb-result-title a").First).ToContainTextAsync("Garantía de los colchones");
        await Expect(page.Locator(".kb-search .kb-result .badge").First).ToHaveTextAsync("Interno");
        await Expect(page.Locator(".kb-did-you-mean")).ToHaveTextAsync("Quizá quiso decir: colchones.");
        await SaveScreenshot(page, "did-you-mean");

        // Nothing found says so.
        await box.FillAsync("zzyzx");
        await Expect(page.Locator("#kb-status")).ToHaveTextAsync("Ningún artículo publicado coincide con «zzyzx». Pruebe con otras palabras o con el otro idioma.");
        await Expect(page.Locator(".kb-search .kb-result")).ToHaveCountAsync(0);

        // English articles in English only.
        await page.GetByLabel("Artículos en").SelectOptionAsync("en");
        await box.FillAsync("how do I wash flannel sheets");
        await Expect(page.Locator(".kb-result-title a")).ToHaveCountAsync(1);
        await Expect(page.Locator(".kb-result-title a").First).ToHaveTextAsync("Washing flannel sheets");

        // Keyboard: Enter in the box moves into the results, Enter opens the article.
        await box.PressAsync("Enter");
        await Expect(page.Locator(".kb-result-title a").First).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(box).ToBeFocusedAsync();
        await box.PressAsync("ArrowDown");
        await Expect(page.Locator(".kb-result-title a").First).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"**/kb/{english}?caseId={caseId}");

        // A supervisor-level user (the admin) adds a synonym group; the search uses it at once.
        await page.GotoAsync("/kb/synonyms");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sinónimos de búsqueda");
        await page.GetByRole(AriaRole.Link, new() { Name = "Nuevo grupo" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Crear grupo" }).ClickAsync();
        await Expect(page.Locator("#e-terms")).ToHaveTextAsync("Escriba al menos 2 palabras o expresiones separadas por comas.");
        await page.Locator("#f-terms").FillAsync("colchón, somier");
        await page.GetByRole(AriaRole.Button, new() { Name = "Crear grupo" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/kb/synonyms/\d+\?saved=true"));
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Se guardó el grupo.");

        await page.GotoAsync("/kb/search?q=somier&lang=es");
        await Expect(page.Locator(".kb-result-title a").First).ToHaveTextAsync("Garantía de los colchones"); // works before the circuit too
        await Expect(page.Locator(".kb-also-searched")).ToHaveTextAsync("También se buscó: colchones.");

        // Deleting asks first.
        await page.GotoAsync("/kb/synonyms");
        await Expect(page.Locator(".kb-synonyms-table tbody tr")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Link, new() { Name = "Eliminar… colchón, somier" }).ClickAsync();
        await Expect(page.Locator(".alert-warning")).ToHaveTextAsync("¿Eliminar el grupo «colchón, somier»?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sí, eliminarlo" }).ClickAsync();
        await page.WaitForURLAsync("**/kb/synonyms?deleted=true");
        await Expect(page.Locator(".result-status")).ToHaveTextAsync("Todavía no hay grupos de sinónimos.");
    }

    [Fact]
    public void Every_search_key_exists_in_english_and_spanish()
    {
        var web = Path.Combine(RepositoryRoot(), "src", "Vinculo.Web");
        Dictionary<string, string> Read(string file) =>
            XDocument.Load(Path.Combine(web, "Resources", file)).Root!.Elements("data")
                .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);
        var english = Read("KbSearchResource.resx");
        var spanish = Read("KbSearchResource.es.resx");
        Assert.Empty(english.Keys.Except(spanish.Keys));
        Assert.Empty(spanish.Keys.Except(english.Keys));
        Assert.Empty(english.Concat(spanish).Where(kv => string.IsNullOrWhiteSpace(kv.Value)).Select(kv => kv.Key));

        var used = Directory.EnumerateFiles(Path.Combine(web, "Components", "Knowledge", "Search"))
            .SelectMany(f => UsedKey().Matches(File.ReadAllText(f)).Select(m => m.Groups["key"].Value))
            .Distinct()
            .Where(k => !k.StartsWith("Search.LanguageName", StringComparison.Ordinal) && !k.StartsWith("Search.Visibility", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(used);
        Assert.DoesNotContain(used, k => !english.ContainsKey(k));
        Assert.All(new[] { "es", "en" }, l => Assert.True(english.ContainsKey("Search.LanguageName." + l)));
        Assert.All(Enum.GetNames<KbVisibility>(), v => Assert.True(english.ContainsKey("Search.Visibility." + v)));
    }

    private async Task<long> Article(string language, string title, string body, KbVisibility visibility)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VinculoDb>();
        var now = DateTime.UtcNow;
        var article = new KbArticle
        {
            Language = language, Title = title, Body = body, Status = KbStatus.Published, Visibility = visibility,
            CreatedAt = now, UpdatedAt = now, PublishedAt = now, Version = 1,
        };
        KbAnalysis.Apply(article);
        db.KbArticles.Add(article);
        await db.SaveChangesAsync();
        scope.ServiceProvider.GetRequiredService<KbSearchCache>().Invalidate(language);
        return article.Id;
    }

    private static async Task SaveScreenshot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("VINCULO_E2E_SCREENSHOTS") is not { Length: > 0 } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "kb-search-" + name + ".png"), FullPage = true });
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vinculo.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Vinculo.slnx not found above " + AppContext.BaseDirectory);
    }

    // T["Key"], T.Format("Key", ...): the search components' own keys.
    [GeneratedRegex("""\bT(?:\[|\.Format\()"(?<key>[A-Za-z]+\.[A-Za-z0-9.]+)"[\],]""")]
    private static partial Regex UsedKey();
}
