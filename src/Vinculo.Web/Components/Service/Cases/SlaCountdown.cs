using System.Globalization;
using Microsoft.Extensions.Localization;
using Vinculo.Domain.Service;

namespace Vinculo.Web.Components.Service.Cases;

/// <summary>How an SLA timer looks right now.</summary>
public enum SlaLook
{
    /// <summary>No target counts.</summary>
    None,
    /// <summary>Counting, before the warning time.</summary>
    Ok,
    /// <summary>Counting, past the warning time.</summary>
    Warning,
    /// <summary>Past the due time (or recorded as breached).</summary>
    Breached,
    /// <summary>Stopped while the case waits on the customer.</summary>
    Paused,
    /// <summary>Achieved in time.</summary>
    Met,
}

/// <summary>A timer reading: its look and the wall-clock time left to the due instant (negative once overdue).</summary>
public readonly record struct SlaReading(SlaLook Look, TimeSpan? Left);

/// <summary>
/// The live countdown of an SLA target. Business time is not wall time, but the due instant is exact, so the time left is
/// the wall-clock distance to it; the state changes to warning and breached as the warning and due instants pass.
/// </summary>
public static class SlaCountdown
{
    public static SlaReading Read(SlaClockState state, DateTime? due, DateTime? warningAt, DateTime now)
    {
        switch (state)
        {
            case SlaClockState.Met:
                return new(SlaLook.Met, null);
            case SlaClockState.Paused:
                return new(SlaLook.Paused, null);
            case SlaClockState.NotApplicable:
                return new(SlaLook.None, null);
        }

        if (due is null)
        {
            return new(state == SlaClockState.Breached ? SlaLook.Breached : SlaLook.None, null);
        }

        var left = Utc(due.Value) - Utc(now);
        if (state == SlaClockState.Breached || left <= TimeSpan.Zero)
        {
            return new(SlaLook.Breached, left);
        }

        return warningAt is { } warning && Utc(warning) <= Utc(now) ? new(SlaLook.Warning, left) : new(SlaLook.Ok, left);
    }

    /// <summary>"due in 1 h 12 min", "overdue by 3 min 05 s", "paused", … in the UI language.</summary>
    public static string Text(IStringLocalizer s, SlaReading reading) => reading switch
    {
        { Left: { } left } when left > TimeSpan.Zero => Format(s, "Sla.DueIn", Span(s, left)),
        { Left: { } left } => Format(s, "Sla.OverdueBy", Span(s, -left)),
        { Look: SlaLook.Paused } => s["Sla.Paused"],
        { Look: SlaLook.Met } => s["Sla.Met"],
        { Look: SlaLook.Breached } => s["Sla.Breached"],
        _ => s["Sla.None"],
    };

    /// <summary>The state in words, so the timer does not rely on its colour.</summary>
    public static string StateText(IStringLocalizer s, SlaLook look) => s[$"SlaLook.{look}"];

    /// <summary>Badge classes: the semantic class, then the palette it borrows.</summary>
    public static string Class(SlaLook look) => look switch
    {
        SlaLook.Ok => "sla-ok lifecycle-active",
        SlaLook.Warning => "sla-warning lifecycle-prospect",
        SlaLook.Breached => "sla-breached inv-overdue",
        SlaLook.Paused => "sla-paused badge-neutral",
        SlaLook.Met => "sla-met lifecycle-active",
        _ => "sla-none badge-quiet",
    };

    /// <summary>"2 d 3 h", "1 h 12 min", "4 min 05 s", "40 s": seconds only under an hour, so the text ticks when it matters.</summary>
    public static string Span(IStringLocalizer s, TimeSpan t)
    {
        if (t < TimeSpan.Zero)
        {
            t = -t;
        }

        if (t.TotalDays >= 1)
        {
            return Format(s, "Span.DaysHours", (int)t.TotalDays, t.Hours);
        }

        if (t.TotalHours >= 1)
        {
            return Format(s, "Span.HoursMinutes", (int)t.TotalHours, t.Minutes);
        }

        return t.TotalMinutes >= 1 ? Format(s, "Span.MinutesSeconds", t.Minutes, t.Seconds) : Format(s, "Span.Seconds", t.Seconds);
    }

    /// <summary>A number of business minutes: "45 min", "8 h", "2 h 30 min", "3 d 4 h" (days of 24 hours).</summary>
    public static string Minutes(IStringLocalizer s, long minutes)
    {
        var t = TimeSpan.FromMinutes(minutes);
        if (t.TotalDays >= 1)
        {
            return Format(s, "Span.DaysHours", (int)t.TotalDays, t.Hours);
        }

        if (t.TotalHours >= 1)
        {
            return t.Minutes == 0 ? Format(s, "Span.Hours", (int)t.TotalHours) : Format(s, "Span.HoursMinutes", (int)t.TotalHours, t.Minutes);
        }

        return Format(s, "Span.Minutes", t.Minutes);
    }

    private static string Format(IStringLocalizer s, string key, params object[] args) =>
        string.Format(CultureInfo.CurrentCulture, s[key], args);

    private static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
