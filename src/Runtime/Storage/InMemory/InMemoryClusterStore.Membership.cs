namespace ClutchCall.Runtime.Storage.InMemory;

internal sealed partial class InMemoryClusterStore
{
    public Task<long> NextIncarnationAsync() => Task.FromResult(Interlocked.Increment(ref _incarnation));

    public Task<long> JoinAsync(SiloInfo silo, TimeSpan leaseTtl)
    {
        lock (_gate)
        {
            _members[silo.Id] = new MemberRecord(silo.Endpoint) { LeaseExpiresMs = NowMs + (long)leaseTtl.TotalMilliseconds };
            return Task.FromResult(++_view);
        }
    }

    public Task<HeartbeatResult> HeartbeatAsync(string siloId, TimeSpan leaseTtl)
    {
        lock (_gate)
        {
            if (!_members.TryGetValue(siloId, out var m) || !m.IsOwnerStatus)
            {
                return Task.FromResult(new HeartbeatResult(HeartbeatOutcome.DeclaredDead, 0));
            }
            m.LeaseExpiresMs = NowMs + (long)leaseTtl.TotalMilliseconds;
            return Task.FromResult(new HeartbeatResult(HeartbeatOutcome.Alive, _view));
        }
    }

    public Task BeginLeaveAsync(string siloId)
    {
        lock (_gate)
        {
            if (_members.TryGetValue(siloId, out var m) && m.IsOwnerStatus)
            {
                m.Status = SiloStatus.Leaving;
                _view++;
            }
            return Task.CompletedTask;
        }
    }

    public Task CompleteLeaveAsync(string siloId)
    {
        lock (_gate)
        {
            if (_members.TryGetValue(siloId, out var m) && m.IsOwnerStatus)
            {
                m.Status = SiloStatus.Left;
                m.DefunctSinceMs = NowMs;
                m.LeaseExpiresMs = 0;
                Orphan(siloId);
                _view++;
            }
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<string>> DeclareExpiredDeadAsync()
    {
        lock (_gate)
        {
            var now = NowMs;
            var expired = _members.Where(kv => kv.Value.IsOwnerStatus && kv.Value.LeaseExpiresMs <= now).Select(kv => kv.Key).ToArray();
            foreach (var id in expired)
            {
                DeclareDead(id, now);
            }
            return Task.FromResult<IReadOnlyList<string>>(expired);
        }
    }

    public Task<MembershipSnapshot> ReadViewAsync()
    {
        lock (_gate)
        {
            var silos = _members.Select(kv => new SiloInfo(kv.Key, kv.Value.Endpoint, kv.Value.Status)).ToArray();
            return Task.FromResult(new MembershipSnapshot(_view, silos));
        }
    }

    public Task<SiloStatus?> ReadStatusAsync(string siloId)
    {
        lock (_gate)
        {
            return Task.FromResult(_members.TryGetValue(siloId, out var m) ? m.Status : (SiloStatus?)null);
        }
    }

    public Task<int> ForgetDefunctAsync(TimeSpan retention)
    {
        lock (_gate)
        {
            var cutoff = NowMs - (long)retention.TotalMilliseconds;
            var old = _members.Where(kv => !kv.Value.IsOwnerStatus && kv.Value.DefunctSinceMs <= cutoff).Select(kv => kv.Key).ToArray();
            foreach (var id in old)
            {
                _members.Remove(id);
                _ownedBySilo.Remove(id);
            }
            return Task.FromResult(old.Length);
        }
    }
}
