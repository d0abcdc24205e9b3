using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Vinculo.Domain.Commerce;

namespace Vinculo.Domain.Tests.Commerce;

/// <summary>The due-date limits the receivables SQL compares with must give the same buckets as the day-counting rule.</summary>
public class AgingLimitsTests
{
    private static readonly DateTime Origin = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    // Instants to the second over ten years, and due dates up to 200 days either side of them (any time of day).
    private static Gen<(DateTime Now, DateTime Due)> Moments { get; } =
        from nowSeconds in Gen.Choose(0, 315_360_000)
        from offsetSeconds in Gen.Choose(-200 * 86_400, 200 * 86_400)
        let now = Origin.AddSeconds(nowSeconds)
        select (now, now.AddSeconds(offsetSeconds));

    [Property(MaxTest = 2000)]
    public Property Limits_bucket_every_due_date_as_the_rule_does()
        => Prop.ForAll(Moments.ToArbitrary(), m => AgingLimits.At(m.Now).Bucket(m.Due) == Receivables.Bucket(m.Due, m.Now));

    [Property(MaxTest = 2000)]
    public Property Bucket_ranges_hold_exactly_the_due_dates_of_their_bucket()
        => Prop.ForAll(Moments.ToArbitrary(), m =>
        {
            var limits = AgingLimits.At(m.Now);
            var bucket = Receivables.Bucket(m.Due, m.Now);
            return new[] { AgingBucket.Days0To30, AgingBucket.Days31To60, AgingBucket.Days61To90, AgingBucket.Over90 }.All(b =>
            {
                var (from, before) = limits.DueRange(b);
                var inRange = (from is null || m.Due >= from) && (before is null || m.Due < before);
                return inRange == (bucket == b);
            });
        });

    [Property(MaxTest = 2000)]
    public Property Days_late_thresholds_match_days_overdue()
        => Prop.ForAll(Moments.ToArbitrary(), Gen.Choose(1, 150).ToArbitrary(), (m, days) =>
        {
            var before = AgingLimits.At(m.Now).DueBeforeForDaysLate(days);
            return (m.Due < before) == (Receivables.DaysOverdue(m.Due, m.Now) >= days);
        });

    [Fact]
    public void Edges_at_midnight_and_at_the_current_instant()
    {
        var now = new DateTime(2026, 6, 15, 12, 0, 0, DateTimeKind.Utc);
        var limits = AgingLimits.At(now);
        Assert.Equal(new DateTime(2026, 5, 16, 0, 0, 0, DateTimeKind.Utc), limits.D30);
        Assert.Equal(AgingBucket.Current, limits.Bucket(now));
        Assert.Equal(AgingBucket.Days0To30, limits.Bucket(now.AddTicks(-10)));
        Assert.Equal(AgingBucket.Days0To30, limits.Bucket(limits.D30));
        Assert.Equal(AgingBucket.Days31To60, limits.Bucket(limits.D30.AddTicks(-10)));
        Assert.Null(limits.DueBeforeForDaysLate(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => limits.DueRange(AgingBucket.Current));
    }
}
