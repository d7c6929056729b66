namespace ClutchCall.Media.Codecs;

/// <summary>Builds the encoder or decoder for an <see cref="AudioFormat"/>.</summary>
public static class AudioCodecs
{
    public static IAudioEncoder CreateEncoder(AudioFormat format, OpusEncoderOptions? opus = null) => format.Codec switch
    {
        AudioCodec.Opus => new OpusEncoder(format, opus),
        AudioCodec.Pcm16 => new Pcm16Codec(format),
        AudioCodec.G711Ulaw or AudioCodec.G711Alaw => new G711Codec(format),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "no encoder for this codec"),
    };

    public static IAudioDecoder CreateDecoder(AudioFormat format) => format.Codec switch
    {
        AudioCodec.Opus => new OpusDecoder(format),
        AudioCodec.Pcm16 => new Pcm16Codec(format),
        AudioCodec.G711Ulaw or AudioCodec.G711Alaw => new G711Codec(format),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "no decoder for this codec"),
    };

    /// <summary>Interleaved samples the decoder may produce from one packet (Opus packets can be longer than the frame).</summary>
    public static int MaxDecodedSamples(AudioFormat format) =>
        format.Codec == AudioCodec.Opus ? format.SampleRate / 1000 * OpusDecoder.MaxPacketMs * format.Channels : format.SamplesPerFrame * 6;
}
