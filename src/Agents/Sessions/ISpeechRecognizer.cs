namespace ClutchCall.Agents.Sessions;

/// <summary>Speech to text for text turn loops. One recognizer per call; not thread-safe.</summary>
public interface ISpeechRecognizer : IDisposable
{
    /// <summary>The PCM16 mono rate it wants, in Hz.</summary>
    int SampleRate { get; }

    /// <summary>Caller audio of the current utterance.</summary>
    void Accept(ReadOnlySpan<short> pcm);

    /// <summary>Ends the utterance and returns its text (empty when nothing was recognised); the next Accept starts a new one.</summary>
    string EndUtterance();

    /// <summary>Drops the current utterance.</summary>
    void Reset();
}

/// <summary>Text to speech for text turn loops and pre-roll prompts.</summary>
public interface ISpeechSynthesizer
{
    /// <summary>PCM16 mono at <paramref name="sampleRate"/>. Thread-safe.</summary>
    Task<short[]> SynthesizeAsync(string text, int sampleRate, string? voice, CancellationToken ct);
}
