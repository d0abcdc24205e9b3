using FsCheck;
using FsCheck.Xunit;
using Vinculo.Domain.Text;

namespace Vinculo.Domain.Tests.Text;

public class TextAnalyzerTests
{
    [Fact]
    public void Spanish_sentence_end_to_end()
    {
        var terms = TextAnalyzer.Analyze("El cliente necesita instrucciones de lavado de sábanas de franela", TextLanguage.Spanish);

        Assert.Equal(["client", "necesit", "instruccion", "lav", "saban", "franel"], terms);
        Assert.DoesNotContain("el", terms);
        Assert.DoesNotContain("de", terms);
    }

    [Fact]
    public void English_sentence_end_to_end()
    {
        var terms = TextAnalyzer.Analyze("The customer needs washing instructions for the flannel sheets", TextLanguage.English);

        Assert.Equal(["custom", "need", "wash", "instruct", "flannel", "sheet"], terms);
    }

    [Fact]
    public void Query_and_document_meet_on_the_same_terms()
    {
        var document = TextAnalyzer.Analyze("Llamó la clienta: quiere devolver las sábanas y pide la devolución del importe.", TextLanguage.Spanish);
        var query = TextAnalyzer.Analyze("devoluciones sabana llamada", TextLanguage.Spanish);

        Assert.All(query, term => Assert.Contains(term, document));
    }

    [Fact]
    public void Tokens_with_digits_are_kept_but_not_stemmed()
    {
        Assert.Equal(["ped", "a1234s", "2024"], TextAnalyzer.Analyze("Pedidos A1234S del 2024", TextLanguage.Spanish));
    }

    [Fact]
    public void Stop_words_are_those_of_the_chosen_language()
    {
        Assert.Equal(["the", "client"], TextAnalyzer.Analyze("the cliente", TextLanguage.Spanish));
        Assert.Equal(["de", "client"], TextAnalyzer.Analyze("de cliente", TextLanguage.English));
    }

    [Fact]
    public void Index_terms_join_subject_and_body_with_single_spaces()
    {
        Assert.Equal(
            "lavador centrifug client llam ayer tecnic revis",
            TextAnalyzer.IndexTerms("Lavadora no centrifuga", "El cliente llamó ayer; el técnico la revisará.", TextLanguage.Spanish));
    }

    [Theory]
    [InlineData(null, null, "")]
    [InlineData("", "   ", "")]
    [InlineData(null, "the and of", "")]
    [InlineData("Refunds", null, "refund")]
    [InlineData(null, "Refunds", "refund")]
    public void Index_terms_handle_missing_parts(string? subject, string? body, string expected)
    {
        Assert.Equal(expected, TextAnalyzer.IndexTerms(subject, body, TextLanguage.English));
    }

    [Fact]
    public void Index_terms_equal_the_joined_analysis()
    {
        const string subject = "Re: Pedido #4521 — sábanas de franela";
        const string body = "Hola, os escribo porque las sábanas que compré llegaron rotas. ¿Podéis enviarme otras o devolverme el dinero? Gracias, Ana (ana.garcia@example.com, 600 123 456)";

        var expected = string.Join(' ', TextAnalyzer.Analyze(subject, TextLanguage.Spanish).Concat(TextAnalyzer.Analyze(body, TextLanguage.Spanish)));
        Assert.Equal(expected, TextAnalyzer.IndexTerms(subject, body, TextLanguage.Spanish));
    }

    [Fact]
    public void A_paragraph_is_analyzed_correctly()
    {
        const string paragraph =
            "El cliente llamó ayer porque la lavadora que compró en nuestra tienda de Valencia no centrifuga bien. " +
            "Pide que un técnico revise el aparato y, si no tiene arreglo, la devolución del importe. " +
            "Le enviaremos las instrucciones de lavado por correo electrónico.";

        var terms = TextAnalyzer.Analyze(paragraph, TextLanguage.Spanish);

        Assert.Equal(
            [
                "client", "llam", "ayer", "lavador", "compr", "tiend", "valenci", "centrifug", "bien",
                "pid", "tecnic", "revis", "aparat", "arregl", "devolu", "import",
                "envi", "instruccion", "lav", "corre", "electron",
            ],
            terms);

        // Running it many times must give the same answer (thread-static buffers are reset correctly).
        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(string.Join(' ', terms), TextAnalyzer.IndexTerms(null, paragraph, TextLanguage.Spanish));
        }
    }

    [Fact]
    public void Unknown_language_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TextAnalyzer.Analyze("hola", (TextLanguage)0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TextAnalyzer.IndexTerms("hola", null, (TextLanguage)3));
    }

    [Property]
    public bool Analysis_never_fails_and_terms_are_well_formed(NonNull<string> text, bool spanish)
    {
        var language = spanish ? TextLanguage.Spanish : TextLanguage.English;
        var terms = TextAnalyzer.Analyze(text.Get, language);
        var joined = TextAnalyzer.IndexTerms(null, text.Get, language);
        foreach (var term in terms)
        {
            if (term.Length == 0 || term.Contains(' ', StringComparison.Ordinal))
            {
                return false;
            }
        }

        return joined == string.Join(' ', terms);
    }
}
