using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Vinculo.Domain.Analytics;
using Vinculo.Web.Components.Analytics.Scores;
using Vinculo.Web.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Analytics;

/// <summary>The score views' strings: both languages have every key; every key the components use, every factor and segment exists.</summary>
public sealed partial class AnalyticsResourceTests
{
    [Fact]
    public void English_and_Spanish_have_the_same_keys_and_no_empty_values()
    {
        ResourceFiles.AssertBothLanguagesComplete("AnalyticsResource");
    }

    [Fact]
    public void Every_key_the_score_components_use_exists_with_every_factor_segment_and_status()
    {
        var keys = ResourceFiles.Read("AnalyticsResource.resx").Keys.ToHashSet(StringComparer.Ordinal);
        var used = ResourceFiles.UsedKeys(UsedKey(), "Analytics", "Scores")
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

    [GeneratedRegex(@"""(?<key>(?:Nav|Scores|Factor|Segment|Alert|Alerts|List|Sort|AlertStatus)\.[A-Z][A-Za-z]+)""")]
    private static partial Regex UsedKey();
}
