using ClutchCall.Runtime.Storage;
using ClutchCall.Runtime.Storage.Redis;
using ClutchCall.TestKit;

namespace ClutchCall.Runtime.Tests.Storage;

/// <summary>One redis-server for the whole class; every test uses its own key prefix.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    public RedisServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public sealed class RedisClusterStoreTests(RedisFixture redis) : ClusterStoreContract, IClassFixture<RedisFixture>
{
    private RedisClusterStore? _store;

    protected override Task<IClusterStore> CreateStoreAsync()
    {
        _store = new RedisClusterStore(redis.Server.ConnectionString, "t" + Guid.NewGuid().ToString("N")[..8]);
        return Task.FromResult<IClusterStore>(_store);
    }

    protected override Task PassTimeAsync(TimeSpan time) => Task.Delay(time);

    public override Task DisposeAsync()
    {
        _store?.Dispose();
        return Task.CompletedTask;
    }
}
