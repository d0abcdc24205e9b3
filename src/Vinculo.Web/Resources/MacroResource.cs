namespace Vinculo.Web;

/// <summary>
/// Marker type for the macros pages and the case page's macro picker in <c>Resources/MacroResource.resx</c> (English,
/// the neutral culture) and <c>Resources/MacroResource.es.resx</c> (Spanish). Inject <c>IStringLocalizer&lt;MacroResource&gt;</c>.
/// </summary>
public sealed class MacroResource;
