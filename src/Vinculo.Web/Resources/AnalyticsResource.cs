namespace Vinculo.Web;

/// <summary>
/// Marker type for the analytics strings (scores on the 360, scored customers, default alerts) in
/// <c>Resources/AnalyticsResource.resx</c> (English, the neutral culture) and <c>Resources/AnalyticsResource.es.resx</c>
/// (Spanish). Inject <c>IStringLocalizer&lt;AnalyticsResource&gt;</c>.
/// </summary>
public sealed class AnalyticsResource;
