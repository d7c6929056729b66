using ClutchCall.Grains.Agents;
using ClutchCall.Grains.Interfaces;
using ClutchCall.Runtime;
using Microsoft.Extensions.Options;

namespace ClutchCall.Grains;

/// <summary>
/// Checks that the trunk and agent a command names exist, and resolves agent ids: an org's registry first, then the
/// built-in agents of the configuration. Errors name the request field. SIP trunks are the configured ones plus the
/// trunk registry's (through this process's <see cref="TrunkDirectory"/>, refreshed every 2 s and after each API write).
/// </summary>
public sealed class CallCatalog(IOptions<CallCatalogOptions> options, IGrainFactory grains, TrunkDirectory? registry = null)
{
    private readonly HashSet<string> _trunks = new(options.Value.SimulatedTrunks, StringComparer.Ordinal);
    private readonly HashSet<string> _sipTrunks = new(options.Value.SipTrunks, StringComparer.Ordinal);
    private readonly HashSet<string> _agents = new(options.Value.Agents, StringComparer.Ordinal);

    public bool IsSimulatedTrunk(string trunkId) => _trunks.Contains(trunkId);

    /// <summary>A real trunk: the call's far end is a leg channel from the gateway's SIP edge.</summary>
    public bool IsSipTrunk(string trunkId) => _sipTrunks.Contains(trunkId) || registry?.Contains(trunkId) == true;

    public TimeSpan EdgeLostGrace { get; } = options.Value.EdgeLostGrace;

    public CallError? CheckTrunk(string trunkId, string field = "trunkId") =>
        _trunks.Contains(trunkId) || IsSipTrunk(trunkId) ? null : new CallError(CallErrorKind.Invalid, $"Unknown trunk '{trunkId}'.", field);

    /// <summary>
    /// <see cref="CheckTrunk"/>, but a miss re-reads the trunk registry first, so a trunk created a moment ago through
    /// another gateway is known here at once rather than after the next poll.
    /// </summary>
    public async Task<CallError?> CheckTrunkAsync(string trunkId, string field = "trunkId")
    {
        if (CheckTrunk(trunkId, field) is null || registry is null)
        {
            return CheckTrunk(trunkId, field);
        }
        try
        {
            await registry.RefreshAsync();
        }
        catch (Exception e) when (e is GrainUnavailableException or GrainCallException or OperationCanceledException or TimeoutException)
        {
            // The registry is unreachable for now: answer from what this process already knows.
        }
        return CheckTrunk(trunkId, field);
    }

    /// <summary>Null when the agent (id or inline spec) may be used, or when none is given.</summary>
    public async Task<CallError?> CheckAgentAsync(string orgId, string? agentId, AgentSpec? spec, string field = "agent")
    {
        if (agentId is not null && (await ResolveAsync(orgId, agentId)) is null)
        {
            return new CallError(CallErrorKind.Invalid, $"Unknown agent '{agentId}'.", field);
        }
        return spec is null ? null : AgentSpecRules.Check(spec, field);
    }

    /// <summary>The spec to run for a binding: the inline spec, the org's registered agent, or a built-in; null if gone.</summary>
    public async Task<AgentSpec?> ResolveAsync(string orgId, AgentBinding binding) =>
        binding.Spec ?? (binding.AgentId is { } id ? await ResolveAsync(orgId, id) : null);

    private async Task<AgentSpec?> ResolveAsync(string orgId, string agentId)
    {
        if (AgentRegistryKeys.IsValidId(agentId) &&
            await grains.GetGrain<IAgentRegistryGrain>(AgentRegistryKeys.For(orgId, agentId)).GetAsync() is { } registered)
        {
            return registered.Spec;
        }
        return _agents.Contains(agentId) ? BuiltInAgents.SpecFor(agentId) : null;
    }
}
