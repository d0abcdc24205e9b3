using Microsoft.Extensions.DependencyInjection;
using Vinculo.Core.Analytics.Scores;
using Vinculo.Core.Common;
using Vinculo.Core.Offers;
using Vinculo.Core.Scripts;
using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;
using Vinculo.Domain.Analytics;
using static Vinculo.Core.Tests.Analytics.Scores.ScoreWorld;

namespace Vinculo.Core.Tests.Analytics.Scores;

public sealed class CustomerScoreServiceTests
{
    [Theory, SqliteData, PostgresData]
    public async Task The_360_read_has_every_score_the_next_products_and_the_open_alert(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = Services(db);
        var ids = await NewCustomers(app, 3);
        var (fibre, tv) = await FibreAndTv(app);

        // Nothing before any run: a valid, empty answer; null for a customer that does not exist.
        var before = await app.Run<CustomerScoreService, CustomerScoresDto?>(s => s.ForCustomer(ids[0]));
        Assert.Equal((false, (DateTime?)null, (RfmDto?)null, 0), (before!.Scored, before.LastRunAt, before.Rfm, before.NextProducts.Count));
        Assert.Null(await app.Run<CustomerScoreService, CustomerScoresDto?>(s => s.ForCustomer(987654)));

        var churnFactors = Enumerable.Range(1, 7).Select(i => new ScoreFactor("f" + i, i.ToString(System.Globalization.CultureInfo.InvariantCulture), i % 2 == 0 ? -i / 10.0 : i / 10.0)).ToList();
        var clustering = new ClusteringSummary(2, ["recencyDays"], [new SilhouetteScore(2, 0.5)],
            [new ClusterProfile(0, 1, [10], "Frequent buyers"), new ClusterProfile(1, 2, [200], "Dormant")]);
        await Write(app, Results(
            [Score(ids[0], "atRisk", churn: 0.82, risk: 0.64, value: 1234.5m, cluster: 1, churnFactors: churnFactors,
                defaultFactors: [new ScoreFactor("overdueAmount", "320.00", 1.2)]), Score(ids[1])],
            propensities: [new ProductPropensity(ids[0], tv, 1, 0.42, fibre), new ProductPropensity(ids[0], fibre, 2, 0.2, null)],
            summary: Summary(segments: [new SegmentSummary("atRisk", 1, 250.5m, 1234.5m), new SegmentSummary("champions", 1, 250.5m, 100m)], clustering: clustering)));

        var scores = (await app.Run<CustomerScoreService, CustomerScoresDto?>(s => s.ForCustomer(ids[0])))!;
        Assert.True(scores.Scored);
        Assert.Equal((Now.UtcDateTime, Now.UtcDateTime), (scores.ComputedAt!.Value, scores.LastRunAt!.Value));
        Assert.Equal(new RfmDto("atRisk", 5, 4, 4, 12, 4, 250.5m), scores.Rfm);
        Assert.Equal(new ClusterDto(1, "Dormant"), scores.Cluster);
        Assert.Equal(0.82, scores.Churn!.Probability);
        // The five strongest factors by size, whichever their sign.
        Assert.Equal(["f7", "f6", "f5", "f4", "f3"], scores.Churn.Factors.Select(f => f.Feature));
        Assert.Equal((0.64, "overdueAmount"), (scores.Default!.Probability, scores.Default.Factors.Single().Feature));
        Assert.Equal(new LifetimeDto(2.5, 0.9, 60.25m, 1234.5m, 1.0), scores.Lifetime);
        Assert.Equal([(1, "TV", "FIB"), (2, "FIB", null)], scores.NextProducts.Select(p => (p.Rank, p.Product.Sku, p.BecauseOf?.Sku)));
        Assert.Equal(("Televisión", "Television"), (scores.NextProducts[0].Product.NameEs, scores.NextProducts[0].Product.NameEn));
        Assert.Equal((ids[0], 0.64, DefaultAlertStatus.Open), (scores.Alert!.CustomerId, scores.Alert.Probability, scores.Alert.Status));
        Assert.Equal("Cliente0 Prueba", scores.Alert.CustomerName);

        // Not scored by the latest run: empty, but the run is known.
        var other = (await app.Run<CustomerScoreService, CustomerScoresDto?>(s => s.ForCustomer(ids[2])))!;
        Assert.Equal((false, (DateTime?)Now.UtcDateTime, (RiskDto?)null, (DefaultAlertDto?)null), (other.Scored, other.LastRunAt, other.Churn, other.Alert));

        var choices = await app.Run<CustomerScoreService, ScoreChoices>(s => s.Choices());
        Assert.Equal(["atRisk", "champions"], choices.Segments);
        Assert.Equal([new ClusterDto(0, "Frequent buyers"), new ClusterDto(1, "Dormant")], choices.Clusters);

        // Next best action and scripts see the same scores.
        var source = await app.Run<ICustomerScoreSource, IReadOnlyDictionary<string, double>>(s => s.ScoresAsync(ids[0], CancellationToken.None));
        Assert.Equal(0.82, source["churnRisk"]);
        Assert.Equal(1.0, source["value"]);
        Assert.Equal(0.42, source["propensity:" + tv]);
        Assert.Empty(await app.Run<ICustomerScoreSource, IReadOnlyDictionary<string, double>>(s => s.ScoresAsync(ids[2], CancellationToken.None)));
        await using var context2 = db.CreateDbContext();
        var facts = await CustomerFacts.LoadAsync(context2, ids[0], null, Now.UtcDateTime, CancellationToken.None);
        Assert.Equal(("0.82", "0.64", "atRisk", "1", "1234.50", "0.9"),
            (facts["scores.churnRisk"], facts["scores.defaultRisk"], facts["scores.rfmSegment"], facts["scores.cluster"], facts["scores.lifetimeValue"], facts["scores.pAlive"]));
        Assert.Equal(("1", "0.42"), (facts["scores.value"], facts["scores.propensity"]));
        var unscored = await CustomerFacts.LoadAsync(context2, ids[2], null, Now.UtcDateTime, CancellationToken.None);
        Assert.Null(unscored["scores.churnRisk"]);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_list_filters_sorts_highest_first_with_the_unscored_last_and_pages_by_keyset(string provider)
    {
        await using var db = await TestDatabase.Create(provider);
        await using var app = Services(db);
        var ids = await NewCustomers(app, 8);
        // Ties on churn (0.5 twice), two without churn, varied segments, clusters, default risks and values.
        double?[] churn = [0.5, 0.9, null, 0.1, 0.5, 0.7, null, 0.3];
        double?[] risk = [0.2, 0.6, 0.9, null, 0.1, 0.55, 0.3, 0.05];
        decimal?[] value = [100m, 500m, 50m, null, 100m, 20m, 900m, 300m];
        string[] segments = ["atRisk", "atRisk", "lost", "champions", "atRisk", "lost", "champions", "loyal"];
        await Write(app, Results([.. ids.Select((id, i) => Score(id, segments[i], churn[i], risk[i], value[i], cluster: i % 3))]));

        async Task<List<long>> All(ScoredCustomerQuery query)
        {
            var found = new List<long>();
            string? cursor = null;
            do
            {
                var page = await app.Run<CustomerScoreService, Page<ScoredCustomerItem>>(s => s.List(query with { Cursor = cursor, Limit = 2 }));
                Assert.True(page.Items.Count <= 2);
                found.AddRange(page.Items.Select(i => i.CustomerId));
                cursor = page.NextCursor;
            }
            while (cursor is not null);
            return found;
        }

        long[] Ids(params int[] at) => [.. at.Select(i => ids[i])];

        // Churn desc, ties by newest id; then the ones without churn, newest first.
        Assert.Equal(Ids(1, 5, 4, 0, 7, 3, 6, 2), await All(new ScoredCustomerQuery()));
        Assert.Equal(Ids(2, 1, 5, 6, 0, 4, 7, 3), await All(new ScoredCustomerQuery(Sort: "default")));
        Assert.Equal(Ids(6, 1, 7, 4, 0, 2, 5, 3), await All(new ScoredCustomerQuery(Sort: "value")));
        Assert.Equal(Ids(1, 4, 0), await All(new ScoredCustomerQuery(Segment: "atRisk")));
        Assert.Equal(Ids(1, 5, 4, 0), await All(new ScoredCustomerQuery(MinChurn: "0.5")));
        Assert.Equal(Ids(2, 1, 5), await All(new ScoredCustomerQuery(MinDefault: "0.55", Sort: "default")));
        Assert.Equal(Ids(6, 1, 7), await All(new ScoredCustomerQuery(MinValue: "300", Sort: "value")));
        Assert.Equal(Ids(1, 4, 7), await All(new ScoredCustomerQuery(Cluster: "1")));

        var first = await app.Run<CustomerScoreService, Page<ScoredCustomerItem>>(s => s.List(new ScoredCustomerQuery(Limit: 1)));
        var item = first.Items.Single();
        Assert.Equal((ids[1], "Cliente1 Prueba", "atRisk", 0.9, 0.6, 500m, 1), (item.CustomerId, item.CustomerName, item.RfmSegment, item.ChurnProbability!.Value,
            item.DefaultProbability!.Value, item.LifetimeValue!.Value, item.Cluster!.Value));

        // Bad values are named 400s; a cursor of another sort too.
        foreach (var (query, field) in new (ScoredCustomerQuery, string)[]
        {
            (new(Sort: "name"), "sort"), (new(MinChurn: "1.5"), "minChurn"), (new(MinDefault: "x"), "minDefault"), (new(MinValue: "lots"), "minValue"),
            (new(Cluster: "-1"), "cluster"), (new(Limit: 201), "limit"), (new(Cursor: "!!"), "cursor"), (new(Sort: "value", Cursor: first.NextCursor), "cursor"),
        })
        {
            var e = await Assert.ThrowsAsync<ValidationException>(() => app.Run<CustomerScoreService, Page<ScoredCustomerItem>>(s => s.List(query)));
            Assert.Contains(field, e.Errors.Keys);
        }
    }
}
