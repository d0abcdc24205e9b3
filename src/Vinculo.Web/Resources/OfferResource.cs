namespace Vinculo.Web;

/// <summary>
/// Marker type for the promotions and next-best-action strings in <c>Resources/OfferResource.resx</c> (English, the
/// neutral culture) and <c>Resources/OfferResource.es.resx</c> (Spanish). Inject <c>IStringLocalizer&lt;OfferResource&gt;</c>.
/// </summary>
public sealed class OfferResource;
