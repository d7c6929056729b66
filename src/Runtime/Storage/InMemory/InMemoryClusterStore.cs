namespace ClutchCall.Runtime.Storage.InMemory;

/// <summary>
/// The embedded default: the same contract as the Redis store, held in this process. One lock guards it,
/// which is what the Redis scripts get from Redis running one script at a time.
/// </summary>
internal sealed partial class InMemoryClusterStore(TimeProvider time) : IClusterStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, MemberRecord> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _ownedBySilo = new(StringComparer.Ordinal);
    private readonly HashSet<string> _orphans = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string? Owner, long Epoch)> _owners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Version, long Epoch, string Data)> _states = new(StringComparer.Ordinal);
    private long _incarnation;
    private long _view;

    /// <summary>Milliseconds on this process's monotonic clock: the in-memory store's equivalent of Redis TIME.</summary>
    private long NowMs => (long)time.GetElapsedTime(0).TotalMilliseconds;

    private sealed class MemberRecord(string endpoint)
    {
        public string Endpoint { get; } = endpoint;
        public SiloStatus Status { get; set; } = SiloStatus.Active;
        public long LeaseExpiresMs { get; set; }
        public long DefunctSinceMs { get; set; }
        public bool IsOwnerStatus => Status is SiloStatus.Active or SiloStatus.Leaving;
    }

    private HashSet<string> Owned(string siloId)
    {
        if (!_ownedBySilo.TryGetValue(siloId, out var set))
        {
            _ownedBySilo[siloId] = set = new HashSet<string>(StringComparer.Ordinal);
        }
        return set;
    }

    private void Orphan(string siloId)
    {
        if (_ownedBySilo.Remove(siloId, out var owned))
        {
            _orphans.UnionWith(owned);
        }
    }

    private void DeclareDead(string siloId, long now)
    {
        if (!_members.TryGetValue(siloId, out var m) || !m.IsOwnerStatus)
        {
            return;
        }
        m.Status = SiloStatus.Dead;
        m.DefunctSinceMs = now;
        Orphan(siloId);
        _view++;
    }
}
