using Microsoft.AspNetCore.Http.HttpResults;
using Vinculo.Core.Analytics.Warehouse;
using Vinculo.Core.Auth;
using Vinculo.Core.Common;
using Vinculo.Core.Storage;

namespace Vinculo.Web.Api;

/// <summary>
/// The analytics warehouse (docs/warehouse.md): its tables with their row counts for administrators, supervisors and
/// analysts; whole-table downloads as Parquet or CSV for administrators and analysts only.
/// </summary>
public static class WarehouseEndpoints
{
    public sealed record WarehouseTableDto(string Name, long Rows);

    public sealed record WarehouseTablesDto(DateTime? LastLoadedAt, string? LastLoadMode, long FileBytes, IReadOnlyList<WarehouseTableDto> Tables);

    public static void MapWarehouseEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/analytics/warehouse").WithTags("Analytics").RequireAuthorization(Policies.AnalyticsRead);
        group.MapGet("/tables", Tables).WithName("ListWarehouseTables")
            .WithSummary("The warehouse tables with their row counts, and when the last load (full or incremental) finished. 404 before the first load.");
        group.MapGet("/tables/{name}/export", Export).WithName("ExportWarehouseTable").RequireAuthorization(Policies.AnalyticsExport)
            .WithSummary("Streams one whole table as a file: format parquet (default; zstd, DECIMAL and TIMESTAMP types kept) or csv "
                + "(header row, ISO timestamps). 404 for an unknown table or before the first load.");
    }

    private static AnalyticsWarehouse Locate(HttpContext http)
    {
        var services = http.RequestServices;
        return AnalyticsWarehouse.For(services.GetRequiredService<DatabaseSettings>(), services.GetRequiredService<IConfiguration>(),
            services.GetRequiredService<IWebHostEnvironment>().ContentRootPath);
    }

    private static async Task<Results<Ok<WarehouseTablesDto>, ProblemHttpResult>> Tables(HttpContext http, CancellationToken ct)
    {
        var warehouse = Locate(http);
        if (!warehouse.Exists)
        {
            return NotLoaded();
        }

        return await Task.Run(() =>
        {
            var tables = warehouse.ListTables();
            DateTime? loadedAt = null;
            string? mode = null;
            using (var connection = warehouse.OpenRead())
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT loaded_at, mode FROM warehouse_loads ORDER BY loaded_at DESC LIMIT 1";
                using var reader = command.ExecuteReader();
                if (reader.Read())
                {
                    loadedAt = DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc);
                    mode = reader.GetString(1);
                }
            }

            return (Results<Ok<WarehouseTablesDto>, ProblemHttpResult>)TypedResults.Ok(new WarehouseTablesDto(
                loadedAt, mode, new FileInfo(warehouse.Path).Length, tables.Select(t => new WarehouseTableDto(t.Name, t.Rows)).ToList()));
        }, ct);
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Export(
        string name, string? format, HttpContext http, CancellationToken ct)
    {
        var kind = (format ?? "parquet").ToLowerInvariant() switch
        {
            "parquet" => WarehouseExportFormat.Parquet,
            "csv" => WarehouseExportFormat.Csv,
            _ => throw new ValidationException(new Dictionary<string, string[]> { ["format"] = ["Use parquet or csv."] }),
        };
        if (!WarehouseSchema.IsTable(name))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown warehouse table",
                detail: $"Use one of {string.Join(", ", WarehouseSchema.Tables)}.");
        }

        var warehouse = Locate(http);
        if (!warehouse.Exists)
        {
            return NotLoaded();
        }

        // Exported to a temporary file first (DuckDB writes files, not streams); the file disappears once sent.
        var temp = Path.Combine(Path.GetTempPath(), $"vinculo-export-{Guid.NewGuid():N}{AnalyticsWarehouse.Extension(kind)}");
        try
        {
            await warehouse.ExportAsync(name, kind, temp, ct);
            var stream = new FileStream(temp, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16,
                FileOptions.Asynchronous | FileOptions.SequentialScan | FileOptions.DeleteOnClose);
            var contentType = kind == WarehouseExportFormat.Parquet ? "application/vnd.apache.parquet" : "text/csv; charset=utf-8";
            return TypedResults.File(stream, contentType, name + AnalyticsWarehouse.Extension(kind));
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private static ProblemHttpResult NotLoaded() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "The analytics warehouse has not been loaded yet", detail: "Run `vinculo analytics refresh` (or wait for the nightly refresh).");
}
