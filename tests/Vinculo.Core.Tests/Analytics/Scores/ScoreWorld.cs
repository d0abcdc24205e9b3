using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Analytics.Scores;
using Vinculo.Core.Customers;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Analytics;

namespace Vinculo.Core.Tests.Analytics.Scores;

/// <summary>Synthetic analytics results for the score tests: the pipeline is not needed to seed scores.</summary>
internal static class ScoreWorld
{
    /// <summary>Monday 23 November 2026, 03:00 UTC (the nightly run).</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);

    public static AnalyticsRunSummary Summary(string mode = "full", IReadOnlyList<SegmentSummary>? segments = null, ClusteringSummary? clustering = null) =>
        new(Now.UtcDateTime.AddMinutes(-5), Now.UtcDateTime, mode, [new WarehouseTableCount("dim_customer", 3)], segments ?? [], clustering, [], [],
            null, null, null, [], [], ["synthetic"]);

    public static CustomerScore Score(long customerId, string segment = "champions", double? churn = 0.2, double? risk = 0.1, decimal? value = 100m,
        int? cluster = 1, IReadOnlyList<ScoreFactor>? churnFactors = null, IReadOnlyList<ScoreFactor>? defaultFactors = null) =>
        new(customerId, 12, 4, 250.5m, 5, 4, 4, segment, cluster, churn, churnFactors ?? [], risk, defaultFactors ?? [],
            value is null ? null : 2.5, value is null ? null : 0.9, value is null ? null : 60.25m, value);

    public static AnalyticsResults Results(IReadOnlyList<CustomerScore> scores, IReadOnlyList<ProductAffinity>? affinities = null,
        IReadOnlyList<ProductPropensity>? propensities = null, AnalyticsRunSummary? summary = null) =>
        new(summary ?? Summary(), scores, affinities ?? [], propensities ?? []);

    public static async Task<long> Customer(TestServices app, string first, string language = "es") =>
        (await app.Run<CustomerService, CustomerDto>(s => s.Create(new CustomerInput
        {
            FirstName = first, LastName = "Prueba", Lifecycle = "active", PreferredLanguage = language,
        }))).Id;

    public static async Task<long[]> NewCustomers(TestServices app, int count)
    {
        var ids = new long[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = await Customer(app, "Cliente" + i);
        }

        return ids;
    }

    /// <summary>Two catalogue products, fibre and television, for next products and affinities.</summary>
    public static async Task<(long Fibre, long Tv)> FibreAndTv(TestServices app)
    {
        await using var scope = app.Scope();
        var context = scope.ServiceProvider.GetRequiredService<Vinculo.Core.Storage.VinculoDb>();
        return (await Offers.OfferWorld.Product(context, "FIB", "Fibra", "Fibre"),
            await Offers.OfferWorld.Product(context, "TV", "Televisión", "Television"));
    }

    public static async Task<AnalyticsWriteResult> Write(TestServices app, AnalyticsResults results) =>
        await app.Run<AnalyticsResultsWriter, AnalyticsWriteResult>(w => w.WriteAsync(results));

    public static TestServices Services(TestDatabase db) => new(db.Settings, new ManualClock(Now));

    public static async Task<T> Use<T>(TestServices app, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = app.Scope();
        return await work(scope.ServiceProvider);
    }
}
