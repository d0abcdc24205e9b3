using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vinculo.Core.Common;
using Vinculo.Core.Storage;
using Vinculo.Domain.Analytics;

namespace Vinculo.Core.Analytics.Pipeline;

/// <summary>
/// Where the analytics refresh is, for the "refresh now" control and its progress endpoint.
/// </summary>
/// <param name="State">"idle" (never ran), "running", "succeeded" or "failed".</param>
/// <param name="Stage">The current stage's key (<see cref="AnalyticsStages"/>) while this node runs it; null otherwise.</param>
/// <param name="Overall">Share done, 0–1 (1 once finished).</param>
/// <param name="Here">Whether this node runs (or ran) it: only then are the stage, progress and timings known.</param>
public sealed record AnalyticsRefreshStatus(
    string State,
    string? Mode,
    long? RunId,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    string? Stage,
    int StageIndex,
    int StageCount,
    double StageFraction,
    double Overall,
    string? Detail,
    string? Error,
    int? CustomersScored,
    IReadOnlyList<AnalyticsStageTiming> Timings,
    bool Here)
{
    public bool Running => State == "running";
}

/// <summary>
/// Starts refreshes in the background of the web host (the "refresh now" control, the nightly job, the demo's first
/// run) and keeps the progress of the one this node runs. At most one runs at a time: in this process by a flag, across
/// nodes by the refresh lease (<see cref="AnalyticsRefresh"/>); a start while one runs is refused.
/// </summary>
public sealed class AnalyticsRefreshMonitor(IServiceScopeFactory scopes, DatabaseSettings settings, TimeProvider clock, ILogger<AnalyticsRefreshMonitor> log)
    : IDisposable
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private AnalyticsRefreshStatus? _last;
    private Task<AnalyticsRefreshResult?> _completion = Task.FromResult<AnalyticsRefreshResult?>(null);

    /// <summary>The refresh this node started last (completed at once when none): tests and the nightly job await it.</summary>
    public Task<AnalyticsRefreshResult?> Completion
    {
        get
        {
            lock (_gate)
            {
                return _completion;
            }
        }
    }

    /// <summary>Whether this node is running a refresh.</summary>
    public bool RunningHere
    {
        get
        {
            lock (_gate)
            {
                return _last is { Running: true };
            }
        }
    }

    /// <summary>
    /// Starts a refresh in the background and returns at once. 409 (<see cref="ConflictException"/>) when one is running
    /// here or on another node; 400 for a mode other than "full" or "incremental".
    /// </summary>
    public async Task<AnalyticsRefreshStatus> StartAsync(string mode, CancellationToken ct)
    {
        if (mode is not ("full" or "incremental"))
        {
            throw ValidationException.For("mode", "The mode is \"full\" or \"incremental\".");
        }

        if (RunningHere || await RefreshLease.IsHeldAsync(settings, clock, ct))
        {
            throw new ConflictException("An analytics refresh is already running.");
        }

        AnalyticsRefreshStatus started;
        lock (_gate)
        {
            if (_last is { Running: true })
            {
                throw new ConflictException("An analytics refresh is already running.");
            }

            started = new AnalyticsRefreshStatus("running", mode, null, Timestamps.Truncate(clock.GetUtcNow().UtcDateTime), null,
                AnalyticsStages.Warehouse, 0, AnalyticsStages.All.Count, 0, 0, null, null, null, [], Here: true);
            var previous = _last;
            _last = started;
            _completion = Task.Run(() => Run(mode, started.StartedAt!.Value, previous));
        }

        return started;
    }

    private async Task<AnalyticsRefreshResult?> Run(string mode, DateTime startedAt, AnalyticsRefreshStatus? previous)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var refresh = scope.ServiceProvider.GetRequiredService<AnalyticsRefresh>();
            var progress = new Relay<AnalyticsRefreshProgress>(p =>
            {
                lock (_gate)
                {
                    _last = _last! with
                    {
                        Stage = p.Stage,
                        StageIndex = p.StageIndex,
                        StageFraction = p.StageFraction,
                        Overall = p.Overall,
                        Detail = p.Detail,
                    };
                }
            });
            var result = await refresh.RunAsync(mode, progress, _stopping.Token);
            lock (_gate)
            {
                _last = new AnalyticsRefreshStatus("succeeded", mode, result.RunId, startedAt, result.Summary.FinishedAt, null,
                    AnalyticsStages.All.Count, AnalyticsStages.All.Count, 1, 1, null, null, result.CustomersScored, result.Timings, Here: true);
            }

            log.LogInformation("Analytics refresh ({Mode}) scored {Customers} customers in {Seconds:N1} s", mode, result.CustomersScored, result.TotalSeconds);
            return result;
        }
        catch (ConflictException)
        {
            // Another node took the lease between our check and the start: its run is the one to follow.
            lock (_gate)
            {
                _last = previous;
            }

            log.LogInformation("Analytics refresh ({Mode}) not started: another refresh is running", mode);
            return null;
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                _last = _last! with
                {
                    State = "failed",
                    FinishedAt = Timestamps.Truncate(clock.GetUtcNow().UtcDateTime),
                    Error = $"{e.GetType().Name}: {e.Message}",
                };
            }

            if (e is OperationCanceledException && _stopping.IsCancellationRequested)
            {
                log.LogInformation("Analytics refresh cancelled: the host is stopping");
            }
            else
            {
                log.LogError(e, "Analytics refresh ({Mode}) failed", mode);
            }

            return null;
        }
    }

    /// <summary>
    /// The refresh's status: this node's when it runs one (or ran the latest run), else the latest <c>analytics_runs</c>
    /// row (a refresh running on another node shows as running without stages).
    /// </summary>
    public async Task<AnalyticsRefreshStatus> StatusAsync(CancellationToken ct)
    {
        AnalyticsRefreshStatus? local;
        lock (_gate)
        {
            local = _last;
        }

        if (local is { Running: true })
        {
            return local;
        }

        await using var db = StorageSetup.CreateDbContext(settings);
        var run = await db.AnalyticsRuns.AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        if (run is null)
        {
            return local ?? new AnalyticsRefreshStatus("idle", null, null, null, null, null, 0, AnalyticsStages.All.Count, 0, 0, null, null, null, [], Here: false);
        }

        if (local is not null && (local.RunId == run.Id || local.RunId is null && local.StartedAt >= run.StartedAt))
        {
            return local;
        }

        var state = run.Status switch
        {
            AnalyticsRunStatus.Running => "running",
            AnalyticsRunStatus.Succeeded => "succeeded",
            _ => "failed",
        };
        var done = run.Status != AnalyticsRunStatus.Running;
        return new AnalyticsRefreshStatus(state, run.Mode, run.Id, run.StartedAt, run.FinishedAt, null, done ? AnalyticsStages.All.Count : 0,
            AnalyticsStages.All.Count, done ? 1 : 0, done ? 1 : 0, null, run.Error, null, [], Here: false);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }
}
