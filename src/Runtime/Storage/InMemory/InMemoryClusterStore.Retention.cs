namespace ClutchCall.Runtime.Storage.InMemory;

internal sealed partial class InMemoryClusterStore
{
    private readonly Dictionary<string, long> _expiresAtMs = new(StringComparer.Ordinal);

    public Task<bool> SetRetentionAsync(GrainId grain, string siloId, long epoch, TimeSpan ttl)
    {
        lock (_gate)
        {
            var key = grain.ToString();
            if (!_owners.TryGetValue(key, out var o) || o.Owner != siloId || o.Epoch != epoch)
            {
                return Task.FromResult(false);
            }
            if (ttl > TimeSpan.Zero)
            {
                _expiresAtMs[key] = NowMs + (long)ttl.TotalMilliseconds;
            }
            else
            {
                _expiresAtMs.Remove(key);
            }
            return Task.FromResult(true);
        }
    }

    /// <summary>Drops expired grains, as Redis would on its own; called under the lock before any read of grain keys.</summary>
    private void Expire()
    {
        if (_expiresAtMs.Count == 0)
        {
            return;
        }
        var now = NowMs;
        foreach (var (key, at) in _expiresAtMs.Where(e => e.Value <= now).ToArray())
        {
            _expiresAtMs.Remove(key);
            _owners.Remove(key);
            _states.Remove(key);
            _streams.Remove(key);
            foreach (var owned in _ownedBySilo.Values)
            {
                owned.Remove(key);
            }
        }
    }
}
