using System.Globalization;
using Vinculo.Core.Common;
using Vinculo.Core.Offers;

namespace Vinculo.Web.Components.Offers;

/// <summary>What the promotion form posts: the lists are the values chosen in multi-selects (product ids as text).</summary>
public sealed class PromotionForm
{
    public string? Code { get; set; }
    public string? NameEs { get; set; }
    public string? NameEn { get; set; }
    public string? OfferEs { get; set; }
    public string? OfferEn { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
    public int? Priority { get; set; }
    // A multi-select with nothing chosen posts nothing: the binder then leaves null, which a select cannot show.
    public string[] Segments { get => _segments; set => _segments = Clean(value); }
    public string[] Tiers { get => _tiers; set => _tiers = Clean(value); }
    public string[] Channels { get => _channels; set => _channels = Clean(value); }
    public string[] OwnsAll { get => _ownsAll; set => _ownsAll = Clean(value); }
    public string[] OwnsAny { get => _ownsAny; set => _ownsAny = Clean(value); }
    public string[] NotOwned { get => _notOwned; set => _notOwned = Clean(value); }
    private string[] _segments = [];
    private string[] _tiers = [];
    private string[] _channels = [];
    private string[] _ownsAll = [];
    private string[] _ownsAny = [];
    private string[] _notOwned = [];

    /// <summary>The version the form was read at (0 for a new promotion): a stale save is refused.</summary>
    public long Version { get; set; }

    public static PromotionForm From(PromotionDto p) => new()
    {
        Code = p.Code,
        NameEs = p.NameEs,
        NameEn = p.NameEn,
        OfferEs = p.OfferEs,
        OfferEn = p.OfferEn,
        ValidFrom = p.ValidFrom,
        ValidTo = p.ValidTo,
        Priority = p.Priority,
        Segments = [.. p.Eligibility.Segments],
        Tiers = [.. p.Eligibility.Tiers],
        Channels = [.. p.Eligibility.Channels.Select(c => EnumText.Camel(c))],
        OwnsAll = Ids(p.Eligibility.OwnsAll),
        OwnsAny = Ids(p.Eligibility.OwnsAny),
        NotOwned = Ids(p.Eligibility.NotOwned),
        Version = p.Version,
    };

    public PromotionInput ToInput() => new()
    {
        Code = Code,
        NameEs = NameEs,
        NameEn = NameEn,
        OfferEs = OfferEs,
        OfferEn = OfferEn,
        ValidFrom = ValidFrom,
        ValidTo = ValidTo,
        Priority = Priority,
        Segments = Segments,
        Tiers = Tiers,
        Channels = Channels,
        OwnsAll = Parse(OwnsAll),
        OwnsAny = Parse(OwnsAny),
        NotOwned = Parse(NotOwned),
    };

    /// <summary>Every product id the form refers to (so the product list keeps them even when inactive).</summary>
    public IEnumerable<long> ProductIds() => Parse(OwnsAll).Concat(Parse(OwnsAny)).Concat(Parse(NotOwned));

    private static string[] Clean(string[]? values) => [.. (values ?? []).Where(v => !string.IsNullOrEmpty(v))];

    private static string[] Ids(IEnumerable<ProductRef> products) => [.. products.Select(p => p.Id.ToString(CultureInfo.InvariantCulture))];

    private static long[] Parse(IEnumerable<string>? values) =>
        [.. (values ?? []).Select(v => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0)];
}
