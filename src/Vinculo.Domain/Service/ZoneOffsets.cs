using System.Collections.Concurrent;

namespace Vinculo.Domain.Service;

/// <summary>A UTC span [Start, End) (ticks) during which a zone's offset from UTC is constant.</summary>
internal readonly record struct OffsetSegment(long Start, long End, long Offset);

/// <summary>
/// A time zone's UTC offset as constant-offset segments, clipped to UTC calendar years. Each year's transitions are found
/// once (offsets sampled every 6 hours, each change located to the tick by bisection) and cached, shared by every calendar
/// of the zone. Two transitions that cancel out within 6 hours would be missed; tz data has none in practice.
/// </summary>
internal sealed class ZoneOffsets
{
    private const long SampleStep = 6 * TimeSpan.TicksPerHour;
    private static readonly ConcurrentDictionary<string, ZoneOffsets> Shared = new(StringComparer.Ordinal);

    private readonly TimeZoneInfo zone;
    private readonly ConcurrentDictionary<int, YearOffsets> years = new();

    private ZoneOffsets(TimeZoneInfo zone) => this.zone = zone;

    internal static ZoneOffsets For(TimeZoneInfo zone) => Shared.GetOrAdd(zone.Id, _ => new ZoneOffsets(zone));

    /// <summary>The constant-offset segment holding UTC instant <paramref name="utcTicks"/>.</summary>
    internal OffsetSegment SegmentAt(long utcTicks)
    {
        var year = new DateTime(utcTicks, DateTimeKind.Utc).Year;
        var data = years.GetOrAdd(year, Load);
        var starts = data.TransitionStarts;
        var i = Array.BinarySearch(starts, utcTicks);
        var count = i >= 0 ? i + 1 : ~i; // transitions at or before the instant
        return new OffsetSegment(
            count == 0 ? data.YearStart : starts[count - 1],
            count < starts.Length ? starts[count] : data.YearEnd,
            count == 0 ? data.OffsetAtStart : data.Offsets[count - 1]);
    }

    private YearOffsets Load(int year)
    {
        var yearStart = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        var yearEnd = year == 9999 ? DateTime.MaxValue.Ticks + 1 : new DateTime(year + 1, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        var starts = new List<long>();
        var offsets = new List<long>();
        var offsetAtStart = OffsetAt(yearStart);
        var current = offsetAtStart;
        var low = yearStart;
        while (low < yearEnd - 1)
        {
            var high = Math.Min(low + SampleStep, yearEnd - 1);
            var highOffset = OffsetAt(high);
            while (highOffset != current)
            {
                // Bisect (low, high]: find the first tick whose offset differs from the one at low.
                var lo = low;
                var hi = high;
                while (hi - lo > 1)
                {
                    var mid = lo + ((hi - lo) / 2);
                    if (OffsetAt(mid) == current)
                    {
                        lo = mid;
                    }
                    else
                    {
                        hi = mid;
                    }
                }

                current = OffsetAt(hi);
                starts.Add(hi);
                offsets.Add(current);
                low = hi;
            }

            low = high;
        }

        return new YearOffsets(yearStart, yearEnd, offsetAtStart, [.. starts], [.. offsets]);
    }

    private long OffsetAt(long utcTicks) => zone.GetUtcOffset(new DateTime(utcTicks, DateTimeKind.Utc)).Ticks;

    private sealed record YearOffsets(long YearStart, long YearEnd, long OffsetAtStart, long[] TransitionStarts, long[] Offsets);
}
