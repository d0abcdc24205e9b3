namespace Vinculo.Domain.Commerce;

/// <summary>What a return gives back.</summary>
public static class Refunds
{
    /// <summary>
    /// The net share of <paramref name="units"/> of a line of <paramref name="quantity"/> units (its discount spread evenly),
    /// rounded to cents. Never negative; zero for an empty line.
    /// </summary>
    public static decimal Share(int quantity, decimal unitPrice, decimal discount, int units)
    {
        if (quantity <= 0 || units <= 0)
        {
            return 0;
        }

        var share = CommerceMath.Cents(CommerceMath.LineNet(quantity, unitPrice, discount) * units / quantity);
        return Math.Max(0, share);
    }
}
