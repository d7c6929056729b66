namespace ClutchCall.Sdk;

/// <summary>An agent given inline: the model leg and its turn-detection knobs.</summary>
/// <param name="Model">Speech-to-speech model id.</param>
/// <param name="Codec">What the model ingests: opus, pcm16, g711_ulaw or g711_alaw.</param>
/// <param name="SampleRate">8000, 16000, 24000 or 48000.</param>
/// <param name="Instructions">System prompt for the model.</param>
/// <param name="Voice">Output voice name.</param>
/// <param name="TurnDetection">End-of-turn and barge-in knobs.</param>
public sealed record AgentSpec(
    string Model,
    string? Codec = null,
    int? SampleRate = null,
    string? Instructions = null,
    string? Voice = null,
    TurnDetection? TurnDetection = null);

/// <summary>Turn-detection knobs in milliseconds; null keeps the engine default.</summary>
public sealed record TurnDetection(int? SilenceMs = null, int? MinSpeechMs = null, int? BargeInMs = null, int? MicGuardMs = null);
