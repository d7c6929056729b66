using ClutchCall.Media.Native;

namespace ClutchCall.Media.Tests.Native;

public sealed class NativeLibraryTests
{
    [Fact]
    public void Installed_libraries_resolve_by_soname()
    {
        NativeLibraries.EnsureOpus();
        NativeLibraries.EnsureSpeexDsp();
    }

    [Fact]
    public void A_missing_library_names_its_debian_package()
    {
        var ex = Assert.Throws<NativeLibraryMissingException>(() => NativeLibraries.Ensure("libclutchcall-absent.so.9", "libclutchcall-absent9"));
        Assert.Contains("libclutchcall-absent.so.9", ex.Message);
        Assert.Contains("apt-get install libclutchcall-absent9", ex.Message);
        Assert.Equal("libclutchcall-absent9", ex.DebianPackage);
        Assert.IsAssignableFrom<DllNotFoundException>(ex);
    }

    [Fact]
    public void Package_names_match_debian()
    {
        Assert.Equal(("libopus.so.0", "libopus0"), (NativeLibraries.Opus, NativeLibraries.OpusPackage));
        Assert.Equal(("libspeexdsp.so.1", "libspeexdsp1"), (NativeLibraries.SpeexDsp, NativeLibraries.SpeexDspPackage));
    }
}
