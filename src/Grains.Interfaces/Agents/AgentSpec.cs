namespace ClutchCall.Grains.Interfaces;

/// <summary>An agent: its model leg, voice mode, prompts and turn-detection policy. Registered per org or given inline.</summary>
/// <param name="Model">
/// The model id. For <c>realtime</c>, the speech-to-speech model; for <c>hosted</c>, the chat model; for <c>local</c>,
/// the built-in agent: <c>echo</c> or <c>ivr</c> (required).
/// </param>
/// <param name="Codec">What the model ingests: opus, pcm16, g711_ulaw or g711_alaw. The caller leg is transcoded at the bridge.</param>
/// <param name="Instructions">The system prompt (realtime and hosted modes).</param>
/// <param name="VoiceMode">
/// <c>realtime</c> (speech-to-speech over the OpenAI Realtime protocol), <c>webhook</c> (transcripts POSTed to
/// <paramref name="Url"/> as <c>agent.message</c>), <c>hosted</c> (a built-in turn loop over an OpenAI-compatible chat
/// API) or <c>local</c> (built-in agents, no network). Default: <c>local</c> for the models echo and ivr, else realtime.
/// </param>
/// <param name="Url">The realtime WebSocket URL, the webhook URL, or the chat API base URL.</param>
/// <param name="ApiKey">Bearer key for the realtime or chat API. Write-only: never shown in views.</param>
/// <param name="WebhookSecret">Signs webhook deliveries (HMAC-SHA256). Write-only.</param>
/// <param name="PreRoll">Text spoken to the caller before the model's first turn.</param>
/// <param name="Record"><c>caller</c> records the caller leg to WAV while the agent runs; <c>both</c> adds the agent as a second channel.</param>
/// <param name="Fallback">What the caller hears when the model leg fails. Default: a short apology.</param>
public sealed record AgentSpec(
    string Model,
    string? Codec = null,
    int? SampleRate = null,
    string? Instructions = null,
    string? Voice = null,
    TurnDetection? TurnDetection = null,
    string? VoiceMode = null,
    string? Url = null,
    string? ApiKey = null,
    string? WebhookSecret = null,
    string? PreRoll = null,
    string? Record = null,
    string? Fallback = null)
{
    /// <summary>The spec without its secrets, for views and events.</summary>
    public AgentSpec Redacted() => ApiKey is null && WebhookSecret is null ? this : this with { ApiKey = null, WebhookSecret = null };

    /// <summary>The voice mode with its default applied.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string EffectiveVoiceMode => VoiceMode ?? (AgentVoiceModes.LocalModels.Contains(Model) ? AgentVoiceModes.Local : AgentVoiceModes.Realtime);
}

/// <summary>Turn-detection knobs; null keeps the engine default (docs/turn-detection.md).</summary>
/// <param name="SilenceMs">Trailing silence that ends a caller turn. Default 500.</param>
/// <param name="MinSpeechMs">Shortest speech that counts as a turn (filters "mhm"). Default 300.</param>
/// <param name="BargeInMs">Sustained speech needed before the agent is cut (hold-and-confirm). Default 400.</param>
/// <param name="MicGuardMs">Mic guard after agent audio on legs without echo cancellation. Default 400; 0 disables.</param>
/// <param name="BargeIn"><c>hold</c> (hold-and-confirm, default), <c>instant</c> (echo-cancelled legs) or <c>off</c>.</param>
/// <param name="VadThresholdDb">Speech is this far above the noise floor, in dB. Default 12.</param>
/// <param name="Backchannels">Continuer phrases that never make a turn when a transcript is available.</param>
public sealed record TurnDetection(
    int? SilenceMs = null,
    int? MinSpeechMs = null,
    int? BargeInMs = null,
    int? MicGuardMs = null,
    string? BargeIn = null,
    double? VadThresholdDb = null,
    IReadOnlyList<string>? Backchannels = null);

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

public static class AgentVoiceModes
{
    public const string Realtime = "realtime";
    public const string Webhook = "webhook";
    public const string Hosted = "hosted";
    public const string Local = "local";

    public static readonly IReadOnlyList<string> All = [Realtime, Webhook, Hosted, Local];

    /// <summary>The built-in agents of the local voice mode.</summary>
    public static readonly IReadOnlyList<string> LocalModels = ["echo", "ivr"];

    public static readonly IReadOnlyList<string> BargeInModes = ["hold", "instant", "off"];

    public static readonly IReadOnlyList<string> RecordModes = ["caller", "both"];
}

/// <summary>An agent in an org's registry.</summary>
public sealed record AgentDefinition(string OrgId, string AgentId, AgentSpec Spec, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public AgentDefinition Redacted() => this with { Spec = Spec.Redacted() };
}
