using ClutchCall.Media.Native;

namespace ClutchCall.Media.Codecs;

/// <summary>libopus encoder for one leg.</summary>
public sealed unsafe class OpusEncoder : IAudioEncoder
{
    /// <summary>RFC 6716 caps one frame at 1275 bytes; a 60 ms frame may hold up to three of them.</summary>
    public const int MaxPacketBytes = 4000;

    private readonly NativeHandle _state;

    public OpusEncoder(AudioFormat format, OpusEncoderOptions? options = null)
    {
        if (format.Codec != AudioCodec.Opus)
        {
            throw new ArgumentException($"OpusEncoder cannot run {format}", nameof(format));
        }

        options ??= OpusEncoderOptions.Default;
        options.Validate();
        NativeLibraries.EnsureOpus();

        nint state = OpusNative.opus_encoder_create(format.SampleRate, format.Channels, (int)options.Application, out int error);
        if (error != OpusNative.OK || state == nint.Zero)
        {
            throw new InvalidOperationException($"opus_encoder_create({format}) failed: {OpusNative.ErrorText(error)}");
        }

        _state = new NativeHandle(state, OpusNative.opus_encoder_destroy);
        Format = format;
        Options = options;
        Ctl(OpusNative.SetBitrateRequest, options.Bitrate);
        Ctl(OpusNative.SetComplexityRequest, options.Complexity);
        Ctl(OpusNative.SetInbandFecRequest, options.InbandFec ? 1 : 0);
        Ctl(OpusNative.SetPacketLossPercRequest, options.PacketLossPercent);
        Ctl(OpusNative.SetDtxRequest, options.Dtx ? 1 : 0);
        Ctl(OpusNative.SetSignalRequest, OpusNative.SignalVoice);
        Ctl(OpusNative.SetMaxBandwidthRequest, (int)options.MaxBandwidth);
    }

    public AudioFormat Format { get; }

    /// <summary>The settings in force, including bitrate changes made with <see cref="SetBitrate"/>.</summary>
    public OpusEncoderOptions Options { get; private set; }

    public int MaxEncodedBytes => MaxPacketBytes;

    /// <summary>Changes the bitrate mid-stream (e.g. on a congestion signal).</summary>
    public void SetBitrate(int bitsPerSecond)
    {
        if (bitsPerSecond is < 6000 or > 510000)
        {
            throw new ArgumentOutOfRangeException(nameof(bitsPerSecond), bitsPerSecond, "Opus bitrate must be 6000..510000 bit/s");
        }

        Ctl(OpusNative.SetBitrateRequest, bitsPerSecond);
        Options = Options with { Bitrate = bitsPerSecond };
    }

    /// <summary>Reads a setting back from libopus (used by tests to prove options reach the encoder).</summary>
    internal int Get(int request)
    {
        int value;
        int rc = OpusNative.opus_encoder_ctl(_state.Pointer, request, &value);
        return rc == OpusNative.OK ? value : throw new InvalidOperationException($"opus_encoder_ctl({request}) failed: {OpusNative.ErrorText(rc)}");
    }

    public int Encode(ReadOnlySpan<short> pcm, Span<byte> destination)
    {
        int frameSamples = Format.SamplesPerFrame;
        if (pcm.Length != frameSamples)
        {
            throw new ArgumentException($"an Opus frame of {Format} holds {frameSamples} samples, got {pcm.Length}", nameof(pcm));
        }

        int written;
        fixed (short* input = pcm)
        fixed (byte* output = destination)
        {
            written = OpusNative.opus_encode(_state.Pointer, input, Format.SamplesPerChannel, output, destination.Length);
        }

        return written >= 0 ? written : throw new InvalidOperationException($"opus_encode failed: {OpusNative.ErrorText(written)}");
    }

    public void Dispose() => _state.Dispose();

    private void Ctl(int request, int value)
    {
        int rc = OpusNative.opus_encoder_ctl(_state.Pointer, request, value);
        if (rc != OpusNative.OK)
        {
            throw new InvalidOperationException($"opus_encoder_ctl({request}, {value}) failed: {OpusNative.ErrorText(rc)}");
        }
    }
}
