using ClutchCall.Grains.Interfaces;
using ClutchCall.Runtime;

namespace ClutchCall.Grains.Agents;

public sealed record AgentRegistryState
{
    public AgentDefinition? Definition { get; init; }
}

/// <summary>An org's agent, persisted like any grain: one owner, fenced writes, survives failover.</summary>
public sealed class AgentRegistryGrain : Grain<AgentRegistryState>, IAgentRegistryGrain
{
    public Task<AgentDefinition?> GetAsync() => Task.FromResult(State.Definition);

    public async Task<AgentPutResult> PutAsync(AgentSpec spec)
    {
        if (AgentSpecRules.Check(spec, "spec") is { } invalid)
        {
            return new AgentPutResult(null, false, invalid);
        }
        var key = Context.Id.Key;
        var slash = key.IndexOf('/');
        var now = Context.Time.GetUtcNow();
        var created = State.Definition is null;
        var definition = new AgentDefinition(key[..slash], key[(slash + 1)..], spec, State.Definition?.CreatedAt ?? now, now);
        State = State with { Definition = definition };
        await WriteStateAsync();
        return new AgentPutResult(definition.Redacted(), created);
    }

    public async Task<bool> DeleteAsync()
    {
        if (State.Definition is null)
        {
            return false;
        }
        await ClearStateAsync();
        State = new AgentRegistryState();
        DeactivateOnIdle();
        return true;
    }
}
