using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Vinculo.Domain.Service;
using static Vinculo.Domain.Tests.Service.TestCalendars;

namespace Vinculo.Domain.Tests.Service;

public class BusinessCalendarPropertyTests
{
    private static readonly DateTime RangeStart = Utc(2025, 1, 1);
    private const int RangeMinutes = 4 * 366 * 24 * 60; // 2025–2028

    // Any minute in 2025–2028, sometimes with a sub-minute remainder.
    private static Gen<DateTime> AnyInstant { get; } =
        from minute in Gen.Choose(0, RangeMinutes - 1)
        from ticks in Gen.OneOf(Gen.Constant(0), Gen.Choose(0, (int)TimeSpan.TicksPerMinute - 1))
        select RangeStart.AddMinutes(minute).AddTicks(ticks);

    // Within three days of a daylight-saving change, on whole minutes.
    private static Gen<DateTime> NearDstChange { get; } =
        from day in Gen.Elements(DstDays)
        from minute in Gen.Choose(-3 * 24 * 60, 3 * 24 * 60)
        select day.AddMinutes(minute);

    private static Gen<DateTime> Instant { get; } = Gen.OneOf(AnyInstant, AnyInstant, NearDstChange);

    // 0 to 600 hours, sometimes exactly zero, sometimes with a sub-minute remainder.
    private static Gen<TimeSpan> Duration { get; } = Gen.OneOf(
        Gen.Constant(TimeSpan.Zero),
        from minutes in Gen.Choose(0, 600 * 60) select TimeSpan.FromMinutes(minutes),
        from minutes in Gen.Choose(0, 600 * 60)
        from ticks in Gen.Choose(0, (int)TimeSpan.TicksPerMinute - 1)
        select TimeSpan.FromMinutes(minutes) + TimeSpan.FromTicks(ticks));

    private static Gen<BusinessCalendar> Calendar { get; } = Gen.Elements(All);

    private static Gen<(BusinessCalendar Calendar, DateTime Start)> CalendarAndStart { get; } =
        from calendar in Calendar from start in Instant select (calendar, start);

    [Property(MaxTest = 500)]
    public Property Business_time_to_the_added_instant_is_the_duration()
        => Prop.ForAll(Calendar.ToArbitrary(), Instant.ToArbitrary(), Duration.ToArbitrary(), (calendar, start, d) =>
            calendar.BusinessTimeBetween(start, calendar.AddBusinessTime(start, d)) == d);

    [Property(MaxTest = 100)]
    public Property Very_long_durations_round_trip()
        => Prop.ForAll(Calendar.ToArbitrary(), Instant.ToArbitrary(), Gen.Choose(0, 20_000 * 60).ToArbitrary(), (calendar, start, minutes) =>
        {
            var d = TimeSpan.FromMinutes(minutes);
            var end = calendar.AddBusinessTime(start, d);
            return calendar.BusinessTimeBetween(start, end) == d
                && (d == TimeSpan.Zero || (calendar.IsOpen(end.AddTicks(-1)) && calendar.BusinessTimeBetween(start, end.AddTicks(-1)) < d));
        });

    [Property(MaxTest = 300)]
    public Property Adding_is_strictly_monotonic_in_the_duration()
        => Prop.ForAll(CalendarAndStart.ToArbitrary(), Duration.ToArbitrary(), Duration.ToArbitrary(), (cs, a, b) =>
        {
            var (calendar, start) = cs;
            var (d1, d2) = a <= b ? (a, b) : (b, a);
            var r1 = calendar.AddBusinessTime(start, d1);
            var r2 = calendar.AddBusinessTime(start, d2);
            return d1 == d2 ? r1 == r2 : r1 < r2;
        });

    [Property(MaxTest = 500)]
    public Property The_result_is_the_earliest_instant_and_open_or_a_boundary()
        => Prop.ForAll(Calendar.ToArbitrary(), Instant.ToArbitrary(), Duration.ToArbitrary(), (calendar, start, d) =>
        {
            var end = calendar.AddBusinessTime(start, d);
            if (d == TimeSpan.Zero)
            {
                return end == start && end.Kind == DateTimeKind.Utc;
            }

            // The tick before the result is open (so the result is inside an opening or at its end), and one tick earlier
            // not all the time has elapsed yet.
            return end > start
                && end.Kind == DateTimeKind.Utc
                && calendar.IsOpen(end.AddTicks(-1))
                && NaiveIsOpen(calendar, end.AddTicks(-1))
                && calendar.BusinessTimeBetween(start, end.AddTicks(-1)) < d;
        });

