namespace ClutchCall.Sdk;

/// <summary>An agent: the model leg, voice mode, prompts and turn-detection knobs. Registered per org or given inline.</summary>
/// <param name="Model">realtime: the speech-to-speech model; hosted: the chat model; local: "echo" or "ivr".</param>
/// <param name="Codec">What the model ingests: opus, pcm16, g711_ulaw or g711_alaw. The caller leg is transcoded at the bridge.</param>
/// <param name="SampleRate">8000, 16000, 24000 or 48000.</param>
/// <param name="Instructions">System prompt for the model (realtime and hosted modes).</param>
/// <param name="Voice">Output voice name.</param>
/// <param name="TurnDetection">End-of-turn and barge-in knobs.</param>
/// <param name="VoiceMode">realtime, webhook, hosted or local (default: local for echo and ivr, else realtime).</param>
/// <param name="Url">The realtime ws(s):// endpoint, the webhook URL, or the chat API base URL.</param>
/// <param name="ApiKey">Bearer key for the realtime or chat API (write-only).</param>
/// <param name="WebhookSecret">Signs webhook deliveries (write-only); verify with <c>ClutchCall-Signature</c>.</param>
/// <param name="PreRoll">Spoken to the caller before the model's first turn.</param>
/// <param name="Record">"caller" or "both": record while the agent runs.</param>
/// <param name="Fallback">What the caller hears when the model leg fails.</param>
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
    string? Fallback = null);

/// <summary>Turn-detection knobs in milliseconds; null keeps the engine default.</summary>
/// <param name="SilenceMs">Trailing silence that ends a caller turn (default 500).</param>
/// <param name="MinSpeechMs">Shortest speech that counts as a turn (default 300).</param>
/// <param name="BargeInMs">Sustained speech before the agent is cut (default 400).</param>
/// <param name="MicGuardMs">Mic guard after agent audio on legs without echo cancellation (default 400).</param>
/// <param name="BargeIn">"hold" (default), "instant" (echo-cancelled legs) or "off".</param>
/// <param name="VadThresholdDb">Speech is this far above the noise floor (default 12 dB).</param>
/// <param name="Backchannels">Continuers that never make a turn when a transcript is available.</param>
public sealed record TurnDetection(
    int? SilenceMs = null,
    int? MinSpeechMs = null,
    int? BargeInMs = null,
    int? MicGuardMs = null,
    string? BargeIn = null,
    double? VadThresholdDb = null,
    IReadOnlyList<string>? Backchannels = null);

/// <summary>An agent in the org's registry (secrets are never returned).</summary>
public sealed record AgentDefinition(string OrgId, string AgentId, AgentSpec Spec, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
