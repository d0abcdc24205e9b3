using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vinculo.Core.Knowledge.Articles;
using Vinculo.Domain.Knowledge;
using Vinculo.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Vinculo.E2E;

/// <summary>The knowledge-base pages through a real browser: write in Spanish, preview, publish, read, rate and translate.</summary>
public sealed partial class KnowledgeBaseTests(E2EFixture fixture) : IClassFixture<E2EFixture>
{
    [ChromiumFact]
    public async Task An_editor_writes_previews_publishes_rates_and_translates_an_article()
    {
        await fixture.Start();
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<KbCategoryService>().Create(new KbCategoryInput { NameEs = "Devoluciones", NameEn = "Returns" });
        }

        var page = await fixture.NewPage();
        await fixture.SignIn(page, "/kb");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Base de conocimiento");
        await page.GetByRole(AriaRole.Link, new() { Name = "Nuevo artículo" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Nuevo artículo");

        // Saving without a title names the field and keeps what was typed.
        await page.Locator("#f-categoryId").SelectOptionAsync(new SelectOptionValue { Label = "Devoluciones" });
        await page.Locator("#f-body").FillAsync("""
            Tiene **30 días** para devolver el producto.

            1. Entre en *Mis pedidos*
            2. Elija el pedido

            <script>document.title = 'x'</script> [pulse](javascript:alert(1))
            """);
        await page.GetByRole(AriaRole.Button, new() { Name = "Crear artículo" }).ClickAsync();
        await Expect(page.Locator("#e-title")).ToHaveTextAsync("Obligatorio.");
        await page.Locator("#f-title").FillAsync("Cómo devolver un producto");

        // The preview renders the Markdown below the form, without saving; raw HTML stays text and the javascript: link is plain text.
        await page.GetByRole(AriaRole.Button, new() { Name = "Vista previa" }).ClickAsync();
        var preview = page.Locator(".kb-preview .kb-body");
        await Expect(preview.Locator("strong")).ToHaveTextAsync("30 días");
        await Expect(preview.Locator("ol li")).ToHaveCountAsync(2);
        await Expect(preview).ToContainTextAsync("<script>");
        await Expect(preview.Locator("script")).ToHaveCountAsync(0);
        await Expect(preview.Locator("a")).ToHaveCountAsync(0);
        await Expect(page.Locator("#f-title")).ToHaveValueAsync("Cómo devolver un producto");
        await SaveScreenshot(page, "preview");

        await page.GetByRole(AriaRole.Button, new() { Name = "Crear artículo" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/kb/\d+\?saved=true"));
        var spanishId = long.Parse(Regex.Match(page.Url, @"/kb/(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Artículo guardado.");
        await Expect(page.Locator(".kb-badges")).ToContainTextAsync("Borrador");

        // Publish; the article reads rendered, with its facts.
        await page.GetByRole(AriaRole.Button, new() { Name = "Publicar" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"moved=publish"));
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Artículo publicado");
        await Expect(page.Locator(".kb-badges")).ToContainTextAsync("Publicado");
        await Expect(page.Locator("#kb-article-title")).ToHaveTextAsync("Cómo devolver un producto");
        await Expect(page.Locator(".kb-article .kb-body strong")).ToHaveTextAsync("30 días");
        await Expect(page.Locator(".kb-article .kb-body em")).ToHaveTextAsync("Mis pedidos");
        await Expect(page.Locator(".kb-facts")).ToContainTextAsync("Devoluciones");
        await Expect(page.Locator(".kb-facts")).ToContainTextAsync("Versión 2");
        Assert.NotEqual("x", await page.TitleAsync());

        // "Was this helpful?": yes, with a comment; thanks and the counters.
        await page.Locator("#f-comment").FillAsync("Muy claro");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sí, me ayudó" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"thanks=true"));
        await Expect(page.Locator(".kb-helpful .alert-success")).ToHaveTextAsync("Gracias por su valoración.");
        await Expect(page.Locator(".kb-counters")).ToContainTextAsync("Útil: 1 · No útil: 0");
        await SaveScreenshot(page, "article-es");

        // Opened from the customer's page: the use is recorded once however often the page is opened, with a way back.
        for (var i = 0; i < 2; i++)
        {
            await page.GotoAsync($"/kb/{spanishId}?customerId={fixture.Customer.Id}");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Volver al cliente" })).ToHaveAttributeAsync("href", $"customers/{fixture.Customer.Id}");
            await Expect(page.Locator(".kb-counters")).ToContainTextAsync("Usos: 1");
        }

        // The English translation starts from the Spanish text and is linked both ways.
        await page.GetByRole(AriaRole.Link, new() { Name = "Traducir al inglés" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Traducción al inglés");
        await Expect(page.Locator("#f-body")).ToHaveValueAsync(new Regex("30 días"));
        await page.Locator("#f-title").FillAsync("How to return a product");
        await page.Locator("#f-body").FillAsync("You have **30 days** to return the product.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Crear artículo" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/kb/\d+\?saved=true"));
        await Expect(page.Locator("#kb-article-title")).ToHaveTextAsync("How to return a product");
        await Expect(page.Locator(".kb-facts")).ToContainTextAsync("Inglés");
        var toSpanish = page.Locator(".kb-translations a[hreflang=es]");
        await Expect(toSpanish).ToHaveTextAsync("Cómo devolver un producto");
        await toSpanish.ClickAsync();
        await page.WaitForURLAsync(new Regex($@"/kb/{spanishId}$"));
        await Expect(page.Locator(".kb-translations a[hreflang=en]")).ToHaveTextAsync("How to return a product");
        await SaveScreenshot(page, "translations");

        // The list shows both, with their status and language in words.
        await page.GotoAsync("/kb?category=");
        var rows = page.Locator("table.kb-articles-table tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.First).ToContainTextAsync("How to return a product");
        await Expect(rows.First).ToContainTextAsync("Borrador");
        await Expect(rows.Last).ToContainTextAsync("Publicado");
        await SaveScreenshot(page, "list");

        // Its versions (1 written, 2 published) and the categories with their article counts.
        await page.GotoAsync($"/kb/{spanishId}/versions");
        await Expect(page.Locator("table.kb-versions-table tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("table.kb-versions-table tbody tr").First).ToContainTextAsync("Publicado");
        await SaveScreenshot(page, "versions");
        await page.GotoAsync("/kb/categories");
        var category = page.Locator("table.kb-categories-table tbody tr");
        await Expect(category).ToHaveCountAsync(1);
        await Expect(category.First).ToContainTextAsync("Devoluciones");
        await Expect(category.First.Locator("td.num").Nth(1)).ToHaveTextAsync("2");
        await SaveScreenshot(page, "categories");
        await page.Context.CloseAsync();

        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var articles = scope.ServiceProvider.GetRequiredService<KbArticleService>();
            var spanish = (await articles.Get(spanishId))!;
            Assert.Equal((KbStatus.Published, 1, 0), (spanish.Status, spanish.HelpfulYes, spanish.HelpfulNo));
            var english = Assert.Single((await articles.Translations(spanishId))!);
            Assert.Equal(("en", KbStatus.Draft), (english.Language, english.Status));
        }
    }

    [Fact]
    public void Both_languages_have_every_key_the_knowledge_pages_use()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vinculo.slnx")))
        {
            dir = dir.Parent;
        }

        var web = Path.Combine(dir!.FullName, "src", "Vinculo.Web");
        Dictionary<string, string> Read(string file) => XDocument.Load(Path.Combine(web, "Resources", file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);
        var english = Read("KnowledgeResource.resx");
        var spanish = Read("KnowledgeResource.es.resx");
        Assert.Empty(english.Keys.Except(spanish.Keys));
        Assert.Empty(spanish.Keys.Except(english.Keys));
        Assert.DoesNotContain(english.Concat(spanish), kv => string.IsNullOrWhiteSpace(kv.Value));

        var used = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(web, "Components", "Knowledge", "Articles")))
        {
            used.AddRange(UsedKey().Matches(File.ReadAllText(file)).Select(m => m.Groups["key"].Value));
        }

        used.AddRange(Enum.GetNames<KbStatus>().Select(n => "Status." + n));
        used.AddRange(Enum.GetNames<KbVisibility>().Select(n => "Visibility." + n));
        used.AddRange(Enum.GetNames<KbAction>().SelectMany(n => new[] { "Action." + n, "Moved." + n }));
        used.AddRange(KbAnalysis.Languages.SelectMany(l => new[] { "Language." + l, "Translations.Add." + l, "Edit.TranslateTitle." + l }));
        Assert.True(used.Count > 50);
        var missing = used.Distinct().Where(k => !english.ContainsKey(k)).ToList();
        Assert.Empty(missing);
    }

    // K["Key"], K.Format("Key", ...): the knowledge pages' own keys.
    [GeneratedRegex("""\bK(?:\[|\.Format\()"(?<key>[A-Za-z]+\.[A-Za-z0-9.]+)"[\],]""")]
    private static partial Regex UsedKey();

    private static async Task SaveScreenshot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("VINCULO_E2E_SCREENSHOTS") is not { Length: > 0 } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "kb-" + name + ".png"), FullPage = true });
    }
}
