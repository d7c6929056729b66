namespace ClutchCall.Agents.Turns;

/// <summary>The kinds of input the turn detector accepts.</summary>
public enum TurnInputKind
{
    CallerFrame,
    AgentFrame,
    AgentAudioStarted,
    AgentAudioStopped,
    CallerTranscript,
    Tick,
}

/// <summary>
/// One input to <see cref="TurnDetector.Step"/>. Time is explicit: <see cref="AtMs"/> is media time in milliseconds
/// (the start of the frame for frames), never the wall clock, and must not decrease.
/// </summary>
public readonly record struct TurnInput
{
    private TurnInput(TurnInputKind kind, long atMs, int durationMs, bool isSpeech, double levelDbfs, string? text, bool isFinal)
    {
        Kind = kind;
        AtMs = atMs;
        DurationMs = durationMs;
        IsSpeech = isSpeech;
        LevelDbfs = levelDbfs;
        Text = text;
        IsFinal = isFinal;
    }

    public TurnInputKind Kind { get; }
    public long AtMs { get; }
    public int DurationMs { get; }
    public bool IsSpeech { get; }
    public double LevelDbfs { get; }
    public string? Text { get; }
    public bool IsFinal { get; }

    /// <summary>The media time this input brings the detector to: the end of a frame, else <see cref="AtMs"/>.</summary>
    public long EndMs => AtMs + DurationMs;

    /// <summary>A caller frame with its VAD verdict (see <see cref="EnergyVad"/>).</summary>
    public static TurnInput CallerFrame(long atMs, int durationMs, bool isSpeech, double levelDbfs) =>
        new(TurnInputKind.CallerFrame, atMs, RequirePositive(durationMs), isSpeech, levelDbfs, null, false);

    /// <summary>A frame of agent audio as it is played to the caller; only its level matters (for the mic guard).</summary>
    public static TurnInput AgentFrame(long atMs, int durationMs, double levelDbfs) =>
        new(TurnInputKind.AgentFrame, atMs, RequirePositive(durationMs), false, levelDbfs, null, false);

    public static TurnInput AgentAudioStarted(long atMs) => new(TurnInputKind.AgentAudioStarted, atMs, 0, false, 0, null, false);

    public static TurnInput AgentAudioStopped(long atMs) => new(TurnInputKind.AgentAudioStopped, atMs, 0, false, 0, null, false);

    /// <summary>A transcript of the caller's current utterance so far (interim) or in full (final).</summary>
    public static TurnInput CallerTranscript(long atMs, string text, bool isFinal)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(TurnInputKind.CallerTranscript, atMs, 0, false, 0, text, isFinal);
    }

    /// <summary>Time passes with no caller audio (e.g. lost packets); silence timers advance.</summary>
    public static TurnInput Tick(long atMs) => new(TurnInputKind.Tick, atMs, 0, false, 0, null, false);

    private static int RequirePositive(int durationMs) => durationMs > 0
        ? durationMs
        : throw new ArgumentOutOfRangeException(nameof(durationMs), durationMs, "frame duration must be positive");
}
