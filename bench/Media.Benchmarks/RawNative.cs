using System.Runtime.InteropServices;

namespace ClutchCall.Media.Benchmarks;

/// <summary>
/// The baseline: libopus and speexdsp called directly, declared here independently of the media core, so the
/// ratio shows what our wrappers add on top of the native work.
/// </summary>
internal static unsafe partial class RawNative
{
    public const int OpusApplicationVoip = 2048;

    [LibraryImport("libopus.so.0")]
    public static partial nint opus_encoder_create(int fs, int channels, int application, out int error);

    [LibraryImport("libopus.so.0")]
    public static partial int opus_encoder_ctl(nint st, int request, int value);

    [LibraryImport("libopus.so.0")]
    public static partial int opus_encode(nint st, short* pcm, int frameSize, byte* data, int maxDataBytes);

    [LibraryImport("libopus.so.0")]
    public static partial void opus_encoder_destroy(nint st);

    [LibraryImport("libopus.so.0")]
    public static partial nint opus_decoder_create(int fs, int channels, out int error);

    [LibraryImport("libopus.so.0")]
    public static partial int opus_decode(nint st, byte* data, int len, short* pcm, int frameSize, int decodeFec);

    [LibraryImport("libopus.so.0")]
    public static partial void opus_decoder_destroy(nint st);

    [LibraryImport("libspeexdsp.so.1")]
    public static partial nint speex_resampler_init(uint channels, uint inRate, uint outRate, int quality, out int error);

    [LibraryImport("libspeexdsp.so.1")]
    public static partial int speex_resampler_process_int(nint st, uint channelIndex, short* input, uint* inLen, short* output, uint* outLen);

    [LibraryImport("libspeexdsp.so.1")]
    public static partial void speex_resampler_destroy(nint st);

    /// <summary>An encoder configured like <c>OpusEncoderOptions.Default</c>.</summary>
    public static nint CreateOpusEncoder(int rate, int complexity, int maxBandwidth = 1105)
    {
        nint st = opus_encoder_create(rate, 1, OpusApplicationVoip, out int error);
        if (error != 0)
        {
            throw new InvalidOperationException($"opus_encoder_create: {error}");
        }

        opus_encoder_ctl(st, 4002, 32000); // bitrate
        opus_encoder_ctl(st, 4010, complexity);
        opus_encoder_ctl(st, 4012, 1); // in-band FEC
        opus_encoder_ctl(st, 4014, 10); // expected loss %
        opus_encoder_ctl(st, 4016, 0); // DTX off
        opus_encoder_ctl(st, 4024, 3001); // signal: voice
        opus_encoder_ctl(st, 4004, maxBandwidth); // OPUS_SET_MAX_BANDWIDTH
        return st;
    }

    public static void Resample(nint st, ReadOnlySpan<short> input, Span<short> output)
    {
        fixed (short* i = input)
        fixed (short* o = output)
        {
            uint inLen = (uint)input.Length, outLen = (uint)output.Length;
            speex_resampler_process_int(st, 0, i, &inLen, o, &outLen);
        }
    }
}
