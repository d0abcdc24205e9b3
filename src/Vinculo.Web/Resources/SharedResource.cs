namespace Vinculo.Web;

/// <summary>
/// Marker type for the UI strings in <c>Resources/SharedResource.resx</c> (English, the neutral culture) and
/// <c>Resources/SharedResource.es.resx</c> (Spanish). Inject <c>IStringLocalizer&lt;SharedResource&gt;</c>.
/// </summary>
/// <remarks>
/// The .cs file sits next to the .resx files, so MSBuild names the embedded resources after this type
/// (<c>Vinculo.Web.SharedResource</c>), which is what the localizer looks up when no ResourcesPath is configured.
/// </remarks>
public sealed class SharedResource;
