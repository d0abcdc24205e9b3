namespace Vinculo.Domain.Quality;

/// <summary>
/// The thresholds the rules use. The defaults suit a retail or subscription business; every one can be changed.
/// </summary>
public sealed record QualityLimits
{
    public static readonly QualityLimits Default = new();

    /// <summary>
    /// Dates before this are "implausibly old". The default, 1980-01-01, catches the usual placeholder dates
    /// (0001-01-01, 1900-01-01, the Unix epoch 1970-01-01) while keeping any record of a real business relationship.
    /// </summary>
    public DateTime EarliestPlausible { get; init; } = new(1980, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// How far past "now" an event date may be before it counts as in the future: one day absorbs clock skew and
    /// local times stored as UTC (at most UTC+14).
    /// </summary>
    public TimeSpan FutureTolerance { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Largest plausible single price, total, payment or refund (in the record's currency).</summary>
    public decimal MaxAmount { get; init; } = 1_000_000m;

    /// <summary>Largest plausible quantity on one order line or return.</summary>
    public decimal MaxQuantity { get; init; } = 10_000m;

    /// <summary>Rounding allowance when comparing amounts (payments against totals, refunds against lines).</summary>
    public decimal MoneyTolerance { get; init; } = 0.01m;

    /// <summary>The calling code assumed for phone numbers written without one.</summary>
    public string DefaultCountryCallingCode { get; init; } = "34";

    /// <summary>The country assumed for tax ids and postal codes when the customer has no address with a country.</summary>
    public string DefaultCountry { get; init; } = "ES";
}
