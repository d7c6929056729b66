using ClutchCall.TestGrains;
using ClutchCall.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace ClutchCall.Runtime.Tests;

public sealed class DisposalTests
{
    [Fact]
    public async Task A_redis_backed_silo_disposed_without_stopping_releases_promptly()
    {
        await using var redis = await RedisServer.StartAsync();
        var host = await TestHosts.StartAsync(new Dictionary<string, string?>
        {
            ["Cluster:Redis"] = redis.ConnectionString,
            ["Cluster:ServiceId"] = "dispose",
        }, s => s.AddTestGrains());
        await host.Services.GetRequiredService<IGrainFactory>().GetGrain<ICounterGrain>("d").AddAsync("t", 1, 1, 0);
        var disposal = Task.Run(host.Dispose);
        await disposal.WaitAsync(TimeSpan.FromSeconds(20));
    }
}
