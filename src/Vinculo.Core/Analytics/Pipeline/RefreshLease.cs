using Vinculo.Core.Storage;

namespace Vinculo.Core.Analytics.Pipeline;

/// <summary>
/// The <see cref="AnalyticsRefresh.LeaseName"/> lease held for one refresh (docs/decisions/0010): taken before the run,
/// renewed in the background every third of <see cref="AnalyticsRefresh.LeaseDuration"/>, released when disposed. A
/// process that dies stops renewing, and the next refresh may start once the lease expires.
/// </summary>
internal sealed class RefreshLease : IAsyncDisposable
{
    private readonly DatabaseSettings _settings;
    private readonly string _holder;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stop = new();
    private Task _renewal = Task.CompletedTask;

    private RefreshLease(DatabaseSettings settings, string holder, TimeProvider clock)
    {
        _settings = settings;
        _holder = holder;
        _clock = clock;
    }

    /// <summary>The lease, or null when another refresh holds it.</summary>
    public static async Task<RefreshLease?> AcquireAsync(DatabaseSettings settings, string holder, TimeProvider clock, CancellationToken ct)
    {
        var lease = new RefreshLease(settings, holder, clock);
        if (!await lease.TryRenew(ct))
        {
            lease._stop.Dispose();
            return null;
        }

        lease._renewal = lease.KeepAlive(lease._stop.Token);
        return lease;
    }

    /// <summary>Whether any process holds the refresh lease now.</summary>
    public static async Task<bool> IsHeldAsync(DatabaseSettings settings, TimeProvider clock, CancellationToken ct)
    {
        await using var db = StorageSetup.CreateDbContext(settings);
        return await JobLeases.Holder(db, AnalyticsRefresh.LeaseName, Timestamps.Truncate(clock.GetUtcNow().UtcDateTime), ct) is not null;
    }

    private async Task<bool> TryRenew(CancellationToken ct)
    {
        await using var db = StorageSetup.CreateDbContext(_settings);
        var now = Timestamps.Truncate(_clock.GetUtcNow().UtcDateTime);
        return await JobLeases.TryAcquire(db, AnalyticsRefresh.LeaseName, _holder, now, AnalyticsRefresh.LeaseDuration, ct);
    }

    private async Task KeepAlive(CancellationToken ct)
    {
        try
        {
            using var timer = new PeriodicTimer(AnalyticsRefresh.LeaseDuration / 3, _clock);
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    await TryRenew(ct);
                }
                catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
                {
                    // A missed renewal is retried at the next tick; the lease lasts three of them.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Released.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewal;
        _stop.Dispose();
        try
        {
            await using var db = StorageSetup.CreateDbContext(_settings);
            await JobLeases.Release(db, AnalyticsRefresh.LeaseName, _holder, CancellationToken.None);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            // It expires on its own.
        }
    }
}
