namespace ClutchCall.Sdk;

/// <summary>Codecs a bridge can carry. Wire names: <c>opus | pcm16 | g711_ulaw | g711_alaw</c>.</summary>
public enum AudioCodec
{
    /// <summary>Opus (the default), any supported rate.</summary>
    Opus,

    /// <summary>Signed 16-bit little-endian PCM.</summary>
    Pcm16,

    /// <summary>G.711 mu-law, 8 kHz only.</summary>
    G711Ulaw,

    /// <summary>G.711 A-law, 8 kHz only.</summary>
    G711Alaw,
}

/// <summary>
/// Receives one encoded frame and its capture timestamp in microseconds since the Unix epoch. Called on the bridge's
/// receiving thread, one frame at a time: keep it short (copy the frame, hand heavy work to your own queue), since
/// the next frame of this bridge waits for it.
/// </summary>
/// <param name="frame">One encoded frame of <see cref="AudioBridgeOptions.FrameMs"/> in the bridge's format; valid only during the call.</param>
/// <param name="timestampUs">Capture time of the frame, microseconds since the Unix epoch.</param>
public delegate void AudioFrameHandler(ReadOnlyMemory<byte> frame, long timestampUs);

/// <summary>The audio format a bridge asks for and its callbacks. Defaults: Opus, 48 kHz, mono, 20 ms.</summary>
public sealed class AudioBridgeOptions
{
    /// <summary>Codec of the frames in both directions. Default <see cref="AudioCodec.Opus"/>.</summary>
    public AudioCodec Codec { get; init; } = AudioCodec.Opus;

    /// <summary>Sample rate in Hz: 8000, 16000, 24000 or 48000. Default 48000 (G.711 always runs at 8000).</summary>
    public int? SampleRate { get; init; }

    /// <summary>1 or 2. Default 1.</summary>
    public int Channels { get; init; } = 1;

    /// <summary>Frame duration in ms: 10, 20, 40 or 60. Default 20.</summary>
    public int FrameMs { get; init; } = 20;

    /// <summary>Caller audio (<see cref="AudioBridgeClient.AttachAsync"/>); swap later with <see cref="AudioBridge.OnUplink"/>.</summary>
    public AudioFrameHandler? OnUplink { get; init; }

    /// <summary>Audio for the caller (<see cref="AudioBridgeClient.AttachCallerAsync"/>); swap later with <see cref="AudioBridge.OnDownlink"/>.</summary>
    public AudioFrameHandler? OnDownlink { get; init; }

    /// <summary>Wait before reconnecting a dropped session. Default: the <see cref="VoiceOptions.ReconnectDelay"/>.</summary>
    public TimeSpan? ReconnectDelay { get; init; }

    internal static string WireName(AudioCodec codec) => codec switch
    {
        AudioCodec.Opus => "opus",
        AudioCodec.Pcm16 => "pcm16",
        AudioCodec.G711Ulaw => "g711_ulaw",
        AudioCodec.G711Alaw => "g711_alaw",
        _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, "unknown codec"),
    };

    /// <summary>The connect URL's query: the gateway reads the wanted format, sid and role from it.</summary>
    internal string ToQuery(string sid, string role)
    {
        var rate = SampleRate ?? (Codec is AudioCodec.G711Ulaw or AudioCodec.G711Alaw ? 8000 : 48000);
        return $"sid={Uri.EscapeDataString(sid)}&role={role}&codec={WireName(Codec)}&sampleRate={rate}&channels={Channels}&frameMs={FrameMs}";
    }
}
