namespace ClutchCall.Agents.Turns;

/// <summary>Where the caller is in an utterance.</summary>
public enum CallerPhase
{
    /// <summary>No caller speech pending.</summary>
    Silent,

    /// <summary>Speech heard, but less than <see cref="TurnPolicy.MinTurnSpeech"/>: not yet a turn (maybe a continuer).</summary>
    Onset,

    /// <summary><c>turn.started</c> was emitted; waiting for the trailing silence.</summary>
    InTurn,
}

/// <summary>What the caller's transcript says about the current utterance.</summary>
public enum UtteranceContent
{
    Unknown,
    Backchannel,
    Words,
}

/// <summary>
/// The whole state of one leg's turn detector: a value, so a step is a pure function and two detectors fed the same
/// inputs are equal. Times are media milliseconds.
/// </summary>
public record struct TurnState
{
    /// <summary>A time long before any input, so "time since" arithmetic cannot overflow.</summary>
    internal const long NeverMs = long.MinValue / 4;

    public static TurnState Initial => new()
    {
        NowMs = NeverMs,
        LastSpeechEndMs = NeverMs,
        AgentStoppedMs = NeverMs,
        AgentBucketStartMs = NeverMs,
        AgentPeakDbfs = -100,
        AgentPreviousPeakDbfs = -100,
    };

    /// <summary>The latest media time seen.</summary>
    public long NowMs { get; internal set; }

    public CallerPhase Caller { get; internal set; }

    /// <summary>Onset of the current caller utterance.</summary>
    public long SpeechStartMs { get; internal set; }

    /// <summary>Speech accumulated in the current utterance (pauses excluded).</summary>
    public long SpeechMs { get; internal set; }

    public long LastSpeechEndMs { get; internal set; }

    public UtteranceContent Utterance { get; internal set; }

    public bool AgentSpeaking { get; internal set; }

    public long AgentStartedMs { get; internal set; }

    public long AgentStoppedMs { get; internal set; }

    /// <summary>A barge-in is pending confirmation (the agent is paused).</summary>
    public bool BargePending { get; internal set; }

    public long BargeStartMs { get; internal set; }

    /// <summary>Caller speech accumulated since <see cref="BargeStartMs"/>.</summary>
    public long BargeSpeechMs { get; internal set; }

    /// <summary>
    /// The loudest agent frame in the current half-guard bucket. With <see cref="AgentPreviousPeakDbfs"/> it gives the
    /// loudest agent audio of the last half to whole <see cref="TurnPolicy.MicGuard"/>: the Geigel reference, kept in
    /// two values instead of a window buffer so the state stays a small value.
    /// </summary>
    public double AgentPeakDbfs { get; internal set; }

    public double AgentPreviousPeakDbfs { get; internal set; }

    public long AgentBucketStartMs { get; internal set; }
}
