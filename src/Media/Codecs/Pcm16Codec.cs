using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace ClutchCall.Media.Codecs;

/// <summary>Linear 16-bit little-endian PCM, interleaved: the format most speech-to-speech models ingest.</summary>
public sealed class Pcm16Codec : IAudioEncoder, IAudioDecoder
{
    private readonly FadeConcealer _concealer;

    public Pcm16Codec(AudioFormat format)
    {
        if (format.Codec != AudioCodec.Pcm16)
        {
            throw new ArgumentException($"Pcm16Codec cannot run {format}", nameof(format));
        }

        Format = format;
        _concealer = new FadeConcealer(format.SamplesPerFrame);
    }

    public AudioFormat Format { get; }

    public int MaxEncodedBytes => Format.SamplesPerFrame * 2;

    public int Encode(ReadOnlySpan<short> pcm, Span<byte> destination)
    {
        int bytes = pcm.Length * 2;
        if (destination.Length < bytes)
        {
            throw new ArgumentException($"destination holds {destination.Length} bytes but {bytes} are needed", nameof(destination));
        }

        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(pcm).CopyTo(destination);
        }
        else
        {
            BinaryPrimitives.ReverseEndianness(pcm, MemoryMarshal.Cast<byte, short>(destination[..bytes]));
        }

        return bytes;
    }

    public int Decode(ReadOnlySpan<byte> encoded, Span<short> destination)
    {
        if (encoded.IsEmpty)
        {
            return _concealer.Conceal(destination);
        }

        if ((encoded.Length & 1) != 0)
        {
            throw new ArgumentException($"a PCM16 payload has an even byte count, got {encoded.Length}", nameof(encoded));
        }

        int samples = encoded.Length / 2;
        if (destination.Length < samples)
        {
            throw new ArgumentException($"destination holds {destination.Length} samples but {samples} are needed", nameof(destination));
        }

        var source = MemoryMarshal.Cast<byte, short>(encoded);
        if (BitConverter.IsLittleEndian)
        {
            source.CopyTo(destination);
        }
        else
        {
            BinaryPrimitives.ReverseEndianness(source, destination[..samples]);
        }

        _concealer.Remember(destination[..samples]);
        return samples;
    }

    public int DecodeFec(ReadOnlySpan<byte> nextPacket, Span<short> destination) => _concealer.Conceal(destination);

    public void Dispose()
    {
    }
}
