using Vinculo.Domain.Macros;

namespace Vinculo.Domain.Tests.Macros;

public class MacroRulesTests
{
    private static readonly HashSet<string> Known = ["customer.firstName", "case.id"];

    [Fact]
    public void Names_are_keyed_without_case_accents_or_extra_spaces() =>
        Assert.Equal("devolucion rapida", MacroRules.NameKey("  Devolución \t RÁPIDA "));

    [Fact]
    public void A_body_with_known_placeholders_and_escaped_braces_is_fine() =>
        Assert.Empty(MacroRules.CheckBody("Hola {{ customer.firstName }}, caso #{{case.id}}. \\{{no es un marcador}}", Known.Contains));

    [Fact]
    public void Unknown_placeholders_are_named_once_in_order_and_can_be_read_back()
    {
        var problem = Assert.Single(MacroRules.CheckBody("{{b.x}} {{customer.firstName}} {{a.y}} {{b.x}}", Known.Contains));
        Assert.Equal(("body", "Unknown placeholders: {{b.x}}, {{a.y}}."), (problem.Field, problem.Message));
        Assert.Equal(["b.x", "a.y"], MacroRules.UnknownNamesIn(problem.Message));
        Assert.Null(MacroRules.UnknownNamesIn("Required."));
    }

    [Theory]
    [InlineData("Hola {{customer.firstName")]
    [InlineData("Hola {{customer first}}")]
    [InlineData("Hola {{.x}}")]
    public void Badly_written_placeholders_are_one_problem(string body) =>
        Assert.Equal(MacroRules.BadPlaceholder, Assert.Single(MacroRules.CheckBody(body, Known.Contains)).Message);

    [Fact]
    public void Bodies_longer_than_the_limit_are_refused()
    {
        Assert.Empty(MacroRules.CheckBody(new string('a', MacroRules.MaxBodyLength), Known.Contains));
        Assert.Equal("At most 5000 characters.", Assert.Single(MacroRules.CheckBody(new string('a', MacroRules.MaxBodyLength + 1), Known.Contains)).Message);
    }

    [Fact]
    public void Tags_are_trimmed_lower_cased_and_unique_and_round_trip()
    {
        var tags = MacroRules.NormalizeTags([" Factura ", null, "", "IMPAGO", "factura"]);
        Assert.Equal(["factura", "impago"], tags);
        Assert.Equal(tags, MacroRules.SplitTags(MacroRules.JoinTags(tags)));
        Assert.Empty(MacroRules.SplitTags(""));
    }

    [Fact]
    public void The_search_text_holds_every_field_folded() =>
        Assert.Equal("aviso facturacion factura impago hola, {{customer.firstname}}",
            MacroRules.SearchText("Aviso", "Facturación", "factura,impago", "Hola,\n{{customer.firstName}}"));
}
