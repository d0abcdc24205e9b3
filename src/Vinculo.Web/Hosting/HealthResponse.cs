using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vinculo.Core.Storage;

namespace Vinculo.Web.Hosting;

/// <summary><c>GET /health</c>: 200 with the database's state while healthy, 503 when the database cannot be reached.</summary>
internal static class HealthResponse
{
    public static Task Write(HttpContext context, HealthReport report)
    {
        var settings = context.RequestServices.GetRequiredService<DatabaseSettings>();
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            database = new
            {
                provider = settings.Provider.ToString(),
                status = report.Entries.TryGetValue("database", out var db) ? db.Status.ToString() : "Unknown",
            },
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 2),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
