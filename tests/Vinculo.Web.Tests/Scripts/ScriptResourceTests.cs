using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Vinculo.Domain.Scripts;
using Vinculo.Web.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Scripts;

/// <summary>The scripts' UI strings: both languages have every key, and every key the script pages use exists.</summary>
public sealed partial class ScriptResourceTests
{
    [Fact]
    public void English_and_Spanish_have_the_same_keys_and_no_empty_values()
    {
        ResourceFiles.AssertBothLanguagesComplete("ScriptResource");
    }

    [Fact]
    public void Every_key_the_script_pages_use_exists_and_every_value_has_a_label()
    {
        var keys = ResourceFiles.Read("ScriptResource.resx").Keys.ToHashSet(StringComparer.Ordinal);
        var used = ResourceFiles.UsedKeys(UsedKey(), "Scripts")
            .Concat(Enum.GetNames<ScriptStatus>().Select(n => "Status." + n))
            .Concat(Enum.GetNames<ScriptStepKind>().SelectMany(n => new[] { "Kind." + n, "Help.Kind." + n }))
            .Concat(Enum.GetNames<ScriptOperator>().SelectMany(n => new[] { "Operator." + n, "Help.Operator." + n }))
            .Concat(Enum.GetNames<RuleVerdict>().Select(n => "Verdict." + n))
            .Concat(Enum.GetNames<ScriptStatus>().Select(n => "Script.StatusHint." + n))
            .Concat(["Script.Now.Active", "Script.Now.Archived", "Language.es", "Language.en"])
            .Distinct();
        var missing = used.Where(k => !keys.Contains(k)).ToList();
        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("es", "Launcher.Run", "Ejecutar guion")]
    [InlineData("en", "Launcher.Run", "Run script")]
    public void The_compiled_resources_are_found_under_the_name_the_localizer_uses(string culture, string key, string expected)
    {
        var resources = new ResourceManager("Vinculo.Web.ScriptResource", typeof(ScriptResource).Assembly);
        Assert.Equal(expected, resources.GetString(key, new CultureInfo(culture)));
    }

    // S["Key"] and Labels.Format(S, "Key", ...).
    [GeneratedRegex("""(?:\bS\[|Format\(S, )"(?<key>[A-Za-z]+\.[A-Za-z0-9.]+)"[\],]""")]
    private static partial Regex UsedKey();
}