    [Property(MaxTest = 300)]
    public Property Business_time_is_additive()
        => Prop.ForAll(CalendarAndStart.ToArbitrary(), Instant.ToArbitrary(), Instant.ToArbitrary(), (cx, y, z) =>
        {
            var (calendar, x) = cx;
            DateTime[] sorted = [x, y, z];
            Array.Sort(sorted);
            var (a, b, c) = (sorted[0], sorted[1], sorted[2]);
            return calendar.BusinessTimeBetween(a, b) + calendar.BusinessTimeBetween(b, c) == calendar.BusinessTimeBetween(a, c)
                && calendar.BusinessTimeBetween(c, a) == TimeSpan.Zero;
        });

    [Property(MaxTest = 300)]
    public Property Pausing_never_increases_elapsed_time()
    {
        var pause =
            from start in Instant
            from hours in Gen.Choose(0, 24 * 14)
            select (From: start, To: start.AddHours(hours));
        var pauses = from count in Gen.Choose(0, 4) from list in Gen.ArrayOf(pause, count) select list;
        return Prop.ForAll(CalendarAndStart.ToArbitrary(), Duration.ToArbitrary(), pauses.ToArbitrary(), (cs, d, list) =>
        {
            var (calendar, from) = cs;
            var to = from + d + d;
            var full = calendar.BusinessTimeBetween(from, to);
            var paused = calendar.BusinessTimeExcluding(from, to, list);
            var fewer = calendar.BusinessTimeExcluding(from, to, list.Skip(1).ToList());
            var subtracted = full - list.Aggregate(TimeSpan.Zero, (sum, p) =>
                sum + calendar.BusinessTimeBetween(p.From < from ? from : p.From, p.To > to ? to : p.To));
            return paused <= full && paused >= TimeSpan.Zero && paused <= fewer && paused >= subtracted;
        });
    }

    [Property(MaxTest = 1000)]
    public Property IsOpen_agrees_with_a_naive_local_time_reading()
        => Prop.ForAll(Calendar.ToArbitrary(), Instant.ToArbitrary(), (calendar, instant) =>
            calendar.IsOpen(instant) == NaiveIsOpen(calendar, instant));

    [Property(MaxTest = 150)]
    public Property Business_time_agrees_with_counting_open_minutes()
        => Prop.ForAll(Calendar.ToArbitrary(), NearDstChange.ToArbitrary(), Gen.Choose(0, 36 * 60).ToArbitrary(), (calendar, from, minutes) =>
        {
            // Every boundary (opening hours and offset changes) is on a whole minute, so each minute is all open or all closed.
            var open = 0;
            for (var m = 0; m < minutes; m++)
            {
                open += NaiveIsOpen(calendar, from.AddMinutes(m)) ? 1 : 0;
            }

            return calendar.BusinessTimeBetween(from, from.AddMinutes(minutes)) == TimeSpan.FromMinutes(open);
        });

    [Property(MaxTest = 300)]
    public Property Next_opening_is_the_first_open_instant()
        => Prop.ForAll(Calendar.ToArbitrary(), Instant.ToArbitrary(), (calendar, instant) =>
        {
            var next = calendar.NextOpening(instant);
            return next >= instant
                && calendar.IsOpen(next)
                && (next == instant || !calendar.IsOpen(next.AddTicks(-1)))
                && calendar.BusinessTimeBetween(instant, next) == TimeSpan.Zero
                && (next == instant) == calendar.IsOpen(instant);
        });

    [Property(MaxTest = 200)]
    public Property Around_the_clock_business_time_is_wall_clock_time()
        => Prop.ForAll(Instant.ToArbitrary(), Duration.ToArbitrary(), Gen.Elements("UTC", "Europe/Madrid", "America/New_York").ToArbitrary(), (start, d, zone) =>
        {
            var calendar = zone == "UTC" ? Utc24x7 : BusinessCalendar.AlwaysOpen(zone);
            return calendar.AddBusinessTime(start, d) == start + d
                && calendar.BusinessTimeBetween(start, start + d) == d
                && calendar.IsOpen(start);
        });
}
