using Vinculo.Core.Storage;
using Vinculo.Core.Tests.Infrastructure;

namespace Vinculo.Core.Tests.Service.Alarms;

public sealed class JobLeaseTests
{
    private static readonly DateTime T0 = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(45);

    [Theory, SqliteData, PostgresData]
    public async Task One_holder_at_a_time_renewals_keep_it_and_expiry_hands_it_over(string provider)
    {
        await using var test = await TestDatabase.Create(provider);
        await using var a = test.CreateDbContext();
        await using var b = test.CreateDbContext();

        Assert.True(await JobLeases.TryAcquire(a, "sla-alarms", "node-a", T0, Ttl));
        Assert.False(await JobLeases.TryAcquire(b, "sla-alarms", "node-b", T0.AddSeconds(1), Ttl));
        Assert.Equal("node-a", await JobLeases.Holder(b, "sla-alarms", T0.AddSeconds(1)));

        // The holder renews before it expires; the other node keeps being refused.
        Assert.True(await JobLeases.TryAcquire(a, "sla-alarms", "node-a", T0.AddSeconds(30), Ttl));
        Assert.False(await JobLeases.TryAcquire(b, "sla-alarms", "node-b", T0.AddSeconds(60), Ttl));
        // Another job's lease is independent.
        Assert.True(await JobLeases.TryAcquire(b, "other-job", "node-b", T0.AddSeconds(60), Ttl));

        // Node A dies: its lease (renewed at 30 s) runs out at 75 s and node B takes over.
        Assert.False(await JobLeases.TryAcquire(b, "sla-alarms", "node-b", T0.AddSeconds(75), Ttl));
        Assert.True(await JobLeases.TryAcquire(b, "sla-alarms", "node-b", T0.AddSeconds(76), Ttl));
        Assert.Equal("node-b", await JobLeases.Holder(a, "sla-alarms", T0.AddSeconds(76)));
        Assert.False(await JobLeases.TryAcquire(a, "sla-alarms", "node-a", T0.AddSeconds(77), Ttl));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Releasing_lets_another_node_take_it_at_once(string provider)
    {
        await using var test = await TestDatabase.Create(provider);
        await using var a = test.CreateDbContext();
        await using var b = test.CreateDbContext();
        Assert.True(await JobLeases.TryAcquire(a, "sla-alarms", "node-a", T0, Ttl));
        await JobLeases.Release(b, "sla-alarms", "node-b"); // not its lease: nothing happens
        Assert.False(await JobLeases.TryAcquire(b, "sla-alarms", "node-b", T0.AddSeconds(1), Ttl));
        await JobLeases.Release(a, "sla-alarms", "node-a");
        Assert.Null(await JobLeases.Holder(b, "sla-alarms", T0.AddSeconds(1)));
        Assert.True(await JobLeases.TryAcquire(b, "sla-alarms", "node-b", T0.AddSeconds(1), Ttl));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Racing_nodes_never_both_get_the_lease(string provider)
    {
        await using var test = await TestDatabase.Create(provider);
        for (var round = 0; round < 5; round++)
        {
            var now = T0.AddMinutes(round * 10);
            var contexts = Enumerable.Range(0, 4).Select(_ => test.CreateDbContext()).ToList();
            try
            {
                var wins = await Task.WhenAll(contexts.Select((db, i) => JobLeases.TryAcquire(db, "sla-alarms", $"node-{round}-{i}", now, Ttl)));
                Assert.Equal(1, wins.Count(w => w));
            }
            finally
            {
                foreach (var db in contexts)
                {
                    await db.DisposeAsync();
                }
            }
        }
    }
}
