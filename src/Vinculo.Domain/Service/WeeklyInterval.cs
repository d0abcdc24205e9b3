using System.Globalization;

namespace Vinculo.Domain.Service;

/// <summary>
/// One weekly opening interval in local wall-clock time: from <paramref name="Start"/> on <paramref name="Day"/> to
/// <paramref name="End"/> on the same day, or on the following day when <paramref name="EndsNextDay"/> is set
/// (a night shift such as Friday 22:00 – Saturday 06:00). An <paramref name="End"/> of 24:00 means the end of the day.
/// The interval is half-open: open at <paramref name="Start"/>, closed again at <paramref name="End"/>.
/// </summary>
/// <param name="Day">The day of week the interval starts on.</param>
/// <param name="Start">Local start time, 00:00 up to (not including) 24:00.</param>
/// <param name="End">
/// Local end time: after <paramref name="Start"/> and at most 24:00 for a same-day interval; at most <paramref name="Start"/>
/// (so the interval lasts at most 24 hours) when it ends the next day.
/// </param>
/// <param name="EndsNextDay">Whether the interval crosses midnight and ends on the day after <paramref name="Day"/>.</param>
public sealed record WeeklyInterval(DayOfWeek Day, TimeSpan Start, TimeSpan End, bool EndsNextDay = false)
{
    /// <summary>
    /// An interval from "HH:mm" (or "HH:mm:ss") texts; "24:00" is accepted as an end of day.
    /// </summary>
    /// <exception cref="FormatException">A time is not in HH:mm or HH:mm:ss form.</exception>
    public static WeeklyInterval Of(DayOfWeek day, string start, string end, bool endsNextDay = false) =>
        new(day, ParseTime(start), ParseTime(end), endsNextDay);

    /// <summary>
    /// Parses a local time of day "HH:mm" or "HH:mm:ss" (hours 00–24; 24 only as 24:00). Unlike <see cref="TimeSpan.Parse(string)"/>,
    /// "24:00" is 24 hours, not 24 days.
    /// </summary>
    /// <exception cref="FormatException">The text is not such a time.</exception>
    public static TimeSpan ParseTime(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split(':');
        if (parts.Length is < 2 or > 3
            || !TryPart(parts[0], 24, out var hours)
            || !TryPart(parts[1], 59, out var minutes)
            || !TryPart(parts.Length == 3 ? parts[2] : "0", 59, out var seconds)
            || (hours == 24 && (minutes != 0 || seconds != 0)))
        {
            throw new FormatException($"'{text}' is not a time of day in HH:mm form (00:00 to 24:00).");
        }

        return new TimeSpan(hours, minutes, seconds);
    }

    private static bool TryPart(string part, int max, out int value)
    {
        value = 0;
        if (part.Length is < 1 or > 2 || !part.All(char.IsAsciiDigit))
        {
            return false;
        }

        value = int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture);
        return value <= max;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        EndsNextDay
            ? $"{Day} {Format(Start)}–{NextDay(Day)} {Format(End)}"
            : $"{Day} {Format(Start)}–{Format(End)}";

    internal static DayOfWeek NextDay(DayOfWeek day) => (DayOfWeek)(((int)day + 1) % 7);

    internal static string Format(TimeSpan time) =>
        time == TimeSpan.FromDays(1)
            ? "24:00"
            : time.Ticks % TimeSpan.TicksPerMinute == 0
                ? time.ToString(@"hh\:mm", CultureInfo.InvariantCulture)
                : time.ToString(@"hh\:mm\:ss\.FFFFFFF", CultureInfo.InvariantCulture);
}
