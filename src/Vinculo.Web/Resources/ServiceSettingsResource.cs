namespace Vinculo.Web;

/// <summary>
/// Marker type for the service settings pages' strings (calendars, SLA policies, teams, case types) in
/// <c>Resources/ServiceSettingsResource.resx</c> (English, the neutral culture) and
/// <c>Resources/ServiceSettingsResource.es.resx</c> (Spanish). Inject <c>IStringLocalizer&lt;ServiceSettingsResource&gt;</c>.
/// </summary>
public sealed class ServiceSettingsResource;
