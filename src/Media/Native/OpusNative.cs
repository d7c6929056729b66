using System.Runtime.InteropServices;

namespace ClutchCall.Media.Native;

/// <summary>libopus entry points (opus.h / opus_defines.h), bound by soname.</summary>
internal static unsafe partial class OpusNative
{
    public const int OK = 0;
    public const int ApplicationVoip = 2048;
    public const int ApplicationAudio = 2049;
    public const int ApplicationRestrictedLowDelay = 2051;

    public const int SetBitrateRequest = 4002;
    public const int GetBitrateRequest = 4003;
    public const int SetMaxBandwidthRequest = 4004;
    public const int GetMaxBandwidthRequest = 4005;
    public const int SetComplexityRequest = 4010;
    public const int GetComplexityRequest = 4011;
    public const int SetInbandFecRequest = 4012;
    public const int GetInbandFecRequest = 4013;
    public const int SetPacketLossPercRequest = 4014;
    public const int SetDtxRequest = 4016;
    public const int SetSignalRequest = 4024;
    public const int ResetStateRequest = 4028;
    public const int SignalVoice = 3001;

    [LibraryImport(NativeLibraries.Opus)]
    public static partial nint opus_encoder_create(int fs, int channels, int application, out int error);

    [LibraryImport(NativeLibraries.Opus)]
    public static partial void opus_encoder_destroy(nint st);

    [LibraryImport(NativeLibraries.Opus)]
    public static partial int opus_encode(nint st, short* pcm, int frameSize, byte* data, int maxDataBytes);

    // opus_*_ctl are variadic; on x86-64 SysV and AArch64 Linux an int vararg travels like a fixed int argument.
    [LibraryImport(NativeLibraries.Opus)]
    public static partial int opus_encoder_ctl(nint st, int request, int value);

    [LibraryImport(NativeLibraries.Opus)]
    public static partial int opus_encoder_ctl(nint st, int request, int* value);

    [LibraryImport(NativeLibraries.Opus)]
    public static partial nint opus_decoder_create(int fs, int channels, out int error);

    [LibraryImport(NativeLibraries.Opus)]
    public static partial void opus_decoder_destroy(nint st);

    [LibraryImport(NativeLibraries.Opus)]
    public static partial int opus_decode(nint st, byte* data, int len, short* pcm, int frameSize, int decodeFec);

    [LibraryImport(NativeLibraries.Opus)]
    public static partial int opus_decoder_ctl(nint st, int request);

    [LibraryImport(NativeLibraries.Opus)]
    public static partial int opus_packet_get_nb_samples(byte* packet, int len, int fs);

    [LibraryImport(NativeLibraries.Opus)]
    public static partial nint opus_strerror(int error);

    public static string ErrorText(int error) => Marshal.PtrToStringUTF8(opus_strerror(error)) ?? $"opus error {error}";
}
