using Vinculo.Domain.Text;

namespace Vinculo.Domain.Tests.Text;

public class StopWordsTests
{
    [Theory]
    [InlineData("de")]
    [InlineData("el")]
    [InlineData("la")]
    [InlineData("que")]
    [InlineData("y")]
    [InlineData("mas")]      // más
    [InlineData("esta")]     // está / esta
    [InlineData("tambien")]  // también
    [InlineData("habiamos")] // habíamos
    [InlineData("fueramos")] // fuéramos
    [InlineData("nosotros")]
    public void Spanish_stop_words(string token)
    {
        Assert.True(StopWords.IsStopWord(token, TextLanguage.Spanish));
    }

    [Theory]
    [InlineData("the")]
    [InlineData("and")]
    [InlineData("of")]
    [InlineData("is")]
    [InlineData("themselves")]
    [InlineData("dont")]  // don't, as the tokenizer emits it
    [InlineData("isnt")]
    [InlineData("youre")]
    public void English_stop_words(string token)
    {
        Assert.True(StopWords.IsStopWord(token, TextLanguage.English));
    }

    [Theory]
    [InlineData("cliente", TextLanguage.Spanish)]
    [InlineData("factura", TextLanguage.Spanish)]
    [InlineData("estado", TextLanguage.Spanish)]  // "estado del pedido": kept on purpose
    [InlineData("siente", TextLanguage.Spanish)]  // "el cliente se siente engañado": kept on purpose
    [InlineData("the", TextLanguage.Spanish)]
    [InlineData("customer", TextLanguage.English)]
    [InlineData("well", TextLanguage.English)]   // not we'll
    [InlineData("de", TextLanguage.English)]
    [InlineData("", TextLanguage.English)]
    public void Content_words_and_other_languages_words_are_not_stop_words(string token, TextLanguage language)
    {
        Assert.False(StopWords.IsStopWord(token, language));
    }

    [Theory]
    [InlineData(TextLanguage.Spanish, 250)]
    [InlineData(TextLanguage.English, 150)]
    public void Lists_are_complete_and_stored_folded(TextLanguage language, int atLeast)
    {
        var words = StopWords.For(language);
        Assert.True(words.Count >= atLeast, $"{words.Count} stop words");
        Assert.All(words, word =>
        {
            Assert.Equal(TextFolding.Fold(word), word);
            Assert.All(word, c => Assert.InRange(c, 'a', 'z'));
        });
    }

    [Fact]
    public void Unknown_language_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StopWords.IsStopWord("de", (TextLanguage)99));
    }
}
