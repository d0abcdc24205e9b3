namespace Vinculo.Web;

/// <summary>
/// Marker type for the analytics dashboard's strings in <c>Resources/AnalyticsDashboardResource.resx</c> (English, the
/// neutral culture) and <c>Resources/AnalyticsDashboardResource.es.resx</c> (Spanish), including the names of the RFM
/// segments (<c>Segment.{key}</c>) and of the model features (<c>Feature.{key}</c>). Inject
/// <c>IStringLocalizer&lt;AnalyticsDashboardResource&gt;</c>.
/// </summary>
public sealed class AnalyticsDashboardResource;
