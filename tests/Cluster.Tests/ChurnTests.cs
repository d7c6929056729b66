using StackExchange.Redis;
using Xunit.Abstractions;

namespace ClutchCall.Cluster.Tests;

public sealed class ChurnTests(ITestOutputHelper output) : ClusterTestBase(output)
{
    protected override int InitialSilos => 3;

    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Cluster:Membership:DefunctSiloRetention"] = "00:00:02",
    };

    [Fact]
    public async Task Churn_of_silos_leaves_no_orphaned_ownership_or_state_keys()
    {
        var keys = Enumerable.Range(0, 200).Select(i => $"churn{i}").ToArray();
        await Parallel.ForEachAsync(keys, async (k, _) => await Counter(k).AddAsync("w", 1, 1, 0));

        await Cluster.Silos[0].StopAsync(TimeSpan.FromSeconds(30));
        await Cluster.Silos[1].KillAsync();
        await Cluster.StartSiloAsync();
        await Cluster.StartSiloAsync();
        await Parallel.ForEachAsync(keys, async (k, _) => await Counter(k).AddAsync("w", 2, 1, 0));
        Assert.Equal(0, Cluster.Silos[0].ExitCode);

        var p = Cluster.ServiceId;
        var db = Cluster.Db;
        await EventuallyAsync(async () =>
            await db.SetLengthAsync($"{p}:orphans") == 0
            && (await db.HashGetAllAsync($"{p}:status")).All(e => e.Value == "active"),
            TimeSpan.FromSeconds(20), "orphans re-activated and defunct silos forgotten");

        var active = (await db.HashGetAllAsync($"{p}:status")).Select(e => (string)e.Name!).ToHashSet();
        Assert.Equal(3, active.Count);
        var server = Cluster.Db.Multiplexer.GetServer(Cluster.Redis.ConnectionString);
        var allKeys = server.Keys(pattern: $"{p}:*", pageSize: 1000).Select(k => (string)k!).ToArray();

        foreach (var own in allKeys.Where(k => k.StartsWith($"{p}:own:")))
        {
            var grain = own[$"{p}:own:".Length..];
            var owner = (string?)await db.HashGetAsync(own, "owner");
            if (owner is not null)
            {
                Assert.Contains(owner, active);
                Assert.True(await db.SetContainsAsync($"{p}:grains:{owner}", grain), $"{grain} owned by {owner} but not in its set");
            }
        }
        foreach (var set in allKeys.Where(k => k.StartsWith($"{p}:grains:")))
        {
            var silo = set[$"{p}:grains:".Length..];
            Assert.Contains(silo, active);
            foreach (var member in await db.SetMembersAsync(set))
            {
                Assert.Equal(silo, (string?)await db.HashGetAsync($"{p}:own:{member}", "owner"));
            }
        }
        Assert.All(allKeys.Where(k => k.StartsWith($"{p}:alive:")), k => Assert.Contains(k[$"{p}:alive:".Length..], active));
        Assert.All(allKeys.Where(k => k.StartsWith($"{p}:state:")), k => Assert.Contains($"{p}:own:" + k[$"{p}:state:".Length..], allKeys));
        Assert.Equal(0, await db.SortedSetLengthAsync($"{p}:defunct"));

        var totals = await Task.WhenAll(keys.Select(k => Counter(k).GetAsync()));
        Assert.All(totals, v => Assert.Equal(2, v.Total));
    }
}
