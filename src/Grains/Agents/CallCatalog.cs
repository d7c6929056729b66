using ClutchCall.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace ClutchCall.Grains;

/// <summary>Checks that the trunk and agent a command names exist; the error names the request field.</summary>
public sealed class CallCatalog(IOptions<CallCatalogOptions> options)
{
    private readonly HashSet<string> _trunks = new(options.Value.SimulatedTrunks, StringComparer.Ordinal);
    private readonly HashSet<string> _agents = new(options.Value.Agents, StringComparer.Ordinal);

    public bool IsSimulatedTrunk(string trunkId) => _trunks.Contains(trunkId);

    public CallError? CheckTrunk(string trunkId, string field = "trunkId") =>
        _trunks.Contains(trunkId) ? null : new CallError(CallErrorKind.Invalid, $"Unknown trunk '{trunkId}'.", field);

    /// <summary>Null when the agent (id or inline spec) may be used, or when none is given.</summary>
    public CallError? CheckAgent(string? agentId, AgentSpec? spec, string field = "agent")
    {
        if (agentId is not null && !_agents.Contains(agentId))
        {
            return new CallError(CallErrorKind.Invalid, $"Unknown agent '{agentId}'.", field);
        }
        if (spec is null)
        {
            return null;
        }
        if (string.IsNullOrWhiteSpace(spec.Model))
        {
            return new CallError(CallErrorKind.Invalid, "An inline agent spec needs a model.", field + ".model");
        }
        if (spec.Codec is not null && !AgentCodecs.All.Contains(spec.Codec))
        {
            return new CallError(CallErrorKind.Invalid, $"codec must be one of {string.Join(", ", AgentCodecs.All)}.", field + ".codec");
        }
        if (spec.SampleRate is { } rate && rate is not (8000 or 16000 or 24000 or 48000))
        {
            return new CallError(CallErrorKind.Invalid, "sampleRate must be 8000, 16000, 24000 or 48000.", field + ".sampleRate");
        }
        if (spec.TurnDetection is { } t && (t.SilenceMs < 0 || t.MinSpeechMs < 0 || t.BargeInMs < 0 || t.MicGuardMs < 0))
        {
            return new CallError(CallErrorKind.Invalid, "Turn-detection times cannot be negative.", field + ".turnDetection");
        }
        return null;
    }
}
