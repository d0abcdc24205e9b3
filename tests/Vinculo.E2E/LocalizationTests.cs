using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;
using Vinculo.Web;

namespace Vinculo.E2E;

/// <summary>
/// The UI strings: both languages have every key, every key the components use exists, every enum value has a
/// label, and the resources are found under the name the localizer looks up.
/// </summary>
public sealed partial class LocalizationTests
{
    private static readonly string WebProject = Path.Combine(RepositoryRoot(), "src", "Vinculo.Web");

    [Fact]
    public void English_and_Spanish_have_the_same_keys_and_no_empty_values()
    {
        var english = Read("SharedResource.resx");
        var spanish = Read("SharedResource.es.resx");
        Assert.Empty(english.Keys.Except(spanish.Keys));
        Assert.Empty(spanish.Keys.Except(english.Keys));
        Assert.Empty(english.Where(kv => string.IsNullOrWhiteSpace(kv.Value)).Select(kv => kv.Key));
        Assert.Empty(spanish.Where(kv => string.IsNullOrWhiteSpace(kv.Value)).Select(kv => kv.Key));
    }

    [Fact]
    public void Every_key_used_by_a_component_exists()
    {
        var keys = Read("SharedResource.resx").Keys.ToHashSet(StringComparer.Ordinal);
        var sources = Directory.EnumerateFiles(Path.Combine(WebProject, "Components"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal));
        var missing = new List<string>();
        foreach (var file in sources)
        {
            foreach (Match m in UsedKey().Matches(File.ReadAllText(file)))
            {
                var key = m.Groups["key"].Value;
                if (!keys.Contains(key))
                {
                    missing.Add($"{Path.GetFileName(file)}: {key}");
                }
            }
        }

        Assert.Empty(missing);
    }

    [Fact]
    public void Every_enum_value_has_a_label()
    {
        var keys = Read("SharedResource.resx").Keys.ToHashSet(StringComparer.Ordinal);
        var expected = Enum.GetNames<Channel>().Select(n => "Channel." + n)
            .Concat(Enum.GetNames<Direction>().Select(n => "Direction." + n))
            .Concat(Enum.GetNames<JourneyMoment>().Select(n => "Moment." + n))
            .Concat(Enum.GetNames<Lifecycle>().Select(n => "Lifecycle." + n))
            .Concat(Enum.GetNames<CustomerKind>().Select(n => "Kind." + n))
            .Concat(Enum.GetNames<ConsentPurpose>().Select(n => "ConsentPurpose." + n))
            .Concat(Enum.GetNames<ConsentStatus>().Select(n => "ConsentStatus." + n));
        var missing = expected.Where(k => !keys.Contains(k)).ToList();
        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("es", "Channel.InstantMessaging", "Mensajería instantánea")]
    [InlineData("es", "Moment.PostPurchase", "Postcompra")]
    [InlineData("en", "Lifecycle.Prospect", "Prospect")]
    [InlineData("en-GB", "Nav.Customers", "Customers")]
    public void The_compiled_resources_are_found_under_the_name_the_localizer_uses(string culture, string key, string expected)
    {
        // Without a ResourcesPath, IStringLocalizer<SharedResource> reads "<root namespace>.SharedResource".
        var resources = new ResourceManager("Vinculo.Web.SharedResource", typeof(SharedResource).Assembly);
        Assert.Equal(expected, resources.GetString(key, new CultureInfo(culture)));
    }

    private static Dictionary<string, string> Read(string file) =>
        XDocument.Load(Path.Combine(WebProject, "Resources", file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vinculo.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Vinculo.slnx not found above " + AppContext.BaseDirectory);
    }

    // L["Key"], L.Format("Key", ...), l["Key"] — identifier-like keys only (messages from the use cases are looked up
    // by their text and fall back to it).
    [GeneratedRegex("""\b[Ll](?:\[|\.Format\()"(?<key>[A-Za-z]+\.[A-Za-z0-9.]+)"[\],]""")]
    private static partial Regex UsedKey();
}
