using System.Runtime.InteropServices;

namespace ClutchCall.Agents.Speech;

/// <summary>
/// The pocketsphinx 5prealpha C API (pocketsphinx.h) and the sphinxbase config/log calls it needs, bound by soname so
/// only the Debian runtime packages are required.
/// </summary>
internal static unsafe partial class PocketSphinxNative
{
    public const string PocketSphinx = "libpocketsphinx.so.3";
    public const string PocketSphinxPackage = "libpocketsphinx3";
    public const string SphinxBase = "libsphinxbase.so.3";
    public const string SphinxBasePackage = "libsphinxbase3";

    [LibraryImport(PocketSphinx)]
    public static partial nint ps_args();

    [LibraryImport(PocketSphinx)]
    public static partial nint ps_init(nint config);

    [LibraryImport(PocketSphinx)]
    public static partial int ps_free(nint ps);

    [LibraryImport(PocketSphinx)]
    public static partial int ps_start_utt(nint ps);

    [LibraryImport(PocketSphinx)]
    public static partial int ps_process_raw(nint ps, short* data, nuint samples, int noSearch, int fullUtterance);

    [LibraryImport(PocketSphinx)]
    public static partial int ps_end_utt(nint ps);

    /// <summary>5prealpha dropped the uttid out-parameter: (decoder, out best score).</summary>
    [LibraryImport(PocketSphinx)]
    public static partial nint ps_get_hyp(nint ps, out int bestScore);

    [LibraryImport(PocketSphinx, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ps_set_jsgf_string(nint ps, string name, string jsgf);

    [LibraryImport(PocketSphinx, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ps_set_search(nint ps, string name);

    /// <summary>
    /// The non-variadic sibling of cmd_ln_init. The hash table it builds keys on the argv pointers themselves, so the
    /// caller keeps them alive until <see cref="cmd_ln_free_r"/>.
    /// </summary>
    [LibraryImport(SphinxBase)]
    public static partial nint cmd_ln_parse_r(nint inout, nint definitions, int argc, nint* argv, int strict);

    [LibraryImport(SphinxBase)]
    public static partial int cmd_ln_free_r(nint config);

    /// <summary>A null stream turns sphinxbase logging off for the whole process.</summary>
    [LibraryImport(SphinxBase)]
    public static partial void err_set_logfp(nint stream);
}
