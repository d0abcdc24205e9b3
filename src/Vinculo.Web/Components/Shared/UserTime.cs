using System.Globalization;

namespace Vinculo.Web.Components.Shared;

/// <summary>
/// Times are stored in UTC and shown in the user's time zone: the <c>Vinculo:TimeZone</c> setting when an
/// installation wants one zone for everybody, else the browser's zone (remembered in a cookie by
/// <c>wwwroot/js/vinculo.js</c>), else the server's.
/// </summary>
public static class UserTime
{
    public const string CookieName = "vinculo.tz";

    /// <summary>The time zone id for this request, or null for the server's own zone.</summary>
    public static string? ZoneId(HttpContext? http)
    {
        var configured = http?.RequestServices.GetService<IConfiguration>()?["Vinculo:TimeZone"];
        if (Find(configured) is not null)
        {
            return configured;
        }

        var fromBrowser = http?.Request.Cookies[CookieName];
        return Find(fromBrowser) is not null ? fromBrowser : null;
    }

    public static TimeZoneInfo Zone(string? id) => Find(id) ?? TimeZoneInfo.Local;

    public static DateTime ToLocal(DateTime utc, TimeZoneInfo zone)
    {
        var value = utc.Kind switch
        {
            DateTimeKind.Utc => utc,
            DateTimeKind.Local => utc.ToUniversalTime(),
            _ => DateTime.SpecifyKind(utc, DateTimeKind.Utc),
        };
        return TimeZoneInfo.ConvertTimeFromUtc(value, zone);
    }

    /// <summary>Short date and time in the current culture: "05/03/2025 14:30" (es), "3/5/2025 2:30 PM" (en).</summary>
    public static string Short(DateTime utc, TimeZoneInfo zone) => ToLocal(utc, zone).ToString("g", CultureInfo.CurrentCulture);

    /// <summary>Date only in the current culture.</summary>
    public static string Date(DateTime utc, TimeZoneInfo zone) => ToLocal(utc, zone).ToString("d", CultureInfo.CurrentCulture);

    /// <summary>Full date and time, for tooltips: "miércoles, 5 de marzo de 2025 14:30:00".</summary>
    public static string Full(DateTime utc, TimeZoneInfo zone) => ToLocal(utc, zone).ToString("F", CultureInfo.CurrentCulture);

    /// <summary>The machine-readable value of a <c>&lt;time datetime&gt;</c> attribute.</summary>
    public static string Iso(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static TimeZoneInfo? Find(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
        {
            return null;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
    }
}
