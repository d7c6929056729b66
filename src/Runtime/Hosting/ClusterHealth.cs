using ClutchCall.Runtime.Membership;
using Microsoft.Extensions.Options;

namespace ClutchCall.Runtime.Hosting;

internal sealed class ClusterHealth(LocalSilo local, MembershipView view, IOptions<ClusterOptions> options) : IClusterHealth
{
    public bool IsJoined => options.Value.Role == ClusterRole.Silo ? local.IsServing : view.Current.Active.Count > 0;

    public string? SiloId => local.Id;
}

internal sealed class GrainStateReader(Storage.IOwnershipStore store) : IGrainStateReader
{
    public async Task<(TState? State, long Version)> ReadAsync<TState>(GrainId id, CancellationToken ct) where TState : class
    {
        var stored = await store.LoadAsync(id);
        return stored.Data is { Length: > 0 } data
            ? (System.Text.Json.JsonSerializer.Deserialize<TState>(data, Messaging.GrainJson.Options), stored.Version)
            : (null, 0);
    }
}
