using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Vinculo.Core.Analytics.Pipeline;
using Vinculo.Domain.Analytics;
using Vinculo.Domain.Analytics.Rfm;
using Vinculo.Web.Components.Analytics.Dashboard;
using Vinculo.Web.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Analytics.Dashboard;

/// <summary>
/// The dashboard's strings: both languages have every key, every key the dashboard uses exists, every RFM segment and
/// model feature has a name, and unknown keys fall back to the key itself.
/// </summary>
public sealed partial class AnalyticsDashboardResourceTests
{
    [Fact]
    public void English_and_Spanish_have_the_same_keys_and_no_empty_values()
    {
        ResourceFiles.AssertBothLanguagesComplete("AnalyticsDashboardResource");
    }

    [Fact]
    public void Every_key_the_dashboard_uses_exists_including_every_segment_feature_status_and_mode()
    {
        var keys = ResourceFiles.Read("AnalyticsDashboardResource.resx").Keys.ToHashSet(StringComparer.Ordinal);
        var used = ResourceFiles.UsedKeys(UsedKey(), "Analytics", "Dashboard")
            .Concat(RfmSegments.All.Select(s => "Segment." + s))
            .Concat(CustomerFeatureKeys.All.Select(f => "Feature." + f))
            .Concat(Enum.GetNames<AnalyticsRunStatus>().Select(s => "Status." + s))
            .Concat(["Mode.full", "Mode.incremental", "Segment." + Vinculo.Core.Analytics.Pipeline.AnalyticsRefresh.NoPurchasesSegment, "Level.high", "Level.low"])
            .Distinct();
        var missing = used.Where(k => !keys.Contains(k)).ToList();
        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("es", "Segment.champions", "Campeones")]
    [InlineData("en", "Segment.potentialLoyalist", "Potential loyalists")]
    [InlineData("es", "Feature.overdueInvoices", "Facturas vencidas")]
    [InlineData("en", "Feature.returnRate", "Return rate")]
    [InlineData("es", "Dashboard.Title", "Analítica")]
    public void The_compiled_resources_are_found_under_the_name_the_localizer_uses(string culture, string key, string expected)
    {
        var resources = new ResourceManager("Vinculo.Web.AnalyticsDashboardResource", typeof(AnalyticsDashboardResource).Assembly);
        Assert.Equal(expected, resources.GetString(key, new CultureInfo(culture)));
    }

    [Fact]
    public void Keys_without_a_translation_are_shown_as_they_are_and_cluster_labels_read_as_words()
    {
        var t = Localizer();
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("es");
        try
        {
            Assert.Equal("Hibernando", t.Segment("hibernating"));
            Assert.Equal("mysterySegment", t.Segment("mysterySegment"));
            Assert.Equal("Antigüedad (días)", t.Feature("tenureDays"));
            Assert.Equal("channel=phone", t.Feature("channel=phone"));
            Assert.Equal("", t.Feature(null));
            Assert.Equal("Completa", t.Mode("full"));
            Assert.Equal("weekly", t.Mode("weekly"));
            Assert.Equal("Fallida", t.Status(AnalyticsRunStatus.Failed));
            Assert.Equal("Pedidos: alto · Días desde la última compra: bajo", t.ClusterLabel("frequency=high,recencyDays=low"));
            Assert.Equal("En la media en todas las variables", t.ClusterLabel("average"));
            Assert.Equal("something odd", t.ClusterLabel("something odd"));
            Assert.Equal("3 min 20 s", t.Duration(200));
            Assert.Equal("1 h 5 min", t.Duration(3900));
            Assert.Equal("", t.Duration(null));
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    private static IStringLocalizer<AnalyticsDashboardResource> Localizer() =>
        new StringLocalizer<AnalyticsDashboardResource>(new ResourceManagerStringLocalizerFactory(
            Options.Create(new LocalizationOptions()), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));

    // T["Key"], T.Format("Key", ...), t["Key"], t.Format("Key", ...) — identifier-like keys only.
    [GeneratedRegex("""\b[Tt](?:\[|\.Format\()"(?<key>[A-Za-z]+\.[A-Za-z0-9.]+)"[\],]""")]
    private static partial Regex UsedKey();
}
