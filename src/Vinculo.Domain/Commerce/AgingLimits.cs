namespace Vinculo.Domain.Commerce;

/// <summary>
/// The aging buckets at one moment as due-date limits, so a database can sum each bucket with plain comparisons on an indexed
/// due date. <see cref="Receivables.Bucket"/> counts whole UTC calendar days late, hence "at most 30 days late" is "due on or
/// after the midnight 30 days before today" (and before now).
/// </summary>
public readonly record struct AgingLimits(DateTime Now, DateTime Today, DateTime D30, DateTime D60, DateTime D90)
{
    public static AgingLimits At(DateTime now)
    {
        var today = DateTime.SpecifyKind(now.Date, DateTimeKind.Utc);
        return new AgingLimits(now, today, today.AddDays(-30), today.AddDays(-60), today.AddDays(-90));
    }

    /// <summary>The same bucket as <see cref="Receivables.Bucket"/>, by comparisons only.</summary>
    public AgingBucket Bucket(DateTime dueAt) =>
        dueAt >= Now ? AgingBucket.Current
        : dueAt >= D30 ? AgingBucket.Days0To30
        : dueAt >= D60 ? AgingBucket.Days31To60
        : dueAt >= D90 ? AgingBucket.Days61To90
        : AgingBucket.Over90;

    /// <summary>
    /// The due dates that are at least <paramref name="days"/> days late: those before the returned instant
    /// (<see cref="Receivables.DaysOverdue"/> ≥ days ⇔ the due date is on or before today − days). Null for 0: every overdue date.
    /// </summary>
    public DateTime? DueBeforeForDaysLate(int days) => days <= 0 ? null : Today.AddDays(1 - days);

    /// <summary>The due dates [From, Before) that fall in an overdue bucket (null bounds are open); Current has none.</summary>
    public (DateTime? From, DateTime? Before) DueRange(AgingBucket bucket) => bucket switch
    {
        AgingBucket.Days0To30 => (D30, Now),
        AgingBucket.Days31To60 => (D60, D30),
        AgingBucket.Days61To90 => (D90, D60),
        AgingBucket.Over90 => (null, D90),
        _ => throw new ArgumentOutOfRangeException(nameof(bucket), bucket, "Only overdue buckets have a due-date range."),
    };
}
