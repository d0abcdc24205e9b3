namespace Vinculo.Domain.Offers;

/// <summary>A change of a promotion's status asked for by a supervisor.</summary>
public enum PromotionCommand
{
    Activate = 1,
    Pause = 2,
    End = 3,
}

/// <summary>
/// The status machine of a promotion: a draft or a paused promotion can be activated (not once its last day has
/// passed), an active one paused, and any of them ended for good. Asking for the status it already has changes nothing.
/// </summary>
public static class PromotionLifecycle
{
    /// <summary>The status after <paramref name="command"/>, or null with the reason when it is not allowed.</summary>
    public static (PromotionStatus? Next, string? Refusal) Apply(PromotionStatus current, PromotionCommand command, DateOnly validTo, DateOnly today) =>
        (current, command) switch
        {
            (PromotionStatus.Ended, PromotionCommand.End) => (PromotionStatus.Ended, null),
            (PromotionStatus.Ended, _) => (null, "The promotion has ended; an ended promotion cannot be used again. Copy it into a new one."),
            (PromotionStatus.Active, PromotionCommand.Activate) => (PromotionStatus.Active, null),
            (_, PromotionCommand.Activate) when validTo < today => (null, "The promotion's last day has passed; change its dates before activating it."),
            (_, PromotionCommand.Activate) => (PromotionStatus.Active, null),
            (PromotionStatus.Paused, PromotionCommand.Pause) => (PromotionStatus.Paused, null),
            (PromotionStatus.Active, PromotionCommand.Pause) => (PromotionStatus.Paused, null),
            (_, PromotionCommand.Pause) => (null, "Only an active promotion can be paused."),
            (_, PromotionCommand.End) => (PromotionStatus.Ended, null),
            _ => (null, "Not a known change."),
        };
}
