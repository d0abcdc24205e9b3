using Vinculo.Domain.Scripts;

namespace Vinculo.Domain.Tests.Scripts;

public class ScriptTemplateTests
{
    private static readonly Dictionary<string, string?> Facts = new()
    {
        ["customer.firstName"] = "Lucía",
        ["account.overdue"] = "120,50 €",
        ["customer.note"] = "<script>alert(1)</script>",
        ["customer.empty"] = null,
    };

    [Fact]
    public void Placeholders_are_filled_with_spaces_allowed_inside_the_braces()
    {
        var r = ScriptTemplate.Render("Hola {{customer.firstName}}, debe {{ account.overdue }}.", Facts);
        Assert.Equal("Hola Lucía, debe 120,50 €.", r.Text);
        Assert.Empty(r.Missing);
    }

    [Fact]
    public void Missing_values_are_reported_once_and_replaced()
    {
        var r = ScriptTemplate.Render("{{customer.lastName}}/{{customer.empty}}/{{customer.lastName}}", Facts, "?");
        Assert.Equal("?/?/?", r.Text);
        Assert.Equal(["customer.lastName", "customer.empty"], r.Missing);
    }

    [Fact]
    public void Values_are_inserted_as_plain_text_and_never_parsed_again()
    {
        var r = ScriptTemplate.Render("Nota: {{customer.note}}", new Dictionary<string, string?> { ["customer.note"] = "{{account.overdue}} <b>" });
        Assert.Equal("Nota: {{account.overdue}} <b>", r.Text);
        Assert.Equal("<script>alert(1)</script>", ScriptTemplate.Render("{{customer.note}}", Facts).Text);
    }

    [Fact]
    public void Escaped_braces_are_literal()
    {
        Assert.Equal("Write {{name}} here, Lucía", ScriptTemplate.Render(@"Write \{{name}} here, {{customer.firstName}}", Facts).Text);
        Assert.Equal(["customer.firstName"], ScriptTemplate.Placeholders(@"\{{x}} {{customer.firstName}} {{ customer.firstName }}"));
    }

    [Theory]
    [InlineData("Hola {{customer.firstName")]
    [InlineData("{{ }}")]
    [InlineData("{{customer..name}}")]
    [InlineData("{{.name}}")]
    [InlineData("{{name-with-dash}}")]
    public void Bad_placeholders_are_format_errors(string text) =>
        Assert.Throws<FormatException>(() => ScriptTemplate.Placeholders(text));

    [Fact]
    public void Text_without_placeholders_is_unchanged()
    {
        Assert.Equal("Sin datos { } }}", ScriptTemplate.Render("Sin datos { } }}", Facts).Text);
        Assert.Equal("", ScriptTemplate.Render("", Facts).Text);
    }
}
