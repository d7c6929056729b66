namespace ClutchCall.Agents.Speech;

/// <summary>
/// Where the pocketsphinx models live and which search to run. The defaults are the Debian package
/// <c>pocketsphinx-en-us</c>. With <see cref="JsgfGrammar"/> set the decoder searches only that grammar (fast and
/// reliable for a scripted agent) and the n-gram language model is not loaded unless <see cref="LoadLanguageModel"/>.
/// </summary>
public sealed record PocketSphinxOptions
{
    public const string DefaultModelDirectory = "/usr/share/pocketsphinx/model/en-us";
    public const string ModelPackage = "pocketsphinx-en-us";

    /// <summary>Acoustic model directory (<c>-hmm</c>). Default: the Debian en-us continuous model.</summary>
    public string AcousticModel { get; init; } = Path.Combine(DefaultModelDirectory, "en-us");

    /// <summary>Pronunciation dictionary (<c>-dict</c>). Default: the Debian CMU dictionary (134k words).</summary>
    public string Dictionary { get; init; } = Path.Combine(DefaultModelDirectory, "cmudict-en-us.dict");

    /// <summary>N-gram language model (<c>-lm</c>) for open recognition. Default: the Debian en-us model.</summary>
    public string LanguageModel { get; init; } = Path.Combine(DefaultModelDirectory, "en-us.lm.bin");

    /// <summary>A JSGF grammar to search instead of the language model; null for open recognition. Default: null.</summary>
    public string? JsgfGrammar { get; init; }

    /// <summary>
    /// Also load <see cref="LanguageModel"/> when a grammar is set, so <see cref="PocketSphinxRecognizer.UseGrammar"/>(null)
    /// can switch back to open recognition. Always true without a grammar. Default: false (the LM costs ~0.5 s and ~40 MB).
    /// </summary>
    public bool LoadLanguageModel { get; init; }

    /// <summary>Further decoder arguments (name with its dash, value), passed after the ones above.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ExtraArguments { get; init; } = [];
}
