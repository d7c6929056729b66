using System.Runtime.InteropServices;

namespace ClutchCall.Media.Native;

/// <summary>speexdsp resampler entry points (speex_resampler.h), bound by soname.</summary>
internal static unsafe partial class SpeexDspNative
{
    public const int ErrorSuccess = 0;

    [LibraryImport(NativeLibraries.SpeexDsp)]
    public static partial nint speex_resampler_init(uint channels, uint inRate, uint outRate, int quality, out int error);

    [LibraryImport(NativeLibraries.SpeexDsp)]
    public static partial void speex_resampler_destroy(nint st);

    [LibraryImport(NativeLibraries.SpeexDsp)]
    public static partial int speex_resampler_process_int(nint st, uint channelIndex, short* input, uint* inLen, short* output, uint* outLen);

    [LibraryImport(NativeLibraries.SpeexDsp)]
    public static partial int speex_resampler_process_interleaved_int(nint st, short* input, uint* inLen, short* output, uint* outLen);

    [LibraryImport(NativeLibraries.SpeexDsp)]
    public static partial int speex_resampler_get_input_latency(nint st);

    [LibraryImport(NativeLibraries.SpeexDsp)]
    public static partial int speex_resampler_get_output_latency(nint st);

    [LibraryImport(NativeLibraries.SpeexDsp)]
    public static partial int speex_resampler_skip_zeros(nint st);

    [LibraryImport(NativeLibraries.SpeexDsp)]
    public static partial int speex_resampler_reset_mem(nint st);

    [LibraryImport(NativeLibraries.SpeexDsp)]
    public static partial nint speex_resampler_strerror(int error);

    public static string ErrorText(int error) => Marshal.PtrToStringUTF8(speex_resampler_strerror(error)) ?? $"speex error {error}";
}
