namespace ClutchCall.Agents.Speech;

/// <summary>How <see cref="EspeakSynthesizer"/> runs espeak-ng (Debian package <c>espeak-ng</c>).</summary>
public sealed record EspeakOptions
{
    /// <summary>The executable, looked up on PATH. Default: <c>espeak-ng</c>.</summary>
    public string Executable { get; init; } = "espeak-ng";

    /// <summary>Voice when the caller passes none (<c>-v</c>, e.g. <c>en-us</c>, <c>en-gb+f3</c>). Default: <c>en-us</c>.</summary>
    public string DefaultVoice { get; init; } = "en-us";

    /// <summary>Speaking rate in words per minute (<c>-s</c>). Default: 160 (espeak-ng's own default is 175; slower is clearer on a phone line).</summary>
    public int WordsPerMinute { get; init; } = 160;

    /// <summary>Clips kept in the LRU cache, keyed by text, voice, rate and sample rate. 0 turns the cache off. Default: 64.</summary>
    public int CacheEntries { get; init; } = 64;

    /// <summary>Longest a synthesis may run before the process is killed. Default: 10 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
}
