namespace Vinculo.Web;

/// <summary>
/// Marker type for the service report pages' strings (SLA compliance reports and the supervisor dashboard) in
/// <c>Resources/ServiceReportResource.resx</c> (English, the neutral culture) and <c>Resources/ServiceReportResource.es.resx</c>
/// (Spanish). Inject <c>IStringLocalizer&lt;ServiceReportResource&gt;</c>.
/// </summary>
public sealed class ServiceReportResource;
