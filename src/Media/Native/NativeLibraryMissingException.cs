namespace ClutchCall.Media.Native;

/// <summary>A native codec library could not be loaded; the message names the Debian package that provides it.</summary>
public sealed class NativeLibraryMissingException : DllNotFoundException
{
    public NativeLibraryMissingException(string soname, string debianPackage)
        : base($"The native library '{soname}' could not be loaded. Install the Debian package '{debianPackage}' (apt-get install {debianPackage}).")
    {
        Soname = soname;
        DebianPackage = debianPackage;
    }

    public string Soname { get; }
    public string DebianPackage { get; }
}
