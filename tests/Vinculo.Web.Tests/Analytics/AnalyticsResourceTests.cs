using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Vinculo.Domain.Analytics;
using Vinculo.Web.Components.Analytics.Scores;

namespace Vinculo.Web.Tests.Analytics;

/// <summary>The score views' strings: both languages have every key; every key the components use, every factor and segment exists.</summary>
public sealed partial class AnalyticsResourceTests
{
    private static readonly string WebProject = Path.Combine(RepositoryRoot(), "src", "Vinculo.Web");

    [Fact]
    public void English_and_Spanish_have_the_same_keys_and_no_empty_values()
    {
        var english = Read("AnalyticsResource.resx");
        var spanish = Read("AnalyticsResource.es.resx");
        Assert.Empty(english.Keys.Except(spanish.Keys));
        Assert.Empty(spanish.Keys.Except(english.Keys));
        Assert.Empty(english.Concat(spanish).Where(kv => string.IsNullOrWhiteSpace(kv.Value)).Select(kv => kv.Key));
    }

    [Fact]
    public void Every_key_the_score_components_use_exists_with_every_factor_segment_and_status()
    {
        var keys = Read("AnalyticsResource.resx").Keys.ToHashSet(StringComparer.Ordinal);
        var used = Directory.EnumerateFiles(Path.Combine(WebProject, "Components", "Analytics", "Scores"))
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(f => UsedKey().Matches(File.ReadAllText(f)).Select(m => m.Groups["key"].Value))
            .Concat(ScoreText.FactorKeys.Select(k => "Factor." + k))
            .Concat(ScoreText.Segments.Select(s => "Segment." + s))
            .Concat(Enum.GetNames<DefaultAlertStatus>().Select(n => "AlertStatus." + n))
            .Concat(Enum.GetNames<Vinculo.Core.Analytics.Scores.ScoreSort>().Select(n => "Sort." + n))
            .Distinct();
        Assert.DoesNotContain(used, k => !keys.Contains(k));
        Assert.Equal(Vinculo.Domain.Analytics.Rfm.RfmSegments.All, ScoreText.Segments);
    }

    [Theory]
    [InlineData("es", "Factor.overdueInvoices", "Facturas vencidas")]
    [InlineData("en", "Scores.Churn", "Churn risk")]
    public void The_compiled_resources_are_found_under_the_name_the_localizer_uses(string culture, string key, string expected)
    {
        var resources = new ResourceManager("Vinculo.Web.AnalyticsResource", typeof(AnalyticsResource).Assembly);
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

        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }

    [GeneratedRegex(@"""(?<key>(?:Nav|Scores|Factor|Segment|Alert|Alerts|List|Sort|AlertStatus)\.[A-Z][A-Za-z]+)""")]
    private static partial Regex UsedKey();
}
