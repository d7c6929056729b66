namespace ClutchCall.Media.Codecs;

/// <summary>Encodes one frame of interleaved 16-bit PCM at a time. Instances are single-threaded (one per leg).</summary>
public interface IAudioEncoder : IDisposable
{
    AudioFormat Format { get; }

    /// <summary>Upper bound of one encoded frame, for sizing destination buffers.</summary>
    int MaxEncodedBytes { get; }

    /// <summary>
    /// Encodes exactly <see cref="AudioFormat.SamplesPerFrame"/> interleaved samples and returns the bytes written.
    /// </summary>
    int Encode(ReadOnlySpan<short> pcm, Span<byte> destination);
}
