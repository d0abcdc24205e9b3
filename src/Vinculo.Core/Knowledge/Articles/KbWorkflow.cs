using Vinculo.Domain.Knowledge;

namespace Vinculo.Core.Knowledge.Articles;

/// <summary>
/// Which status moves an article allows: a draft is published or archived; a published article goes back to draft
/// (unpublish) or is archived; an archived article comes back as a draft (unpublish) before it can be published again.
/// </summary>
public static class KbWorkflow
{
    private static readonly KbAction[] FromDraft = [KbAction.Publish, KbAction.Archive];
    private static readonly KbAction[] FromPublished = [KbAction.Unpublish, KbAction.Archive];
    private static readonly KbAction[] FromArchived = [KbAction.Unpublish];

    public static IReadOnlyList<KbAction> Allowed(KbStatus status) => status switch
    {
        KbStatus.Draft => FromDraft,
        KbStatus.Published => FromPublished,
        _ => FromArchived,
    };

    public static bool Can(KbStatus status, KbAction action) => Allowed(status).Contains(action);

    /// <summary>The status an action leads to.</summary>
    public static KbStatus Target(KbAction action) => action switch
    {
        KbAction.Publish => KbStatus.Published,
        KbAction.Unpublish => KbStatus.Draft,
        _ => KbStatus.Archived,
    };
}
