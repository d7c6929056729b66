using ClutchCall.Media.Native;

namespace ClutchCall.Media.Codecs;

/// <summary>libopus decoder for one leg, with packet-loss concealment and in-band FEC recovery.</summary>
public sealed unsafe class OpusDecoder : IAudioDecoder
{
    /// <summary>The longest Opus packet is 120 ms.</summary>
    public const int MaxPacketMs = 120;

    private readonly NativeHandle _state;

    public OpusDecoder(AudioFormat format)
    {
        if (format.Codec != AudioCodec.Opus)
        {
            throw new ArgumentException($"OpusDecoder cannot run {format}", nameof(format));
        }

        NativeLibraries.EnsureOpus();
        nint state = OpusNative.opus_decoder_create(format.SampleRate, format.Channels, out int error);
        if (error != OpusNative.OK || state == nint.Zero)
        {
            throw new InvalidOperationException($"opus_decoder_create({format}) failed: {OpusNative.ErrorText(error)}");
        }

        _state = new NativeHandle(state, OpusNative.opus_decoder_destroy);
        Format = format;
    }

    public AudioFormat Format { get; }

    /// <summary>Interleaved samples of the longest packet, for sizing decode buffers.</summary>
    public int MaxDecodedSamples => Format.SampleRate / 1000 * MaxPacketMs * Format.Channels;

    public int Decode(ReadOnlySpan<byte> encoded, Span<short> destination) =>
        encoded.IsEmpty ? Run(ReadOnlySpan<byte>.Empty, destination, Format.SamplesPerChannel, fec: false)
                        : Run(encoded, destination, destination.Length / Format.Channels, fec: false);

    public int DecodeFec(ReadOnlySpan<byte> nextPacket, Span<short> destination) =>
        // With decode_fec=1 libopus needs the exact duration of the lost frame; without FEC data in the packet it conceals.
        Run(nextPacket, destination, Format.SamplesPerChannel, fec: !nextPacket.IsEmpty);

    /// <summary>Samples per channel in a packet, or a negative opus error for a malformed one.</summary>
    public int PacketSamplesPerChannel(ReadOnlySpan<byte> packet)
    {
        fixed (byte* p = packet)
        {
            return OpusNative.opus_packet_get_nb_samples(p, packet.Length, Format.SampleRate);
        }
    }

    public void Dispose() => _state.Dispose();

    private int Run(ReadOnlySpan<byte> packet, Span<short> destination, int maxSamplesPerChannel, bool fec)
    {
        if (destination.Length < maxSamplesPerChannel * Format.Channels)
        {
            throw new ArgumentException($"destination holds {destination.Length} samples but {maxSamplesPerChannel * Format.Channels} are needed", nameof(destination));
        }

        int perChannel;
        fixed (byte* input = packet)
        fixed (short* output = destination)
        {
            perChannel = OpusNative.opus_decode(_state.Pointer, packet.IsEmpty ? null : input, packet.Length, output, maxSamplesPerChannel, fec ? 1 : 0);
        }

        return perChannel >= 0
            ? perChannel * Format.Channels
            : throw new InvalidDataException($"opus_decode failed: {OpusNative.ErrorText(perChannel)}");
    }
}
