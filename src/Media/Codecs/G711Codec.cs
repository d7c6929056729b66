namespace ClutchCall.Media.Codecs;

/// <summary>G.711 mu-law or A-law as an <see cref="IAudioEncoder"/> and <see cref="IAudioDecoder"/>: one byte per sample.</summary>
public sealed class G711Codec : IAudioEncoder, IAudioDecoder
{
    private readonly bool _muLaw;
    private readonly FadeConcealer _concealer;

    public G711Codec(AudioFormat format)
    {
        if (format.Codec is not (AudioCodec.G711Ulaw or AudioCodec.G711Alaw))
        {
            throw new ArgumentException($"G711Codec cannot run {format}", nameof(format));
        }

        Format = format;
        _muLaw = format.Codec == AudioCodec.G711Ulaw;
        _concealer = new FadeConcealer(format.SamplesPerFrame);
    }

    public AudioFormat Format { get; }

    public int MaxEncodedBytes => Format.SamplesPerFrame;

    public int Encode(ReadOnlySpan<short> pcm, Span<byte> destination)
    {
        if (_muLaw)
        {
            G711.EncodeMuLaw(pcm, destination);
        }
        else
        {
            G711.EncodeALaw(pcm, destination);
        }

        return pcm.Length;
    }

    public int Decode(ReadOnlySpan<byte> encoded, Span<short> destination)
    {
        if (encoded.IsEmpty)
        {
            return _concealer.Conceal(destination);
        }

        if (_muLaw)
        {
            G711.DecodeMuLaw(encoded, destination);
        }
        else
        {
            G711.DecodeALaw(encoded, destination);
        }

        _concealer.Remember(destination[..encoded.Length]);
        return encoded.Length;
    }

    public int DecodeFec(ReadOnlySpan<byte> nextPacket, Span<short> destination) => _concealer.Conceal(destination);

    public void Dispose()
    {
    }
}
