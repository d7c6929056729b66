namespace ClutchCall.Grains.Interfaces;

/// <summary>An agent given inline instead of by registry id: the model leg and its turn-detection policy.</summary>
/// <param name="Model">Speech-to-speech model id (required).</param>
/// <param name="Codec">What the model ingests: opus, pcm16, g711_ulaw or g711_alaw. The caller leg is transcoded at the bridge.</param>
public sealed record AgentSpec(
    string Model,
    string? Codec = null,
    int? SampleRate = null,
    string? Instructions = null,
    string? Voice = null,
    TurnDetection? TurnDetection = null);

/// <summary>Turn-detection knobs; null keeps the engine default.</summary>
/// <param name="SilenceMs">Trailing silence that ends a caller turn.</param>
/// <param name="MinSpeechMs">Shortest speech that counts as a turn (filters "mhm").</param>
/// <param name="BargeInMs">Speech needed before the agent is cut off; 0 = first frame.</param>
/// <param name="MicGuardMs">Mic guard after agent audio on legs without echo cancellation.</param>
public sealed record TurnDetection(int? SilenceMs = null, int? MinSpeechMs = null, int? BargeInMs = null, int? MicGuardMs = null);

/// <summary>The agent bound to a call: a registry id or an inline spec (exactly one).</summary>
public sealed record AgentBinding(string? AgentId, AgentSpec? Spec, DateTimeOffset BoundAt)
{
    /// <summary>What the call view shows as "agent": the id, or the inline spec's model.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string DisplayName => AgentId ?? ("inline:" + Spec?.Model);
}

public static class AgentCodecs
{
    public static readonly IReadOnlyList<string> All = ["opus", "pcm16", "g711_ulaw", "g711_alaw"];
}
