using Microsoft.Extensions.Options;
using Vinculo.Core.Service.Alarms;
using Vinculo.Core.Storage;

namespace Vinculo.Web.Hosting;

/// <summary>Settings of the SLA alarm job (section <c>Vinculo:SlaAlarms</c>).</summary>
public sealed class SlaAlarmOptions
{
    public const string Section = "Vinculo:SlaAlarms";

    /// <summary>Whether this node runs the job at all (off in the Testing environment unless a test turns it on).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Seconds between runs (default 15).</summary>
    public int IntervalSeconds { get; set; } = 15;

    /// <summary>Cases per batch; a full batch is followed at once by the next one.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>The interval, at least one second.</summary>
    public TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, IntervalSeconds));

    /// <summary>How long the lease lasts without renewal: three intervals, so a node that died is replaced within that.</summary>
    public TimeSpan LeaseDuration => Interval * 3;
}

/// <summary>
/// Runs the SLA alarm job (<see cref="AlarmProcessor"/>) every interval while this node holds the <c>sla-alarms</c> lease
/// (docs/decisions/0010): other nodes skip their turn. A failure is logged and the next run tries again; it never stops
/// the host.
/// </summary>
public sealed class SlaAlarmService(
    IServiceScopeFactory scopes, IOptions<SlaAlarmOptions> options, TimeProvider clock, ILogger<SlaAlarmService> log) : BackgroundService
{
    /// <summary>The lease's name.</summary>
    public const string LeaseName = "sla-alarms";

    /// <summary>This node's name on the lease: machine, process and a random part (two hosts in one process differ).</summary>
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            log.LogInformation("SLA alarm job disabled on this node");
            return;
        }

        log.LogInformation("SLA alarm job every {Interval} s (batch {Batch}) as {Holder}", settings.Interval.TotalSeconds, settings.BatchSize, Holder);
        using var timer = new PeriodicTimer(settings.Interval, clock);
        try
        {
            do
            {
                await RunOnce(settings, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }

        await Release();
    }

    /// <summary>One turn: take or renew the lease, then fire what is due (batch after batch while they come full).</summary>
    public async Task<AlarmRunResult?> RunOnce(SlaAlarmOptions settings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        try
        {
            var total = AlarmRunResult.None;
            do
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<VinculoDb>();
                var now = Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);
                if (!await JobLeases.TryAcquire(db, LeaseName, Holder, now, settings.LeaseDuration, ct))
                {
                    log.LogDebug("SLA alarm job: another node holds the lease");
                    return null;
                }

                var run = await scope.ServiceProvider.GetRequiredService<AlarmProcessor>().RunOnce(now, Math.Max(1, settings.BatchSize), ct);
                total = total.Plus(run);
                if (total.More && run.Cases == run.Failed + run.Conflicts)
                {
                    // A full batch that made no progress: wait for the next turn rather than spin.
                    break;
                }
            }
            while (total.More && !ct.IsCancellationRequested);

            if (total.Cases > 0)
            {
                log.LogInformation(
                    "SLA alarms: {Cases} cases, {Warnings} warnings, {Breaches} breaches, {Escalations} escalations, {Notifications} notifications, {Conflicts} retried, {Failed} failed",
                    total.Cases, total.Warnings, total.Breaches, total.Escalations, total.Notifications, total.Conflicts, total.Failed);
            }

            return total;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogError(e, "SLA alarm job failed; trying again in {Interval} s", settings.Interval.TotalSeconds);
            return null;
        }
    }

    private async Task Release()
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await JobLeases.Release(scope.ServiceProvider.GetRequiredService<VinculoDb>(), LeaseName, Holder, CancellationToken.None);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Could not release the SLA alarm lease");
        }
    }
}
