using Vinculo.Core.Knowledge.Articles;

namespace Vinculo.Core.Tests.Knowledge.Articles;

public sealed class KbMarkdownTests
{
    [Fact]
    public void Tables_lists_emphasis_and_code_are_rendered()
    {
        var html = KbMarkdown.ToHtml("""
            # Devoluciones

            Tiene **30 días** para *devolver* el producto, ~~15~~.

            1. Entre en su cuenta
            2. Elija el pedido

            - uno
            - dos

            | Plazo | Coste |
            |-------|-------|
            | 30 d  | 0 €   |

            `código` y

                bloque <b>
            """);

        Assert.Contains("<h1", html, StringComparison.Ordinal);
        Assert.Contains("<strong>30 días</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<em>devolver</em>", html, StringComparison.Ordinal);
        Assert.Contains("<del>15</del>", html, StringComparison.Ordinal);
        Assert.Contains("<ol>", html, StringComparison.Ordinal);
        Assert.Contains("<ul>", html, StringComparison.Ordinal);
        Assert.Contains("<table>", html, StringComparison.Ordinal);
        Assert.Contains("<td>30 d</td>", html, StringComparison.Ordinal);
        Assert.Contains("<code>código</code>", html, StringComparison.Ordinal);
        Assert.Contains("bloque &lt;b&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Safe_links_and_images_are_kept_and_links_get_rel()
    {
        var html = KbMarkdown.ToHtml("[ayuda](https://example.com/a?b=1) [correo](mailto:ayuda@example.com) [artículo](/kb/12) "
            + "[sección](#plazos) <https://example.org> https://www.example.net ![logo](http://example.com/logo.png)");

        Assert.Contains("""<a href="https://example.com/a?b=1" rel="noopener noreferrer nofollow">ayuda</a>""", html, StringComparison.Ordinal);
        Assert.Contains("""<a href="mailto:ayuda@example.com" rel="noopener noreferrer nofollow">correo</a>""", html, StringComparison.Ordinal);
        Assert.Contains("""<a href="/kb/12" rel="noopener noreferrer nofollow">artículo</a>""", html, StringComparison.Ordinal);
        Assert.Contains("""<a href="#plazos" rel="noopener noreferrer nofollow">sección</a>""", html, StringComparison.Ordinal);
        Assert.Contains("""href="https://example.org" rel="noopener noreferrer nofollow">""", html, StringComparison.Ordinal);
        Assert.Contains("""href="https://www.example.net" rel="noopener noreferrer nofollow">""", html, StringComparison.Ordinal);
        Assert.Contains("""<img src="http://example.com/logo.png" alt="logo" />""", html, StringComparison.Ordinal);
        Assert.Equal(7, Count(html, "noopener noreferrer nofollow") + Count(html, "<img"));
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("Texto <img src=\"x\" onerror=\"alert(1)\"> en línea")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("<iframe src=\"https://example.com\"></iframe>")]
    [InlineData("<svg onload=alert(1)>")]
    [InlineData("<div style=\"x\" onclick=\"alert(1)\">\n\nhola\n\n</div>")]
    public void Raw_html_is_shown_as_text(string markdown)
    {
        var html = KbMarkdown.ToHtml(markdown);

        AssertNoActiveContent(html);
        Assert.Contains("&lt;", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[x](javascript:alert(1))", "x")]
    [InlineData("[x](JaVaScRiPt:alert(1))", "x")]
    [InlineData("[x]( javascript:alert(1) )", "x")]
    [InlineData("[x](<java\tscript:alert(1)>)", "x")]
    [InlineData("[x](&#106;avascript:alert(1))", "x")]
    [InlineData("[x](javascript&colon;alert(1))", "x")]
    [InlineData("[x](vbscript:msgbox(1))", "x")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "x")]
    [InlineData("[x](file:///etc/passwd)", "x")]
    [InlineData("[**negrita**](javascript:alert(1))", "<strong>negrita</strong>")]
    [InlineData("[x][r]\n\n[r]: javascript:alert(1)", "x")]
    [InlineData("![foto](data:image/png;base64,iVBORw0KGgo=)", "foto")]
    [InlineData("![foto](javascript:alert(1))", "foto")]
    [InlineData("<javascript:alert(1)>", "javascript:alert(1)")]
    [InlineData("<JAVASCRIPT:alert(1)>", "JAVASCRIPT:alert(1)")]
    [InlineData("[x](\\\\evil.example.com/a)", "x")]
    public void Dangerous_urls_become_plain_text(string markdown, string text)
    {
        var html = KbMarkdown.ToHtml(markdown);

        AssertNoActiveContent(html);
        Assert.DoesNotContain("<a ", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains(text, html, StringComparison.Ordinal);
    }

    [Fact]
    public void Attribute_syntax_is_not_an_extension_here()
    {
        var html = KbMarkdown.ToHtml("[x](https://example.com){onclick=\"alert(1)\"}\n\n# Título {#id onmouseover=alert(1)}");

        // The braces stay text: no attribute is written.
        Assert.DoesNotContain(" onclick=", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Título {#id onmouseover=alert(1)}</h1>", html, StringComparison.Ordinal);
        Assert.Contains("{onclick=&quot;alert(1)&quot;}", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://example.com", true)]
    [InlineData("HTTP://example.com", true)]
    [InlineData("mailto:a@example.com", true)]
    [InlineData("/kb/5?at=10:30", true)]
    [InlineData("kb/5", true)]
    [InlineData("#a:b", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData(" \u0001javascript:alert(1)", false)]
    [InlineData("java\nscript:alert(1)", false)]
    [InlineData("data:text/html,x", false)]
    [InlineData("ftp://example.com", false)]
    [InlineData("/\\evil.example.com", false)]
    public void Which_urls_are_safe(string url, bool safe) => Assert.Equal(safe, KbMarkdown.IsSafeUrl(url));

    [Fact]
    public void Empty_text_is_empty_html()
    {
        Assert.Equal("", KbMarkdown.ToHtml(null));
        Assert.Equal("", KbMarkdown.ToHtml(""));
    }

    private static void AssertNoActiveContent(string html)
    {
        foreach (var bad in new[] { "<script", "<img src=x", "<img src=\"x\"", "onerror=\"", "<iframe", "<svg", "javascript:alert(1)\"", "href=\"javascript", "href=\"data", "src=\"data", "href=\"vbscript", "<div" })
        {
            Assert.DoesNotContain(bad, html, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static int Count(string text, string part)
    {
        var n = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }
}
