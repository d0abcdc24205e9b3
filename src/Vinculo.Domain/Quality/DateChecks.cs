using System.Globalization;

namespace Vinculo.Domain.Quality;

/// <summary>Dates in range: an event cannot be in the future nor implausibly old, and related dates keep their order.</summary>
public static class DateChecks
{
    /// <summary>
    /// Checks the date of something that already happened (created, ordered, paid, consented…): later than
    /// <c>now + FutureTolerance</c> is <see cref="QualityRules.DateInFuture"/>, earlier than
    /// <see cref="QualityLimits.EarliestPlausible"/> is <see cref="QualityRules.DateTooOld"/>. Dates that are
    /// legitimately ahead (an invoice's due date, a warranty's expiry) are not events: use <see cref="NotTooOld"/>.
    /// </summary>
    public static void Event(ICollection<QualityIssue> issues, string entity, long? id, string field, DateTime? value, DateTime now, QualityLimits limits)
    {
        if (value is not { } date)
        {
            return;
        }

        if (date > now + limits.FutureTolerance)
        {
            issues.Add(new QualityIssue(QualityRules.DateInFuture, entity, id, field, Text(date)));
        }
        else if (date < limits.EarliestPlausible)
        {
            issues.Add(new QualityIssue(QualityRules.DateTooOld, entity, id, field, Text(date)));
        }
    }

    /// <summary>Only the "implausibly old" half of <see cref="Event"/>, for dates that may lie ahead.</summary>
    public static void NotTooOld(ICollection<QualityIssue> issues, string entity, long? id, string field, DateTime? value, QualityLimits limits)
    {
        if (value is { } date && date < limits.EarliestPlausible)
        {
            issues.Add(new QualityIssue(QualityRules.DateTooOld, entity, id, field, Text(date)));
        }
    }

    /// <summary>
    /// <paramref name="later"/> must not be before <paramref name="earlier"/> (due before issued, cancelled before
    /// started, updated before created). Reported on the later field.
    /// </summary>
    public static void InOrder(
        ICollection<QualityIssue> issues, string entity, long? id, string earlierField, DateTime? earlier, string laterField, DateTime? later)
    {
        if (earlier is { } a && later is { } b && b < a)
        {
            issues.Add(new QualityIssue(QualityRules.DatesOutOfOrder, entity, id, laterField, $"{Text(b)} < {earlierField} {Text(a)}"));
        }
    }

    public static string Text(DateTime value) =>
        value.ToString(value.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
