using System.Runtime.InteropServices;
using ClutchCall.Media.Native;
using static ClutchCall.Agents.Speech.PocketSphinxNative;

namespace ClutchCall.Agents.Speech;

/// <summary>
/// Speech to text with the Debian pocketsphinx library, 16 kHz PCM16 mono. Audio is decoded as it arrives
/// (<see cref="Accept"/>), so <see cref="EndUtterance"/> only finishes the search. One decoder per call; not thread-safe.
/// Construction loads the models (about 0.3 s with a grammar, more with the language model): build it off the media thread.
/// </summary>
public sealed unsafe class PocketSphinxRecognizer : IGrammarRecognizer
{
    public const int ModelSampleRate = 16000;

    /// <summary>The search pocketsphinx builds from <c>-lm</c> (PS_DEFAULT_SEARCH in 5prealpha).</summary>
    private const string LanguageModelSearch = "_default";

    private readonly List<nint> _nativeStrings = [];
    private readonly Dictionary<string, string> _grammarSearches = new(StringComparer.Ordinal);
    private readonly bool _hasLanguageModel;
    private nint _config;
    private nint _decoder;
    private string? _activeSearch;
    private string? _wantedSearch;
    private bool _inUtterance;

    public PocketSphinxRecognizer(PocketSphinxOptions? options = null)
    {
        options ??= new PocketSphinxOptions();
        EnsureLibraries();
        RequireModelFile(options.AcousticModel, isDirectory: true, "acoustic model");
        RequireModelFile(options.Dictionary, isDirectory: false, "dictionary");
        _hasLanguageModel = options.JsgfGrammar is null || options.LoadLanguageModel;
        if (_hasLanguageModel)
        {
            RequireModelFile(options.LanguageModel, isDirectory: false, "language model");
        }

        LogSilencer.Ensure();
        try
        {
            _config = ParseConfig(BuildArguments(options));
            _decoder = ps_init(_config);
            if (_decoder == nint.Zero)
            {
                throw new InvalidOperationException(
                    $"pocketsphinx could not load its models (hmm {options.AcousticModel}, dict {options.Dictionary}); check the files are complete");
            }

            if (_hasLanguageModel)
            {
                _activeSearch = _wantedSearch = LanguageModelSearch;
            }

            if (options.JsgfGrammar is not null)
            {
                UseGrammar(options.JsgfGrammar);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int SampleRate => ModelSampleRate;

    /// <summary>The grammar the next utterance will search, or null for the language model.</summary>
    public string? Grammar { get; private set; }

    public void UseGrammar(string? jsgf)
    {
        ObjectDisposedException.ThrowIf(_decoder == nint.Zero, this);
        if (jsgf is null)
        {
            if (!_hasLanguageModel)
            {
                throw new InvalidOperationException("this recognizer was built for a grammar without the language model (set LoadLanguageModel)");
            }

            _wantedSearch = LanguageModelSearch;
            Grammar = null;
            return;
        }

        if (!_grammarSearches.TryGetValue(jsgf, out string? name))
        {
            // Each distinct grammar is added once and switched to by name: re-adding under a live name frees the
            // search the decoder may still point at.
            name = $"grammar{_grammarSearches.Count}";
            if (ps_set_jsgf_string(_decoder, name, jsgf) < 0)
            {
                throw new ArgumentException(
                    "pocketsphinx rejected the JSGF grammar: a syntax error, or a word missing from the dictionary", nameof(jsgf));
            }

            _grammarSearches[jsgf] = name;
            _activeSearch = null; // ps_set_jsgf_string may have changed the current search; set it again at the next start
        }

        _wantedSearch = name;
        Grammar = jsgf;
    }

    public void Accept(ReadOnlySpan<short> pcm)
    {
        ObjectDisposedException.ThrowIf(_decoder == nint.Zero, this);
        if (pcm.IsEmpty)
        {
            return;
        }

        if (!_inUtterance)
        {
            StartUtterance();
        }

        fixed (short* samples = pcm)
        {
            if (ps_process_raw(_decoder, samples, (nuint)pcm.Length, noSearch: 0, fullUtterance: 0) < 0)
            {
                throw new InvalidOperationException("pocketsphinx failed to process audio");
            }
        }
    }

    public string EndUtterance()
    {
        ObjectDisposedException.ThrowIf(_decoder == nint.Zero, this);
        if (!_inUtterance)
        {
            return string.Empty;
        }

        _inUtterance = false;
        if (ps_end_utt(_decoder) < 0)
        {
            throw new InvalidOperationException("pocketsphinx failed to end the utterance");
        }

        nint hyp = ps_get_hyp(_decoder, out _);
        return hyp == nint.Zero ? string.Empty : (Marshal.PtrToStringUTF8(hyp) ?? string.Empty).Trim();
    }

    public void Reset()
    {
        if (_inUtterance && _decoder != nint.Zero)
        {
            _inUtterance = false;
            ps_end_utt(_decoder);
        }
    }

    public void Dispose()
    {
        if (_decoder != nint.Zero)
        {
            ps_free(_decoder);
            _decoder = nint.Zero;
        }

        if (_config != nint.Zero)
        {
            cmd_ln_free_r(_config);
            _config = nint.Zero;
        }

        foreach (nint text in _nativeStrings)
        {
            Marshal.FreeCoTaskMem(text);
        }

        _nativeStrings.Clear();
    }

    private void StartUtterance()
    {
        if (_wantedSearch is null)
        {
            throw new InvalidOperationException("no grammar set: call UseGrammar before feeding audio");
        }

        if (_wantedSearch != _activeSearch)
        {
            if (ps_set_search(_decoder, _wantedSearch) < 0)
            {
                throw new InvalidOperationException($"pocketsphinx could not switch to search '{_wantedSearch}'");
            }

            _activeSearch = _wantedSearch;
        }

        if (ps_start_utt(_decoder) < 0)
        {
            throw new InvalidOperationException("pocketsphinx failed to start an utterance");
        }

        _inUtterance = true;
    }

    private static List<string> BuildArguments(PocketSphinxOptions options)
    {
        List<string> args =
        [
            "-hmm", options.AcousticModel,
            "-dict", options.Dictionary,
            "-samprate", ModelSampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ];
        if (options.JsgfGrammar is null || options.LoadLanguageModel)
        {
            args.AddRange(["-lm", options.LanguageModel]);
        }

        foreach ((string name, string value) in options.ExtraArguments)
        {
            args.AddRange([name, value]);
        }

        return args;
    }

    private nint ParseConfig(List<string> args)
    {
        nint* argv = stackalloc nint[args.Count];
        for (int i = 0; i < args.Count; i++)
        {
            argv[i] = Marshal.StringToCoTaskMemUTF8(args[i]);
            _nativeStrings.Add(argv[i]);
        }

        nint config = cmd_ln_parse_r(nint.Zero, ps_args(), args.Count, argv, strict: 1);
        return config != nint.Zero
            ? config
            : throw new ArgumentException($"pocketsphinx rejected its arguments: {string.Join(' ', args)}");
    }

    private static void EnsureLibraries()
    {
        Ensure(SphinxBase, SphinxBasePackage);
        Ensure(PocketSphinx, PocketSphinxPackage);
    }

    private static void Ensure(string soname, string package)
    {
        if (!NativeLibrary.TryLoad(soname, out nint handle))
        {
            throw new NativeLibraryMissingException(soname, package);
        }

        NativeLibrary.Free(handle);
    }

    private static void RequireModelFile(string path, bool isDirectory, string what)
    {
        bool exists = isDirectory ? Directory.Exists(path) : File.Exists(path);
        if (!exists)
        {
            throw new FileNotFoundException(
                $"pocketsphinx {what} not found at {path}; install the Debian package '{PocketSphinxOptions.ModelPackage}' or set the path", path);
        }
    }

    /// <summary>
    /// Turns sphinxbase logging off once per process. The library's <c>-logfn</c> option would do it per decoder, but it
    /// reopens a process-wide FILE and closes the previous one, which races with decoders logging on other calls' threads.
    /// </summary>
    private static class LogSilencer
    {
        static LogSilencer() => err_set_logfp(nint.Zero);

        public static void Ensure()
        {
            // Touching the class runs the static constructor exactly once.
        }
    }
}
