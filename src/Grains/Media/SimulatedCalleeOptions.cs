namespace ClutchCall.Grains.Media;

/// <summary>Configuration section "Voice:SimulatedTrunk": the voice and ears of the simulated trunk's callee.</summary>
public sealed class SimulatedCalleeOptions
{
    public const string Section = "Voice:SimulatedTrunk";

    /// <summary>When set, the callee writes what it heard to <c>{sid}.wav</c> (8 kHz PCM16 mono) here when the call ends.</summary>
    public string? RecordDirectory { get; set; }

    /// <summary>What the callee says, spoken by espeak-ng once per process.</summary>
    public string Phrase { get; set; } = "Hello, this is the simulated callee speaking. I can hear you clearly. Please go ahead.";

    /// <summary>Silence between repeats of the phrase.</summary>
    public int PauseMs { get; set; } = 1000;

    /// <summary>How many seconds of per-frame heard energy the callee keeps in memory.</summary>
    public int HeardHistorySeconds { get; set; } = 30;
}
