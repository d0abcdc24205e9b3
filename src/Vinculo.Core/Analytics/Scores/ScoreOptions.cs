namespace Vinculo.Core.Analytics.Scores;

/// <summary>Settings of the scores in the operational database, bound from <c>Vinculo:Analytics</c>.</summary>
public sealed class ScoreOptions
{
    /// <summary>
    /// A run raises a payment-default alert for every customer whose default probability is at least this (0–1;
    /// <c>Vinculo:Analytics:DefaultAlertThreshold</c>, default 0.5).
    /// </summary>
    public double DefaultAlertThreshold { get; set; } = 0.5;

    /// <summary>
    /// Days after an alert was handled (case opened or dismissed) during which no new alert is raised for the same
    /// customer, so a dismissed alert does not come back with the next nightly run (<c>Vinculo:Analytics:DefaultAlertQuietDays</c>).
    /// </summary>
    public int DefaultAlertQuietDays { get; set; } = 30;

    /// <summary>The threshold actually used: clamped to 0–1 (a misconfigured value must not raise an alert for everybody or nobody silently).</summary>
    public double Threshold => double.IsFinite(DefaultAlertThreshold) ? Math.Clamp(DefaultAlertThreshold, 0, 1) : 0.5;
}
