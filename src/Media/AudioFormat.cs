namespace ClutchCall.Media;

/// <summary>
/// What one leg carries: codec, sample rate, channel count and frame duration.
/// Construction validates, so a format in hand is always one the media core can run.
/// </summary>
public sealed record AudioFormat
{
    public static readonly IReadOnlyList<int> SupportedSampleRates = [8000, 16000, 24000, 48000];
    public static readonly IReadOnlyList<int> SupportedFrameMs = [10, 20, 40, 60];

    /// <summary>The SDK default: Opus, 48 kHz, mono, 20 ms.</summary>
    public static AudioFormat Default { get; } = new(AudioCodec.Opus, 48000, 1, 20);

    public AudioFormat(AudioCodec codec, int sampleRate, int channels = 1, int frameMs = 20)
    {
        if (Validate(codec, sampleRate, channels, frameMs) is { } error)
        {
            throw new ArgumentException(error);
        }

        Codec = codec;
        SampleRate = sampleRate;
        Channels = channels;
        FrameMs = frameMs;
    }

    public AudioCodec Codec { get; }
    public int SampleRate { get; }
    public int Channels { get; }
    public int FrameMs { get; }

    /// <summary>Samples per channel in one frame.</summary>
    public int SamplesPerChannel => SampleRate / 1000 * FrameMs;

    /// <summary>Interleaved samples in one frame (all channels).</summary>
    public int SamplesPerFrame => SamplesPerChannel * Channels;

    /// <summary>G.711 8 kHz mono 20 ms: the PSTN leg.</summary>
    public static AudioFormat G711Ulaw8k { get; } = new(AudioCodec.G711Ulaw, 8000);

    /// <summary>Returns null when the combination is valid, otherwise a message naming the bad field.</summary>
    public static string? Validate(AudioCodec codec, int sampleRate, int channels, int frameMs)
    {
        if (!Enum.IsDefined(codec))
        {
            return $"codec {(int)codec} is not a known audio codec";
        }

        if (!SupportedSampleRates.Contains(sampleRate))
        {
            return $"sampleRate {sampleRate} is not supported; use 8000, 16000, 24000 or 48000";
        }

        if (channels is not (1 or 2))
        {
            return $"channels {channels} is not supported; use 1 or 2";
        }

        if (!SupportedFrameMs.Contains(frameMs))
        {
            return $"frameMs {frameMs} is not supported; use 10, 20, 40 or 60";
        }

        if (codec is AudioCodec.G711Ulaw or AudioCodec.G711Alaw && sampleRate != 8000)
        {
            return $"{codec.ToWireName()} runs at 8000 Hz only, not {sampleRate}";
        }

        return null;
    }

    public override string ToString() => $"{Codec.ToWireName()}/{SampleRate}/{Channels}ch/{FrameMs}ms";
}
