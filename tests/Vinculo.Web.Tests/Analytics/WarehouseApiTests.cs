using System.Net;
using DuckDB.NET.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Analytics.Warehouse;
using Vinculo.Core.Auth;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Web.Tests.Api;
using Vinculo.Web.Tests.Infrastructure;

namespace Vinculo.Web.Tests.Analytics;

/// <summary>The warehouse's tables and exports over HTTP: who may see and download them, and what comes back.</summary>
[Collection(ApiCollection.Name)]
public sealed class WarehouseApiTests(ApiFixture fixture) : ApiTestBase(fixture)
{
    private const string Tables = "/api/v1/analytics/warehouse/tables";
    private const string Export = "/api/v1/analytics/warehouse/tables/fact_interaction/export";

    private static AnalyticsWarehouse Warehouse(VinculoApp app) =>
        AnalyticsWarehouse.For(app.Services.GetRequiredService<DatabaseSettings>(), app.Services.GetRequiredService<IConfiguration>());

    [Theory, SqliteData]
    public async Task Anonymous_callers_get_401_and_roles_without_the_policy_get_403(string provider)
    {
        var app = await App(provider);
        var anonymous = await app.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Tables)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Export)).StatusCode);

        var agent = await app.Client(Roles.Agent);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync(Tables)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync(Export)).StatusCode);

        // Supervisors see the tables but may not download customer data in bulk.
        var supervisor = await app.Client(Roles.Supervisor);
        Assert.NotEqual(HttpStatusCode.Forbidden, (await supervisor.GetAsync(Tables)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync(Export)).StatusCode);
    }

    [Theory, SqliteData]
    public async Task Tables_and_exports_after_a_load(string provider)
    {
        var app = await App(provider);
        var warehouse = Warehouse(app);
        var analyst = await app.Client(Roles.Analyst);
        var scratch = Path.Combine(Path.GetTempPath(), "vinculo-tests", $"wx-{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratch);
        try
        {
            File.Delete(warehouse.Path);
            await AssertProblem(await analyst.GetAsync(Tables), HttpStatusCode.NotFound);
            await AssertProblem(await analyst.GetAsync(Export), HttpStatusCode.NotFound);

            var customer = await CreateCustomer(await app.Client(Roles.Agent));
            var loaded = await new WarehouseLoader(app.Services.GetRequiredService<DatabaseSettings>(), warehouse).LoadFull();

            var tables = await Json(await analyst.GetAsync(Tables));
            Assert.Equal("full", tables.GetProperty("lastLoadMode").GetString());
            var names = tables.GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToList();
            Assert.Equal(WarehouseSchema.Tables, names);
            var customers = tables.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "dim_customer");
            Assert.Equal(loaded.TableRows["dim_customer"], customers.GetProperty("rows").GetInt64());
            Assert.True(customers.GetProperty("rows").GetInt64() >= 1);

            var parquet = await analyst.GetAsync("/api/v1/analytics/warehouse/tables/dim_customer/export");
            Assert.Equal(HttpStatusCode.OK, parquet.StatusCode);
            Assert.Equal("application/vnd.apache.parquet", parquet.Content.Headers.ContentType?.MediaType);
            Assert.Equal("dim_customer.parquet", parquet.Content.Headers.ContentDisposition?.FileNameStar ?? parquet.Content.Headers.ContentDisposition?.FileName);
            var file = Path.Combine(scratch, "customers.parquet");
            await File.WriteAllBytesAsync(file, await parquet.Content.ReadAsByteArrayAsync());
            using (var duck = new DuckDBConnection("Data Source=:memory:"))
            {
                duck.Open();
                using var command = duck.CreateCommand();
                command.CommandText = $"SELECT COUNT(*), COUNT(*) FILTER (WHERE customer_key = {customer}) FROM read_parquet('{file}')";
                using var reader = command.ExecuteReader();
                Assert.True(reader.Read());
                Assert.Equal(loaded.TableRows["dim_customer"], reader.GetInt64(0));
                Assert.Equal(1, reader.GetInt64(1));
            }

            var admin = await app.Client(Roles.Admin);
            var csv = await admin.GetAsync("/api/v1/analytics/warehouse/tables/dim_customer/export?format=csv");
            Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
            Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
            var text = await csv.Content.ReadAsStringAsync();
            Assert.StartsWith("customer_key,display_name,kind,lifecycle,", text, StringComparison.Ordinal);
            Assert.Equal(loaded.TableRows["dim_customer"] + 1, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

            await AssertProblem(await analyst.GetAsync("/api/v1/analytics/warehouse/tables/customers/export"), HttpStatusCode.NotFound);
            await AssertProblem(await analyst.GetAsync(Export + "?format=xlsx"), HttpStatusCode.BadRequest);
            Assert.Empty(Directory.GetFiles(Path.GetTempPath(), "vinculo-export-*"));
        }
        finally
        {
            File.Delete(warehouse.Path);
            File.Delete(warehouse.Path + ".lock");
            Directory.Delete(scratch, recursive: true);
        }
    }
}
