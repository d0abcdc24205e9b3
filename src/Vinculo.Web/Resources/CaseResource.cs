namespace Vinculo.Web;

/// <summary>
/// Marker type for the service desk's agent pages (the queue, a case, the new-case form, the cases on the 360) in
/// <c>Resources/CaseResource.resx</c> (English, the neutral culture) and <c>Resources/CaseResource.es.resx</c> (Spanish).
/// Inject <c>IStringLocalizer&lt;CaseResource&gt;</c>.
/// </summary>
public sealed class CaseResource;
