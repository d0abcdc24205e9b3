using System.Globalization;
using FsCheck;
using FsCheck.Xunit;
using Vinculo.Domain.Text;

namespace Vinculo.Domain.Tests.Text;

public class TokenizerTests
{
    [Fact]
    public void Splits_on_spaces_and_punctuation_and_folds()
    {
        Assert.Equal(
            ["hola", "que", "tal", "la", "lavadora", "no", "centrifuga"],
            Tokenizer.Tokens("¡Hola! ¿Qué tal?  La LAVADORA... no centrifuga;"));
    }

    [Fact]
    public void Email_addresses_become_their_pieces()
    {
        Assert.Equal(["ana", "garcia", "example", "com"], Tokenizer.Tokens("ana.garcia@example.com"));
        Assert.Equal(["escribe", "a", "ana", "garcia", "example", "com", "hoy"], Tokenizer.Tokens("Escribe a <ana.garcia@example.com> hoy"));
    }

    [Fact]
    public void Phone_numbers_become_digit_groups()
    {
        Assert.Equal(["34", "600", "123", "456"], Tokenizer.Tokens("+34 600-123-456"));
        Assert.Equal(["tel", "34", "91", "555", "12", "34"], Tokenizer.Tokens("Tel.: (+34) 91 555 12 34"));
    }

    [Fact]
    public void Internal_apostrophes_are_dropped_inside_the_word()
    {
        Assert.Equal(["dont", "worry", "obriens", "order"], Tokenizer.Tokens("Don't worry: O’Brien's order"));
        Assert.Equal(["quoted", "clients"], Tokenizer.Tokens("'quoted' clients'"));
    }

    [Fact]
    public void Letters_and_digits_stay_together_but_hyphens_split()
    {
        Assert.Equal(["pedido", "a1234", "covid", "19", "ref", "2024", "05", "01"], Tokenizer.Tokens("Pedido A1234 (COVID-19) ref. 2024/05/01"));
    }

    [Fact]
    public void Accented_and_decomposed_words_are_single_tokens()
    {
        Assert.Equal(["cancion", "nandu", "cancion"], Tokenizer.Tokens("CANCIÓN ñandú cancio\u0301n"));
        Assert.Equal(["strasse"], Tokenizer.Tokens("Straße"));
    }

    [Fact]
    public void Overlong_tokens_are_dropped()
    {
        var junk = new string('x', Tokenizer.MaxTokenLength + 1);
        var longest = new string('y', Tokenizer.MaxTokenLength);
        Assert.Equal(["before", longest, "after"], Tokenizer.Tokens($"before {junk} {longest} after"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("... --- !!! @@@")]
    [InlineData("😀 🎉")]
    public void Text_without_words_has_no_tokens(string text)
    {
        Assert.Empty(Tokenizer.Tokens(text));
    }

    [Fact]
    public void Null_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => Tokenizer.Tokens(null!));
    }

    [Property]
    public bool Tokens_are_non_empty_folded_letter_or_digit_runs(NonNull<string> text)
    {
        foreach (var token in Tokenizer.Tokens(text.Get))
        {
            if (token.Length == 0 || token.Length > Tokenizer.MaxTokenLength || TextFolding.Fold(token) != token)
            {
                return false;
            }

            foreach (var c in token)
            {
                if (!char.IsLetterOrDigit(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.SpacingCombiningMark)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
