using ClutchCall.Runtime;

namespace ClutchCall.Grains.Interfaces;

/// <summary>
/// This process's copy of the trunk registry, for callers that must answer synchronously (the call catalog) and for
/// the SIP edge, which applies changes to its user agent. It polls <see cref="ITrunkRegistryGrain"/> every
/// <see cref="PollInterval"/>: one small grain call per process, nothing to re-subscribe after a failover, and a lost
/// poll is simply repeated (a change stream would need replay and gap handling for the same 2 s of staleness).
/// Writers call <see cref="RefreshAsync"/> after a change so the writing process sees it at once.
/// </summary>
public sealed class TrunkDirectory : IDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>A read that takes longer (the cluster starting, a silo failing over) gives up; the next poll retries.</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ITimer _timer;
    private volatile TrunkSnapshot _current = TrunkSnapshot.Empty;
    private volatile Dictionary<string, TrunkDefinition> _byId = new(StringComparer.Ordinal);

    public TrunkDirectory(IGrainFactory grains, TimeProvider time)
    {
        _grains = grains;
        _time = time;
        _timer = time.CreateTimer(_ => _ = PollAsync(), null, TimeSpan.Zero, PollInterval);
    }

    /// <summary>Raised (on the refreshing thread) when a refresh finds a different version.</summary>
    public event Action<TrunkSnapshot>? Changed;

    public TrunkSnapshot Current => _current;

    public bool Contains(string trunkId) => _byId.ContainsKey(trunkId);

    /// <summary>Reads the registry now (after any poll in flight), updates the copy and raises <see cref="Changed"/>.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var snapshot = await _grains.GetGrain<ITrunkRegistryGrain>(ITrunkRegistryGrain.Key).ListAsync().WaitAsync(ReadTimeout, _time, cancellationToken);
            if (snapshot.Version == _current.Version && snapshot.Trunks.Count == _current.Trunks.Count)
            {
                return;
            }
            _byId = snapshot.Trunks.ToDictionary(t => t.Id, StringComparer.Ordinal);
            _current = snapshot;
            Changed?.Invoke(snapshot);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task PollAsync()
    {
        try
        {
            await RefreshAsync();
        }
        catch (Exception)
        {
            // The registry is unreachable (starting, failing over): keep the last copy, the next tick retries.
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        _gate.Dispose();
    }
}
