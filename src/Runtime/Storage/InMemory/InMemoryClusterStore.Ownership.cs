namespace ClutchCall.Runtime.Storage.InMemory;

internal sealed partial class InMemoryClusterStore
{
    public Task<ClaimResult> ClaimAsync(GrainId grain, string siloId)
    {
        lock (_gate)
        {
            Expire();
            if (!_members.TryGetValue(siloId, out var me) || me.Status != SiloStatus.Active)
            {
                return Task.FromResult(new ClaimResult(ClaimOutcome.ClaimerNotActive, 0, null));
            }
            var key = grain.ToString();
            _owners.TryGetValue(key, out var current);
            if (current.Owner is { } owner && owner != siloId)
            {
                // A member keeps its grains even with a lapsed lease: only the membership monitor declares deaths.
                if (_members.TryGetValue(owner, out var o) && o.IsOwnerStatus)
                {
                    return Task.FromResult(new ClaimResult(ClaimOutcome.OwnedElsewhere, current.Epoch, owner));
                }
                if (_ownedBySilo.TryGetValue(owner, out var theirs))
                {
                    theirs.Remove(key);
                }
            }
            var stateEpoch = _states.TryGetValue(key, out var state) ? state.Epoch : 0;
            var epoch = Math.Max(current.Epoch, stateEpoch) + 1;
            _owners[key] = (siloId, epoch);
            Owned(siloId).Add(key);
            _orphans.Remove(key);
            return Task.FromResult(new ClaimResult(ClaimOutcome.Won, epoch, siloId, new StoredState(state.Version, state.Data)));
        }
    }

    public Task<OwnerRecord?> LookupAsync(GrainId grain)
    {
        lock (_gate)
        {
            Expire();
            return Task.FromResult(_owners.TryGetValue(grain.ToString(), out var o) && o.Owner is { } owner
                ? new OwnerRecord(owner, o.Epoch)
                : (OwnerRecord?)null);
        }
    }

    public Task<bool> ReleaseAsync(GrainId grain, string siloId, long epoch, bool handoff)
    {
        lock (_gate)
        {
            Expire();
            var key = grain.ToString();
            if (!_owners.TryGetValue(key, out var o) || o.Owner != siloId || o.Epoch != epoch)
            {
                return Task.FromResult(false);
            }
            _owners[key] = (null, o.Epoch);
            Owned(siloId).Remove(key);
            if (handoff)
            {
                _orphans.Add(key);
            }
            return Task.FromResult(true);
        }
    }

    public Task<StoredState> LoadAsync(GrainId grain)
    {
        lock (_gate)
        {
            Expire();
            return Task.FromResult(_states.TryGetValue(grain.ToString(), out var s) ? new StoredState(s.Version, s.Data) : new StoredState(0, null));
        }
    }

    public Task<WriteResult> WriteAsync(StateWrite write)
    {
        lock (_gate)
        {
            Expire();
            var key = write.Grain.ToString();
            if (!_members.TryGetValue(write.SiloId, out var me) || !me.IsOwnerStatus
                || !_owners.TryGetValue(key, out var o) || o.Owner != write.SiloId || o.Epoch != write.Epoch)
            {
                return Task.FromResult(new WriteResult(WriteOutcome.Fenced, 0));
            }
            var version = _states.TryGetValue(key, out var s) ? s.Version : 0;
            if (version != write.ExpectedVersion)
            {
                return Task.FromResult(new WriteResult(WriteOutcome.VersionConflict, version));
            }
            long next;
            if (write.Clear)
            {
                _states.Remove(key);
                next = 0;
            }
            else
            {
                next = version + 1;
                _states[key] = (next, write.Epoch, write.Data ?? "");
            }
            foreach (var e in write.Events)
            {
                AppendEvent(key, e.Type, e.Data);
                foreach (var other in e.AlsoAppendTo ?? [])
                {
                    AppendEvent(other, e.Type, e.Data);
                }
            }
            foreach (var i in write.Index)
            {
                UpdateIndex(i);
            }
            return Task.FromResult(new WriteResult(WriteOutcome.Written, next));
        }
    }

    public Task<IReadOnlyList<GrainId>> ReadOrphansAsync()
    {
        lock (_gate)
        {
            Expire();
            return Task.FromResult<IReadOnlyList<GrainId>>(_orphans.Select(GrainId.Parse).ToArray());
        }
    }

    public Task<IReadOnlyList<GrainId>> ReadOwnedAsync(string siloId)
    {
        lock (_gate)
        {
            Expire();
            return Task.FromResult<IReadOnlyList<GrainId>>(
                _ownedBySilo.TryGetValue(siloId, out var set) ? set.Select(GrainId.Parse).ToArray() : []);
        }
    }
}
