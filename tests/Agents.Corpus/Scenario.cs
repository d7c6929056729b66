namespace ClutchCall.Agents.Corpus;

/// <summary>What a scenario tests, and so which labels it carries.</summary>
public enum ScenarioKind
{
    /// <summary>The caller says one sentence while the agent is silent. Label: where the turn ends.</summary>
    Turn,

    /// <summary>One sentence with a pause inside it: must commit once, after the end, not in the pause.</summary>
    PausedTurn,

    /// <summary>A lone continuer ("mhm") while the agent is silent: must not be a turn.</summary>
    Backchannel,

    /// <summary>The agent speaks; the caller leg holds only its echo (and noise): no barge-in, no turn.</summary>
    Echo,

    /// <summary>The caller says a continuer over the agent (with echo): no confirmed barge-in, no turn.</summary>
    BackchannelOverAgent,

    /// <summary>The caller interrupts the agent with a sentence (with echo). Labels: barge-in onset and turn end.</summary>
    BargeIn,
}

/// <summary>
/// One labelled 8 kHz scenario. The caller leg is mixed at run time: the caller's own speech, plus noise, plus the
/// echo of whatever agent audio was actually played (so a paused or cut agent stops echoing, as on a real line).
/// </summary>
public sealed record Scenario(
    string Name,
    ScenarioKind Kind,
    short[] CallerSpeech,
    short[] Noise,
    short[]? AgentClip,
    int AgentStartMs,
    int EchoDelayMs,
    double EchoGainDb,
    int? TurnEndMs,
    int? BargeAtMs)
{
    /// <summary>What the caller says, for runs that feed transcripts (as a recogniser would, after the speech ends).</summary>
    public string? CallerText { get; init; }

    /// <summary>Where the caller's speech ends (ms), whether or not it is a turn.</summary>
    public int CallerSpeechEndMs { get; init; }

    /// <summary>The rate of every track; the corpus is built at 8 kHz and resampled for wideband runs.</summary>
    public int SampleRate { get; init; } = ClipSynthesizer.SampleRate;

    public int DurationMs => (int)(CallerSpeech.LongLength * 1000 / SampleRate);
}
