namespace Vinculo.Web;

/// <summary>
/// Marker type for the "refresh now" control's strings in <c>Resources/AnalyticsRefreshResource.resx</c> (English, the
/// neutral culture) and <c>Resources/AnalyticsRefreshResource.es.resx</c> (Spanish), including the stage names
/// (<c>Stage.{key}</c>). Inject <c>IStringLocalizer&lt;AnalyticsRefreshResource&gt;</c>.
/// </summary>
public sealed class AnalyticsRefreshResource;
