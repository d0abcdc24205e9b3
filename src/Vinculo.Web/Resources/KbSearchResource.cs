namespace Vinculo.Web;

/// <summary>
/// Marker type for the knowledge-base search components (search box and page, suggestions for a case, synonym pages) in
/// <c>Resources/KbSearchResource.resx</c> (English, the neutral culture) and <c>Resources/KbSearchResource.es.resx</c>
/// (Spanish). Inject <c>IStringLocalizer&lt;KbSearchResource&gt;</c>.
/// </summary>
public sealed class KbSearchResource;
