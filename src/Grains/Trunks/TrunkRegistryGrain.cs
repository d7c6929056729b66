using ClutchCall.Grains.Interfaces;
using ClutchCall.Runtime;

namespace ClutchCall.Grains.Trunks;

public sealed record TrunkRegistryState
{
    /// <summary>Grows with every change, so pollers can tell a new list from the one they hold.</summary>
    public long Version { get; init; }

    public List<TrunkDefinition> Trunks { get; init; } = [];
}

/// <summary>The cluster's trunk registry, persisted like any grain: one owner, fenced writes, survives failover.</summary>
public sealed class TrunkRegistryGrain : Grain<TrunkRegistryState>, ITrunkRegistryGrain
{
    public Task<TrunkSnapshot> ListAsync() => Task.FromResult(new TrunkSnapshot(State.Version, [.. State.Trunks]));

    public async Task<TrunkPutResult> PutAsync(TrunkDefinition trunk)
    {
        if (TrunkRules.Check(trunk) is { } invalid)
        {
            return new TrunkPutResult(null, false, invalid);
        }
        var now = Context.Time.GetUtcNow();
        var existing = State.Trunks.FindIndex(t => t.Id == trunk.Id);
        var stored = trunk with { CreatedAt = existing < 0 ? now : State.Trunks[existing].CreatedAt, UpdatedAt = now };
        List<TrunkDefinition> trunks = [.. State.Trunks.Where(t => t.Id != trunk.Id), stored];
        State = new TrunkRegistryState { Version = State.Version + 1, Trunks = [.. trunks.OrderBy(t => t.Id, StringComparer.Ordinal)] };
        await WriteStateAsync();
        return new TrunkPutResult(stored.Redacted(), existing < 0);
    }

    public async Task<bool> DeleteAsync(string trunkId)
    {
        if (!State.Trunks.Exists(t => t.Id == trunkId))
        {
            return false;
        }
        State = new TrunkRegistryState { Version = State.Version + 1, Trunks = [.. State.Trunks.Where(t => t.Id != trunkId)] };
        await WriteStateAsync();
        return true;
    }
}
