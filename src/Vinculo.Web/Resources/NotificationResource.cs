namespace Vinculo.Web;

/// <summary>
/// Marker type for the notifications' strings (the page, the bell and each notification's text) in
/// <c>Resources/NotificationResource.resx</c> (English, the neutral culture) and <c>Resources/NotificationResource.es.resx</c>
/// (Spanish). Inject <c>IStringLocalizer&lt;NotificationResource&gt;</c>.
/// </summary>
public sealed class NotificationResource;
