using Xunit.Abstractions;

namespace ClutchCall.Cluster.Tests;

public sealed class RedisStallTests(ITestOutputHelper output) : ClusterTestBase(output)
{
    protected override int InitialSilos => 2;

    [Fact]
    public async Task A_redis_stall_longer_than_the_lease_suspends_silos_but_kills_none()
    {
        var keys = Enumerable.Range(0, 40).Select(i => $"stall{i}").ToArray();
        var before = await Task.WhenAll(keys.Select(k => Counter(k).AddAsync("w", 1, 1, 0)));

        Cluster.Redis.Pause();
        await Task.Delay(TimeSpan.FromSeconds(5));
        Cluster.Redis.Resume();

        var after = await Task.WhenAll(keys.Select(k => Counter(k).AddAsync("w", 2, 1, 0)));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.All(Cluster.Silos, s => Assert.False(s.HasExited, $"{s.Name} exited:\n{s.Output}"));
        Assert.Equal(2, (await Cluster.SilosWithStatusAsync("active")).Length);
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal(2, after[i].Total);
            Assert.Equal(before[i].Epoch, after[i].Epoch);
            Assert.Equal(before[i].SiloId, after[i].SiloId);
        }
    }
}
