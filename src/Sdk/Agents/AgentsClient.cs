using ClutchCall.Sdk.Http;

namespace ClutchCall.Sdk;

/// <summary>Binds server-side speech-to-speech agents to calls.</summary>
public sealed class AgentsClient
{
    private readonly VoiceHttp _http;

    internal AgentsClient(VoiceHttp http) => _http = http;

    /// <summary>Attaches a registered agent to a call (at once if live, else on answer).</summary>
    public async Task<Call> AttachAsync(string callSid, string agent, CancellationToken ct = default) =>
        new(_http, await _http.SendAsync<CallData>(_http.Request(HttpMethod.Post, _http.CallPath(callSid, "agent"), new { agentId = agent }), ct).ConfigureAwait(false));

    /// <summary>Attaches an inline agent spec.</summary>
    public async Task<Call> AttachAsync(string callSid, AgentSpec spec, CancellationToken ct = default) =>
        new(_http, await _http.SendAsync<CallData>(_http.Request(HttpMethod.Post, _http.CallPath(callSid, "agent"), new { spec }), ct).ConfigureAwait(false));

    /// <summary>Registers (or replaces) an agent in the org's registry under <paramref name="agentId"/>.</summary>
    public Task<AgentDefinition> PutAsync(string agentId, AgentSpec spec, CancellationToken ct = default) =>
        _http.SendAsync<AgentDefinition>(_http.Request(HttpMethod.Put, AgentPath(agentId), spec), ct);

    /// <summary>A registered agent (secrets omitted); throws <see cref="VoiceApiException"/> with status 404 when there is none.</summary>
    public Task<AgentDefinition> GetAsync(string agentId, CancellationToken ct = default) =>
        _http.SendAsync<AgentDefinition>(_http.Request(HttpMethod.Get, AgentPath(agentId)), ct);

    /// <summary>Removes an agent from the registry; calls already running it keep it.</summary>
    public Task DeleteAsync(string agentId, CancellationToken ct = default) =>
        _http.SendNoContentAsync(_http.Request(HttpMethod.Delete, AgentPath(agentId)), ct);

    /// <summary>Detaches the agent; the call stays up.</summary>
    public async Task<Call> DetachAsync(string callSid, CancellationToken ct = default) =>
        new(_http, await _http.SendAsync<CallData>(_http.Request(HttpMethod.Delete, _http.CallPath(callSid, "agent")), ct).ConfigureAwait(false));

    private string AgentPath(string agentId) => _http.OrgPath("agents/" + Uri.EscapeDataString(agentId));
}
