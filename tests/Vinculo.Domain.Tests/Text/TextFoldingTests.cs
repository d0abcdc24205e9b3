using FsCheck;
using FsCheck.Xunit;
using Vinculo.Domain.Text;

namespace Vinculo.Domain.Tests.Text;

public class TextFoldingTests
{
    [Theory]
    [InlineData("canción", "cancion")]
    [InlineData("ÁÉÍÓÚ áéíóú", "aeiou aeiou")]
    [InlineData("Àà Èè Ìì Òò Ùù Ââ Êê Ôô Ãã Õõ", "aa ee ii oo uu aa ee oo aa oo")]
    [InlineData("España", "espana")]
    [InlineData("ÑANDÚ", "nandu")]
    [InlineData("pingüino", "pinguino")]
    [InlineData("Français", "francais")]
    [InlineData("Straße", "strasse")]
    [InlineData("Æsir œuvre", "aesir oeuvre")]
    [InlineData("ﬁn", "fin")]
    [InlineData("Øresund Łódź Đorđe", "oresund lodz dorde")]
    [InlineData("nº 5, 1ª planta", "no 5, 1a planta")]
    [InlineData("HELLO World", "hello world")]
    public void Lower_cases_and_removes_diacritics(string text, string expected)
    {
        Assert.Equal(expected, TextFolding.Fold(text));
    }

    [Fact]
    public void Combining_marks_are_removed()
    {
        // "cancio" + U+0301 COMBINING ACUTE + "n": the decomposed spelling of "canción"
        Assert.Equal("cancion", TextFolding.Fold("cancio\u0301n"));
        Assert.Equal("n", TextFolding.Fold("N\u0303"));
    }

    [Fact]
    public void Punctuation_digits_and_spaces_are_kept()
    {
        Assert.Equal("¿que tal? ¡bien! 1.234,56 € - ana@example.com", TextFolding.Fold("¿Qué tal? ¡Bien! 1.234,56 € - Ana@Example.com"));
    }

    [Fact]
    public void Other_scripts_are_lower_cased_and_stripped_of_marks()
    {
        Assert.Equal("αθηνα", TextFolding.Fold("ΑΘΉΝΑ"));
        Assert.Equal("москва", TextFolding.Fold("МОСКВА"));
    }

    [Fact]
    public void Already_folded_ascii_is_returned_as_is()
    {
        const string text = "plain ascii text 123";
        Assert.Same(text, TextFolding.Fold(text));
        Assert.Equal(string.Empty, TextFolding.Fold(string.Empty));
    }

    [Fact]
    public void Null_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => TextFolding.Fold(null!));
    }

    [Property]
    public bool Folding_is_idempotent(NonNull<string> text)
    {
        var once = TextFolding.Fold(text.Get);
        return TextFolding.Fold(once) == once;
    }

    [Property]
    public bool Folded_text_has_no_upper_case_latin_letters(NonNull<string> text)
    {
        foreach (var c in TextFolding.Fold(text.Get))
        {
            if (c is >= 'A' and <= 'Z')
            {
                return false;
            }
        }

        return true;
    }
}
