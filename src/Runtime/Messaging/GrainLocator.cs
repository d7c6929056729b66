using System.Collections.Concurrent;
using ClutchCall.Runtime.Membership;
using ClutchCall.Runtime.Placement;
using ClutchCall.Runtime.Storage;

namespace ClutchCall.Runtime.Messaging;

/// <summary>Where a request for a grain should go, and the epoch to tag it with (0 when unknown).</summary>
internal readonly record struct GrainTarget(SiloInfo Silo, long Epoch);

/// <summary>
/// Resolves a grain to a silo: a cached owner while that owner is alive, else the owner record in the store,
/// else the rendezvous choice among active silos (which will claim it).
/// </summary>
internal sealed class GrainLocator(IOwnershipStore store, MembershipView view)
{
    private const int MaxCachedEntries = 200_000;
    private readonly ConcurrentDictionary<GrainId, (string SiloId, long Epoch)> _cache = new();

    public async Task<GrainTarget?> ResolveAsync(GrainId grain)
    {
        var snapshot = view.Current;
        if (_cache.TryGetValue(grain, out var cached) && snapshot.Owner(cached.SiloId) is { } cachedSilo)
        {
            return new GrainTarget(cachedSilo, cached.Epoch);
        }
        var owner = await store.LookupAsync(grain);
        if (owner is { } o && snapshot.Owner(o.Owner) is { } ownerSilo)
        {
            Remember(grain, o.Owner, o.Epoch);
            return new GrainTarget(ownerSilo, o.Epoch);
        }
        return RendezvousPlacement.Pick(grain, snapshot.Active) is { } chosen ? new GrainTarget(chosen, 0) : null;
    }

    public void Remember(GrainId grain, string siloId, long epoch)
    {
        if (_cache.Count >= MaxCachedEntries)
        {
            _cache.Clear();
        }
        _cache[grain] = (siloId, epoch);
    }

    public void Forget(GrainId grain) => _cache.TryRemove(grain, out _);
}
