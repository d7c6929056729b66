using ClutchCall.Runtime.Storage;
using ClutchCall.Runtime.Storage.InMemory;
using ClutchCall.TestKit;

namespace ClutchCall.Runtime.Tests.Storage;

public sealed class InMemoryClusterStoreTests : ClusterStoreContract
{
    private readonly ManualTimeProvider _time = new();

    protected override Task<IClusterStore> CreateStoreAsync() => Task.FromResult<IClusterStore>(new InMemoryClusterStore(_time));

    protected override Task PassTimeAsync(TimeSpan time)
    {
        _time.Advance(time);
        return Task.CompletedTask;
    }
}
