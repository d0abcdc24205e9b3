using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Vinculo.Core.Offers;
using Vinculo.Domain.Offers;
using Vinculo.Web.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Offers;

/// <summary>The offer pages' strings: both languages have every key, and every key the offer components use exists.</summary>
public sealed partial class OfferResourceTests
{
    [Fact]
    public void English_and_Spanish_have_the_same_keys_and_no_empty_values()
    {
        ResourceFiles.AssertBothLanguagesComplete("OfferResource");
    }

    [Fact]
    public void Every_key_the_offer_components_use_exists_and_every_value_has_a_label()
    {
        var keys = ResourceFiles.Read("OfferResource.resx").Keys.ToHashSet(StringComparer.Ordinal);
        var used = ResourceFiles.UsedKeys(UsedKey(), "Offers")
            .Concat(Enum.GetNames<PromotionStatus>().Select(n => "Status." + n))
            .Concat(Enum.GetNames<PromotionValidity>().Select(n => "Validity." + n))
            .Concat(Enum.GetNames<NextBestActionKind>().Select(n => "Kind." + n))
            .Concat(Enum.GetNames<PromotionResponseKind>().Select(n => "Response." + n))
            .Distinct();
        var missing = used.Where(k => !keys.Contains(k)).ToList();
        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("es", "Nba.Title", "Próximas mejores acciones")]
    [InlineData("en", "Nba.Title", "Next best actions")]
    [InlineData("es", "The last day cannot be before the first day.", "El último día no puede ser anterior al primero.")]
    public void The_compiled_resources_are_found_under_the_name_the_localizer_uses(string culture, string key, string expected)
    {
        var resources = new ResourceManager("Vinculo.Web.OfferResource", typeof(OfferResource).Assembly);
        Assert.Equal(expected, resources.GetString(key, new CultureInfo(culture)));
    }

    // T["Key"], T.Format("Key", ...), t["Key"], t.Format("Key", ...) — identifier-like keys only.
    [GeneratedRegex("""\b[Tt](?:\[|\.Format\()"(?<key>[A-Za-z]+\.[A-Za-z0-9.]+)"[\],]""")]
    private static partial Regex UsedKey();
}
