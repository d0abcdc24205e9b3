namespace Vinculo.Domain.Service;

/// <summary>
/// Business hours in a time zone, for service-level clocks: weekly opening intervals in local wall-clock time, whole-day
/// holidays and optional special hours on given dates. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// An instant is open when the local wall-clock time it shows in the zone falls inside the opening hours of that local
/// date. Business time is real elapsed time while open: on a daylight-saving spring-forward day a local interval that
/// includes the skipped hour is an hour shorter, on a fall-back day one that includes the repeated hour is an hour longer
/// (the repeated hour counts twice when it is open).
/// </para>
/// <para>
/// A holiday closes its whole local date, including the part after midnight of a night interval that started the evening
/// before; special hours likewise replace the whole local date.
/// </para>
/// <para>
/// All instants are UTC <see cref="DateTime"/> values (<see cref="DateTimeKind.Utc"/>, or <see cref="DateTimeKind.Unspecified"/>
/// taken as UTC; <see cref="DateTimeKind.Local"/> is rejected) and results are <see cref="DateTimeKind.Utc"/>. Arithmetic is
/// exact to the tick. Cost: <see cref="BusinessTimeBetween"/> is O(offset changes in the span × log(holidays)); whole weeks
/// are never walked. <see cref="AddBusinessTime"/> skips whole weeks arithmetically and walks at most about a week of days
/// plus the closed holidays it crosses, so it is O(days touched within one week + holidays + offset changes).
/// </para>
/// </remarks>
public sealed class BusinessCalendar
{
    /// <summary>The earliest instant accepted (one day after <see cref="DateTime.MinValue"/>, leaving room for any zone offset).</summary>
    public static readonly DateTime MinSupported = new(DateTime.MinValue.Ticks + TimeSpan.TicksPerDay, DateTimeKind.Utc);

    /// <summary>The latest instant accepted or returned (one day before <see cref="DateTime.MaxValue"/>).</summary>
    public static readonly DateTime MaxSupported = new(DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay, DateTimeKind.Utc);

    private static readonly string[] DayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    private readonly LocalSchedule schedule;
    private readonly ZoneOffsets offsets;

    /// <summary>Builds and validates a calendar.</summary>
    /// <param name="timeZoneId">IANA time zone id, e.g. "Europe/Madrid" or "UTC".</param>
    /// <param name="weeklyHours">The weekly opening intervals; at least one; none may overlap another.</param>
    /// <param name="holidays">Local dates closed all day (duplicates are ignored).</param>
    /// <param name="specialHours">Intervals that replace the weekly hours of their local dates.</param>
    /// <exception cref="BusinessCalendarException">The definition is invalid; see <see cref="Validate"/>.</exception>
    public BusinessCalendar(
        string timeZoneId,
        IEnumerable<WeeklyInterval> weeklyHours,
        IEnumerable<DateOnly>? holidays = null,
        IEnumerable<SpecialHours>? specialHours = null)
    {
        var build = Analyze(timeZoneId, weeklyHours, holidays, specialHours);
        if (build.Errors.Count > 0)
        {
            throw new BusinessCalendarException(build.Errors);
        }

        TimeZone = build.Zone!;
        TimeZoneId = TimeZone.Id;
        WeeklyHours = build.Weekly;
        Holidays = build.Holidays;
        SpecialHours = build.Special;
        schedule = build.Schedule!;
        offsets = ZoneOffsets.For(TimeZone);
    }

    /// <summary>The IANA time zone id.</summary>
    public string TimeZoneId { get; }

    /// <summary>The time zone.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>The weekly opening intervals, as given.</summary>
    public IReadOnlyList<WeeklyInterval> WeeklyHours { get; }

    /// <summary>The holidays, sorted, without duplicates.</summary>
    public IReadOnlyList<DateOnly> Holidays { get; }

    /// <summary>The special hours, sorted by date and start.</summary>
    public IReadOnlyList<SpecialHours> SpecialHours { get; }

    /// <summary>Nominal open time of one ordinary week (no holidays, no offset change).</summary>
    public TimeSpan WeeklyBusinessTime => TimeSpan.FromTicks(schedule.WeeklyTotal);

    /// <summary>A calendar open around the clock, every day: business time equals elapsed wall-clock time.</summary>
    /// <param name="timeZoneId">IANA time zone id; irrelevant to the arithmetic, kept for display.</param>
    public static BusinessCalendar AlwaysOpen(string timeZoneId = "UTC") =>
        new(timeZoneId, Enum.GetValues<DayOfWeek>().Select(d => new WeeklyInterval(d, TimeSpan.Zero, TimeSpan.FromDays(1))));

