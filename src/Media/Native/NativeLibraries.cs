using System.Runtime.InteropServices;

namespace ClutchCall.Media.Native;

/// <summary>
/// Sonames of the Debian libraries the media core binds to. Binding by soname (not by the unversioned
/// dev symlink) means only the runtime packages are needed on a host.
/// </summary>
public static class NativeLibraries
{
    public const string Opus = "libopus.so.0";
    public const string OpusPackage = "libopus0";
    public const string SpeexDsp = "libspeexdsp.so.1";
    public const string SpeexDspPackage = "libspeexdsp1";

    /// <summary>Throws <see cref="NativeLibraryMissingException"/> unless libopus can be loaded.</summary>
    public static void EnsureOpus() => Ensure(Opus, OpusPackage);

    /// <summary>Throws <see cref="NativeLibraryMissingException"/> unless libspeexdsp can be loaded.</summary>
    public static void EnsureSpeexDsp() => Ensure(SpeexDsp, SpeexDspPackage);

    /// <summary>
    /// Probes a library before the first P/Invoke so a missing package surfaces as one clear error at
    /// codec construction rather than a bare DllNotFoundException in the middle of a call.
    /// </summary>
    internal static void Ensure(string soname, string debianPackage)
    {
        if (!NativeLibrary.TryLoad(soname, out nint handle))
        {
            throw new NativeLibraryMissingException(soname, debianPackage);
        }

        // The runtime keeps its own reference once the P/Invoke binds; this probe's reference is released.
        NativeLibrary.Free(handle);
    }
}
