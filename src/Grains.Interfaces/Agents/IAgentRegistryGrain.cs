using ClutchCall.Runtime;

namespace ClutchCall.Grains.Interfaces;

/// <summary>One agent in an org's registry, keyed <c>{orgId}/{agentId}</c> (see <see cref="AgentRegistryKeys"/>).</summary>
[GrainType("agent")]
public interface IAgentRegistryGrain : IGrainWithStringKey
{
    /// <summary>The definition with its secrets, or null when none is registered. For the engine, not for views.</summary>
    Task<AgentDefinition?> GetAsync();

    /// <summary>Creates or replaces the definition; returns it redacted and whether it was created, or why the spec was refused.</summary>
    Task<AgentPutResult> PutAsync(AgentSpec spec);

    /// <summary>True when there was a definition to delete.</summary>
    Task<bool> DeleteAsync();
}

/// <summary>The stored definition (redacted), or the error naming the bad field (under "spec").</summary>
public sealed record AgentPutResult(AgentDefinition? Definition, bool Created, CallError? Error = null);

public static class AgentRegistryKeys
{
    /// <summary>Agent ids: 1-64 of a-z, A-Z, 0-9, '-', '_' and '.', so they are safe in URLs and keys.</summary>
    public static bool IsValidId(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    public static string For(string orgId, string agentId) => orgId + "/" + agentId;
}
