namespace Vinculo.Domain.Service;

/// <summary>
/// The open set of a business calendar in local wall-clock time, as ticks since 0001-01-01 00:00 local (day 0 is a Monday).
/// Each local date holds sorted, disjoint, half-open intervals within [0, 24h): the weekly hours of its day of week, or its
/// override (a holiday has none). <see cref="Measure"/> is the cumulative open time, computed arithmetically: whole weeks
/// times the weekly total plus a prefix sum of the overrides' differences, so any span costs O(log overrides).
/// </summary>
internal sealed class LocalSchedule
{
    internal const long TicksPerDay = TimeSpan.TicksPerDay;
    internal const long TicksPerWeek = 7 * TicksPerDay;

    // Monday-based weekday → flattened [start0, end0, start1, end1, ...] ticks within the day.
    private readonly long[][] weekly;
    private readonly long[] weekCumulative;
    private readonly long[] overrideDays;
    private readonly long[][] overrideHours;
    private readonly long[] cumulativeDelta;

    internal LocalSchedule(long[][] weekly, SortedDictionary<long, long[]> overrides)
    {
        this.weekly = weekly;
        weekCumulative = new long[8];
        for (var d = 0; d < 7; d++)
        {
            weekCumulative[d + 1] = weekCumulative[d] + Total(weekly[d]);
        }

        overrideDays = [.. overrides.Keys];
        overrideHours = [.. overrides.Values];
        cumulativeDelta = new long[overrideDays.Length + 1];
        for (var i = 0; i < overrideDays.Length; i++)
        {
            var usual = Total(weekly[overrideDays[i] % 7]);
            cumulativeDelta[i + 1] = cumulativeDelta[i] + Total(overrideHours[i]) - usual;
        }
    }

    /// <summary>Open ticks in one ordinary week.</summary>
    internal long WeeklyTotal => weekCumulative[7];

    /// <summary>Monday-based weekday index (0 = Monday) of a <see cref="DayOfWeek"/>.</summary>
    internal static int WeekdayIndex(DayOfWeek day) => ((int)day + 6) % 7;

    /// <summary>Open time in [0, x) local.</summary>
    internal long Measure(long x)
    {
        var day = x / TicksPerDay;
        var t = x - (day * TicksPerDay);
        var weekday = (int)(day % 7);
        var m = (day / 7 * WeeklyTotal) + weekCumulative[weekday];
        var i = Array.BinarySearch(overrideDays, day);
        return i >= 0
            ? m + cumulativeDelta[i] + Prefix(overrideHours[i], t)
            : m + cumulativeDelta[~i] + Prefix(weekly[weekday], t);
    }

    /// <summary>Whether local instant x is inside an opening interval.</summary>
    internal bool IsOpen(long x)
    {
        var day = x / TicksPerDay;
        var t = x - (day * TicksPerDay);
        var hours = HoursOf(day);
        for (var i = 0; i < hours.Length && hours[i] <= t; i += 2)
        {
            if (t < hours[i + 1])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The earliest open local instant in [x, limit), or null. Walks days: O(closed days until the opening).</summary>
    internal long? NextOpen(long x, long limit)
    {
        var day = x / TicksPerDay;
        var t = x - (day * TicksPerDay);
        while (day * TicksPerDay < limit)
        {
            var hours = HoursOf(day);
            for (var i = 0; i < hours.Length; i += 2)
            {
                if (hours[i + 1] > t)
                {
                    var y = (day * TicksPerDay) + Math.Max(hours[i], t);
                    return y < limit ? y : null;
                }
            }

            day++;
            t = 0;
        }

        return null;
    }

    /// <summary>
    /// The earliest local y ≥ x with Measure(y) − Measure(x) = r, for r &gt; 0. The caller guarantees that much open time
    /// exists (it checked with <see cref="Measure"/>). Whole weeks are skipped arithmetically; then at most about a week of
    /// days (plus closed override days) is walked.
    /// </summary>
    internal long Advance(long x, long r)
    {
        var weekTotal = WeeklyTotal;
        var measured = Measure(x);
        while (r > weekTotal)
        {
            var weeks = r / weekTotal;
            long gained = 0;
            while (weeks > 0)
            {
                gained = Measure(x + (weeks * TicksPerWeek)) - measured;
                if (gained < r)
                {
                    break;
                }

                weeks /= 2;
            }

            if (weeks == 0)
            {
                break;
            }

            x += weeks * TicksPerWeek;
            measured += gained;
            r -= gained;
        }

        var day = x / TicksPerDay;
        var t = x - (day * TicksPerDay);
        while (true)
        {
            var hours = HoursOf(day);
            for (var i = 0; i < hours.Length; i += 2)
            {
                var end = hours[i + 1];
                if (end <= t)
                {
                    continue;
                }

                var from = Math.Max(hours[i], t);
                if (end - from >= r)
                {
                    return (day * TicksPerDay) + from + r;
                }

                r -= end - from;
            }

            day++;
            t = 0;
        }
    }

    private long[] HoursOf(long day)
    {
        var i = Array.BinarySearch(overrideDays, day);
        return i >= 0 ? overrideHours[i] : weekly[day % 7];
    }

    private static long Prefix(long[] hours, long t)
    {
        long m = 0;
        for (var i = 0; i < hours.Length && hours[i] < t; i += 2)
        {
            m += Math.Min(hours[i + 1], t) - hours[i];
        }

        return m;
    }

    private static long Total(long[] hours)
    {
        long m = 0;
        for (var i = 0; i < hours.Length; i += 2)
        {
            m += hours[i + 1] - hours[i];
        }

        return m;
    }
}
