using System.Globalization;
using Vinculo.Core.Common;

namespace Vinculo.Web.Api;

/// <summary>Strong ETags carry the row version: <c>"7"</c>. <c>If-Match</c> turns a stale write into 412.</summary>
internal static class ETags
{
    public static string For(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    public static void Set(HttpContext http, long version) => http.Response.Headers.ETag = For(version);

    /// <summary>The version the client expects, or null when it sent no <c>If-Match</c> (or <c>*</c>).</summary>
    public static long? ExpectedVersion(HttpContext http)
    {
        var header = http.Request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*")
        {
            return null;
        }

        var value = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        value = value.Trim('"');
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new PreconditionFailedException($"If-Match '{header}' is not an ETag this server issued.");
    }
}
