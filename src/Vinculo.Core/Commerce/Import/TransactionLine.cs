using Vinculo.Domain.Commerce;

namespace Vinculo.Core.Commerce.Import;

/// <summary>
/// One line of a sale or of a cancellation, as every transactions file is read into: the Online Retail layout and
/// mapped CSV files give the same records.
/// </summary>
/// <param name="Row">The spreadsheet row it came from (the header is row 1).</param>
/// <param name="OrderNumber">The invoice or order number, cancellation prefix included ("536365", "C536379").</param>
/// <param name="LineNo">1-based position of the line among the file's rows with the same order number (rejected rows count too, so
/// fixing a bad row does not renumber the lines after it).</param>
/// <param name="Sku">The product code.</param>
/// <param name="Description">The product's description on this line, trimmed; null when empty.</param>
/// <param name="Quantity">Units sold, or returned for a cancellation: always positive.</param>
/// <param name="At">When the order (or cancellation) was placed, in UTC.</param>
/// <param name="UnitPrice">Price of one unit, at least 0, at most 4 decimal places.</param>
/// <param name="Discount">Discount amount of the whole line, 0 when the file has none.</param>
/// <param name="CustomerExternalId">The customer's id in the source system ("17850"); null for a guest order.</param>
/// <param name="Country">The customer's country as the file writes it ("United Kingdom"), or null.</param>
/// <param name="Currency">ISO 4217 code, upper case.</param>
/// <param name="IsCancellation">The line cancels or returns goods (a "C" invoice in Online Retail).</param>
public sealed record TransactionLine(
    long Row,
    string OrderNumber,
    int LineNo,
    string Sku,
    string? Description,
    int Quantity,
    DateTime At,
    decimal UnitPrice,
    decimal Discount,
    string? CustomerExternalId,
    string? Country,
    string Currency,
    bool IsCancellation)
{
    /// <summary>What the line costs (or refunds): quantity × unit price − discount.</summary>
    public decimal Amount => Quantity * UnitPrice - Discount;
}

/// <summary>The bounds a line must respect; beyond them a value is a typing or export error, not a sale.</summary>
public static class TransactionLimits
{
    /// <summary>More units than this on one line is taken as an error (Online Retail's largest line is 80,995).</summary>
    public const int MaxQuantity = 1_000_000;

    public const decimal MaxUnitPrice = 1_000_000m;

    /// <summary>Money is stored with four decimal places.</summary>
    public const int MaxDecimals = 4;

    public const int MaxOrderNumberLength = 64;

    /// <summary>A description becomes the product's name, so it has the catalogue's limit.</summary>
    public const int MaxDescriptionLength = CatalogRules.MaxNameLength;
    public const int MaxExternalIdLength = 100;
    public const int MaxCountryLength = 100;

    /// <summary>Dates before this are taken as errors (an empty spreadsheet cell often reads as 1899-12-30 or 1900-01-01).</summary>
    public static readonly DateTime MinDate = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>How far in the future a date may be (clock skew between systems).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromDays(1);
}
