using System.Globalization;
using Vinculo.Domain.Text;

namespace Vinculo.Domain.Commerce;

/// <summary>The catalogue's rules: what a SKU may look like, the limits of a product and the text its search matches.</summary>
public static class CatalogRules
{
    public const int MaxSkuLength = 64;
    public const int MaxNameLength = 200;
    public const int MaxCategoryLength = 100;
    public const int MaxWarrantyMonths = 120;

    /// <summary>A SKU is 1–64 visible characters without spaces (it is printed on labels and typed at the till).</summary>
    public static bool IsValidSku(string? sku) =>
        !string.IsNullOrEmpty(sku) && sku.Length <= MaxSkuLength && sku.All(c => !char.IsWhiteSpace(c) && !char.IsControl(c));

    /// <summary>
    /// What a catalogue search matches: the SKU and both names, lower-case and without accents, so "cancion" finds
    /// "Canción" and "fib-600" finds "FIB-600".
    /// </summary>
    public static string SearchText(string sku, string nameEs, string nameEn) =>
        TextFolding.Fold(string.Join(' ', new[] { sku, nameEs, nameEn }.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim())));

    /// <summary>The words of a catalogue query, folded as <see cref="SearchText"/> is; every word must appear in it.</summary>
    public static IReadOnlyList<string> QueryWords(string? query) =>
        string.IsNullOrWhiteSpace(query)
            ? []
            : TextFolding.Fold(query).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).Take(8).ToArray();
}

/// <summary>The order workflow seen from one status, and how orders entered here are numbered.</summary>
public static class OrderFlow
{
    /// <summary>The statuses an order in <paramref name="from"/> may move to (empty when it is final).</summary>
    public static IReadOnlyList<OrderStatus> NextStatuses(OrderStatus from) =>
        Enum.GetValues<OrderStatus>().Where(to => CommerceRules.CanMove(from, to)).ToArray();

    public static bool IsFinal(OrderStatus status) => NextStatuses(status).Count == 0;

    /// <summary>The number of an order entered here without one: its year and its id, e.g. <c>2026-000123</c>.</summary>
    public static string LocalNumber(long id, DateTime orderedAt) =>
        string.Create(CultureInfo.InvariantCulture, $"{orderedAt.Year:D4}-{id:D6}");

    /// <summary>
    /// The total of an order from its lines' (quantity, unit price, discount), or null when a line is not valid: a
    /// quantity of at least 1, a unit price of at least 0 and a discount between 0 and the line's gross amount.
    /// </summary>
    public static decimal? Total(IEnumerable<(int Quantity, decimal UnitPrice, decimal Discount)> lines)
    {
        var total = 0m;
        foreach (var (quantity, unitPrice, discount) in lines)
        {
            if (!IsValidLine(quantity, unitPrice, discount))
            {
                return null;
            }

            total += CommerceMath.LineNet(quantity, unitPrice, discount);
        }

        return total;
    }

    public static bool IsValidLine(int quantity, decimal unitPrice, decimal discount) =>
        quantity >= 1 && unitPrice >= 0 && discount >= 0 && discount <= quantity * unitPrice;
}
