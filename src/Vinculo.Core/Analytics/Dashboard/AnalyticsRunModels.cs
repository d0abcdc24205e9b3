using System.Text.Json;
using Vinculo.Domain.Analytics;

namespace Vinculo.Core.Analytics.Dashboard;

/// <summary>
/// One analytics run as the history lists it: when it started and finished, how long it took, full or incremental,
/// its status and, when it failed, the error.
/// </summary>
public sealed record AnalyticsRunDto(
    long Id,
    DateTime StartedAt,
    DateTime? FinishedAt,
    double? DurationSeconds,
    string Mode,
    AnalyticsRunStatus Status,
    string? Error)
{
    public static AnalyticsRunDto From(AnalyticsRun run) => new(
        run.Id,
        DateTime.SpecifyKind(run.StartedAt, DateTimeKind.Utc),
        run.FinishedAt is { } f ? DateTime.SpecifyKind(f, DateTimeKind.Utc) : null,
        run.FinishedAt is { } end && end >= run.StartedAt ? (end - run.StartedAt).TotalSeconds : null,
        run.Mode,
        run.Status,
        run.Error);
}

/// <summary>
/// A run with its summary: null while it runs, when it failed, or when the stored summary cannot be read
/// (<see cref="SummaryUnreadable"/> tells the last case apart).
/// </summary>
public sealed record AnalyticsRunDetail(AnalyticsRunDto Run, AnalyticsRunSummary? Summary, bool SummaryUnreadable);

/// <summary>The run history's filter and page: status (running, succeeded, failed), cursor and limit (1–200, default 50).</summary>
public sealed record AnalyticsRunQuery(string? Status = null, string? Cursor = null, int? Limit = null);

/// <summary>
/// The stored form of <see cref="AnalyticsRunSummary"/> in <c>analytics_runs.summary</c>: System.Text.Json with the web
/// defaults (camelCase names, case-insensitive reading; dates as ISO 8601).
/// </summary>
public static class AnalyticsSummaryJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static string Write(AnalyticsRunSummary summary) => JsonSerializer.Serialize(summary, Options);

    /// <summary>The summary, or null when <paramref name="json"/> is empty or not a summary.</summary>
    public static AnalyticsRunSummary? TryRead(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<AnalyticsRunSummary>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }
}
