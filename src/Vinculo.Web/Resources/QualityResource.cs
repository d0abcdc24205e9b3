namespace Vinculo.Web;

/// <summary>
/// Marker type for the data-quality pages' strings in <c>Resources/QualityResource.resx</c> (English, the neutral
/// culture) and <c>Resources/QualityResource.es.resx</c> (Spanish). Inject <c>IStringLocalizer&lt;QualityResource&gt;</c>.
/// Rule messages come from the rule catalogue itself (<c>Vinculo.Domain.Quality.QualityRules</c>), in both languages.
/// </summary>
public sealed class QualityResource;
