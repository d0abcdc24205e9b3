using System.Globalization;
using Microsoft.Extensions.Options;
using Vinculo.Core.Analytics.Pipeline;
using Vinculo.Core.Analytics.Warehouse;
using Vinculo.Core.Common;
using Vinculo.Core.Storage;

namespace Vinculo.Web.Hosting;

/// <summary>Settings of the nightly analytics refresh (section <c>Vinculo:Analytics</c>; the time zone is <c>Vinculo:TimeZone</c>).</summary>
public sealed class AnalyticsNightlyOptions
{
    public const string Section = "Vinculo:Analytics";

    /// <summary>Whether this node runs the nightly refresh (off in the Testing environment).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Local time of day of the refresh, "HH:mm" (default 02:30).</summary>
    public string NightlyAt { get; set; } = "02:30";

    /// <summary>IANA time zone the time is in (bound from <c>Vinculo:TimeZone</c>); null or unknown means UTC.</summary>
    public string? TimeZone { get; set; }

    /// <summary>The time of day; 02:30 when the setting is not a time.</summary>
    public TimeOnly At => TimeOnly.TryParseExact(NightlyAt?.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
        ? t
        : new TimeOnly(2, 30);

    public TimeZoneInfo Zone()
    {
        if (!string.IsNullOrWhiteSpace(TimeZone))
        {
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                return TimeZoneInfo.Utc;
            }
        }

        return TimeZoneInfo.Utc;
    }
}

/// <summary>
/// Refreshes the analytics every night at <see cref="AnalyticsNightlyOptions.NightlyAt"/> local time (an incremental
/// warehouse load, then every model). Several nodes may wake at once: the refresh lease lets one run it and the others
/// skip that night (docs/decisions/0010). A failure is logged (and recorded on the run); the next night tries again.
/// </summary>
public sealed class AnalyticsNightlyJob(AnalyticsRefreshMonitor monitor, IOptions<AnalyticsNightlyOptions> options, TimeProvider clock, ILogger<AnalyticsNightlyJob> log)
    : BackgroundService
{
    /// <summary>The next time (UTC) after <paramref name="utcNow"/> at which the local clock of <paramref name="zone"/> shows <paramref name="at"/>.</summary>
    public static DateTime NextRun(DateTime utcNow, TimeOnly at, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utcNow, DateTimeKind.Utc), zone);
        var candidate = DateTime.SpecifyKind(local.Date + at.ToTimeSpan(), DateTimeKind.Unspecified);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var probe = candidate;
            while (zone.IsInvalidTime(probe))
            {
                // The clock skips this time (daylight saving starts): run when it shows again.
                probe = probe.AddMinutes(15);
            }

            var utc = TimeZoneInfo.ConvertTimeToUtc(probe, zone);
            if (utc > utcNow)
            {
                return utc;
            }

            candidate = candidate.AddDays(1);
        }

        return utcNow.AddDays(1);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            log.LogInformation("Nightly analytics refresh disabled on this node");
            return;
        }

        var zone = settings.Zone();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var next = NextRun(now, settings.At, zone);
                log.LogInformation("Nightly analytics refresh at {At} ({Zone}): next {Next:u}", settings.At, zone.Id, next);
                await Task.Delay(next - now, clock, stoppingToken);
                await RunOnce(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>One night's refresh: false when another refresh is running (here or on another node).</summary>
    public async Task<bool> RunOnce(CancellationToken ct)
    {
        try
        {
            await monitor.StartAsync("incremental", ct);
        }
        catch (ConflictException)
        {
            log.LogInformation("Nightly analytics refresh skipped: another refresh is running");
            return false;
        }

        await monitor.Completion;
        return true;
    }
}

public static class AnalyticsHosting
{
    /// <summary>The warehouse under the content root, the nightly refresh and its options (off in the Testing environment).</summary>
    public static WebApplicationBuilder AddAnalyticsRefresh(this WebApplicationBuilder builder)
    {
        var settings = DatabaseSettings.FromConfiguration(builder.Configuration, builder.Environment.ContentRootPath);
        var configuration = builder.Configuration;
        var root = builder.Environment.ContentRootPath;
        builder.Services.AddSingleton(_ => AnalyticsWarehouse.For(settings, configuration, root));
        builder.Services.AddOptions<AnalyticsNightlyOptions>()
            .Bind(configuration.GetSection(AnalyticsNightlyOptions.Section))
            .Configure(o => o.TimeZone ??= configuration["Vinculo:TimeZone"]);
        if (builder.Environment.IsEnvironment("Testing"))
        {
            builder.Services.Configure<AnalyticsNightlyOptions>(o => o.Enabled = false);
        }

        builder.Services.AddHostedService<AnalyticsNightlyJob>();
        return builder;
    }

    /// <summary>
    /// After the demo data is seeded at first start: one full refresh in the background once the host listens, so every
    /// demo customer has scores within seconds without slowing the start.
    /// </summary>
    public static void RefreshDemoInBackground(WebApplication app, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(app);
        var monitor = app.Services.GetRequiredService<AnalyticsRefreshMonitor>();
        app.Lifetime.ApplicationStarted.Register(() => _ = Task.Run(async () =>
        {
            try
            {
                await monitor.StartAsync("full", app.Lifetime.ApplicationStopping);
                Console.WriteLine("Vinculo: computing the demo's analytics (segments, risks, lifetime values) in the background...");
            }
            catch (Exception e) when (e is ConflictException or OperationCanceledException or System.Data.Common.DbException)
            {
                log.LogWarning(e, "The demo's first analytics refresh did not start");
            }
        }));
    }
}
