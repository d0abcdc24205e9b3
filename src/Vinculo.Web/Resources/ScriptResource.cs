namespace Vinculo.Web;

/// <summary>
/// Marker type for the agent scripts' pages (scripts, the script editor, selection rules, the runner, recorded runs and the
/// launcher on the case page and the 360) in <c>Resources/ScriptResource.resx</c> (English, the neutral culture) and
/// <c>Resources/ScriptResource.es.resx</c> (Spanish). Inject <c>IStringLocalizer&lt;ScriptResource&gt;</c>.
/// </summary>
public sealed class ScriptResource;
