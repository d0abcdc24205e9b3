namespace Vinculo.Domain.Service;

/// <summary>
/// One opening interval on a specific local date whose hours differ from the weekly ones (for example a short Christmas
/// Eve). When a date has special hours, they replace the weekly hours of that whole local date, including the tail of a
/// night interval that started the evening before. Several intervals may be given for the same date; they must not
/// overlap. A special interval stays within its date (it cannot cross midnight; give the next date its own interval).
/// </summary>
/// <param name="Date">The local date.</param>
/// <param name="Start">Local start time, 00:00 up to (not including) 24:00.</param>
/// <param name="End">Local end time, after <paramref name="Start"/>, at most 24:00.</param>
public sealed record SpecialHours(DateOnly Date, TimeSpan Start, TimeSpan End)
{
    /// <summary>An interval from "HH:mm" texts; "24:00" is accepted as an end of day.</summary>
    /// <exception cref="FormatException">A time is not in HH:mm or HH:mm:ss form.</exception>
    public static SpecialHours Of(DateOnly date, string start, string end) =>
        new(date, WeeklyInterval.ParseTime(start), WeeklyInterval.ParseTime(end));
}
