using ClutchCall.Media.Native;

namespace ClutchCall.Media.Resampling;

/// <summary>
/// speexdsp resampler over interleaved 16-bit PCM. Stateful (it keeps filter history across frames), so one
/// instance serves one stream direction. Single-threaded.
/// </summary>
public sealed unsafe class SpeexResampler : IDisposable
{
    /// <summary>speexdsp quality 0..10; 3 is its VoIP preset, 5 its default, 10 best.</summary>
    public const int DefaultQuality = 5;

    private readonly NativeHandle _state;

    public SpeexResampler(int channels, int inputRate, int outputRate, int quality = DefaultQuality)
    {
        if (channels is not (1 or 2))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be 1 or 2");
        }

        if (inputRate <= 0 || outputRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(inputRate), $"sample rates must be positive ({inputRate} -> {outputRate})");
        }

        if (quality is < 0 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(quality), quality, "speexdsp quality must be 0..10");
        }

        NativeLibraries.EnsureSpeexDsp();
        nint state = SpeexDspNative.speex_resampler_init((uint)channels, (uint)inputRate, (uint)outputRate, quality, out int error);
        if (error != SpeexDspNative.ErrorSuccess || state == nint.Zero)
        {
            throw new InvalidOperationException($"speex_resampler_init({inputRate}->{outputRate}, q{quality}) failed: {SpeexDspNative.ErrorText(error)}");
        }

        _state = new NativeHandle(state, SpeexDspNative.speex_resampler_destroy);
        Channels = channels;
        InputRate = inputRate;
        OutputRate = outputRate;
        Quality = quality;
    }

    public int Channels { get; }
    public int InputRate { get; }
    public int OutputRate { get; }
    public int Quality { get; }

    /// <summary>Delay the filter adds, in output samples per channel.</summary>
    public int OutputLatency => SpeexDspNative.speex_resampler_get_output_latency(_state.Pointer);

    /// <summary>Interleaved output samples <paramref name="inputSamples"/> interleaved input samples can produce (rounded up).</summary>
    public int MaxOutputSamples(int inputSamples) =>
        (int)(((long)inputSamples / Channels * OutputRate + InputRate - 1) / InputRate + 1) * Channels;

    /// <summary>
    /// Resamples interleaved <paramref name="input"/> into <paramref name="output"/>. Returns the interleaved samples
    /// consumed and written; with an output of <see cref="MaxOutputSamples"/> all input is consumed.
    /// </summary>
    public (int Consumed, int Written) Process(ReadOnlySpan<short> input, Span<short> output)
    {
        uint inLen = (uint)(input.Length / Channels);
        uint outLen = (uint)(output.Length / Channels);
        int rc;
        fixed (short* src = input)
        fixed (short* dst = output)
        {
            rc = Channels == 1
                ? SpeexDspNative.speex_resampler_process_int(_state.Pointer, 0, src, &inLen, dst, &outLen)
                : SpeexDspNative.speex_resampler_process_interleaved_int(_state.Pointer, src, &inLen, dst, &outLen);
        }

        if (rc != SpeexDspNative.ErrorSuccess)
        {
            throw new InvalidOperationException($"speex resampler failed: {SpeexDspNative.ErrorText(rc)}");
        }

        return ((int)inLen * Channels, (int)outLen * Channels);
    }

    /// <summary>Clears filter history, e.g. after a stream discontinuity.</summary>
    public void Reset() => SpeexDspNative.speex_resampler_reset_mem(_state.Pointer);

    public void Dispose() => _state.Dispose();
}
