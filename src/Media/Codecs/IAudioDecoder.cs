namespace ClutchCall.Media.Codecs;

/// <summary>Decodes one encoded frame at a time to interleaved 16-bit PCM. Instances are single-threaded (one per leg).</summary>
public interface IAudioDecoder : IDisposable
{
    AudioFormat Format { get; }

    /// <summary>
    /// Decodes one frame and returns the interleaved samples written. An empty <paramref name="encoded"/> means the
    /// packet was lost: the decoder conceals one frame of <see cref="AudioFormat.FrameMs"/> (packet-loss concealment).
    /// </summary>
    int Decode(ReadOnlySpan<byte> encoded, Span<short> destination);

    /// <summary>
    /// Recovers the lost frame that precedes <paramref name="nextPacket"/> from its in-band forward error correction
    /// when the codec carries it; codecs without FEC conceal instead. Decode <paramref name="nextPacket"/> itself afterwards.
    /// </summary>
    int DecodeFec(ReadOnlySpan<byte> nextPacket, Span<short> destination);
}
