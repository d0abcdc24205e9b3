using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace Vinculo.Web.Components.Service.Cases;

/// <summary>
/// An interactive component that re-renders every second (its SLA countdowns move) and reloads its data every
/// <see cref="RefreshSeconds"/> seconds. Prerendered, it shows the time of the request; the timer starts once the
/// circuit is up and stops when the component goes away.
/// </summary>
public abstract class TickingComponent : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private CultureInfo _culture = CultureInfo.CurrentCulture;
    private CultureInfo _uiCulture = CultureInfo.CurrentUICulture;
    private bool _disposed;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    /// <summary>The instant the countdowns are computed at (UTC).</summary>
    protected DateTime Now { get; private set; }

    /// <summary>How often the data is read again.</summary>
    protected virtual int RefreshSeconds => 30;

    protected override void OnInitialized()
    {
        _culture = CultureInfo.CurrentCulture;
        _uiCulture = CultureInfo.CurrentUICulture;
        Now = Clock.GetUtcNow().UtcDateTime;
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
        {
            _ = Run(_stop.Token);
        }
    }

    /// <summary>Reads the data again (in its own scope); a failure keeps what is shown.</summary>
    protected abstract Task Refresh(CancellationToken ct);

    private async Task Run(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), Clock);
        var ticks = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                // The texts are formatted in the user's language whichever thread the tick resumes on.
                CultureInfo.CurrentCulture = _culture;
                CultureInfo.CurrentUICulture = _uiCulture;
                if (++ticks % RefreshSeconds == 0)
                {
                    try
                    {
                        await Refresh(ct);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // Stale data is better than a broken page: the next refresh tries again.
                    }
                }

                Now = Clock.GetUtcNow().UtcDateTime;
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException)
        {
            // The component was disposed.
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away between two ticks.
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (disposing)
        {
            _stop.Cancel();
            _stop.Dispose();
        }
    }
}
