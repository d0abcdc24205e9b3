namespace Vinculo.Web;

/// <summary>
/// Marker type for the knowledge-base article pages' strings (articles, versions, translations, categories, feedback) in
/// <c>Resources/KnowledgeResource.resx</c> (English, the neutral culture) and <c>Resources/KnowledgeResource.es.resx</c>
/// (Spanish). Inject <c>IStringLocalizer&lt;KnowledgeResource&gt;</c>.
/// </summary>
public sealed class KnowledgeResource;
