namespace Vinculo.Domain.Analytics.Rfm;

/// <summary>
/// One row of the segment table: customers whose recency score R and combined frequency–monetary score FM both fall
/// in the given inclusive ranges belong to <see cref="Segment"/>. FM is ⌊(F + M) / 2⌋.
/// </summary>
public sealed record RfmSegmentRule(string Segment, int RecencyMin, int RecencyMax, int FrequencyMonetaryMin, int FrequencyMonetaryMax)
{
    public bool Matches(int r, int fm) => r >= RecencyMin && r <= RecencyMax && fm >= FrequencyMonetaryMin && fm <= FrequencyMonetaryMax;
}

/// <summary>
/// The named RFM segments. Ids are stable camelCase keys (the UI translates them). <see cref="Rules"/> is the only
/// definition of the table; docs/analytics-rfm-clv.md shows the same table and a test keeps the two equal. The rules
/// do not overlap and cover every (R, FM) pair from 1 to 5.
/// </summary>
public static class RfmSegments
{
    public const string Champions = "champions";
    public const string Loyal = "loyal";
    public const string PotentialLoyalist = "potentialLoyalist";
    public const string New = "new";
    public const string Promising = "promising";
    public const string NeedAttention = "needAttention";
    public const string AboutToSleep = "aboutToSleep";
    public const string AtRisk = "atRisk";
    public const string CantLoseThem = "cantLoseThem";
    public const string Hibernating = "hibernating";
    public const string Lost = "lost";

    /// <summary>Every segment id, from the most to the least valuable.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Champions, Loyal, PotentialLoyalist, New, Promising, NeedAttention, AboutToSleep, AtRisk, CantLoseThem, Hibernating, Lost,
    ];

    /// <summary>The segment table: R range, FM range (both inclusive).</summary>
    public static IReadOnlyList<RfmSegmentRule> Rules { get; } =
    [
        new(Champions, 5, 5, 4, 5),
        new(Loyal, 3, 4, 4, 5),
        new(PotentialLoyalist, 4, 5, 2, 3),
        new(New, 5, 5, 1, 1),
        new(Promising, 4, 4, 1, 1),
        new(NeedAttention, 3, 3, 3, 3),
        new(AboutToSleep, 3, 3, 1, 2),
        new(AtRisk, 1, 2, 3, 4),
        new(CantLoseThem, 1, 2, 5, 5),
        new(Hibernating, 2, 2, 1, 2),
        new(Lost, 1, 1, 1, 2),
    ];

    private static readonly string[] Grid = BuildGrid();

    /// <summary>The combined frequency–monetary score: ⌊(F + M) / 2⌋, 1–5.</summary>
    public static int FrequencyMonetary(int f, int m) => (f + m) / 2;

    /// <summary>The segment of a customer with scores R, F and M (each 1–5).</summary>
    public static string Classify(int r, int f, int m)
    {
        if (r is < 1 or > 5 || f is < 1 or > 5 || m is < 1 or > 5)
        {
            throw new ArgumentOutOfRangeException(nameof(r), $"RFM scores are 1–5; got R={r}, F={f}, M={m}.");
        }

        return Grid[((r - 1) * 5) + FrequencyMonetary(f, m) - 1];
    }

    private static string[] BuildGrid()
    {
        var grid = new string[25];
        for (var r = 1; r <= 5; r++)
        {
            for (var fm = 1; fm <= 5; fm++)
            {
                foreach (var rule in Rules)
                {
                    if (rule.Matches(r, fm))
                    {
                        grid[((r - 1) * 5) + fm - 1] ??= rule.Segment;
                    }
                }
            }
        }

        return grid;
    }
}
