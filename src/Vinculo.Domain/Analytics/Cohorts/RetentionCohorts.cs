namespace Vinculo.Domain.Analytics.Cohorts;

/// <summary>
/// Monthly retention cohorts. A customer's cohort is the calendar month (UTC) of their first purchase;
/// Retention[k] is the share of the cohort's customers with at least one purchase in month cohort + k
/// (so Retention[0] = 1). A cohort's list stops at the last month observed (<c>asOfMonth</c>, by default the month
/// of the latest purchase) or after <c>maxMonths</c> + 1 values. O(m log m) for m purchases.
/// </summary>
public static class RetentionCohorts
{
    /// <summary>
    /// Builds the cohorts from (customer id, purchase time) pairs in any order, oldest cohort first.
    /// </summary>
    /// <param name="customerIds">The customer of each purchase.</param>
    /// <param name="purchasedAt">The time of each purchase (UTC).</param>
    /// <param name="asOfMonth">Last month observed (any day of it); purchases after it are ignored. Null: the latest purchase's month.</param>
    /// <param name="maxMonths">Retention values kept after month 0 at most (null: all observed).</param>
    /// <param name="fromMonth">First cohort reported (any day of it); older cohorts are left out, their customers stay in their own cohort. Null: all.</param>
    public static IReadOnlyList<RetentionCohort> Compute(
        ReadOnlySpan<long> customerIds,
        ReadOnlySpan<DateTime> purchasedAt,
        DateOnly? asOfMonth = null,
        int? maxMonths = null,
        DateOnly? fromMonth = null)
    {
        if (customerIds.Length != purchasedAt.Length)
        {
            throw new ArgumentException("One purchase time per customer id is required.", nameof(purchasedAt));
        }

        if (maxMonths is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxMonths), "maxMonths cannot be negative.");
        }

        var keys = customerIds.ToArray();
        var months = new int[keys.Length];
        var lastMonth = int.MinValue;
        for (var i = 0; i < months.Length; i++)
        {
            months[i] = MonthIndex(purchasedAt[i].Year, purchasedAt[i].Month);
            lastMonth = Math.Max(lastMonth, months[i]);
        }

        if (asOfMonth is { } asOf)
        {
            lastMonth = MonthIndex(asOf.Year, asOf.Month);
        }

        if (keys.Length == 0)
        {
            return [];
        }

        Array.Sort(keys, months);

        // Per cohort: customers, and customers active k months later.
        var cohorts = new SortedDictionary<int, long[]>();
        var start = 0;
        while (start < keys.Length)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }

            Array.Sort(months, start, end - start);
            var first = months[start];
            if (first <= lastMonth)
            {
                if (!cohorts.TryGetValue(first, out var active))
                {
                    active = new long[lastMonth - first + 1];
                    cohorts[first] = active;
                }

                var previous = int.MinValue;
                for (var i = start; i < end && months[i] <= lastMonth; i++)
                {
                    if (months[i] != previous)
                    {
                        active[months[i] - first]++;
                        previous = months[i];
                    }
                }
            }

            start = end;
        }

        var from = fromMonth is { } f ? MonthIndex(f.Year, f.Month) : int.MinValue;
        var result = new List<RetentionCohort>(cohorts.Count);
        foreach (var (month, active) in cohorts)
        {
            if (month < from)
            {
                continue;
            }

            var length = maxMonths is { } max ? Math.Min(active.Length, max + 1) : active.Length;
            var retention = new double[length];
            var size = active[0];
            for (var k = 0; k < length; k++)
            {
                retention[k] = (double)active[k] / size;
            }

            result.Add(new RetentionCohort(new DateOnly(month / 12, month % 12 + 1, 1), checked((int)size), retention));
        }

        return result;
    }

    private static int MonthIndex(int year, int month) => year * 12 + month - 1;
}
