namespace Vinculo.Web;

/// <summary>
/// Marker type for the catalogue, contract and order pages' strings in <c>Resources/CommerceResource.resx</c>
/// (English, the neutral culture) and <c>Resources/CommerceResource.es.resx</c> (Spanish). Inject
/// <c>IStringLocalizer&lt;CommerceResource&gt;</c>.
/// </summary>
public sealed class CommerceResource;
