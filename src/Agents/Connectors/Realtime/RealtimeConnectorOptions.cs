using ClutchCall.Media;

namespace ClutchCall.Agents.Connectors.Realtime;

/// <summary>Which generation of the OpenAI Realtime schema <c>session.update</c> is written in.</summary>
public enum RealtimeDialect
{
    /// <summary>The GA schema: <c>session.type = "realtime"</c>, formats and voice under <c>session.audio</c>.</summary>
    GA,

    /// <summary>The beta schema (<c>OpenAI-Beta: realtime=v1</c>): flat <c>input_audio_format</c>, <c>voice</c>, <c>modalities</c>.
    /// Many OpenAI-compatible speech-to-speech servers still speak it.</summary>
    Beta,
}

/// <summary>A realtime speech-to-speech model leg (OpenAI Realtime WebSocket protocol).</summary>
public sealed record RealtimeConnectorOptions
{
    /// <summary>The WebSocket endpoint, e.g. <c>wss://api.openai.com/v1/realtime</c>; <c>model</c> is added as a query parameter.</summary>
    public required Uri Url { get; init; }

    /// <summary>Sent as <c>Authorization: Bearer</c> when set.</summary>
    public string? ApiKey { get; init; }

    public string Model { get; init; } = "gpt-realtime";

    public string Voice { get; init; } = "alloy";

    /// <summary>The system instructions of the session.</summary>
    public string Instructions { get; init; } = string.Empty;

    /// <summary>What the model ingests and speaks: <see cref="AudioCodec.Pcm16"/> (24 kHz) or G.711 µ-law/A-law (8 kHz).
    /// The session's PCM rates follow from it. Opus is not part of the protocol.</summary>
    public AudioCodec Codec { get; init; } = AudioCodec.Pcm16;

    /// <summary>The longest wait for the WebSocket handshake. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public RealtimeDialect Dialect { get; init; } = RealtimeDialect.GA;

    /// <summary>The model that transcribes the caller (for caller transcripts); null asks for none. Default <c>whisper-1</c>.</summary>
    public string? InputTranscriptionModel { get; init; } = "whisper-1";

    /// <summary>Caller audio allowed to wait for a slow socket before frames are dropped. Default 2 s.</summary>
    public TimeSpan MaxQueuedAudio { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad field.</summary>
    public void Validate()
    {
        if (!Url.IsAbsoluteUri || (Url.Scheme != "ws" && Url.Scheme != "wss"))
        {
            throw new ArgumentException($"Url must be an absolute ws(s) URL, got '{Url}'.", nameof(Url));
        }

        if (Codec is not (AudioCodec.Pcm16 or AudioCodec.G711Ulaw or AudioCodec.G711Alaw))
        {
            throw new ArgumentException($"Codec must be pcm16, g711_ulaw or g711_alaw, got {Codec.ToWireName()}.", nameof(Codec));
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            throw new ArgumentException("Model must be set.", nameof(Model));
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"ConnectTimeout must be positive, got {ConnectTimeout}.", nameof(ConnectTimeout));
        }

        if (MaxQueuedAudio < TimeSpan.FromMilliseconds(20))
        {
            throw new ArgumentException($"MaxQueuedAudio must hold at least one 20 ms frame, got {MaxQueuedAudio}.", nameof(MaxQueuedAudio));
        }
    }
}
