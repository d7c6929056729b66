using System.Text.Json;

namespace ClutchCall.Sdk;

/// <summary>
/// One supervisor event. Type is call.status, call.incoming, call.agent.attached, call.agent.detached,
/// call.transferred or call.bridge; Data is its JSON payload (always with sid, orgId and at).
/// </summary>
public sealed record VoiceEvent(string Id, string Type, JsonElement Data)
{
    public string? Sid => Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty("sid", out var sid) ? sid.GetString() : null;

    /// <summary>The new status of a call.status event.</summary>
    public CallStatus? Status => Type == "call.status" && Data.TryGetProperty("status", out var s)
        ? s.Deserialize<CallStatus>()
        : null;
}
