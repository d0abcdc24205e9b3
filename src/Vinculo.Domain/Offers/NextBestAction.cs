namespace Vinculo.Domain.Offers;

/// <summary>What a next best action asks the agent to do. The order is the tie-break after the score (lower first).</summary>
public enum NextBestActionKind
{
    /// <summary>Collect an overdue invoice before anything else.</summary>
    CollectOverdue = 1,
    /// <summary>Resolve an open case (first the breached ones).</summary>
    ResolveOpenCase = 2,
    /// <summary>Keep a customer the analytics mark as likely to leave.</summary>
    Retention = 3,
    /// <summary>Offer a current promotion the customer is eligible for.</summary>
    Promotion = 4,
    /// <summary>Offer a product that customers with the same products usually also have.</summary>
    CrossSell = 5,
    /// <summary>Complete missing contact data (no email or phone).</summary>
    UpdateContactData = 6,
    /// <summary>Ask for a marketing consent that was never given.</summary>
    RequestConsent = 7,
}

/// <summary>
/// Why an action was chosen. Each reason has a sentence in Spanish and English (<see cref="NextBestActionText"/>)
/// filled from <see cref="NextBestAction.ReasonArgs"/>.
/// </summary>
public enum NextBestActionReason
{
    /// <summary>Args: invoice (number), amount, currency, days (overdue).</summary>
    InvoiceOverdue = 1,
    /// <summary>Args: subject, case (id).</summary>
    CaseBreached = 2,
    /// <summary>Args: subject, case (id).</summary>
    CaseOpen = 3,
    /// <summary>Args: risk (0–100).</summary>
    ChurnRisk = 4,
    /// <summary>Args: tier, validTo (yyyy-MM-dd).</summary>
    PromotionForTier = 5,
    /// <summary>Args: segment, validTo.</summary>
    PromotionForSegment = 6,
    /// <summary>Args: validTo.</summary>
    PromotionForEveryone = 7,
    /// <summary>Args: product, validTo (the promotion targets owners of that product).</summary>
    PromotionForOwners = 8,
    /// <summary>Args: share (0–100, of the customers owning the same products who own this one), product.</summary>
    OwnedTogether = 9,
    /// <summary>Args: propensity (0–100), product.</summary>
    Propensity = 10,
    /// <summary>No email and no phone on file.</summary>
    NoContactData = 11,
    /// <summary>No email on file.</summary>
    NoEmail = 12,
    /// <summary>No phone on file.</summary>
    NoPhone = 13,
    /// <summary>Never asked for the marketing consent.</summary>
    NoMarketingConsent = 14,
}

/// <summary>A text in both UI languages.</summary>
public sealed record BilingualText(string Es, string En)
{
    /// <summary>The Spanish text for "es" and its regional variants ("es-AR"), the English one otherwise.</summary>
    public string In(string? language) => NextBestActionText.IsSpanish(language) ? Es : En;
}

/// <summary>
/// One suggestion for the agent while the customer is present: what to do (<see cref="Kind"/>, <see cref="Title"/>),
/// why (<see cref="Reason"/> with <see cref="ReasonArgs"/>, rendered in the UI language by <see cref="ReasonIn"/>)
/// and how strongly (<see cref="Score"/>, higher first). <see cref="Code"/> is stable for the same suggestion
/// ("collect:F-2026-0001", "promotion:PLATINUM-UPGRADE", "crossSell:42", "case:17", "contact:email"...), so a list
/// is ordered deterministically by score, then kind, then code. The ids link the action to what it is about;
/// <see cref="Detail"/> is what the agent can say (a promotion's offer text), when there is one.
/// </summary>
public sealed record NextBestAction(
    NextBestActionKind Kind,
    string Code,
    BilingualText Title,
    NextBestActionReason Reason,
    IReadOnlyDictionary<string, string> ReasonArgs,
    double Score,
    long? PromotionId = null,
    long? ProductId = null,
    long? InvoiceId = null,
    long? CaseId = null,
    BilingualText? Detail = null)
{
    /// <summary>The title in <paramref name="language"/> ("es…" Spanish, anything else English).</summary>
    public string TitleIn(string? language) => Title.In(language);

    /// <summary>The reason as a sentence in <paramref name="language"/>.</summary>
    public string ReasonIn(string? language) => NextBestActionText.Reason(Reason, ReasonArgs, language);
}
