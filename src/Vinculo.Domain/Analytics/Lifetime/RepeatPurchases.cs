namespace Vinculo.Domain.Analytics.Lifetime;

/// <summary>One purchase (or one order's total) of a customer on a day.</summary>
public readonly record struct DatedPurchase(long CustomerId, DateOnly Date, decimal Amount);

/// <summary>
/// Turns purchases into the per-customer calibration summary the lifetime models take (as lifetimes'
/// <c>summary_data_from_transaction_data</c> with daily periods): purchases after the calibration end are ignored;
/// purchases on the same day collapse into one purchase period whose spend is their sum; Frequency = purchase days
/// after the first, Recency = last − first purchase day, T = calibration end − first purchase day (both in days ÷
/// <c>daysPerUnit</c>: 7 for weeks), MonetaryValue = the mean spend of the repeat purchase days (the first day
/// excluded; 0 without repeats).
/// </summary>
public static class RepeatPurchases
{
    /// <summary>The summary of every customer with a purchase on or before <paramref name="calibrationEnd"/>, in ascending customer id.</summary>
    public static LifetimeInput[] Summarise(ReadOnlySpan<DatedPurchase> purchases, DateOnly calibrationEnd, double daysPerUnit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(daysPerUnit);
        var end = calibrationEnd.DayNumber;
        var kept = new (long Customer, int Day, decimal Amount)[purchases.Length];
        var n = 0;
        foreach (var p in purchases)
        {
            if (p.Date.DayNumber <= end)
            {
                kept[n++] = (p.CustomerId, p.Date.DayNumber, p.Amount);
            }
        }

        var span = kept.AsSpan(0, n);
        span.Sort(static (x, y) => x.Customer != y.Customer ? x.Customer.CompareTo(y.Customer) : x.Day.CompareTo(y.Day));
        var result = new List<LifetimeInput>();
        var i = 0;
        while (i < n)
        {
            var customer = span[i].Customer;
            var first = span[i].Day;
            var last = first;
            var repeatDays = 0;
            var repeatSpend = 0m;
            // The first day's purchases (not counted in the spend of repeats).
            while (i < n && span[i].Customer == customer && span[i].Day == first)
            {
                i++;
            }

            while (i < n && span[i].Customer == customer)
            {
                var day = span[i].Day;
                repeatDays++;
                last = day;
                while (i < n && span[i].Customer == customer && span[i].Day == day)
                {
                    repeatSpend += span[i].Amount;
                    i++;
                }
            }

            result.Add(new LifetimeInput(customer, repeatDays, (last - first) / daysPerUnit, (end - first) / daysPerUnit,
                repeatDays == 0 ? 0 : repeatSpend / repeatDays));
        }

        return [.. result];
    }
}
