namespace Vinculo.Domain.Commerce;

/// <summary>
/// Money storage: an amount as a 64-bit integer of ten-thousandths (four decimals), the same on SQLite and PostgreSQL, so
/// sums, comparisons and ordering are exact integer arithmetic in SQL on both (see docs/decisions/0005).
/// </summary>
public static class Money4
{
    public const long Scale = 10_000;

    /// <summary>The largest amount stored: about 922 thousand million, far above any single invoice.</summary>
    public const decimal Max = long.MaxValue / Scale;

    public static long ToScaled(decimal amount)
    {
        if (amount > Max || amount < -Max)
        {
            throw new OverflowException($"Amount {amount} is outside the storable range.");
        }

        return (long)decimal.Round(amount * Scale, MidpointRounding.ToEven);
    }

    public static decimal FromScaled(long scaled) => scaled / (decimal)Scale;

    /// <summary>True when the amount has at most four decimals and fits (what the API accepts).</summary>
    public static bool IsStorable(decimal amount) =>
        amount <= Max && amount >= -Max && decimal.Round(amount, 4) == amount;
}

/// <summary>Order-line and currency arithmetic.</summary>
public static class CommerceMath
{
    public static decimal LineNet(int quantity, decimal unitPrice, decimal discount) => quantity * unitPrice - discount;

    /// <summary>Rounds a computed amount (a refund, a pro-rated price) to cents, half away from zero as invoices do.</summary>
    public static decimal Cents(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>ISO 4217 shape: three upper-case ASCII letters.</summary>
    public static bool IsCurrencyCode(string? code) =>
        code is { Length: 3 } && code.All(c => c is >= 'A' and <= 'Z');
}