    /// <summary>
    /// The problems of a calendar definition as field path → messages (empty when valid). Paths: <c>timeZoneId</c>,
    /// <c>weeklyHours</c>, <c>weeklyHours[i]</c>, <c>holidays[i]</c>, <c>specialHours[i]</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> Validate(
        string timeZoneId,
        IEnumerable<WeeklyInterval> weeklyHours,
        IEnumerable<DateOnly>? holidays = null,
        IEnumerable<SpecialHours>? specialHours = null) =>
        Analyze(timeZoneId, weeklyHours, holidays, specialHours).Errors;

    /// <summary>Whether the calendar is open at the instant.</summary>
    public bool IsOpen(DateTime utc)
    {
        var u = Ticks(utc, nameof(utc));
        var segment = offsets.SegmentAt(u);
        return schedule.IsOpen(u + segment.Offset);
    }

    /// <summary>The instant itself when open, otherwise the next instant the calendar opens.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No opening before <see cref="MaxSupported"/>.</exception>
    public DateTime NextOpening(DateTime utc)
    {
        var u = Ticks(utc, nameof(utc));
        while (u <= MaxSupported.Ticks)
        {
            var segment = offsets.SegmentAt(u);
            var local = schedule.NextOpen(u + segment.Offset, segment.End + segment.Offset);
            if (local is { } x)
            {
                return Result(x - segment.Offset, nameof(utc));
            }

            u = segment.End;
        }

        throw new ArgumentOutOfRangeException(nameof(utc), utc, "The calendar does not open again within the supported range.");
    }

    /// <summary>
    /// The earliest instant at which <paramref name="duration"/> of business time has elapsed since
    /// <paramref name="startUtc"/>. A zero duration returns the start itself (even when closed); otherwise the result is
    /// inside or at the end of an opening interval, never later than needed (ending exactly at a lunch break returns the
    /// start of the break).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The duration is negative or the result is beyond <see cref="MaxSupported"/>.</exception>
    public DateTime AddBusinessTime(DateTime startUtc, TimeSpan duration)
    {
        var u = Ticks(startUtc, nameof(startUtc));
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var remaining = duration.Ticks;
        if (remaining == 0)
        {
            return new DateTime(u, DateTimeKind.Utc);
        }

        while (u <= MaxSupported.Ticks)
        {
            var segment = offsets.SegmentAt(u);
            var local = u + segment.Offset;
            var available = schedule.Measure(segment.End + segment.Offset) - schedule.Measure(local);
            if (available >= remaining)
            {
                return Result(schedule.Advance(local, remaining) - segment.Offset, nameof(duration));
            }

            remaining -= available;
            u = segment.End;
        }

        throw new ArgumentOutOfRangeException(nameof(duration), duration, "The result is beyond the supported range.");
    }

    /// <summary>Business time elapsed from <paramref name="fromUtc"/> to <paramref name="toUtc"/>; zero if to ≤ from.</summary>
    public TimeSpan BusinessTimeBetween(DateTime fromUtc, DateTime toUtc)
    {
        var from = Ticks(fromUtc, nameof(fromUtc));
        var to = Ticks(toUtc, nameof(toUtc));
        return TimeSpan.FromTicks(Between(from, to));
    }

    /// <summary>
    /// Business time elapsed from <paramref name="fromUtc"/> to <paramref name="toUtc"/>, not counting the paused spans
    /// (for a stopped SLA clock). Pauses may overlap each other or stick out of the range; a pause still running can be
    /// given with <c>To</c> = <paramref name="toUtc"/>. Zero if to ≤ from.
    /// </summary>
    /// <exception cref="ArgumentException">A pause ends before it starts.</exception>
    public TimeSpan BusinessTimeExcluding(DateTime fromUtc, DateTime toUtc, IReadOnlyList<(DateTime From, DateTime To)> pauses)
    {
        ArgumentNullException.ThrowIfNull(pauses);
        var from = Ticks(fromUtc, nameof(fromUtc));
        var to = Ticks(toUtc, nameof(toUtc));
        var spans = new List<(long From, long To)>(pauses.Count);
        foreach (var (pauseFrom, pauseTo) in pauses)
        {
            var a = Ticks(pauseFrom, nameof(pauses));
            var b = Ticks(pauseTo, nameof(pauses));
            if (b < a)
            {
                throw new ArgumentException($"A pause ends ({pauseTo:O}) before it starts ({pauseFrom:O}).", nameof(pauses));
            }

            a = Math.Max(a, from);
            b = Math.Min(b, to);
            if (a < b)
            {
                spans.Add((a, b));
            }
        }

        var total = Between(from, to);
        spans.Sort();
        var cursor = from;
        foreach (var (a, b) in spans)
        {
            var start = Math.Max(a, cursor);
            if (b > start)
            {
                total -= Between(start, b);
                cursor = b;
            }
        }

        return TimeSpan.FromTicks(total);
    }

    private long Between(long from, long to)
    {
        long total = 0;
        var u = from;
        while (u < to)
        {
            var segment = offsets.SegmentAt(u);
            var end = Math.Min(segment.End, to);
            total += schedule.Measure(end + segment.Offset) - schedule.Measure(u + segment.Offset);
            u = segment.End;
        }

        return total;
    }

    private static long Ticks(DateTime value, string paramName)
    {
        if (value.Kind == DateTimeKind.Local)
        {
            throw new ArgumentException("Expected a UTC instant, got a local time.", paramName);
        }

        if (value.Ticks < MinSupported.Ticks || value.Ticks > MaxSupported.Ticks)
        {
            throw new ArgumentOutOfRangeException(paramName, value, "The instant is outside the supported range.");
        }

        return value.Ticks;
    }

    private static DateTime Result(long ticks, string paramName) =>
        ticks <= MaxSupported.Ticks
            ? new DateTime(ticks, DateTimeKind.Utc)
            : throw new ArgumentOutOfRangeException(paramName, "The result is beyond the supported range.");

    private sealed record Build(
        Dictionary<string, string[]> Errors,
        TimeZoneInfo? Zone,
        IReadOnlyList<WeeklyInterval> Weekly,
        IReadOnlyList<DateOnly> Holidays,
        IReadOnlyList<SpecialHours> Special,
        LocalSchedule? Schedule);

    private static Build Analyze(
        string timeZoneId,
        IEnumerable<WeeklyInterval> weeklyHours,
        IEnumerable<DateOnly>? holidays,
        IEnumerable<SpecialHours>? specialHours)
    {
        ArgumentNullException.ThrowIfNull(weeklyHours);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        var zone = FindZone(timeZoneId, Add);
        var weekly = weeklyHours.ToList();
        var holidayList = (holidays ?? []).Distinct().Order().ToList();
        var special = (specialHours ?? []).ToList();

        // Weekly intervals split at midnight into per-weekday pieces, remembering their source index.
        var pieces = Enumerable.Range(0, 7).Select(_ => new List<(long Start, long End, int Source)>()).ToArray();
        for (var i = 0; i < weekly.Count; i++)
        {
            var field = $"weeklyHours[{i}]";
            var interval = weekly[i];
            if (interval is null)
            {
                Add(field, "The interval is missing.");
                continue;
            }

            if (!Enum.IsDefined(interval.Day))
            {
                Add(field, $"Unknown day of week {(int)interval.Day}.");
                continue;
            }

            if (!CheckTimes(interval.Start, interval.End, field, Add))
            {
                continue;
            }

            var day = LocalSchedule.WeekdayIndex(interval.Day);
            if (!interval.EndsNextDay)
            {
                if (interval.End <= interval.Start)
                {
                    Add(field, $"The end ({WeeklyInterval.Format(interval.End)}) is not after the start ({WeeklyInterval.Format(interval.Start)}); "
                        + "mark the interval as ending the next day if it crosses midnight.");
                    continue;
                }

                pieces[day].Add((interval.Start.Ticks, interval.End.Ticks, i));
            }
            else
            {
                if (interval.End > interval.Start || interval.End == TimeSpan.FromDays(1))
                {
                    Add(field, $"An interval crossing midnight must end ({WeeklyInterval.Format(interval.End)}) no later than its start time "
                        + $"({WeeklyInterval.Format(interval.Start)}) the next day: at most 24 hours.");
                    continue;
                }

                pieces[day].Add((interval.Start.Ticks, TimeSpan.TicksPerDay, i));
                if (interval.End > TimeSpan.Zero)
                {
                    pieces[(day + 1) % 7].Add((0, interval.End.Ticks, i));
                }
            }
        }

        var weeklyHoursByDay = new long[7][];
        for (var d = 0; d < 7; d++)
        {
            weeklyHoursByDay[d] = Merge(pieces[d], DayNames[d], s => $"weeklyHours[{s}]", Add);
        }

        if (weekly.Count == 0)
        {
            Add("weeklyHours", "At least one weekly opening interval is required.");
        }

        // Overrides by DateOnly.DayNumber (days since 0001-01-01, the local-ticks origin): holidays have no hours,
        // special hours replace a date's hours.
        var overrides = new SortedDictionary<long, long[]>();
        var holidaySet = holidayList.ToHashSet();
        foreach (var holiday in holidayList)
        {
            overrides[holiday.DayNumber] = [];
        }

        var specialPieces = new Dictionary<DateOnly, List<(long Start, long End, int Source)>>();
        for (var i = 0; i < special.Count; i++)
        {
            var field = $"specialHours[{i}]";
            var hours = special[i];
            if (hours is null)
            {
                Add(field, "The interval is missing.");
                continue;
            }

            if (!CheckTimes(hours.Start, hours.End, field, Add))
            {
                continue;
            }

            if (hours.End <= hours.Start)
            {
                Add(field, $"The end ({WeeklyInterval.Format(hours.End)}) is not after the start ({WeeklyInterval.Format(hours.Start)}); "
                    + "special hours cannot cross midnight: give the next date its own interval.");
                continue;
            }

            if (holidaySet.Contains(hours.Date))
            {
                Add(field, $"{hours.Date:yyyy-MM-dd} is also a holiday.");
                continue;
            }

            if (!specialPieces.TryGetValue(hours.Date, out var list))
            {
                specialPieces[hours.Date] = list = [];
            }

            list.Add((hours.Start.Ticks, hours.End.Ticks, i));
        }

        foreach (var (date, list) in specialPieces)
        {
            overrides[date.DayNumber] = Merge(list, date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                s => $"specialHours[{s}]", Add);
        }

        var result = errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
        var ok = result.Count == 0;
        return new Build(
            result,
            zone,
            weekly.AsReadOnly(),
            holidayList.AsReadOnly(),
            special.Where(s => s is not null).OrderBy(s => s.Date).ThenBy(s => s.Start).ToList().AsReadOnly(),
            ok ? new LocalSchedule(weeklyHoursByDay, overrides) : null);
    }

    private static TimeZoneInfo? FindZone(string timeZoneId, Action<string, string> add)
    {
        if (string.IsNullOrWhiteSpace(timeZoneId))
        {
            add("timeZoneId", "A time zone id is required.");
            return null;
        }

        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
            if (!zone.HasIanaId)
            {
                add("timeZoneId", $"'{timeZoneId}' is not an IANA time zone id (e.g. Europe/Madrid).");
                return null;
            }

            return zone;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            add("timeZoneId", $"Unknown time zone '{timeZoneId}'.");
            return null;
        }
    }

    private static bool CheckTimes(TimeSpan start, TimeSpan end, string field, Action<string, string> add)
    {
        var ok = true;
        if (start < TimeSpan.Zero || start >= TimeSpan.FromDays(1))
        {
            add(field, $"The start ({start}) must be from 00:00 up to, not including, 24:00.");
            ok = false;
        }

        if (end < TimeSpan.Zero || end > TimeSpan.FromDays(1))
        {
            add(field, $"The end ({end}) must be from 00:00 up to 24:00.");
            ok = false;
        }

        return ok;
    }

    // Reports overlapping pieces (on the later one given), then merges touching ones into the flattened [start, end, ...] form.
    private static long[] Merge(List<(long Start, long End, int Source)> pieces, string dayName, Func<int, string> field, Action<string, string> add)
    {
        for (var j = 0; j < pieces.Count; j++)
        {
            for (var i = 0; i < pieces.Count; i++)
            {
                if (pieces[i].Source < pieces[j].Source && pieces[i].Start < pieces[j].End && pieces[j].Start < pieces[i].End)
                {
                    add(field(pieces[j].Source), $"Overlaps {field(pieces[i].Source)} on {dayName}.");
                    break;
                }
            }
        }

        pieces.Sort();
        var merged = new List<long>(pieces.Count * 2);
        foreach (var (start, end, _) in pieces)
        {
            if (merged.Count > 0 && start <= merged[^1])
            {
                merged[^1] = Math.Max(merged[^1], end);
            }
            else
            {
                merged.Add(start);
                merged.Add(end);
            }
        }

        return [.. merged];
    }
}
