using Vinculo.Domain.Analytics.Cohorts;

namespace Vinculo.Domain.Tests.Analytics.Cohorts;

public class RetentionCohortsTests
{
    // Customer 1: Jan (twice), Feb, Apr. Customer 2: Jan, Mar. Customer 3: Feb, Mar. Customer 4: Feb. Given out of order.
    private static readonly long[] Customers = [3, 1, 2, 1, 4, 1, 2, 3, 1];

    private static readonly DateTime[] Dates =
    [
        Utc(2024, 3, 15), Utc(2024, 4, 10), Utc(2024, 1, 31), Utc(2024, 1, 5), Utc(2024, 2, 1),
        Utc(2024, 2, 3), Utc(2024, 3, 1), Utc(2024, 2, 15), Utc(2024, 1, 20),
    ];

    [Fact]
    public void Monthly_cohorts_by_hand()
    {
        var cohorts = RetentionCohorts.Compute(Customers, Dates);

        // January: {1, 2}. Feb: customer 1 (1 of 2); Mar: customer 2; Apr: customer 1.
        Assert.Equal(2, cohorts.Count);
        Assert.Equal(new DateOnly(2024, 1, 1), cohorts[0].Month);
        Assert.Equal(2, cohorts[0].Customers);
        Assert.Equal([1.0, 0.5, 0.5, 0.5], cohorts[0].Retention);

        // February: {3, 4}. Mar: customer 3; Apr: nobody. The list stops at April, the last month observed.
        Assert.Equal(new DateOnly(2024, 2, 1), cohorts[1].Month);
        Assert.Equal(2, cohorts[1].Customers);
        Assert.Equal([1.0, 0.5, 0.0], cohorts[1].Retention);
    }

    [Fact]
    public void Max_months_as_of_and_from_month_limit_the_table()
    {
        var capped = RetentionCohorts.Compute(Customers, Dates, maxMonths: 1);
        Assert.Equal([1.0, 0.5], capped[0].Retention);
        Assert.Equal([1.0, 0.5], capped[1].Retention);

        // As of March: April's purchase is ignored.
        var asOfMarch = RetentionCohorts.Compute(Customers, Dates, asOfMonth: new DateOnly(2024, 3, 31));
        Assert.Equal([1.0, 0.5, 0.5], asOfMarch[0].Retention);
        Assert.Equal([1.0, 0.5], asOfMarch[1].Retention);

        // From February: January's cohort is left out and its customers do not move to February.
        var fromFebruary = RetentionCohorts.Compute(Customers, Dates, fromMonth: new DateOnly(2024, 2, 1));
        var february = Assert.Single(fromFebruary);
        Assert.Equal(2, february.Customers);
    }

    [Fact]
    public void A_cohort_of_the_last_month_has_only_month_zero_and_empty_input_gives_nothing()
    {
        var cohorts = RetentionCohorts.Compute([1, 2], [Utc(2023, 12, 31), Utc(2024, 1, 1)]);
        Assert.Equal([1.0, 0.0], cohorts[0].Retention);
        Assert.Equal([1.0], cohorts[1].Retention);

        Assert.Empty(RetentionCohorts.Compute([], []));
    }

    [Fact]
    public void Mismatched_lengths_are_rejected()
        => Assert.Throws<ArgumentException>(() => RetentionCohorts.Compute([1, 2], [Utc(2024, 1, 1)]));

    private static DateTime Utc(int year, int month, int day) => new(year, month, day, 12, 0, 0, DateTimeKind.Utc);
}
