using Vinculo.Domain.Text;

namespace Vinculo.Domain.Tests.Text;

public class LanguageGuesserTests
{
    [Theory]
    [InlineData("El cliente necesita instrucciones de lavado de sábanas de franela")]
    [InlineData("Buenos días, quería saber cuándo llega mi pedido porque lo necesito para el viernes.")]
    [InlineData("la lavadora no centrifuga y el técnico no ha venido")]
    [InlineData("¿Me pueden enviar la factura?")]
    [InlineData("QUIERO LA DEVOLUCION DEL DINERO YA")]
    public void Spanish_text(string text)
    {
        Assert.Equal(TextLanguage.Spanish, LanguageGuesser.Guess(text, TextLanguage.English));
    }

    [Theory]
    [InlineData("The customer needs washing instructions for flannel sheets")]
    [InlineData("Hi, I would like to know when my order will arrive because I need it by Friday.")]
    [InlineData("the washing machine does not spin and the technician has not come")]
    [InlineData("Can you send me the invoice?")]
    [InlineData("I WANT MY MONEY BACK NOW")]
    public void English_text(string text)
    {
        Assert.Equal(TextLanguage.English, LanguageGuesser.Guess(text, TextLanguage.Spanish));
    }

    [Theory]
    [InlineData("", TextLanguage.Spanish)]
    [InlineData("", TextLanguage.English)]
    [InlineData("+34 600 123 456", TextLanguage.English)]
    [InlineData("Lavadora XL-2000", TextLanguage.Spanish)]
    [InlineData("Lavadora XL-2000", TextLanguage.English)]
    public void Without_evidence_the_fallback_wins(string text, TextLanguage fallback)
    {
        Assert.Equal(fallback, LanguageGuesser.Guess(text, fallback));
    }

    [Fact]
    public void Null_gives_the_fallback()
    {
        Assert.Equal(TextLanguage.English, LanguageGuesser.Guess(null!, TextLanguage.English));
    }
}
