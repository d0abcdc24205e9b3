using Vinculo.Domain.Knowledge.Search;
using Vinculo.Domain.Text;

namespace Vinculo.Domain.Tests.Knowledge.Search;

public class KbSnippetTests
{
    [Fact]
    public void Markdown_becomes_plain_text()
    {
        var markdown = """
            # Lavado de **sábanas**

            > Nota: _siempre_ en `frío`.

            - Agua fría, [ver la guía](https://example.com/guia "Guía")
            - ![icono](img.png) Secadora a baja temperatura
            1. Sin lejía <b>nunca</b> &amp; sin suavizante

            | Programa | Temperatura |
            |---|---|
            | Delicado | 30 °C |

            ```
            código
            ```
            ---
            [1]: https://example.com
            """;

        var text = KbSnippet.PlainText(markdown);

        Assert.Equal(
            "Lavado de sábanas Nota: siempre en frío. Agua fría, ver la guía icono Secadora a baja temperatura "
            + "Sin lejía nunca & sin suavizante Programa Temperatura Delicado 30 °C código",
            text);
    }

    [Fact]
    public void Html_in_the_body_never_survives()
    {
        var text = KbSnippet.PlainText("Hola <script>alert('x')</script> <img src=x onerror=y> mundo");

        Assert.DoesNotContain("<", text, StringComparison.Ordinal);
        Assert.DoesNotContain(">", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Snake_case_keeps_its_underscores_emphasis_loses_them() =>
        Assert.Equal("use order_id here", KbSnippet.PlainText("use order_id __here__"));

    [Fact]
    public void Excerpt_around_the_first_match_with_ellipses_and_the_matched_words()
    {
        var filler = string.Join(' ', Enumerable.Repeat("Texto de relleno sin interés.", 20));
        var body = filler + " Para las **sábanas de franela** use agua fría y secadora a baja temperatura. " + filler;
        var terms = TextAnalyzer.Analyze("sabanas franela", TextLanguage.Spanish);

        var snippet = KbSnippet.Build("Lavado de sábanas de franela", body, terms, TextLanguage.Spanish);

        Assert.StartsWith("…", snippet.Text, StringComparison.Ordinal);
        Assert.EndsWith("…", snippet.Text, StringComparison.Ordinal);
        Assert.Contains("sábanas de franela use agua fría", snippet.Text, StringComparison.Ordinal);
        Assert.InRange(snippet.Text.Length, 100, 202);
        Assert.Equal("sábanas", snippet.Words["saban"]); // the title's word comes first
        Assert.Equal("franela", snippet.Words["franel"]);
    }

    [Fact]
    public void No_match_in_the_body_shows_its_beginning()
    {
        var body = string.Join(' ', Enumerable.Repeat("Lorem ipsum dolor sit amet.", 30));

        var snippet = KbSnippet.Build("Septicaemia", body, ["septicaemia"], TextLanguage.English);

        Assert.StartsWith("Lorem ipsum", snippet.Text, StringComparison.Ordinal);
        Assert.EndsWith("…", snippet.Text, StringComparison.Ordinal);
        Assert.Equal("Septicaemia", snippet.Words["septicaemia"]);
    }

    [Fact]
    public void Short_bodies_are_shown_whole() =>
        Assert.Equal("Agua fría, secadora a baja temperatura.",
            KbSnippet.Build("Lavado", "Agua fría, *secadora* a baja temperatura.", ["fri"], TextLanguage.Spanish).Text);
}
